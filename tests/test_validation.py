"""Input checking: copies of data/ are broken on purpose and every problem must be named.

A problem names the file, the row (the header is row 1), the column, what was found and what
is expected. Nothing is ever written back to the input files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import pickle
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from khuyencong.errors import DataValidationError, KhuyenCongError, Problem
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.schemas import TABLES, Col
from khuyencong.inputs.validation import coerce_cell, raise_if, read_rows, validate_table

# Rows of funding.csv: 1 header, 2 son-la 2025 national, 3 son-la 2025 local.
LOCAL_2025 = "son-la,2025,local,1905,1605,6,seed-000,"
LOCAL_NOTE = (
    "Tổng kinh phí được giao 1.905 triệu đồng; thực hiện 06 nhiệm vụ với kinh phí 1.605 triệu đồng."
)


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact occurrence of `old` in a UTF-8 text file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def failure(data_dir: Path) -> DataValidationError:
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_dir)
    return info.value


def only(problems: list[Problem], **fields) -> Problem:
    """The single problem whose attributes equal `fields`."""
    found = [p for p in problems if all(getattr(p, k) == v for k, v in fields.items())]
    assert len(found) == 1, f"{fields}: {found} in {problems}"
    return found[0]


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ============================================================================================
# Cells
# ============================================================================================

NUMBER = Col("x", "number")
MONEY = Col("x", "number", min=0, money=True)
INT = Col("x", "int")
BOOL = Col("x", "bool")


@pytest.mark.parametrize(
    ("cell", "col", "value"),
    [
        ("1905", NUMBER, 1905.0),
        ("62.5", NUMBER, 62.5),
        ("170.8", NUMBER, 170.8),
        ("-3", NUMBER, -3.0),  # sign is read; the ≥ 0 rule is checked later, per column
        ("0", NUMBER, 0.0),
        ("2025", INT, 2025),
        ("true", BOOL, True),
        ("FALSE", BOOL, False),
        ("Sơn La", Col("x"), "Sơn La"),
        ("", NUMBER, None),  # an empty cell is missing, not 0
        ("1.9050", NUMBER, 1.905),  # four decimals: no thousands grouping, one point nine…
        ("0.905", NUMBER, 0.905),  # a leading zero: no thousands grouping either
    ],
)
def test_coerce_cell_reads(cell, col, value):
    got, reason = coerce_cell(cell, col)
    assert reason is None
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    ("cell", "col", "canonical"),
    [
        ("1.905", MONEY, "1905"),  # seed 000 writes "1.905 triệu đồng"
        ("1.905", INT, "1905"),
        ("1.905", NUMBER, "1905"),  # a decimal column too: thousands or one point nine?
        ("12.500", Col("quantity", "number", min=0), "12500"),
        ("1,905", NUMBER, "1.9050"),  # the decimal spelled so it cannot read as thousands
        ("25.965", MONEY, "25965"),
        ("1.234.567", NUMBER, "1234567"),
        ("84,3", NUMBER, "84.3"),
        ("41,9", NUMBER, "41.9"),
        ("3.562,5", NUMBER, "3562.5"),
    ],
)
def test_coerce_cell_refuses_vietnamese_numbers_with_the_canonical_form(cell, col, canonical):
    value, reason = coerce_cell(cell, col)
    assert value is None
    assert reason.split(" ")[0] == canonical


@pytest.mark.parametrize(
    ("cell", "col", "reason"),
    [
        ("abc", NUMBER, "số"),
        ("2.5", INT, "số nguyên"),
        ("yes", BOOL, "true hoặc false"),
        ("1e3", NUMBER, "số"),
    ],
)
def test_coerce_cell_refuses_other_text(cell, col, reason):
    assert coerce_cell(cell, col) == (None, reason)


@pytest.mark.parametrize("col", [NUMBER, MONEY, INT])
def test_an_ambiguous_number_is_refused_alike_in_every_numeric_column(col):
    """`1.905`: one thousand nine hundred and five, or one point nine? Refused in every numeric
    column with the same words; a decimal column also shows how to write one point nine."""
    value, reason = coerce_cell("1.905", col)
    assert value is None
    assert reason.startswith("1905 (viết số không có dấu phân cách hàng nghìn")
    assert ("nếu đúng là số thập phân thì viết 1.9050" in reason) == (col.kind == "number")


@given(st.integers(-(10**9), 10**9), st.integers(0, 4))
def test_every_number_the_tool_writes_reads_back_unchanged(n, places):
    """format_cell never writes a number that the reader refuses as ambiguous (1.905)."""
    from khuyencong.inputs.datafiles import format_cell

    x = n / 10**places
    value, reason = coerce_cell(format_cell(x), NUMBER)
    assert reason is None and value == x


def test_coerce_cell_accepts_a_decimal_with_three_digits_after_a_leading_zero():
    assert coerce_cell("0.125", NUMBER) == (0.125, None)


# ============================================================================================
# Reading a CSV as an author saves it
# ============================================================================================


def test_read_rows_strips_and_skips_blank_lines(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes("\ufeffa , b\r\n 1 ,  x \r\n\r\n,\r\n".encode())
    header, rows, problems = read_rows(p, "t.csv")
    # The data row is the file's line 2; blank lines are skipped.
    assert (header, rows, problems) == (["a", "b"], [(2, ["1", "x"])], [])


def test_read_rows_empty_file(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes(b"")
    header, rows, problems = read_rows(p, "t.csv")
    assert header == [] and rows == []
    assert [(x.file, x.message) for x in problems] == [("t.csv", "tệp rỗng")]


def test_read_rows_not_utf8(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes("tỉnh\nSơn La\n".encode("utf-16"))
    _, _, problems = read_rows(p, "t.csv")
    assert [(x.file, x.message[:20], x.expected[:5]) for x in problems] == [
        ("t.csv", "tệp không phải UTF-8", "UTF-8")
    ]
    assert "CSV UTF-8" in problems[0].expected  # the Excel menu entry that fixes it


def _messy(clean: Path, messy: Path) -> None:
    """Write `clean` as Excel might: BOM, CRLF line ends, spaces around every cell."""
    rows = list(csv.reader(io.StringIO(clean.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[f"  {c} " for c in r] for r in rows])
    messy.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


@pytest.mark.parametrize("name", sorted(TABLES))
def test_bom_crlf_and_stray_spaces_give_the_same_values(name, data_dir, tmp_path):
    table = TABLES[name]
    messy = tmp_path / table.file
    _messy(data_dir / table.file, messy)
    raw = messy.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"  " in raw
    clean_frame, clean_problems = validate_table(table, data_dir / table.file, table.file)
    messy_frame, messy_problems = validate_table(table, messy, table.file)
    assert clean_problems == [] and messy_problems == []
    pd.testing.assert_frame_equal(messy_frame, clean_frame)


def test_messy_funding_loads_like_the_clean_one(data_copy, dataset):
    _messy(data_copy / "funding.csv", data_copy / "funding.csv")
    messy = load_dataset(data_copy)
    pd.testing.assert_frame_equal(messy.funding, dataset.funding)
    # seed 000: 1.905 and 1.605 triệu đồng, read as numbers
    local = messy.funding[messy.funding["fund_source"] == "local"].iloc[0]
    assert (local["allocated"], local["disbursed"], local["tasks"]) == (1905, 1605, 6)


def test_validate_table_keeps_file_row_numbers(data_dir):
    frame, problems = validate_table(TABLES["funding"], data_dir / "funding.csv", "funding.csv")
    assert problems == []
    assert frame["__row"].tolist() == [2, 3]  # header is row 1
    assert frame["fund_source"].tolist() == ["national", "local"]


# ============================================================================================
# Broken copies of data/
# ============================================================================================


def test_real_data_is_valid(data_dir):
    load_dataset(data_dir)  # raises DataValidationError listing problems otherwise


def test_vietnamese_thousands_in_funding(data_copy):
    edit(data_copy / "funding.csv", "local,1905,", "local,1.905,")
    err = failure(data_copy)
    p = only(err.problems, file="funding.csv", column="allocated")
    assert p.row == 3  # header 1, national 2, local 3
    assert p.found == "1.905"
    assert p.expected.startswith("1905 ")
    message = str(err)
    assert "funding.csv:3" in message
    assert "allocated" in message and "1.905" in message and "1905" in message
    assert len(err.problems) == 1


def test_vietnamese_decimal_comma_in_funding(data_copy):
    edit(data_copy / "funding.csv", "local,1905,1605,", 'local,1905,"84,3",')
    err = failure(data_copy)
    p = only(err.problems, file="funding.csv", column="disbursed")
    assert (p.row, p.found) == (3, "84,3")
    assert p.expected.startswith("84.3 ")
    assert "84.3" in str(err)


def test_unquoted_decimal_comma_shifts_the_cells(data_copy):
    edit(data_copy / "funding.csv", "local,1905,1605,", "local,1905,84,3,")
    p = only(failure(data_copy).problems, file="funding.csv")
    assert (p.row, p.message, p.found, p.expected) == (3, "số ô khác số cột", "9", "8")


def test_empty_file(data_copy):
    (data_copy / "awards.csv").write_bytes(b"")
    p = only(failure(data_copy).problems, file="awards.csv")
    assert p.message == "tệp rỗng"


def test_missing_file(data_copy):
    (data_copy / "awards.csv").unlink()
    p = only(failure(data_copy).problems, file="awards.csv")
    assert p.message == "thiếu tệp dữ liệu"


def test_missing_column(data_copy):
    path = data_copy / "funding.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:5] + r[6:] for r in rows])  # drop `tasks`
    path.write_text(out.getvalue(), encoding="utf-8")
    p = only(failure(data_copy).problems, file="funding.csv")
    assert (p.row, p.column, p.message) == (1, "tasks", "thiếu cột")


def add_column(path: Path, header: str, value: str) -> None:
    """Append a column named `header` holding `value` on every row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"{lines[0]},{header}"] + [f"{line},{value}" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_unknown_extra_column(data_copy):
    add_column(data_copy / "funding.csv", "ghi_chu_them", "x")
    p = only(failure(data_copy).problems, file="funding.csv")
    assert (p.row, p.column, p.found) == (1, "ghi_chu_them", "ghi_chu_them")
    assert p.message == "cột không có trong hợp đồng dữ liệu"
    assert "allocated" in p.expected


def test_duplicated_header_column(data_copy):
    add_column(data_copy / "awards.csv", "units", "34")
    p = only(failure(data_copy).problems, file="awards.csv")
    assert (p.row, p.column, p.message) == (1, "units", "cột bị lặp")


def test_duplicated_row(data_copy):
    path = data_copy / "funding.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text.splitlines()[2] + "\n", encoding="utf-8")  # row 4 repeats row 3
    problems = failure(data_copy).problems
    dup = [p for p in problems if p.message == "dòng trùng khoá"]
    assert dup and all(p.file == "funding.csv" for p in dup)
    assert 4 in {p.row for p in dup}
    assert all(p.column == "province + year + fund_source" for p in dup)
    assert {p.message for p in problems} == {"dòng trùng khoá"}


def test_unknown_fund_source(data_copy):
    edit(data_copy / "funding.csv", "son-la,2025,local,", "son-la,2025,tinh,")
    p = only(failure(data_copy).problems, file="funding.csv", column="fund_source")
    assert (p.row, p.found) == (3, "tinh")
    assert "national" in p.expected and "local" in p.expected


def test_negative_money(data_copy):
    edit(data_copy / "funding.csv", "local,1905,", "local,-1905,")
    p = only(failure(data_copy).problems, file="funding.csv", column="allocated")
    assert p.row == 3
    assert float(p.found) == -1905
    assert p.expected == "≥ 0"


@pytest.mark.parametrize(("year", "expected"), [("1999", "≥ 2000"), ("2101", "≤ 2100")])
def test_year_out_of_range(data_copy, year, expected):
    edit(data_copy / "funding.csv", "son-la,2025,local,", f"son-la,{year},local,")
    p = only(failure(data_copy).problems, file="funding.csv", column="year")
    assert (p.row, p.found, p.expected) == (3, year, expected)


def test_required_cell_left_empty(data_copy):
    edit(
        data_copy / "funding.csv",
        "son-la,2025,local,1905,1605,6,seed-000,",
        "son-la,2025,local,1905,1605,,seed-000,",
    )
    p = only(failure(data_copy).problems, file="funding.csv", column="tasks")
    assert p.row == 3
    assert p.found == "ô trống"


def test_bad_slug(data_copy):
    edit(data_copy / "sources.csv", "authored,authored,", "Authored Text,authored,")
    problems = failure(data_copy).problems
    p = only(problems, file="sources.csv", column="source_id")
    assert p.found == "Authored Text"
    assert "son-la" in p.expected


def test_disbursed_above_allocated_with_a_note_is_accepted(data_copy):
    edit(data_copy / "funding.csv", "local,1905,1605,", "local,1905,2000,")
    data = load_dataset(data_copy)  # the row keeps its note, which explains the overspend
    local = data.funding[data.funding["fund_source"] == "local"].iloc[0]
    assert (local["allocated"], local["disbursed"]) == (1905, 2000)


def test_disbursed_above_allocated_is_left_to_rule_qt7(data_copy):
    # Not a load error (the data loads; the report is a draft until explained): rule QT7 names
    # the row. 2.000 spent of 1.905: 95 over.
    from khuyencong.figures.rules import check_rules

    edit(
        data_copy / "funding.csv",
        LOCAL_2025 + LOCAL_NOTE,
        "son-la,2025,local,1905,2000,6,seed-000,",
    )
    rule = {r.code: r for r in check_rules(load_dataset(data_copy), "son-la", 2025)}["QT7"]
    assert rule.status == "không đạt" and "vượt kinh phí được giao 95 triệu đồng" in rule.details[0]
    assert (rule.problems[0].file, rule.problems[0].row) == ("funding.csv", 3)


def test_plan_row_of_an_unknown_programme(data_copy):
    path = data_copy / "programme_plan.csv"
    with path.open("a", encoding="utf-8") as f:
        f.write("son-la-2031-2035,nhan-hieu,2031,local,0,0,seed-003\n")
    p = only(failure(data_copy).problems, file="programme_plan.csv", column="programme")
    assert (p.row, p.found) == (252, "son-la-2031-2035")  # header + 250 rows + this one


def test_unknown_activity_in_results(data_copy):
    edit(
        data_copy / "results.csv",
        "son-la,2025,2025,may-moc-thiet-bi,",
        "son-la,2025,2025,may-moc-xyz,",
    )
    p = only(failure(data_copy).problems, file="results.csv")
    assert (p.row, p.column, p.found) == (2, "activity", "may-moc-xyz")
    assert "activities.csv" in p.message


def test_unknown_entity_in_results(data_copy):
    edit(data_copy / "results.csv", "son-la,2025,2025,nhan-hieu,", "ha-giang,2025,2025,nhan-hieu,")
    p = only(failure(data_copy).problems, file="results.csv")
    assert (p.row, p.column, p.found) == (4, "entity", "ha-giang")
    assert "entities.csv" in p.message


def test_unknown_source_id(data_copy):
    edit(data_copy / "awards.csv", "30,seed-000", "30,seed-999")
    p = only(failure(data_copy).problems, file="awards.csv")
    assert (p.row, p.column, p.found) == (2, "source_id", "seed-999")
    assert "sources.csv" in p.message


def test_empty_referenced_int_cell_is_reported(data_copy):
    edit(data_copy / "activities.csv", "\nnhan-hieu,2,", "\nnhan-hieu,,")
    p = only(failure(data_copy).problems, file="activities.csv", column="group")
    assert p.found == "ô trống"


def test_programme_plan_no_longer_matches_stated_totals(data_copy):
    # seed 003: máy móc 2026 national is 300; make it 400
    edit(
        data_copy / "programme_plan.csv",
        "son-la-2026-2030,may-moc-thiet-bi,2026,national,1,300,",
        "son-la-2026-2030,may-moc-thiet-bi,2026,national,1,400,",
    )
    problems = failure(data_copy).problems
    label = "programmes/son-la-2026-2030.yaml"
    total = only(problems, file=label, column="stated_totals.total")
    national = only(problems, file=label, column="stated_totals.national")
    assert (total.found, total.expected) == (str(25965 + 100), "25965")
    assert (national.found, national.expected) == (str(7530 + 100), "7530")
    assert not [p for p in problems if p.column == "stated_totals.local"]  # 18.435 still adds up
    assert len(problems) == 2


def test_text_yaml_with_bad_syntax(data_copy):
    edit(data_copy / "texts" / "son-la" / "2025.yaml", "policies:\n", "policies: [unclosed\n")
    p = only(failure(data_copy).problems, file="texts/son-la/2025.yaml")
    assert p.message.startswith("không đọc được YAML")
    assert "Error" not in p.message  # no Python exception name
    assert p.row is not None and p.row > 1


def test_text_yaml_unknown_key(data_copy):
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "ghi_chu: x\n", encoding="utf-8")
    p = only(failure(data_copy).problems, file="texts/son-la/2025.yaml")
    assert (p.column, p.found) == ("ghi_chu", "ghi_chu")


def test_programme_yaml_missing_key(data_copy):
    edit(data_copy / "programmes" / "son-la-2026-2030.yaml", "decision_number: 1113/QĐ-UBND\n", "")
    # Keep only the header of the plan: with its rows, the programme left unloaded makes them
    # orphans, which hits the crash of test_plan_row_of_an_unknown_programme.
    plan = data_copy / "programme_plan.csv"
    plan.write_text(plan.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    p = only(
        failure(data_copy).problems,
        file="programmes/son-la-2026-2030.yaml",
        column="decision_number",
    )
    assert p.message == "thiếu khoá"


def test_several_problems_in_several_files_are_reported_together(data_copy):
    edit(data_copy / "funding.csv", "local,1905,", "local,1.905,")  # 1
    edit(data_copy / "awards.csv", "30,seed-000", "30,seed-999")  # 2
    edit(
        data_copy / "results.csv",
        "son-la,2025,2025,may-moc-thiet-bi,",
        "son-la,2025,2025,may-moc-xyz,",
    )  # 3
    edit(data_copy / "texts" / "son-la" / "2025.yaml", "policies:\n", "policies: [unclosed\n")  # 4
    edit(
        data_copy / "indicators.csv",
        ',ty-dong,at_least,seed-001,"với',
        ',ty-dong,hon,seed-001,"với',
    )  # 5
    err = failure(data_copy)
    assert len(err.problems) == 5
    assert {p.file for p in err.problems} == {
        "funding.csv",
        "awards.csv",
        "results.csv",
        "texts/son-la/2025.yaml",
        "indicators.csv",
    }
    assert err.exit_code == 2
    assert isinstance(err, KhuyenCongError)
    assert str(err).splitlines()[0] == "Dữ liệu đầu vào có 5 lỗi:"
    assert len(str(err).splitlines()) == 1 + 5


def test_row_numbers_count_blank_lines(data_copy):
    path = data_copy / "funding.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # 1 header, 2 national, 3 blank, 4 local with a Vietnamese-formatted number
    lines = [lines[0], lines[1], "", lines[2].replace("local,1905,", "local,1.905,")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = only(failure(data_copy).problems, file="funding.csv", column="allocated")
    assert p.row == 4


def test_funding_needs_both_fund_sources(data_copy):
    path = data_copy / "funding.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # drop the national row
    path.write_text("\n".join([lines[0], lines[2]]) + "\n", encoding="utf-8")
    only(failure(data_copy).problems, file="funding.csv")


# ============================================================================================
# Inputs are read-only; the error travels well
# ============================================================================================


def test_loading_the_real_data_does_not_touch_it(data_dir):
    before = digests(data_dir)
    load_dataset(data_dir)
    assert digests(data_dir) == before


def test_a_failing_validation_does_not_touch_the_files(data_copy):
    edit(data_copy / "funding.csv", "local,1905,", "local,1.905,")
    _messy(data_copy / "results.csv", data_copy / "results.csv")
    before = digests(data_copy)
    failure(data_copy)
    assert digests(data_copy) == before
    # the messy file is not "fixed" in place either
    assert (data_copy / "results.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_problem_str():
    p = Problem("funding.csv", 3, "allocated", "không đọc được giá trị", "1.905", "1905")
    assert str(p) == "funding.csv:3: allocated — không đọc được giá trị (gặp 1.905, cần 1905)"
    assert str(Problem("awards.csv", None, None, "tệp rỗng")) == "awards.csv: tệp rỗng"


def test_validation_error_pickles_with_its_problems():
    problems = [Problem("funding.csv", 3, "allocated", "không đọc được giá trị", "1.905", "1905")]
    err = pickle.loads(pickle.dumps(DataValidationError(problems)))
    assert err.problems == problems
    assert str(err) == str(DataValidationError(problems))
    assert err.exit_code == 2


def test_raise_if():
    raise_if([])  # nothing to report
    with pytest.raises(DataValidationError) as info:
        raise_if([Problem("a.csv", 2, "x", "m")])
    assert [p.file for p in info.value.problems] == ["a.csv"]
