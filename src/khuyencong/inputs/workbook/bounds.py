"""A workbook to import, read within bounds: its size on disk and inflated, and its rows.

An .xlsx is a zip of XML parts. Before openpyxl opens it, the parts' declared sizes are added up
from the zip's directory (nothing inflated): a few megabytes that would inflate to gigabytes are
refused at once. The declared sizes hold: Python's zip reader never yields more bytes than a
part declares (it stops there and fails the checksum). The sheets are then streamed (openpyxl's
read-only mode), and a sheet is refused at its row MAX_ROWS + 1, by its name.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from pathlib import Path

from khuyencong.errors import Problem, WorkbookError
from khuyencong.inputs.validation import MAX_ROWS

MAX_FILE_BYTES = 20 * 1024 * 1024  # a filled workbook weighs well under a megabyte
# Every part inflated: 200 000 rows of the results sheet take about 80 MB, so a sheet far too
# long is still refused by its rows (named by the sheet), and a zip bomb by this size.
MAX_UNZIPPED_BYTES = 128 * 1024 * 1024
MAX_SHARED_STRINGS = 32 * 1024 * 1024  # the one part openpyxl holds whole in memory
MAX_PARTS = 1_000  # a workbook of the template has about twenty
# Text between two tags of a part: a cell holds at most textguard.MAX_FIELD characters (four
# bytes each at most, five for an escaped "&"); anything far longer is refused before openpyxl
# would hold it whole in memory.
MAX_TEXT_RUN = 256 * 1024
_CHUNK = 1024 * 1024
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_SPLIT = "tách hoặc rút gọn sổ; báo cáo một tỉnh, một năm chỉ cần vài trăm dòng"


def _refuse(where: str, message: str, found: str, expected: str = _SPLIT) -> WorkbookError:
    return WorkbookError([Problem(where, None, None, message, found, expected)])


def check_zip(path: Path) -> None:
    """Refuse a workbook too large on disk or once inflated, from its zip directory alone.

    A file that is not a zip at all is left to openpyxl (its own "damaged" message)."""
    name = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        found = f"{size >> 20} MB"
        raise _refuse(name, "sổ Excel quá lớn", found + f" (tối đa {MAX_FILE_BYTES >> 20} MB)")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if len(parts) > MAX_PARTS:
        found = f"{len(parts)} phần (tối đa {MAX_PARTS})"
        raise _refuse(name, "sổ Excel có quá nhiều phần bên trong", found)
    inflated = sum(p.file_size for p in parts)
    if inflated > MAX_UNZIPPED_BYTES:
        found = f"{inflated >> 20} MB khi giải nén (tối đa {MAX_UNZIPPED_BYTES >> 20} MB)"
        raise _refuse(name, "sổ Excel quá lớn khi giải nén", found)
    strings = sum(p.file_size for p in parts if p.filename.endswith("sharedStrings.xml"))
    if strings > MAX_SHARED_STRINGS:
        found = f"{strings >> 20} MB (tối đa {MAX_SHARED_STRINGS >> 20} MB)"
        raise _refuse(name, "sổ Excel có quá nhiều chữ khác nhau khi giải nén", found)


class RowCounter:
    """Counts a sheet's filled rows as they stream; refuses the sheet at row MAX_ROWS + 1."""

    def __init__(self, sheet: str, limit: int = MAX_ROWS):
        self.sheet, self.limit, self.count = sheet, limit, 0

    def add(self, row: int) -> None:
        self.count += 1
        if self.count > self.limit:
            found = f"hơn {self.limit} dòng có dữ liệu (đến dòng {row})"
            problem = Problem(self.sheet, row, None, "trang quá dài", found, _SPLIT)
            raise WorkbookError([problem])


def check_text_runs(path: Path) -> None:
    """Refuse a cell far longer than any field, by streaming every XML part once (each part
    already bounded by `check_zip`), before openpyxl reads it. A damaged zip is left to
    openpyxl (its own "damaged" message)."""
    try:
        _text_runs(path)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        return
    except RuntimeError:  # an encrypted part
        return


def _text_runs(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.file_size > MAX_TEXT_RUN and info.filename.endswith(".xml"):
                with archive.open(info) as part:
                    if _longest_run(part) > MAX_TEXT_RUN:
                        where = _sheet_names(archive).get(info.filename, path.name)
                        found = f"hơn {MAX_TEXT_RUN // 1024} kB chữ trong một ô"
                        expected = "mỗi ô tối đa 5000 ký tự"
                        raise _refuse(where, "sổ Excel có ô quá dài", found, expected)


def _longest_run(part) -> int:
    """Longest stretch of bytes without a "<" (text inside one element), read chunk by chunk;
    stops as soon as it exceeds MAX_TEXT_RUN."""
    carry = longest = 0
    while chunk := part.read(_CHUNK):
        first = chunk.find(b"<")
        if first < 0:
            carry += len(chunk)
        else:
            longest = max(longest, carry + first, *map(len, chunk[first:].split(b"<")))
            carry = len(chunk) - chunk.rfind(b"<") - 1
        longest = max(longest, carry)
        if longest > MAX_TEXT_RUN:
            break
    return longest


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> sheet name, from the workbook's small index parts (empty if unreadable)."""
    try:
        book = archive.getinfo("xl/workbook.xml")
        rels = archive.getinfo("xl/_rels/workbook.xml.rels")
        if max(book.file_size, rels.file_size) > MAX_TEXT_RUN:
            return {}
        sheets = archive.read(book).decode("utf-8")
        links = archive.read(rels).decode("utf-8")
    except (KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        return {}
    ids = {}
    for tag in re.findall(r"<Relationship\s[^>]*>", links):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get("Target", "").lstrip("/")
        ids[attrs.get("Id")] = target if target.startswith("xl/") else "xl/" + target
    out = {}
    for tag in re.findall(r"<sheet\s[^>]*>", sheets):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get("r:id") in ids:
            out[ids[attrs["r:id"]]] = html.unescape(attrs.get("name", ""))
    return out
