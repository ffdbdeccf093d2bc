"""The form of the Word report (Nghị định 30/2020/NĐ-CP), read back with python-docx: no
sentence about the data or the tool, gaps as highlighted runs with comments, the annex
heading lines, "Tổng cộng" rows, right-aligned numbers, keep-with-next, tiêu ngữ 13 pt,
language vi-VN, "Lưu: VT" in Nơi nhận.

Figures by hand: seed 003's 2026 column is 300 (quốc gia) + 2.075 (địa phương) = 2.375
triệu đồng over 10 contents (more than 8 rows: an annex); seed 000's 2025 funding is 0 + 1.905
allocated, 0 + 06 tasks costing 0 + 1.605."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt
from filling import explain_units_2025, fill_lists_2025

from khuyencong.content.report.content import build_report
from khuyencong.inputs.dataset import load_dataset
from khuyencong.outputs.word import write_docx

META_PHRASES = (
    "chưa được tổng hợp",
    "chưa được đưa vào",
    "(chưa có)",
    "Đơn vị soạn thảo bổ sung",
    "số liệu của báo cáo",
    "báo cáo này",
    "Còn thiếu",
    "dữ liệu",
    "chưa so sánh",
)
ISSUED = {
    "number": "125/BC-SCT",
    "issue_date": "2026-06-01",
    "place": "Sơn La",
    "addressees": ["UBND tỉnh Sơn La"],
    "basis": "Thực hiện Công văn số 12/ĐMST-KC ngày 02/12/2025",
    "recipients": ["Như trên;", "Giám đốc Sở;"],
    "signer": {"name": "Nguyễn Văn A"},
}


def all_text(doc) -> str:
    """Every w:t of the body (paragraphs and tables), in order."""
    return " ".join(
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in doc.element.body.iter(qn("w:p"))
    )


@pytest.fixture(scope="module")
def draft_doc(dataset, tmp_path_factory):
    report = build_report(dataset, "son-la", 2025)
    path = write_docx(report, tmp_path_factory.mktemp("draft") / "r.docx")
    return report, Document(str(path))


@pytest.fixture
def issued_doc(data_copy, tmp_path):
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    text = yaml.safe_load(path.read_text(encoding="utf-8"))
    text["document"] = ISSUED
    text["causes"] = {"objective": ["Khách quan."], "subjective": ["Chủ quan."]}
    text["recommendations"] = {"ministry": ["Bộ."], "province": ["Tỉnh."]}
    path.write_text(yaml.safe_dump(text, allow_unicode=True), encoding="utf-8")
    fill_lists_2025(data_copy)  # a complete report also lists its tasks and products
    explain_units_2025(data_copy)  # and explains what rule QT3 questions
    report = build_report(load_dataset(data_copy), "son-la", 2025)
    return report, Document(str(write_docx(report, tmp_path / "r.docx")))


def numeric_tables(doc):
    return [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]


@pytest.mark.parametrize(("province", "year"), [("son-la", 2025), ("tinh-khuyet-danh-002", 2020)])
def test_no_sentence_about_the_data_or_the_tool(dataset, tmp_path, province, year):
    doc = Document(str(write_docx(build_report(dataset, province, year), tmp_path / "r.docx")))
    text = all_text(doc)
    for phrase in META_PHRASES:
        assert phrase not in text, phrase


def test_issued_report_has_no_meta_phrase_and_is_final(issued_doc):
    report, doc = issued_doc
    text = all_text(doc)
    for phrase in (*META_PHRASES, "DỰ THẢO", "…/BC-SCT", "ngày … tháng"):
        assert phrase not in text, phrase
    assert not list(doc.element.body.iter(qn("w:highlight")))  # no gap left
    assert not report.draft and len(doc.comments) == 0


def test_gaps_are_highlighted_runs_with_comments(draft_doc):
    report, doc = draft_doc
    gaps = [
        r
        for p in doc.element.body.iter(qn("w:p"))
        for r in p.iter(qn("w:r"))
        if "".join(t.text or "" for t in r.iter(qn("w:t"))) == "…"
    ]
    assert gaps and all(r.find(qn("w:rPr") + "/" + qn("w:highlight")) is not None for r in gaps)
    highlight = {r.find(qn("w:rPr") + "/" + qn("w:highlight")).get(qn("w:val")) for r in gaps}
    assert highlight == {"yellow"} and WD_COLOR_INDEX.YELLOW
    notes = [c.text for c in doc.comments if c.author == "Hướng dẫn soạn thảo"]
    assert (
        notes == report.gap_notes() and len(notes) >= 8
    )  # số, ngày, Kính gửi, … (seed 000 gives none)
    # Besides the gaps, the two results seed 000 counts in another unit than the catalogue's
    # (trademarks by "cơ sở", energy talks by "trường"): rule QT3, one comment each.
    checks = [c.text for c in doc.comments if c.author == "Kiểm tra số liệu"]
    assert checks == report.checks and [c[:4] for c in checks] == ["QT3 ", "QT3 "]
    assert len(doc.comments) == len(notes) + 2
    assert any("«Số văn bản (ví dụ 125/BC-SCT)»" in n and "«Văn bản báo cáo»" in n for n in notes)
    assert all(c.author and "date" not in c._comment_elm.attrib for c in doc.comments)
    # The draft mark: framed, once, no checklist in the text.
    [mark] = [p for p in doc.paragraphs if p.text == "DỰ THẢO"]
    borders = mark._p.pPr.find(qn("w:pBdr"))
    assert borders is not None and len(borders) == 4
    assert doc.paragraphs[0].text == "DỰ THẢO"  # above the heading block


def test_annex_heading_lines_and_total_row(issued_doc):
    report, doc = issued_doc
    texts = [p.text for p in doc.paragraphs]
    # three annexes (task list, products, 2026 plan): numbered I, II, III
    title = next(i for i, x in enumerate(texts) if x.startswith("KẾ HOẠCH NĂM 2026 THEO CHƯƠNG"))
    assert texts[title - 1] == "PHỤ LỤC III" and texts[title] == texts[title].upper()
    assert texts[title + 1] == (
        "(Kèm theo Báo cáo số 125/BC-SCT ngày 1/6/2026 của Sở Công Thương tỉnh Sơn La)"
    )
    assert "(chi tiết tại Phụ lục III)." in " ".join(texts)
    plan = numeric_tables(doc)[-1]
    top = [c.text for c in plan.rows[0].cells]
    assert "Số lượng" in top and "Kinh phí (triệu đồng)" in top  # two-level header
    assert [c.text for c in plan.rows[1].cells].count("Quốc gia") == 2
    total = plan.rows[-1]
    assert total.cells[0].text == "Tổng cộng" or total.cells[1].text == "Tổng cộng"
    # 300 + 2.075 = 2.375 in the last column
    assert total.cells[-1].text == "2.375"
    assert all(r.bold for c in total.cells for p in c.paragraphs for r in p.runs)


def test_every_numeric_table_has_a_total_and_right_aligned_numbers(issued_doc):
    _, doc = issued_doc
    tables = numeric_tables(doc)
    assert len(tables) == 4  # funding (body); task list, products, 2026 plan (annexes)
    funding = tables[0]
    assert [c.text for c in funding.rows[-1].cells] == ["Tổng cộng", "1.905", "6", "1.605"]
    # the made-up task list (tests/filling.py): 400 + 405 + 300 + 200 + 150 + 150 = 1.605
    assert "1.605" in [c.text for c in tables[1].rows[-1].cells]
    for table in tables:
        total = table.rows[-1].cells
        assert "Tổng cộng" in [c.text for c in total]
        numbers = [c for c in total if c.text and c.text.replace(".", "").isdigit()]
        assert all(c.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for c in numbers)
        assert table.rows[0].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
        # the last row never alone: the row before it is kept with it
        assert table.rows[-2].cells[0].paragraphs[0].paragraph_format.keep_with_next
    last = funding.rows[-1].cells[-1].paragraphs[0]
    assert last.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert funding.rows[1].cells[-1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_captions_and_small_tables_kept_together(issued_doc):
    _, doc = issued_doc
    captions = [p for p in doc.paragraphs if p.style.name == "KC Tên bảng"]
    assert captions and all(p.paragraph_format.keep_with_next for p in captions)
    funding = numeric_tables(doc)[0]  # 3 rows + header: kept on one page
    rows = funding.rows
    assert all(r.cells[0].paragraphs[0].paragraph_format.keep_with_next for r in rows[:-1])
    closing = next(p for p in doc.paragraphs if p.text.startswith("Trên đây là báo cáo"))
    assert closing.paragraph_format.keep_with_next  # with the signature block
    assert closing.text.endswith("của Sở Công Thương tỉnh Sơn La, kính báo cáo UBND tỉnh Sơn La./.")


def test_motto_language_and_recipients(issued_doc):
    _, doc = issued_doc
    head = doc.tables[0]
    [motto] = [p for p in head.cell(0, 1).paragraphs if p.text == "Độc lập - Tự do - Hạnh phúc"]
    size = motto.style.font.size
    assert size is not None and size >= Pt(13)
    lang = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert lang is not None and lang.get(qn("w:val")) == "vi-VN"
    normal_lang = doc.styles["Normal"].element.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    assert normal_lang is not None and normal_lang.get(qn("w:val")) == "vi-VN"
    sign = next(t for t in doc.tables if t.cell(0, 0).text.startswith("Nơi nhận"))
    lines = [p.text for p in sign.cell(0, 0).paragraphs]
    # Kính gửi given: "- Như trên;" first; the author's list has no Lưu line: "- Lưu: VT." last
    assert lines == ["Nơi nhận:", "- Như trên;", "- Giám đốc Sở;", "- Lưu: VT."]
    assert sign.cell(0, 1).text.split("\n")[0] == "GIÁM ĐỐC"  # no title given: the head signs
    assert doc.core_properties.created.date().isoformat() == "2026-06-01"
    assert doc.core_properties.language == "vi-VN"


def test_template_motto_style_is_13_pt():
    from khuyencong.outputs.word_template import PACKAGE_TEMPLATE

    doc = Document(str(PACKAGE_TEMPLATE))
    assert doc.styles["KC Tiêu ngữ"].font.size == Pt(13)
    assert Path(PACKAGE_TEMPLATE).is_file()


def test_a_rate_only_from_an_entered_disbursement(data_copy):
    """Seed 000 gives 1.905 allocated "trong đó" 06 tasks costing 1.605: no rate. With a total
    disbursement entered (column `paid`, made up here: 1.800 for the local source), the rate
    is 1.800 / 1.905 = 94,488…% -> 94,5%."""
    import csv

    path = data_copy / "funding.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["paid"] = (
            "1800"
            if (r["province"], r["year"], r["fund_source"])
            == (
                "son-la",
                "2025",
                "local",
            )
            else ""
        )
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = build_report(load_dataset(data_copy), "son-la", 2025)
    funding = report.sections[0].children[1]
    assert funding.blocks[1] == (
        "b) Kinh phí khuyến công địa phương: được giao 1.905 triệu đồng, trong đó đã thực hiện "
        "06 nhiệm vụ với kinh phí 1.605 triệu đồng; đã giải ngân 1.800 triệu đồng, đạt 94,5% kinh "
        "phí được giao."
    )
    table = funding.blocks[2]
    assert table.header[-1] == "Đã giải ngân" and table.total[-1] == "1.800"
    assert table.rows[0][-1] == "—"  # no national disbursement entered: the empty-cell mark


def test_web_page_gaps_panel_and_tables(draft_doc):
    """The web page: gaps highlighted with their note, the framed draft mark with a panel of
    what to enter (not in the text), the funding table as in Word."""
    from khuyencong.content.report import web

    report, _ = draft_doc
    page = web.chapter(report)
    assert 'class="kc-draft-mark">DỰ THẢO<' in page.draft
    assert "Cần điền trước khi ký" in page.draft
    assert all(web.esc(n) in page.draft for n in report.gap_notes())
    assert '<mark class="kc-gap" title="Nhập văn bản yêu cầu báo cáo' in page.opening
    assert "Cần điền" not in page.sec_1 + page.sec_2 + page.sec_4  # never in the text
    table = page.sec_1[page.sec_1.index("<table") :]
    # 0 + 1.905 allocated, 0 + 6 tasks, 0 + 1.605 for the tasks
    assert '<tr class="kc-total"><td>Tổng cộng</td><td class="kc-num">1.905</td>' in table
    assert '<td class="kc-num">6</td><td class="kc-num">1.605</td></tr>' in table


@pytest.mark.slow  # LibreOffice prints the annex
def test_printed_annex_caption_with_its_table_and_no_row_alone(issued_doc, tmp_path):
    """In the PDF (LibreOffice), the annex caption shares its page with the table's first rows,
    and the page holding "Tổng cộng" holds another row of the table too."""
    import subprocess

    from test_report import soffice_or_skip

    from khuyencong.outputs.office_pdf import convert

    soffice_or_skip()
    report, _ = issued_doc
    docx = write_docx(report, tmp_path / "r.docx")
    pdf = convert(docx, tmp_path / "pdf", tmp_path / "profile", report.core_date)
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    caption = next(p for p in pages if "Kế hoạch khuyến công năm 2026 theo nội dung" in p)
    assert "Hỗ trợ ứng dụng máy móc" in caption  # the plan's first row (seed 003)
    last = next(p for p in reversed(pages) if "Tổng cộng" in p)
    assert "Kiểm tra, giám sát" in last  # the plan's last row stays with the total


def test_several_annexes_are_numbered(issued_doc):
    """One annex: "PHỤ LỤC"; with a second (another builder's table), "PHỤ LỤC I", "II"."""
    from khuyencong.content.report.model import Column, add_annex, numeric_table

    report, _ = issued_doc
    del report.annexes[1:]  # keep one annex: no numeral
    assert report.annex_heading(0)[0] == "PHỤ LỤC"
    table = numeric_table(
        "Danh mục", [Column("Tên"), Column("Kinh phí", kind="number", summed=True)], [["A", 5]]
    )
    assert add_annex(table, "Danh mục thử", report.annexes) == "Phụ lục II"
    assert [report.annex_heading(i)[:2] for i in (0, 1)] == [
        ["PHỤ LỤC I", report.annexes[0].title.upper()],
        ["PHỤ LỤC II", "DANH MỤC THỬ"],
    ]
    assert table.total == ["Tổng cộng", "5"]
