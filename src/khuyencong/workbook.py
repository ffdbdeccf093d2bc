"""Excel round trip: a workbook to fill one province-year's inputs, and its import into `data/`.

`template` writes a workbook: a "Hướng dẫn" sheet, one sheet per table (Vietnamese headers with
units; the contract's column codes sit in a hidden first row), drop-down lists for every code,
a "Văn bản" sheet for the authored text, and a "Danh mục" sheet listing the codes.

`import` checks the workbook with exactly the rules and messages of the CSV validation: the
province-year's rows are put in place of the old ones in a temporary copy of the data folder,
the whole copy is loaded with `load_dataset`, and each problem is reported against the sheet,
the Excel row and the Vietnamese header it comes from. Only when everything is valid are the
changed files moved into `data/`; otherwise `data/` stays byte-identical.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from khuyencong import atomic, hints
from khuyencong.backup import make_backup, roll_back
from khuyencong.data import Dataset, load_dataset
from khuyencong.datafiles import (
    FIXED_COLUMNS,
    YEAR_TABLES,
    fixed_values,
    format_cell,
    merge_rows,
    text_header,
    texts_yaml,
    year_row_count,
)
from khuyencong.edition import check_parameters
from khuyencong.errors import (
    DataValidationError,
    ExistingFileError,
    ImportRefusedError,
    ParameterError,
    Problem,
    WorkbookError,
    WorkbookRulesError,
)
from khuyencong.locking import DATA_LOCK, data_lock
from khuyencong.prose import item_lines
from khuyencong.publish import sigint_held
from khuyencong.report import sheet as report_sheet
from khuyencong.rules import rule_problems
from khuyencong.scaffold import (
    PLACEHOLDER,
    PLACEHOLDER_MARKERS,
    YearInputs,
    check_year,
    draft_dir,
    inputs_for,
)
from khuyencong.schemas import TABLES, TEXT_LIST_KEYS, Col

GUIDE_SHEET = "Hướng dẫn"
TEXT_SHEET = "Văn bản"
LIST_SHEET = "Danh mục"
META_SHEET = "_thong_tin"
FORMAT = "khuyencong-workbook-1"
SHEETS = {"funding": "Kinh phí", "results": "Kết quả", "awards": "Bình chọn"}
CODE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
SPARE_ROWS = 200  # empty rows below the data that carry the drop-down lists and number checks

# Vietnamese header (with unit) of every contract column of the year tables.
HEADERS: dict[str, dict[str, str]] = {
    "funding": {
        "province": "Tỉnh",
        "year": "Năm",
        "fund_source": "Nguồn kinh phí",
        "allocated": "Kinh phí được giao (triệu đồng)",
        "disbursed": "Kinh phí đã thực hiện (triệu đồng)",
        "tasks": "Số nhiệm vụ, đề án đã thực hiện",
        "source_id": "Mã nguồn tài liệu",
        "note": "Ghi chú",
    },
    "results": {
        "entity": "Tỉnh",
        "period_start": "Năm đầu kỳ",
        "period_end": "Năm cuối kỳ",
        "activity": "Mã hoạt động",
        "fund_source": "Nguồn kinh phí",
        "quantity": "Số lượng",
        "unit": "Đơn vị tính",
        "budget": "Kinh phí (triệu đồng)",
        "qualifier": "Mức độ chắc chắn",
        "source_id": "Mã nguồn tài liệu",
        "note": "Ghi chú",
    },
    "awards": {
        "province": "Tỉnh",
        "year": "Năm",
        "level": "Cấp bình chọn",
        "dossiers": "Số hồ sơ đăng ký (hồ sơ)",
        "units": "Số đơn vị đăng ký (cơ sở)",
        "eligible": "Số hồ sơ đủ điều kiện (hồ sơ)",
        "recognised": "Số sản phẩm được công nhận (sản phẩm)",
        "source_id": "Mã nguồn tài liệu",
    },
}
TEXT_CODE_COLUMNS = ("section", "text")
TEXT_HEADERS = ("Mục", "Nội dung")
TEXT_SECTIONS = {
    "source_id": "Mã nguồn tài liệu của văn bản",
    "policies": "Chính sách ban hành trong năm",
    "results_narrative": "Kết quả đạt được",
    "limitations": "Tồn tại, hạn chế",
    "priorities": "Nhiệm vụ, định hướng năm sau",
    "solutions": "Giải pháp",
}
VALUE_LABELS = {
    "national": "Khuyến công quốc gia",
    "local": "Khuyến công địa phương",
    "all": "Tổng các nguồn",
    "exact": "Số chính xác",
    "at_least": "Cận dưới (tài liệu viết “hơn …”)",
    "planned": "Kế hoạch (“sẽ hỗ trợ”)",
    "estimated": "Ước thực hiện",
    "tinh": "Cấp tỉnh",
    "vung": "Cấp khu vực",
    "quoc-gia": "Cấp quốc gia",
    "xa": "Cấp xã",
}
WIDTHS = {"note": 60, "unit": 16, "activity": 30, "source_id": 16}
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def sheet_columns(table: str) -> list[Col]:
    """The contract columns a table sheet shows (those fixed by the province-year are not)."""
    return [c for c in TABLES[table].columns if c.name not in FIXED_COLUMNS[table]]


# ============================================================================================
# template
# ============================================================================================


@dataclass
class _List:
    title: str
    entries: list[tuple[str, str]]  # (code, description)
    ref: str = ""  # the range of the codes (drop-downs refer to it), set when written
    area: str = ""  # the range of codes and descriptions (for VLOOKUP), set when written


def _list_key(col: Col) -> str:
    return col.ref or "allowed:" + ",".join(col.allowed or ())


def _lists(dataset: Dataset) -> dict[str, _List]:
    """Every drop-down list of the table sheets and of the text sheet, keyed by _list_key."""
    lists: dict[str, _List] = {}
    for table in YEAR_TABLES:
        for col in sheet_columns(table):
            key = _list_key(col)
            if key in lists or not (col.ref or col.allowed):
                continue
            if col.allowed:
                entries = [(v, VALUE_LABELS.get(v, "")) for v in col.allowed]
            else:
                ref_table, ref_col = str(col.ref).split(".")
                frame = dataset.tables[ref_table]
                desc = next((c for c in ("name_vi", "title") if c in frame.columns), ref_col)
                entries = []
                for rec in frame.to_dict("records"):
                    text = format_cell(rec[desc])
                    if "unit_vi" in rec:
                        text = f"{text} (đơn vị tính: {rec['unit_vi']})"
                    entries.append((format_cell(rec[ref_col]), text))
            lists[key] = _List(HEADERS[table][col.name], entries)
    lists["sections"] = _List(TEXT_HEADERS[0], [(v, k) for k, v in TEXT_SECTIONS.items()])
    return lists


def _write_lists(ws: Worksheet, lists: dict[str, _List]) -> None:
    ws.append([])
    for i, item in enumerate(lists.values()):
        code_col = 1 + 3 * i
        letter = get_column_letter(code_col)
        ws.cell(1, code_col, item.title).font = _BOLD
        ws.cell(1, code_col + 1, "Ý nghĩa").font = _BOLD
        for r, (code, desc) in enumerate(item.entries, start=2):
            ws.cell(r, code_col, code)
            ws.cell(r, code_col + 1, desc)
        last = 1 + max(len(item.entries), 1)
        item.ref = f"'{LIST_SHEET}'!${letter}$2:${letter}${last}"
        desc = get_column_letter(code_col + 1)
        item.area = f"'{LIST_SHEET}'!${letter}$2:${desc}${last}"
        ws.column_dimensions[letter].width = 28
        ws.column_dimensions[get_column_letter(code_col + 1)].width = 60
    ws.freeze_panes = "A2"


def _excel_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if hasattr(value, "item"):
        return _excel_value(value.item())
    return value


def _set(ws: Worksheet, row: int, column: int, value: object) -> None:
    cell = ws.cell(row, column, _excel_value(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text


def _head(ws: Worksheet, codes: list[str], headers: list[str]) -> None:
    for i, (code, header) in enumerate(zip(codes, headers, strict=True), start=1):
        ws.cell(CODE_ROW, i, code)
        cell = ws.cell(HEADER_ROW, i, header)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEAD_FILL, _WRAP
    ws.row_dimensions[CODE_ROW].hidden = True
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)


def _validation(col: Col, lists: dict[str, _List], header: str) -> DataValidation | None:
    if col.ref or col.allowed:
        dv = DataValidation(type="list", formula1=lists[_list_key(col)].ref, allow_blank=True)
        dv.error = f"Chọn một mã trong danh sách (trang “{LIST_SHEET}”)."
        dv.prompt = f"Chọn trong danh sách; ý nghĩa các mã ở trang “{LIST_SHEET}”."
    elif col.kind in ("int", "number"):
        kind = "whole" if col.kind == "int" else "decimal"
        if col.min is not None and col.max is not None:
            dv = DataValidation(
                type=kind, operator="between", formula1=f"{col.min:g}", formula2=f"{col.max:g}"
            )
        elif col.min is not None:
            dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=f"{col.min:g}")
        else:
            return None
        unit = "số nguyên" if col.kind == "int" else "số"
        dv.allow_blank = True
        dv.error = f"Cần một {unit} ≥ {col.min:g}, gõ như số của Excel (không gõ “1.905” dạng chữ)."
        dv.prompt = f"{unit.capitalize()}; ô trống là thiếu số liệu, số 0 ghi 0."
    else:
        return None
    dv.errorTitle, dv.promptTitle = header[:32], header[:32]
    dv.showErrorMessage, dv.showInputMessage = True, True
    return dv


def _write_table(
    ws: Worksheet, table: str, rows: list[dict[str, object]], lists: dict[str, _List]
) -> None:
    cols = sheet_columns(table)
    headers = [HEADERS[table][c.name] for c in cols]
    _head(ws, [c.name for c in cols], headers)
    for r, rec in enumerate(rows, start=FIRST_ROW):
        for i, col in enumerate(cols, start=1):
            _set(ws, r, i, rec.get(col.name))
    last = FIRST_ROW + len(rows) + SPARE_ROWS
    for i, (col, header) in enumerate(zip(cols, headers, strict=True), start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = WIDTHS.get(col.name, 18)
        dv = _validation(col, lists, header)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
        if col.name == "note":
            for r in range(FIRST_ROW, FIRST_ROW + len(rows)):
                ws.cell(r, i).alignment = _WRAP
    names = [c.name for c in cols]
    if "activity" in names:
        # A helper column (no code in the hidden row, so `import` ignores it): the activity's name.
        act = get_column_letter(names.index("activity") + 1)
        helper = len(cols) + 1
        area = lists[_list_key(cols[names.index("activity")])].area
        cell = ws.cell(HEADER_ROW, helper, "Tên hoạt động (tự hiện theo mã, không cần sửa)")
        cell.font, cell.alignment = Font(bold=True, italic=True), _WRAP
        ws.column_dimensions[get_column_letter(helper)].width = 60
        for r in range(FIRST_ROW, last + 1):
            ws.cell(r, helper, f'=IFERROR(VLOOKUP({act}{r},{area},2,FALSE),"")')


def _write_texts(ws: Worksheet, texts: dict[str, object], lists: dict[str, _List]) -> int:
    _head(ws, list(TEXT_CODE_COLUMNS), list(TEXT_HEADERS))
    r = FIRST_ROW
    rows = [("source_id", texts.get("source_id"))]
    rows += [(key, item) for key in TEXT_LIST_KEYS for item in texts.get(key) or []]  # type: ignore[attr-defined]
    for key, value in rows:
        _set(ws, r, 1, TEXT_SECTIONS[key])
        _set(ws, r, 2, value)
        ws.cell(r, 2).alignment = _WRAP
        r += 1
    dv = DataValidation(type="list", formula1=lists["sections"].ref, allow_blank=True)
    dv.error = "Chọn một mục trong danh sách."
    dv.errorTitle, dv.showErrorMessage = "Mục", True
    ws.add_data_validation(dv)
    dv.add(f"A{FIRST_ROW}:A{r + SPARE_ROWS}")
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 120
    return len(rows)


def _guide_lines(name: str, inputs: YearInputs, data_dir: Path) -> list[str]:
    p, y = inputs.province, inputs.year
    origin = {
        "data": f"Sổ này đã điền sẵn số liệu hiện có của {name} năm {y} trong thư mục dữ liệu. "
        "Nhập lại sổ sẽ thay toàn bộ các dòng của tỉnh, năm này bằng nội dung của sổ.",
        "draft": f"Sổ này điền sẵn từ bản nháp {draft_dir(data_dir, p, y)} (do khuyencong new-year tạo).",
        "scaffold": "Sổ này điền sẵn theo kế hoạch của chương trình khuyến công (nếu có): "
        f"các ô, các dòng có chữ “{PLACEHOLDER}” phải được thay bằng số liệu, nội dung thực tế.",
    }[inputs.origin]
    return [
        f"Sổ nhập số liệu báo cáo khuyến công — {name} (mã {p}), năm {y}",
        "",
        origin,
        *inputs.notes,
        "",
        "Các bước",
        "1. Trang “Kinh phí”: mỗi nguồn kinh phí một dòng — national (khuyến công quốc gia) và "
        "local (khuyến công địa phương), cả khi bằng 0 (ghi 0). Tiền tính bằng triệu đồng. "
        "Kinh phí đã thực hiện lớn hơn kinh phí được giao thì phải ghi lý do ở cột Ghi chú.",
        "2. Trang “Kết quả”: mỗi dòng một hoạt động, một nguồn kinh phí (national, local; all khi không "
        "tách được nguồn) và một đơn vị tính của danh mục (ví dụ số lớp và số cán bộ: hai dòng). "
        "Chọn mã hoạt động trong danh sách; cột cuối tự hiện tên hoạt động. Dòng điền sẵn theo kế hoạch "
        "có mức độ “planned”: thay bằng số thực hiện, đổi mức độ thành exact (số chính xác) hoặc "
        "estimated (ước thực hiện), sửa nguồn và ghi chú; xoá dòng không thực hiện.",
        "3. Trang “Bình chọn”: nếu trong năm có bình chọn sản phẩm công nghiệp nông thôn tiêu biểu, "
        "mỗi cấp bình chọn một dòng.",
        "4. Trang “Văn bản”: mỗi đoạn văn một dòng; chọn mục trong danh sách (chính sách, kết quả, "
        "hạn chế, nhiệm vụ, giải pháp). Dòng “Mã nguồn tài liệu của văn bản” ghi mã nguồn. "
        "Không gõ số liệu (tiền, tỷ lệ) vào lời văn: sách lấy số liệu từ các bảng.",
        "5. Số: gõ như số bình thường của Excel. Không gõ số dạng chữ kiểu “1.905” hay “84,3”: "
        "sổ sẽ bị từ chối kèm cách viết đúng. Ô trống là thiếu số liệu; số 0 phải ghi 0.",
        "6. Mã nguồn tài liệu: chọn trong danh sách (data/sources.csv). Tài liệu mới chưa có trong "
        "danh sách thì thêm vào data/sources.csv trước rồi tạo lại sổ (khuyencong template), "
        "hoặc dùng mã authored (nội dung do đơn vị soạn thảo).",
        "7. Không đổi tên các trang, không xoá hàng tiêu đề, không sửa hàng mã cột bị ẩn (hàng 1).",
        "8. Lưu sổ (.xlsx) rồi chạy: khuyencong import <tệp>.xlsx. Mọi lỗi được báo một lần theo "
        "dạng “Trang:dòng: cột — lỗi (gặp …, cần …)”; sửa hết rồi nhập lại. Khi còn lỗi, thư mục "
        "dữ liệu không bị thay đổi.",
        f"9. Dựng sách: khuyencong build --province {p} --year {y}; đọc chương “Đối soát số liệu” "
        "và sửa các con số lệch trước khi xuất bản.",
        "",
        f"Trang “{LIST_SHEET}” liệt kê các mã được phép và ý nghĩa của chúng.",
    ]


def build_workbook(data_dir: str | Path, province: str, year: int) -> tuple[Workbook, YearInputs]:
    """The workbook for a province-year, prefilled with its data, its draft or a scaffold."""
    data_dir = Path(data_dir)
    dataset = load_dataset(data_dir)
    name = check_year(dataset, province, year)
    inputs = inputs_for(data_dir, dataset, province, year)
    lists = _lists(dataset)
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    tables = {t: wb.create_sheet(SHEETS[t]) for t in YEAR_TABLES}
    text_ws = wb.create_sheet(TEXT_SHEET)
    _write_lists(wb.create_sheet(LIST_SHEET), lists)
    for t, ws in tables.items():
        _write_table(ws, t, inputs.rows[t], lists)
    _write_texts(text_ws, inputs.texts, lists)
    report_sheet.write_sheet(wb, inputs.texts)
    for i, line in enumerate(_guide_lines(name, inputs, data_dir), start=1):
        cell = guide.cell(i, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            cell.font = Font(bold=True, size=14)
        elif line == "Các bước":
            cell.font = _BOLD
    guide.column_dimensions["A"].width = 130
    meta = wb.create_sheet(META_SHEET)
    for row in (("province", province), ("year", year), ("format", FORMAT)):
        meta.append(row)
    meta.sheet_state = "hidden"
    return wb, inputs


def write_template(
    data_dir: str | Path, province: str, year: int, out: str | Path, force: bool = False
) -> tuple[Path, YearInputs]:
    out = Path(out)
    if out.exists() and not force:
        raise ExistingFileError(
            str(out),
            f"Tệp {out} đã có; không ghi đè (có thể là sổ đang điền dở). Chọn tên khác bằng -o, "
            "hoặc thêm --force để ghi đè.",
        )
    wb, inputs = build_workbook(data_dir, province, year)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out, inputs


# ============================================================================================
# import: read the workbook
# ============================================================================================


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
        for r in wb[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True)
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
        if index is None:
            problems.append(Problem(sheet, HEADER_ROW, header, "thiếu cột", "không có", header))
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


def read_workbook(path: str | Path) -> WorkbookContent:
    """The workbook's rows and text; problems of its own (layout, placeholders) collected."""
    try:
        wb = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorkbookError(
            [
                Problem(
                    Path(path).name,
                    None,
                    None,
                    "không mở được sổ Excel (tệp hỏng, hoặc không phải .xlsx)",
                    None,
                    "sổ .xlsx tạo bằng khuyencong template, lưu bằng Excel hoặc LibreOffice",
                )
            ]
        ) from None
    province, year = _meta(wb)
    content = WorkbookContent(province, year, {}, None)
    for table, sheet in SHEETS.items():
        if sheet not in wb.sheetnames:
            content.problems.append(Problem(sheet, None, None, "thiếu trang", "không có", sheet))
            continue
        columns, problems = _columns(wb[sheet], table, sheet)
        content.problems += problems
        if problems:
            continue
        content.problems += unsaved_formulas(wb[sheet], formulas[sheet], columns, HEADERS[table])
        rows = []
        for r, cells in _data_rows(wb[sheet], columns):
            for name, text in cells.items():
                problem = _placeholder(sheet, r, HEADERS[table][name], text)
                if problem:
                    content.problems.append(problem)
            rows.append(SheetRow(r, cells))
        content.tables[table] = rows
    _read_texts(wb, content)
    if TEXT_SHEET in wb.sheetnames:
        text_columns = dict(zip(TEXT_CODE_COLUMNS, (1, 2), strict=True))
        text_headers = dict(zip(TEXT_CODE_COLUMNS, TEXT_HEADERS, strict=True))
        content.problems += unsaved_formulas(
            wb[TEXT_SHEET], formulas[TEXT_SHEET], text_columns, text_headers
        )
    report_keys, problems = report_sheet.read_sheet(wb)
    content.problems += problems
    if report_keys and (content.texts is not None or report_sheet.filled(report_keys)):
        content.texts = (content.texts or {"source_id": None}) | report_keys
    return content


def unsaved_formulas(
    values: Worksheet, formulas: Worksheet, columns: dict[str, int], headers: dict[str, str]
) -> list[Problem]:
    """Formula cells without a stored result: they would read as empty and erase data.

    A workbook written by a script (not saved by Excel or LibreOffice) keeps formulas with no
    computed value; openpyxl cannot compute them."""
    problems = []
    wanted = set(columns.values())
    for row in formulas.iter_rows(min_row=FIRST_ROW):
        for cell in row:
            if cell.column not in wanted or cell.data_type != "f":
                continue
            if values.cell(cell.row, cell.column).value is None:
                name = next(n for n, i in columns.items() if i == cell.column)
                problems.append(
                    Problem(
                        values.title,
                        cell.row,
                        headers.get(name, name),
                        "ô có công thức nhưng chưa có giá trị đã tính; mở sổ bằng Excel "
                        "(hoặc LibreOffice), lưu lại rồi nhập lại",
                        str(cell.value)[:60],
                        "giá trị (công thức đã được tính và lưu)",
                    )
                )
    return problems


def _read_texts(wb, content: WorkbookContent) -> None:
    if TEXT_SHEET not in wb.sheetnames:
        content.problems.append(
            Problem(TEXT_SHEET, None, None, "thiếu trang", "không có", TEXT_SHEET)
        )
        return
    ws = wb[TEXT_SHEET]
    by_label = {v.casefold(): k for k, v in TEXT_SECTIONS.items()} | {
        k.casefold(): k for k in TEXT_SECTIONS
    }
    texts: dict[str, object] = {"source_id": None}
    seen_any = False
    for r, values in enumerate(ws.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW):
        section = cell_text(values[0] if values else None)
        text = cell_text(values[1] if len(values) > 1 else None)
        if not section and not text:
            continue
        seen_any = True
        key = by_label.get(section.casefold())
        if key is None:
            content.problems.append(
                Problem(
                    TEXT_SHEET,
                    r,
                    TEXT_HEADERS[0],
                    "mục không có trong danh sách" if section else "thiếu mục",
                    section or "ô trống",
                    ", ".join(TEXT_SECTIONS.values()),
                )
            )
            continue
        if not text:
            continue
        problem = _placeholder(TEXT_SHEET, r, TEXT_HEADERS[1], text)
        if problem:
            content.problems.append(problem)
        content.text_rows.setdefault(key, r)
        if key == "source_id":
            if texts["source_id"] is not None:
                content.problems.append(
                    Problem(
                        TEXT_SHEET,
                        r,
                        TEXT_HEADERS[0],
                        "mục chỉ được có một dòng",
                        TEXT_SECTIONS[key],
                        "một dòng mã nguồn",
                    )
                )
            texts["source_id"] = text
        else:
            texts.setdefault(key, []).append(text)  # type: ignore[attr-defined]
            content.item_rows.setdefault(key, []).append(r)
    if seen_any:
        texts |= {"period_start": content.year, "period_end": content.year}
        content.texts = texts


# ============================================================================================
# import: merge into a copy of data/, validate, move into place
# ============================================================================================


@dataclass
class ImportReport:
    province: str
    year: int
    rows: dict[str, int]
    files: list[Path]
    backup: str | None = None  # name of the backup of the replaced files (data/.backup/<name>)
    warnings: list[Problem] = field(default_factory=list)  # consistency rules not satisfied


def _header_of(table: str, column: str | None) -> str | None:
    if column is None:
        return None
    # Only the sheet's own headers: the province and years are fixed by the workbook, not shown.
    names = [c for c in column.split(" + ") if c not in FIXED_COLUMNS[table]]
    return " + ".join(HEADERS[table].get(c, c) for c in names) or None


def _map_problem(
    p: Problem, content: WorkbookContent, line_maps: dict[str, dict[int, int]], text_label: str
) -> Problem:
    """A problem of the merged data set, pointed at the sheet, row and header it comes from."""
    for table in YEAR_TABLES:
        if p.file != TABLES[table].file or table not in line_maps:
            continue
        sheet = SHEETS[table]
        if p.row in line_maps[table]:
            row = line_maps[table][p.row]
        elif p.row is None and f"{content.province} năm {content.year}" in p.message:
            row = None
        else:
            return p  # a row the workbook does not hold
        return Problem(sheet, row, _header_of(table, p.column), p.message, p.found, p.expected)
    if p.file == text_label and report_sheet.is_report_key(p.column):
        return report_sheet.on_sheet(p)
    if p.file == text_label:
        label = TEXT_SECTIONS.get(p.column or "", p.column)
        row = line_maps.get("texts", {}).get(p.row or 0) or content.text_rows.get(p.column or "")
        return Problem(TEXT_SHEET, row, label, p.message, p.found, p.expected)
    return p


def _wipe_guard(table: str, old: int, new: int, content: WorkbookContent) -> None:
    """Refuse an import that would remove every row a province-year has in a table."""
    if old and not new:
        raise ImportRefusedError(
            f"Trang “{SHEETS[table]}” của sổ không có dòng nào: nhập sổ sẽ xoá cả {old} dòng của "
            f"{content.province} năm {content.year} trong {TABLES[table].file}. Chưa ghi gì vào "
            "thư mục dữ liệu. Nếu đúng là muốn xoá, chạy lại với --replace-empty."
        )


def import_workbook(
    path: str | Path,
    data_dir: str | Path,
    replace_empty: bool = False,
    say=print,
    strict: bool = False,
) -> ImportReport:
    """Check a workbook and write its province-year into `data_dir`, or raise WorkbookError.

    The whole data set is validated (load_dataset) on a temporary copy first; `data_dir` is only
    changed when there is no problem at all, and then only the files that change: each written
    atomically, after a dated backup of what it replaces (`data/.backup/`), under the data lock.
    """
    data_dir = Path(data_dir).resolve()
    content = read_workbook(path)
    with data_lock(data_dir, say):
        return _import(content, data_dir, replace_empty, strict)


def _import(
    content: WorkbookContent, data_dir: Path, replace_empty: bool, strict: bool = False
) -> ImportReport:
    province, year = content.province, content.year
    problems = list(content.problems)
    tmp = Path(tempfile.mkdtemp(prefix=".khuyencong-import-", dir=data_dir))
    try:
        work = tmp / data_dir.name
        shutil.copytree(
            data_dir,
            work,
            ignore=shutil.ignore_patterns("drafts", ".backup", ".khuyencong-import-*", DATA_LOCK),
        )
        changed: list[Path] = []
        line_maps: dict[str, dict[int, int]] = {}
        for table, rows in content.tables.items():
            rel = Path(TABLES[table].file)
            source = work / rel
            text = source.read_bytes().decode("utf-8-sig") if source.exists() else ""
            if not replace_empty:
                _wipe_guard(table, year_row_count(text, table, province, year), len(rows), content)
            records = [fixed_values(table, province, year) | r.cells for r in rows]
            merged, lines = merge_rows(text, table, province, year, records)
            source.write_bytes(merged.encode("utf-8"))
            line_maps[table] = {line: r.row for line, r in zip(lines, rows, strict=True)}
            changed.append(rel)
        text_rel = Path("texts") / province / f"{year}.yaml"
        if content.texts is not None:
            target = atomic.inside(work, work / text_rel)
            header = text_header(target) or (
                f"# Văn bản báo cáo khuyến công {province} năm {year}, nhập từ sổ Excel "
                "(khuyencong import).\n# Không gõ số liệu (tiền, tỷ lệ) vào lời văn: số liệu "
                "lấy từ các bảng."
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            texts = report_sheet.keep_report_keys(content.texts, target) or {}
            written_yaml = texts_yaml(texts, header)
            target.write_bytes(written_yaml.encode("utf-8"))
            changed.append(text_rel)
            # Each paragraph's line in the YAML -> its Excel row (for "Văn bản:row" messages).
            line_maps["texts"] = {
                line: content.item_rows[key][i]
                for (key, i), line in item_lines(written_yaml).items()
                if i < len(content.item_rows.get(key, []))
            }
        label = text_rel.as_posix()
        warnings: list[Problem] = []
        try:
            checked = load_dataset(work)
        except DataValidationError as exc:
            problems += [_map_problem(p, content, line_maps, label) for p in exc.problems]
        else:
            # The consistency rules build reports, on the same rows: warnings, refusals if strict.
            found = rule_problems(checked, province, year)
            warnings = [_map_problem(p, content, line_maps, label) for p in found]
            if strict:
                problems += warnings
        if problems:
            order = {s: i for i, s in enumerate([*SHEETS.values(), TEXT_SHEET])}
            problems.sort(key=lambda p: (order.get(p.file, -1), p.row or 0, p.column or ""))
            # Only consistency rules broke (--strict): exit code 3, as build --strict.
            only_rules = strict and all(p in warnings for p in problems)
            error = WorkbookRulesError if only_rules else WorkbookError
            raise error(problems)
        written, backup = _move_in(work, data_dir, changed, f"khuyencong import {province} {year}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    counts = {t: len(rows) for t, rows in content.tables.items()}
    report = ImportReport(province, year, counts, written, warnings=warnings)
    report.backup = backup
    return report


def _move_in(
    work: Path, data_dir: Path, changed: list[Path], reason: str
) -> tuple[list[Path], str | None]:
    """Write the changed files of the validated copy into `data_dir`, each atomically, after
    a backup of what they replace; return the files written and the backup's name."""
    todo = [
        rel
        for rel in changed
        if not (data_dir / rel).exists()
        or (data_dir / rel).read_bytes() != (work / rel).read_bytes()
    ]
    if not todo:
        return [], None
    backup = make_backup(data_dir, [r.as_posix() for r in todo], reason)
    written: list[Path] = []
    try:
        with sigint_held():  # Ctrl-C waits until every file is in place
            for rel in todo:
                written.append(
                    atomic.write_bytes(data_dir, data_dir / rel, (work / rel).read_bytes())
                )
    except BaseException:  # a full disk, a permission: put back what was already replaced
        roll_back(data_dir, backup)
        raise
    return written, backup.name
