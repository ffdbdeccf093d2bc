"""Plan tables of the report: the year's plan against what was done, next year's plan by
activity and fund source (from the programme covering each year), and annexes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.content.report.model import Block, Section, Table
from khuyencong.figures import facts
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import number
from khuyencong.figures.facts import programme_citation
from khuyencong.figures.formatting import (
    fmt_auto,
    fmt_count,
    fmt_money,
    fmt_optional,
    fmt_percent,
)
from khuyencong.figures.rules import SOURCE_LABELS, sort_by_programme

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

ANNEX_ROWS = 8  # longer tables go to a Phụ lục
PLAN_QUANTITIES_AND_BUDGETS = (
    "quantity_national",
    "quantity_local",
    "budget_national",
    "budget_local",
)


def place_table(table: Table, title: str, annexes: list[Section]) -> tuple[str, list]:
    """A long table becomes an annex (the body refers to it); a short one stays in the body."""
    if len(table.rows) <= ANNEX_ROWS:
        return "", [table]
    number = f"Phụ lục {len(annexes) + 1:02d}"
    annexes.append(Section(number + ".", title, 1, [table]))
    return f" (chi tiết tại {number})", []


Annexes = list[Section]  # the report's annexes, which a long table joins


def _programme(data: Dataset, province: str, year: int) -> tuple[dict, pd.DataFrame] | None:
    """The programme covering the year and its whole plan; None without one."""
    prog = data.programme_covering(province, year)
    return None if prog is None else (prog, data.plan(prog["id"]))


def plan_comparison(data: Dataset, province: str, year: int, annexes: Annexes) -> Section | None:
    """The year's results against the programme's plan for the year, by activity and source
    (`facts.plan_versus_actual`: a row still `planned` is not done)."""
    prog = data.programme_covering(province, year)
    cmp = facts.plan_versus_actual(data, province, year)
    if prog is None or cmp.empty:
        return None
    names = data.activities.set_index("activity")
    table = Table(
        f"Kết quả năm {year} so với kế hoạch (kinh phí: triệu đồng)",
        [
            "Nội dung",
            "Nguồn",
            "Đơn vị",
            "Kế hoạch",
            "Thực hiện",
            "Tỷ lệ",
            "Kinh phí kế hoạch",
            "Kinh phí thực hiện",
        ],
        [
            [
                str(names.loc[str(r.activity), "name_vi"]),
                SOURCE_LABELS[str(r.fund_source)],
                str(names.loc[str(r.activity), "unit_vi"]).lower(),
                fmt_count(number(r.planned)),
                fmt_count(number(r.actual)) if r.comparable else "—",
                fmt_percent(r.rate),  # type: ignore[arg-type]
                fmt_auto(r.budget_planned),
                fmt_optional(r.budget_actual),
            ]
            for r in cmp.itertuples()
        ],
        [28, 12, 9, 9, 9, 9, 12, 12],
    ).without_empty_columns()
    ref, body = place_table(table, table.caption, annexes)
    text = f"Kết quả năm {year} so với kế hoạch năm của {programme_citation(prog)}{ref}."
    return Section("", "Thực hiện so với kế hoạch", 2, [text, *body])


def next_year_plan(data: Dataset, province: str, year: int, annexes: Annexes) -> Section | None:
    """The programme's plan for `year` by activity and fund source, and its totals."""
    if (found := _programme(data, province, year)) is None:
        return None
    prog, plan = found
    rows = sort_by_programme(m.plan_for_year(plan, year), data.activities)
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
    title = f"Kế hoạch năm {year} theo {programme_citation(prog)}"
    ref, body = place_table(table, title, annexes)
    text = (
        f"Theo {programme_citation(prog)}, kế hoạch năm {year} gồm {fmt_count(len(rows))} nội dung với tổng kinh "
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
    lead = f"{verb} các giải pháp của {programme_citation(prog)}:"
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
