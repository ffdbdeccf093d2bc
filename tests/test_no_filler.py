"""Every built output (web pages, book PDF, report) without filler: no heading followed
directly by a heading of the same or a higher level, no figure without data, no table
column empty in every row, no software vocabulary in what a reader sees.

Reads the edition built once for tests/test_pdf.py (Sơn La 2025, HTML + PDF + report).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from test_pdf import reader_edition  # noqa: E402  (the same build, made once)

pytestmark = pytest.mark.slow

EMPTY = ("", "—", "-", "–", "\\-")
CONTENT = ("p", "table", "figure", "img", "ul", "ol", "dl", "pre", "blockquote", "div")
# A template sentence printed with its facts missing: "— được phê duyệt tại —", "là —".
TEMPLATE_GAP = re.compile(r"— (?:được|với|nội dung)|(?:là|tại|đoạn|gồm) —")
SOFTWARE = ("dựng sách", "nguồn sự thật", "Cuốn sách này", "notebook", "papermill")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return reader_edition(tmp_path_factory)


def pages(site: Path) -> list[Path]:
    return sorted([*site.glob("notebooks/*.html"), *site.glob("book/*.html")])


def headings_problems(article) -> list[str]:
    """Headings whose next element in reading order is a heading of the same or higher level
    (or nothing at all)."""
    sequence = []
    for el in article.find_all(True):
        if el.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            sequence.append((int(el.name[1]), el.get_text(" ", strip=True)))
        elif (el.name in CONTENT and el.get_text(strip=True) or el.name == "img") and not (
            el.find_parent(["h1", "h2", "h3", "h4", "h5", "h6"])
        ):
            sequence.append((0, ""))
    bad = []
    for (level, text), nxt in zip(sequence, [*sequence[1:], (1, "(hết trang)")], strict=True):
        if level and nxt[0] and nxt[0] <= level:
            bad.append(f"{text!r} rồi {nxt[1]!r}")
    return bad


def empty_columns(table) -> list[int]:
    rows = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
        for tr in table.select("tbody tr")
    ]
    if not rows or len({len(r) for r in rows}) != 1:
        return []
    return [i for i in range(len(rows[0])) if all(r[i] in EMPTY for r in rows)]


def test_web_pages_have_no_empty_heading_column_or_figure(site):
    problems = []
    for page in pages(site):
        article = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article")
        problems += [f"{page.name}: {p}" for p in headings_problems(article)]
        for table in article.find_all("table"):
            if cols := empty_columns(table):
                problems.append(f"{page.name}: cột trống {cols} trong bảng {table.get('id')}")
        for fig in article.find_all("figure"):
            if fig.find("img") is None and fig.find("table") is None:
                problems.append(f"{page.name}: hình không có dữ liệu")
        text = article.get_text(" ")
        problems += [f"{page.name}: {w!r}" for w in SOFTWARE if w.lower() in text.lower()]
        if "Không có dữ liệu" in text:
            problems.append(f"{page.name}: 'Không có dữ liệu'")
        problems += [
            f"{page.name}: {m[0]!r}" for m in TEMPLATE_GAP.finditer(" ".join(text.split()))
        ]
    assert problems == []


def test_every_page_links_to_the_report(site):
    docx, pdf = site / "son-la-2025-bao-cao.docx", site / "son-la-2025-bao-cao.pdf"
    assert docx.is_file() and pdf.is_file()
    for page in pages(site):
        links = BeautifulSoup(page.read_text("utf-8"), "html.parser").select("a.kc-report-link")
        targets = {(page.parent / a["href"]).resolve() for a in links}
        assert targets == {docx.resolve(), pdf.resolve()}, page.name


def test_the_web_edition_opens_on_the_report(site):
    index = (site / "index.html").read_text("utf-8")
    assert "notebooks/bao-cao.html" in index
    text = BeautifulSoup((site / "notebooks" / "bao-cao.html").read_text("utf-8"), "html.parser")
    flat = " ".join(text.select_one("article").get_text(" ").split())
    for part in (
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
        "IV. KIẾN NGHỊ",
        "Kính gửi",
        "Nơi nhận",
        "1.905",
        "06 nhiệm vụ với kinh phí 1.605 triệu đồng",
        "DỰ THẢO",
        "Cần điền trước khi ký",  # the panel of what to enter, beside the draft mark
    ):
        assert part in flat, part
    assert "84,3%" not in flat  # seed 000 states no disbursement rate


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_book_pdf_has_no_filler_and_no_software_vocabulary(site):
    flat = " ".join(pdf_text(site / "son-la-2025.pdf").split())
    for word in ("dựng sách", "nguồn sự thật", "Cuốn sách này", "Không có dữ liệu"):
        assert word not in flat, word
    assert "Tiến độ so với mục tiêu cả giai đoạn" not in flat  # 2025: no programme covers it


def test_report_outputs_have_no_tool_words_and_no_build_date(site):
    from datetime import date

    doc = Document(str(site / "son-la-2025-bao-cao.docx"))
    for text in (
        " ".join(p.text for p in doc.paragraphs),
        pdf_text(site / "son-la-2025-bao-cao.pdf"),
    ):
        flat = " ".join(text.split())
        for word in (*SOFTWARE, "biên soạn", "Jupyter", "Python"):
            assert word.lower() not in flat.lower(), word
        today = date.today()
        assert f"{today.day}/{today.month}/{today.year}" not in flat
        assert f"ngày {today.day:02d} tháng" not in flat
