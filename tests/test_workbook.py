"""Excel round trip: `khuyencong template` writes a workbook, `khuyencong import` checks it with
the CSV rules and writes the canonical files, or writes nothing. Tests run on copies of data/."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from filling import column, fill_2026
from openpyxl import Workbook, load_workbook

from khuyencong.cli.commands import main
from khuyencong.errors import ExistingFileError, KhuyenCongError, WorkbookError
from khuyencong.inputs.datafiles import FIXED_COLUMNS
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.scaffold import write_draft
from khuyencong.inputs.schemas import TABLES
from khuyencong.inputs.workbook import write_template
from khuyencong.inputs.workbook.layout import HEADERS, SHEETS
from khuyencong.inputs.workbook.read import cell_text
from khuyencong.pipeline.importing import import_workbook

YEAR_TABLES = ("funding", "results", "awards")


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def refused(book: Path, data: Path) -> WorkbookError:
    """The error of an import that must be refused; the data folder is left byte-identical."""
    before = digests(data)
    with pytest.raises(WorkbookError) as info:
        import_workbook(book, data)
    assert digests(data) == before
    assert not list(data.parent.glob(".khuyencong-import-*"))
    return info.value


@pytest.fixture
def template_2026(data_copy: Path, tmp_path: Path) -> Path:
    path, _ = write_template(data_copy, "son-la", 2026, tmp_path / "son-la-2026.xlsx")
    return path


@pytest.fixture
def filled_2026(template_2026: Path) -> Path:
    fill_2026(template_2026)
    return template_2026


# ============================================================================================
# template
# ============================================================================================


def test_headers_name_every_contract_column():
    for table in YEAR_TABLES:
        assert list(HEADERS[table]) == TABLES[table].column_names
        assert set(FIXED_COLUMNS[table]) <= set(HEADERS[table])


def test_template_has_sheets_headers_and_drop_downs(template_2026: Path, data_dir: Path):
    wb = load_workbook(template_2026)
    assert wb.sheetnames[:8] == [
        "Hướng dẫn",
        "Kinh phí",
        "Kết quả",
        "Bình chọn",
        "Nhiệm vụ",
        "Sản phẩm được công nhận",
        "Văn bản",
        "Danh mục",
    ]
    guide = " ".join(str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)
    for step in ("khuyencong import", "khuyencong build --province son-la --year 2026", "1.905"):
        assert step in guide

    funding = wb["Kinh phí"]
    assert funding.row_dimensions[1].hidden
    headers = {funding.cell(1, c).value: funding.cell(2, c).value for c in range(1, 7)}
    assert headers == {
        "fund_source": "Nguồn kinh phí",
        "allocated": "Kinh phí được giao (triệu đồng)",
        "disbursed": "Kinh phí đã thực hiện (triệu đồng)",
        "tasks": "Số nhiệm vụ, đề án đã thực hiện",
        "source_id": "Mã nguồn tài liệu",
        "note": "Ghi chú",
    }
    assert [wb["Văn bản"].cell(2, c).value for c in (1, 2)] == ["Mục", "Nội dung"]

    lists = wb["Danh mục"]

    def listed(ws, code: str) -> list[str]:
        """The values the drop-down of a column offers."""
        letter = ws.cell(1, column(ws, code)).column_letter
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list" and any(letter in str(r) for r in dv.sqref.ranges):
                ref = dv.formula1.split("!")[1].replace("$", "")
                return [c.value for row in lists[ref] for c in row]
        raise AssertionError(f"no drop-down on {ws.title}.{code}")

    activities = pd.read_csv(data_dir / "activities.csv")["activity"].tolist()
    sources = pd.read_csv(data_dir / "sources.csv")["source_id"].tolist()
    assert listed(funding, "fund_source") == ["national", "local"]
    assert listed(funding, "source_id") == sources
    assert listed(wb["Kết quả"], "activity") == activities
    assert listed(wb["Kết quả"], "qualifier") == ["exact", "at_least", "planned", "estimated"]
    assert listed(wb["Bình chọn"], "level") == ["tinh", "vung", "quoc-gia", "xa"]
    kinds = {
        (dv.type, dv.operator, dv.formula1)
        for dv in funding.data_validations.dataValidation
        if dv.type != "list"
    }
    assert ("decimal", "greaterThanOrEqual", "0") in kinds  # allocated, disbursed
    assert ("whole", "greaterThanOrEqual", "0") in kinds  # tasks
    assert wb["_thong_tin"].sheet_state == "hidden"


def test_template_of_a_new_year_holds_the_scaffold(template_2026: Path):
    wb = load_workbook(template_2026)
    ws = wb["Kinh phí"]
    allocated = {
        ws.cell(r, column(ws, "fund_source")).value: ws.cell(r, column(ws, "allocated")).value
        for r in (3, 4)
    }
    # Seed 003, Phụ lục, 2026 totals: national 300, local 2.075 triệu đồng; typed as numbers.
    assert allocated == {"national": 300, "local": 2075}
    res = wb["Kết quả"]
    # Ten activities have a 2026 plan; machinery has both sources (1 national, 2 local): 11 rows.
    assert {res.cell(r, column(res, "qualifier")).value for r in range(3, 14)} == {"planned"}
    assert res.cell(14, column(res, "activity")).value is None
    machinery = {
        res.cell(r, column(res, "fund_source")).value: res.cell(r, column(res, "quantity")).value
        for r in range(3, 14)
        if res.cell(r, column(res, "activity")).value == "may-moc-thiet-bi"
    }
    assert machinery == {"national": 1, "local": 2}


def test_template_of_an_existing_year_holds_its_data(data_copy: Path, tmp_path: Path):
    path, inputs = write_template(data_copy, "son-la", 2025, tmp_path / "t.xlsx")
    assert inputs.origin == "data"
    wb = load_workbook(path)
    ws = wb["Kinh phí"]
    local = [ws.cell(4, c).value for c in range(1, 6)]
    # Seed 000: 1.905 triệu đồng allocated, 1.605 spent, 06 tasks (local).
    assert local == ["local", 1905, 1605, 6, "seed-000"]
    assert wb["Văn bản"]["B3"].value == "seed-000"


def test_template_takes_an_edited_draft(data_copy: Path, tmp_path: Path):
    write_draft(data_copy, "son-la", 2026)
    draft = data_copy / "drafts" / "son-la-2026" / "funding.csv"
    draft.write_text(
        draft.read_text(encoding="utf-8").replace(
            "son-la,2026,national,300,,", "son-la,2026,national,300,120,"
        ),
        encoding="utf-8",
    )
    path, inputs = write_template(data_copy, "son-la", 2026, tmp_path / "t.xlsx")
    assert inputs.origin == "draft"
    ws = load_workbook(path)["Kinh phí"]
    assert ws.cell(3, column(ws, "disbursed")).value == 120


def test_template_never_overwrites_a_workbook(template_2026: Path, data_copy: Path):
    before = template_2026.read_bytes()
    with pytest.raises(ExistingFileError, match="--force") as info:
        write_template(data_copy, "son-la", 2026, template_2026)
    assert info.value.file == str(template_2026) and info.value.exit_code == 2
    assert isinstance(info.value, KhuyenCongError)
    assert template_2026.read_bytes() == before


# ============================================================================================
# import
# ============================================================================================


def test_filled_workbook_is_imported(filled_2026: Path, data_copy: Path):
    report = import_workbook(filled_2026, data_copy)
    assert (report.province, report.year) == ("son-la", 2026)
    assert report.rows == {
        "funding": 2,
        "results": 2,
        "awards": 1,
        "tasks": 0,
        "award_products": 0,
    }
    data = load_dataset(data_copy)
    funding = data.funding[data.funding["year"] == 2026].set_index("fund_source")
    assert funding.loc["national", ["allocated", "disbursed", "tasks"]].tolist() == [300, 250, 1]
    assert funding.loc["local", ["allocated", "disbursed", "tasks"]].tolist() == [2000, 1800, 5]
    results = data.results[data.results["period_end"] == 2026].set_index("activity")
    assert results.loc["may-moc-thiet-bi", "budget"] == 550.5
    assert pd.isna(results.loc["nhan-hieu", "budget"])
    assert set(results["period_start"]) == {2026} and set(results["entity"]) == {"son-la"}
    awards = data.awards[data.awards["year"] == 2026]
    assert awards[["level", "recognised"]].values.tolist() == [["tinh", 15]]
    text = data.text("son-la", "2026")
    assert text["source_id"] == "authored"
    assert text["results_narrative"] == [
        "Các cơ sở được hỗ trợ máy móc.",
        "Nhiều nhãn hiệu được đăng ký.",
    ]
    assert data.texts[("son-la", "2026")]["period_start"] == 2026
    # Other rows are kept, in place; the files stay UTF-8 without BOM, LF line ends.
    assert len(data.funding) == 4 and len(data.results) == 19
    raw = (data_copy / "funding.csv").read_bytes()
    assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8").splitlines()[3:] == [
        "son-la,2026,national,300,250,1,authored,",
        "son-la,2026,local,2000,1800,5,authored,Số liệu thử.",
    ]
    assert "may-moc-thiet-bi,local,2,cơ sở,550.5,exact" in (data_copy / "results.csv").read_text(
        "utf-8"
    )
    assert not list(data_copy.parent.glob(".khuyencong-import-*"))


def test_bad_workbook_names_sheet_row_header_and_writes_nothing(filled_2026: Path, data_copy: Path):
    wb = load_workbook(filled_2026)
    wb["Kinh phí"]["B4"] = "1.905"  # local allocated typed as Vietnamese text
    wb["Kết quả"]["A3"] = "may-moc"  # no such activity
    wb["Bình chọn"]["E3"] = None  # recognised left empty
    wb.save(filled_2026)
    error = refused(filled_2026, data_copy)
    lines = [str(p) for p in error.problems]
    assert lines == [
        "Kinh phí:4: Kinh phí được giao (triệu đồng) — không đọc được giá trị (gặp 1.905, cần 1905 "
        "(viết số không có dấu phân cách hàng nghìn, dấu chấm thập phân); nếu đúng là số "
        "thập phân thì viết 1.9050)",
        "Kết quả:3: Mã hoạt động — mã không có trong activities.csv (gặp may-moc, cần một activity "
        "đã khai báo)",
        "Bình chọn:3: Số sản phẩm được công nhận (sản phẩm) — giá trị không hợp lệ (gặp ô trống, "
        "cần một giá trị (ô không được để trống))",
    ]
    assert error.exit_code == 2
    assert str(error).startswith("Sổ Excel có 3 lỗi")


def test_cross_row_rules_point_at_the_sheet(filled_2026: Path, data_copy: Path):
    wb = load_workbook(filled_2026)
    wb["Kết quả"]["A4"] = "may-moc-thiet-bi"  # same activity and unit twice
    wb["Kết quả"]["D4"] = "cơ sở"
    wb["Văn bản"]["B3"] = "seed-999"
    wb.save(filled_2026)
    text = str(refused(filled_2026, data_copy))
    assert "Kết quả:4: Mã hoạt động + Nguồn kinh phí + Đơn vị tính — dòng trùng khoá" in text
    assert "Văn bản:3: Mã nguồn tài liệu của văn bản — mã nguồn không có trong sources.csv" in text


def test_overspending_is_a_rule_warning_at_the_sheet(filled_2026: Path, data_copy: Path):
    wb = load_workbook(filled_2026)
    wb["Kinh phí"]["C4"] = 2500  # local: 2.500 spent of 2.000 allocated, a note but no explanation
    wb.save(filled_2026)
    report = import_workbook(filled_2026, data_copy)
    lines = [str(p) for p in report.warnings]
    # 2500 - 2000 = 500 over: QT7 fails, pointed at the sheet's row 4 and its header.
    assert any(
        line.startswith("Kinh phí:4: Kinh phí đã thực hiện (triệu đồng) — QT7: ") for line in lines
    ), lines


def test_scaffold_placeholders_are_refused(template_2026: Path, data_copy: Path):
    text = str(refused(template_2026, data_copy))
    assert "Kết quả:3: Ghi chú — còn nội dung mẫu chưa điền" in text
    assert "Văn bản:4: Nội dung — còn nội dung mẫu chưa điền" in text
    assert (
        "Kinh phí:3: Kinh phí đã thực hiện (triệu đồng) — giá trị không hợp lệ (gặp ô trống" in text
    )


@pytest.mark.slow  # a workbook round trip or a whole command
def test_round_trip_of_son_la_2025_is_identical(data_copy: Path, tmp_path: Path):
    before_bytes = digests(data_copy)
    before = load_dataset(data_copy)
    path, _ = write_template(data_copy, "son-la", 2025, tmp_path / "son-la-2025.xlsx")
    report = import_workbook(path, data_copy)
    after = load_dataset(data_copy)
    for table in YEAR_TABLES:
        pd.testing.assert_frame_equal(before.tables[table], after.tables[table])
    assert after.texts == before.texts
    assert report.files == []  # nothing differs, so nothing was rewritten
    assert digests(data_copy) == before_bytes


def test_an_edit_replaces_only_that_row(data_copy: Path, tmp_path: Path):
    path, _ = write_template(data_copy, "son-la", 2025, tmp_path / "son-la-2025.xlsx")
    wb = load_workbook(path)
    wb["Kinh phí"]["C4"] = 1600
    wb.save(path)
    old = (data_copy / "funding.csv").read_text(encoding="utf-8").splitlines()
    report = import_workbook(path, data_copy)
    assert report.files == [data_copy.resolve() / "funding.csv"]
    new = (data_copy / "funding.csv").read_text(encoding="utf-8").splitlines()
    assert [a == b for a, b in zip(old, new, strict=True)] == [True, True, False]
    assert new[2].startswith("son-la,2025,local,1905,1600,6,seed-000,")


def test_excel_cells_become_csv_cells():
    assert cell_text(1905) == "1905"
    assert cell_text(1905.0) == "1905"
    assert cell_text(62.5) == "62.5"
    assert cell_text(" 1.905 ") == "1.905"  # text stays text, and is refused by the rules
    assert cell_text(None) == ""


def test_a_workbook_not_from_the_template_is_refused(data_copy: Path, tmp_path: Path):
    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(WorkbookError, match="khuyencong template"):
        import_workbook(path, data_copy)


# ============================================================================================
# command line
# ============================================================================================


@pytest.mark.slow  # a workbook round trip or a whole command
def test_cli_template_import_and_exit_codes(data_copy: Path, tmp_path: Path):
    out = tmp_path / "so.xlsx"
    base = ["--province", "son-la", "--year", "2026", "--data-dir", str(data_copy)]
    result = CliRunner().invoke(main, ["template", *base, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "kế hoạch chương trình" in result.output
    again = CliRunner().invoke(main, ["template", *base, "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr

    before = digests(data_copy)
    bad = CliRunner().invoke(main, ["import", str(out), "--data-dir", str(data_copy)])
    assert bad.exit_code == 2
    assert "Sổ Excel có" in bad.stderr and "Kết quả:3:" in bad.stderr
    assert digests(data_copy) == before

    fill_2026(out)
    good = CliRunner().invoke(main, ["import", str(out), "--data-dir", str(data_copy)])
    assert good.exit_code == 0, good.output
    assert "Đã nhập son-la năm 2026" in good.output
    assert 2026 in set(load_dataset(data_copy).funding["year"])


@pytest.mark.parametrize(
    "sheet", [s for t, s in SHEETS.items() if t not in ("tasks", "award_products")]
)
def test_a_missing_sheet_is_named(filled_2026: Path, data_copy: Path, sheet: str):
    wb = load_workbook(filled_2026)
    del wb[sheet]
    wb.save(filled_2026)
    before = digests(data_copy)
    with pytest.raises(WorkbookError, match=f"{sheet}: thiếu trang"):
        import_workbook(filled_2026, data_copy)
    assert digests(data_copy) == before


def test_the_guide_lists_every_visible_sheet(template_2026: Path):
    """Issue 18: the guide never mentioned the "Văn bản báo cáo" sheet; now every visible sheet
    of the written workbook is listed under "Các trang của sổ" (the hidden one is not)."""
    wb = load_workbook(template_2026)
    lines = [str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value]
    listed = lines[lines.index("Các trang của sổ") + 1 :]
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert [line[2:].split(":")[0] for line in listed] == visible
    assert "Văn bản báo cáo" in visible and "_thong_tin" not in visible
    assert any("Alt+Enter" in line for line in lines)
