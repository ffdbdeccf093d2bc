"""Glue a chapter's content into its notebook for myst-nb.

The chapter functions (`khuyencong.chapters`) compute everything; a notebook only calls
one of them and hands the result to `publish`, which glues each text, Markdown block and
figure under its name for the page's `{glue:md}` roles and `{glue:figure}` directives.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from IPython.display import Markdown
from myst_nb import glue

from khuyencong.cache import READS_KEY
from khuyencong.chapters import Chapter
from khuyencong.downloads import PREFIX
from khuyencong.markdown import esc


def publish(chapter: Chapter, reads: set[str] | None = None) -> None:
    """Glue every item of the chapter (texts escaped, Markdown as built, figures).

    `reads` (the Dataset's record of the inputs the chapter used) is glued too, unshown,
    for the build cache.
    """
    if reads is not None:
        glue(READS_KEY, sorted(reads), display=False)
    for name, text in chapter.text.items():
        glue(name, Markdown(esc(text)), display=False)
    for name, markdown in chapter.md.items():
        glue(name, Markdown(markdown), display=False)
    for name, text in chapter.downloads.items():
        glue(f"{PREFIX}{name}", text, display=False)
    for name, fig in chapter.figures.items():
        glue(name, fig, display=False)
        plt.close(fig)  # type: ignore[arg-type]  # a matplotlib Figure (Chapter keeps it untyped)
