"""The yearly workflow end to end: 2026 entered through the Excel template, imported,
built next to 2025, and both published with a home page.

Expected figures are computed here from the values typed into the workbook
(test_workbook.fill_2026) and the 2026 row of the programme's appendix (seed 003).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_workbook import fill_2026

from khuyencong.site import publish_all
from khuyencong.workbook import import_workbook, write_template

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
    import_workbook(workbook, data)
    publish_all(PROJECT, data, root / "_build", fmt="html", say=lambda s: None)
    return root / "_build" / "site"


def test_2026_figures(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "01_tong_quan.html")
    # Allocated 300 + 2.000 = 2.300; spent 250 + 1.800 = 2.050; 2050 / 2300 = 89,13%; tasks 1 + 5 = 6
    assert "2.300 triệu đồng" in text and "2.050 triệu đồng" in text and "89,1%" in text


def test_2026_actual_versus_plan(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "02_ket_qua.html")
    assert "Thực hiện so với kế hoạch năm 2026" in text
    # Machinery: planned 1 (national) + 2 (local) = 3, done 2 -> 66,7%; trademarks: planned 10, done 8 -> 80,0%
    assert "66,7%" in text and "80,0%" in text
    # Progress toward the five-year target of 23 machinery beneficiaries: 2 done, 21 remain, 21/4 = 5,25 a year
    assert "Tiến độ thực hiện chương trình đến hết năm 2026" in text
    assert "5,25" in text


def test_2026_compared_with_2025(site):
    text = text_of(site / "son-la" / "2026" / "notebooks" / "02_ket_qua.html")
    assert "So sánh năm 2026 với năm 2025" in text
    # 2025 allocated 1.905 -> 2026 2.300: (2300 - 1905) / 1905 = +20,7%
    assert "1.905" in text and "tăng 20,7%" in text


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
