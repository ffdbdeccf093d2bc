"""The book's files generated from the chapter registry: `_toc.yml`, the chapter list of
`book/intro.md` and the code cells of every chapter notebook.

The registry (registry.py) declares the chapters, their order and their parts; this module
writes what Jupyter Book and the reader need from it, so the order is stated once and no
file name decides it. Run after changing the registry (a fast test fails until then):

    python -m khuyencong.content.chapters.toc           # rewrite what is out of date
    python -m khuyencong.content.chapters.toc --check   # list it, exit 1 if anything is

A chapter notebook holds its prose (Markdown cells); its two code cells, the parameters
papermill replaces and the one call computing and gluing the page, are written here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from khuyencong.content.chapters.registry import (
    ANNUAL,
    BOOK_PAGES,
    CHAPTERS,
    NUMBERED,
    PARTS,
    PERIOD,
    WEB_ONLY,
    ChapterEntry,
)

TOC_HEADER = """\
# Table of contents, generated from src/khuyencong/content/chapters/registry.py by
# `python -m khuyencong.content.chapters.toc`: edit the registry, not this file.
# Chapters under notebooks/ are parameterized pages executed for each edition; pages under
# book/ are hand-written. The edition opens on the báo cáo.
"""
INTRO = "book/intro.md"
# The generated list sits between these two lines of book/intro.md (MyST comments, unpublished).
LIST_START = (
    "% The chapter list below is generated from the registry (khuyencong.content.chapters.toc)."
)
LIST_END = "% End of the generated chapter list."

# papermill's parameters of a chapter, by kind of edition: a year, or a period's label.
PARAMETERS = {
    ANNUAL: 'province = "son-la"\nyear = 2025\ndata_dir = "../data"',
    PERIOD: 'province = "son-la"\nperiod = "2016-2020"\ndata_dir = "../data"',
}
WHEN = {ANNUAL: "year", PERIOD: "period"}


def _annual() -> tuple[ChapterEntry, ...]:
    """The annual editions' chapters, in reading order (the book `_toc.yml` describes)."""
    return tuple(c for c in CHAPTERS if c.edition == ANNUAL)


def toc_text() -> str:
    """`_toc.yml` of the annual editions: the root page, then each part's chapters, then the
    hand-written pages (a period edition writes its own, pipeline/build.py)."""
    chapters = _annual()
    [root] = [c for c in chapters if c.part is None]
    parts: dict[str, list[str]] = {}
    for entry in chapters:
        if entry.part is not None:
            parts.setdefault(entry.part, []).append(entry.page)
    for caption, handwritten in BOOK_PAGES.items():
        parts.setdefault(caption, []).extend(handwritten)
    lines = [TOC_HEADER.rstrip("\n"), "format: jb-book", f"root: {root.page}", "parts:"]
    for caption, pages in sorted(parts.items(), key=lambda item: PARTS.index(item[0])):
        lines.append(f"  - caption: {caption}")
        if caption in NUMBERED:
            lines.append("    numbered: true")
        lines.append("    chapters:")
        lines += [f"      - file: {page}" for page in pages]
    return "\n".join(lines) + "\n"


def _title(markdown: str, where: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{where}: no '# ' title")


def notebook_title(project: Path, entry: ChapterEntry) -> str:
    nb = nbformat.read(project / f"{entry.page}.ipynb", as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return _title(markdown, entry.page)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def chapter_list(project: Path) -> list[str]:
    """One line per chapter of a printed part (its title and what it holds), then one per part
    of hand-written pages or of the web-only annex (the titles of its chapters and pages)."""
    grouped = set(BOOK_PAGES) | set(WEB_ONLY)
    lines = [
        f"- **{notebook_title(project, c)}**: {c.summary}"
        for c in _annual()
        if c.part is not None and c.part not in grouped
    ]
    for caption in PARTS:
        if caption not in grouped:
            continue
        titles = [_lower_first(notebook_title(project, c)) for c in _annual() if c.part == caption]
        titles += [
            _lower_first(_title((project / f"{page}.md").read_text("utf-8"), page))
            for page in BOOK_PAGES.get(caption, ())
            if f"{page}.md" != INTRO
        ]
        where = " (chỉ trên trang web, không in kèm ấn phẩm)" if caption in WEB_ONLY else ""
        lines.append(f"- **{caption}**{where}: {', '.join(titles)}.")
    return lines


def intro_text(project: Path) -> str:
    """`book/intro.md` with its generated list replaced by the registry's."""
    text = (project / INTRO).read_text("utf-8")
    head, start, rest = text.partition(LIST_START + "\n")
    _, end, tail = rest.partition(LIST_END + "\n")
    if not start or not end:
        raise ValueError(f"{INTRO}: the lines '{LIST_START}' and '{LIST_END}' are missing")
    return head + start + "\n".join(chapter_list(project)) + "\n" + end + tail


def call_source(entry: ChapterEntry) -> str:
    """The chapter's one code cell besides the parameters."""
    return (
        f"# Everything on this page is computed by {entry.module}.{entry.builder}.\n"
        "from khuyencong.content.view import show\n\n"
        f'show("{entry.key}", province, {WHEN[entry.edition]}, data_dir)'
    )


def notebook_text(project: Path, entry: ChapterEntry) -> str:
    """The chapter's notebook: the parameters cell, the call, then its prose as written."""
    nb = nbformat.read(project / f"{entry.page}.ipynb", as_version=4)
    parameters = nbformat.v4.new_code_cell(PARAMETERS[entry.edition], id="parameters")
    parameters.metadata["tags"] = ["parameters"]
    call = nbformat.v4.new_code_cell(call_source(entry), id="chapter")
    nb.cells = [parameters, call] + [c for c in nb.cells if c.cell_type == "markdown"]
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nbformat.writes(nb) + "\n"


def generated(project: Path) -> dict[Path, str]:
    """Every generated file of the project and the text it must have."""
    files = {project / "_toc.yml": toc_text(), project / INTRO: intro_text(project)}
    for entry in CHAPTERS:
        files[project / f"{entry.page}.ipynb"] = notebook_text(project, entry)
    return files


def stale(project: Path) -> list[Path]:
    """The generated files that differ from what the registry makes."""
    return [
        path
        for path, text in generated(project).items()
        if not path.is_file() or path.read_text("utf-8") != text
    ]


def write(project: Path) -> list[Path]:
    """Rewrite the out-of-date files; the files rewritten."""
    files = generated(project)
    changed = stale(project)
    for path in changed:
        path.write_text(files[path], encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    from khuyencong.core.project import find_project

    project = find_project(Path.cwd(), None)
    changed = stale(project) if "--check" in argv else write(project)
    for path in changed:
        print(path.relative_to(project))
    return 1 if changed and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
