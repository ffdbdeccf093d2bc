"""The báo cáo (Word and PDF): content from the data, metadata gaps, layout, same text.

Expected figures are worked out by hand from the seeds: seed 000 gives 1.905 triệu đồng
allocated, "trong đó" 06 tasks for 1.605 triệu đồng (the cost of the tasks, not a disbursement:
no rate 1.605 / 1.905 is printed), 71 dossiers of 34 units, 67 eligible, 30 recognised; seed 003
(Quyết định 1113/QĐ-UBND of 11/5/2026) plans 300 (quốc gia) + 2.075 (địa phương) = 2.375 triệu
đồng for 2026, cited by a 2025 report only when it is dated on or after 11/5/2026.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from filling import explain_units_2025, fill_lists_2025

from khuyencong.content.report import web
from khuyencong.content.report.content import build_report
from khuyencong.content.report.model import Table, plain
from khuyencong.errors import DataValidationError
from khuyencong.inputs.dataset import load_dataset
from khuyencong.outputs.office_pdf import convert
from khuyencong.outputs.word import write_docx

FORBIDDEN = (
    "dựng sách",
    "nguồn sự thật",
    "biên soạn",
    "notebook",
    "Cuốn sách này",
    "python",
    "Jupyter",
    "papermill",
)
SECTIONS = (
    "I. KẾT QUẢ THỰC HIỆN",
    "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
    "IV. KIẾN NGHỊ, ĐỀ XUẤT",
)
COMPLETE = {
    "document": {
        "number": "125/BC-SCT",
        "issue_date": "2026-01-05",
        "place": "Sơn La",
        "addressees": ["Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công", "UBND tỉnh Sơn La"],
        "basis": "Thực hiện Công văn số 12/ĐMST-KC ngày 02/12/2025",
        "recipients": ["Như trên;", "Lưu: VT, QLCN."],
        "signer": {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Nguyễn Văn A"},
    },
    "causes": {"objective": ["Khách quan thử."], "subjective": ["Chủ quan thử."]},
    "recommendations": {"ministry": ["Kiến nghị Bộ thử."], "province": ["Kiến nghị tỉnh thử."]},
}


def soffice_or_skip() -> None:
    """LibreOffice is required in CI (fail); elsewhere its absence skips the PDF tests."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(
            "LibreOffice (soffice) thiếu trong CI: make system cài libreoffice-writer-nogui"
        )
    pytest.skip("LibreOffice (soffice) chưa cài")


@pytest.fixture(scope="module")
def report(dataset):
    return build_report(dataset, "son-la", 2025)


@pytest.fixture(scope="module")
def docx_path(report, tmp_path_factory) -> Path:
    return write_docx(report, tmp_path_factory.mktemp("bao-cao") / "son-la-2025-bao-cao.docx")


@pytest.fixture(scope="module")
def pdf_path(report, docx_path, tmp_path_factory) -> Path:
    soffice_or_skip()
    work = tmp_path_factory.mktemp("lo")
    return convert(docx_path, work / "pdf", work / "profile", report.core_date)


def flat(lines) -> str:
    return " ".join(" ".join(lines).split())


# Content --------------------------------------------------------------------------------


def test_report_holds_the_seed_figures(report):
    text = flat(report.lines())
    for expected in (
        "được giao 1.905 triệu đồng, trong đó đã thực hiện 06 nhiệm vụ với kinh phí "
        "1.605 triệu đồng",
        "02 cơ sở",
        "71 hồ sơ",
        "34 đơn vị",
        "67 hồ sơ đủ điều kiện",
        "30 sản phẩm",
        "109/2025/NQ-HĐND ngày 29/4/2025",
    ):
        assert expected in text, expected
    assert "không được giao" in text  # no national funds in 2025 (seed 000)
    # Only what the seed states: no rate 1.605 / 1.905 = 84,3%, no "300 unspent".
    for unstated in ("84,3%", "thấp hơn kinh phí được giao", "chưa sử dụng", "chưa giải ngân"):
        assert unstated not in text, unstated
    # A draft without an issue date does not cite a decision of 11/5/2026 in a 2025 report.
    assert "1113/QĐ-UBND" not in text and "2.375" not in text
    for word in FORBIDDEN:
        assert word.lower() not in text.lower(), word


def test_sections_in_order_and_parts_present(report):
    lines = report.lines()
    positions = [lines.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert any(line.startswith("Kính gửi") for line in lines)
    assert lines.index("Nơi nhận:") > positions[-1]
    assert "Với định hướng và giải pháp đồng bộ" in flat(lines)  # seed 000, closing sentence


def dated(data_copy: Path, issue: str, **extra) -> Path:
    """The Sơn La 2025 texts with complete metadata issued on `issue` (and `extra` keys)."""
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) | COMPLETE | extra
    doc["document"] = doc["document"] | {"issue_date": issue}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    fill_lists_2025(data_copy)  # a complete report also lists its tasks and products
    explain_units_2025(data_copy)  # and explains what rule QT3 questions
    return data_copy


def test_section_iii_refers_to_the_programme_solutions(data_copy):
    # Issued after Quyết định 1113/QĐ-UBND ngày 11/5/2026 (seed 003), the report cites its
    # 2026 plan ("dự kiến") and refers to its solutions (section VII) in one sentence, then
    # lists the department's own (`solutions` of the year's text); no verbatim copy.
    own = ["Phối hợp với UBND các xã, phường khảo sát nhu cầu của cơ sở."]
    rep = build_report(load_dataset(dated(data_copy, "2026-06-01", solutions=own)), "son-la", 2025)
    next_year = rep.sections[2]
    assert [c.heading for c in next_year.children] == [
        "1. Nhiệm vụ trọng tâm",
        "2. Kế hoạch năm 2026 theo Chương trình khuyến công",
        "3. Giải pháp thực hiện",
    ]
    lead, item, closing = next_year.children[2].blocks
    # 2026 is the programme's first year, so its solutions are started ("Triển khai").
    assert lead == (
        "Triển khai thực hiện các giải pháp tại Mục VII của Chương trình khuyến công tỉnh Sơn La "
        "giai đoạn 2026–2030 (Quyết định số 1113/QĐ-UBND ngày 11/5/2026), trong đó tập trung:"
    )
    assert item == "- " + own[0]
    assert str(closing).startswith("Với định hướng và giải pháp đồng bộ")  # seed 000, last
    text = flat(rep.lines())
    # 300 (quốc gia) + 2.075 (địa phương) = 2.375 triệu đồng, seed 003's 2026 column
    for expected in ("dự kiến gồm 10 nội dung", "2.375 triệu đồng", "300 triệu đồng", "2.075"):
        assert expected in text, expected
    # Neither the solutions (seed 003, VII) nor the viewpoints (I) are copied.
    assert "Tăng cường công tác lãnh đạo, chỉ đạo các cấp" not in text
    assert "thích ứng với chuyển đổi số" not in text
    page = web.chapter(rep).sec_3.replace("\\", "")
    assert page.index("**3. Giải pháp thực hiện**") < page.index("Mục VII")


def test_no_solutions_heading_without_programme_solutions(dataset, data_copy):
    path = data_copy / "programmes" / "son-la-2026-2030.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    del doc["solutions"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    rep = build_report(load_dataset(dated(data_copy, "2026-06-01")), "son-la", 2025)
    # Seed 002's province in 2020: no programme in the data at all.
    other = build_report(dataset, "tinh-khuyet-danh-002", 2020)
    for r, headings in ((rep, 2), (other, 1)):
        next_year = r.sections[2]
        assert len(next_year.children) == headings
        assert all(c.blocks for c in next_year.children)
        assert "Giải pháp thực hiện" not in flat(r.lines())
    assert str(rep.sections[2].children[-1].blocks[-1]).startswith("Với định hướng")


def test_issue_date_before_a_cited_decision_is_refused(data_copy):
    # A 2026 report cites the plan of its year from Quyết định 1113/QĐ-UBND ngày 11/5/2026
    # (seed 003); issued on 1/3/2026 it would cite a decision that did not exist yet.
    path = data_copy / "texts" / "son-la" / "2026.yaml"
    doc = {"source_id": "seed-000", "period_start": 2026, "period_end": 2026}
    path.write_text(yaml.safe_dump(doc | COMPLETE, allow_unicode=True), encoding="utf-8")
    text = yaml.safe_load(path.read_text(encoding="utf-8"))
    text["document"]["issue_date"] = "2026-03-01"
    path.write_text(yaml.safe_dump(text, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        build_report(load_dataset(data_copy), "son-la", 2026)
    message = str(err.value)
    assert "Quyết định số 1113/QĐ-UBND" in message
    assert "1/3/2026" in message and "11/5/2026" in message
    assert "texts/son-la/2026.yaml" in message and "document.issue_date" in message


def test_a_2025_report_issued_before_the_programme_leaves_it_out(data_copy):
    # Issued 5/1/2026, before 11/5/2026: the 2026–2030 decision is neither cited nor refused.
    rep = build_report(load_dataset(dated(data_copy, "2026-01-05")), "son-la", 2025)
    text = flat(rep.lines())
    assert not rep.draft and "1113/QĐ-UBND" not in text and "2.375" not in text


def test_unfilled_metadata_is_a_visible_draft(report):
    assert report.draft
    assert plain(report.number_line) == "Số: …/BC-SCT"
    assert plain(report.place_date) == "Sơn La, ngày … tháng … năm …"
    assert report.draft_lines() == ["DỰ THẢO"]  # the mark only: no checklist in the text
    assert "(chưa có)" not in flat(report.lines()) and "Còn thiếu" not in flat(report.lines())
    assert report.core_date is None  # undated without an issue date: never an arbitrary date


def test_complete_metadata_is_not_a_draft(data_copy):
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) | COMPLETE
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    fill_lists_2025(data_copy)
    rep = build_report(load_dataset(data_copy), "son-la", 2025)
    # Two 2025 rows are in another unit than the catalogue's (QT3), not explained: still a draft,
    # with the mark only (the two points are the panel's and the Word comments').
    assert rep.draft and rep.draft_lines() == ["DỰ THẢO"]
    assert [c[:4] for c in rep.checks] == ["QT3 ", "QT3 "]
    explain_units_2025(data_copy)
    rep = build_report(load_dataset(data_copy), "son-la", 2025)
    assert not rep.draft and rep.draft_lines() == []
    assert rep.number_line == "Số: 125/BC-SCT"
    assert rep.place_date == "Sơn La, ngày 05 tháng 01 năm 2026"
    assert rep.kinh_gui()[0] == "Kính gửi:" and len(rep.kinh_gui()) == 3
    assert rep.opening.startswith("Thực hiện Công văn số 12/ĐMST-KC ngày 02/12/2025, Sở")
    assert rep.signature_lines() == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]
    assert rep.recipients == ["- Như trên;", "- Lưu: VT, QLCN."]
    text = flat(rep.lines())
    for gap in ("(chưa có)", "Số: …", "ngày …", "Kính gửi: …", "Thực hiện …", "- …;", "DỰ THẢO"):
        assert gap not in text, gap
    assert rep.gap_notes() == [] and rep.core_date == date(2026, 1, 5)


def test_half_filled_metadata_stays_a_draft_with_a_gap_in_place(data_copy):
    # Everything filled but the subjective causes: still DỰ THẢO, the gap where they go.
    rep = build_report(load_dataset(dated(data_copy, "2026-01-05")), "son-la", 2025)
    assert not rep.draft
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["causes"]["subjective"] = []
    doc["document"]["signer"] = {"name": "Nguyễn Văn A"}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    rep = build_report(load_dataset(data_copy), "son-la", 2025)
    assert rep.draft and rep.draft_lines() == ["DỰ THẢO"]
    subjective = rep.sections[1].children[1].children[1]
    assert plain(subjective.blocks[0]) == "- …"
    [note] = rep.gap_notes()
    assert "Văn bản báo cáo" in note and "Nguyên nhân chủ quan" in note and "Nội dung" in note
    # No authority or title given: the head signs, "GIÁM ĐỐC" (NĐ 30).
    assert rep.signature_lines() == ["GIÁM ĐỐC", "Nguyễn Văn A"]


@pytest.mark.parametrize(
    ("key", "value", "column"),
    [
        ("document", {"number": 125}, "document.number"),
        ("document", {"issue_date": "05/01/2026"}, "document.issue_date"),
        ("document", {"signer": {"ten": "A"}}, "document.signer.ten"),
        ("causes", {"objective": "một chuỗi"}, "causes.objective"),
        ("recommendations", ["a"], "recommendations"),
    ],
)
def test_bad_metadata_names_file_and_key(data_copy, key, value, column):
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc[key] = value
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load_dataset(data_copy)
    assert "texts/son-la/2025.yaml" in str(err.value) and column in str(err.value)


def made_up(data_copy: Path) -> Path:
    """A province that no seed describes, with funding for 2030 and no texts at all."""
    with (data_copy / "entities.csv").open("a", encoding="utf-8") as f:
        f.write("tinh-thu,province,,Tỉnh Thử,,,,authored\n")
    with (data_copy / "funding.csv").open("a", encoding="utf-8") as f:
        f.write("tinh-thu,2030,national,100,80,2,authored,\n")
        f.write("tinh-thu,2030,local,400,400,3,authored,\n")
    return data_copy


def test_made_up_province_without_metadata_is_a_draft_with_gaps(data_copy, tmp_path):
    rep = build_report(load_dataset(made_up(data_copy)), "tinh-thu", 2030)
    text = flat(rep.lines())
    assert rep.draft and "DỰ THẢO" in text
    assert "Số: …/BC-SCT" in text and "Tỉnh Thử, ngày … tháng … năm …" in text
    # 100 + 400 = 500 allocated, 80 + 400 = 480 for 02 + 03 = 5 tasks (table total row);
    # no disbursement entered, so no rate (480/500 would be 96,0%)
    assert "được giao 100 triệu đồng, trong đó đã thực hiện 02 nhiệm vụ với kinh phí 80" in text
    funding = next(b for b in rep.sections[0].children[0].blocks if isinstance(b, Table))
    assert funding.total == ["Tổng cộng", "500", "5", "480"] and "96,0%" not in text
    for s in ("I. KẾT QUẢ THỰC HIỆN", "IV. KIẾN NGHỊ, ĐỀ XUẤT", "Nơi nhận:"):
        assert s in rep.lines()
    doc = Document(str(write_docx(rep, tmp_path / "r.docx")))
    assert "DỰ THẢO" in [p.text for p in doc.paragraphs]


def test_no_heading_without_content_and_no_empty_column(report):
    def walk(section):
        assert section.blocks or section.children, section.heading
        for b in section.blocks:
            if isinstance(b, Table):
                assert b.without_empty_columns().header == b.header, b.caption
        for c in section.children:
            walk(c)

    for s in [*report.sections, *report.annexes]:
        walk(s)
    # no repeated paragraph (the annex line "(Kèm theo Báo cáo số …)" heads every annex)
    paras = [p for p in report.lines() if len(p) > 40 and not p.startswith("(Kèm theo")]
    assert len(paras) == len(set(paras))


# Word -----------------------------------------------------------------------------------


def docx_lines(doc) -> list[str]:
    """Text of the body in order: paragraphs, and table cells paragraph by paragraph."""
    out = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            out += ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in child.iter(qn("w:p"))]
    return [line for line in out if line.strip()]


def test_docx_page_and_fonts(docx_path):
    doc = Document(str(docx_path))
    sec = doc.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(1) and abs(sec.page_height - Mm(297)) < Mm(1)
    assert Mm(20) <= sec.top_margin <= Mm(25) and Mm(20) <= sec.bottom_margin <= Mm(25)
    assert Mm(30) <= sec.left_margin <= Mm(35) and Mm(15) <= sec.right_margin <= Mm(20)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and Pt(13) <= normal.font.size <= Pt(14)
    assert sec.different_first_page_header_footer
    assert 'instr="PAGE"' in sec.header._element.xml or "PAGE" in sec.header._element.xml
    assert not sec.first_page_header.paragraphs or not sec.first_page_header.paragraphs[0].text


def test_docx_sections_heading_and_signature_tables(docx_path):
    doc = Document(str(docx_path))
    lines = docx_lines(doc)
    positions = [lines.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert any(line.startswith("Kính gửi") for line in lines)
    head, sign = (
        doc.tables[0],
        next(t for t in doc.tables if t.cell(0, 0).text.startswith("Nơi nhận")),
    )
    for t in (head, sign):
        assert len(t.columns) == 2
        assert t._tbl.tblPr.find(qn("w:tblBorders")) is None and t.style.name != "Table Grid"
    assert "SỞ CÔNG THƯƠNG" in head.cell(0, 0).text and "Số: …/BC-SCT" in head.cell(0, 0).text
    assert "Độc lập - Tự do - Hạnh phúc" in head.cell(0, 1).text
    assert sign.cell(0, 1).text.split() == ["GIÁM", "ĐỐC", "…"]  # default title, name a gap
    grids = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    assert grids and all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in grids)
    text = " ".join(lines)
    for expected in ("1.905", "1.605", "71", "67", "30"):
        assert expected in text
    for word in FORBIDDEN:
        assert word.lower() not in text.lower()


def test_docx_same_bytes_and_no_build_date(report, docx_path, tmp_path):
    again = write_docx(report, tmp_path / "again.docx")
    assert again.read_bytes() == docx_path.read_bytes()
    props = Document(str(docx_path)).core_properties
    # No issue date yet: the file carries no date at all (never an arbitrary one).
    assert (props.created, props.modified, props.last_printed) == (None, None, None)
    today = date.today().isoformat()
    with zipfile.ZipFile(docx_path) as z:
        assert all(today not in z.read(n).decode("utf-8", "replace") for n in z.namelist())
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# PDF ------------------------------------------------------------------------------------


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = out.split("\f")
    # Page numbers (header, from page 2) are the only text the Word body does not hold.
    return "\n".join(
        re.sub(r"^\s*\d+\s*\n", "", p, count=1) if i else p for i, p in enumerate(pages)
    )


@pytest.mark.slow  # LibreOffice
def test_pdf_has_the_same_text_as_the_docx(docx_path, pdf_path):
    """Same characters (whitespace aside; pdftotext splits words around Vietnamese marks and
    reads table columns in its own order), the only extra being table headers repeated on
    a new page; every body paragraph appears whole and in one piece."""
    doc = Document(str(docx_path))
    printed = "".join(pdf_text(pdf_path).split())
    extra = Counter(printed) - Counter("".join("".join(docx_lines(doc)).split()))
    missing = Counter("".join("".join(docx_lines(doc)).split())) - Counter(printed)
    assert not missing, missing
    for table in doc.tables:
        header = Counter(
            "".join(c.text for c in table.rows[0].cells).replace(" ", "").replace("\n", "")
        )
        while header and all(extra[k] >= v for k, v in header.items()):
            extra -= header
    assert not extra, extra
    body = [p.text for p in doc.paragraphs if len(p.text) > 20]
    assert body and all("".join(t.split()) in printed for t in body)


@pytest.mark.slow  # LibreOffice, twice
def test_pdf_is_a4_dated_from_the_report_and_reproducible(report, docx_path, pdf_path, tmp_path):
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True).stdout
    assert "A4" in info and "CreationDate" not in info and "ModDate" not in info  # undated draft
    assert "LibreOffice" not in info and "Writer" not in info  # no tool name in the properties
    again = convert(docx_path, tmp_path / "pdf", tmp_path / "profile", report.core_date)
    assert again.read_bytes() == pdf_path.read_bytes()
    text = pdf_text(pdf_path)
    for s in SECTIONS:
        assert s in " ".join(text.split())


@pytest.mark.slow  # LibreOffice
def test_report_first_page_is_portrait_and_not_blank(pdf_path, tmp_path):
    """Page 1 of the report as printed (tools/screenshots.py takes its picture)."""
    from PIL import Image

    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(tmp_path / "p1"),
        ],
        check=True,
    )
    image = Image.open(tmp_path / "p1.png").convert("RGB")
    assert image.size[1] > image.size[0]  # portrait
    colours = image.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 16


def test_a_year_of_the_programme_is_compared_with_its_plan(data_copy):
    """A 2026 report (first year of the 2026–2030 programme, seed 003): results against the
    2026 plan, and the 2027 plan in section III."""
    with (data_copy / "funding.csv").open("a", encoding="utf-8") as f:
        f.write("son-la,2026,national,300,300,1,authored,\n")
        f.write("son-la,2026,local,2075,2000,9,authored,\n")
    with (data_copy / "results.csv").open("a", encoding="utf-8") as f:
        f.write("son-la,2026,2026,may-moc-thiet-bi,local,2,cơ sở,600,exact,authored,\n")
    rep = build_report(load_dataset(data_copy), "son-la", 2026)
    text = flat(rep.lines())
    assert "Thực hiện so với kế hoạch" in text
    # 2026 plan for machinery: 1 (quốc gia) + 2 (địa phương) = 03 cơ sở, 300 + 600 = 900 triệu đồng
    comparison = next(
        b
        for s in [*rep.sections[0].children, *rep.annexes]
        for b in s.blocks
        if isinstance(b, Table) and b.caption.startswith("Kết quả năm 2026 so với kế hoạch")
    )
    machinery = [r for r in comparison.rows if r[0].startswith("Hỗ trợ ứng dụng máy móc")]
    # By fund source, as the results chapter (one computation): quốc gia planned 1, done 0
    # -> 0,0%; địa phương planned 2, done 2 -> 100,0% (table cells without leading zeros).
    assert [r[1:6] for r in machinery] == [
        ["Khuyến công quốc gia", "cơ sở", "1", "0", "0,0%"],
        ["Khuyến công địa phương", "cơ sở", "2", "2", "100,0%"],
    ]
    # 2027 plan (seed 003): 1.550 (quốc gia) + 3.562,5 (địa phương) = 5.112,5 triệu đồng
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" in rep.lines()
    assert "1.550 triệu đồng" in text and "5.113 triệu đồng" in text
    # 2027 is the programme's second year: its solutions (seed 003, VII) are continued.
    assert (
        "Tiếp tục thực hiện các giải pháp tại Mục VII của Chương trình khuyến công tỉnh Sơn La "
        "giai đoạn 2026–2030 (Quyết định số 1113/QĐ-UBND ngày 11/5/2026)." in text
    )


def test_recipient_and_addressee_lines_are_normalised(data_copy):
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) | COMPLETE
    doc["document"] = doc["document"] | {
        "addressees": [
            "- Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công;",
            "UBND tỉnh Sơn La.",
        ],
        "recipients": ["- Như trên;", "Giám đốc Sở", "- Lưu: VT, QLCN"],
    }
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    rep = build_report(load_dataset(data_copy), "son-la", 2025)
    assert rep.kinh_gui() == [
        "Kính gửi:",
        "- Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công;",
        "- UBND tỉnh Sơn La;",
    ]
    assert rep.recipients == ["- Như trên;", "- Giám đốc Sở;", "- Lưu: VT, QLCN."]
