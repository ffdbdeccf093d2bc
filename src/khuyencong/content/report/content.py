"""The report's content computed from the Dataset: pure, no file written.

Structure of a báo cáo kết quả công tác khuyến công (Nghị định 30/2020/NĐ-CP): heading,
subject, Kính gửi, I. results, II. limitations and causes, III. next year's tasks,
IV. recommendations, Nơi nhận and signature, annexes. What the author has not given stays a
visible gap ("…", with a note saying what to enter and where) and the report is a draft (DỰ
THẢO); a block without data is left out, with no sentence about its absence.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.content.report import document as doc
from khuyencong.content.report import plans, register, story
from khuyencong.content.report.model import (
    Block,
    Column,
    Report,
    Section,
    Table,
    number_annexes,
    numeric_table,
)
from khuyencong.figures import facts
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import number, optional_number
from khuyencong.figures.formatting import (
    fmt_count,
    fmt_decision,
    fmt_money,
    fmt_percent,
)
from khuyencong.figures.narrative import not_done
from khuyencong.figures.rules import SOURCE_LABELS, rule_failures, sort_by_programme
from khuyencong.figures.rules.common import zero_rows
from khuyencong.inputs.availability import agency_heading, province_name
from khuyencong.inputs.report_meta import ReportMeta, parse
from khuyencong.inputs.report_sheet import SHEET

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

SOURCE_WORDS = {"national": "quốc gia", "local": "địa phương"}
ROMAN = ("I.", "II.", "III.", "IV.", "V.")


def build_report(data: Dataset, province: str, year: int) -> Report:
    """The report of `province` for `year` (texts in data/texts/<province>/<year>.yaml).

    Refuses (DataValidationError) an issue date earlier than a document the report cites."""
    entity = data.entities.set_index("entity").loc[province]
    name = province_name(data, province)
    meta = parse(data.report_text(province, str(year)))
    doc.check_issue_date(
        meta, _cited(data, province, year), f"texts/{province}/{year}.yaml (trang «{SHEET}»)"
    )
    text = data.text(province, str(year))
    subject = f"Kết quả công tác khuyến công năm {year}; phương hướng, nhiệm vụ năm {year + 1}"
    annexes: list[Section] = []
    sections = [
        _results(data, province, year, text, annexes),
        doc.limitations(text, meta, "tồn tại, hạn chế"),
        _next_year(data, province, year, text, meta, annexes),
        doc.recommendations(meta, name, "KIẾN NGHỊ, ĐỀ XUẤT"),
    ]
    for numeral, section in zip(ROMAN, sections, strict=False):
        section.number = numeral
    number_annexes(sections, annexes)
    admin_header, department = agency_heading(
        name, entity.get("admin_header"), entity.get("department")
    )
    return Report(
        province_name=name,
        year=year,
        admin_header=admin_header,
        department=department,
        subject=subject,
        sections=sections,
        annexes=annexes,
        missing=meta.missing(),
        checks=rule_failures(data, province, year),
        **doc.letter(meta, name, subject),
    )


def _cited(data: Dataset, province: str, year: int) -> list[tuple[str, date]]:
    """The documents the report always cites, with their dates: the programme covering the
    year (its plan for the year) and the documents issued in the year (section I.1)."""
    out: list[tuple[str, date]] = []
    prog = data.programme_covering(province, year)
    if prog is not None and prog.get("decision_date"):
        when = date.fromisoformat(str(prog["decision_date"]))
        out.append((fmt_decision(prog["decision_number"]), when))
    for issued in _issued_documents(data, province, year):
        if (found := doc.date_in(issued)) is not None:
            out.append((issued.split(" ngày ")[0], found))
    return out


def _items(items) -> list[Block]:
    """Authored sentences as the dash items of an administrative document."""
    return [f"- {i.rstrip()}" for i in items]


def _results(
    data: Dataset, province: str, year: int, text: dict, annexes: list[Section]
) -> Section:
    assessment = Section("", "Đánh giá chung", 2, [*text["results_narrative"]])
    parts = [
        _documents(data, province, year, text),
        _funding(data, province, year),
        _activities(data, province, year, annexes),
        _awards(data, province, year, annexes),
        _plan_comparison(data, province, year, annexes),
        story.progress(data, province, year, annexes),
        assessment,
    ]
    children = [p for p in parts if p is not None and (p.blocks or p.children)]
    return Section("", "KẾT QUẢ THỰC HIỆN", 1, children=doc.numbered(children))


def _documents(data: Dataset, province: str, year: int, text: dict) -> Section | None:
    policies = list(text["policies"])
    issued = _issued_documents(data, province, year)
    blocks: list[Block] = []
    if policies:
        blocks.append(policies[0])
        blocks += _items(policies[1:])
    if issued:
        blocks.append("Các văn bản đã ban hành trong năm:")
        blocks += _items(f"{d};" for d in issued)
    return Section("", "Công tác tham mưu, ban hành văn bản", 2, blocks) if blocks else None


def _issued_documents(data: Dataset, province: str, year: int) -> list[str]:
    """Documents of the year that the data cites (a programme's legal bases issued in `year`)."""
    name = province_name(data, province)
    found: list[str] = []
    for prog in data.programmes.values():
        if prog.get("province") != province:
            continue
        for basis in prog.get("legal_bases") or []:
            if f"/{year}/" in basis and str(name) in basis and basis not in found:
                found.append(_short_dates(basis))
    return found


def _short_dates(text: str) -> str:
    """`ngày 29 tháng 4 năm 2025` -> `ngày 29/4/2025` (the body's date style)."""
    return re.sub(
        r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})",
        lambda mt: f"ngày {int(mt[1])}/{int(mt[2])}/{mt[3]}",
        text,
    )


def _funding(data: Dataset, province: str, year: int) -> Section | None:
    fund = m.funding_year(data.funding, province, year)
    if fund.empty:
        return None
    paid = _paid(data, province, year)
    blocks: list[Block] = [
        f"{letter}) Kinh phí khuyến công {SOURCE_WORDS[str(r.fund_source)]}: "
        + _source_sentence(r, paid.get(str(r.fund_source)), year)
        for letter, r in zip(doc.LETTERS, fund.itertuples(), strict=False)
    ]
    if (before := story.previous_year(data, province, year)) is not None:
        blocks.append(before)
    blocks.append(_funding_table(fund, paid, year))
    return Section("", "Kinh phí khuyến công", 2, blocks)


def _paid(data: Dataset, province: str, year: int) -> dict[str, float]:
    """The year's total disbursement by fund source, where the data gives one (column `paid`);
    the cost of the tasks (`disbursed`) is not a disbursement rate."""
    if "paid" not in data.funding.columns:
        return {}
    rows = data.funding[(data.funding["province"] == province) & (data.funding["year"] == year)]
    return {
        str(r.fund_source): paid
        for r in rows.itertuples()
        if (paid := optional_number(r.paid)) is not None
    }


def _source_sentence(r, paid: float | None, year: int) -> str:
    """What the data states: allocated, then the tasks and their cost; a disbursement rate only
    from an entered total disbursement."""
    if not r.allocated:
        return f"năm {year} tỉnh không được giao kinh phí."
    said = f"được giao {fmt_money(r.allocated)}"
    if r.tasks:
        said += (
            f", trong đó đã thực hiện {fmt_count(r.tasks)} nhiệm vụ với kinh phí "
            f"{fmt_money(r.disbursed)}"
        )
    if paid is not None:
        rate = fmt_percent(m.share(paid, r.allocated))
        said += f"; đã giải ngân {fmt_money(paid)}, đạt {rate} kinh phí được giao"
    return said + "."


def _funding_table(fund: pd.DataFrame, paid: dict[str, float], year: int) -> Table:
    columns = [
        Column("Nguồn kinh phí", 34),
        Column("Được giao", 16, "number", summed=True),
        Column("Số nhiệm vụ", 14, "number", summed=True),
        Column("Kinh phí thực hiện nhiệm vụ", 18, "number", summed=True),
    ]
    rows: list[list[object]] = [
        [
            f"Khuyến công {SOURCE_WORDS[str(r.fund_source)]}",
            number(r.allocated),
            number(r.tasks),
            number(r.disbursed),
        ]
        for r in fund.itertuples()
    ]
    if paid:
        columns.append(Column("Đã giải ngân", 16, "number", summed=True))
        for row, r in zip(rows, fund.itertuples(), strict=True):
            row.append(paid.get(str(r.fund_source)))
    return numeric_table(
        f"Kinh phí khuyến công năm {year} theo nguồn (triệu đồng)", columns, rows
    ).without_empty_columns()


def _activities(data: Dataset, province: str, year: int, annexes: list[Section]) -> Section | None:
    """Results by activity (the fund source named when an activity has results under more
    than one), then the year's tasks (their annex)."""
    done = m.results_for(data.results, province, year, year)
    if done.empty:
        return None
    names = data.activities.set_index("activity")
    sources = done.groupby("activity")["fund_source"].nunique()
    blocks: list[Block] = []
    ordered = sort_by_programme(done, data.activities)
    for r, zero in zip(ordered.itertuples(), zero_rows(ordered), strict=True):
        budget, activity = optional_number(r.budget), str(r.activity)
        cost = "" if budget is None or pd.isna(budget) else f", kinh phí {fmt_money(budget)}"
        unit = str(r.unit or names.loc[activity, "unit_vi"]).lower()
        source = f" ({SOURCE_LABELS[str(r.fund_source)].lower()})" if sources[activity] > 1 else ""
        quantity = f"{fmt_count(number(r.quantity))} {unit}{facts.qualifier_mark(str(r.qualifier))}"
        amount = not_done(getattr(r, "explanation", None)) if zero else f"{quantity}{cost}"
        name = str(names.loc[activity, "name_vi"])
        blocks.append(f"- {name}{source}: {amount};")
    blocks[-1] = str(blocks[-1]).rstrip(";") + "."
    blocks += register.tasks_annex(data, province, year, annexes)
    return Section("", "Kết quả thực hiện các nội dung khuyến công", 2, blocks)


def _awards(data: Dataset, province: str, year: int, annexes: list[Section]) -> Section | None:
    sentences = facts.award_sentences(data, province, year)
    if not sentences:
        return None
    title = "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu"
    lead = f"Năm {year}, tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu: "
    first = lead + sentences[0][0].lower() + sentences[0][1:]
    blocks: list[Block] = [first, *sentences[1:]]
    blocks += register.products_annex(data, province, year, annexes)
    return Section("", title, 2, blocks)


def _plan_comparison(
    data: Dataset, province: str, year: int, annexes: list[Section]
) -> Section | None:
    return plans.plan_comparison(data, province, year, annexes)


# II–IV ---------------------------------------------------------------------------------


def _next_year(
    data: Dataset, province: str, year: int, text: dict, meta: ReportMeta, annexes: list[Section]
) -> Section:
    """Tasks (authored), next year's plan as the programme foresees it, and the solutions: the
    programme's referred to in one sentence, the department's own (`solutions`) listed."""
    tasks = doc.items_or_gap(
        text["priorities"], doc.text_gap("priorities", "nhiệm vụ trọng tâm năm sau")
    )
    children = [Section("", "Nhiệm vụ trọng tâm", 2, tasks)]
    prog = data.programme_covering(province, year + 1)
    cited = prog is not None and doc.exists_by(_decided(prog), meta, year)
    if cited and (plan := plans.next_year_plan(data, province, year + 1, annexes)) is not None:
        children.append(plan)
    if (behind := story.carried(data, province, year, annexes)) is not None:
        children.append(behind)
    solutions = plans.solutions(prog if cited else None, year + 1, list(text["solutions"]))
    if solutions is not None:
        children.append(solutions)
    if meta.closing:
        children[-1].blocks.append(meta.closing)
    return Section("", f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", 1, children=doc.numbered(children))


def _decided(prog: dict) -> date | None:
    when = prog.get("decision_date")
    return date.fromisoformat(str(when)) if when else None
