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

import pandas as pd
import pandera.pandas as pa

from khuyencong.errors import DataValidationError, Problem
from khuyencong.inputs import hints
from khuyencong.inputs.schemas import Col, Table

_INT = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_VN_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")
_VN_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_BOOL = {"true": True, "false": False}
MAX_ROWS = 50_000  # size guard: far above any real edition, far below what hangs a build
_KIND_VI = {"int": "số nguyên", "number": "số", "bool": "true hoặc false", "text": "chữ"}


def read_rows(
    path: Path, label: str
) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """Header, and (file line, cells) per row, cells stripped; problems for an unreadable or empty file."""
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
    reader = csv.reader(io.StringIO(text, newline=""))
    # Each row keeps the file line it starts on, so messages point at the line an author sees
    # even after blank lines (which are skipped).
    rows, start = [], 1
    for r in reader:
        if any(c.strip() for c in r):
            rows.append((start, [c.strip() for c in r]))
        start = reader.line_num + 1
    if not rows:
        return [], [], [Problem(label, None, None, "tệp rỗng", "không có dòng nào", "dòng tiêu đề")]
    if hints.is_semicolon_header(rows[0][1]):
        return [], [], [Problem(label, 1, None, hints.SEMICOLON, rows[0][1][0][:60], "dấu phẩy")]
    if len(rows) - 1 > MAX_ROWS:
        problem = Problem(
            label,
            None,
            None,
            f"tệp quá lớn: {len(rows) - 1} dòng số liệu (tối đa {MAX_ROWS})",
            None,
            "tách hoặc rút gọn tệp; báo cáo một tỉnh, một năm chỉ cần vài trăm dòng",
        )
        return [], [], [problem]
    return rows[0][1], rows[1:], []


def _canonical(cell: str) -> str:
    return cell.replace(".", "").replace(",", ".")


def coerce_cell(cell: str, col: Col) -> tuple[object, str | None]:
    """Value of one cell for its column kind, or (None, reason) when it cannot be read."""
    if cell == "":
        return None, None
    if col.kind == "text":
        return cell, None
    if col.kind == "bool":
        low = cell.lower()
        return (_BOOL[low], None) if low in _BOOL else (None, "true hoặc false")
    if col.kind == "number" and not col.money and _NUMBER.match(cell):
        return float(cell), None  # a decimal column: `.` is the decimal point, 1.905 is 1.905
    if _VN_DECIMAL.match(cell) or (_VN_THOUSANDS.match(cell)):
        return (
            None,
            f"{_canonical(cell)} (viết số không có dấu phân cách hàng nghìn, dấu chấm thập phân)",
        )
    if col.kind == "int":
        return (int(cell), None) if _INT.match(cell) else (None, _KIND_VI["int"])
    return (float(cell), None) if _NUMBER.match(cell) else (None, _KIND_VI["number"])


def _pandera_column(col: Col) -> pa.Column:
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


def _frame(table: Table, header: list[str], rows: list[tuple[int, list[str]]], label: str):
    problems: list[Problem] = []
    known = {c.name: c for c in table.columns}
    for name in header:
        if name not in known:
            problems.append(
                Problem(
                    label, 1, name, "cột không có trong hợp đồng dữ liệu", name, ", ".join(known)
                )
            )
    for name, col in known.items():
        if name not in header and not col.header_optional:
            problems.append(Problem(label, 1, name, "thiếu cột", "không có", name))
    if problems:
        return None, problems
    if len(set(header)) != len(header):
        dup = [h for h in header if header.count(h) > 1][0]
        return None, [Problem(label, 1, dup, "cột bị lặp", dup, "mỗi cột một lần")]
    records = []
    for i, row in rows:
        if len(row) != len(header):
            problems.append(
                Problem(label, i, None, "số ô khác số cột", str(len(row)), str(len(header)))
            )
            continue
        rec = {}
        for name, cell in zip(header, row, strict=True):
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
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return frame.reset_index(drop=True), problems


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
