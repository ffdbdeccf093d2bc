"""Chương "Nhiệm vụ năm sau": authored priorities, the programme's plan for year+1, and
what year+1 must deliver to stay on track toward the five-year targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong.content.chapters import activity_cells, edition_names
from khuyencong.content.chapters.glue import EditionNames, Glued, Md, Table, bullets, table
from khuyencong.figures import facts
from khuyencong.figures import metrics as m
from khuyencong.figures.formatting import fmt_auto, fmt_count, fmt_money
from khuyencong.figures.rules import sort_by_programme

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

BUDGETS = ("budget_national", "budget_local", "budget_total")


@dataclass(frozen=True)
class Priorities(Glued):
    """The authored priorities, then the programme's plan for the next year and what it must
    make up (left out when no programme covers the next year)."""

    edition: EditionNames
    priorities: Md
    plan_sentence: str
    tbl_next: Table | None
    track_sentence: str | None  # none before the programme starts
    tbl_track: Table | None


def build(data: Dataset, province: str, year: int) -> Priorities:
    edition = edition_names(data, province, year)
    priorities = bullets(data.text(province, str(year))["priorities"])
    prog = data.programme_covering(province, year + 1)
    if prog is None:
        # The section on the programme's targets is left out.
        return Priorities.without_data(
            edition=edition,
            priorities=priorities,
            plan_sentence=f"Chưa có chương trình khuyến công nào trong dữ liệu cho năm {year + 1}.",
        )
    plan_sentence, tbl_next = _next_year_plan(data, prog, year + 1)
    # Before the programme starts nothing is done toward its targets: the plan says it all.
    track_sentence, tbl_track = (
        _on_track(data, province, year) if year >= prog["period_start"] else (None, None)
    )
    return Priorities(edition, priorities, plan_sentence, tbl_next, track_sentence, tbl_track)


def _next_year_plan(data: Dataset, prog: dict, next_year: int) -> tuple[str, Table]:
    names = data.activities.set_index("activity")
    plan = m.plan_for_year(data.plan(prog["id"]), next_year)
    plan = plan.merge(names[["group", "name_vi", "unit_vi"]], left_on="activity", right_index=True)
    plan = sort_by_programme(plan, data.activities)
    tot = plan[list(BUDGETS)].sum()
    sentence = (
        f"Theo {facts.programme_citation(prog)}, năm {next_year} dự kiến thực hiện "
        f"{fmt_count(len(plan))} nội dung với tổng kinh phí {fmt_money(tot['budget_total'])}, trong đó "
        f"khuyến công quốc gia {fmt_money(tot['budget_national'])} và khuyến công địa phương "
        f"{fmt_money(tot['budget_local'])}."
    )
    rows = [
        [str(r.name_vi), str(r.unit_vi), fmt_auto(r.quantity_national), fmt_auto(r.quantity_local)]
        + [fmt_auto(getattr(r, b)) for b in BUDGETS]
        for r in plan.itertuples()
    ]
    rows.append(["Tổng cộng", "", "", "", *(fmt_auto(tot[b]) for b in BUDGETS)])
    return sentence, table(
        "tbl_next",
        rows,
        ["Nội dung", *m.PLAN_BY_SOURCE_HEADER],
        f"Kế hoạch năm {next_year} theo chương trình khuyến công (kinh phí: triệu đồng)",
        widths=[40, 10, 8, 8, 11, 11, 12],
    )


def _on_track(data: Dataset, province: str, year: int) -> tuple[str, Table]:
    """The plan for year+1 plus what the years to date left undone, by activity and source."""
    carried = facts.carried_shortfalls(data, province, year)
    behind = carried[carried["shortfall"] > 0]
    names = data.activities.set_index("activity")
    sentence = (
        f"Năm {year + 1} cần thực hiện kế hoạch năm của chương trình cộng phần còn thiếu so với kế hoạch "
        f"các năm đến hết năm {year}: {fmt_count(len(behind))} nội dung, nguồn kinh phí có phần "
        "còn thiếu được chuyển sang (tính tròn lên đơn vị)."
    )
    return sentence, table(
        "tbl_track",
        [
            [*activity_cells(names, r.activity, r.fund_source)]
            + [fmt_auto(r.planned_next), fmt_auto(r.shortfall), fmt_auto(r.needed)]
            for r in carried.itertuples()
        ],
        [
            "Nội dung",
            "Nguồn",
            "Đơn vị",
            f"Kế hoạch năm {year + 1}",
            f"Còn thiếu đến hết năm {year}",
            f"Cần thực hiện năm {year + 1}",
        ],
        f"Năm {year + 1}: kế hoạch của chương trình và phần còn thiếu chuyển sang",
        widths=[40, 14, 10, 12, 12, 12],
    )
