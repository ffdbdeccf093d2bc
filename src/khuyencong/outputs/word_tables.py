"""Tables of the Word report: caption kept with the table, one or two header rows repeated on
every page (a group over paired columns, the other headers spanning both rows), numbers
right-aligned, the "Tổng cộng" row bold, no row split across pages, a small table kept on
one page and no last row alone on a page."""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from khuyencong.content.report.model import Table
from khuyencong.outputs.word_runs import add_text, keep_with_next

SMALL_TABLE_ROWS = 6  # a table of at most this many rows (total included) is kept on one page


def write_table(doc, table: Table, width_mm: float, style) -> None:
    """`table` with its caption at the end of `doc` (text width `width_mm`); `style(name)`
    gives the template's style name (or Normal)."""
    caption = doc.add_paragraph(style=style("KC Tên bảng"))
    add_text(caption, table.caption)
    keep_with_next(caption)
    levels = 2 if table.groups else 1
    body = table.all_rows()
    out = doc.add_table(rows=levels + len(body), cols=len(table.header))
    out.style = doc.styles["Table Grid"] if "Table Grid" in [s.name for s in doc.styles] else None
    out.autofit = False
    widths = table.widths or [1] * len(table.header)
    mm = [width_mm * w / sum(widths) for w in widths]
    for column, w in zip(out.columns, mm, strict=True):
        column.width = Mm(w)
    for row in out.rows:
        for cell, w in zip(row.cells, mm, strict=True):
            cell.width = Mm(w)
    _header(out, table, levels, style)
    for r, values in enumerate(body):
        total = table.total is not None and r == len(body) - 1
        for c, value in enumerate(values):
            para = out.rows[levels + r].cells[c].paragraphs[0]
            para.style = style("KC Bảng")
            if table.is_numeric(c):
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            add_text(para, value, bold=True if total else None)
    _keep(out, levels, small=len(body) <= SMALL_TABLE_ROWS)
    doc.add_paragraph(style=style("KC Bảng"))


def _header(out, table: Table, levels: int, style) -> None:
    """One header row, or two: a group's label over its columns' own headers, and the header
    of a column outside any group spanning both rows."""
    rows = out.rows
    groups = table.groups or [(None, 1)] * len(table.header)
    start = 0
    for label, span in groups:
        if levels == 1 or label is None:
            for c in range(start, start + span):
                _header_text(rows[0].cells[c], table.header[c], style)
                if levels == 2:
                    rows[0].cells[c].merge(rows[1].cells[c])
        else:
            for c in range(start, start + span):
                _header_text(rows[1].cells[c], table.header[c], style)
            top = rows[0].cells[start]
            if span > 1:
                top = top.merge(rows[0].cells[start + span - 1])
            _header_text(top, label, style)
        start += span
    for row in rows[:levels]:
        _repeat_header(row)


def _header_text(cell, text: str, style) -> None:
    para = cell.paragraphs[0]
    para.style = style("KC Bảng")
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in para.runs:
        run._r.getparent().remove(run._r)
    add_text(para, text, bold=True)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _keep(out, levels: int, small: bool) -> None:
    """No row split across pages; the header with the first row; a small table whole on one
    page; the last row never alone (kept with the row before it)."""
    rows = list(out.rows)
    for row in rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    last = len(rows) - 1
    for i, row in enumerate(rows):
        keep = i < last and (small or i <= levels or i == last - 1)
        for cell in row.cells:
            for para in cell.paragraphs:
                keep_with_next(para, keep)


def _repeat_header(row) -> None:
    """Mark a row as a header repeated on every page (python-docx has no API for it)."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)
