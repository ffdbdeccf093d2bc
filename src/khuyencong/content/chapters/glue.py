"""What a chapter hands to its page: a typed value whose fields are the names the page glues.

Each chapter declares its result as a frozen dataclass deriving from `Glued`: a `str` field
is a text (escaped when glued), an `Md` field a Markdown block built by
`khuyencong.content.markdown` (list, note), a `Table` field a numbered table, a `Figure` field a
matplotlib figure, and a field typed as another `Glued` class stands for that class's
fields (a part of the chapter computed on its own). A field left `None` is not glued at
all, so the page leaves its block out (`khuyencong.outputs.prune`): a block the data cannot fill is
absent, never an empty string.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Self

from khuyencong.content.downloads import MAX_PAGE_ROWS, csv_text, summary_note
from khuyencong.content.markdown import md_list, md_table

EMPTY_CELLS = ("", "—", "-", "–")


class Md(str):
    """A Markdown block glued as built (its text is already escaped)."""


@dataclass(frozen=True)
class Table:
    """A numbered table: its Markdown, and the full table as CSV when the page shows only
    its first rows (downloaded under `label`)."""

    markdown: str
    label: str
    csv: str | None = None


@dataclass(frozen=True)
class Glued:
    """Base of every chapter result: the fields are the glue names of its notebook."""

    @classmethod
    def glue_names(cls) -> frozenset[str]:
        """Every name the chapter may glue (the fields of its parts included)."""
        names: set[str] = set()
        for name, hint in _hints(cls).items():
            part = _part_class(hint)
            names |= part.glue_names() if part else {name}
        return frozenset(names)

    def glued(self) -> Iterator[tuple[str, Any]]:
        """(name, value) of every field the chapter filled, parts flattened."""
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Glued):
                yield from value.glued()
            elif value is not None:
                yield f.name, value

    @classmethod
    def without_data(cls, **given: Any) -> Self:
        """The result when the data cannot fill the chapter: every field not given is left out
        (not glued), so each sentence, block and part that needs it is left out of the page
        (`outputs.prune`), never printed with a dash in its place."""
        return cls(**{name: None for name in _hints(cls)} | given)


def _hints(cls: type) -> dict[str, Any]:
    from matplotlib.figure import Figure  # resolved only when the names are asked for

    hints = typing.get_type_hints(cls, localns={"Figure": Figure})
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _part_class(hint: Any) -> type[Glued] | None:
    """The Glued class a field holds (`Part` or `Part | None`), None for a glued value."""
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    for option in options:
        if isinstance(option, type) and issubclass(option, Glued):
            return option
    return None


@dataclass(frozen=True)
class EditionNames(Glued):
    """The edition's own names, which every chapter page may use."""

    province_name: str
    year: str
    next_year: str


def table(
    name: str,
    rows: Iterable[Sequence[object]],
    header: Sequence[str],
    caption: str,
    widths: Sequence[int] | None = None,
) -> Table:
    """A numbered table; its label (for {numref}) is the name with dashes. A column empty
    in every row (no value, or a dash) is left out; a table longer than MAX_PAGE_ROWS shows
    its first rows and links the full CSV."""
    body = [list(r) for r in rows]
    keep = [
        i
        for i in range(len(header))
        if not body or any(str(r[i]).strip() not in EMPTY_CELLS for r in body)
    ]
    if len(keep) < len(header):
        body = [[r[i] for i in keep] for r in body]
        header = [header[i] for i in keep]
        widths = [widths[i] for i in keep] if widths else None
    label = name.replace("_", "-")
    if len(body) <= MAX_PAGE_ROWS:
        return Table(md_table(body, header, caption, label, widths), label)
    shown = md_table(body[:MAX_PAGE_ROWS], header, caption, label, widths)
    return Table(f"{shown}\n\n{summary_note(label, len(body))}", label, csv_text(header, body))


def bullets(items: Iterable[object]) -> Md:
    return Md(md_list(items))
