"""Lay the report out in Word from the template (python-docx): heading and signature
blocks as borderless two-column tables, numbered sections, tables with repeated header
rows, annexes on their own pages. The same report gives the same bytes."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable

from khuyencong.content.report.model import Report, Section, Table
from khuyencong.outputs.word_template import PACKAGE_TEMPLATE, stable_bytes

TEXT_WIDTH_MM = 163  # A4 210 mm minus margins 30 + 17


def template_for(data_dir: Path | None, province: str) -> Path:
    """A department's own template (data/templates/<province>/bao-cao.docx), else the package's."""
    if data_dir is not None:
        own = Path(data_dir) / "templates" / province / "bao-cao.docx"
        if own.is_file():
            return own
    return PACKAGE_TEMPLATE


def write_docx(report: Report, target: Path, template: Path = PACKAGE_TEMPLATE) -> Path:
    doc = Document(str(template))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _heading_block(doc, report)
    marks = [
        _para(doc, line, style)
        for line, style in zip(report.draft_lines(), ("KC Dự thảo", "KC Ghi chú"), strict=False)
    ]
    if marks and report.checks:  # each figure still to check or explain, beside the draft mark
        add_comments(doc, marks[0].runs, report.checks)
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
    _para(doc, report.final_sentence)
    _signature_block(doc, report)
    for i, annex in enumerate(report.annexes):
        if i == 0:
            _landscape_section(doc)  # annex tables are wide: A4 landscape (NĐ 30 allows it)
        else:
            _page_break(doc)
        _section(doc, annex, annex=True)
    props = doc.core_properties
    props.title = f"Báo cáo {report.subject[0].lower()}{report.subject[1:]}"
    props.subject = f"Công tác khuyến công tỉnh {report.province_name} năm {report.year}"
    props.author = props.last_modified_by = f"Sở Công Thương tỉnh {report.province_name}"
    props.keywords, props.content_status = "", "Dự thảo" if report.draft else ""
    props.created = props.modified = props.last_printed = _midnight(report.core_date)
    target.write_bytes(stable_bytes(doc))
    return target


COMMENT_AUTHOR = "Kiểm tra số liệu"


def add_comments(doc, runs, texts: list[str], author: str = COMMENT_AUTHOR) -> None:
    """One Word comment per text, anchored to `runs` (no date: same report, same bytes)."""
    for text in texts:
        comment = doc.add_comment(runs, text=text, author=author, initials="KT")
        comment._comment_elm.date = None  # python-docx stamps the time of writing


def _midnight(d):
    from datetime import datetime

    return datetime(d.year, d.month, d.day)


def _style(doc, name: str) -> str:
    """A template without one of our styles still gives a document (in Normal)."""
    return name if name in [s.name for s in doc.styles] else "Normal"


def _para(container, text: str, style: str = "Normal", bold=None, italic=None):
    doc = container.part.document if hasattr(container, "part") else container
    para = container.add_paragraph(style=_style(doc, style))
    run = para.add_run(text)
    run.bold, run.italic = bold, italic
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
        run = para.add_run(line)
        run.bold, run.italic = (
            bold(i) if callable(bold) else bold,
            italic(i) if callable(italic) else italic,
        )


def _heading_block(doc, report: Report) -> None:
    left, right = _borderless(doc, 1, (60, TEXT_WIDTH_MM - 60)).rows[0].cells
    _cell_lines(left, [report.admin_header, report.department], "KC Cơ quan", bold=lambda i: i == 1)
    _rule(left.add_paragraph(style=_style(doc, "KC Cơ quan")), 60, 22)
    left.add_paragraph(report.number_line, style=_style(doc, "KC Số, ngày"))
    _cell_lines(right, report.heading_lines()[3:5], "KC Quốc hiệu")
    _rule(right.add_paragraph(style=_style(doc, "KC Quốc hiệu")), TEXT_WIDTH_MM - 60, 58)
    para = right.add_paragraph(style=_style(doc, "KC Số, ngày"))
    para.add_run(report.place_date).italic = True


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
    lines = report.signature_lines()
    _cell_lines(right, [*lines[:2], "", "", "", lines[2]], "KC Chữ ký")


def _section(doc, section: Section, annex: bool = False) -> None:
    if annex:
        _para(doc, section.number.rstrip("."), "KC Tên loại")
        _para(doc, section.title, "KC Trích yếu")
    else:
        doc.add_paragraph(section.heading, style=_style(doc, f"Heading {section.level}"))
    for block in section.blocks:
        if isinstance(block, Table):
            _table(doc, block)
        else:
            _para(doc, block)
    for child in section.children:
        _section(doc, child)


def _text_width(doc) -> float:
    """Width of the text area of the current (last) section, in mm."""
    sec = doc.sections[-1]
    return (sec.page_width - sec.left_margin - sec.right_margin) / Mm(1)


def _table(doc, table: Table) -> None:
    width = _text_width(doc)
    _para(doc, table.caption, "KC Tên bảng")
    out = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    out.style = doc.styles["Table Grid"] if "Table Grid" in [s.name for s in doc.styles] else None
    widths = table.widths or [1] * len(table.header)
    out.autofit = False
    for column, w in zip(out.columns, widths, strict=True):
        column.width = Mm(width * w / sum(widths))
    for r, values in enumerate([table.header, *table.rows]):
        row = out.rows[r]
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Mm(width * widths[c] / sum(widths))
            cell.paragraphs[0].style = _style(doc, "KC Bảng")
            cell.paragraphs[0].add_run(value).bold = r == 0 or None
    _repeat_header(out.rows[0])
    for row in out.rows:
        _keep_together(row)
    doc.add_paragraph(style=_style(doc, "KC Bảng"))


def _repeat_header(row) -> None:
    """Mark a row as a header repeated on every page (python-docx has no API for it)."""
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _keep_together(row) -> None:
    """A row is not split across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _landscape_section(doc) -> None:
    """A new page in A4 landscape, same margins turned with the page, header (page number) kept."""
    portrait = doc.sections[-1]
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = portrait.page_height, portrait.page_width
    sec.different_first_page_header_footer = False


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
