"""The báo cáo of a programme period (tổng kết, or a mid-term sơ kết), in the form of the
annual one (Nghị định 30/2020/NĐ-CP) and the same Report model, so the same Word/PDF writers
and web page lay it out: I. Kết quả thực hiện, II. Tồn tại, hạn chế và nguyên nhân, III. Bài
học kinh nghiệm, IV. Phương hướng, nhiệm vụ giai đoạn sau, V. Kiến nghị; annexes by year.

Texts come from `texts/<entity>/<period>.yaml` (`2016-2020`, `truoc-2021`); what the author
has not written stays a gap (`…`) and the report a draft. An entity a source leaves unnamed
keeps its name out of the report: its place is a gap too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from khuyencong.content.report import document as doc
from khuyencong.content.report import period_results as pr
from khuyencong.content.report.content import build_report
from khuyencong.content.report.model import GAP, Report, Section, Table, number_annexes
from khuyencong.content.report.plans import place_table
from khuyencong.core.edition import Edition, Period
from khuyencong.figures import metrics as m
from khuyencong.figures import period as fp
from khuyencong.figures.facts import programme_citation
from khuyencong.figures.formatting import fmt_auto, fmt_money
from khuyencong.figures.rules import sort_by_programme
from khuyencong.inputs.availability import agency_heading, province_name
from khuyencong.inputs.report_meta import ReportMeta, parse

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

ROMAN = ("I.", "II.", "III.", "IV.", "V.")
UNNAMED = "unnamed_province"


def edition_report(data: Dataset, edition: Edition) -> Report:
    """The báo cáo of any edition: the year's, or the period's."""
    if edition.period is None:
        return build_report(data, edition.province, edition.year)
    return build_period_report(data, edition.province, edition.period)


def printed_name(data: Dataset, province: str) -> str | None:
    """The province's name as the report prints it; None for an entity a source leaves
    unnamed (its name is never made up, nor its description presented as a name)."""
    kind = data.entities.set_index("entity").loc[province, "kind"]
    return None if kind == UNNAMED else province_name(data, province)


def next_span(data: Dataset, province: str, period: Period) -> tuple[int, int]:
    prog = data.programme_covering(province, period.first) if period.first else None
    return fp.next_period(period.first, period.last, prog["period_end"] if prog else None)


def kind_of(data: Dataset, province: str, period: Period) -> str:
    """`Sơ kết` half-way through a running programme, `Tổng kết` at its end."""
    prog = data.programme_covering(province, period.first) if period.first else None
    return "Sơ kết" if prog and prog["period_end"] > period.last else "Tổng kết"


def subject_of(data: Dataset, province: str, period: Period) -> str:
    first, last = next_span(data, province, period)
    directions = f"phương hướng, nhiệm vụ giai đoạn {first}–{last}"
    if period.first is None:
        return f"Tổng kết kết quả hoạt động khuyến công {period.span}; {directions}"
    what = kind_of(data, province, period)
    return f"{what} thực hiện Chương trình khuyến công giai đoạn {period.span}; {directions}"


def build_period_report(data: Dataset, province: str, period: Period) -> Report:
    """The report of `province` for `period` (texts in data/texts/<province>/<period>.yaml)."""
    entity = data.entities.set_index("entity").loc[province]
    name = printed_name(data, province)
    meta = parse(data.report_text(province, period.label))
    text = data.text(province, period.label)
    figures = pr.period_figures(data, province, period)
    subject = subject_of(data, province, period)
    annexes: list[Section] = []
    sections = [
        pr.results_section(data, figures, text["results_narrative"], annexes),
        doc.limitations(text, meta, "tồn tại, hạn chế của giai đoạn"),
        Section(
            "",
            "BÀI HỌC KINH NGHIỆM",
            1,
            doc.items_or_gap(text["lessons"], doc.text_gap("lessons", "bài học kinh nghiệm")),
        ),
        _directions(data, province, period, text, meta, annexes),
        doc.recommendations(meta, name or GAP, "KIẾN NGHỊ"),
    ]
    for numeral, section in zip(ROMAN, sections, strict=True):
        section.number = numeral
    heading = _heading(name, entity)
    shown = name or GAP  # an unnamed entity: a gap, never its description as a name
    final_annexes = pr.yearly_annex(data, figures, annexes)
    number_annexes(sections, final_annexes)
    return Report(
        province_name=shown,
        year=period.last,
        admin_header=heading[0],
        department=heading[1],
        subject=subject,
        sections=sections,
        annexes=final_annexes,
        missing=_missing(meta, text),
        time=period.span if period.first is None else f"giai đoạn {period.span}",
        **doc.letter(meta, shown, subject),
    )


def _heading(name: str | None, entity) -> tuple[str, str]:
    """The agency block: the entity's own lines, or a gap for an entity the source leaves
    unnamed (its description is never made a province's name)."""
    if name is None:
        return (f"UBND TỈNH {GAP}", "SỞ CÔNG THƯƠNG")
    return agency_heading(name, entity.get("admin_header"), entity.get("department"))


def _missing(meta: ReportMeta, text: dict) -> list[str]:
    missing = meta.missing()
    if not text["limitations"]:
        missing.append("tồn tại, hạn chế")
    if not text["lessons"]:
        missing.append("bài học kinh nghiệm")
    return missing


def _directions(
    data: Dataset,
    province: str,
    period: Period,
    text: dict,
    meta: ReportMeta,
    annexes: list[Section],
) -> Section:
    first, last = next_span(data, province, period)
    children = [
        Section(
            "",
            "Nhiệm vụ, giải pháp",
            2,
            doc.items_or_gap(
                [*text["priorities"], *text["solutions"]],
                doc.text_gap("priorities", "nhiệm vụ, giải pháp của giai đoạn sau"),
            ),
        )
    ]
    targets = _next_targets(data, province, first, last, annexes)
    if targets is not None:
        children.append(targets)
    if meta.closing:
        children[-1].blocks.append(meta.closing)
    return Section(
        "", f"PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN {first}–{last}", 1, children=doc.numbered(children)
    )


def _next_targets(
    data: Dataset, province: str, first: int, last: int, annexes: list[Section]
) -> Section | None:
    """The targets of the programme running in the next period, for its years in it."""
    prog = data.programme_covering(province, first)
    if prog is None:
        return None
    plan = data.plan(prog["id"])
    plan = plan[plan["year"].between(first, last)]
    totals = plan.groupby("activity", as_index=False)[["quantity", "budget"]].sum()
    totals = sort_by_programme(totals[totals["quantity"] > 0], data.activities)
    cat = data.activities.set_index("activity")
    names, units = cat["name_vi"].to_dict(), cat["unit_vi"].to_dict()
    rows = [
        [
            str(names.get(a, a)),
            str(units.get(a, "")),
            fmt_auto(r.quantity),
            fmt_auto(r.budget),
        ]
        for a, r in zip(totals["activity"], totals.itertuples(), strict=True)
    ]
    budget = m.plan_source_totals(plan)
    table = Table(
        f"Mục tiêu giai đoạn {first}–{last} theo {programme_citation(prog)}",
        ["Nội dung", "Đơn vị", "Số lượng", "Kinh phí (triệu đồng)"],
        rows,
        [54, 14, 14, 18],
        numeric=[False, False, True, True],
    )
    ref, body = place_table(table, table.caption, annexes)
    lead = (
        f"Thực hiện các mục tiêu giai đoạn {first}–{last} của {programme_citation(prog)}, với "
        f"kinh phí dự kiến {fmt_money(budget['total'])}{ref}."
    )
    return Section("", f"Mục tiêu giai đoạn {first}–{last}", 2, [lead, *body])
