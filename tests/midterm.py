"""A made-up Sơn La 2026–2028 (three annual years of the 2026–2030 programme) typed into the
workbook of `khuyencong template` and imported, as an author would: the test data set of the
mid-term review (sơ kết). Every figure is authored test input, none comes from a seed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from filling import funding_rows, set_rows, set_texts
from openpyxl import load_workbook

from khuyencong.inputs.workbook import write_template
from khuyencong.pipeline.importing import import_workbook

# (fund_source, allocated, disbursed, tasks) per year
FUNDING = {
    2026: [("national", 300, 300, 1), ("local", 2075, 1900, 6)],
    2027: [("national", 1550, 1500, 3), ("local", 3563, 3400, 9)],
    2028: [("national", 1350, 1350, 2), ("local", 4758, 4500, 10)],
}
# the provincial award round of 2027: (dossiers, units, eligible, recognised)
AWARDS = {2027: (40, 20, 38, 25)}
# (activity, fund_source, quantity, unit, budget) per year
RESULTS = {
    2026: [
        ("may-moc-thiet-bi", "national", 1, "cơ sở", 300),
        ("may-moc-thiet-bi", "local", 2, "cơ sở", 600),
        ("nhan-hieu", "local", 8, "nhãn hiệu", 280),
        ("thiet-ke-mau-ma-bao-bi", "local", 5, "cơ sở", 175),
    ],
    2027: [
        ("may-moc-thiet-bi", "national", 2, "cơ sở", 600),
        ("may-moc-thiet-bi", "local", 3, "cơ sở", 900),
        ("nhan-hieu", "local", 10, "nhãn hiệu", 350),
        ("thiet-ke-mau-ma-bao-bi", "local", 9, "cơ sở", 315),
    ],
    2028: [
        ("may-moc-thiet-bi", "national", 2, "cơ sở", 600),
        ("may-moc-thiet-bi", "local", 2, "cơ sở", 600),
        ("nhan-hieu", "local", 12, "nhãn hiệu", 420),
        ("thiet-ke-mau-ma-bao-bi", "local", 10, "cơ sở", 350),
    ],
}


def enter_year(data: Path, year: int, folder: Path) -> None:
    """Type one year into a fresh workbook and import it into `data`."""
    workbook, _ = write_template(data, "son-la", year, folder / f"son-la-{year}.xlsx")
    wb = load_workbook(workbook)
    set_rows(wb["Kinh phí"], funding_rows(*FUNDING[year]))
    keys = ("activity", "fund_source", "quantity", "unit", "budget")
    set_rows(
        wb["Kết quả"],
        [
            dict(zip(keys, r, strict=True)) | {"qualifier": "exact", "source_id": "authored"}
            for r in RESULTS[year]
        ],
    )
    columns = ("dossiers", "units", "eligible", "recognised")
    rounds = (
        [dict(zip(columns, AWARDS[year], strict=True)) | {"level": "tinh", "source_id": "authored"}]
        if year in AWARDS
        else []
    )
    set_rows(wb["Bình chọn"], rounds)
    set_texts(wb["Văn bản"], [("Mã nguồn tài liệu của văn bản", "authored")])
    wb.save(workbook)
    import_workbook(workbook, data)


def midterm_data(root: Path, years=(2026, 2027, 2028)) -> Path:
    """A copy of data/ with the `years` entered through the workbook."""
    data = root / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    for year in years:
        enter_year(data, year, root)
    return data
