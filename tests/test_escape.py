"""Data-derived text is inert in every target: HTML, MyST, LaTeX, matplotlib.

Property-based (hypothesis): arbitrary Unicode, markup and TeX specials go through each
escaping function, and through the edition's configuration, and come out as literal text.
"""

from __future__ import annotations

import html as pyhtml
import re
import unicodedata
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from khuyencong.core import escape
from khuyencong.core.edition import Edition
from khuyencong.outputs.book import edition_config
from khuyencong.outputs.book_pdf import title_macros

PROJECT = Path(__file__).resolve().parents[1]
NASTY = "<script>alert('x')</script> 100% & $x$ {#_^~\\} [a](b) *c* `d` | e: f > g"
SPECIALS = st.sampled_from(
    list("<>&\"'%$#_^~\\{}[]()*`|!:-+.=@\t\n") + ["\u0301", "\x00", "\u200b"]
)
TEXT = st.lists(st.one_of(st.characters(), SPECIALS, st.just("cơ sở")), max_size=40).map("".join)


@given(TEXT)
def test_html_escape_shows_the_text_literally(text):
    out = escape.html(text)
    assert "<" not in out and ">" not in out and '"' not in out
    assert pyhtml.unescape(out) == escape.plain(text)


@given(TEXT)
def test_myst_escape_renders_as_the_literal_text(text):
    out = escape.myst(text)
    rendered = MarkdownIt("commonmark").render(out).strip()
    plain = escape.plain(text)
    if not plain:
        assert rendered == ""
        return
    assert rendered.startswith("<p>") and rendered.endswith("</p>"), rendered
    assert pyhtml.unescape(rendered[3:-4]) == plain


_TEX_ESCAPES = re.compile(
    r"\\textbackslash\{\}|\\textasciitilde\{\}|\\textasciicircum\{\}|\\textless\{\}"
    r"|\\textgreater\{\}|\\[{}$&#%_]|\{\[\}|\{\]\}"
)


@given(TEXT)
def test_tex_escape_leaves_no_active_character(text):
    out = escape.tex(text)
    rest = _TEX_ESCAPES.sub("", out)
    assert not set(rest) & set("\\{}$&#%_~^<>[]"), (text, out)
    assert "\n" not in out


@given(TEXT)
def test_mpl_escape_never_starts_mathtext(text):
    out = escape.mpl(text)
    assert "$" not in out.replace(r"\$", "")


@settings(max_examples=60, deadline=None)
@given(TEXT.filter(lambda t: escape.plain(t) != ""))
def test_edition_config_escapes_every_target(name):
    config = edition_config(
        PROJECT,
        Edition("son-la", 2025),
        name,
        admin_header=name,
        department=name,
        today=date(2026, 1, 5),
    )
    for key in ("title", "author"):  # plain text: escaped once in the pages (page_context)
        assert escape.plain(name) in config[key]
    latex = config["latex"]["latex_documents"]
    preamble = config["sphinx"]["config"]["latex_elements"]["preamble"]
    macros = preamble.splitlines()[:5]  # the edition's title-page macros come first
    assert all(m.startswith("\\newcommand{\\kc") for m in macros)
    for tex in (latex["title"], latex["author"], *macros):
        rest = _TEX_ESCAPES.sub("", tex)
        rest = re.sub(r"\\(newcommand|kc[A-Za-z]+)", "", rest)
        assert not set(rest) & set("\\$&#%_~^<>"), tex


@given(TEXT)
def test_page_context_escapes_once_for_every_template(text):
    from markupsafe import Markup
    from markupsafe import escape as jinja_escape

    context = {"docstitle": text, "author": text, "pagename": text}
    escape.page_context(None, "x", "page.html", context, None)
    for key in ("docstitle", "author"):
        assert isinstance(context[key], Markup)
        assert str(jinja_escape(context[key])) == escape.html(text)  # `|e` adds nothing
        assert pyhtml.unescape(str(context[key])) == escape.plain(text)
    assert context["pagename"] == text  # not data: left alone


def test_nasty_province_name_in_the_title_page_macros():
    macros = title_macros(
        admin_header=NASTY,
        department="SỞ",
        place=NASTY,
        subject=NASTY,
        author=NASTY,
        today=date(2026, 1, 5),
    )
    assert r"100\% \& \$x\$ \{\#\_\textasciicircum{}\textasciitilde{}\textbackslash{}\}" in macros


def test_nfd_is_normalised_before_escaping():
    assert escape.html(unicodedata.normalize("NFD", "cơ sở")) == "cơ sở"
