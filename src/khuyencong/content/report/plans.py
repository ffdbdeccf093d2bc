"""Plan tables of the report: the year's plan against what was done, next year's plan by
activity and fund source (from the programme covering each year), and annexes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.content.report.model import Block, Column, Section, numeric_table
from khuyencong.content.report.model import place_table as place_table  # re-exported
from khuyencong.figures import facts
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import number, optional_number
from khuyencong.figures.facts import programme_citation
from khuyencong.figures.formatting import (
    fmt_count,
    fmt_money,
)
from khuyencong.figures.rules import SOURCE_LABELS, sort_by_programme

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

PLAN_QUANTITIES_AND_BUDGETS = (
    "quantity_national",
    "quantity_local",
    "budget_national",
    "budget_local",
)


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
    quantity, budget = "Số lượng", "Kinh phí (triệu đồng)"
    table = numeric_table(
        f"Kết quả năm {year} so với kế hoạch",
        [
            Column("Nội dung", 28),
            Column("Nguồn", 12),
            Column("Đơn vị", 9),
            Column("Kế hoạch", 9, "number", group=quantity),
            Column("Thực hiện", 9, "number", group=quantity),
            Column("Tỷ lệ", 9, "percent", group=quantity),
            Column("Kế hoạch", 12, "number", group=budget, summed=True),
            Column("Thực hiện", 12, "number", group=budget, summed=True),
        ],
        [
            [
                str(names.loc[str(r.activity), "name_vi"]),
                SOURCE_LABELS[str(r.fund_source)],
                str(names.loc[str(r.activity), "unit_vi"]).lower(),
                number(r.planned),
                number(r.actual) if r.comparable else None,
                r.rate,
                optional_number(r.budget_planned),
                optional_number(r.budget_actual),
            ]
            for r in cmp.itertuples()
        ],
    ).without_empty_columns()
    ref, body = place_table(table, table.caption, annexes)
    text = f"Kết quả năm {year} so với kế hoạch năm của {programme_citation(prog)}{ref}."
    return Section("", "Thực hiện so với kế hoạch", 2, [text, *body])


def next_year_plan(data: Dataset, province: str, year: int, annexes: Annexes) -> Section | None:
    """The programme's plan for `year` by activity and fund source ("dự kiến"), its totals."""
    if (found := _programme(data, province, year)) is None:
        return None
    prog, plan = found
    rows = sort_by_programme(m.plan_for_year(plan, year), data.activities)
    if rows.empty:
        return None
    names = data.activities.set_index("activity")
    quantity, budget = "Số lượng", "Kinh phí (triệu đồng)"
    table = numeric_table(
        f"Kế hoạch khuyến công năm {year} theo nội dung và nguồn kinh phí",
        [
            Column("TT", 6, "number"),
            Column("Nội dung", 38),
            Column("Đơn vị", 10),
            Column("Quốc gia", 9, "number", group=quantity, blank_zero=True),
            Column("Địa phương", 9, "number", group=quantity, blank_zero=True),
            Column("Quốc gia", 9, "number", group=budget, summed=True, blank_zero=True),
            Column("Địa phương", 9, "number", group=budget, summed=True, blank_zero=True),
            Column("Tổng", 10, "number", group=budget, summed=True),
        ],
        [
            [
                i + 1,
                str(names.loc[str(r.activity), "name_vi"]),
                str(names.loc[str(r.activity), "unit_vi"]).lower(),
                *(number(getattr(r, c)) for c in PLAN_QUANTITIES_AND_BUDGETS),
                number(r.budget_total),
            ]
            for i, r in enumerate(rows.itertuples())
        ],
    ).without_empty_columns()
    totals = m.plan_totals(plan).loc[year]
    title = f"Kế hoạch năm {year} theo {programme_citation(prog)}"
    ref, body = place_table(table, title, annexes)
    text = (
        f"Theo {programme_citation(prog)}, kế hoạch năm {year} dự kiến gồm "
        f"{fmt_count(len(rows))} nội dung với tổng kinh phí "
        f"{fmt_money(number(totals['total']), 0)}, trong đó kinh phí khuyến công quốc gia "
        f"{fmt_money(number(totals['national']))}, kinh phí khuyến công địa phương "
        f"{fmt_money(number(totals['local']))}{ref}."
    )
    return Section("", f"Kế hoạch năm {year} theo Chương trình khuyến công", 2, [text, *body])


def solutions(prog: dict | None, year: int, authored: list[str]) -> Section | None:
    """The programme's solutions referred to in one sentence (decision and section, never
    copied), then the department's own (`solutions` of the year's text); None without either."""
    blocks: list[Block] = []
    if prog is not None and prog.get("solutions"):
        verb = "Triển khai thực hiện" if year == prog["period_start"] else "Tiếp tục thực hiện"
        where = f"tại Mục {prog['solutions_section']} " if prog.get("solutions_section") else ""
        tail = ", trong đó tập trung:" if authored else "."
        blocks.append(f"{verb} các giải pháp {where}của {programme_citation(prog)}{tail}")
    blocks += [f"- {str(i).rstrip()}" for i in authored]
    if not blocks:
        return None
    return Section("", "Giải pháp thực hiện", 2, blocks)
