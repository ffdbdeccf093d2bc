"""Plan tables of the report: the year's plan against what was done, next year's plan by
activity and fund source (from the programme covering each year), and annexes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.content.report.model import Block, Column, Section, numeric_table
from khuyencong.content.report.model import place_table as place_table  # re-exported
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import number, optional_number
from khuyencong.figures.formatting import (
    en_dash_ranges,
    fmt_count,
    fmt_decision,
    fmt_money,
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
    quantity, budget = "Số lượng", "Kinh phí (triệu đồng)"
    table = numeric_table(
        f"Kết quả năm {year} so với kế hoạch",
        [
            Column("Nội dung", 34),
            Column("Đơn vị", 10),
            Column("Kế hoạch", 10, "number", group=quantity),
            Column("Thực hiện", 10, "number", group=quantity),
            Column("Tỷ lệ", 10, "percent", group=quantity),
            Column("Kế hoạch", 13, "number", group=budget, summed=True),
            Column("Thực hiện", 13, "number", group=budget, summed=True),
        ],
        [
            [
                str(r.activity_name),
                str(r.unit).lower(),
                optional_number(r.quantity_planned),
                optional_number(r.quantity_actual),
                optional_number(r.quantity_rate),
                optional_number(r.budget_planned),
                optional_number(r.budget_actual),
            ]
            for r in cmp.itertuples()
        ],
    ).without_empty_columns()
    ref, body = place_table(table, table.caption, annexes)
    text = f"Kết quả năm {year} so với kế hoạch năm của {programme_name(prog)}{ref}."
    return Section("", "Thực hiện so với kế hoạch", 2, [text, *body])


def next_year_plan(data: Dataset, province: str, year: int, annexes: Annexes) -> Section | None:
    """The programme's plan for `year` by activity and fund source ("dự kiến"), its totals."""
    if (found := _programme(data, province, year)) is None:
        return None
    prog, plan = found
    rows = ordered(m.plan_for_year(plan, year), data.activities)
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
    title = f"Kế hoạch năm {year} theo {programme_name(prog)}"
    ref, body = place_table(table, title, annexes)
    text = (
        f"Theo {programme_name(prog)}, kế hoạch năm {year} dự kiến gồm {fmt_count(len(rows))} "
        f"nội dung với tổng kinh phí {fmt_money(number(totals['total']), 0)}, trong đó kinh phí "
        f"khuyến công quốc gia {fmt_money(number(totals['national']))}, kinh phí khuyến công "
        f"địa phương {fmt_money(number(totals['local']))}{ref}."
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
        blocks.append(f"{verb} các giải pháp {where}của {programme_name(prog)}{tail}")
    blocks += [f"- {str(i).rstrip()}" for i in authored]
    if not blocks:
        return None
    return Section("", "Giải pháp thực hiện", 2, blocks)
