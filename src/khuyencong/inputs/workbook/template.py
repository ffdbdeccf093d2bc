"""`khuyencong template`: the workbook to fill one province-year's inputs.

A "Hướng dẫn" sheet, one sheet per table (drop-down lists for every code, number checks), a
"Văn bản" sheet for the authored text, the report's sheet, a "Danh mục" sheet listing the codes,
and a hidden sheet naming the province and year. Prefilled with the province-year's data, its
draft or a fresh scaffold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from khuyencong.errors import ExistingFileError
from khuyencong.inputs import report_sheet
from khuyencong.inputs.datafiles import YEAR_TABLES, format_cell
from khuyencong.inputs.dataset import Dataset, load_dataset
from khuyencong.inputs.scaffold import (
    PLACEHOLDER,
    Carried,
    YearInputs,
    check_year,
    draft_dir,
    inputs_for,
)
from khuyencong.inputs.schemas import TEXT_LIST_KEYS, Col
from khuyencong.inputs.sheet_cells import put
from khuyencong.inputs.workbook.layout import (
    CODE_ROW,
    FIRST_ROW,
    FORMAT,
    GUIDE_SHEET,
    HEADER_ROW,
    HEADERS,
    LIST_SHEET,
    META_SHEET,
    SHEET_PURPOSES,
    SHEETS,
    SPARE_ROWS,
    TEXT_CODE_COLUMNS,
    TEXT_HEADERS,
    TEXT_SECTIONS,
    TEXT_SHEET,
    sheet_columns,
)

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
    "phe-duyet": "Đã phê duyệt",
    "dang-thuc-hien": "Đang thực hiện",
    "nghiem-thu": "Đã nghiệm thu",
    "quyet-toan": "Đã quyết toán",
    "1": "Nhóm 1",
    "2": "Nhóm 2",
    "3": "Nhóm 3",
    "4": "Nhóm 4",
}
WIDTHS = {
    "note": 60,
    "explanation": 60,
    "unit": 16,
    "activity": 30,
    "source_id": 16,
    "name": 50,
    "product": 40,
}
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


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
        put(ws, 1, code_col, item.title).font = _BOLD
        put(ws, 1, code_col + 1, "Ý nghĩa").font = _BOLD
        for r, (code, desc) in enumerate(item.entries, start=2):
            put(ws, r, code_col, code)
            put(ws, r, code_col + 1, desc)
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
    put(ws, row, column, _excel_value(value))


def _head(ws: Worksheet, codes: list[str], headers: list[str]) -> None:
    for i, (code, header) in enumerate(zip(codes, headers, strict=True), start=1):
        put(ws, CODE_ROW, i, code)
        cell = put(ws, HEADER_ROW, i, header)
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
        if col.name in ("note", "explanation"):
            for r in range(FIRST_ROW, FIRST_ROW + len(rows)):
                ws.cell(r, i).alignment = _WRAP
    names = [c.name for c in cols]
    if "activity" in names:
        # A helper column (no code in the hidden row, so `import` ignores it): the activity's name.
        act = get_column_letter(names.index("activity") + 1)
        helper = len(cols) + 1
        area = lists[_list_key(cols[names.index("activity")])].area
        cell = put(ws, HEADER_ROW, helper, "Tên hoạt động (tự hiện theo mã, không cần sửa)")
        cell.font, cell.alignment = Font(bold=True, italic=True), _WRAP
        ws.column_dimensions[get_column_letter(helper)].width = 60
        for r in range(FIRST_ROW, last + 1):
            ws.cell(r, helper, f'=IFERROR(VLOOKUP({act}{r},{area},2,FALSE),"")')  # ours, no data


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


# Steps 1–6 of the guide: the data sheets, numbers and sources.
_DATA_STEPS = (
    "1. Trang “Kinh phí”: mỗi nguồn kinh phí một dòng — national (khuyến công quốc gia) và "
    "local (khuyến công địa phương), cả khi bằng 0 (ghi 0). Tiền tính bằng triệu đồng. "
    "Kinh phí đã thực hiện lớn hơn kinh phí được giao, hay tăng, giảm quá nhiều so với năm "
    "trước, thì ghi giải trình ở cột “Giải trình”, bắt đầu bằng mã quy tắc (ví dụ “QT7: bổ "
    "sung kinh phí theo quyết định …”); cột Ghi chú không thay cho giải trình.",
    "2. Trang “Kết quả”: mỗi dòng một hoạt động, một nguồn kinh phí (national, local; all khi không "
    "tách được nguồn) và một đơn vị tính của danh mục (ví dụ số lớp và số cán bộ: hai dòng). "
    "Chọn mã hoạt động trong danh sách; cột cuối tự hiện tên hoạt động. Dòng điền sẵn theo kế hoạch "
    "có mức độ “planned”: thay bằng số thực hiện, đổi mức độ thành exact (số chính xác) hoặc "
    "estimated (ước thực hiện), sửa nguồn và ghi chú. Nội dung kế hoạch chưa thực hiện: giữ "
    "dòng, ghi số lượng 0, kinh phí 0, mức độ exact và lý do ở cột “Giải trình” (báo cáo "
    "ghi “chưa thực hiện” kèm lý do); không xoá dòng. Số liệu thấp hơn, vượt kế hoạch hay "
    "khác thường thì ghi giải trình bắt đầu bằng mã quy tắc mà lệnh build hoặc import nêu "
    "(ví dụ “QT5: …”). Số lượng kế hoạch điền sẵn đã gồm phần chưa thực hiện của các năm "
    "trước.",
    "3. Trang “Bình chọn”: nếu trong năm có bình chọn sản phẩm công nghiệp nông thôn tiêu biểu, "
    "mỗi cấp bình chọn một dòng.",
    "3a. Trang “Nhiệm vụ” (không bắt buộc): mỗi đề án, nhiệm vụ của năm một dòng — số hiệu, tên, "
    "đơn vị thụ hưởng, xã/phường, mã hoạt động, nguồn, kinh phí hỗ trợ, vốn đối ứng, tình trạng, "
    "quyết định phê duyệt. Trang “Sản phẩm được công nhận” (không bắt buộc): mỗi sản phẩm một dòng.",
    "4. Trang “Văn bản”: mỗi đoạn văn một dòng; chọn mục trong danh sách (chính sách, kết quả, "
    "hạn chế, nhiệm vụ, giải pháp). Dòng “Mã nguồn tài liệu của văn bản” ghi mã nguồn. "
    "Không gõ số liệu (tiền, tỷ lệ) vào lời văn: sách lấy số liệu từ các bảng.",
    "5. Số: gõ như số bình thường của Excel. Không gõ số dạng chữ kiểu “1.905” hay “84,3”: "
    "sổ sẽ bị từ chối kèm cách viết đúng. Ô trống là thiếu số liệu; số 0 phải ghi 0.",
    "6. Mã nguồn tài liệu: chọn trong danh sách. Tài liệu mới chưa có trong danh sách thì khai "
    "báo bằng khuyencong add-source rồi tạo lại sổ (khuyencong template), hoặc dùng mã authored "
    "(nội dung do đơn vị soạn thảo). Số liệu thực hiện không giữ nguồn là quyết định phê duyệt "
    "chương trình.",
)


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
        *_DATA_STEPS,
        f"7. Trang “{report_sheet.SHEET}”: số, ngày, nơi gửi, nơi nhận, người ký, nguyên nhân, kiến "
        "nghị của báo cáo; mỗi nơi nhận, mỗi nguyên nhân một dòng (hoặc mỗi dòng một nơi trong cùng "
        "ô, xuống dòng bằng Alt+Enter). Mục nào để trống thì báo cáo là DỰ THẢO.",
        "8. Không đổi tên các trang, không xoá hàng tiêu đề, không sửa hàng mã cột bị ẩn (hàng 1).",
        "9. Lưu sổ (.xlsx) rồi chạy: khuyencong import <tệp>.xlsx. Mọi lỗi được báo một lần theo "
        "dạng “Trang:dòng: cột — lỗi (gặp …, cần …)”; sửa hết rồi nhập lại. Khi còn lỗi, thư mục "
        "dữ liệu không bị thay đổi.",
        f"10. Dựng sách: khuyencong build --province {p} --year {y}; đọc chương “Đối soát số liệu” "
        "và sửa các con số lệch trước khi xuất bản.",
    ]


def _sheet_lines(wb: Workbook) -> list[str]:
    """The guide's list of every visible sheet of the workbook, as written."""
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    return ["", "Các trang của sổ"] + [
        f"- {title}: {SHEET_PURPOSES[title]}" if title in SHEET_PURPOSES else f"- {title}"
        for title in visible
    ]


def build_workbook(
    data_dir: str | Path, province: str, year: int, carried: Carried | None = None
) -> tuple[Workbook, YearInputs]:
    """The workbook for a province-year, prefilled with its data, its draft or a scaffold
    (the year's plan plus the shortfalls `carried` over)."""
    data_dir = Path(data_dir)
    dataset = load_dataset(data_dir)
    name = check_year(dataset, province, year)
    inputs = inputs_for(data_dir, dataset, province, year, carried)
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
    meta = wb.create_sheet(META_SHEET)
    for r, row in enumerate((("province", province), ("year", year), ("format", FORMAT)), 1):
        for c, value in enumerate(row, start=1):
            put(meta, r, c, value)
    meta.sheet_state = "hidden"
    lines = _guide_lines(name, inputs, data_dir) + _sheet_lines(wb)
    for i, line in enumerate(lines, start=1):
        cell = put(guide, i, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            cell.font = Font(bold=True, size=14)
        elif line in ("Các bước", "Các trang của sổ"):
            cell.font = _BOLD
    guide.column_dimensions["A"].width = 130
    return wb, inputs


def write_template(
    data_dir: str | Path,
    province: str,
    year: int,
    out: str | Path,
    force: bool = False,
    carried: Carried | None = None,
) -> tuple[Path, YearInputs]:
    out = Path(out)
    if out.exists() and not force:
        raise ExistingFileError(
            str(out),
            f"Tệp {out} đã có; không ghi đè (có thể là sổ đang điền dở). Chọn tên khác bằng -o, "
            "hoặc thêm --force để ghi đè.",
        )
    wb, inputs = build_workbook(data_dir, province, year, carried)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out, inputs
