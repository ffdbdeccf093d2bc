"""Text typed on a Mac (NFD, decomposed accents) equals text typed on Windows (NFC): every
text read from CSV, YAML and Excel is normalised to NFC before keys and duplicates are checked."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook

from khuyencong.errors import DataValidationError
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.workbook import read_workbook, write_template
from khuyencong.inputs.workbook.read import cell_text


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def test_nfd_yaml_is_read_as_nfc(data_copy: Path):
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    path.write_text(nfd(path.read_text(encoding="utf-8")), encoding="utf-8")
    texts = load_dataset(data_copy).texts[("son-la", "2025")]
    limitations = texts["limitations"]
    assert all(is_nfc(t) for t in limitations)
    # seed 000: "Quy mô sản xuất của nhiều cơ sở còn nhỏ lẻ." — searchable as typed
    assert any("nhỏ lẻ" in t for t in limitations)


def test_nfd_csv_is_read_as_nfc_and_duplicates_found(data_copy: Path):
    path = data_copy / "results.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(nfd(text), encoding="utf-8")
    results = load_dataset(data_copy).tables["results"]
    assert all(is_nfc(u) for u in results["unit"].dropna())
    assert "cơ sở" in set(results["unit"])
    # The same row once NFC, once NFD: one key, so a duplicate.
    first = text.splitlines()[1]
    path.write_text(text + nfd(first) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert [p.message for p in info.value.problems] == ["dòng trùng khoá", "dòng trùng khoá"]


def test_nfd_excel_cells_are_read_as_nfc(data_copy: Path, tmp_path: Path):
    assert cell_text(nfd("  cơ sở ")) == "cơ sở"
    book, _ = write_template(data_copy, "son-la", 2025, tmp_path / "b.xlsx")
    wb = load_workbook(book)
    ws = wb["Kết quả"]
    unit = next(c.column for c in ws[1] if c.value == "unit")
    ws.cell(3, unit).value = nfd("cơ sở")
    wb.save(book)
    content = read_workbook(book)
    assert content.tables["results"][0].cells["unit"] == "cơ sở"
