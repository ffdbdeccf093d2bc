"""Where a rule's problem sits in the workbook an author fills: sheet, Excel row, visible header.

`khuyencong template` writes a province-year's rows of each table on its sheet in file order
from the first data row, and `import` writes the sheet's rows back in that order, so the n-th
row of the province-year in `funding.csv` is the n-th data row of the "Kinh phí" sheet. A
problem without a row (a total) names the sheet and the column only.
"""

from __future__ import annotations

import pandas as pd

from khuyencong.errors import Problem
from khuyencong.inputs.datafiles import YEAR_TABLES, is_year_row
from khuyencong.inputs.dataset import Dataset
from khuyencong.inputs.schemas import TABLES
from khuyencong.inputs.workbook.layout import FIRST_ROW, HEADERS, SHEETS


def sheet_rows(frame: pd.DataFrame, table: str, province: str, year: int) -> dict[int, int]:
    """File row -> Excel row of the province-year's rows of a table on its sheet."""
    records = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
    rows = [
        int(str(r["__row"]))
        for r in records
        if is_year_row(table, r, province, year) and pd.notna(r.get("__row"))
    ]
    return {row: FIRST_ROW + i for i, row in enumerate(sorted(rows))}


def on_sheets(data: Dataset, province: str, year: int, problems: list[Problem]) -> list[Problem]:
    """Problems of the province-year's tables pointed at the workbook's sheet, row and header."""
    by_file = {TABLES[t].file: t for t in YEAR_TABLES}
    maps: dict[str, dict[int, int]] = {}
    out = []
    for p in problems:
        table = by_file.get(p.file)
        if table is None:
            out.append(p)
            continue
        if table not in maps:
            maps[table] = sheet_rows(data.tables[table], table, province, year)
        if p.row is not None and p.row not in maps[table]:
            out.append(p)  # a row of another year: the workbook of this year does not hold it
            continue
        row = maps[table].get(p.row) if p.row is not None else None
        header = HEADERS[table].get(p.column, p.column) if p.column else None
        out.append(Problem(SHEETS[table], row, header, p.message, p.found, p.expected))
    return out
