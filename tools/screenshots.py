"""Regenerate the README's pictures in docs/screenshots/ (`make screenshots`).

Builds Sơn La 2025 into a temporary folder (or takes an edition already built, `--site
<out>/site/son-la/2025`), then writes:

- web-1280.png, web-375.png: the chapter "Kết quả đạt được" in the system's Chromium at
  1280 and 375 px;
- web-bao-cao.png: the report page as the web edition opens on it;
- pdf-chuong-1.png: the page of the printed edition where chapter 1 starts;
- bao-cao-trang-1.png: page 1 of the report's PDF.

Not a test: the tests check the same pages (tests/test_browser.py, test_pdf.py,
test_report.py); this only takes pictures of them.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]


def build(out: Path) -> Path:
    """Sơn La 2025 built by the command into `out`; its published folder."""
    cli = Path(sys.executable).with_name("khuyencong")
    cmd = [str(cli), "build", "--province", "son-la", "--year", "2025", "--out", str(out)]
    subprocess.run(cmd, cwd=PROJECT, check=True)
    return out / "site" / "son-la" / "2025"


def web_pictures(site: Path, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    from khuyencong.content.chapters.registry import chapter

    chromium = next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    shots = [
        (f"{chapter('results').page}.html", 1280, 900, "web-1280.png"),
        (f"{chapter('results').page}.html", 375, 900, "web-375.png"),
        (f"{chapter('report').page}.html", 1280, 1100, "web-bao-cao.png"),
    ]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=LAUNCH_ARGS)
            for page_name, width, height, name in shots:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(base + page_name, wait_until="networkidle")
                page.screenshot(path=str(target / name), full_page=False)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def pdf_page(pdf: Path, page: int, dpi: int, target: Path) -> None:
    """One page of a PDF as a PNG (pdftoppm, poppler-utils)."""
    cmd = ["pdftoppm", "-png", "-singlefile", "-r", str(dpi), "-f", str(page), "-l", str(page)]
    subprocess.run([*cmd, str(pdf), str(target.with_suffix(""))], check=True)


def chapter_one(pdf: Path) -> int:
    """The page number where chapter 1 starts in the printed edition."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return next(i for i, p in enumerate(pages, 1) if re.search(r"^\s*Chương 1\s*$", p, re.M))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PROJECT / "docs" / "screenshots")
    parser.add_argument("--site", type=Path, help="an edition already built (Sơn La 2025)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="khuyencong-screenshots-") as tmp:
        site = args.site or build(Path(tmp) / "_build")
        web_pictures(site, args.out)
        book = site / "son-la-2025.pdf"
        pdf_page(book, chapter_one(book), 80, args.out / "pdf-chuong-1.png")
        pdf_page(site / "son-la-2025-bao-cao.pdf", 1, 70, args.out / "bao-cao-trang-1.png")
    for name in sorted(p.name for p in args.out.glob("*.png")):
        print(args.out / name)


if __name__ == "__main__":
    main()
