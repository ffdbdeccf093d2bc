"""The báo cáo of a period (tổng kết / sơ kết) from the seeds, in the form of the annual one.

Expected figures worked out by hand from the seeds:
- seed 001 (Sơn La 2016–2020): "hơn 7,7 tỷ đồng" allocated over the period, 230 workers
  trained, 2 courses for 150 managers, 16 establishments with machinery, 28 trademarks,
  2 award rounds (2017, 2019), "hơn 18,5 tỷ đồng" of counterpart capital, industrial output
  +20,3% in 2020 against 2015, i.e. 1,203^(1/5) = 1,0377 -> about 3,8% a year;
- seed 002 (a province it does not name): 188 đề án with the People's Committees of 9
  districts, 146 of them for machinery; its 2021–2025 priorities; no start year.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from khuyencong.content.report.model import Table, plain
from khuyencong.content.report.period import build_period_report, edition_report
from khuyencong.core.edition import Edition, parse_period
from khuyencong.outputs.word import write_docx

FORBIDDEN = (
    "dựng sách",
    "nguồn sự thật",
    "biên soạn",
    "notebook",
    "Cuốn sách này",
    "python",
    "Jupyter",
    "papermill",
    "bài báo",
    "dữ liệu",
    "(chưa có)",
    "Đơn vị soạn thảo",
)
SECTIONS = (
    "I. KẾT QUẢ THỰC HIỆN",
    "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
    "III. BÀI HỌC KINH NGHIỆM",
    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2021–2025",
    "V. KIẾN NGHỊ",
)


def flat(lines) -> str:
    return " ".join(" ".join(lines).split())


@pytest.fixture(scope="module")
def son_la(dataset):
    return build_period_report(dataset, "son-la", parse_period("2016-2020"))


@pytest.fixture(scope="module")
def unnamed(dataset):
    return build_period_report(dataset, "tinh-khuyet-danh-002", parse_period("truoc-2021"))


def test_the_2016_2020_review_states_every_figure_of_seed_001(son_la):
    text = flat(son_la.lines())
    assert son_la.subject == (
        "Tổng kết thực hiện Chương trình khuyến công giai đoạn 2016–2020; "
        "phương hướng, nhiệm vụ giai đoạn 2021–2025"
    )
    for expected in (
        "giai đoạn 2016–2020 là hơn 7,7 tỷ đồng",  # a lower bound stays one
        "230 lao động",
        "02 lớp, 150 cán bộ",
        "16 cơ sở",
        "28 sản phẩm",
        "Tổ chức 02 lần bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh",
        "năm 2017 và năm 2019",
        "02 hội nghị",
        "với tổng số tiền hơn 18,5 tỷ đồng",
        "tăng 20,3% so với năm 2015",
        "bình quân 3,8%/năm",  # 1,203^(1/5) - 1 = 3,77%
    ):
        assert expected in text, expected


def test_each_seed_001_figure_is_classified_against_the_source(dataset, son_la):
    # "hơn": both money figures are lower bounds in the data, as the source words them
    inds = dataset.indicators.set_index("indicator")
    assert inds.loc["kinh-phi-duoc-giao", "qualifier"] == "at_least"
    assert inds.loc["von-doi-ung", "qualifier"] == "at_least"
    assert "hơn 7,7" in flat(son_la.lines()) and "khoảng 7,7" not in flat(son_la.lines())


def test_sections_in_the_order_of_a_period_review(son_la):
    lines = son_la.lines()
    positions = [lines.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert lines.index("Nơi nhận:") > positions[-1]
    # the 2021–2025 solutions of seed 001 are the next period's directions
    assert "Đẩy mạnh thực hiện 9 nội dung của Nghị định 45/2012/NĐ-CP" in flat(lines)


def test_the_unnamed_province_review_states_188_146_and_9(unnamed):
    text = flat(unnamed.lines())
    assert "188 đề án" in text and "146 đề án" in text and "UBND 9 huyện, thành, thị" in text
    # its 2021–2025 priorities are the next period's directions
    directions = text[text.index("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2021–2025") :]
    assert "Ngành cơ khí phục vụ nông nghiệp nông thôn" in directions
    # no start year is made up: the period is stated as the source states it
    assert "những năm trước năm 2021" in unnamed.subject
    assert not re.search(r"\b(19|20)\d\d[–-]2020\b", text)


def test_the_unnamed_province_is_never_given_a_name(unnamed):
    text = flat(unnamed.lines())
    assert "không được nêu tên" not in text.lower()
    assert "MỘT TỈNH" not in text.upper()
    assert unnamed.admin_header == "UBND TỈNH …" and unnamed.department == "SỞ CÔNG THƯƠNG"
    assert "Sơn La" not in text


@pytest.mark.parametrize("which", ["son_la", "unnamed"])
def test_the_period_report_passes_the_form_checks(which, request):
    report = request.getfixturevalue(which)
    assert report.draft and report.draft_lines()[0] == "DỰ THẢO"
    assert plain(report.number_line) == "Số: …/BC-SCT"
    assert "ngày … tháng … năm …" in plain(report.place_date)

    def walk(section):
        assert section.blocks or section.children, section.heading  # no empty heading
        for b in section.blocks:
            if isinstance(b, Table):
                assert b.without_empty_columns().header == b.header, b.caption
        for c in section.children:
            walk(c)

    for s in [*report.sections, *report.annexes]:
        walk(s)
    paras = [p for p in report.lines() if len(p) > 40]
    assert len(paras) == len(set(paras))  # no repeated paragraph
    text = flat(report.lines())
    for word in FORBIDDEN:
        assert word.lower() not in text.lower(), word


def test_the_period_report_in_word(son_la, tmp_path):
    path = write_docx(son_la, tmp_path / "son-la-2016-2020-bao-cao.docx")
    doc = Document(str(path))
    sec = doc.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(1) and Mm(30) <= sec.left_margin <= Mm(35)
    assert Pt(13) <= doc.styles["Normal"].font.size <= Pt(14)
    head = doc.tables[0]
    assert len(head.columns) == 2 and head._tbl.tblPr.find(qn("w:tblBorders")) is None
    assert "SỞ CÔNG THƯƠNG" in head.cell(0, 0).text and "Số: …/BC-SCT" in head.cell(0, 0).text
    body = " ".join(p.text for p in doc.paragraphs)
    for heading in SECTIONS:
        assert heading in body, heading
    assert "hơn 18,5 tỷ đồng" in body and "3,8%" in body
    assert doc.core_properties.subject == "Công tác khuyến công tỉnh Sơn La giai đoạn 2016–2020"
    again = write_docx(son_la, tmp_path / "again.docx")
    assert again.read_bytes() == path.read_bytes()  # same report, same bytes


def test_an_annual_edition_keeps_its_report(dataset):
    annual = edition_report(dataset, Edition("son-la", 2025))
    assert annual.subject.startswith("Kết quả công tác khuyến công năm 2025")
    period = edition_report(dataset, Edition("son-la", 2020, parse_period("2016-2020")))
    assert period.subject.startswith("Tổng kết thực hiện Chương trình khuyến công")


def test_report_words_have_no_path(son_la):
    assert not any(Path(line).suffix in (".csv", ".yaml", ".py") for line in son_la.lines())


@pytest.mark.parametrize("which", ["son_la", "unnamed"])
def test_the_period_report_in_word_passes_the_annual_form_checks(which, request, tmp_path):
    """The Word checks of the annual báo cáo (tests/test_report_form.py), on the period one:
    no meta phrase, gaps highlighted with a comment each, the framed DỰ THẢO mark first,
    tiêu ngữ ≥ 13 pt, language vi-VN, Nơi nhận ending "Lưu: VT", every numeric table
    totalled with right-aligned numbers."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from test_report_form import META_PHRASES, all_text, numeric_tables

    report = request.getfixturevalue(which)
    doc = Document(str(write_docx(report, tmp_path / "r.docx")))
    text = all_text(doc)
    assert [p for p in META_PHRASES if p in text] == []
    assert doc.paragraphs[0].text == "DỰ THẢO"
    assert doc.paragraphs[0]._p.pPr.find(qn("w:pBdr")) is not None  # framed
    gaps = [
        r
        for r in doc.element.body.iter(qn("w:r"))
        if r.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None
    ]
    assert gaps and [c.text for c in doc.comments] == report.gap_notes()
    [motto] = [
        p for p in doc.tables[0].cell(0, 1).paragraphs if p.text == "Độc lập - Tự do - Hạnh phúc"
    ]
    assert motto.style.font.size is not None and motto.style.font.size >= Pt(13)
    assert doc.core_properties.language == "vi-VN"
    sign = next(t for t in doc.tables if t.cell(0, 0).text.startswith("Nơi nhận"))
    assert sign.cell(0, 0).paragraphs[-1].text.startswith("- Lưu: VT")
    # Seed 001 and 002 give period totals only: their figures are sentences, no table; the
    # tables of a period built from annual years are checked in test_period_midterm.
    for table in numeric_tables(doc):
        last = table.rows[-1].cells
        numbers = [c for c in last if c.text.replace(".", "").replace(",", "").isdigit()]
        assert all(c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for c in numbers)
