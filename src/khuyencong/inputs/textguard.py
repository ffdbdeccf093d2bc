"""Every text an author types, checked the same way wherever it is read (CSV cell, YAML value,
workbook cell): no longer than a field can be, and no invisible character.

Refused: control characters (Unicode category Cc, except tab and line ends), format characters
(category Cf: right-to-left override and the other bidirectional controls, zero-width space,
zero-width joiner and non-joiner, soft hyphen, a byte-order mark inside the text…), the line and
paragraph separators (Zl, Zp) and the two noncharacters U+FFFE, U+FFFF. Vietnamese needs none
of them: its letters are precomposed (NFC) or base letters with combining marks (category Mn),
and it is written left to right without joiners. An invisible character makes the report show
a different word than the one stored (a right-to-left override reverses the letters in one
output and disappears in another), and the Word writer cannot store a control character at all.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from khuyencong.errors import Problem

INVISIBLE = "có ký tự ẩn hoặc ký tự điều khiển (thường do sao chép từ trang web hoặc tệp PDF)"
TOO_LONG = "nội dung quá dài"
MAX_FIELD = 5_000  # characters in one cell or paragraph: a long paragraph is about 1 500
_ALLOWED = "\t\n\r"
_REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}
_NAMES = {
    **dict.fromkeys(range(0x202A, 0x202F), "ký tự đổi chiều viết (phải sang trái)"),
    **dict.fromkeys(range(0x2066, 0x206A), "ký tự đổi chiều viết (phải sang trái)"),
    0x200E: "ký tự đổi chiều viết (phải sang trái)",
    0x200F: "ký tự đổi chiều viết (phải sang trái)",
    0x061C: "ký tự đổi chiều viết (phải sang trái)",
    0x200B: "dấu cách không độ rộng",
    0x200C: "ký tự ngắt nối ẩn",
    0x200D: "ký tự nối ẩn",
    0x2060: "ký tự nối ẩn",
    0xFEFF: "dấu BOM ẩn giữa văn bản",
    0x00AD: "dấu gạch nối mềm (ẩn)",
}


def refused_char(ch: str) -> bool:
    """Whether one character is refused in any text (see the module's docstring)."""
    if ch in _ALLOWED:
        return False
    return unicodedata.category(ch) in _REFUSED_CATEGORIES or ch in "\ufffe\uffff"


# The refused characters as ranges of code points, for the Unicode version of Python 3.11:
# what `scanned_ranges` finds there (a test compares), so that a command does not scan
# 195 000 characters to build its pattern. Another Unicode version is scanned.
KNOWN_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "14.0.0": (
        (0x0000, 0x0008), (0x000B, 0x000C), (0x000E, 0x001F), (0x007F, 0x009F),
        (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD),
        (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
        (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
        (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0xFFFE, 0xFFFF), (0x110BD, 0x110BD),
        (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
        (0xE0001, 0xE0001), (0xE0020, 0xE007F),
    ),
}  # fmt: skip


def scanned_ranges() -> tuple[tuple[int, int], ...]:
    """Every refused character of this Python's Unicode version, as (first, last) ranges."""
    # Planes 0, 1 and 14 hold every Cc, Cf, Zl, Zp character (planes 2-13 are letters and
    # unassigned, 15-16 private use): scanning only them keeps this under a tenth of a second.
    planes = (range(0, 0xD800), range(0xE000, 0x20000), range(0xE0000, 0xF0000))
    ranges: list[tuple[int, int]] = []
    for code in (c for plane in planes for c in plane if refused_char(chr(c))):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return tuple(ranges)


@cache
def _pattern() -> re.Pattern[str]:
    """One character class of every refused character (built once, then C speed per text)."""
    ranges = KNOWN_RANGES.get(unicodedata.unidata_version) or scanned_ranges()
    spans = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return re.compile(f"[{''.join(spans)}]")


def describe(ch: str) -> str:
    """A refused character in an author's words, with its code (U+202E)."""
    code = ord(ch)
    what = _NAMES.get(code)
    if what is None:
        what = "ký tự điều khiển" if unicodedata.category(ch) == "Cc" else "ký tự ẩn"
    return f"{what} U+{code:04X}"


def first_refused(text: str) -> tuple[int, str] | None:
    """(position from 1, character) of the first refused character of `text`, if any."""
    found = _pattern().search(text)
    return None if found is None else (found.start() + 1, found.group(0))


def problem(file: str, row: int | None, column: str | None, text: str) -> Problem | None:
    """The problem of one field (too long, or an invisible character), or None when it is fine.

    Said the same way for a CSV cell, a YAML value and a workbook cell; what was found is
    described, never printed whole."""
    if len(text) > MAX_FIELD:
        return Problem(
            file,
            row,
            column,
            TOO_LONG,
            f"{len(text)} ký tự",
            f"tối đa {MAX_FIELD} ký tự một ô hoặc một đoạn; tách thành nhiều đoạn",
        )
    bad = first_refused(text)
    if bad is None:
        return None
    position, ch = bad
    return Problem(
        file,
        row,
        column,
        INVISIBLE,
        f"{describe(ch)} ở ký tự thứ {position}",
        "xoá ký tự đó rồi gõ lại đoạn chữ quanh nó",
    )


def line_problems(file: str, text: str) -> list[Problem]:
    """A whole file's text scanned before it is parsed: one problem per line holding a refused
    character (the line and the character's place in it)."""
    out: list[Problem] = []
    pattern, pos, line, start = _pattern(), 0, 1, 0
    while len(out) < 50 and (found := pattern.search(text, pos)) is not None:
        line += text.count("\n", start, found.start())
        start = text.rfind("\n", 0, found.start()) + 1
        out.append(
            Problem(
                file,
                line,
                None,
                INVISIBLE,
                f"{describe(found.group(0))} ở ký tự thứ {found.start() - start + 1} của dòng",
                "xoá ký tự đó rồi gõ lại đoạn chữ quanh nó",
            )
        )
        end = text.find("\n", found.start())  # one problem a line: go on from the next one
        if end < 0:
            break
        pos = end + 1
    return out
