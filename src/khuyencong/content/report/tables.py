"""Report tables with typed columns and a "Tổng cộng" row, and annexes of their own.

A minimal builder with the signatures of the report-form branch's `model.Column`,
`model.numeric_table` and `model.add_annex` (typed columns, a total row over the `summed`
columns); when both branches meet, these give way to the model's and only the imports change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from khuyencong.content.report.model import GAP, Section, Table
from khuyencong.figures.cells import number
from khuyencong.figures.formatting import fmt_auto, fmt_percent

TOTAL_LABEL = "Tổng cộng"
EMPTY_CELL = ""


@dataclass(frozen=True)
class Column:
    """`kind` "text", "number" or "percent"; `summed` whether "Tổng cộng" adds it up."""

    title: str
    width: float = 10
    kind: str = "text"
    group: str | None = None
    summed: bool = False
    blank_zero: bool = False


def is_empty(value: object) -> bool:
    """None, NaN or pandas' NA: a cell the data leaves empty."""
    try:
        return value is None or bool(value != value)
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def _cell(col: Column, value: object) -> str:
    if col.kind == "text":
        return "" if value is None else str(value)
    if is_empty(value):
        return EMPTY_CELL
    if col.kind == "percent":
        return fmt_percent(value)  # type: ignore[arg-type]
    if col.blank_zero and not value:
        return EMPTY_CELL
    return fmt_auto(value)


def numeric_table(
    caption: str, columns: Sequence[Column], rows: Sequence[Sequence[object]], total: bool = True
) -> Table:
    """Cells formatted by column kind, then a "Tổng cộng" row summing the `summed` columns."""
    cells = [[_cell(c, v) for c, v in zip(columns, row, strict=True)] for row in rows]
    if total and any(c.summed for c in columns):
        sums: list[str] = []
        for i, c in enumerate(columns):
            values = [number(r[i]) for r in rows if c.summed and not is_empty(r[i])]
            sums.append(fmt_auto(sum(values)) if values else "")
        first_text = next((i for i, c in enumerate(columns) if c.kind == "text"), 0)
        sums[first_text] = TOTAL_LABEL
        cells.append(sums)
    return Table(caption, [c.title for c in columns], cells, [c.width for c in columns])


def gap_row(columns: Sequence[Column], note: str) -> list[str]:
    """One row of visible gaps: a list the author has still to enter. `note` says what to
    enter and where (the report-form branch's `model.gap(note)` shows it as a comment)."""
    del note  # kept for the comment of a gap; this minimal builder prints the gap alone
    return [GAP for _ in columns]


def add_annex(table: Table, title: str, annexes: list[Section]) -> str:
    """Put `table` in an annex of its own; the label the body refers to it by."""
    label = f"Phụ lục {len(annexes) + 1:02d}"
    annexes.append(Section(label + ".", title, 1, [table]))
    return label
