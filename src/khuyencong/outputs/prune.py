"""Leave out what the data cannot fill: no empty heading, no placeholder block or chart.

A chapter glues only what it has (a field of its `Glued` result left None is not glued). After
execution, `prune_notebook` removes from the pages every `{glue:md}` / `{glue:figure}`
block whose name was not glued, then every heading left without content (followed
directly by a heading of the same or a higher level, or by the end of the page).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

_BLOCK = re.compile(r"^```\{glue(?::\w+)?\}\s+(\S+)[^\n]*\n.*?^```[ \t]*\n?", re.M | re.S)
_HEADING = re.compile(r"^(#{1,6})\s")
# An inline glued value: {glue:md}`plan_sentence`
_INLINE = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")


def glued_names(nb) -> set[str]:
    """Names the executed notebook glued (myst-nb keeps them in the outputs' metadata)."""
    names = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                names.add(name)
    return names


def prune_markdown(text: str, glued: set[str], last: bool = True) -> str:
    """`text` without glue blocks of missing names and without headings left empty.

    `last`: the cell ends the page, so a heading at its end has nothing after it."""
    text = _BLOCK.sub(lambda m: m[0] if m[1] in glued else "", text)
    text = _without_unfilled_sentences(text, glued)
    lines = text.split("\n")
    keep: list[str] = []
    for i, line in enumerate(lines):
        level = _level(line)
        if level and _empty_after(lines[i + 1 :], level, last):
            continue
        keep.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(keep))


def _without_unfilled_sentences(text: str, glued: set[str]) -> str:
    """Leave out each paragraph (each item, in a list) that uses a value the chapter did not
    glue: a sentence whose facts are missing is left out, never printed with a gap."""

    def filled(chunk: str) -> bool:
        return all(name in glued for name in _INLINE.findall(chunk))

    out = []
    for paragraph in re.split(r"(\n\s*\n)", text):
        lines = paragraph.split("\n")
        if any(_LIST_ITEM.match(line) for line in lines):
            out.append("\n".join(line for line in lines if filled(line)))
        elif filled(paragraph) or _level(paragraph):
            out.append(paragraph)
    return "".join(out)


def _level(line: str) -> int:
    m = _HEADING.match(line)
    return len(m[1]) if m else 0


def _empty_after(rest: list[str], level: int, last: bool) -> bool:
    for line in rest:
        if not line.strip():
            continue
        sub = _level(line)
        if not sub:
            return False
        if sub <= level:
            return True
        # a deeper heading: this one is empty only if every heading below it is
        return _empty_after(rest[rest.index(line) + 1 :], sub, last) and _empty_after(
            _after_section(rest[rest.index(line) + 1 :], sub), level, last
        )
    return last


def _after_section(rest: list[str], level: int) -> list[str]:
    for i, line in enumerate(rest):
        if 0 < _level(line) <= level:
            return rest[i:]
    return []


def prune_notebook(path: Path) -> None:
    """Rewrite an executed notebook in place (only if something was left out)."""
    nb = nbformat.read(path, as_version=4)
    glued = glued_names(nb)
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    changed = False
    for cell in markdown:
        pruned = prune_markdown(cell.source, glued, last=cell is markdown[-1])
        if pruned != cell.source:
            cell.source, changed = pruned, True
    if changed:
        nbformat.write(nb, path)


def prune_pages(folder: Path) -> None:
    """Prune every executed chapter of a staging folder."""
    for path in sorted(Path(folder).glob("*.ipynb")):
        prune_notebook(path)
