"""Chương "Kết quả đạt được": funding by source, results by activity and group, awards,
the programme's plan for the year and progress to date, and the previous year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from khuyencong.content.chapters import (
    activity_cells,
    edition_names,
    edition_results,
    group_and_activity,
    has_funding,
)
from khuyencong.content.chapters.glue import EditionNames, Glued, Md, Table, bullets, table
from khuyencong.content.chapters.overview import awards_sentence
from khuyencong.content.chapters.year_on_year import PreviousYearPart, previous_year
from khuyencong.content.charts import grouped_bars
from khuyencong.figures import facts
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import integer, number, optional_number
from khuyencong.figures.formatting import (
    fmt_auto,
    fmt_count,
    fmt_money,
    fmt_number,
    fmt_optional,
    fmt_percent,
)
from khuyencong.figures.narrative import not_done
from khuyencong.figures.rules import (
    AWARD_LEVEL_LABELS,
    SOURCE_LABELS,
)
from khuyencong.figures.rules.common import without_zero_rows, zero_rows

if TYPE_CHECKING:
    import pandas as pd

    from khuyencong.inputs.dataset import Dataset


@dataclass(frozen=True)
class FundingPart(Glued):
    """The year's funding by source; only the sentence when the source gives no figures."""

    funding_sentence: str
    tbl_funding: Table | None
    fig_funding: Figure | None


@dataclass(frozen=True)
class ActivitiesPart(Glued):
    tbl_results: Table
    n_groups: str  # content groups with a result
    n_groups_all: str  # content groups of the catalogue
    n_activities: str


@dataclass(frozen=True)
class AwardsPart(Glued):
    awards_sentence: str
    tbl_awards: Table | None


@dataclass(frozen=True)
class PlanPart(Glued):
    plan_sentence: str
    tbl_plan: Table | None
    tbl_plan_funding: Table | None
    tbl_progress: Table | None


@dataclass(frozen=True)
class Results(Glued):
    edition: EditionNames
    policies: Md
    narrative: Md
    funding: FundingPart
    activities: ActivitiesPart
    awards: AwardsPart
    plan: PlanPart
    previous_year: PreviousYearPart


def build(data: Dataset, province: str, year: int) -> Results:
    text = data.text(province, str(year))
    return Results(
        edition=edition_names(data, province, year),
        policies=bullets(text["policies"]),
        narrative=bullets(text["results_narrative"]),
        funding=_funding(data, province, year),
        activities=_activities(data, province, year),
        awards=_awards(data, province, year),
        plan=_plan(data, province, year),
        previous_year=previous_year(data, province, year),
    )


def _funding(data: Dataset, province: str, year: int) -> FundingPart:
    if not has_funding(data, province, year):
        # The source gives no funding figures: a visible gap, never zeros; no chart.
        return FundingPart.without_data(
            funding_sentence="Tài liệu nguồn không nêu số liệu kinh phí khuyến công, "
            "số nhiệm vụ đã thực hiện.",
        )
    fund = m.funding_year(data.funding, province, year)
    totals = m.funding_totals(data.funding, province, year)
    unspent = fmt_money(totals["unspent"]) + (
        f"; kinh phí thực hiện vượt kinh phí được giao {fmt_money(totals['overspent'])}"
        if totals["overspent"] > 0
        else ""
    )
    return FundingPart(
        funding_sentence=f"{facts.funding_sentence(data, province, year)} Chênh lệch giữa kinh "
        f"phí được giao và kinh phí đã thực hiện: {unspent}.",
        tbl_funding=table(
            "tbl_funding",
            _funding_rows(fund, totals),
            [
                "Nguồn kinh phí",
                "Được giao (triệu đồng)",
                "Đã thực hiện (triệu đồng)",
                "Tỷ lệ thực hiện",
                "Số nhiệm vụ",
            ],
            f"Kinh phí khuyến công năm {year} theo nguồn",
        ),
        fig_funding=grouped_bars(
            [m.FUND_LABELS[str(s)] for s in fund["fund_source"]],
            {"Được giao": list(fund["allocated"]), "Đã thực hiện": list(fund["disbursed"])},
            f"Kinh phí khuyến công năm {year}",
            "triệu đồng",
        ),
    )


def _funding_rows(fund: pd.DataFrame, totals: dict) -> list[list[str]]:
    """One row per fund source, then the total."""
    rows = [
        [
            m.FUND_LABELS[str(r.fund_source)],
            fmt_number(number(r.allocated)),
            fmt_number(number(r.disbursed)),
            fmt_percent(optional_number(r.rate)),
            fmt_number(number(r.tasks)),
        ]
        for r in fund.itertuples()
    ]
    total = [totals[k] for k in ("allocated", "disbursed")]
    rows.append(
        [
            "Tổng cộng",
            *(fmt_number(v) for v in total),
            fmt_percent(totals["rate"]),
            fmt_number(totals["tasks"]),
        ]
    )
    return rows


def _activities(data: Dataset, province: str, year: int) -> ActivitiesPart:
    own = edition_results(data, province, year)
    rows = m.results_by_group(own, data.activities, data.content_groups)
    # Results whose start the source does not give are "up to" the year, not of the year.
    span = "đến năm" if len(own) and own["period_start"].isna().all() else "năm"
    return ActivitiesPart(
        tbl_results=table(
            "tbl_results",
            [
                [
                    *group_and_activity(r),
                    SOURCE_LABELS.get(str(r.fund_source), "—"),
                    not_done(getattr(r, "explanation", None))
                    if zero
                    else fmt_auto(r.quantity) + facts.qualifier_mark(str(r.qualifier)),
                    str(r.unit),
                    "" if zero else fmt_optional(r.budget),
                ]
                for r, zero in zip(rows.itertuples(), zero_rows(rows), strict=True)
            ],
            [
                "Nhóm nội dung",
                "Nội dung hỗ trợ",
                "Nguồn",
                "Số lượng",
                "Đơn vị",
                "Kinh phí (triệu đồng)",
            ],
            f"Kết quả thực hiện {span} {year} theo nội dung hoạt động và nguồn kinh phí",
            widths=[22, 38, 12, 10, 8, 10],
        ),
        n_groups=fmt_count(len(m.count_by_group(rows))),
        n_groups_all=fmt_count(len(data.content_groups)),
        n_activities=fmt_count(without_zero_rows(rows)["activity"].nunique()),
    )


def _awards(data: Dataset, province: str, year: int) -> AwardsPart:
    """Every award level held in the year, one sentence and one table row each."""
    awards = m.awards_for(data.awards, province, year)
    if awards.empty:
        return AwardsPart(awards_sentence(None, has_funding(data, province, year)), None)
    rows = []
    for a in awards.itertuples():
        dossiers, units, eligible, recognised = (
            integer(a.dossiers),
            integer(a.units),
            integer(a.eligible),
            integer(a.recognised),
        )
        rates = m.award_rates(dossiers, eligible, recognised)
        level = AWARD_LEVEL_LABELS.get(str(a.level), str(a.level))
        rows.append(
            [f"Cấp {level}", *map(fmt_number, (dossiers, units, eligible, recognised))]
            + [fmt_percent(rates["recognised_of_eligible"])]
        )
    return AwardsPart(
        " ".join(facts.award_sentences(data, province, year)),
        table(
            "tbl_awards",
            rows,
            [
                "Cấp bình chọn",
                "Hồ sơ đăng ký",
                "Đơn vị tham gia",
                "Hồ sơ đủ điều kiện",
                "Sản phẩm được công nhận",
                "Tỷ lệ công nhận / đủ điều kiện",
            ],
            f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu năm {year}",
        ),
    )


def _plan(data: Dataset, province: str, year: int) -> PlanPart:
    """Actual against the programme's plan for the year, and progress toward its targets."""
    prog = data.programme_covering(province, year)
    if prog is None:
        return PlanPart.without_data(
            plan_sentence=f"Kế hoạch năm {year} theo chương trình khuyến công của tỉnh chưa có "
            "trong số liệu, nên chưa so sánh được kết quả với kế hoạch."
        )
    plan = data.plan(prog["id"])
    return PlanPart(
        plan_sentence=f"So sánh với kế hoạch năm {year} của {facts.programme_citation(prog)}, "
        "theo từng nội dung và nguồn kinh phí.",
        tbl_plan=_plan_table(data, province, year),
        tbl_plan_funding=_plan_funding_table(data, plan, province, year),
        tbl_progress=_progress_table(data, province, year),
    )


def _plan_table(data: Dataset, province: str, year: int) -> Table:
    names = data.activities.set_index("activity")
    return table(
        "tbl_plan",
        [
            [
                *activity_cells(names, r.activity, r.fund_source),
                fmt_auto(r.planned),
                fmt_auto(r.actual) if r.comparable else "không so sánh được (khác đơn vị)",
                fmt_percent(r.rate),  # type: ignore[arg-type]
                fmt_auto(r.budget_planned),
                fmt_optional(r.budget_actual),
            ]
            for r in facts.plan_versus_actual(data, province, year).itertuples()
        ],
        [
            "Nội dung",
            "Nguồn",
            "Đơn vị",
            "Số lượng kế hoạch",
            "Số lượng thực hiện",
            "Tỷ lệ",
            "Kinh phí kế hoạch",
            "Kinh phí thực hiện",
        ],
        f"Thực hiện so với kế hoạch năm {year} theo nội dung và nguồn (kinh phí: triệu đồng)",
        widths=[30, 10, 8, 10, 10, 8, 12, 12],
    )


def _plan_funding_table(data: Dataset, plan: pd.DataFrame, province: str, year: int) -> Table:
    by_source = m.plan_totals(plan)
    fund = m.funding_year(data.funding, province, year).set_index("fund_source")
    return table(
        "tbl_plan_funding",
        [
            [
                m.FUND_LABELS[s],
                fmt_auto(by_source.loc[year, s]) if year in by_source.index else "—",
                fmt_number(number(fund.loc[s, "allocated"])) if s in fund.index else "—",
                fmt_number(number(fund.loc[s, "disbursed"])) if s in fund.index else "—",
            ]
            for s in m.FUND_LABELS
        ],
        ["Nguồn", "Kế hoạch chương trình", "Được giao", "Đã thực hiện"],
        f"Kinh phí năm {year}: kế hoạch chương trình so với thực tế (triệu đồng)",
    )


def _progress_table(data: Dataset, province: str, year: int) -> Table:
    """Cumulative progress toward the programme's targets (`facts.programme_progress`)."""
    progress = facts.programme_progress(data, province, year)
    assert progress is not None  # the plan part is built only under a programme
    names = data.activities.set_index("activity")
    return table(
        "tbl_progress",
        [
            [
                str(names.loc[str(r.activity), "name_vi"]),
                str(names.loc[str(r.activity), "unit_vi"]),
                fmt_auto(r.quantity_period),
                fmt_auto(r.quantity_done),
                fmt_percent(optional_number(r.progress)),
                fmt_auto(r.quantity_remaining),
                # an average over the years left: whole when the remainder divides, else
                # one decimal (1 study tour over 4 years reads "0,3", not "0,25")
                fmt_auto(r.per_year_needed, max_decimals=1) if number(r.years_left) > 0 else "—",
            ]
            for r in progress.itertuples()
        ],
        [
            "Nội dung",
            "Đơn vị",
            "Mục tiêu cả giai đoạn",
            "Đã thực hiện đến nay",
            "Tiến độ",
            "Còn lại",
            "Bình quân mỗi năm còn lại",
        ],
        f"Tiến độ thực hiện chương trình đến hết năm {year}",
        widths=[34, 10, 11, 11, 10, 12, 12],
    )
