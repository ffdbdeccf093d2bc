"""The workbook's "Văn bản báo cáo" sheet: the report's metadata through Excel and back."""

from __future__ import annotations

import unicodedata

import pytest
import yaml

from khuyencong.content.report.content import build_report
from khuyencong.errors import DataValidationError
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.report_sheet import keep_report_keys


@pytest.mark.slow  # a workbook round trip or a whole command
def test_workbook_sheet_carries_the_metadata_into_the_yaml(data_copy, tmp_path):
    from openpyxl import load_workbook

    from khuyencong.inputs.report_sheet import SHEET
    from khuyencong.inputs.workbook import write_template
    from khuyencong.pipeline.importing import import_workbook

    path, _ = write_template(data_copy, "son-la", 2025, tmp_path / "son-la-2025.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows["Số văn bản (ví dụ 125/BC-SCT)"], 2, "125/BC-SCT")
    ws.cell(rows["Họ tên người ký"], 2, "Nguyễn Văn A")
    ws.cell(rows["Kính gửi (mỗi dòng một nơi)"], 2, "Sở Tài chính")
    assert ws.cell(rows["Địa danh"], 2).value == "Sơn La"
    wb.save(path)
    import_workbook(path, data_copy)
    doc = yaml.safe_load((data_copy / "texts" / "son-la" / "2025.yaml").read_text("utf-8"))
    assert doc["document"]["number"] == "125/BC-SCT"
    assert doc["document"]["signer"]["name"] == "Nguyễn Văn A"
    assert doc["document"]["addressees"] == ["Sở Tài chính"]
    assert doc["closing"].startswith("Với định hướng")  # untouched fields come back as they were
    rep = build_report(load_dataset(data_copy), "son-la", 2025)
    assert rep.number_line == "Số: 125/BC-SCT" and rep.kinh_gui() == ["Kính gửi: Sở Tài chính."]


def test_workbook_metadata_error_names_the_sheet_and_field(data_copy, tmp_path):
    from openpyxl import load_workbook

    from khuyencong.inputs.report_sheet import SHEET
    from khuyencong.inputs.workbook import write_template
    from khuyencong.pipeline.importing import import_workbook

    path, _ = write_template(data_copy, "son-la", 2025, tmp_path / "son-la-2025.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value.startswith("Ngày ban"))
    ws.cell(row, 2, "05/01/2026")
    wb.save(path)
    before = (data_copy / "texts" / "son-la" / "2025.yaml").read_bytes()
    with pytest.raises(DataValidationError) as err:
        import_workbook(path, data_copy)
    assert f"{SHEET}: Ngày ban hành" in str(err.value) and "05/01/2026" in str(err.value)
    assert (data_copy / "texts" / "son-la" / "2025.yaml").read_bytes() == before


def test_an_old_workbook_keeps_the_yaml_report_keys_in_nfc(tmp_path):
    # "Sơn La" typed on a Mac arrives decomposed (NFD); the kept keys must compare equal to it.
    decomposed = unicodedata.normalize("NFD", "Sơn La, ngày 15 tháng 01 năm 2026")
    existing = tmp_path / "2025.yaml"
    existing.write_text(f"document:\n  place: {decomposed}\n", encoding="utf-8")
    kept = keep_report_keys({"limitations": ["x"]}, existing)
    assert kept == {
        "limitations": ["x"],
        "document": {"place": "Sơn La, ngày 15 tháng 01 năm 2026"},
    }
    assert kept["document"]["place"] != decomposed
    # A workbook that has the sheet writes its own keys; nothing is read from the YAML.
    assert keep_report_keys({"document": {}}, existing) == {"document": {}}


@pytest.mark.slow  # a workbook round trip or a whole command
def test_several_recipients_typed_in_one_cell_are_one_item_a_line(data_copy, tmp_path):
    """Issue 18: "UBND tỉnh\nSở Tài chính" typed in one cell printed as one broken item."""
    from openpyxl import load_workbook

    from khuyencong.inputs.report_sheet import SHEET
    from khuyencong.inputs.workbook import write_template
    from khuyencong.pipeline.importing import import_workbook

    path, _ = write_template(data_copy, "son-la", 2025, tmp_path / "son-la-2025.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows["Nơi nhận (mỗi dòng một nơi)"], 2, "- Như trên;\nUBND tỉnh (b/c)\n\n- Lưu: VT")
    wb.save(path)
    import_workbook(path, data_copy)
    doc = yaml.safe_load((data_copy / "texts" / "son-la" / "2025.yaml").read_text("utf-8"))
    assert doc["document"]["recipients"] == ["- Như trên;", "UBND tỉnh (b/c)", "- Lưu: VT"]
    rep = build_report(load_dataset(data_copy), "son-la", 2025)
    assert rep.recipients == ["- Như trên;", "- UBND tỉnh (b/c);", "- Lưu: VT."]
