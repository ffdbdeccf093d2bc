"""The yearly workflow end to end: 2026 entered through the Excel template, imported,
built next to 2025, and both published with a home page.

Expected figures are computed here from the values typed into the workbook
(filling.fill_2026) and the 2026 row of the programme's appendix (seed 003).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from filling import fill_2026, fill_2026_by_source

from khuyencong.core.request import ProjectPaths
from khuyencong.inputs.workbook import write_template
from khuyencong.pipeline.importing import import_workbook
from khuyencong.pipeline.site import publish_all

PROJECT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def text_of(page: Path) -> str:
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
    return " ".join(article.get_text(" ").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("yearly")
    data = root / "data"
    shutil.copytree(PROJECT / "data", data)
    workbook, _ = write_template(data, "son-la", 2026, root / "son-la-2026.xlsx")
    fill_2026(workbook)
    fill_2026_by_source(workbook)
    import_workbook(workbook, data)
    publish_all(
        ProjectPaths.resolve(PROJECT, data, root / "_build"), fmt="html", say=lambda s: None
    )
    return root / "_build" / "site"


def test_2026_figures(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "01_tong_quan.html")
    # Allocated 300 + 2.075 = 2.375; spent 300 + 1.755 = 2.055; 2055 / 2375 = 86,53%
    assert "2.375 triệu đồng" in text and "2.055 triệu đồng" in text and "86,5%" in text


def test_2026_actual_versus_plan_by_source(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "02_ket_qua.html")
    assert "Thực hiện so với kế hoạch năm 2026" in text
    # Trademarks (local): planned 10, done 8 -> 80,0%; display room: planned 1, done 0 -> 0,0%
    assert "80,0%" in text and "0,0%" in text
    assert "Tiến độ thực hiện chương trình đến hết năm 2026" in text


def test_2026_compared_with_2025(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "02_ket_qua.html")
    assert "So sánh năm 2026 với năm 2025" in text
    # 2025 allocated 1.905 -> 2026 2.375: (2375 - 1905) / 1905 = +24,67%
    assert "1.905" in text and "tăng 24,7%" in text


def test_2027_priorities_carry_the_shortfalls(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "04_nhiem_vu.html")
    # Trademarks: 2 short + 10 planned for 2027 = 12; display room: 1 short + 1 planned = 2.
    assert "Xây dựng và đăng ký nhãn hiệu".lower() in text.lower()
    assert "Khuyến công địa phương Nhãn hiệu 10 2 12" in text
    assert "Phòng 1 1 2" in text
    assert "0,5" not in text


def test_2026_reconciliation_checks_its_own_year(site):
    page25 = text_of(site / "son-la" / "2025" / "notebooks" / "08_doi_soat.html")
    page26 = text_of(site / "son-la" / "2026" / "notebooks" / "08_doi_soat.html")
    assert page25 != page26
    # Budgets by source add up (300 = 300; 1.755 = 1.755); tasks 9 = 9 listed activities.
    assert "kinh phí đã thực hiện 1.755 triệu đồng" in page26
    assert "Kinh phí ghi 9 nhiệm vụ; bảng kết quả liệt kê 9 nội dung." in page26
    # The display room not done and not explained: flagged.
    assert "thực hiện 0/1 phòng, thấp hơn kế hoạch 1 phòng, chưa có ghi chú giải thích" in page26


def test_home_page_links_both_editions(site):
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in home.find_all("a")}
    assert {"son-la/2025/index.html", "son-la/2026/index.html"} <= links
    for href in links:
        assert not href.startswith(("/", "http")), href  # relative: works under any base path
        assert (site / href).exists(), href
    # Each edition keeps its own assets.
    assert (site / "son-la" / "2025" / "_static").is_dir() and (
        site / "son-la" / "2026" / "_static"
    ).is_dir()


def test_unnamed_province_is_published_beside_son_la(site):
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "tinh-khuyet-danh-002/2020/index.html" in {a["href"] for a in home.find_all("a")}
    results = text_of(site / "tinh-khuyet-danh-002" / "2020" / "notebooks" / "02_ket_qua.html")
    # Seed 002: 188 projects in all, 146 of them machinery and technology transfer.
    assert "188" in results and "146" in results
    assert "Tài liệu nguồn không nêu số liệu kinh phí khuyến công" in results
    for page in ("01_tong_quan", "02_ket_qua", "04_nhiem_vu", "08_doi_soat"):
        text = text_of(site / "tinh-khuyet-danh-002" / "2020" / "notebooks" / f"{page}.html")
        assert "Sơn La" not in text, page
    # None of Sơn La's (or the northern region's) 80 stated figures: the seed names no region.
    recon = text_of(site / "tinh-khuyet-danh-002" / "2020" / "notebooks" / "08_doi_soat.html")
    assert "đối chiếu 0 con số" in recon
