"""Helpers for the chapter notebooks: glue Vietnamese text, tables and figures.

Notebooks stay thin: they call metrics, format with `formatting`, and hand the results
to these helpers. Everything glued as Markdown is built here, with authored text escaped
so that a `<script>` or a LaTeX command in a data file shows up as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from IPython.display import Markdown
from myst_nb import glue

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-!|$~&:.%])")


def esc(text: object) -> str:
    """Plain text made inert in MyST: every Markdown/HTML/role character is backslash-escaped."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def glue_md(name: str, markdown: str) -> None:
    """Glue trusted Markdown (built by this package) under `name`, to use as {glue:md}`name`."""
    glue(name, Markdown(markdown), display=False)


def glue_text(name: str, text: object) -> None:
    """Glue a figure or phrase as escaped text."""
    glue_md(name, esc(text))


def md_list(items: Iterable[object]) -> str:
    """A bullet list of escaped authored items; a dash line when there are none."""
    items = [esc(i) for i in items]
    return "\n".join(f"- {i}" for i in items) if items else "- (chưa có nội dung)"


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
    for row in [header, *rows]:
        cells = [esc(c) if str(c).strip() else "\\-" for c in row]
        lines.append(f"* - {cells[0]}")
        lines += [f"  - {c}" for c in cells[1:]]
    lines.append("```")
    return "\n".join(lines)


def glue_table(name: str, rows, header, caption: str, widths=None) -> None:
    glue_md(name, md_table(rows, header, caption, name.replace("_", "-"), widths))


def glue_figure(name: str, fig) -> None:
    """Glue a matplotlib figure (shown with {glue:figure} and its alt text in the page)."""
    import matplotlib.pyplot as plt

    glue(name, fig, display=False)
    plt.close(fig)
