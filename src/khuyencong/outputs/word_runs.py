"""Runs of the Word report: text with its gaps (a highlighted "…" with a comment saying what
to enter and where), comments on a run (`comment_run`, also used by the consistency rules),
and the paragraph properties python-docx has no API for (frame, language)."""

from __future__ import annotations

from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from khuyencong.content.report.model import split_gaps

COMMENT_AUTHOR, COMMENT_INITIALS = "Hướng dẫn soạn thảo", "HD"
CHECK_AUTHOR, CHECK_INITIALS = "Kiểm tra số liệu", "KT"  # the rules' comments
LANGUAGE = "vi-VN"


def comment_run(
    run: Run, text: str, author: str = COMMENT_AUTHOR, initials: str = COMMENT_INITIALS
) -> None:
    """Attach a Word comment to `run` (undated, so the same report gives the same bytes)."""
    document = run.part.document  # type: ignore[attr-defined]
    comment = document.add_comment(run, text=text, author=author, initials=initials)
    comment._comment_elm.attrib.pop(qn("w:date"), None)


def add_text(para: Paragraph, text: str, bold=None, italic=None) -> list[Run]:
    """`text` as runs of `para`: each gap a highlighted "…" with its note as a comment."""
    runs = []
    for piece, note in split_gaps(text):
        run = para.add_run(piece)
        run.bold, run.italic = bold, italic
        if note is not None:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            if note:
                comment_run(run, note)
        runs.append(run)
    return runs


def keep_with_next(para: Paragraph, keep: bool = True) -> None:
    para.paragraph_format.keep_with_next = keep


def frame(para: Paragraph) -> None:
    """A box around the paragraph (the DỰ THẢO mark of Nghị định 30)."""
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "8"),
            ("w:space", "2"),
            ("w:color", "000000"),
        ):
            edge.set(qn(key), value)
        borders.append(edge)
    para._p.get_or_add_pPr().append(borders)


def set_language(element) -> None:
    """`w:lang` vi-VN on a style's or the document defaults' run properties."""
    rpr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else element
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia"):
        lang.set(qn(attr), LANGUAGE)


def vietnamese(doc) -> None:
    """The document's language is Vietnamese: document defaults and every style."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        set_language(rpr)
    for style in doc.styles:
        if style.type is not None and hasattr(style.element, "get_or_add_rPr"):
            lang = style.element.find(qn("w:rPr") + "/" + qn("w:lang"))
            if lang is not None or style.name == "Normal":
                set_language(style.element)
