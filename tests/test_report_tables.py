"""The report's shared table builder (`numeric_table`), gaps and annex placement."""

from __future__ import annotations

from khuyencong.content.report.model import (
    Column,
    Section,
    gap,
    gap_notes,
    number_annexes,
    numeric_table,
    place_table,
    plain,
    split_gaps,
)
from khuyencong.figures.formatting import EMPTY_CELL, fmt_cell, fmt_decision

COLUMNS = [
    Column("Nội dung", 40),
    Column("Quốc gia", 10, "number", group="Số lượng", summed=True),
    Column("Địa phương", 10, "number", group="Số lượng", summed=True),
    Column("Kinh phí", 12, "number", summed=True, blank_zero=True),
]


def test_numeric_table_total_groups_and_empty_cells():
    t = numeric_table("Bảng", COLUMNS, [["A", 1, 2, 300], ["B", None, 3, 0], ["C", 0, 1, 62.5]])
    assert t.header == ["Nội dung", "Quốc gia", "Địa phương", "Kinh phí"]
    # "Số lượng" spans the two quantity columns; the others span both header rows
    assert t.groups == [(None, 1), ("Số lượng", 2), (None, 1)]
    assert t.numeric == [False, True, True, True]
    assert t.rows[1] == ["B", EMPTY_CELL, "3", EMPTY_CELL]  # no value, zero left blank
    assert t.rows[2] == ["C", "0", "1", "62,5"]
    # 1 + 0 = 1; 2 + 3 + 1 = 6; 300 + 0 + 62,5 = 362,5
    assert t.total == ["Tổng cộng", "1", "6", "362,5"]
    assert t.all_rows()[-1] == t.total


def test_no_total_without_summed_columns():
    t = numeric_table("Bảng", [Column("Tên"), Column("Số", kind="number")], [["A", 1]])
    assert t.total is None and t.groups is None


def test_without_empty_columns_keeps_groups_numeric_and_total():
    t = numeric_table("Bảng", COLUMNS, [["A", None, 2, 0], ["B", None, 3, 0]])
    kept = t.without_empty_columns()
    assert kept.header == ["Nội dung", "Địa phương"]
    assert kept.groups == [(None, 1), ("Số lượng", 1)]
    assert kept.numeric == [False, True] and kept.total == ["Tổng cộng", "5"]


def test_gap_reads_as_ellipsis_and_keeps_its_note():
    text = "Số: " + gap("Nhập số văn bản.") + "/BC-SCT"
    assert plain(text) == "Số: …/BC-SCT"
    assert split_gaps(text) == [("Số: ", None), ("…", "Nhập số văn bản."), ("/BC-SCT", None)]
    assert gap_notes([text, text]) == ["Nhập số văn bản."]


def test_place_table_and_single_annex_numbering():
    long = numeric_table("Dài", COLUMNS, [["x", 1, 1, 1]] * 9)
    short = numeric_table("Ngắn", COLUMNS, [["x", 1, 1, 1]] * 3)
    annexes: list[Section] = []
    assert place_table(short, "Ngắn", annexes) == ("", [short])
    ref, body = place_table(long, "Dài", annexes)
    assert (ref, body, len(annexes)) == (" (chi tiết tại Phụ lục I)", [], 1)
    sections = [Section("I.", "A", 1, [f"Kết quả{ref}."])]
    number_annexes(sections, annexes)
    assert sections[0].blocks == ["Kết quả (chi tiết tại Phụ lục)."]


def test_one_citation_form_and_cell_format():
    assert fmt_decision("1113/QĐ-UBND", "2026-05-11") == "Quyết định số 1113/QĐ-UBND ngày 11/5/2026"
    assert fmt_decision("1113/QĐ-UBND") == "Quyết định số 1113/QĐ-UBND"
    assert fmt_cell(2075) == "2.075" and fmt_cell(float("nan")) == EMPTY_CELL


def test_gap_row_notes_once():
    from khuyencong.content.report.model import gap_row

    row = gap_row(COLUMNS, "Nhập danh mục nhiệm vụ.")
    assert [plain(c) for c in row] == ["…"] * 4
    assert gap_notes(row) == ["Nhập danh mục nhiệm vụ."]
