"""Lay the report out in Word from the template (python-docx): heading and signature
blocks as borderless two-column tables, numbered sections, tables with repeated header
rows, annexes on their own pages. The same report gives the same bytes."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable

from khuyencong.content.report.model import Report, Section, Table
from khuyencong.core.templates import REPORT_TEMPLATE, province_template
from khuyencong.core.timing import timed
from khuyencong.outputs.docx_safety import check_template, strip_external
from khuyencong.outputs.word_runs import (
    CHECK_AUTHOR,
    CHECK_INITIALS,
    LANGUAGE,
    add_text,
    comment_run,
    frame,
    keep_with_next,
    vietnamese,
)
from khuyencong.outputs.word_tables import write_table
from khuyencong.outputs.word_template import PACKAGE_TEMPLATE, stable_bytes

TEXT_WIDTH_MM = 163  # A4 210 mm minus margins 30 + 17


def template_for(data_dir: Path | None, province: str) -> Path:
    """A department's own template (data/templates/<province>/bao-cao.docx), else the package's."""
    if data_dir is not None:
        own = province_template(Path(data_dir), province)
        if own.is_file():
            return own
    return PACKAGE_TEMPLATE


def check_report_template(data_dir: Path | None, province: str) -> Path:
    """The template the report of `province` will use, refused now if unsafe (TemplateError),
    before anything renders; the message names it as the author knows it."""
    template = template_for(data_dir, province)
    if template == PACKAGE_TEMPLATE:
        label = "gốc src/khuyencong/templates/" + REPORT_TEMPLATE
    else:
        label = f"{Path(data_dir or '.').name}/templates/{province}/{REPORT_TEMPLATE}"
    check_template(template, label)
    return template


@timed("Word")
def write_docx(report: Report, target: Path, template: Path | bytes = PACKAGE_TEMPLATE) -> Path:
    """The report as a Word file at `target`, from `template` (a path, or its bytes as read
    while the data folder was locked)."""
    doc = Document(io.BytesIO(template) if isinstance(template, bytes) else str(template))
    strip_external(doc)  # nothing in the published report fetches anything from outside
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    vietnamese(doc)
    for line in report.draft_lines():
        _draft_mark(doc, line, report.checks)
    _heading_block(doc, report)
    _para(doc, "BÁO CÁO", "KC Tên loại")
    _para(doc, report.subject, "KC Trích yếu").paragraph_format.space_after = Pt(0)
    rule = doc.add_paragraph(style=_style(doc, "KC Trích yếu"))
    _rule(rule, TEXT_WIDTH_MM, 40)
    rule.paragraph_format.space_after = Pt(10)
    for line in report.kinh_gui():
        _para(doc, line, "KC Kính gửi")
    _para(doc, report.opening)
    for section in report.sections:
        _section(doc, section)
    keep_with_next(_para(doc, report.final_sentence))  # never alone above the signature
    _signature_block(doc, report)
    for i, annex in enumerate(report.annexes):
        if i == 0:
            _landscape_section(doc)  # annex tables are wide: A4 landscape (NĐ 30 allows it)
        else:
            _page_break(doc)
        _annex(doc, report, i, annex)
    _properties(doc, report)
    target.write_bytes(stable_bytes(doc))
    return target


def _properties(doc, report: Report) -> None:
    """Title, subject, author; dated with the issue date, undated without one."""
    props = doc.core_properties
    props.title = f"Báo cáo {report.subject[0].lower()}{report.subject[1:]}"
    when = report.time or f"năm {report.year}"
    props.subject = f"Công tác khuyến công tỉnh {report.province_name} {when}"
    props.author = props.last_modified_by = f"Sở Công Thương tỉnh {report.province_name}"
    props.keywords, props.content_status = "", "Dự thảo" if report.draft else ""
    props.language = LANGUAGE
    if report.core_date is not None:
        props.created = props.modified = props.last_printed = _midnight(report.core_date)
        return
    core = doc.part.package.part_related_by(RT.CORE_PROPERTIES).element
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for el in core.findall(qn(tag)):
            core.remove(el)


def _midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def _draft_mark(doc, text: str, checks: list[str]) -> None:
    """ "DỰ THẢO" in a box at the top right, above the national title (NĐ 30, ô 12); each
    figure still to check or explain (`Report.checks`) a comment on it."""
    para = doc.add_paragraph(style=_style(doc, "KC Dự thảo"))
    run = para.add_run(text)
    run.bold = True
    for check in checks:
        comment_run(run, check, CHECK_AUTHOR, CHECK_INITIALS)
    fmt = para.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.left_indent, fmt.first_line_indent = Mm(TEXT_WIDTH_MM - 36), Mm(0)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    frame(para)


def _style(doc, name: str, fallback: str = "Normal") -> str:
    """A template without one of our styles still gives a document (in `fallback`)."""
    names = [s.name for s in doc.styles]
    return name if name in names else fallback if fallback in names else "Normal"


def _para(container, text: str, style: str = "Normal", bold=None, italic=None):
    doc = container.part.document if hasattr(container, "part") else container
    para = container.add_paragraph(style=_style(doc, style))
    add_text(para, text, bold, italic)
    return para


def _borderless(doc, rows: int, widths_mm: tuple[int, int]) -> DocxTable:
    table = doc.add_table(rows=rows, cols=2)
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _cell_lines(cell, lines, style: str, bold=None, italic=None) -> None:
    cell.paragraphs[0].style = _style(cell.part.document, style)
    for i, line in enumerate(lines):
        para = (
            cell.paragraphs[0]
            if i == 0
            else cell.add_paragraph(style=_style(cell.part.document, style))
        )
        add_text(
            para,
            line,
            bold(i) if callable(bold) else bold,
            italic(i) if callable(italic) else italic,
        )


def _heading_block(doc, report: Report) -> None:
    left, right = _borderless(doc, 1, (60, TEXT_WIDTH_MM - 60)).rows[0].cells
    _cell_lines(left, [report.admin_header, report.department], "KC Cơ quan", bold=lambda i: i == 1)
    _rule(left.add_paragraph(style=_style(doc, "KC Cơ quan")), 60, 22)
    add_text(left.add_paragraph(style=_style(doc, "KC Số, ngày")), report.number_line)
    national, motto = report.heading_lines()[3:5]
    _cell_lines(right, [national], "KC Quốc hiệu")
    right.add_paragraph(motto, style=_style(doc, "KC Tiêu ngữ", "KC Quốc hiệu"))
    _rule(right.add_paragraph(style=_style(doc, "KC Quốc hiệu")), TEXT_WIDTH_MM - 60, 58)
    para = right.add_paragraph(style=_style(doc, "KC Số, ngày"))
    add_text(para, report.place_date, italic=True)


def _rule(para, cell_mm: float, rule_mm: float) -> None:
    """A short centred rule: an empty paragraph, indented to `rule_mm`, with a bottom border
    (python-docx has no API for paragraph borders)."""
    fmt = para.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((cell_mm - rule_mm) / 2)
    fmt.first_line_indent, fmt.space_after, fmt.line_spacing = Mm(0), Pt(4), Pt(3)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    para._p.get_or_add_pPr().append(borders)


def _signature_block(doc, report: Report) -> None:
    left, right = _borderless(doc, 1, (80, TEXT_WIDTH_MM - 80)).rows[0].cells
    _cell_lines(
        left,
        ["Nơi nhận:", *report.recipients],
        "KC Nơi nhận",
        bold=lambda i: i == 0,
        italic=lambda i: i == 0,
    )
    *titles, name = report.signature_lines()
    _cell_lines(right, [*titles, "", "", "", name], "KC Chữ ký")
    row = left._tc.getparent()
    row.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # the block on one page


def _section(doc, section: Section) -> None:
    heading = doc.add_paragraph(style=_style(doc, f"Heading {section.level}"))
    add_text(heading, section.heading)
    keep_with_next(heading)
    _blocks(doc, section)
    for child in section.children:
        _section(doc, child)


def _blocks(doc, section: Section) -> None:
    for block in section.blocks:
        if isinstance(block, Table):
            write_table(doc, block, _text_width(doc), lambda name: _style(doc, name))
        else:
            _para(doc, block)


def _annex(doc, report: Report, index: int, annex: Section) -> None:
    """ "PHỤ LỤC" (I, II … when several), the title in capitals, "(Kèm theo Báo cáo số …)"."""
    label, title, line = report.annex_heading(index)
    keep_with_next(_para(doc, label, "KC Tên loại"))
    keep_with_next(_para(doc, title, "KC Trích yếu"))
    keep_with_next(_para(doc, line, "KC Kính gửi", italic=True))
    _blocks(doc, annex)


def _text_width(doc) -> float:
    """Width of the text area of the current (last) section, in mm."""
    sec = doc.sections[-1]
    return (sec.page_width - sec.left_margin - sec.right_margin) / Mm(1)


def _landscape_section(doc) -> None:
    """A new page in A4 landscape, same margins turned with the page, header (page number) kept."""
    portrait = doc.sections[-1]
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = portrait.page_height, portrait.page_width
    sec.different_first_page_header_footer = False
    numbering = OxmlElement("w:pgNumType")  # the annexes are numbered from 1 (own pages)
    numbering.set(qn("w:start"), "1")
    sec._sectPr.append(numbering)


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
