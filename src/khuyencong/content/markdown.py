"""Markdown built by the package: escaped text, bullet lists, numbered MyST tables.

Pure string functions (no notebook machinery), so chapters can be unit-tested. Authored
text is always escaped: a `<script>` or a LaTeX command in a data file stays plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from khuyencong.core import escape
from khuyencong.figures.formatting import EMPTY_CELL

EMPTY_LIST = "- (chưa có nội dung)"


def esc(text: object) -> str:
    """Plain text made inert in MyST: every Markdown/HTML/role character is backslash-escaped."""
    return escape.myst(text)


def md_list(items: Iterable[object]) -> str:
    """A bullet list of escaped items; a placeholder line when there are none."""
    items = [esc(i) for i in items]
    return "\n".join(f"- {i}" for i in items) if items else EMPTY_LIST


def md_table(
    rows: Sequence[Sequence[object]],
    header: Sequence[str],
    caption: str,
    name: str,
    widths: Sequence[int] | None = None,
) -> str:
    """A numbered MyST list-table ("Bảng n") with a caption; cells are escaped text."""
    lines = [f"```{{list-table}} {esc(caption)}", ":header-rows: 1", f":name: {name}"]
    if widths:
        lines.append(":widths: " + " ".join(str(w) for w in widths))
    lines.append("")
    if not rows:  # a table needs a body: say there is nothing rather than fail the build
        rows = [["Không có số liệu", *["—"] * (len(header) - 1)]]
    for row in [header, *rows]:
        cells = [esc(c) if str(c).strip() else EMPTY_CELL for c in row]
        lines.append(f"* - {cells[0]}")
        lines += [f"  - {c}" for c in cells[1:]]
    lines.append("```")
    return "\n".join(lines)
