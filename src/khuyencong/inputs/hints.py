"""What went wrong in an author's file, said in the author's terms, with the fix.

The common mistakes come from Excel and hand-edited YAML: a CSV saved in the Windows
Vietnamese code page (CP1258) instead of UTF-8, a CSV whose cells are separated by `;`
(Excel's list separator under Vietnamese regional settings), a paragraph containing `: `
that YAML reads as a "key: value" pair. No message names a Python type or exception.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import yaml

SAVE_AS_UTF8 = "mở tệp bằng Excel, chọn Lưu thành (Save As) → “CSV UTF-8 (Comma delimited) (*.csv)”"
SEMICOLON = (
    "các ô được phân cách bằng dấu chấm phẩy (;) — Excel đặt vùng Việt Nam dùng “;” làm dấu "
    "phân cách danh sách; tệp dữ liệu cần dấu phẩy: đổi List separator thành “,” trong "
    "Control Panel → Region → Additional settings, hoặc lưu lại bằng LibreOffice với dấu phẩy"
)
QUOTE_PARAGRAPH = (
    "đoạn văn có dấu hai chấm và khoảng trắng (“: ”) bị hiểu là cặp khoá: giá trị — "
    'đặt cả đoạn trong dấu ngoặc kép, ví dụ - "Nguyên nhân: …"'
)


def nfc(text: str) -> str:
    """Unicode NFC: "cơ sở" typed on a Mac (decomposed) and on Windows compare equal."""
    return unicodedata.normalize("NFC", text)


def line_of(raw: bytes, offset: int) -> int:
    """File line (from 1) holding byte `offset`."""
    return raw[:offset].count(b"\n") + 1


def is_semicolon_header(header: list[str]) -> bool:
    return len(header) == 1 and ";" in header[0]


def kind_vi(value: object) -> str:
    """What a YAML value is, in words: a paragraph, a list, a key: value table, a number…"""
    if value is None:
        return "ô trống"
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, int | float):
        return f"một số ({value})"
    if isinstance(value, str):
        return "một đoạn văn (không phải danh sách)"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một bảng khoá: giá trị"
    return "một giá trị không đọc được"


def shown(value: object, limit: int = 40) -> str:
    """A YAML value as a message shows it: a short text quoted, anything else described in
    words (never printed whole: a document of nested aliases would not fit in memory)."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"chữ “{text}”"
    return kind_vi(value)


def yaml_error(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """(file line, Vietnamese explanation) of a YAML parsing error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = str(getattr(exc, "problem", "") or "")
    if isinstance(exc, yaml.constructor.ConstructorError):
        return line, "thẻ YAML không được phép (dạng !!python/…); chỉ ghi chữ, số và danh sách"
    if "mapping values are not allowed" in problem:
        return line, QUOTE_PARAGRAPH
    if "found character '\\t'" in problem:
        return line, "có ký tự Tab; thụt lề bằng dấu cách"
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return line, "thụt lề hoặc dấu ngoặc không khớp (mỗi đoạn văn một dòng bắt đầu bằng “- ”)"
    return line, "sai cú pháp YAML (kiểm tra thụt lề, dấu ngoặc, dấu hai chấm)"


@lru_cache(maxsize=8)
def composed(raw: str) -> yaml.Node | None:
    """The node tree of a YAML text (None for an empty text or one that is not YAML), composed
    once per text: the checks of a file's paragraphs and of their lines read it for each list.
    Only read, never changed, by its callers."""
    try:
        return yaml.compose(raw, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def mapping_item_lines(raw: str, key: str) -> list[int]:
    """Lines of the items of list `key` that YAML read as key: value pairs (a `: ` inside)."""
    root = composed(raw)
    if not isinstance(root, yaml.MappingNode):
        return []
    for k, v in root.value:
        if getattr(k, "value", None) == key and isinstance(v, yaml.SequenceNode):
            return [i.start_mark.line + 1 for i in v.value if isinstance(i, yaml.MappingNode)]
    return []
