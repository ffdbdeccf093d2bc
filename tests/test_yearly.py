"""The yearly workflow end to end: 2026 entered through the Excel template, imported,
built next to 2025, and both published with a home page.

Expected figures are computed here from the values typed into the workbook
(filling.fill_2026) and the 2026 row of the programme's appendix (seed 003).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from filling import fill_2026, funding_rows, set_rows
from openpyxl import load_workbook

from khuyencong.core.request import ProjectPaths
from khuyencong.inputs.workbook import write_template
from khuyencong.pipeline.importing import import_workbook
from khuyencong.pipeline.site import publish_all

PROJECT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def text_of(page: Path) -> str:
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("article")
    return " ".join(article.get_text(" ").split())


# The 2026 plan (seed 003) done as planned, except 8 of 10 trademarks (with a note) and the
# one display room (not done). Local budgets: 600 + 150 + 100 + 100 + 280 + 175 + 200 + 50 + 100
# = 1.755 = local disbursed; national: 300 = 300. Tasks: 1 + 8 = 9 = the 9 distinct activities
# listed (machinery has two rows, one per source).
RESULTS_2026 = [
    ("may-moc-thiet-bi", "national", 1, "cơ sở", 300, None),
    ("may-moc-thiet-bi", "local", 2, "cơ sở", 600, None),
    ("trung-bay-tai-co-so-cap-tinh", "local", 5, "cơ sở", 150, None),
    ("ho-tro-tham-gia-hoi-cho", "local", 1, "hội chợ", 100, None),
    ("tham-gia-hoi-cho-quang-ba", "local", 1, "hội chợ", 100, None),
    ("nhan-hieu", "local", 8, "nhãn hiệu", 280, "Hai nhãn hiệu chưa hoàn thành hồ sơ."),
    ("thiet-ke-mau-ma-bao-bi", "local", 5, "Cơ sở", 175, None),
    ("tuyen-truyen-nang-luong", "local", 4, "hội nghị", 200, None),
    ("tham-du-hoi-nghi-tap-huan", "local", 1, "lượt", 50, None),
    ("kiem-tra-giam-sat", "local", 1, "xã/phường", 100, None),
]


def fill_2026_by_source(path: Path) -> None:
    wb = load_workbook(path)
    set_rows(wb["Kinh phí"], funding_rows(("national", 300, 300, 1), ("local", 2075, 1755, 8)))
    keys = ("activity", "fund_source", "quantity", "unit", "budget", "note")
    set_rows(
        wb["Kết quả"],
        [
            dict(zip(keys, r, strict=True)) | {"qualifier": "exact", "source_id": "authored"}
            for r in RESULTS_2026
        ],
    )
    wb.save(path)


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
    # The display room not done and not explained: flagged (a note is no explanation).
    assert "thực hiện 0/1 phòng, thấp hơn kế hoạch 1 phòng, chưa có giải trình" in page26


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
