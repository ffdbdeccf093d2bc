"""The "Văn bản báo cáo" sheet of the Excel workbook: the report's document metadata and
authored text (the `document`, `causes`, `recommendations`, `closing` keys of the year's
texts YAML), one field per row, one row per item of a list."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from khuyencong.errors import Problem
from khuyencong.inputs import textguard, yamlread
from khuyencong.inputs.hints import nfc
from khuyencong.inputs.validation import MAX_ROWS

SHEET = "Văn bản báo cáo"
HEADERS = ("Mục", "Nội dung")
# (path in the YAML, label, is a list)
FIELDS = (
    (("document", "number"), "Số văn bản (ví dụ 125/BC-SCT)", False),
    (("document", "issue_date"), "Ngày ban hành (năm-tháng-ngày, ví dụ 2026-01-05)", False),
    (("document", "place"), "Địa danh", False),
    (("document", "addressees"), "Kính gửi (mỗi dòng một nơi)", True),
    (("document", "basis"), "Thực hiện … (văn bản yêu cầu báo cáo)", False),
    (("document", "recipients"), "Nơi nhận (mỗi dòng một nơi)", True),
    (("document", "signer", "authority"), "Thẩm quyền ký (ví dụ KT. GIÁM ĐỐC)", False),
    (("document", "signer", "title"), "Chức vụ người ký (ví dụ PHÓ GIÁM ĐỐC)", False),
    (("document", "signer", "name"), "Họ tên người ký", False),
    (("causes", "objective"), "Nguyên nhân khách quan", True),
    (("causes", "subjective"), "Nguyên nhân chủ quan", True),
    (("recommendations", "ministry"), "Kiến nghị với Bộ Công Thương", True),
    (("recommendations", "province"), "Kiến nghị với UBND tỉnh", True),
    (("closing",), "Đoạn kết phần phương hướng, nhiệm vụ", False),
)
REPORT_KEYS = ("document", "causes", "recommendations", "closing")


def _get(doc: object, path: tuple[str, ...]) -> object:
    for key in path:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc


def write_sheet(wb, texts: dict) -> None:
    """Add the sheet, prefilled from the YAML's report keys (empty fields shown as empty rows)."""
    from openpyxl.styles import Alignment, Font  # only where a workbook is written

    from khuyencong.inputs.sheet_cells import put

    ws = wb.create_sheet(SHEET)
    for c, header in enumerate(HEADERS, start=1):
        put(ws, 1, c, header).font = Font(bold=True)
    r = 2
    for path, label, many in FIELDS:
        value = _get(texts, path)
        items = (list(value) if isinstance(value, list) else []) or [None] if many else [value]
        for item in items:
            put(ws, r, 1, label)
            put(ws, r, 2, item.isoformat() if isinstance(item, date) else item)
            ws.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")
            r += 1
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 100


def read_sheet(wb) -> tuple[dict | None, list[Problem]]:
    """The report keys typed in the sheet (None when the workbook has no such sheet)."""
    if SHEET not in wb.sheetnames:
        return None, []
    by_label = {label.casefold(): (path, many) for path, label, many in FIELDS}
    out: dict = {}
    for path, _, many in FIELDS:  # every field present, empty until typed (as in the YAML)
        node = out
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = [] if many else None
    problems: list[Problem] = []
    for r, row in enumerate(wb[SHEET].iter_rows(min_row=2, values_only=True), start=2):
        label, value = (list(row) + [None, None])[:2]
        if label is None and value is None:
            continue
        guarded = _guard(r, label, value)
        if guarded:
            return out, problems + guarded
        found = by_label.get(str(label or "").strip().casefold())
        if found is None:
            problems.append(
                Problem(
                    SHEET,
                    r,
                    HEADERS[0],
                    "mục không có trong danh sách",
                    str(label or "ô trống"),
                    "một mục của trang",
                )
            )
            continue
        if value is None or not str(value).strip():
            continue
        path, many = found
        value = value.date().isoformat() if isinstance(value, datetime) else str(value).strip()
        node = out
        for key in path[:-1]:
            node = node.setdefault(key, {})
        if many:  # several places typed in one cell (Alt+Enter): one item a line
            node[path[-1]].extend(line.strip() for line in value.splitlines() if line.strip())
        else:
            node[path[-1]] = value
    return out, problems


def _guard(row: int, label: object, value: object) -> list[Problem]:
    """The cells of one row, or the sheet, refused by their size (textguard, MAX_ROWS)."""
    if row > MAX_ROWS:
        many = f"hơn {MAX_ROWS} dòng"
        return [Problem(SHEET, row, None, "trang quá dài", many, f"tối đa {MAX_ROWS} dòng")]
    cells = zip(HEADERS, (label, value), strict=True)
    found = (textguard.problem(SHEET, row, h, nfc(str(v))) for h, v in cells if v is not None)
    return [p for p in found if p is not None]


def filled(keys: dict) -> bool:
    """Whether any field of the sheet holds a value."""
    return any(_get(keys, path) not in (None, []) for path, _, _ in FIELDS)


def is_report_key(column: str | None) -> bool:
    return bool(column) and str(column).split(".")[0] in REPORT_KEYS


def on_sheet(p: Problem) -> Problem:
    """A problem of the report keys, pointed at this sheet and the field's label."""
    path = tuple(str(p.column).split("."))
    label = next((lab for pth, lab, _ in FIELDS if pth == path), p.column)
    return Problem(SHEET, None, label, p.message, p.found, p.expected)


def keep_report_keys(texts: dict | None, existing: Path) -> dict | None:
    """Texts to write on import: an old workbook without the sheet keeps the YAML's report keys."""
    if texts is None or any(k in texts for k in REPORT_KEYS) or not existing.is_file():
        return texts
    found = yamlread.load_file(existing, existing.name)  # within bounds, as every data file
    old = found if isinstance(found, dict) else {}
    return texts | {k: old[k] for k in REPORT_KEYS if k in old}
