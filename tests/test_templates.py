"""Templates are untrusted input: a province's Word template is checked before anything
renders (a real .docx, bounded, with the report's styles) and cleaned of everything that
fetches from outside; every template kind is part of the build stamps."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from khuyencong.content.report.content import build_report
from khuyencong.core import templates
from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.errors import TemplateError
from khuyencong.outputs import docx_safety
from khuyencong.outputs.book import stage_pages
from khuyencong.outputs.docx_safety import check_template
from khuyencong.outputs.word import check_report_template, write_docx
from khuyencong.outputs.word_template import make_template, stable_bytes
from khuyencong.pipeline.build import edition_stamp
from khuyencong.pipeline.fastpath import inputs_stamp

PROJECT = Path(__file__).resolve().parents[1]
EVIL = "http://ke-xau.example/"
LABEL = "data/templates/son-la/bao-cao.docx"
VML = "{urn:schemas-microsoft-com:vml}"
ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)


def refused(path: Path, *fragments: str) -> str:
    with pytest.raises(TemplateError) as info:
        check_template(path, LABEL)
    message = str(info.value)
    assert message.startswith(f"Mẫu Word {LABEL}:"), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert "Error" not in message and "Traceback" not in message
    return message


def test_the_package_template_passes(tmp_path: Path):
    check_template(templates.PACKAGE_TEMPLATES / "bao-cao.docx", LABEL)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path):
    path = tmp_path / "bao-cao.docx"
    path.write_text("Đây là một tệp văn bản, không phải Word.", encoding="utf-8")
    refused(path, "không phải tệp Word .docx")


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path: Path):
    path = tmp_path / "bao-cao.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "xin chào")
    refused(path, "không phải văn bản Word", "word/document.xml")


def package_copy(path: Path, replaced: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    """The package template with some members replaced or added."""
    package = templates.PACKAGE_TEMPLATES / "bao-cao.docx"
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(path, "w", compression) as dst:
        for item in src.infolist():
            if item.filename not in replaced:
                dst.writestr(item.filename, src.read(item))
        for name, body in replaced.items():
            dst.writestr(name, body)
    return path


def test_damaged_xml_is_refused(tmp_path: Path):
    path = package_copy(tmp_path / "bao-cao.docx", {"word/document.xml": b"<w:document"})
    refused(path, "không mở được")


@pytest.mark.parametrize("size", [2 * 1024 * 1024, 70 * 1024 * 1024])
def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path: Path, monkeypatch, size: int):
    # Zeros deflate to about a thousandth: small on disk, huge inflated.
    path = package_copy(tmp_path / "bao-cao.docx", {"word/media/image1.png": b"\0" * size})
    with zipfile.ZipFile(path) as z:
        member = z.getinfo("word/media/image1.png")
    assert member.compress_size < size / 100

    def no_inflating(*args, **kwargs):
        raise AssertionError("the check inflated a member")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    refused(path, "giải nén ra quá lớn", "64 MB")


def test_too_much_media_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(docx_safety, "MAX_MEDIA", 1000)
    logo = {"word/media/logo.png": bytes(range(256)) * 8}  # 2 048 bytes
    path = package_copy(tmp_path / "bao-cao.docx", logo, zipfile.ZIP_STORED)
    refused(path, "hình ảnh, đối tượng nhúng quá lớn")


def test_a_file_too_large_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(docx_safety, "MAX_FILE", 100)
    refused(templates.PACKAGE_TEMPLATES / "bao-cao.docx", "tệp quá lớn")


def test_a_missing_style_is_refused(tmp_path: Path):
    doc = make_template()
    style = doc.styles["KC Chữ ký"]
    style.element.getparent().remove(style.element)
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(stable_bytes(doc))
    refused(path, "thiếu kiểu (style) KC Chữ ký")


def hostile_template(path: Path) -> Path:
    """The package template with an attached template on a remote server, a hyperlink in the
    page header and a picture linked from a remote address."""
    doc = make_template()
    settings = doc.settings
    settings_part = doc.part._settings_part
    rid = settings_part.relate_to(EVIL + "Normal.dotm", ATTACHED_TEMPLATE, is_external=True)
    attached = OxmlElement("w:attachedTemplate")
    attached.set(qn("r:id"), rid)
    settings.element.insert(0, attached)
    header = doc.sections[0].header
    para = header.paragraphs[0]
    rid = header.part.relate_to(EVIL, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "Trang của Sở"
    run.append(text)
    link.append(run)
    para._p.append(link)
    rid = header.part.relate_to(EVIL + "anh.png", RT.IMAGE, is_external=True)
    pict = OxmlElement("w:pict")
    shape = etree.SubElement(pict, VML + "shape", nsmap={"v": VML[1:-1]})
    etree.SubElement(shape, VML + "imagedata").set(qn("r:id"), rid)
    wrapper = OxmlElement("w:r")
    wrapper.append(pict)
    para._p.append(wrapper)
    path.write_bytes(stable_bytes(doc))
    return path


def package_text(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}


def test_external_relationships_are_removed_from_the_published_report(tmp_path, dataset):
    template = hostile_template(tmp_path / "bao-cao.docx")
    before = package_text(template)
    assert any('TargetMode="External"' in t for t in before.values())
    assert "attachedTemplate" in before["word/settings.xml"]
    check_template(template, LABEL)  # a valid template: cleaned, not refused
    out = write_docx(build_report(dataset, "son-la", 2025), tmp_path / "r.docx", template)
    after = package_text(out)
    for name, text in after.items():
        assert "External" not in text and EVIL not in text, name
    assert "attachedTemplate" not in after["word/settings.xml"]
    headers = "".join(t for n, t in after.items() if n.startswith("word/header"))
    assert "Trang của Sở" in headers and "w:hyperlink" not in headers  # the text stays
    assert "imagedata" not in headers and "v:shape" in headers
    Document(str(out))  # still a document python-docx (and Word) opens


def test_the_build_checks_the_province_template_first(data_copy: Path):
    own = data_copy / "templates" / "son-la" / "bao-cao.docx"
    assert (
        check_report_template(data_copy, "son-la") == templates.PACKAGE_TEMPLATES / "bao-cao.docx"
    )
    own.parent.mkdir(parents=True)
    own.write_bytes(b"not a zip")
    with pytest.raises(TemplateError, match="Mẫu Word data/templates/son-la/bao-cao.docx"):
        check_report_template(data_copy, "son-la")


# ---------------------------------------------------------------------------------------------
# Every template kind is part of both stamps: the "nothing changed" hash of the inputs and
# the stamp of what is rendered.


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(PROJECT / name, root / name)
    for folder in ("book", "notebooks", "data", "locale"):
        shutil.copytree(PROJECT / folder, root / folder)
    package = tmp_path / "package-templates"
    shutil.copytree(templates.PACKAGE_TEMPLATES, package)
    monkeypatch.setattr(templates, "PACKAGE_TEMPLATES", package)
    return root


def stamps(project: Path) -> tuple[str, str]:
    where = ProjectPaths.resolve(project)
    staging = project.parent / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    stage_pages(project, staging, {"title": "x"})
    digest = templates.templates_digest(where.data_dir, "son-la")
    return (
        inputs_stamp(BuildRequest.of("son-la", 2025), where),
        edition_stamp(staging, "all", digest),
    )


def _touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((path.read_bytes() if path.exists() else b"") + b"\n")


KINDS = {
    "package-docx": lambda p: _touch(templates.PACKAGE_TEMPLATES / "bao-cao.docx"),
    "province-docx-added": lambda p: shutil.copy2(
        templates.PACKAGE_TEMPLATES / "bao-cao.docx",
        (p / "data" / "templates" / "son-la").mkdir(parents=True)
        or p / "data" / "templates" / "son-la" / "bao-cao.docx",
    ),
    "home-page": lambda p: _touch(templates.PACKAGE_TEMPLATES / "home.html.j2"),
    "book-templates": lambda p: _touch(p / "book" / "_templates" / "layout.html"),
    "locale": lambda p: _touch(next((p / "locale").rglob("*.po"))),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_editing_a_template_changes_both_stamps(project: Path, kind: str):
    before = stamps(project)
    assert stamps(project) == before  # stable
    KINDS[kind](project)
    after = stamps(project)
    assert after[0] != before[0] and after[1] != before[1], kind


def test_changing_the_province_template_changes_the_stamps(project: Path):
    own = project / "data" / "templates" / "son-la" / "bao-cao.docx"
    own.parent.mkdir(parents=True)
    own.write_bytes((templates.PACKAGE_TEMPLATES / "bao-cao.docx").read_bytes())
    before = stamps(project)
    with zipfile.ZipFile(own, "a") as z:
        z.writestr("customXml/item9.xml", "<x/>")
    assert stamps(project)[0] != before[0] and stamps(project)[1] != before[1]
    own.unlink()  # removing it goes back to the package's template
    assert stamps(project) != before


def test_stamps_hold_no_absolute_path(project: Path):
    names = [name for name, _ in templates.template_files(project / "data", "son-la")]
    assert all(not n.startswith("/") for n in names)
    assert io  # (module used above)
