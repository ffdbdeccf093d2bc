"""One fact, one computation, one phrasing: the report and the chapters print the same string.

Expected values are worked out by hand from seed 003 (the 2026 row of the programme's
appendix) and from the rows each test adds.
"""

from __future__ import annotations

import pandas as pd
import pytest

from khuyencong.content.chapters import priorities, year_on_year
from khuyencong.content.chapters import results as results_chapter
from khuyencong.content.report.content import build_report
from khuyencong.content.report.model import Table
from khuyencong.figures import facts
from khuyencong.figures.formatting import fmt_count
from khuyencong.inputs.dataset import load_dataset

TRADEMARKS = "Hỗ trợ xây dựng và đăng ký nhãn hiệu sản phẩm công nghiệp nông thôn"
MACHINERY = "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến"


def add_2026(data, *results: str) -> None:
    """Funding of 2026 (seed 003 allocations: 300 quốc gia, 2.075 địa phương) and result rows."""
    with (data / "funding.csv").open("a", encoding="utf-8") as f:
        f.write("son-la,2026,national,300,300,1,authored,\n")
        f.write("son-la,2026,local,2075,880,2,authored,\n")
    with (data / "results.csv").open("a", encoding="utf-8") as f:
        f.writelines(f"son-la,2026,2026,{r}\n" for r in results)


def report_table(rep, caption_start: str) -> Table:
    return next(
        b
        for s in [*rep.sections[0].children, *rep.annexes]
        for b in s.blocks
        if isinstance(b, Table) and b.caption.startswith(caption_start)
    )


def md_rows(markdown: str) -> list[list[str]]:
    """The rows of a chapter's list-table, cells unescaped."""
    rows: list[list[str]] = []
    for line in markdown.splitlines():
        if line.startswith("* - "):
            rows.append([line[4:]])
        elif line.startswith("  - ") and rows:
            rows[-1].append(line[4:])
    return [[c.replace("\\", "") for c in r] for r in rows]


def chapter_row(table, name: str) -> list[str]:
    assert table is not None
    return next(r for r in md_rows(table.markdown) if r[0] == name)


@pytest.fixture
def planned_row(data_copy):
    """2026: machinery done (1 quốc gia, 2 địa phương); the 10 trademarks still `planned`."""
    add_2026(
        data_copy,
        "may-moc-thiet-bi,national,1,cơ sở,300,exact,authored,",
        "may-moc-thiet-bi,local,2,cơ sở,600,exact,authored,",
        "nhan-hieu,local,10,nhãn hiệu,280,planned,authored,",
    )
    return load_dataset(data_copy)


def test_a_planned_row_is_not_done_in_the_report_nor_in_the_chapter(planned_row):
    # Seed 003, 2026: trademarks 10 (địa phương); the row is still `planned`, so 0 of 10 are
    # done: 0 / 10 = 0,0% — never 10 / 10 = 100,0%.
    rows = facts.plan_versus_actual(planned_row, "son-la", 2026).set_index(
        ["activity", "fund_source"]
    )
    assert rows.loc[("nhan-hieu", "local"), "planned"] == 10
    assert rows.loc[("nhan-hieu", "local"), "actual"] == 0
    assert rows.loc[("nhan-hieu", "local"), "rate"] == 0
    # Machinery: 1 of 1 (quốc gia), 2 of 2 (địa phương): 100 % each.
    assert rows.loc[("may-moc-thiet-bi", "national"), "rate"] == pytest.approx(100.0)
    assert rows.loc[("may-moc-thiet-bi", "local"), "rate"] == pytest.approx(100.0)

    rep = build_report(planned_row, "son-la", 2026)
    table = report_table(rep, "Kết quả năm 2026 so với kế hoạch")
    trademarks = [r for r in table.rows if r[0] == TRADEMARKS]
    assert len(trademarks) == 1 and "0,0%" in trademarks[0] and "100,0%" not in trademarks[0]

    chapter = results_chapter.build(planned_row, "son-la", 2026).plan.tbl_plan
    row = chapter_row(chapter, TRADEMARKS)
    assert "0,0%" in row and "100,0%" not in row
    # The same rate string in both: the one computation.
    assert [c for c in row if c.endswith("%")] == [c for c in trademarks[0] if c.endswith("%")]


def test_report_and_chapter_cite_the_programme_the_same_way(planned_row):
    # Seed 003: Quyết định số 1113/QĐ-UBND ngày 11/5/2026 (no leading zero in the month).
    cited = "Quyết định số 1113/QĐ-UBND ngày 11/5/2026"
    prog = planned_row.programme_covering("son-la", 2026)
    assert cited in facts.programme_citation(prog)
    rep = " ".join(build_report(planned_row, "son-la", 2026).lines())
    chapter = results_chapter.build(planned_row, "son-la", 2026).plan.plan_sentence
    following = priorities.build(planned_row, "son-la", 2026).plan_sentence
    for text in (rep, chapter, following):
        assert cited in text and "11/05/2026" not in text


def test_year_on_year_is_one_sentence_in_report_and_chapter(planned_row):
    # 2025 (seed 000): 1.905 allocated, 1.605 spent; 2026 here: 300 + 2.075 = 2.375 allocated,
    # 300 + 880 = 1.180 spent. (2375 − 1905) / 1905 = 24,67…% → 24,7%;
    # (1180 − 1605) / 1605 = −26,48…% → giảm 26,5%; local (2075 − 1905) / 1905 = 8,92…% → 8,9%.
    sentence = facts.year_on_year_sentence(planned_row, "son-la", 2026)
    assert sentence == (
        "So với năm 2025, kinh phí được giao tăng 24,7% (từ 1.905 triệu đồng lên 2.375 triệu "
        "đồng); kinh phí đã thực hiện giảm 26,5% (từ 1.605 triệu đồng xuống 1.180 triệu đồng); "
        "kinh phí khuyến công địa phương được giao tăng 8,9% (từ 1.905 triệu đồng lên 2.075 "
        "triệu đồng)."
    )
    rep = build_report(planned_row, "son-la", 2026)
    assert sentence in rep.lines()
    assert year_on_year.previous_year(planned_row, "son-la", 2026).prev_sentence == sentence


def test_counts_below_ten_take_a_leading_zero_in_every_prose(dataset):
    # Seed 000: "đã thực hiện 06 nhiệm vụ"; 30 products recognised.
    from khuyencong.content.chapters import overview

    assert fmt_count(6) == "06"
    rep = " ".join(build_report(dataset, "son-la", 2025).lines())
    page = overview.build(dataset, "son-la", 2025)
    assert "06 nhiệm vụ" in rep and "06 nhiệm vụ" in page.funding_sentence
    assert " 6 nhiệm vụ" not in rep and " 6 nhiệm vụ" not in page.funding_sentence


def test_one_award_sentence_for_report_and_chapter(dataset):
    # Seed 000: 71 dossiers of 34 units, 67 eligible (67 / 71 = 94,37…% → 94,4%), 30
    # recognised (30 / 67 = 44,77…% → 44,8%).
    expected = (
        "71 hồ sơ của 34 đơn vị đăng ký, 67 hồ sơ đủ điều kiện (94,4%), 30 sản phẩm được công "
        "nhận (44,8% số hồ sơ đủ điều kiện)."
    )
    assert facts.award_sentences(dataset, "son-la", 2025) == [expected]
    rep = " ".join(build_report(dataset, "son-la", 2025).lines())
    chapter = results_chapter.build(dataset, "son-la", 2025).awards.awards_sentence
    assert expected in rep and chapter == expected


def test_results_name_the_source_when_an_activity_has_both(planned_row):
    rep = build_report(planned_row, "son-la", 2026)
    listed = [
        str(b)
        for s in rep.sections[0].children
        if s.title == "Kết quả thực hiện các nội dung khuyến công"
        for b in s.blocks
    ]
    machinery = [b for b in listed if b.startswith(f"- {MACHINERY}")]
    assert [b.split(": ")[0].rsplit("(", 1)[1] for b in machinery] == [
        "khuyến công quốc gia)",
        "khuyến công địa phương)",
    ]
    assert any(": 01 cơ sở, kinh phí 300 triệu đồng" in b for b in machinery)
    # The trademarks are only under one source: no source named; still planned, said so.
    trademarks = next(b for b in listed if b.startswith(f"- {TRADEMARKS}"))
    assert trademarks.startswith(f"- {TRADEMARKS}: 10 nhãn hiệu (kế hoạch, chưa thực hiện)")


def test_progress_counts_only_what_was_done(planned_row):
    # Seed 003 targets 2026–2030: machinery 1,2 | 2,3 | 2,3 | 2,3 | 2,3 = 23; trademarks
    # 10 × 5 = 50. Done in 2026: machinery 1 + 2 = 3 (3 / 23 = 13,04…%); trademarks 0 (the row
    # is still `planned`).
    progress = facts.programme_progress(planned_row, "son-la", 2026)
    assert progress is not None
    rows = progress.set_index("activity")
    assert rows.loc["may-moc-thiet-bi", "quantity_period"] == 23
    assert rows.loc["may-moc-thiet-bi", "quantity_done"] == 3
    assert rows.loc["may-moc-thiet-bi", "progress"] == pytest.approx(100 * 3 / 23)
    assert rows.loc["nhan-hieu", "quantity_done"] == 0
    assert rows.loc["nhan-hieu", "quantity_remaining"] == 50
    chapter = results_chapter.build(planned_row, "son-la", 2026).plan.tbl_progress
    assert chapter_row(chapter, TRADEMARKS)[2:6] == ["50", "0", "0,0%", "50"]


def test_no_programme_no_plan_no_progress(dataset):
    # 2025 is before the 2026–2030 programme (seed 003): no comparison, no progress.
    assert facts.plan_versus_actual(dataset, "son-la", 2025).empty
    assert facts.programme_progress(dataset, "son-la", 2025) is None
    assert isinstance(facts.carried_shortfalls(dataset, "son-la", 2025), pd.DataFrame)


def test_one_funding_sentence_for_the_overview_and_the_results_chapter(dataset):
    # Seed 000: 1.905 allocated, 06 tasks for 1.605; 1605 / 1905 = 84,25…% → 84,3%.
    from khuyencong.content.chapters import overview

    sentence = (
        "Năm 2025, tổng kinh phí khuyến công được giao là 1.905 triệu đồng; đã thực hiện 06 "
        "nhiệm vụ với kinh phí 1.605 triệu đồng, đạt 84,3% kinh phí được giao."
    )
    assert facts.funding_sentence(dataset, "son-la", 2025) == sentence
    assert overview.build(dataset, "son-la", 2025).funding_sentence == sentence
    results = results_chapter.build(dataset, "son-la", 2025).funding.funding_sentence
    assert results.startswith(sentence + " ")


@pytest.mark.slow  # a workbook round trip or a whole command
def test_the_planned_row_reads_the_same_in_word_and_on_the_web(planned_row, tmp_path):
    # The Word file and the web page are written from the one report: the trademarks row
    # (0 of 10 done, seed 003) reads 0,0% in both.
    from docx import Document

    from khuyencong.content.report import web
    from khuyencong.outputs.word import write_docx

    rep = build_report(planned_row, "son-la", 2026)
    doc = Document(str(write_docx(rep, tmp_path / "r.docx")))
    rows = [
        [c.text for c in row.cells]
        for t in doc.tables
        for row in t.rows
        if row.cells[0].text == TRADEMARKS
    ]
    assert any("0,0%" in r and "100,0%" not in r for r in rows)
    page = web.chapter(rep)
    html = "\n".join(str(getattr(page, f)) for f in ("sec_1", "annexes"))
    web_rows = [r for r in html.split("<tr") if f">{TRADEMARKS}<" in r]
    # the 2026 comparison row reads 0,0% (the 2027 plan's row of the same activity has no rate)
    assert any("0,0%" in r for r in web_rows) and not any("100,0%" in r for r in web_rows)
