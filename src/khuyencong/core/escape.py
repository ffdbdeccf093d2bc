"""Text from data files made inert for each target it reaches: one function per target.

A province name, an entity name, a table cell or a chart label comes from `data/`, which
authors edit by hand or through Excel: it may hold `<script>`, `%`, `&`, `$`, `{`, a control
character. Every such string passes through exactly one of these before it is written:

- `html`: HTML text and attribute values (Sphinx `html_title`, page header/footer, context);
- `myst`: MyST Markdown (table cells, lists, glued text);
- `tex`: LaTeX (title-page macros, `latex_documents` title and author);
- `mpl`: matplotlib labels (a `$` would start mathtext);
- `csv_cell`: a cell of a CSV file a spreadsheet will open (no formula, see `formula_like`).

All collapse whitespace (line breaks in a cell never break the markup around it) and drop
control characters, which no target can show.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-!|$~&:.%])")
_TEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "[": "{[}",
    "]": "{]}",
}


def plain(text: object) -> str:
    """NFC text on one line: whitespace runs become one space, control characters go."""
    norm = unicodedata.normalize("NFC", str(text))
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in norm
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn")
    )
    return " ".join(kept.split())


def html(text: object) -> str:
    """Text for an HTML page: `<`, `>`, `&` and both quotes as character references."""
    return _html.escape(plain(text), quote=True)


def myst(text: object) -> str:
    """Text for MyST Markdown: every Markdown, HTML and role character backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", plain(text))


def tex(text: object) -> str:
    """Text for LaTeX: every special character spelled out, so `%` or `&` cannot break the PDF."""
    return "".join(_TEX_SPECIAL.get(ch, ch) for ch in plain(text))


def mpl(text: object) -> str:
    """Text for a matplotlib label: `$` escaped so it never starts mathematics."""
    return plain(text).replace("$", r"\$")


# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as a table shows it (`-12`, `-1.905,5`, `+3`, `-84,3%`): no formula can hide in it.
_NUMERIC = re.compile(r"[+-]?\d[\d.,]*%?")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take the text for a formula: it begins with `=`, `+`, `-`,
    `@`, a tab or a carriage return, and is not a plain number (a real negative number stays
    a number) nor a lone dash (the tables' mark for "no figure")."""
    return text.startswith(FORMULA_START) and text != "-" and not _NUMERIC.fullmatch(text)


def csv_cell(value: object) -> str:
    """A CSV cell for Excel: plain text, prefixed with `'` when it would be a formula (OWASP),
    so `=HYPERLINK(…)` from the data is shown as text, never run."""
    text = plain(value)
    return "'" + text if formula_like(text) else text


# Context values that Sphinx themes print as HTML, some with `|e`, some without
# (pydata-sphinx-theme's navbar prints `docstitle` raw, Sphinx's <title> escapes it).
HTML_CONTEXT_KEYS = ("docstitle", "author", "project", "shorttitle")


def page_context(
    app: object, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    """Sphinx `html-page-context`: data-derived context values escaped once, as Markup.

    Markup is not escaped again by `|e`, so every template shows the literal text, whether
    it escapes the value or not."""
    from markupsafe import Markup

    for key in HTML_CONTEXT_KEYS:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = Markup(html(value))
