"""A workbook to import, read within bounds: its size on disk and inflated, and its rows.

An .xlsx is a zip of XML parts. Before openpyxl opens it, the parts' declared sizes are added up
from the zip's directory (nothing inflated): a few megabytes that would inflate to gigabytes are
refused at once. The declared sizes hold: Python's zip reader never yields more bytes than a
part declares (it stops there and fails the checksum). The sheets are then streamed (openpyxl's
read-only mode), and a sheet is refused at its row MAX_ROWS + 1, by its name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from khuyencong.errors import Problem, WorkbookError
from khuyencong.inputs.validation import MAX_ROWS

MAX_FILE_BYTES = 20 * 1024 * 1024  # a filled workbook weighs well under a megabyte
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # every part inflated: MAX_ROWS rows fit in a third of it
MAX_PARTS = 1_000  # a workbook of the template has about twenty
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
        raise _refuse(name, "sổ Excel quá lớn khi giải nén (có thể là tệp nén độc hại)", found)


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
