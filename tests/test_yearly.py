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

from khuyencong.core.request import ProjectPaths, PublishRequest
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
    where = ProjectPaths.resolve(PROJECT, data, root / "_build")
    publish_all(where, PublishRequest(fmt="html"), say=lambda s: None)
    return root / "_build" / "site"


def test_2026_figures(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "tong-quan.html")
    # Allocated 300 + 2.075 = 2.375; spent 300 + 1.755 = 2.055; 2055 / 2375 = 86,53%
    assert "2.375 triệu đồng" in text and "2.055 triệu đồng" in text and "86,5%" in text


def test_2026_actual_versus_plan_by_source(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "ket-qua.html")
    assert "Thực hiện so với kế hoạch năm 2026" in text
    # Trademarks (local): planned 10, done 8 -> 80,0%; display room: planned 1, done 0 -> 0,0%
    assert "80,0%" in text and "0,0%" in text
    assert "Tiến độ thực hiện chương trình đến hết năm 2026" in text


def test_2026_compared_with_2025(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "ket-qua.html")
    assert "So sánh năm 2026 với năm 2025" in text
    # 2025 allocated 1.905 -> 2026 2.375: (2375 - 1905) / 1905 = +24,67%
    assert "1.905" in text and "tăng 24,7%" in text


def test_2027_priorities_carry_the_shortfalls(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "nhiem-vu.html")
    # Trademarks: 2 short + 10 planned for 2027 = 12; display room: 1 short + 1 planned = 2.
    assert "Xây dựng và đăng ký nhãn hiệu".lower() in text.lower()
    assert "Khuyến công địa phương Nhãn hiệu 10 2 12" in text
    assert "Phòng 1 1 2" in text
    assert "0,5" not in text


def test_2026_reconciliation_checks_its_own_year(site):
    page25 = text_of(site / "son-la" / "2025" / "notebooks" / "doi-soat.html")
    page26 = text_of(site / "son-la" / "2026" / "notebooks" / "doi-soat.html")
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
    # Seed 002's province: its review of "the past years" is a period edition, never an
    # annual "báo cáo năm 2020" (a multi-year source is not an annual report).
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in home.find_all("a")}
    assert "tinh-khuyet-danh-002/truoc-2021/index.html" in links
    assert not any(h.startswith("tinh-khuyet-danh-002/2020") for h in links)
    assert "Một tỉnh không được nêu tên" in [h.get_text() for h in home.find_all("h2")]
    folder = site / "tinh-khuyet-danh-002" / "truoc-2021" / "notebooks"
    report = text_of(folder / "bao-cao-giai-doan.html")
    # Seed 002: 188 projects with 9 districts, 146 of them machinery and technology transfer.
    assert "188 đề án" in report and "146 đề án" in report and "UBND 9 huyện" in report
    assert "UBND TỈNH …" in report and "MỘT TỈNH" not in report.upper()
    for page in ("bao-cao-giai-doan", "so-lieu-giai-doan"):
        text = text_of(folder / f"{page}.html")
        assert "Sơn La" not in text and "không được nêu tên" not in text, page


def test_period_editions_are_listed_beside_the_annual_ones(site):
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    son_la = [li.a.get_text() for li in home.find_all("ul")[0].find_all("li")]
    assert son_la == ["Báo cáo năm 2026", "Báo cáo năm 2025", "Báo cáo giai đoạn 2016–2020"]
    folder = site / "son-la" / "2016-2020"
    assert (folder / "son-la-2016-2020-bao-cao.docx").is_file()
    report = text_of(folder / "notebooks" / "bao-cao-giai-doan.html")
    for expected in (
        "hơn 7,7 tỷ đồng",
        "230 lao động",
        "150 cán bộ",
        "16 cơ sở",
        "28 sản phẩm",
        "02 lần bình chọn",
        "hơn 18,5 tỷ đồng",
        "20,3%",
        "3,8%/năm",
    ):
        assert expected in report, expected
