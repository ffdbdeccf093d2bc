"""Assemble a staging book (pages, executed chapters, edition config) and render it.

Jupyter Book only renders here (`execute_notebooks: "off"`); it runs with warnings as
errors (-W -n --keep-going) and its return code is checked. The web edition comes from
the `html` builder; the printed edition from the `latex` builder of the same staging
folder, compiled with XeLaTeX (`khuyencong.outputs.book_pdf`). `render_edition` returns one finished
folder (the site, with the PDF inside it) for `publish_dir` to swap in.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import yaml

from khuyencong.content.sources_page import PAGE as SOURCES_PAGE
from khuyencong.core import escape
from khuyencong.core.edition import Edition
from khuyencong.core.request import EditionPaths
from khuyencong.core.timing import timed
from khuyencong.core.unchanged import copy_if_changed
from khuyencong.errors import RenderError
from khuyencong.inputs.availability import agency_heading
from khuyencong.outputs import sphinx_run
from khuyencong.outputs.book_pdf import compile_pdf, issue_date, title_macros


def edition_config(
    project: Path,
    edition: Edition,
    province_name: str,
    admin_header: str | None = None,
    department: str | None = None,
    with_pdf: bool = True,
    today: date | None = None,
    place_date: str | None = None,
    draft: bool = False,
) -> dict:
    """The project's `_config.yml` with this edition's title, author and printed title page
    (marked DỰ THẢO on the cover when the report is a draft).

    `admin_header` and `department` (entities.csv) head the title page: "UBND TỈNH SƠN LA",
    "SỞ CÔNG THƯƠNG". With `with_pdf`, the web pages link to `<province>-<year>.pdf`.
    """
    config = copy.deepcopy(yaml.safe_load((project / "_config.yml").read_text(encoding="utf-8")))
    province_name, when = escape.plain(province_name), edition_time(edition)
    title = f"Báo cáo công tác khuyến công tỉnh {province_name} {when}"
    author = f"Sở Công Thương tỉnh {province_name}"
    # `html_title` and `author` stay plain text: the pages escape them once, as Markup
    # (escape.page_context); `latex_documents` title and author go into the .tex as LaTeX.
    config["title"] = title
    config["author"] = author

    latex_documents = config.setdefault("latex", {}).setdefault("latex_documents", {})
    latex_documents["targetname"] = f"{edition.printed_name}.tex"
    latex_documents["title"] = escape.tex(title)
    latex_documents["author"] = escape.tex(author)
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    context = dict(sphinx.get("html_context") or {})
    context["pdf_file"] = edition.pdf_file if with_pdf else ""
    context["report_docx"], context["report_pdf"] = edition.report_docx, edition.report_pdf
    sphinx["html_context"] = context
    sphinx["kc_report_pdf"] = REPORT_PAGES if with_pdf else ""  # the book opens on its pages

    heading = agency_heading(province_name, admin_header, department)
    macros = title_macros(
        admin_header=heading[0],
        department=heading[1],
        place=province_name,
        subject=f"Công tác khuyến công tỉnh {province_name} {when}",
        author=author,
        today=issue_date(today),
        place_date=place_date,
        draft=draft,
    )
    _prepend_preamble(sphinx, macros)
    return config


def _prepend_preamble(sphinx: dict, macros: str) -> None:
    """The title page's macros before the preamble of `_config.yml`, which uses them."""
    latex = dict(sphinx.get("latex_elements") or {})
    latex["preamble"] = macros + latex.get("preamble", "")
    sphinx["latex_elements"] = latex


def edition_time(edition: Edition) -> str:
    """`năm 2025`, `giai đoạn 2016–2020`, `những năm trước năm 2021`: titles' time."""
    if edition.period is None:
        return f"năm {edition.year}"
    span = edition.period.span
    return span if edition.period.first is None else f"giai đoạn {span}"


def stage_pages(project: Path, staging: Path, config: dict, toc: dict | None = None) -> None:
    """Copy the hand-written pages, the TOC (or write `toc`, a period edition's) and the
    catalogues; write the edition's config.

    A page is copied only when its bytes differ, with the date of the copy, so Sphinx reads
    again the pages that changed and only those; the generated sources page is not copied
    over once written (`write_sources_page` rewrites it when the data change)."""
    generated = project / SOURCES_PAGE
    shutil.copytree(
        project / "book",
        staging / "book",
        dirs_exist_ok=True,
        copy_function=lambda source, target: str(copy_if_changed(Path(source), Path(target))),
        ignore=lambda folder, names: [
            n for n in names if Path(folder, n) == generated and (staging / SOURCES_PAGE).exists()
        ],
    )
    if toc is None:
        shutil.copy2(project / "_toc.yml", staging / "_toc.yml")
    else:
        text = yaml.safe_dump(toc, allow_unicode=True, sort_keys=False)
        (staging / "_toc.yml").write_text(text, encoding="utf-8")
    if (project / "locale").is_dir():
        shutil.copytree(project / "locale", staging / "locale", dirs_exist_ok=True)
        compile_catalogues(staging / "locale")
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (staging / "_config.yml").write_text(text, encoding="utf-8")


def compile_catalogues(locale_dir: Path) -> list[Path]:
    """Compile every `<lang>/LC_MESSAGES/<domain>.po` to `.mo`; for `sphinx.po` also write the
    search page's `sphinx.js` (Sphinx's own Vietnamese strings, completed by ours)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parents[1].name, domain=po.stem)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, catalog)
        written.append(mo)
        if po.stem == "sphinx":
            written.append(_write_js_catalogue(catalog, po.with_suffix(".js")))
    return written


def _write_js_catalogue(catalog, target: Path) -> Path:
    """Sphinx's `sphinx.js` for the language, with the empty entries filled from `catalog`.

    Sphinx uses the first `sphinx.js` found in `locale_dirs`, so ours must hold every
    string the search page needs, not only the ones Sphinx's catalogue lacks."""
    import sphinx

    language = str(catalog.locale)
    shipped = Path(sphinx.__file__).parent / "locale" / language / "LC_MESSAGES" / "sphinx.js"
    messages: dict[str, str] = {}
    plural = "0"
    if shipped.exists():
        text = shipped.read_text(encoding="utf-8")
        body = json.loads(text[text.index("(") + 1 : text.rindex(")")])
        messages, plural = body.get("messages", {}), body.get("plural_expr", "0")
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string:
            messages[message.id] = message.string
    data = {"locale": language, "messages": dict(sorted(messages.items())), "plural_expr": plural}
    target.write_text(
        "Documentation.addTranslations(" + json.dumps(data, indent=4) + ");\n", encoding="utf-8"
    )
    return target


@timed(lambda staging, builder="html", *a, **k: f"Sphinx ({builder})")
def jupyter_book(staging: Path, builder: str = "html", output: Path | None = None) -> Path:
    """Render the staging book; return the folder holding the builder's output.

    `output` (default: the staging folder) gets `_build/<builder>` and the builder's own
    `_build/.doctrees`, so two builders can render the same staging folder at once. The build
    is `jupyter-book build --builder <builder> -W -n --keep-going`, run in a warm process
    (`sphinx_run`)."""
    status, printed = sphinx_run.build(staging, builder, output or staging)
    if status != 0:
        lines = [ln for ln in printed.splitlines() if "WARNING" in ln or "ERROR" in ln]
        detail = (
            "\n  ".join(lines[:20])
            or (printed.strip().splitlines() or ["(không có thông báo)"])[-1]
        )
        raise RenderError(f"Jupyter Book không dựng được sách (builder {builder}):\n  {detail}")
    return (output or staging) / "_build" / builder


REPORT_PAGES = "bao-cao.pdf"  # the report's PDF as the LaTeX build includes it


def printed_book(staging: Path, name: str, report_pdf: Callable[[], Path] | None = None) -> Path:
    """Render the staging book with the LaTeX builder and compile `<name>.tex` (the target
    `edition_config` sets: `Edition.printed_name`) with XeLaTeX."""
    return compile_pdf(latex_sources(staging, name, report_pdf), name)


def latex_build(staging: Path) -> Path:
    """Where the LaTeX builder writes: beside the staging folder (`<year>.pdf-build/`), not
    inside it, with its own environment."""
    return staging.with_name(staging.name + ".pdf-build")


def latex_sources(staging: Path, name: str, report_pdf: Callable[[], Path] | None = None) -> Path:
    """The LaTeX builder's folder, ready for XeLaTeX: `<name>.tex`, the report's PDF, when
    given (a call that waits for it: it is made beside the rendering), whose pages open the
    book, and the cross-references of an earlier build."""
    latex_dir = jupyter_book(staging, "latex", latex_build(staging))
    if report_pdf is not None:
        shutil.copyfile(report_pdf(), latex_dir / REPORT_PAGES)
    seed_cross_references(latex_dir, name, staging.parent.parent)
    return latex_dir


def share_doctrees(staging: Path) -> None:
    """Give the HTML builder the pages the LaTeX builder has just read (Sphinx's environment
    and doctrees do not depend on the builder), so that it reads none of them again."""
    html_doctrees = staging / "_build" / ".doctrees"
    shutil.rmtree(html_doctrees, ignore_errors=True)
    shutil.copytree(latex_build(staging) / "_build" / ".doctrees", html_doctrees)


SEEDED = (".aux", ".toc", ".out")


def seed_cross_references(latex_dir: Path, name: str, staging_root: Path) -> None:
    """Start a first PDF build from the TOC and labels of the latest other edition.

    From nothing XeLaTeX needs three passes (the TOC, once written, shifts the pages it
    lists); from a similar edition's files usually two. latexmk still re-runs until the
    files stop changing, so the result is the same, only reached sooner."""
    if (latex_dir / f"{name}.aux").exists():
        return  # an earlier build of this edition: latexmk continues from its own files
    found = sorted(
        (p for p in staging_root.glob("*/*.pdf-build/_build/latex/*.aux") if p.parent != latex_dir),
        key=lambda p: p.stat().st_mtime,
    )
    if not found:
        return
    latest = found[-1]
    for suffix in SEEDED:
        source = latest.with_suffix(suffix)
        if source.exists():
            shutil.copyfile(source, latex_dir / f"{name}{suffix}")


def complete_redirect(site: Path) -> None:
    """Jupyter Book's `index.html` is a bare `<meta http-equiv="Refresh">` line: give it a
    language, a title, the site's icon (else browsers ask the server root for /favicon.ico)
    and a link for readers whose browser does not follow the refresh."""
    index = site / "index.html"
    if not index.is_file():
        return
    match = re.search(r'url=([^"\s]+)"', index.read_text(encoding="utf-8"))
    if not match or len(index.read_bytes()) > 200:
        return
    url = match.group(1)
    icon = (
        '<link rel="icon" href="_static/favicon.svg">'
        if (site / "_static" / "favicon.svg").exists()
        else ""
    )
    index.write_text(
        "<!DOCTYPE html>\n"
        '<html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="Refresh" content="0; url={url}">'
        f"<title>Báo cáo công tác khuyến công</title>{icon}</head>"
        f'<body><p><a href="{url}">Mở báo cáo</a></p></body></html>\n',
        encoding="utf-8",
    )


def web_site(staging: Path) -> Path:
    """The HTML builder's site. Sphinx keeps its environment and its output between builds, so
    only the pages whose source changed are read and written again; the output is the same
    bytes as a build from scratch of the staging folder (`khuyencong.outputs.kept_html`:
    no word, image or page left from an earlier build, so reverting the data gives back the
    earlier bytes)."""
    site = jupyter_book(staging, "html")
    complete_redirect(site)
    return site


def render_edition(
    paths: EditionPaths, fmt: str, say=print, report_pdf: Callable[[], Path] | None = None
) -> Path:
    """Build the requested formats of the staged edition; return a finished folder to publish
    at `paths.published`.

    `all` (default): the site with `<name>.pdf` inside it. `html`: the site alone. `pdf`: the
    edition currently published (if any) with only its PDF replaced."""
    staging, name = paths.staging, paths.edition.printed_name
    site: Path | None = None
    if fmt == "all":
        # The pages are read once, by the LaTeX builder; XeLaTeX then compiles while the
        # HTML builder writes the site from the same doctrees.
        say("      • bản in (LaTeX, rồi XeLaTeX) và trang web (HTML), song song …")
        latex_dir = latex_sources(staging, name, report_pdf)
        share_doctrees(staging)
        with ThreadPoolExecutor(max_workers=1) as pool:
            printing = pool.submit(compile_pdf, latex_dir, name)
            try:
                site = web_site(staging)
            finally:
                pdf = printing.result()  # waits; a LaTeX error is raised from here
    elif fmt == "html":
        say("      • trang web (HTML) …")
        return web_site(staging)
    else:
        say("      • bản in (PDF, XeLaTeX) …")
        pdf = printed_book(staging, name, report_pdf)
    if site is None:
        site = _published_copy(paths.published, staging / "_build" / "pdf-only")
    shutil.copy2(pdf, site / pdf.name)
    return site


def _published_copy(published: Path, site: Path) -> Path:
    """A fresh copy of the published edition (empty if none) at `site`, for a PDF-only build."""
    if site.exists():
        shutil.rmtree(site)
    if published.is_dir():
        shutil.copytree(published, site)
    else:
        site.mkdir(parents=True)
    return site
