"""Chương "Chương trình khuyến công giai đoạn": the whole plan, its totals recomputed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from khuyencong.content.chapters import edition_names
from khuyencong.content.chapters.glue import EditionNames, Glued, Md, Table, bullets, table
from khuyencong.content.charts import horizontal_bars, stacked_bars
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import number
from khuyencong.figures.formatting import (
    fmt_auto,
    fmt_count,
    fmt_decision,
    fmt_money,
    fmt_number,
    fmt_percent,
)
from khuyencong.figures.rules import sort_by_programme

if TYPE_CHECKING:
    import pandas as pd

    from khuyencong.inputs.dataset import Dataset


@dataclass(frozen=True)
class ProgrammeFacts(Glued):
    """The programme in words; a dash each when there is none."""

    title: str
    decision: str
    period: str
    total: str
    national: str
    local: str
    n_activities: str
    national_share: str
    local_share: str
    stated_check: str  # whether the recomputed totals match the decision's


@dataclass(frozen=True)
class Programme(Glued):
    edition: EditionNames
    no_programme: str  # why the chapter is empty; "" when there is a programme
    facts: ProgrammeFacts
    tbl_years: Table | None
    fig_years: Figure | None
    tbl_groups: Table | None
    fig_groups: Figure | None
    viewpoints: Md | None  # the decision's own words (its sections I, II.1 and VII), when given
    general_objectives: Md | None
    targets: Md | None
    solutions: Md | None
    tbl_activities: Table | None


def build(data: Dataset, province: str, year: int) -> Programme:
    """The programme covering the next year (else this year); a dash in each text without one."""
    edition = edition_names(data, province, year)
    prog = data.programme_covering(province, year + 1) or data.programme_covering(province, year)
    if prog is None:
        return Programme.without_data(
            edition=edition,
            facts=ProgrammeFacts.without_data(),
            no_programme="Chưa có chương trình khuyến công giai đoạn nào của tỉnh bao gồm năm "
            f"{year} hoặc {year + 1} trong dữ liệu.",
        )
    plan = data.plan(prog["id"])
    tbl_groups, fig_groups = _groups(data, plan)
    return Programme(
        edition=edition,
        no_programme="",
        facts=_facts(prog, plan),
        tbl_years=_years_table(plan),
        fig_years=_years_figure(plan),
        tbl_groups=tbl_groups,
        fig_groups=fig_groups,
        viewpoints=_quoted(prog, "viewpoints"),
        general_objectives=_quoted(prog, "general_objectives"),
        targets=bullets(t["text"] for t in prog.get("targets", [])),
        solutions=_quoted(prog, "solutions"),
        tbl_activities=_activities(data, plan),
    )


def _quoted(prog: dict, key: str) -> Md | None:
    """A list of paragraphs quoted from the decision; None (the block left out) without one."""
    items = prog.get(key) or []
    return bullets(items) if items else None


def _facts(prog: dict, plan: pd.DataFrame) -> ProgrammeFacts:
    sums = m.plan_source_totals(plan)
    share = m.shares({"national": sums["national"], "local": sums["local"]})
    stated = prog["stated_totals"]
    same = all(abs(sums[k] - float(stated[k])) < 1e-6 for k in ("total", "national", "local"))
    return ProgrammeFacts(
        title=str(prog["title"]),
        decision=fmt_decision(prog["decision_number"], prog["decision_date"]),
        period=f"{prog['period_start']}–{prog['period_end']}",
        total=fmt_money(sums["total"]),
        national=fmt_money(sums["national"]),
        local=fmt_money(sums["local"]),
        national_share=fmt_percent(share["national"]),
        local_share=fmt_percent(share["local"]),
        n_activities=fmt_count(plan["activity"].nunique()),
        stated_check="Các tổng này khớp với tổng kinh phí nêu trong quyết định."
        if same
        else "Các tổng tính lại KHÔNG khớp với tổng kinh phí nêu trong quyết định; xem chương đối soát.",
    )


def _years_table(plan: pd.DataFrame) -> Table:
    years = m.plan_totals(plan)
    sums = m.plan_source_totals(plan)
    rows = [
        [str(y), *(fmt_auto(float(v)) for v in (r.national, r.local, r.total))]
        + [fmt_number(float(r.total))]
        for y, r in years.iterrows()
    ]
    rows.append(
        ["Cả giai đoạn", *(fmt_auto(sums[k]) for k in ("national", "local", "total"))]
        + [fmt_number(sums["total"])]
    )
    return table(
        "tbl_years",
        rows,
        [
            "Năm",
            "Khuyến công quốc gia",
            "Khuyến công địa phương",
            "Tổng cộng",
            "Tổng cộng (làm tròn)",
        ],
        "Kinh phí chương trình theo năm và nguồn (triệu đồng)",
    )


def _years_figure(plan: pd.DataFrame) -> Figure:
    years = m.plan_totals(plan)
    return stacked_bars(
        [str(y) for y in years.index],
        {
            "Khuyến công quốc gia": list(years["national"]),
            "Khuyến công địa phương": list(years["local"]),
        },
        "Kinh phí chương trình theo năm",
        "triệu đồng",
    )


def _groups(data: Dataset, plan: pd.DataFrame) -> tuple[Table, Figure]:
    total = m.plan_source_totals(plan)["total"]
    groups = m.plan_by_group(plan, data.activities).merge(data.content_groups, on="group")
    tbl = table(
        "tbl_groups",
        [
            [
                f"{r.group}. {r.name_vi}",
                fmt_auto(r.national),
                fmt_auto(r.local),
                fmt_auto(r.total),
                fmt_percent(m.share(number(r.total), total)),
            ]
            for r in groups.itertuples()
        ],
        ["Nhóm nội dung", "Quốc gia", "Địa phương", "Tổng", "Tỷ trọng"],
        "Kinh phí chương trình theo nhóm nội dung (triệu đồng)",
        widths=[52, 12, 12, 12, 12],
    )
    return tbl, horizontal_bars(
        [f"Nhóm {g}" for g in groups["group"]],
        list(groups["total"]),
        "Kinh phí theo nhóm nội dung",
        "triệu đồng",
    )


def _activities(data: Dataset, plan: pd.DataFrame) -> Table:
    names = data.activities.set_index("activity")
    per_act = (
        plan.groupby("activity", sort=False)
        .agg(quantity=("quantity", "sum"), budget=("budget", "sum"))
        .join(names)
    )
    per_src = plan.pivot_table(
        index="activity", columns="fund_source", values="budget", aggfunc="sum"
    )
    per_act = sort_by_programme(
        per_act.join(per_src.reindex(columns=list(m.FUND_LABELS), fill_value=0))
        .rename_axis("activity")
        .reset_index(),
        data.activities,
    )
    return table(
        "tbl_activities",
        [
            [
                f"{r.group}",
                r.name_vi,
                r.unit_vi,
                fmt_auto(r.quantity),
                fmt_auto(r.national),
                fmt_auto(r.local),
                fmt_auto(r.budget),
            ]
            for r in per_act.itertuples()
        ],
        ["Nhóm", "Nội dung hỗ trợ", "Đơn vị", "Số lượng", "Quốc gia", "Địa phương", "Tổng"],
        "Nội dung và kinh phí của chương trình theo hoạt động (kinh phí: triệu đồng)",
        widths=[6, 44, 10, 9, 10, 10, 11],
    )
