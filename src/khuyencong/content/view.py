"""Glue a chapter's content into its notebook for myst-nb.

The chapter functions (`khuyencong.content.chapters`) compute everything; a notebook's one
call, `show(key, province, year, data_dir)` (written by chapters/toc.py), loads the data, runs
its chapter's builder from the registry and hands the result to `publish`, which glues each
text, Markdown block, table and figure under its field name for the page's `{glue:md}` roles
and `{glue:figure}` directives. A field left None is not glued (the page leaves its block out).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from IPython.display import Markdown
from matplotlib.figure import Figure
from myst_nb import glue

from khuyencong.content.chapters.glue import Glued, Md, Table
from khuyencong.content.chapters.registry import PERIOD, chapter
from khuyencong.content.downloads import PREFIX
from khuyencong.content.markdown import esc
from khuyencong.core.cache import READS_KEY
from khuyencong.inputs.dataset import load_dataset


def show(key: str, province: str, when: int | str, data_dir: str) -> None:
    """A chapter notebook's one call: the chapter `key` of the registry, computed from the
    data in `data_dir` for `province` and its year (or, for a period chapter, its period's
    label; papermill's parameters), glued."""
    data = load_dataset(data_dir)
    entry = chapter(key)
    edition = when if entry.edition == PERIOD else int(when)
    publish(entry.build()(data, province, edition), reads=data.reads)  # type: ignore[arg-type]


def publish(chapter: Glued, reads: set[str] | None = None) -> None:
    """Glue every filled field of the chapter (texts escaped, Markdown and tables as built,
    the full CSV of a shortened table, figures).

    `reads` (the Dataset's record of the inputs the chapter used) is glued too, unshown,
    for the build cache.
    """
    if reads is not None:
        glue(READS_KEY, sorted(reads), display=False)
    items = list(chapter.glued())
    # Texts first, then blocks, downloads and figures (the order the notebooks always had).
    for name, value in items:
        if isinstance(value, str) and not isinstance(value, Md):
            glue(name, Markdown(esc(value)), display=False)
    for name, value in items:
        if isinstance(value, Md | Table):
            glue(
                name, Markdown(value.markdown if isinstance(value, Table) else value), display=False
            )
    for _, value in items:
        if isinstance(value, Table) and value.csv is not None:
            glue(f"{PREFIX}{value.label}", value.csv, display=False)
    for name, value in items:
        if isinstance(value, Figure):
            glue(name, value, display=False)
            plt.close(value)
