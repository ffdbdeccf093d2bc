"""No links out of the data folder: a symbolic link anywhere inside `data/` is refused.

A link would make the tool read (and quote in its messages, or publish) a file outside the
data folder: `/etc/passwd`, another user's files. Links are found without following any,
and the refusal names the link only: nothing of its target (neither its path nor its
content) is read or printed. Light (no pandas): the "nothing changed" check uses it.
"""

from __future__ import annotations

import os
from pathlib import Path

from khuyencong.errors import DataValidationError, Problem

MESSAGE = "là liên kết tượng trưng (symlink), không đọc; thư mục dữ liệu chỉ chứa tệp thật"
EXPECTED = "một tệp thật trong thư mục dữ liệu (chép tệp vào thay cho liên kết)"


def link_problem(path: Path, label: str) -> Problem | None:
    """The problem of one input file that is a link (None when it is not)."""
    return Problem(label, None, None, MESSAGE, None, EXPECTED) if path.is_symlink() else None


def links_inside(data_dir: Path) -> list[str]:
    """Every link under `data_dir` (relative, sorted), found without following links."""
    root = Path(data_dir)
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder, name)
            if path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def refuse_links(data_dir: Path) -> None:
    """Raise DataValidationError naming every link inside `data_dir`."""
    found = links_inside(data_dir)
    if found:
        raise DataValidationError(
            [Problem(rel, None, None, MESSAGE, None, EXPECTED) for rel in found]
        )
