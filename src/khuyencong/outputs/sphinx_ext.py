"""The Sphinx extension of the editions (`sphinx.extra_extensions: [khuyencong.outputs.sphinx_ext]`).

For the LaTeX builder only, it gives the printed book its structure:

- print the report as it is signed: the root page (the báo cáo) is replaced by the pages of
  the report's own PDF (`kc_report_pdf`, pdfpages), never an off-form copy; without one, the
  root page's text becomes an unnumbered chapter, so chapter numbers match the web edition;
- leave the technical annex (the TOC parts named in `kc_latex_omit`: reconciliation, method,
  data contract, workflow) out of the printed book: it stays on the web;
- start the LaTeX appendix (`Phụ lục A, B…`) at the first unnumbered part of the TOC;
- typeset every table as a `longtable` (breaks across pages, header repeated) in smaller
  type, with column widths from the content when the author gave none.

For every builder it makes `locale_dirs` absolute and drops repeated inline scripts; for the
HTML builder it loads `khuyencong.outputs.kept_html` (the output folder kept between builds,
the same bytes as a build from scratch). The
project's Vietnamese catalogues (`locale/`) are registered by `khuyencong.outputs.catalogue`,
which loads before the theme so that its wording wins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from khuyencong.content.chapters.registry import WEB_ONLY
from khuyencong.core import escape

_LINE_PT = 453.0  # 160 mm text width, in points


def _cell_lengths(table: nodes.table, ncols: int) -> tuple[list[int], list[int]]:
    """Per column: the longest cell text (capped at 48) and the longest word (capped at 14)."""
    longest = [4] * ncols
    word = [3] * ncols
    tgroup = next(iter(table.findall(nodes.tgroup)))
    for row in tgroup.findall(nodes.row):
        for j, entry in enumerate(row.children[:ncols]):
            text = " ".join(entry.astext().split())
            longest[j] = max(longest[j], min(len(text), 48))
            word[j] = max([word[j], *(min(len(w), 14) for w in text.split())])
    return longest, word


def _widen_to_least(frac: list[float], least: list[float]) -> list[float]:
    """Raise every fraction below its least width, taking the room from the wider columns."""
    ncols = len(frac)
    for _ in range(ncols):
        short = [j for j in range(ncols) if frac[j] < least[j] - 1e-9]
        if not short:
            break
        for j in short:
            frac[j] = least[j]
        rest = [j for j in range(ncols) if j not in short and frac[j] > least[j]]
        excess = sum(frac) - 1.0
        room = sum(frac[j] - least[j] for j in rest)
        if room <= 0:
            break
        for j in rest:
            frac[j] -= excess * (frac[j] - least[j]) / room
    return frac


def _column_widths(
    table: nodes.table, given: list[float] | None, ncols: int, pt_per_char: float
) -> list[int]:
    """Column widths (per mille of the line) for the printed table.

    Without `given` widths, the longest cell text (capped) sets the proportions, as
    tabulary would. Either way every column is widened, if needed, to hold its longest word
    (capped at 14 characters) so that "Nhóm" or "1.000.000" is never cut."""
    longest, word = _cell_lengths(table, ncols)
    weights = given if given and len(given) == ncols else [float(x) for x in longest]
    total = sum(weights) or 1.0
    frac = [w / total for w in weights]
    least = [min((w * pt_per_char + 8.0) / _LINE_PT, 0.5) for w in word]
    return [max(1, round(f * 1000)) for f in _widen_to_least(frac, least)]


def _is_toctree_wrapper(node: nodes.Node) -> bool:
    return isinstance(node, nodes.compound) and "toctree-wrapper" in node["classes"]


def introduction_chapter(root: nodes.section) -> None:
    """Move the root page's text (before its TOC) into an unnumbered chapter of its own."""
    children = list(root.children)
    if not children or not isinstance(children[0], nodes.title):
        return
    end = next((i for i, c in enumerate(children) if _is_toctree_wrapper(c)), len(children))
    body = children[1:end]
    if not body:
        return
    title = children[0]
    intro = nodes.section(ids=["kc-gioi-thieu"], names=[])
    intro += nodes.title(title.astext(), "", *[c.deepcopy() for c in title.children])
    for child in body:
        root.remove(child)
        intro += child
    start = nodes.raw(
        "",
        r"\edef\kcsecnumdepth{\the\value{secnumdepth}}\setcounter{secnumdepth}{-1}",
        format="latex",
    )
    stop = nodes.raw("", r"\setcounter{secnumdepth}{\kcsecnumdepth}", format="latex")
    root.insert(1, stop)
    root.insert(1, intro)
    root.insert(1, start)


def appendix(root: nodes.section, master: nodes.document) -> None:
    """Put `\\appendix` before the first unnumbered TOC that follows a numbered one."""
    toctrees = list(master.findall(addnodes.toctree))
    wrappers = [c for c in root.children if _is_toctree_wrapper(c)]
    seen_numbered = False
    for toctree, wrapper in zip(toctrees, wrappers, strict=False):
        if toctree.get("numbered"):
            seen_numbered = True
        elif seen_numbered:
            wrapper.insert(0, nodes.raw("", r"\appendix", format="latex"))
            return


def long_table(table: nodes.table) -> None:
    """A `longtable` in smaller type, with column widths that hold every word."""
    classes = table["classes"]
    if "longtable" not in classes:
        classes.append("longtable")
    tgroup = next(iter(table.findall(nodes.tgroup)), None)
    if tgroup is None:
        return
    ncols = int(tgroup.get("cols", 0))
    wide = ncols >= 6
    specs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
    given = [float(c.get("colwidth", 1)) for c in specs] if "colwidths-given" in classes else None
    widths = _column_widths(table, given, ncols, 5.6 if wide else 6.4)
    for spec, width in zip(specs, widths, strict=False):
        spec["colwidth"] = width
    if "colwidths-given" not in classes:
        classes.append("colwidths-given")
    size = r"\footnotesize\tabcolsep=3pt" if wide else r"\small\tabcolsep=4pt"
    parent = table.parent
    index = parent.index(table)
    parent.insert(index + 1, nodes.raw("", r"\endgroup", format="latex"))
    parent.insert(index, nodes.raw("", r"\begingroup" + size, format="latex"))


TECHNICAL_PARTS = list(WEB_ONLY)  # TOC captions left out of the printed book (the registry's)


def report_pages(root: nodes.section, pdf: str) -> None:
    """Replace the root page's text (before its TOC) with the pages of the report's PDF."""
    children = list(root.children)
    end = next((i for i, c in enumerate(children) if _is_toctree_wrapper(c)), len(children))
    for child in children[1:end]:
        root.remove(child)
    pages = (
        r"\cleardoublepage\phantomsection\addcontentsline{toc}{chapter}{Báo cáo}"
        rf"\includepdf[pages=-,pagecommand={{\thispagestyle{{empty}}}}]{{{pdf}}}"
    )
    root.insert(1, nodes.raw("", pages, format="latex"))


def omit_parts(root: nodes.section, master: nodes.document, captions: list[str]) -> None:
    """Remove the TOC parts captioned `captions` (and the pages they hold) from the book."""
    toctrees = list(master.findall(addnodes.toctree))
    wrappers = [c for c in root.children if _is_toctree_wrapper(c)]
    for toctree, wrapper in zip(toctrees, wrappers, strict=False):
        if toctree.get("caption") in captions:
            root.remove(wrapper)


class PrintedBookStructure(SphinxPostTransform):
    """Chapters and tables of the assembled LaTeX document (see module docstring)."""

    default_priority = 900
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        root = next(iter(self.document.findall(nodes.section)), None)
        if root is not None:
            config = self.env.config
            if config.kc_report_pdf:
                report_pages(root, config.kc_report_pdf)
            else:
                introduction_chapter(root)
            master = self.env.get_doctree(config.root_doc)
            appendix(root, master)
            omit_parts(root, master, list(config.kc_latex_omit))
        for table in list(self.document.findall(nodes.table)):
            long_table(table)


def _absolute_locale_dirs(app, config) -> None:
    """Sphinx reads catalogues from `locale_dirs` relative to the source folder, but looks for
    the search page's `sphinx.js` relative to the working directory: make them absolute."""
    from pathlib import Path

    config.locale_dirs = [str(Path(app.srcdir, d)) for d in config.locale_dirs]


def _unique_scripts(app, pagename, templatename, context, doctree) -> None:
    """Drop repeated inline scripts: an extension that adds one after the builder started
    (sphinx-thebe's `const THEBE_JS_URL = …`) gets it twice in the page, and the second
    `const` is a JavaScript error on every page."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # An inline script is registered twice, once with filename None, once with "".
        name = getattr(script, "filename", script) or ""
        key = (str(name), repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _mystnb_css_before_pages(app) -> None:
    """myst-nb copies its stylesheet only when the build finishes, so the pages of a first build
    link it without the `?v=` checksum that a later build in the same folder adds: copied
    first, the pages are the same bytes whatever the output folder already held."""
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ext import add_global_html_resources

    Path(app.builder.outdir, "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def setup(app):
    app.setup_extension("khuyencong.outputs.kept_html")
    app.add_config_value("kc_report_pdf", "", "env", [str])
    app.add_config_value("kc_latex_omit", TECHNICAL_PARTS, "env", [list])
    app.add_post_transform(PrintedBookStructure)
    app.connect("builder-inited", _mystnb_css_before_pages)
    app.connect("config-inited", _absolute_locale_dirs)
    app.connect("html-page-context", _unique_scripts)
    app.connect("html-page-context", escape.page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
