"""The data files of a province-year as the contract writes them, each written atomically.

Which rows of a table belong to a province-year, how a value is written to a CSV cell, a CSV
table's text (new, or with one province-year's rows replaced), authored text as YAML. Used by
`new-year` (the draft), `template` (prefilled cells) and `import` (the merge into data/).
Every file written here goes through `atomic`: a reader sees the old file or the new one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd
import yaml

from khuyencong.core import atomic
from khuyencong.inputs.schemas import TABLES, TEXT_LIST_KEYS, TEXT_REPORT_KEYS

_AMBIGUOUS = re.compile(r"^-?[1-9]\d{0,2}\.\d{3}$")  # as the reader refuses it (validation.py)

# The tables that hold one province-year's inputs, and the columns fixed by that province-year.
YEAR_TABLES = ("funding", "results", "awards", "tasks", "award_products")
FIXED_COLUMNS = {
    "funding": ("province", "year"),
    "results": ("entity", "period_start", "period_end"),
    "awards": ("province", "year"),
    "tasks": ("province", "year"),
    "award_products": ("province", "year"),
}


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]  # any cell value
    except (TypeError, ValueError):
        return False


def format_cell(value: object) -> str:
    """A value as the contract writes it in a CSV cell: `1905`, `62.5`, `true`, empty when missing."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        text = format(float(text), "f") if "e" in text else text
        # 1.905 would read as one thousand nine hundred and five: 1.9050 cannot.
        return text + "0" if _AMBIGUOUS.match(text) else text
    if hasattr(value, "item"):  # numpy / pandas scalars
        return format_cell(value.item())
    return str(value).strip()


def typed(value: object) -> object:
    """Python value of a DataFrame cell: None for missing, int/float/bool/str otherwise."""
    if is_blank(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def is_year_row(table: str, record: Mapping[str, object], province: str, year: int) -> bool:
    """Whether a row (typed values or CSV strings) belongs to the province-year."""

    def same_year(v: object) -> bool:
        return format_cell(v) == str(year)

    if table == "results":
        return (
            format_cell(record.get("entity")) == province
            and same_year(record.get("period_start"))
            and same_year(record.get("period_end"))
        )
    return format_cell(record.get("province")) == province and same_year(record.get("year"))


def fixed_values(table: str, province: str, year: int) -> dict[str, object]:
    if table == "results":
        return {"entity": province, "period_start": year, "period_end": year}
    return {"province": province, "year": year}


def csv_text(columns: list[str], records: list[dict[str, object]]) -> str:
    """A CSV file as the contract wants it: header, minimal quoting, LF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for rec in records:
        writer.writerow([format_cell(rec.get(c)) for c in columns])
    return out.getvalue()


class _TextDumper(yaml.SafeDumper):
    """Indents list items under their key (`  - …`), as the hand-written text files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def texts_yaml(texts: dict[str, object], header: str) -> str:
    """Authored text as YAML: `header` comment lines, then the contract's keys in order."""
    doc: dict[str, object] = {}
    for key in ("source_id", "period_start", "period_end"):
        if texts.get(key) is not None:
            doc[key] = texts[key]
    for key in TEXT_LIST_KEYS:
        items = texts.get(key)
        if items:
            doc[key] = list(items)  # type: ignore[call-overload]  # a list read from YAML
    for key in TEXT_REPORT_KEYS:  # the report's metadata and authored text, as entered
        if texts.get(key) is not None:
            doc[key] = texts[key]
    body = yaml.dump(
        doc, Dumper=_TextDumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2
    )
    lines = [line if line.startswith("#") else f"# {line}" for line in header.splitlines()]
    return "\n".join([*lines, body]) if lines else body


def text_header(path: Path) -> str:
    """The leading comment lines of an existing text file (kept when the file is rewritten)."""
    if not path.exists():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def _raw_records(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each CSV record with the exact text it was read from (without its line end)."""
    consumed: list[str] = []

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            consumed.append(line)
            yield line

    for cells in csv.reader(lines()):
        raw = "".join(consumed)
        consumed.clear()
        yield raw.rstrip("\r\n"), cells


def _add_filled_columns(
    records_in: list[tuple[str, list[str]]],
    header: list[str],
    table: str,
    records: list[dict[str, object]],
) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """A column the file leaves out (a header_optional one) is added when a new row fills it: the
    header names it and every old row gets an empty cell."""
    extra = [
        c
        for c in TABLES[table].column_names
        if c not in header and any(not is_blank(rec.get(c)) for rec in records)
    ]
    if not extra or not records_in:
        return records_in, header
    pad = "," * len(extra)
    added = [(records_in[0][0] + "," + ",".join(extra), records_in[0][1])]
    added += [(raw + pad, cells) for raw, cells in records_in[1:]]
    return added, header + extra


def merge_rows(
    text: str, table: str, province: str, year: int, records: list[dict[str, object]]
) -> tuple[str, list[int]]:
    """The CSV with the province-year's rows replaced by `records`; each record's file line.

    Other rows keep their exact text and order; the new rows take the place of the first old
    one (or go last). Line ends become LF, in the file's own column order.
    """
    records_in = list(_raw_records(text))
    header = [c.strip() for c in records_in[0][1]] if records_in else TABLES[table].column_names
    records_in, header = _add_filled_columns(records_in, header, table, records)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    parts = [records_in[0][0] + "\n"] if records_in else []
    if not records_in:
        writer.writerow(header)
        parts.append(out.getvalue())
    line = 1 + sum(p.count("\n") for p in parts)
    lines: list[int] = []

    def insert() -> None:
        nonlocal line
        for rec in records:
            out.seek(0)
            out.truncate()
            writer.writerow([format_cell(rec.get(h)) for h in header])
            lines.append(line)
            parts.append(out.getvalue())
            line += out.getvalue().count("\n")

    inserted = False
    for raw, cells in records_in[1:]:
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        if cells and is_year_row(table, row, province, year):
            if not inserted:
                insert()
                inserted = True
            continue
        parts.append(raw + "\n")
        line += raw.count("\n") + 1
    if not inserted:
        insert()
    return "".join(parts), lines


def year_row_count(text: str, table: str, province: str, year: int) -> int:
    """How many rows of a CSV text belong to the province-year."""
    records = list(_raw_records(text))
    if not records:
        return 0
    header = [c.strip() for c in records[0][1]]
    return sum(
        1
        for _, cells in records[1:]
        if cells
        and is_year_row(
            table, dict(zip(header, (c.strip() for c in cells), strict=False)), province, year
        )
    )


def write_text(root: Path, path: Path, text: str) -> Path:
    """Atomically write `text` (UTF-8) to `path` under `root`; its folders are created."""
    return atomic.write_bytes(root, path, text.encode("utf-8"))
