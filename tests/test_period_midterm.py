"""A Sơn La 2026–2028 mid-term review (sơ kết) from three annual years typed into the workbook
and imported (tests/midterm.py), and the same period with 2027 missing.

Worked out by hand from midterm.FUNDING / midterm.RESULTS and the 2026–2030 programme's
appendix (seed 003):
- allocated: quốc gia 300 + 1.550 + 1.350 = 3.200; địa phương 2.075 + 3.563 + 4.758 = 10.396;
  total 13.596; disbursed 300 + 1.900 + 1.500 + 3.400 + 1.350 + 4.500 = 12.950; tasks
  1 + 6 + 3 + 9 + 2 + 10 = 31;
- machinery (cơ sở): (1 + 2) + (2 + 3) + (2 + 2) = 3 + 5 + 4 = 12; planned to 2028 (1 + 2) +
  (2 + 3) + (2 + 3) = 13 -> 12/13 = 92,3%; programme target 23 -> 12/23 = 52,2%;
- trademarks: 8 + 10 + 12 = 30 of 10 + 10 + 10 = 30 planned (100,0%), target 50 (60,0%);
- packaging design (cơ sở): 5 + 9 + 10 = 24 of 5 + 10 + 10 = 25 (96,0%), target 45 (53,3%);
- one provincial award round (2027, 25 products recognised) of the 1 planned to 2028 (2 in all);
- directions: the rest of the programme, 2029–2030; machinery 5 + 5 = 10 cơ sở there.
"""

from __future__ import annotations

import matplotlib
import pytest
from midterm import midterm_data

from khuyencong.content.chapters import period_series
from khuyencong.content.report import period_results as pr
from khuyencong.content.report.period import build_period_report
from khuyencong.core.edition import parse_period
from khuyencong.figures import period as fp
from khuyencong.inputs.dataset import load_dataset

# Three years typed into workbooks and imported: slow tier.
pytestmark = pytest.mark.slow

matplotlib.use("Agg")
MID = parse_period("2026-2028")


def flat(lines) -> str:
    return " ".join(" ".join(lines).split())


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    return load_dataset(midterm_data(tmp_path_factory.mktemp("midterm")))


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    return load_dataset(midterm_data(tmp_path_factory.mktemp("gap"), years=(2026, 2028)))


def row_of(table, name_start: str) -> list[str]:
    return next(r for r in table.rows if r[0].startswith(name_start))


def test_cumulative_progress_per_target_is_the_sum_of_the_three_years(three_years):
    f = pr.period_figures(three_years, "son-la", MID)
    assert f.covered.annual == (2026, 2027, 2028) and f.origin == fp.ANNUAL
    got = pr.progress(three_years, f).set_index("activity")
    assert got.loc["may-moc-thiet-bi", "done"] == 3 + 5 + 4
    assert got.loc["nhan-hieu", "done"] == 8 + 10 + 12
    assert got.loc["thiet-ke-mau-ma-bao-bi", "done"] == 5 + 9 + 10
    assert (
        got.loc["may-moc-thiet-bi", "planned"] == 13 and got.loc["may-moc-thiet-bi", "target"] == 23
    )
    assert got.loc["mo-hinh-trinh-dien", "done"] == 0  # a target not yet started stays listed


def test_the_midterm_report(three_years):
    report = build_period_report(three_years, "son-la", MID)
    assert report.subject == (
        "Sơ kết thực hiện Chương trình khuyến công giai đoạn 2026–2028; "
        "phương hướng, nhiệm vụ giai đoạn 2029–2030"
    )
    text = flat(report.lines())
    assert "Số liệu giai đoạn 2026–2028 là tổng hợp kết quả các năm 2026, 2027 và 2028." in text
    assert "Tổng kinh phí khuyến công được giao là 13.596 triệu đồng" in text
    assert "khuyến công quốc gia 3.200 triệu đồng, khuyến công địa phương 10.396 triệu đồng" in text
    assert "đã thực hiện 31 nhiệm vụ với kinh phí 12.950 triệu đồng" in text
    # the programme's budget for the three years, cell by cell (seed 003): quốc gia 300 + 1.550
    # + 1.350 = 3.200; địa phương 2.075 + 3.562,5 + 4.757,5 = 10.395; 13.596 / 13.595 = 100,0%
    assert (
        "kinh phí dự kiến các năm 2026, 2027 và 2028 là 13.595 triệu đồng (khuyến công quốc gia "
        "3.200 triệu đồng, khuyến công địa phương 10.395 triệu đồng); kinh phí được giao bằng "
        "100,0% kinh phí dự kiến." in text
    )
    assert "12 cơ sở" in text and "30 nhãn hiệu" in text and "24 cơ sở" in text
    progress, targets, by_year = (a.blocks[0] for a in report.annexes)
    assert row_of(progress, "Hỗ trợ ứng dụng máy móc")[2:] == ["13", "12", "92,3%", "23", "52,2%"]
    assert row_of(progress, "Hỗ trợ xây dựng và đăng ký nhãn hiệu")[2:] == [
        "30",
        "30",
        "100,0%",
        "50",
        "60,0%",
    ]
    assert row_of(progress, "Hỗ trợ cơ sở công nghiệp - tiểu thủ công nghiệp thuê tư vấn")[2:] == [
        "25",
        "24",
        "96,0%",
        "45",
        "53,3%",
    ]
    assert row_of(targets, "Hỗ trợ ứng dụng máy móc")[2] == "10"  # 2029 + 2030: 5 + 5
    assert (
        "Tổ chức 01 lần bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh (năm 2027), công nhận 25 sản phẩm."
        in text
    )
    assert row_of(progress, "Tổ chức bình chọn")[2:] == ["1", "1", "100,0%", "2", "50,0%"]
    assert by_year.header == ["Nội dung", "Đơn vị", "2026", "2027", "2028", "Lũy kế"]
    assert row_of(by_year, "Hỗ trợ ứng dụng máy móc")[2:] == ["3", "5", "4", "12"]


def test_a_period_with_a_year_missing_says_which_years_it_covers(two_years):
    report = build_period_report(two_years, "son-la", MID)
    text = flat(report.lines())
    assert (
        "Số liệu giai đoạn 2026–2028 là tổng hợp kết quả các năm 2026 và 2028 "
        "(năm 2027 chưa có báo cáo kết quả)." in text
    )
    progress = report.annexes[0].blocks[0]
    assert row_of(progress, "Hỗ trợ ứng dụng máy móc")[3] == "7"  # 3 + 4, 2027 not invented
    assert row_of(progress, "Tổ chức bình chọn")[3] == "0"  # the 2027 round is not there
    assert "lần bình chọn" not in text
    by_year = report.annexes[-1].blocks[0]
    assert by_year.header == ["Nội dung", "Đơn vị", "2026", "2028", "Lũy kế"]
    chapter = period_series.build(two_years, "son-la", "2026-2028")
    assert "2026 và 2028 (năm 2027 chưa có báo cáo kết quả)" in chapter.origin


def test_the_period_chapter_of_the_midterm(three_years):
    chapter = period_series.build(three_years, "son-la", "2026-2028")
    glued = dict(chapter.glued())
    assert {
        "tbl_funding_years",
        "fig_funding_years",
        "tbl_results_years",
        "tbl_progress",
        "fig_progress",
    } <= set(glued)
    assert "tbl_period_results" not in glued  # no figure entered for the whole period
    # against 2016–2020 (seed 001): machinery 16 cơ sở then, 12 now; trademarks were counted
    # in products then and in trademarks now, so they are not compared
    previous = glued["tbl_previous"].markdown
    assert "Giai đoạn 2016–2020" in previous and "16" in previous and "12" in previous
    assert "nhãn hiệu" not in previous.lower().split("đơn vị")[-1]
    funding = glued["tbl_funding_years"].markdown
    assert r"13\.596" in funding and r"12\.950" in funding  # escaped for MyST


def test_the_midterm_report_in_word_has_the_annual_form(three_years, tmp_path):
    """The NĐ 30 form of the annual report on a period built from annual years: three annexes
    numbered I–III, and the funding table totalled (3.200 + 10.396 = 13.596 triệu đồng
    allocated), its numbers right-aligned and the total bold."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from test_report_form import numeric_tables

    from khuyencong.outputs.word import write_docx

    report = build_period_report(three_years, "son-la", MID)
    doc = Document(str(write_docx(report, tmp_path / "r.docx")))
    texts = [p.text for p in doc.paragraphs]
    assert [t for t in texts if t.startswith("PHỤ LỤC")] == [
        "PHỤ LỤC I",
        "PHỤ LỤC II",
        "PHỤ LỤC III",
    ]
    funding = next(t for t in numeric_tables(doc) if t.rows[0].cells[0].text == "Năm")
    total = funding.rows[-1].cells
    assert total[0].text == "Tổng cộng" and "13.596" in [c.text for c in total]
    cell = next(c for c in total if c.text == "13.596")
    assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert all(r.bold for p in cell.paragraphs for r in p.runs)
