"""Plan tables of the report: the year's plan against what was done, next year's plan by
activity and fund source (from the programme covering each year), and annexes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.content.report.model import Block, Section, Table, place_table
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import number, optional_number
from khuyencong.figures.formatting import (
    en_dash_ranges,
    fmt_auto,
    fmt_count,
    fmt_decision,
    fmt_money,
    fmt_optional,
    fmt_percent,
)

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

PLAN_QUANTITIES_AND_BUDGETS = (
    "quantity_national",
    "quantity_local",
    "budget_national",
    "budget_local",
)


def programme_name(prog: dict) -> str:
    cited = fmt_decision(prog["decision_number"], prog.get("decision_date"))
    return en_dash_ranges(f"{prog['title']} ({cited})")


def programme_order(rows: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    """Rows with an `activity` column in the programme's order: content group, then the
    catalogue's row order (the order of the programme's appendix)."""
    cat = activities.reset_index(drop=True)
    rank = {
        a: (int(g), i) for i, (a, g) in enumerate(zip(cat["activity"], cat["group"], strict=True))
    }
    key = rows["activity"].map(lambda a: rank.get(a, (99, 9999)))
    return rows.assign(_rank=key).sort_values("_rank", kind="stable").drop(columns="_rank")


def ordered(rows: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    from khuyencong.content.report.plans import programme_order

    return programme_order(rows, activities)


Annexes = list[Section]  # the report's annexes, which a long table joins


def _programme(data: Dataset, province: str, year: int) -> tuple[dict, pd.DataFrame] | None:
    """The programme covering the year and its whole plan; None without one."""
    prog = data.programme_covering(province, year)
    return None if prog is None else (prog, data.plan(prog["id"]))


def plan_comparison(data: Dataset, province: str, year: int, annexes: Annexes) -> Section | None:
    """The year's results against the programme's plan for the year, by activity."""
    if (found := _programme(data, province, year)) is None:
        return None
    prog, plan = found
    done = m.results_for(data.results, province, year, year)
    cmp = ordered(
        m.plan_vs_actual(m.plan_for_year(plan, year), done, data.activities), data.activities
    )
    table = Table(
        f"Kết quả năm {year} so với kế hoạch (kinh phí: triệu đồng)",
        [
            "Nội dung",
            "Đơn vị",
            "Kế hoạch",
            "Thực hiện",
            "Tỷ lệ",
            "Kinh phí kế hoạch",
            "Kinh phí thực hiện",
        ],
        [
            [
                str(r.activity_name),
                str(r.unit).lower(),
                fmt_count(number(r.quantity_planned)),
                fmt_count(number(r.quantity_actual)),
                fmt_percent(optional_number(r.quantity_rate)),
                fmt_auto(r.budget_planned),
                fmt_optional(r.budget_actual),
            ]
            for r in cmp.itertuples()
        ],
        [34, 10, 10, 10, 10, 13, 13],
    ).without_empty_columns()
    ref, body = place_table(table, table.caption, annexes)
    text = f"Kết quả năm {year} so với kế hoạch năm của {programme_name(prog)}{ref}."
    return Section("", "Thực hiện so với kế hoạch", 2, [text, *body])


def next_year_plan(data: Dataset, province: str, year: int, annexes: Annexes) -> Section | None:
    """The programme's plan for `year` by activity and fund source, and its totals."""
    if (found := _programme(data, province, year)) is None:
        return None
    prog, plan = found
    rows = ordered(m.plan_for_year(plan, year), data.activities)
    if rows.empty:
        return None
    names = data.activities.set_index("activity")
    table = Table(
        f"Kế hoạch khuyến công năm {year} theo nội dung và nguồn kinh phí (kinh phí: triệu đồng)",
        ["TT", "Nội dung", *m.PLAN_BY_SOURCE_HEADER],
        [
            [
                str(i + 1),
                str(names.loc[str(r.activity), "name_vi"]),
                str(names.loc[str(r.activity), "unit_vi"]).lower(),
                *(_blank0(number(getattr(r, c))) for c in PLAN_QUANTITIES_AND_BUDGETS),
                fmt_auto(r.budget_total),
            ]
            for i, r in enumerate(rows.itertuples())
        ],
        [6, 38, 10, 9, 9, 9, 9, 10],
    ).without_empty_columns()
    totals = m.plan_totals(plan).loc[year]
    title = f"Kế hoạch năm {year} theo {programme_name(prog)}"
    ref, body = place_table(table, title, annexes)
    text = (
        f"Theo {programme_name(prog)}, kế hoạch năm {year} gồm {fmt_count(len(rows))} nội dung với tổng kinh "
        f"phí dự kiến {fmt_money(number(totals['total']), 0)}, trong đó kinh phí khuyến công "
        f"quốc gia {fmt_money(number(totals['national']))}, kinh phí khuyến công địa phương "
        f"{fmt_money(number(totals['local']))}{ref}."
    )
    blocks = [text, *body, *_reporting(prog)]
    return Section("", f"Kế hoạch năm {year} theo Chương trình khuyến công", 2, blocks)


def programme_solutions(data: Dataset, province: str, year: int) -> Section | None:
    """The solutions (section VII) of the programme covering `year`, as its decision words
    them; None when the programme gives none. The programme's first year starts them."""
    prog = data.programme_covering(province, year)
    items = [str(i).rstrip() for i in (prog or {}).get("solutions") or []]
    if prog is None or not items:
        return None
    verb = "Triển khai thực hiện" if year == prog["period_start"] else "Tiếp tục thực hiện"
    lead = f"{verb} các giải pháp của {programme_name(prog)}:"
    return Section(
        "", "Giải pháp thực hiện Chương trình khuyến công", 2, [lead, *(f"- {i}" for i in items)]
    )


def _reporting(prog: dict) -> list[Block]:
    """Who reports the programme's results, to whom and by when (its organisation section)."""
    rep = prog.get("reporting") or {}
    dates = [f"{d['day']}/{d['month']}" for d in rep.get("deadlines") or []]
    if not (rep.get("by") and rep.get("to") and dates):
        return []
    return [
        f"Về tổ chức thực hiện, {rep['by']} tổng hợp báo cáo định kỳ kết quả thực hiện Chương trình, "
        f"đề án khuyến công về {rep['to']} trước ngày {' và '.join(dates)} hằng năm."
    ]


def _blank0(value: float, fmt=fmt_auto) -> str:
    """Zero cells are left blank, as the programme's appendix prints them."""
    return "" if not value else fmt(value)
