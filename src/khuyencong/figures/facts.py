"""The published facts of an edition, each computed by one function and phrased by one.

The report (`content.report`) and the chapters (`content.chapters`) take every fact they
share from here, so that the same data never prints two different figures or two wordings:
the programme's citation, plan against actual (a row still `planned` is not done), the year
against the year before, cumulative progress toward the programme's targets, the shortfalls
carried into next year's plan, the award round, the task register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.figures import metrics as m
from khuyencong.figures.carryover import carry_over, done_rows
from khuyencong.figures.cells import number
from khuyencong.figures.formatting import (
    en_dash_ranges,
    fmt_count,
    fmt_decision,
    fmt_money,
    fmt_percent,
)
from khuyencong.figures.narrative import award_sentence
from khuyencong.figures.rules import AWARD_LEVEL_LABELS, plan_comparison, sort_by_programme
from khuyencong.figures.rules.tasks import year_tasks

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

__all__ = [
    "award_sentences",
    "carried_shortfalls",
    "change_phrase",
    "count_phrase",
    "funding_sentence",
    "plan_versus_actual",
    "programme_citation",
    "products_of_year",
    "programme_progress",
    "quantity_rate",
    "qualifier_mark",
    "tasks_of_year",
    "year_on_year",
    "year_on_year_sentence",
]


def count_phrase(count: float | int, noun: str) -> str:
    """A count with its noun as prose writes it: `06 nhiệm vụ`, `71 hồ sơ`."""
    return f"{fmt_count(count)} {noun}"


# A figure that is not an exact result says so beside the number (never counted silently).
QUALIFIER_MARKS = {
    "planned": " (kế hoạch, chưa thực hiện)",
    "estimated": " (ước)",
    "at_least": " (tối thiểu)",
}


def qualifier_mark(qualifier: str) -> str:
    """What follows a figure that is not an exact result: ` (ước)`, ` (kế hoạch, chưa thực
    hiện)`; nothing for an exact one."""
    return QUALIFIER_MARKS.get(qualifier, "")


def programme_citation(prog: dict) -> str:
    """The programme as the report and the chapters cite it: title, decision number and date
    (`… giai đoạn 2026–2030 (Quyết định số 1113/QĐ-UBND ngày 11/5/2026)`)."""
    cited = fmt_decision(prog["decision_number"], prog.get("decision_date"))
    return en_dash_ranges(f"{prog['title']} ({cited})")


def funding_sentence(data: Dataset, province: str, year: int) -> str:
    """The year's funding in one sentence (the overview and the results chapter): allocated,
    the tasks and their cost, the share of the allocation."""
    t = m.funding_totals(data.funding, province, year)
    rate = fmt_percent(t["rate"], missing="không tính được")
    return (
        f"Năm {year}, tổng kinh phí khuyến công được giao là {fmt_money(t['allocated'])}; đã "
        f"thực hiện {count_phrase(t['tasks'], 'nhiệm vụ')} với kinh phí "
        f"{fmt_money(t['disbursed'])}, đạt {rate} kinh phí được giao."
    )


# Plan against actual -------------------------------------------------------------------


def quantity_rate(planned: float, actual: float, comparable: bool = True) -> float | None:
    """Percent of the planned quantity done; None when nothing was planned or the units differ."""
    if not comparable or not planned:
        return None
    return 100.0 * actual / planned


def plan_versus_actual(data: Dataset, province: str, year: int) -> pd.DataFrame:
    """The year's plan against what was done, per activity and fund source, with `rate`.

    One computation for the report, the chapters and rule QT5 (`rules.plan_comparison`): a
    result row still `planned` counts as not done; another unit makes the row not comparable.
    Empty without a programme covering the year."""
    cmp = plan_comparison(data, province, year)
    rates = [
        quantity_rate(float(p), float(a), bool(c))
        for p, a, c in zip(cmp["planned"], cmp["actual"], cmp["comparable"], strict=True)
    ]
    return cmp.assign(rate=pd.Series(rates, index=cmp.index, dtype=object))


# The year before -----------------------------------------------------------------------


def change_phrase(before: float, after: float) -> str:
    """A money figure against the year before: `tăng 24,7% (từ 1.905 triệu đồng lên 2.375
    triệu đồng)`, `giảm …`, `không đổi (…)`, `từ 0 lên …`."""
    if before == 0:
        return f"từ 0 lên {fmt_money(after)}" if after else "không đổi (0)"
    ch = m.change_percent(before, after)
    if not ch:
        return f"không đổi ({fmt_money(after)})"
    word, to = ("tăng", "lên") if ch > 0 else ("giảm", "xuống")
    return f"{word} {fmt_percent(abs(ch))} (từ {fmt_money(before)} {to} {fmt_money(after)})"


def year_on_year(data: Dataset, province: str, year: int) -> tuple[dict, dict] | None:
    """The funding totals of the year before and of the year; None without both years."""
    if m.funding_year(data.funding, province, year - 1).empty:
        return None
    if m.funding_year(data.funding, province, year).empty:
        return None
    return (
        m.funding_totals(data.funding, province, year - 1),
        m.funding_totals(data.funding, province, year),
    )


def year_on_year_sentence(data: Dataset, province: str, year: int) -> str | None:
    """`So với năm 2025, kinh phí được giao tăng …; kinh phí đã thực hiện …`, by source when
    both years have it; None without the year before."""
    found = year_on_year(data, province, year)
    if found is None:
        return None
    before, now = found
    parts = [
        f"kinh phí được giao {change_phrase(before['allocated'], now['allocated'])}",
        f"kinh phí đã thực hiện {change_phrase(before['disbursed'], now['disbursed'])}",
    ]
    prev = m.funding_year(data.funding, province, year - 1).set_index("fund_source")
    cur = m.funding_year(data.funding, province, year).set_index("fund_source")
    for source, label in m.FUND_LABELS.items():
        if source in prev.index and source in cur.index and prev.loc[source, "allocated"]:
            a, b = number(prev.loc[source, "allocated"]), number(cur.loc[source, "allocated"])
            parts.append(f"kinh phí {label[0].lower()}{label[1:]} được giao {change_phrase(a, b)}")
    return f"So với năm {year - 1}, " + "; ".join(parts) + "."


# The programme's targets and next year ------------------------------------------------


def programme_progress(data: Dataset, province: str, year: int) -> pd.DataFrame | None:
    """Per activity: the programme's target for its whole period, what was done from its first
    year to `year` (rows still `planned` and rows in another unit do not count), the share
    reached and what remains. None without a programme covering `year`."""
    prog = data.programme_covering(province, year)
    if prog is None:
        return None
    plan = data.plan(prog["id"])
    done = done_rows(data, province, int(prog["period_start"]), year)
    return sort_by_programme(m.programme_progress(plan, done, year), data.activities)


def carried_shortfalls(data: Dataset, province: str, year: int) -> pd.DataFrame:
    """Next year's plan per activity and source with what is behind at the end of `year`
    carried into it, in whole units (`carryover.carry_over`); empty without a programme."""
    return carry_over(data, province, year)


# Awards and tasks ------------------------------------------------------------------------


def award_sentences(data: Dataset, province: str, year: int) -> list[str]:
    """One sentence per award level held in the year (`Cấp tỉnh: …` when several)."""
    awards = m.awards_for(data.awards, province, year)
    out = []
    for a in awards.itertuples():
        dossiers, units, eligible, recognised = (
            int(getattr(a, k)) for k in ("dossiers", "units", "eligible", "recognised")
        )
        rates = m.award_rates(dossiers, eligible, recognised)
        sentence = award_sentence(dossiers, units, eligible, recognised, rates)
        level = AWARD_LEVEL_LABELS.get(str(a.level), str(a.level))
        out.append(f"Cấp {level}: {sentence}" if len(awards) > 1 else sentence)
    return out


def tasks_of_year(data: Dataset, province: str, year: int) -> pd.DataFrame:
    """The year's đề án / nhiệm vụ register (data/tasks.csv), in the file's order."""
    return year_tasks(data, province, year).reset_index(drop=True)


def products_of_year(data: Dataset, province: str, year: int) -> pd.DataFrame:
    """The products recognised in the year's award round (data/award_products.csv)."""
    t = data.award_products
    return t[(t["province"] == province) & (t["year"] == year)].reset_index(drop=True)
