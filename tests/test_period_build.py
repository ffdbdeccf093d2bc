"""The Sơn La 2026–2028 mid-term edition built end to end from the three years typed into the
workbook (tests/midterm.py; figures worked out in test_period_midterm.py), published at
son-la/2026-2028/ with its báo cáo (Word, PDF), its chapter and its own table of contents."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from midterm import midterm_data

from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.pipeline.build import build_edition

PROJECT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def text_of(page: Path) -> str:
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
    return " ".join(article.get_text(" ").split())


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("period-build")
    data = midterm_data(root)
    request = BuildRequest.of_period("son-la", "2026-2028", fmt="html")
    return build_edition(request, ProjectPaths.resolve(PROJECT, data, root / "_build"), say=str)


def test_the_midterm_edition_is_published_beside_the_annual_ones(edition):
    assert edition.parts[-2:] == ("son-la", "2026-2028")
    pages = sorted(p.name for p in (edition / "notebooks").glob("*.html"))
    assert pages == ["bao-cao-giai-doan.html", "so-lieu-giai-doan.html"]  # no annual chapter
    report = text_of(edition / "notebooks" / "bao-cao-giai-doan.html")
    assert "Sơ kết thực hiện Chương trình khuyến công giai đoạn 2026–2028" in report
    # 12 = 3 + 5 + 4 machinery establishments, 92,3% of the 13 planned to 2028
    assert "12 cơ sở" in report and "92,3%" in report and "52,2%" in report
    chapter = text_of(edition / "notebooks" / "so-lieu-giai-doan.html")
    assert "13.596" in chapter and "Giai đoạn 2016–2020" in chapter


def test_its_report_files(edition):
    docx = edition / "son-la-2026-2028-bao-cao.docx"
    assert docx.is_file() and (edition / "son-la-2026-2028-bao-cao.pdf").is_file()
    body = " ".join(p.text for p in Document(str(docx)).paragraphs)
    assert "V. KIẾN NGHỊ" in body and "III. BÀI HỌC KINH NGHIỆM" in body
    assert "phương hướng, nhiệm vụ giai đoạn 2029–2030" in body


def test_no_empty_heading_column_or_tool_word(edition):
    from test_no_filler import SOFTWARE, empty_columns, headings_problems

    for page in sorted((edition / "notebooks").glob("*.html")):
        article = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article")
        assert headings_problems(article) == [], page.name
        assert all(not empty_columns(t) for t in article.find_all("table")), page.name
        text = article.get_text(" ").lower()
        assert not [w for w in SOFTWARE if w.lower() in text], page.name
        links = article.find_parent("html").select("a.kc-report-link")
        assert {a["href"].rsplit("/", 1)[-1] for a in links} == {
            "son-la-2026-2028-bao-cao.docx",
            "son-la-2026-2028-bao-cao.pdf",
        }
