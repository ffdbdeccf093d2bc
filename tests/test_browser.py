"""The web edition in a real browser (Playwright driving the system's Chromium).

The site built by tests/test_pdf.py (Sơn La 2025, HTML + PDF) is served by http.server on
127.0.0.1 under a sub-path (`/son-la/2025/`), as an intranet server would. Every page of
the table of contents must load without console errors or failed requests, and nothing
may be fetched from anywhere but that server.
The README's pictures of these pages are taken by tools/screenshots.py (`make screenshots`).
"""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from PIL import Image
from test_pdf import PROJECT, TOOLS, reader_edition  # the same build, made once

from tools import find_chromium

# Chromium (found on PATH or through Playwright) plus what the PDF build needs.
pytestmark = [pytest.mark.slow, pytest.mark.requires_tools("chromium", *TOOLS)]

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Interface strings of Sphinx and the themes that must not reach a reader in English.
ENGLISH = (
    "Contents",
    "On this page",
    "Search this book",
    "Skip to main content",
    "Back to top",
    "previous page",
    "next page",
    "Toggle",
    "Color mode",
    "System Settings",
    "Link to this",
    "Fig.",
    "Table ",
    "Index",
    "Download",
    "Fullscreen",
    "Print to PDF",
)


def toc_pages() -> list[str]:
    """The HTML pages of the table of contents, in reading order."""
    toc = yaml.safe_load((PROJECT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return [f"{f}.html" for f in files]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = reader_edition(tmp_path_factory)
    root = site.parents[1]  # <out>/site, so pages are served under /son-la/2025/
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/{site.parent.name}/{site.name}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=find_chromium(), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


class Recorder:
    """Every request, console error, failed request and HTTP error of one browser context."""

    def __init__(self, context):
        self.requests: list[str] = []
        self.problems: list[str] = []
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("requestfailed", self._failed)
        context.on(
            "response",
            lambda r: (
                self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
            ),
        )

    def _failed(self, request) -> None:
        # A request cut short because the test moved on to the next page (Chromium asks for
        # the favicon late) is not a fault; a missing file shows up as an HTTP error instead.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} ({request.failure})")

    def _console(self, message) -> None:
        where = (message.location or {}).get("url", "")
        # Chromium's own probe for /favicon.ico at the server root (outside the edition,
        # e.g. on the redirecting index.html) is not a request of the site.
        if message.type == "error" and urlparse(where).path != "/favicon.ico":
            self.problems.append(f"console: {message.text} ({where})")

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))


@pytest.fixture
def session(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    recorder = Recorder(context)
    page = context.new_page()
    recorder.watch(page)
    yield page, recorder
    context.close()


def test_every_toc_page_loads_cleanly_from_this_server_only(session, base_url):
    page, rec = session
    pages = ["index.html", *toc_pages(), "search.html"]
    for name in pages:
        page.goto(base_url + name, wait_until="networkidle")
        assert page.title(), name
    assert rec.problems == []
    assert len(rec.requests) > len(pages)
    outside = [u for u in rec.requests if urlparse(u).hostname != "127.0.0.1"]
    assert outside == []


def test_interface_is_vietnamese(session, base_url):
    page, rec = session
    for name in (toc_pages()[2], "search.html"):
        page.goto(base_url + name, wait_until="networkidle")
        shown = page.evaluate(
            """() => {
              const out = [document.body.innerText];
              for (const el of document.querySelectorAll('*'))
                for (const a of ['title', 'aria-label', 'placeholder', 'alt', 'data-bs-title'])
                  if (el.getAttribute(a)) out.push(el.getAttribute(a));
              return out.join('\\n');
            }"""
        )
        for english in ENGLISH:
            assert english not in shown, (name, english)
    placeholder = page.get_attribute("input[name=q]", "placeholder")
    assert placeholder and "Tìm" in placeholder


def test_search_finds_khuyen_cong(session, base_url):
    page, rec = session
    page.goto(base_url + "search.html", wait_until="networkidle")
    box = page.locator("article input[name=q], #search-documentation input[name=q]").first
    if not box.count():
        box = page.locator("input[name=q]").last
    box.fill("khuyến công")
    box.press("Enter")
    page.wait_for_selector("ul.search li", timeout=20_000)
    page.wait_for_function(
        "() => /Đã tìm xong/.test(document.querySelector('#search-results')?.innerText || '')",
        timeout=20_000,
    )
    results = page.locator("ul.search li")
    assert results.count() >= 3
    assert "khuyến công" in " ".join(results.all_inner_texts()).lower()
    assert rec.problems == []


def test_every_chart_loads_and_has_alt_text(session, base_url):
    page, rec = session
    charts = 0
    for name in toc_pages():
        page.goto(base_url + name, wait_until="networkidle")
        images = page.evaluate(
            """() => Array.from(document.querySelectorAll('article img')).map(i => ({
                src: i.currentSrc, ok: i.complete && i.naturalWidth > 0,
                alt: (i.getAttribute('alt') || '').trim()}))"""
        )
        for img in images:
            assert img["ok"], (name, img["src"])
            assert img["alt"], (name, img["src"])
        charts += len(images)
    assert charts >= 4
    assert rec.problems == []


def test_pdf_link_downloads_the_printed_edition(session, base_url):
    page, rec = session
    for name in (toc_pages()[0], toc_pages()[3]):
        page.goto(base_url + name, wait_until="networkidle")
        link = page.locator("a.kc-pdf-link").first
        assert link.is_visible(), name
        href = link.get_attribute("href")
        assert href.endswith(".pdf") and not href.startswith(("/", "http")), href
        response = page.request.get(urljoin(page.url, href))
        assert response.status == 200
        assert response.body()[:4] == b"%PDF"
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "son-la-2025.pdf"
    assert rec.problems == []


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_are_not_blank(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url + toc_pages()[2], wait_until="networkidle")
    png = page.screenshot(full_page=False)
    context.close()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size[0] == width
    colours = image.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 16, "ảnh chụp chỉ có một màu"


def test_pages_in_toc_exist(tmp_path_factory):
    site = reader_edition(tmp_path_factory)
    for name in toc_pages():
        assert (site / name).exists(), name
    assert re.search(r"son-la-2025\.pdf", (site / "notebooks" / "bao-cao.html").read_text("utf-8"))


def test_report_page_has_no_serious_accessibility_violation(browser, base_url):
    """axe-core on the page the web edition opens on (the báo cáo) and on one chapter."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = []
    for name in ("notebooks/bao-cao.html", toc_pages()[2]):
        page.goto(base_url + name, wait_until="networkidle")
        for v in Axe().run(page).response["violations"]:
            if v["impact"] in ("serious", "critical"):
                found.append(f"{name}: {v['id']} ({v['impact']}) {v['help']}")
    context.close()
    assert found == []


def test_report_page_is_the_first_page(session, base_url):
    page, rec = session
    page.goto(base_url, wait_until="networkidle")
    assert page.url.endswith("notebooks/bao-cao.html")
    heading = page.locator("article h1").first.inner_text()
    assert heading.startswith("Báo cáo kết quả công tác khuyến công")
    links = page.locator("a.kc-report-link")
    assert links.count() >= 2
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert {h.rsplit("/", 1)[-1] for h in hrefs} == {
        "son-la-2025-bao-cao.pdf",
        "son-la-2025-bao-cao.docx",
    }
    # "BÁO CÁO" and the subject are centred, as in the Word file; the opening is not.
    title = page.locator(".kc-report-title strong", has_text="BÁO CÁO").first
    assert title.evaluate("e => getComputedStyle(e.closest('p')).textAlign") == "center"
    opening = page.locator("article p", has_text=re.compile(r"^Thực hiện")).first
    assert opening.evaluate("e => getComputedStyle(e).textAlign") != "center"
    assert rec.problems == []


def test_report_page_is_not_blank(browser, base_url):
    """The report page as it opens is not blank (tools/screenshots.py takes its picture)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    page = context.new_page()
    page.goto(base_url + "notebooks/bao-cao.html", wait_until="networkidle")
    image = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("RGB")
    context.close()
    colours = image.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 16, "ảnh chụp chỉ có một màu"
