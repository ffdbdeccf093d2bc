"""A Word template is untrusted input: checked before anything renders, cleaned before it
is published.

`check_template` refuses, in Vietnamese and naming the file, a template that is not a
.docx (a zip package holding a Word document), is larger than MAX_FILE, would inflate
beyond MAX_UNCOMPRESSED or by more than MAX_RATIO (a zip bomb: only the sizes the zip
declares are read, nothing is inflated, and Python's zip reader never inflates a member
beyond its declared size), carries more than MAX_MEDIA of pictures and embedded objects, or
lacks a style the report is written in (REQUIRED_STYLES).

`strip_external` removes from the document built on the template everything that would
make Word fetch something when the published report is opened: the attached template
(`w:attachedTemplate`, usually the author's own Normal.dotm on their disk or network) and
every relationship with TargetMode="External" (linked pictures, hyperlinks, linked
objects). They are removed rather than refused: Word writes an attached template into
ordinary files, and an author cannot see it; refusing would stop a department at a
setting it never chose. A hyperlink keeps its text, a linked picture is dropped (an
embedded one stays).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from khuyencong.errors import TemplateError
from khuyencong.outputs.word_template import HEADINGS, STYLES

MIB = 1024 * 1024
MAX_FILE = 20 * MIB  # the .docx itself
MAX_UNCOMPRESSED = 64 * MIB  # all its members inflated
MAX_RATIO = 100  # inflated / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = MIB
MAX_MEMBERS = 2000
MAX_MEDIA = 10 * MIB  # pictures and embedded objects, inflated
MEDIA_FOLDERS = ("word/media/", "word/embeddings/")
REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml", "word/styles.xml")
REQUIRED_STYLES = ("Normal", *HEADINGS, *STYLES)
R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _refuse(label: str, what: str, expected: str) -> TemplateError:
    return TemplateError(f"Mẫu Word {label}: {what}. Cần {expected}. Chưa dựng gì.")


def check_package(path: Path, label: str) -> None:
    """The zip-level checks: size, members, declared inflated sizes, media."""
    size = path.stat().st_size
    if size > MAX_FILE:
        raise _refuse(label, f"tệp quá lớn ({size // MIB} MB)", f"tệp dưới {MAX_FILE // MIB} MB")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(
            label,
            "không phải tệp Word .docx (không đọc được như gói .docx)",
            "tệp .docx lưu bằng Word",
        ) from None
    names = {i.filename for i in infos}
    missing = [p for p in REQUIRED_PARTS if p not in names]
    if missing:
        raise _refuse(label, f"không phải văn bản Word (thiếu {', '.join(missing)})", "tệp .docx")
    total = sum(i.file_size for i in infos)
    bomb = any(
        i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1)
        for i in infos
    )
    if len(infos) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or bomb:
        raise _refuse(
            label,
            f"giải nén ra quá lớn ({total // MIB} MB, {len(infos)} phần; có thể là tệp độc hại)",
            f"mẫu dưới {MAX_UNCOMPRESSED // MIB} MB khi giải nén",
        )
    media = sum(i.file_size for i in infos if i.filename.startswith(MEDIA_FOLDERS))
    if media > MAX_MEDIA:
        raise _refuse(
            label,
            f"hình ảnh, đối tượng nhúng quá lớn ({media // MIB} MB)",
            f"tổng hình ảnh dưới {MAX_MEDIA // MIB} MB (thu nhỏ hoặc nén ảnh trong Word)",
        )


def check_template(path: Path, label: str) -> None:
    """Refuse a template that is not a bounded .docx with the report's styles (TemplateError)."""
    from docx import Document

    check_package(path, label)
    try:
        doc = Document(str(path))
        styles = {s.name for s in doc.styles}
    except Exception:  # python-docx and lxml raise many kinds for a damaged package
        raise _refuse(
            label,
            "không mở được (tệp hỏng hoặc không phải văn bản Word)",
            "tệp .docx lưu bằng Word",
        ) from None
    missing = [name for name in REQUIRED_STYLES if name not in styles]
    if missing:
        raise _refuse(
            label,
            f"thiếu kiểu (style) {', '.join(missing)}",
            "mẫu có đủ các kiểu của mẫu gốc (sửa từ bản sao của src/khuyencong/templates/"
            "bao-cao.docx, không xoá hay đổi tên kiểu)",
        )


def _unwrap(element) -> None:
    """Replace an element by its children (a hyperlink by its runs)."""
    parent = element.getparent()
    index = parent.index(element)
    for child in list(element):
        parent.insert(index, child)
        index += 1
    parent.remove(element)


def _drop_references(root, rid: str) -> None:
    """Remove what refers to relationship `rid` in a part's XML."""
    for element in list(root.iter()):
        attrs = [k for k, v in element.attrib.items() if k.startswith(R_NS) and v == rid]
        if not attrs or element is root:
            continue
        if element.tag == qn("w:hyperlink"):
            _unwrap(element)
        elif element.tag == qn("a:blip"):
            for key in attrs:
                del element.attrib[key]
        elif element.getparent() is not None:
            element.getparent().remove(element)


def strip_external(doc) -> int:
    """Remove the attached template and every external relationship; return how many."""
    removed = 0
    settings = doc.settings.element
    for attached in settings.findall(qn("w:attachedTemplate")):
        settings.remove(attached)
    package = doc.part.package
    for rid in [r for r, rel in package.rels.items() if rel.is_external]:
        del package.rels[rid]
        removed += 1
    for part in package.iter_parts():
        external = [r for r, rel in part.rels.items() if rel.is_external]
        if not external:
            continue
        root = getattr(part, "_element", None)
        blob = root is None  # a part python-docx keeps as bytes: edited as XML all the same
        if blob:
            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
        for rid in external:
            _drop_references(root, rid)
            del part.rels[rid]
            removed += 1
        if blob:
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    return removed
