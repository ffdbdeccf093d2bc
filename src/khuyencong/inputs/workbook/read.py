"""`khuyencong import`, first step: a filled workbook read into rows and text.

Every cell is read as the CSV cell it stands for (numbers in their canonical form); the
workbook's own problems (a missing sheet or column, a placeholder left, a formula never
computed) are collected against the sheet, the Excel row and the Vietnamese header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from khuyencong.core.edition import check_parameters
from khuyencong.errors import ParameterError, Problem, WorkbookError
from khuyencong.inputs import hints, report_sheet, textguard
from khuyencong.inputs.datafiles import format_cell
from khuyencong.inputs.scaffold import PLACEHOLDER_MARKERS
from khuyencong.inputs.workbook import bounds
from khuyencong.inputs.workbook.layout import (
    CODE_ROW,
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    META_SHEET,
    OPTIONAL_SHEETS,
    SHEETS,
    TEXT_CODE_COLUMNS,
    TEXT_HEADERS,
    TEXT_SECTIONS,
    TEXT_SHEET,
    sheet_columns,
)


@dataclass
class SheetRow:
    row: int  # Excel row number
    cells: dict[str, str]  # contract column -> cell text, as a CSV cell would hold it


@dataclass
class WorkbookContent:
    province: str
    year: int
    tables: dict[str, list[SheetRow]]  # only the tables whose sheet could be read
    texts: dict[str, object] | None  # None when the text sheet is empty or missing
    text_rows: dict[str, int] = field(default_factory=dict)  # key -> first Excel row
    item_rows: dict[str, list[int]] = field(default_factory=dict)  # key -> row of each paragraph
    problems: list[Problem] = field(default_factory=list)
    refused: bool = False  # a problem that stops the import at once (textguard's)


_GUARD_MESSAGES = {textguard.TOO_LONG, textguard.INVISIBLE}


def cell_text(value: object) -> str:
    """An Excel cell as a CSV cell: numbers typed as numbers in their canonical form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_cell(value)
    return hints.nfc(str(value)).strip()


def _meta(wb) -> tuple[str, int]:
    if META_SHEET not in wb.sheetnames:
        raise WorkbookError(
            [
                Problem(
                    "sổ Excel",
                    None,
                    None,
                    "không phải sổ do khuyencong template tạo",
                    f"không có trang ẩn {META_SHEET}",
                    "sổ tạo bằng khuyencong template",
                )
            ]
        )
    values = {
        cell_text(r[0]): r[1]
        for r in wb[META_SHEET].iter_rows(min_row=1, max_row=50, max_col=2, values_only=True)
    }
    try:
        province, year = cell_text(values["province"]), int(cell_text(values["year"]))
    except (KeyError, TypeError, ValueError):
        raise WorkbookError(
            [Problem(META_SHEET, None, None, "thiếu tỉnh, năm của sổ", None, "province, year")]
        ) from None
    try:  # the same check as the command line: these two reach file paths
        edition = check_parameters(province, year)
    except ParameterError as exc:
        raise WorkbookError([Problem(META_SHEET, None, None, str(exc))]) from None
    return edition.province, edition.year


def _columns(ws: Worksheet, table: str, sheet: str) -> tuple[dict[str, int], list[Problem]]:
    """Column index of each sheet column: by its code in the hidden row, else by its header."""
    codes = {cell_text(c.value): c.column for c in ws[CODE_ROW] if c.value is not None}
    heads = {cell_text(c.value): c.column for c in ws[HEADER_ROW] if c.value is not None}
    found, problems = {}, []
    for col in sheet_columns(table):
        header = HEADERS[table][col.name]
        index = codes.get(col.name) or heads.get(header)
        if index is None and not col.header_optional:
            problems.append(Problem(sheet, HEADER_ROW, header, "thiếu cột", "không có", header))
        elif index is None:
            continue  # a workbook made before the column existed
        else:
            found[col.name] = index
    return found, problems


def _placeholder(sheet: str, row: int, header: str, text: str) -> Problem | None:
    low = text.casefold()
    for marker in PLACEHOLDER_MARKERS:
        if marker.casefold() in low:
            return Problem(
                sheet,
                row,
                header,
                "còn nội dung mẫu chưa điền",
                text if len(text) <= 60 else text[:57] + "…",
                f"nội dung thực tế (bỏ chữ “{marker}”)",
            )
    return None


def _data_rows(ws: Worksheet, columns: dict[str, int]) -> Iterator[tuple[int, dict[str, str]]]:
    for r, values in enumerate(ws.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW):
        cells = {
            name: cell_text(values[i - 1] if i - 1 < len(values) else None)
            for name, i in columns.items()
        }
        if any(cells.values()):
            yield r, cells


def _open(path: Path):
    """The workbook twice, streamed (stored values, and formulas), after its bounds are checked."""
    bounds.check_zip(path)
    bounds.check_text_runs(path)
    try:
        return (
            load_workbook(path, read_only=True, data_only=True),
            load_workbook(path, read_only=True, data_only=False),
        )
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorkbookError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    "không mở được sổ Excel (tệp hỏng, hoặc không phải .xlsx)",
                    None,
                    "sổ .xlsx tạo bằng khuyencong template, lưu bằng Excel hoặc LibreOffice",
                )
            ]
        ) from None


def read_workbook(path: str | Path) -> WorkbookContent:
    """The workbook's rows and text; problems of its own (layout, placeholders) collected.

    A sheet longer than MAX_ROWS, or any cell too long or holding an invisible character, is
    refused as soon as it is read (WorkbookError naming the sheet, row and header)."""
    wb, formulas = _open(Path(path))
    try:
        content = _content(wb, formulas)
    finally:
        wb.close()
        formulas.close()
    if content.refused:
        raise WorkbookError(content.problems)
    return content


def _content(wb, formulas) -> WorkbookContent:
    province, year = _meta(wb)
    content = WorkbookContent(province, year, {}, None)
    for table, sheet in SHEETS.items():
        _read_table(wb, formulas, content, table, sheet)
    _read_texts(wb, content)
    if TEXT_SHEET in wb.sheetnames:
        text_columns = dict(zip(TEXT_CODE_COLUMNS, (1, 2), strict=True))
        text_headers = dict(zip(TEXT_CODE_COLUMNS, TEXT_HEADERS, strict=True))
        content.problems += unsaved_formulas(
            wb[TEXT_SHEET], formulas[TEXT_SHEET], text_columns, text_headers
        )
    _read_report_sheet(wb, formulas, content)
    return content


def _read_report_sheet(wb, formulas, content: WorkbookContent) -> None:
    """The report's sheet ("Văn bản báo cáo"), its formulas checked like every other sheet's:
    a formula never computed would otherwise erase its field."""
    report_keys, problems = report_sheet.read_sheet(wb)
    content.problems += problems
    content.refused |= any(p.message in _GUARD_MESSAGES for p in problems)
    if report_sheet.SHEET in wb.sheetnames:
        columns = {"label": 1, "value": 2}
        headers = dict(zip(columns, report_sheet.HEADERS, strict=True))
        sheet = report_sheet.SHEET
        content.problems += unsaved_formulas(
            wb[sheet], formulas[sheet], columns, headers, first_row=2
        )
    if report_keys and (content.texts is not None or report_sheet.filled(report_keys)):
        content.texts = (content.texts or {"source_id": None}) | report_keys


def _read_table(wb, formulas, content: WorkbookContent, table: str, sheet: str) -> None:
    """One table sheet's rows into `content` (its problems too), streamed and bounded."""
    if sheet not in wb.sheetnames:
        # A workbook made before an optional sheet existed: that table stays as it is.
        if table not in OPTIONAL_SHEETS:
            content.problems.append(Problem(sheet, None, None, "thiếu trang", "không có", sheet))
        return
    columns, problems = _columns(wb[sheet], table, sheet)
    content.problems += problems
    if problems:
        return
    rows, counter = [], bounds.RowCounter(sheet)
    for r, cells in _data_rows(wb[sheet], columns):
        counter.add(r)
        for name, text in cells.items():
            _check_cell(content, sheet, r, HEADERS[table][name], text)
        rows.append(SheetRow(r, cells))
    content.tables[table] = rows
    content.problems += unsaved_formulas(wb[sheet], formulas[sheet], columns, HEADERS[table])


def _check_cell(content: WorkbookContent, sheet: str, row: int, header: str, text: str) -> None:
    """A cell too long or with an invisible character (refused), or a placeholder left."""
    problem = textguard.problem(sheet, row, header, text)
    content.refused |= problem is not None
    problem = problem or _placeholder(sheet, row, header, text)
    if problem:
        content.problems.append(problem)


def unsaved_formulas(
    values: Worksheet,
    formulas: Worksheet,
    columns: dict[str, int],
    headers: dict[str, str],
    first_row: int = FIRST_ROW,
) -> list[Problem]:
    """Formula cells without a stored result: they would read as empty and erase data.

    A workbook written by a script (not saved by Excel or LibreOffice) keeps formulas with no
    computed value; openpyxl cannot compute them."""
    problems = []
    wanted = set(columns.values())
    names = {i: n for n, i in columns.items()}
    streams = zip(
        formulas.iter_rows(min_row=first_row), values.iter_rows(min_row=first_row), strict=False
    )
    for r, (row, stored) in enumerate(streams, start=first_row):
        for cell in row:
            column = getattr(cell, "column", None)
            if column not in wanted or cell.data_type != "f":
                continue
            if column - 1 < len(stored) and stored[column - 1].value is not None:
                continue
            name = names[column]
            problems.append(
                Problem(
                    values.title,
                    r,
                    headers.get(name, name),
                    "ô có công thức nhưng chưa có giá trị đã tính; mở sổ bằng Excel "
                    "(hoặc LibreOffice), lưu lại rồi nhập lại",
                    str(cell.value)[:60],
                    "giá trị (công thức đã được tính và lưu)",
                )
            )
    return problems


def _text_lines(ws: Worksheet) -> Iterator[tuple[int, str, str]]:
    """(Excel row, section, text) of each row of the text sheet that is not empty."""
    for r, values in enumerate(ws.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW):
        section = cell_text(values[0] if values else None)
        text = cell_text(values[1] if len(values) > 1 else None)
        if section or text:
            yield r, section, text


def _read_texts(wb, content: WorkbookContent) -> None:
    if TEXT_SHEET not in wb.sheetnames:
        content.problems.append(
            Problem(TEXT_SHEET, None, None, "thiếu trang", "không có", TEXT_SHEET)
        )
        return
    # A section is found by its label on the sheet or by its contract key.
    by_label = {v.casefold(): k for k, v in TEXT_SECTIONS.items()} | {
        k.casefold(): k for k in TEXT_SECTIONS
    }
    texts: dict[str, object] = {"source_id": None}
    seen_any = False
    counter = bounds.RowCounter(TEXT_SHEET)
    for r, section, text in _text_lines(wb[TEXT_SHEET]):
        counter.add(r)
        seen_any = True
        _check_cell(content, TEXT_SHEET, r, TEXT_HEADERS[0], section)
        key = by_label.get(section.casefold())
        if key is None:
            content.problems.append(_unknown_section(r, section))
        elif text:
            _add_text(content, texts, key, r, text)
    if seen_any:
        texts |= {"period_start": content.year, "period_end": content.year}
        content.texts = texts


def _unknown_section(row: int, section: str) -> Problem:
    return Problem(
        TEXT_SHEET,
        row,
        TEXT_HEADERS[0],
        "mục không có trong danh sách" if section else "thiếu mục",
        section or "ô trống",
        ", ".join(TEXT_SECTIONS.values()),
    )


def _add_text(
    content: WorkbookContent, texts: dict[str, object], key: str, row: int, text: str
) -> None:
    """One paragraph (or the source code) of the text sheet, with the row it came from."""
    _check_cell(content, TEXT_SHEET, row, TEXT_HEADERS[1], text)
    content.text_rows.setdefault(key, row)
    if key != "source_id":
        texts.setdefault(key, []).append(text)  # type: ignore[attr-defined]
        content.item_rows.setdefault(key, []).append(row)
        return
    if texts["source_id"] is not None:
        content.problems.append(
            Problem(
                TEXT_SHEET,
                row,
                TEXT_HEADERS[0],
                "mục chỉ được có một dòng",
                TEXT_SECTIONS[key],
                "một dòng mã nguồn",
            )
        )
    texts["source_id"] = text
