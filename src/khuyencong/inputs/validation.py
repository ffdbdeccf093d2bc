"""Read an input CSV as an author produced it and check it against the contract.

Authors work in Excel: files may carry a BOM, CRLF line ends and stray spaces; those are
accepted. A number written the Vietnamese way (`1.905`, `84,3`) is refused with the
canonical form, never silently misread. All problems are collected, not only the first.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.errors import DataValidationError, Problem
from khuyencong.inputs import hints, textguard
from khuyencong.inputs.links import link_problem
from khuyencong.inputs.schemas import Col, Table

if TYPE_CHECKING:  # imported where a table is checked: a kernel reading a snapshot never is
    import pandera.pandas as pa

_INT = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_VN_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")
_VN_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_BOOL = {"true": True, "false": False}
MAX_ROWS = 50_000  # size guard: far above any real edition, far below what hangs a build
MAX_BYTES = 32 * 1024 * 1024  # a file this size holds far more than MAX_ROWS rows of any table
_KIND_VI = {"int": "số nguyên", "number": "số", "bool": "true hoặc false", "text": "chữ"}


def read_rows(
    path: Path, label: str
) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """Header, and (file line, cells) per row, cells stripped; problems for an unreadable, empty
    or oversized file (refused before it is read whole: by its size, then at row MAX_ROWS + 1)."""
    link = link_problem(path, label)
    if link is not None:  # never read (nor quote) a file outside the data folder
        return [], [], [link]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return (
            [],
            [],
            [_too_big(label, f"{size // (1024 * 1024)} MB (tối đa {MAX_BYTES >> 20} MB)")],
        )
    raw = path.read_bytes()
    try:
        text = hints.nfc(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        problem = Problem(
            label,
            hints.line_of(raw, exc.start),
            None,
            "tệp không phải UTF-8 (có thể đã lưu theo bảng mã Windows tiếng Việt CP1258)",
            None,
            f"UTF-8: {hints.SAVE_AS_UTF8}",
        )
        return [], [], [problem]
    rows, problems = _csv_rows(text, label)
    if problems:
        return [], [], problems
    if not rows:
        return [], [], [Problem(label, None, None, "tệp rỗng", "không có dòng nào", "dòng tiêu đề")]
    if hints.is_semicolon_header(rows[0][1]):
        return [], [], [Problem(label, 1, None, hints.SEMICOLON, rows[0][1][0][:60], "dấu phẩy")]
    return rows[0][1], rows[1:], []


def _too_big(label: str, found: str) -> Problem:
    return Problem(
        label,
        None,
        None,
        f"tệp quá lớn: {found}",
        None,
        "tách hoặc rút gọn tệp; báo cáo một tỉnh, một năm chỉ cần vài trăm dòng",
    )


def _csv_rows(text: str, label: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """(file line, stripped cells) of each row that is not blank; reading stops at the first
    row past MAX_ROWS and at a cell the CSV reader cannot hold (far longer than any field)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    # Each row keeps the file line it starts on, so messages point at the line an author sees
    # even after blank lines (which are skipped).
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for r in reader:
            if any(c.strip() for c in r):
                rows.append((start, [c.strip() for c in r]))
                if len(rows) > MAX_ROWS + 1:  # the header and MAX_ROWS rows
                    found = f"hơn {MAX_ROWS} dòng số liệu (tối đa {MAX_ROWS})"
                    return [], [_too_big(label, found)]
            start = reader.line_num + 1
    except csv.Error as exc:  # a field beyond the reader's limit (128 KiB), or broken quoting
        if "field limit" not in str(exc):
            why = "dòng CSV không đọc được (kiểm tra dấu ngoặc kép)"
            return [], [Problem(label, start, None, why, None, "các ô phân cách bằng dấu phẩy")]
        found = f"hơn {csv.field_size_limit()} ký tự"
        expected = f"tối đa {textguard.MAX_FIELD} ký tự một ô"
        return [], [Problem(label, start, None, "nội dung quá dài", found, expected)]
    return rows, []


def _canonical(cell: str) -> str:
    """`1.905` -> `1905`, `3.562,5` -> `3562.5`; a decimal that would itself read as thousands
    (`1,905` -> `1.905`) gets a trailing zero (`1.9050`), which no thousands grouping has."""
    out = cell.replace(".", "").replace(",", ".")
    return out + "0" if _VN_THOUSANDS.match(out) else out


def ambiguous_hint(cell: str, col: Col) -> str:
    """What to write instead of `1.905` (thousands or a decimal?) in a column of `col`'s kind."""
    hint = f"{_canonical(cell)} (viết số không có dấu phân cách hàng nghìn, dấu chấm thập phân)"
    if col.kind == "number" and cell.count(".") == 1:
        hint += f"; nếu đúng là số thập phân thì viết {cell}0"
    return hint


def coerce_cell(cell: str, col: Col) -> tuple[object, str | None]:
    """Value of one cell for its column kind, or (None, reason) when it cannot be read.

    `1.905` is refused in every numeric column: an author may mean one thousand nine hundred
    and five (the Vietnamese way) or one point nine; the canonical forms are shown."""
    if cell == "":
        return None, None
    if col.kind == "text":
        return cell, None
    if col.kind == "bool":
        low = cell.lower()
        return (_BOOL[low], None) if low in _BOOL else (None, "true hoặc false")
    if _VN_THOUSANDS.match(cell):
        return None, ambiguous_hint(cell, col)
    if _VN_DECIMAL.match(cell):
        return (
            None,
            f"{_canonical(cell)} (viết số không có dấu phân cách hàng nghìn, dấu chấm thập phân)",
        )
    if col.kind == "int":
        return (int(cell), None) if _INT.match(cell) else (None, _KIND_VI["int"])
    return (float(cell), None) if _NUMBER.match(cell) else (None, _KIND_VI["number"])


def _pandera_column(col: Col) -> pa.Column:
    import pandera.pandas as pa

    checks = []
    if col.allowed:
        checks.append(pa.Check.isin(list(col.allowed)))
    if col.min is not None:
        checks.append(pa.Check.ge(col.min))
    if col.max is not None:
        checks.append(pa.Check.le(col.max))
    if col.pattern:
        checks.append(pa.Check.str_matches(col.pattern))
    return pa.Column(nullable=not col.required, checks=checks, coerce=False)


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {c.name: _pandera_column(c) for c in table.columns},
        unique=list(table.key),
        report_duplicates="all",
        strict=True,
    )


def _describe_check(check: str, col: Col | None) -> str:
    if col is None:
        return "giá trị không hợp lệ"
    if "isin" in check:
        return ", ".join(col.allowed or ())
    if "greater_than_or_equal_to" in check:
        return f"≥ {col.min:g}"
    if "less_than_or_equal_to" in check:
        return f"≤ {col.max:g}"
    if "str_matches" in check:
        return "mã viết thường, không dấu, nối bằng gạch ngang (ví dụ son-la)"
    if "not_nullable" in check:
        return "một giá trị (ô không được để trống)"
    return check


def _header_problems(table: Table, header: list[str], label: str) -> list[Problem]:
    """The header's problems: an invisible character, an unknown, missing or repeated column."""
    problems = [p for h in header if (p := textguard.problem(label, 1, None, h))]
    if problems:  # a header with an invisible character would be named as an unknown column
        return problems
    known = {c.name: c for c in table.columns}
    for name in header:
        if name not in known:
            problems.append(
                Problem(
                    label,
                    1,
                    name,
                    "cột không có trong hợp đồng dữ liệu",
                    name,
                    ", ".join(table.column_names),
                )
            )
    for name, col in known.items():
        if name not in header and not col.header_optional:
            problems.append(Problem(label, 1, name, "thiếu cột", "không có", name))
    if problems:
        return problems
    if len(set(header)) != len(header):
        dup = [h for h in header if header.count(h) > 1][0]
        return [Problem(label, 1, dup, "cột bị lặp", dup, "mỗi cột một lần")]
    return []


def _frame(table: Table, header: list[str], rows: list[tuple[int, list[str]]], label: str):
    problems = _header_problems(table, header, label)
    if problems:
        return None, problems
    known = {c.name: c for c in table.columns}
    records = []
    for i, row in rows:
        if len(row) != len(header):
            problems.append(
                Problem(label, i, None, "số ô khác số cột", str(len(row)), str(len(header)))
            )
            continue
        rec: dict[str, object] = {}
        for name, cell in zip(header, row, strict=True):
            guard = textguard.problem(label, i, name, cell)
            if guard is not None:
                problems.append(guard)
                rec[name] = None
                continue
            value, reason = coerce_cell(cell, known[name])
            if reason:
                problems.append(Problem(label, i, name, "không đọc được giá trị", cell, reason))
            rec[name] = value
        rec["__row"] = i  # a header_optional column left out of the file reads as empty
        records.append(rec)
    frame = pd.DataFrame.from_records(records, columns=[*table.column_names, "__row"])
    for c in table.columns:
        if c.kind == "int":
            frame[c.name] = frame[c.name].astype("Int64")
        elif c.kind == "number":
            frame[c.name] = frame[c.name].astype("Float64")
        elif c.kind == "bool":
            frame[c.name] = frame[c.name].astype("boolean")
        else:
            frame[c.name] = frame[c.name].astype("object")
    return frame, problems


def empty_table(table: Table) -> pd.DataFrame:
    """An optional table whose file is absent: its columns, typed, and no row."""
    frame, _ = _frame(table, table.column_names, [], table.file)
    return frame


def validate_table(
    table: Table, path: Path, label: str
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table as a typed DataFrame (with its file row numbers in `__row`), and its problems."""
    import pandera.pandas as pa

    header, rows, problems = read_rows(path, label)
    if problems:
        return None, problems
    frame, problems = _frame(table, header, rows, label)
    if frame is None:
        return None, problems
    bad_rows = {p.row for p in problems}
    checked = frame[~frame["__row"].isin(bad_rows)]
    try:
        pandera_schema(table).validate(checked.drop(columns="__row"), lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems += _problems_from_pandera(exc.failure_cases, checked, table, label)
    problems += period_problems(checked, label)
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return frame.reset_index(drop=True), problems


def period_problems(frame: pd.DataFrame, label: str) -> list[Problem]:
    """Rows whose period starts after it ends (any table with period_start and period_end)."""
    if not {"period_start", "period_end"} <= set(frame.columns):
        return []
    start, end = frame["period_start"], frame["period_end"]
    bad = frame[(start > end).fillna(False).astype(bool)]
    return [
        Problem(
            label,
            int(row),
            "period_start",
            "năm đầu kỳ sau năm cuối kỳ",
            f"{s} > {e}",
            "năm đầu kỳ ≤ năm cuối kỳ",
        )
        for row, s, e in zip(bad["__row"], bad["period_start"], bad["period_end"], strict=True)
    ]


def _problems_from_pandera(cases: pd.DataFrame, frame: pd.DataFrame, table: Table, label: str):
    cols = {c.name: c for c in table.columns}
    out: list[Problem] = []
    for case in cases.to_dict("records"):
        index = case.get("index")
        row = int(frame.loc[index, "__row"]) if index is not None and index == index else None
        column, check = case.get("column"), str(case.get("check"))
        if "unique" in check or "duplicates" in check:
            key = " + ".join(table.key)
            found = str(case.get("failure_case"))
            if row is not None:  # the whole key, not only the first column's value
                found = ", ".join(str(frame.loc[index, k]) for k in table.key)  # type: ignore[index]
            out.append(Problem(label, row, key, "dòng trùng khoá", found, "mỗi khoá một dòng"))
            continue
        col = cols.get(str(column))
        raw = case.get("failure_case")
        shown = "ô trống" if raw is None or raw != raw else str(raw)
        out.append(
            Problem(label, row, column, "giá trị không hợp lệ", shown, _describe_check(check, col))
        )
    # pandera reports a duplicated row once per key column; keep one message per row.
    unique: dict[tuple, Problem] = {}
    for p in out:
        unique.setdefault((p.row, p.column, p.message), p)
    return list(unique.values())


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise DataValidationError(problems)
