"""The printed edition: LaTeX helpers, XeLaTeX compilation and a small Sphinx extension.

Jupyter Book's `latex` builder writes `<name>.tex` into the staging folder; `compile_pdf`
runs latexmk with XeLaTeX on it and turns a LaTeX failure into a RenderError carrying
the LaTeX error line. The page layout (Nghị định 30/2020/NĐ-CP: A4, margins, TeX Gyre
Termes 13 pt, page numbers centred at the top) lives in `_config.yml`
(`sphinx.config.latex_elements`); this module only adds what is edition-specific
(title page) and what Sphinx cannot express in configuration (the extension below).

The extension (`sphinx.extra_extensions: [khuyencong.pdf]`) does, for the LaTeX builder only:

- turn the introduction (the root page, whose title LaTeX would otherwise swallow as the
  book title) into an unnumbered chapter, so chapter numbers match the web edition;
- start the LaTeX appendix (`Phụ lục A, B…`) at the first unnumbered part of the TOC;
- typeset every table as a `longtable` (breaks across pages, header repeated) in smaller
  type, with column widths from the content when the author gave none;

and for every builder it puts the project's own catalogue (`locale/`) in front of the
theme's, so its Vietnamese wording wins over the theme's and fills the theme's gaps.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

from khuyencong import escape
from khuyencong.errors import RenderError


def tex_escape(text: object) -> str:
    """Plain text made inert in LaTeX (every special character spelled out)."""
    return escape.tex(text)


def issue_date(today: date | None = None) -> date | None:
    """The date printed on the title page: `today` or KHUYENCONG_ISSUE_DATE (YYYY-MM-DD).

    Never the build date (the same inputs give the same PDF): without a date, the title page
    leaves "ngày … tháng … năm …" for the signer to fill, as administrative drafts do."""
    if today is not None:
        return today
    text = os.environ.get("KHUYENCONG_ISSUE_DATE", "").strip()
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def vn_long_date(d: date | None) -> str:
    """`ngày 05 tháng 02 năm 2026`: days below 10 and months 1–2 take a leading zero (NĐ 30)."""
    if d is None:
        return "ngày … tháng … năm …"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def title_macros(
    *,
    admin_header: str,
    department: str,
    place: str,
    subject: str,
    author: str,
    today: date | None,
    place_date: str | None = None,
) -> str:
    """LaTeX definitions used by the title page in `_config.yml` (`\\kctitlepage`)."""
    values = {
        "kcAdminHeader": admin_header,
        "kcDepartment": department,
        # The report's own place and date of issue (a gap until the author sets it).
        "kcPlaceDate": place_date or f"{place}, {vn_long_date(today)}",
        "kcSubject": subject,
        "kcAuthor": author,
    }
    return "".join(f"\\newcommand{{\\{k}}}{{{tex_escape(v)}}}\n" for k, v in values.items())


# --------------------------------------------------------------------------------------
# Compilation


def latexmk_available() -> bool:
    return bool(shutil.which("latexmk") and shutil.which("xelatex"))


def _latex_errors(log: str) -> list[str]:
    """The LaTeX error lines of a log: `file:line: message` or `! message`, with its `l.N` line."""
    lines = log.splitlines()
    found: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("! ") or re.match(r"^\S+:\d+: ", line):
            context = next(
                (ln.strip() for ln in lines[i + 1 : i + 12] if re.match(r"^l\.\d+ ", ln)), ""
            )
            found.append(f"{line.strip()} {context}".strip())
    return found


def compile_pdf(latex_dir: Path, name: str, timeout: int = 600) -> Path:
    """Run latexmk (XeLaTeX) on `<latex_dir>/<name>.tex`; return the PDF or raise RenderError."""
    tex = latex_dir / f"{name}.tex"
    if not tex.exists():
        raise RenderError(f"Không thấy tệp LaTeX {tex.name} để dựng bản PDF.")
    if not latexmk_available():
        raise RenderError(
            "Thiếu latexmk hoặc xelatex để dựng bản PDF (cài bằng `make system` hoặc "
            "apt-get install texlive-xetex latexmk fonts-texgyre)."
        )
    cmd = [
        "latexmk",
        "-xelatex",
        "-interaction=nonstopmode",
        "-halt-on-error",
        "-file-line-error",
        "-g",  # always run: a failed earlier run must not be reported again
        "-norc",  # Sphinx's latexmkrc would route the index through xindy; there is no index
        f"{name}.tex",
    ]
    try:
        proc = subprocess.run(cmd, cwd=latex_dir, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(f"XeLaTeX chạy quá {timeout} giây khi dựng bản PDF.") from None
    pdf = latex_dir / f"{name}.pdf"
    if proc.returncode != 0 or not pdf.exists():
        log_file = latex_dir / f"{name}.log"
        log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
        errors = _latex_errors(log) or _latex_errors(proc.stdout)
        detail = errors[0] if errors else (proc.stdout + proc.stderr).strip()[-500:]
        raise RenderError(f"XeLaTeX không dựng được bản PDF ({tex.name}):\n  {detail}")
    return pdf


# --------------------------------------------------------------------------------------
# Sphinx extension


def _column_widths(table, given: list[float] | None, ncols: int, pt_per_char: float) -> list[int]:
    """Column widths (per mille of the line) for the printed table.

    Without `given` widths, the longest cell text (capped) sets the proportions, as
    tabulary would. Either way every column is widened, if needed, to hold its longest word
    (capped at 14 characters) so that "Nhóm" or "1.000.000" is never cut."""
    from docutils import nodes

    line = 453.0  # 160 mm text width, in points
    longest = [4] * ncols
    word = [3] * ncols
    tgroup = next(iter(table.findall(nodes.tgroup)))
    for row in tgroup.findall(nodes.row):
        for j, entry in enumerate(row.children[:ncols]):
            text = " ".join(entry.astext().split())
            longest[j] = max(longest[j], min(len(text), 48))
            word[j] = max([word[j], *(min(len(w), 14) for w in text.split())])
    weights = given if given and len(given) == ncols else [float(x) for x in longest]
    total = sum(weights) or 1.0
    frac = [w / total for w in weights]
    least = [min((w * pt_per_char + 8.0) / line, 0.5) for w in word]
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
    return [max(1, round(f * 1000)) for f in frac]


def _make_transform():
    from docutils import nodes
    from sphinx.transforms.post_transforms import SphinxPostTransform

    class PrintedBookStructure(SphinxPostTransform):
        """Chapters and tables of the assembled LaTeX document (see module docstring)."""

        default_priority = 900
        builders = ("latex",)

        def run(self, **kwargs) -> None:
            root = next(iter(self.document.findall(nodes.section)), None)
            if root is not None:
                self.introduction_chapter(root)
                self.appendix(root)
            for table in list(self.document.findall(nodes.table)):
                self.long_table(table)

        def introduction_chapter(self, root) -> None:
            children = list(root.children)
            if not children or not isinstance(children[0], nodes.title):
                return
            end = next(
                (
                    i
                    for i, c in enumerate(children)
                    if isinstance(c, nodes.compound) and "toctree-wrapper" in c["classes"]
                ),
                len(children),
            )
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

        def appendix(self, root) -> None:
            from sphinx import addnodes

            env = self.env
            master = env.get_doctree(env.config.root_doc)
            toctrees = list(master.findall(addnodes.toctree))
            wrappers = [
                c
                for c in root.children
                if isinstance(c, nodes.compound) and "toctree-wrapper" in c["classes"]
            ]
            seen_numbered = False
            for toctree, wrapper in zip(toctrees, wrappers, strict=False):
                if toctree.get("numbered"):
                    seen_numbered = True
                elif seen_numbered:
                    wrapper.insert(0, nodes.raw("", r"\appendix", format="latex"))
                    return

        def long_table(self, table) -> None:
            classes = table["classes"]
            if "longtable" not in classes:
                classes.append("longtable")
            tgroup = next(iter(table.findall(nodes.tgroup)), None)
            if tgroup is None:
                return
            ncols = int(tgroup.get("cols", 0))
            wide = ncols >= 6
            specs = [c for c in tgroup.children if isinstance(c, nodes.colspec)]
            given = (
                [float(c.get("colwidth", 1)) for c in specs]
                if "colwidths-given" in classes
                else None
            )
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

    return PrintedBookStructure


def _project_catalogue_first(app) -> None:
    """Put `locale/vi/LC_MESSAGES/booktheme.mo` in front of the theme's own Vietnamese catalogue."""
    from sphinx import locale as sphinx_locale

    language = app.config.language
    for locale_dir in app.config.locale_dirs:
        path = Path(app.srcdir, locale_dir)
        for mo in sorted(path.glob(f"{language}/LC_MESSAGES/*.mo")):
            domain = mo.stem
            if domain == "sphinx":
                continue  # Sphinx itself reads locale_dirs first
            key = ("general", domain)
            ours = gettext.translation(domain, str(path), [language])
            theirs = sphinx_locale.translators.get(key)
            if theirs is not None and theirs.__class__ is not gettext.NullTranslations:
                ours.add_fallback(theirs)
            sphinx_locale.translators[key] = ours


def _absolute_locale_dirs(app, config) -> None:
    """Sphinx reads catalogues from `locale_dirs` relative to the source folder, but looks for
    the search page's `sphinx.js` relative to the working directory: make them absolute."""
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


def setup(app):
    app.add_post_transform(_make_transform())
    app.connect("config-inited", _absolute_locale_dirs)
    app.connect("html-page-context", _unique_scripts)
    app.connect("html-page-context", escape.page_context)
    app.connect("builder-inited", _project_catalogue_first)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
