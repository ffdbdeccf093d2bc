"""The printed edition as a reader sees it: its text, paper, fonts and pages (poppler-utils).

One edition (Sơn La 2025, HTML + PDF) is built once, from a copy of data/ whose 2025 text has
one more limitation carrying markup; tests/test_browser.py reads the same build.
The README's pictures of these pages are taken by tools/screenshots.py (`make screenshots`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from khuyencong.core.edition import Edition
from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.errors import RenderError
from khuyencong.figures.formatting import vn_long_date
from khuyencong.outputs.book import compile_catalogues, render_edition
from khuyencong.outputs.book_pdf import compile_pdf, tex_escape
from khuyencong.pipeline.build import build_edition

PROJECT = Path(__file__).resolve().parents[1]
TOOLS = ("xelatex", "latexmk", "pdftotext", "pdfinfo", "pdffonts", "pdftoppm", "pdfimages")
# Authored text with HTML and LaTeX in it: both must print as the characters typed (a bare
# "%": a figure such as "100%" in prose is refused by the data contract).
MARKUP = r"Hạn chế thử nghiệm <script>alert(1)</script> và \textbf{x} % & #1"


def needs_edition(test):
    """A test that reads the built edition: slow, and needs TeX Live and poppler-utils."""
    return pytest.mark.slow(pytest.mark.requires_tools(*TOOLS)(test))


_BUILT: dict[str, Path] = {}


def reader_edition(tmp_path_factory) -> Path:
    """The published folder of Sơn La 2025 with its PDF, built once per test session."""
    if "site" not in _BUILT:
        root = tmp_path_factory.mktemp("reader-edition")
        data = root / "data"
        shutil.copytree(PROJECT / "data", data)
        texts = data / "texts" / "son-la" / "2025.yaml"
        doc = yaml.safe_load(texts.read_text(encoding="utf-8"))
        doc["limitations"].append(MARKUP)
        texts.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
        # Built by the command in its own process: the browser tests call this while Playwright's
        # event loop runs in this one, and the build forks its chapter workers.
        cli = Path(sys.executable).with_name("khuyencong")
        out = root / "_build"
        cmd = [str(cli), "build", "--province", "son-la", "--year", "2025"]
        cmd += ["--data-dir", str(data), "--out", str(out), "--jobs", "2"]
        proc = subprocess.run(cmd, cwd=PROJECT, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        _BUILT["site"] = out / "site" / "son-la" / "2025"
    return _BUILT["site"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return reader_edition(tmp_path_factory)


@pytest.fixture(scope="module")
def pdf(site) -> Path:
    path = site / "son-la-2025.pdf"
    assert path.exists(), sorted(p.name for p in site.iterdir())
    return path


def run(*cmd: object) -> str:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=True).stdout


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return nfc(run("pdftotext", "-enc", "UTF-8", pdf, "-"))


@needs_edition
def test_pdf_has_the_edition_figures_with_vietnamese_diacritics(text):
    flat = " ".join(text.split())
    for expected in (
        "Sơn La",
        "khuyến công",
        "25.965",
        "1.905",
        "84,3%",
        "Mục lục",
        "Bảng",
        "Hình",
        "Chương 1",
        "Phụ lục A",
        "UBND TỈNH SƠN LA",
        "SỞ CÔNG THƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Công tác khuyến công tỉnh Sơn La năm 2025",
    ):
        assert nfc(expected) in flat, expected


@needs_edition
def test_no_english_left_from_the_toolchain(text):
    for english in ("Contents", "Chapter", "Fig.", "Table ", "Index", "Release", "continued"):
        assert english not in text, english


@needs_edition
def test_a4_paper(pdf):
    info = run("pdfinfo", pdf)
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert abs(w - 595) <= 1 and abs(h - 842) <= 1, info
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 10


@needs_edition
def test_every_font_embedded_body_in_termes_charts_in_dejavu(pdf):
    rows = [ln for ln in run("pdffonts", pdf).splitlines()[2:] if ln.strip()]
    assert rows
    for row in rows:
        # ... emb sub uni object ID: names may overrun their column, so count from the right
        assert row.split()[-5] == "yes", row
    names = " ".join(r.split()[0] for r in rows)
    assert "TeXGyreTermes-Regular" in names and "TeXGyreTermes-Bold" in names
    assert "DejaVuSans" in names  # chart labels: vector text in the embedded chart font


@needs_edition
def test_charts_are_vector_graphics(pdf):
    images = run("pdfimages", "-list", pdf).splitlines()[2:]
    assert [ln for ln in images if ln.strip()] == []


def words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points for one page."""
    html = run("pdftotext", "-bbox", "-f", page, "-l", page, pdf, "-")
    soup = BeautifulSoup(html, "html.parser")
    return [
        (w.get_text(), *(float(w[k]) for k in ("xmin", "ymin", "xmax", "ymax")))
        for w in soup.find_all("word")
    ]


def report_pages(pdf: Path, site: Path) -> range:
    """The book's pages that are the report's own PDF pages (its first page has "Kính gửi")."""
    count = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", site / "son-la-2025-bao-cao.pdf"))[1])
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf))[1])
    for page in range(2, pages + 1):
        if "Kính gửi" in run("pdftotext", "-f", page, "-l", page, "-enc", "UTF-8", pdf, "-"):
            return range(page, page + count)
    raise AssertionError("báo cáo không có trong bản in")


@needs_edition
def test_printed_book_is_the_report_as_signed_and_the_analysis_only(pdf, site, text):
    """The report's pages are those of its own PDF; the technical annex (reconciliation,
    method, workflow, data contract, sources) and every file name, command or source id
    stay out of the printed book."""
    book = "".join(text.split())
    printed = nfc(run("pdftotext", "-enc", "UTF-8", site / "son-la-2025-bao-cao.pdf", "-"))
    lines = [ln for ln in printed.splitlines() if len(ln.strip()) > 30]
    assert lines and all("".join(ln.split()) in book for ln in lines)
    flat = " ".join(text.split())
    for developer in (".csv", ".yaml", ".ipynb", "khuyencong", "seed-", "texts/", "--province"):
        assert developer not in flat, developer
    for technical in ("Đối soát số liệu", "Hợp đồng dữ liệu", "Quy trình hằng năm", "Mã nguồn"):
        assert technical not in flat, technical


@needs_edition
def test_margins_and_page_numbers_of_decree_30(pdf, site):
    mm = 72 / 25.4
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf)).group(1))
    first = words(pdf, 1)
    assert not [w for w in first if w[0] == "1" and w[2] < 25 * mm], "số trang ở trang bìa"
    centre = (30 * mm + (595.28 - 20 * mm)) / 2
    report = report_pages(pdf, site)  # the report's own pages, margins and numbers (NĐ 30)
    for page in (p for p in range(2, pages + 1) if p not in report):
        ws = words(pdf, page)
        number = [w for w in ws if w[0] == str(page) and w[4] < 25 * mm]
        assert number, f"trang {page}: không có số trang ở lề trên"
        assert abs((number[0][1] + number[0][3]) / 2 - centre) < 3, f"trang {page}: số trang lệch"
        body = [w for w in ws if w not in number]
        # Left margin 30 mm, right margin 20 mm: nothing (wide tables included) runs over.
        assert min(w[1] for w in body) >= 30 * mm - 1, f"trang {page}: lấn lề trái"
        assert max(w[3] for w in body) <= 595.28 - 20 * mm + 1, f"trang {page}: lấn lề phải"
        # Bottom margin 20 mm, measured at the baseline (a word's box includes its descent).
        baseline = max(w[4] - 0.22 * (w[4] - w[2]) for w in body)
        assert baseline <= 841.89 - 20 * mm + 1, f"trang {page}: lấn lề dưới"


@needs_edition
def test_no_blank_page(pdf, tmp_path):
    run("pdftoppm", "-r", "30", "-png", pdf, tmp_path / "p")
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) > 10
    for png in pngs:
        lo, _hi = Image.open(png).convert("L").getextrema()
        assert lo < 200, f"{png.name} trắng"


@needs_edition
def test_authored_markup_prints_as_typed(text):
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat
    assert r"\textbf{x}" in flat and "x} % & #1" in flat


@needs_edition
def test_web_pages_link_to_the_pdf_relatively(site, pdf):
    pages = [*site.glob("*.html"), *site.glob("*/*.html")]
    linked = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a.kc-pdf-link"):
            href = a["href"]
            assert not href.startswith(("/", "http:", "https:")), (page.name, href)
            assert (page.parent / href).resolve() == pdf.resolve(), (page.name, href)
            linked += 1
    assert linked >= len(pages) - 1  # every page but the redirecting index.html


@needs_edition
def test_web_pages_use_the_projects_wording_over_the_themes(site):
    # locale/vi/LC_MESSAGES/booktheme.po: "Fullscreen mode" -> "Toàn màn hình" and
    # "By" -> "Cơ quan:", where the theme's own catalogue says "Chế độ toàn màn hình"
    # and "Bởi" (khuyencong.outputs.catalogue loads before the theme).
    page = site / "notebooks" / "tong-quan.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("button.btn-fullscreen-button")["title"] == "Toàn màn hình"
    author = soup.select_one("p.component-author")
    assert author is not None and author.get_text(" ", strip=True).startswith("Cơ quan: ")


@needs_edition
def test_chapter_one_starts_a_page_of_its_own(text):
    # "Chương 1" alone on a line: the numbered part's first chapter heading (tools/screenshots.py
    # pictures that page for the README)
    pages = text.split("\f")
    starts = [i for i, p in enumerate(pages, 1) if re.search(r"^\s*Chương 1\s*$", p, re.M)]
    assert len(starts) == 1 and starts[0] > 2, starts  # after the title page and the contents


# --- the build's guarantees, without a full build


@pytest.mark.slow
@pytest.mark.requires_tools("xelatex", "latexmk")
def test_latex_error_is_reported_with_its_line(tmp_path):
    (tmp_path / "hong.tex").write_text(
        "\\documentclass{article}\n\\begin{document}\nChữ\n\\lenhkhongco\n\\end{document}\n",
        encoding="utf-8",
    )
    with pytest.raises(RenderError) as err:
        compile_pdf(tmp_path, "hong")
    message = str(err.value)
    assert "Undefined control sequence" in message and "l.4" in message, message


def test_nothing_published_unless_html_and_pdf_both_succeed(tmp_path, monkeypatch):
    import khuyencong.outputs.book as render
    import khuyencong.pipeline.build as build

    site = tmp_path / "fake-html"
    site.mkdir()
    (site / "index.html").write_text("mới", encoding="utf-8")
    published = tmp_path / "_build" / "site" / "son-la" / "2025"
    published.mkdir(parents=True)
    (published / "index.html").write_text("cũ", encoding="utf-8")

    def failing_pdf(latex_dir, name):
        raise RenderError("XeLaTeX không dựng được bản PDF: ! Undefined control sequence.")

    monkeypatch.setattr(build, "execute_all", lambda *a, **k: [])
    monkeypatch.setattr(build, "make_report", lambda *a: [None, None])  # no LibreOffice here
    monkeypatch.setattr(render, "jupyter_book", lambda staging, builder="html": site)
    monkeypatch.setattr(render, "latex_sources", lambda staging, name, pdf: tmp_path)
    monkeypatch.setattr(render, "share_doctrees", lambda staging: None)
    monkeypatch.setattr(render, "compile_pdf", failing_pdf)
    with pytest.raises(RenderError):
        build_edition(
            BuildRequest.of("son-la", 2025),
            ProjectPaths.resolve(PROJECT, out_root=tmp_path / "_build"),
            say=lambda s: None,
        )
    assert (published / "index.html").read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in published.iterdir()) == ["index.html"]


def test_format_pdf_replaces_only_the_pdf(tmp_path, monkeypatch):
    import khuyencong.outputs.book as render

    paths = ProjectPaths.resolve(PROJECT, out_root=tmp_path).of(Edition("son-la", 2025))
    staging, published = paths.staging, paths.published  # <tmp>/staging|site/son-la/2025
    (staging / "_build").mkdir(parents=True)
    published.mkdir(parents=True)
    (published / "index.html").write_text("trang web", encoding="utf-8")
    (published / "son-la-2025.pdf").write_bytes(b"%PDF cu")
    new_pdf = tmp_path / "son-la-2025.pdf"
    new_pdf.write_bytes(b"%PDF moi")
    monkeypatch.setattr(render, "printed_book", lambda staging, name, report_pdf=None: new_pdf)
    monkeypatch.setattr(render, "jupyter_book", lambda *a, **k: pytest.fail("HTML built"))
    built = render_edition(paths, "pdf", say=lambda s: None)
    assert (built / "index.html").read_text(encoding="utf-8") == "trang web"
    assert (built / "son-la-2025.pdf").read_bytes() == b"%PDF moi"


def test_catalogues_compile_and_cover_the_project_templates(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(PROJECT / "locale", locale)
    written = {p.name for p in compile_catalogues(locale)}
    assert {"sphinx.mo", "sphinx.js", "booktheme.mo"} <= written
    js = (locale / "vi" / "LC_MESSAGES" / "sphinx.js").read_text(encoding="utf-8")
    assert "Search Results" in js and "K\\u1ebft qu\\u1ea3 t\\u00ecm ki\\u1ebfm" in js

    import gettext

    catalogue = gettext.translation("sphinx", str(locale), ["vi"])
    used = set()
    for template in (PROJECT / "book" / "_templates").glob("*.html"):
        used |= set(re.findall(r"_\('([^']+)'\)", template.read_text(encoding="utf-8")))
    assert used
    for msgid in used:
        assert catalogue.gettext(msgid) != msgid, msgid


def test_latex_helpers():
    assert tex_escape(r"50% & \textbf{x} ~ <b>") == (
        r"50\% \& \textbackslash{}textbf\{x\} \textasciitilde{} \textless{}b\textgreater{}"
    )
    from datetime import date

    assert vn_long_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert vn_long_date(date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"
