"""Make the report's Word template (`templates/bao-cao.docx`) once: `python -m
khuyencong.outputs.word_template [target]`.

The template carries the page set-up (A4, margins of Nghị định 30/2020/NĐ-CP, page
numbers centred in the header from page 2) and the named styles the writer uses. A
department restyles its report (letterhead, fonts, spacing) by editing this file in Word,
or a copy at `data/templates/<province>/bao-cao.docx`, without touching code.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from khuyencong.core.templates import PACKAGE_TEMPLATES, REPORT_TEMPLATE
from khuyencong.outputs.word_runs import vietnamese

FONT = "Times New Roman"
PACKAGE_TEMPLATE = PACKAGE_TEMPLATES / REPORT_TEMPLATE
FIXED = datetime(2026, 1, 1)  # the template's own date: fixed, so its bytes are stable

LEFT, CENTER, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
# name: (size pt, bold, italic, alignment, first-line indent cm, space after pt)
STYLES = {
    "KC Cơ quan": (12, False, False, CENTER, 0, 0),
    "KC Quốc hiệu": (12, True, False, CENTER, 0, 0),
    "KC Tiêu ngữ": (13, True, False, CENTER, 0, 0),  # NĐ 30: 13–14 pt
    "KC Số, ngày": (13, False, False, CENTER, 0, 0),
    "KC Dự thảo": (13, True, False, CENTER, 0, 6),
    "KC Ghi chú": (12, False, True, CENTER, 0, 6),
    "KC Tên loại": (14, True, False, CENTER, 0, 0),
    "KC Trích yếu": (14, True, False, CENTER, 0, 12),
    "KC Kính gửi": (14, False, False, CENTER, 0, 6),
    "KC Nơi nhận": (11, False, False, LEFT, 0, 0),
    "KC Chữ ký": (14, True, False, CENTER, 0, 0),
    "KC Bảng": (12, False, False, LEFT, 0, 0),
    "KC Tên bảng": (13, True, False, CENTER, 0, 6),
}
SPACE_BEFORE = {"KC Dự thảo": 12, "KC Tên loại": 12}  # pt, after the heading block
HEADINGS = {
    "Heading 1": (14, True, False),
    "Heading 2": (14, True, False),
    "Heading 3": (14, True, True),
}


def set_font(style, size: int, bold: bool | None = None, italic: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def make_template():
    doc = Document()
    normal = doc.styles["Normal"]
    set_font(normal, 14)
    pf = normal.paragraph_format
    pf.alignment, pf.first_line_indent = JUSTIFY, Cm(1.27)
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.15
    for name, (size, bold, italic) in HEADINGS.items():
        st = doc.styles[name]
        set_font(st, size, bold, italic)
        st.paragraph_format.first_line_indent = Cm(1.27)
        st.paragraph_format.space_before, st.paragraph_format.space_after = Pt(6), Pt(6)
        st.paragraph_format.alignment = JUSTIFY
        st.paragraph_format.keep_with_next = True  # a heading never ends a page
    for name, (size, bold, italic, align, indent, after) in STYLES.items():
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        set_font(st, size, bold, italic)
        st.paragraph_format.alignment, st.paragraph_format.first_line_indent = align, Cm(indent)
        st.paragraph_format.space_after, st.paragraph_format.line_spacing = Pt(after), 1.0
        st.paragraph_format.space_before = Pt(SPACE_BEFORE.get(name, 0))
    _page_setup(doc)
    vietnamese(doc)
    props = doc.core_properties
    props.author = props.last_modified_by = "Sở Công Thương"
    props.title, props.comments, props.revision = "Báo cáo", "", 1
    props.created = props.modified = props.last_printed = FIXED
    return doc


def _page_setup(doc) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(17)
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)
    sec.different_first_page_header_footer = True  # no number on the first page
    para = sec.header.paragraphs[0]
    para.alignment = CENTER
    para.paragraph_format.first_line_indent = Cm(0)
    field = OxmlElement("w:fldSimple")  # python-docx has no API for fields
    field.set(qn("w:instr"), "PAGE")
    para._p.append(field)


def stable_bytes(doc) -> bytes:
    """The document's bytes with fixed zip timestamps: same content, same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            blob = src.read(item.filename)
            if item.filename == "docProps/app.xml":  # no claim about the program that wrote it
                blob = re.sub(rb"<Application>[^<]*</Application>", b"<Application/>", blob)
            dst.writestr(info, blob)
    return out.getvalue()


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else PACKAGE_TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(stable_bytes(make_template()))
    print(target)


if __name__ == "__main__":
    main(sys.argv[1:])
