"""Cells of the workbooks the tool writes: text from the data is never a formula.

openpyxl turns any string starting with `=` into a formula, and Excel runs a text cell
starting with `=`, `+`, `-` or `@` as one once the author edits it. Every cell is
therefore written here: numbers as numbers (a real negative number stays numeric), text
as text (data type `s`), and text a spreadsheet would take for a formula
(`escape.formula_like`) with the cell style's `quotePrefix` set, which is what Excel
itself stores when someone types `'=…`. The `'` is a property of the cell, not a character
of its value, so reading the workbook back gives the original text exactly.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from khuyencong.core.escape import formula_like


def put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one cell; text stays text and is shown, never computed."""
    cell = ws.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if formula_like(value):
            cell.quotePrefix = True
    return cell
