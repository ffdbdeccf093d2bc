"""A programme period's figures: pure functions on the tables.

A period review (tổng kết, or a mid-term sơ kết) takes its figures from one of two origins,
never mixed silently:

- the annual data of each year of the period that has them (funding.csv rows, single-year
  results), summed and compared with the programme's plan by activity and fund source;
- figures entered for the whole period as such (results and indicators whose period is
  exactly the period's, as reviews like seeds 001 and 002 give them).

`coverage` says which years the annual data cover; `period_results` takes the figures entered
for the whole period when there are any, else the sum of the annual ones, and says which;
`annual_against_stated` reconciles the two when both exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from khuyencong.figures.metrics import FUND_LABELS, share

ANNUAL = "annual"  # summed from the annual data of the covered years
STATED = "stated"  # entered for the whole period as such


@dataclass(frozen=True)
class Coverage:
    """Which years of a period the annual data cover, and which they do not."""

    years: tuple[int, ...]  # every year of the period (empty when its start is not given)
    annual: tuple[int, ...]  # years with annual data

    @property
    def missing(self) -> tuple[int, ...]:
        return tuple(y for y in self.years if y not in self.annual)

    @property
    def complete(self) -> bool:
        return bool(self.years) and not self.missing


def coverage(years: Sequence[int], funded: Iterable[int]) -> Coverage:
    """The period's `years` against the years with annual data (`funded`)."""
    have = set(funded)
    return Coverage(tuple(years), tuple(y for y in years if y in have))


def year_list(years: Sequence[int]) -> str:
    """`2026, 2027 và 2028`; one year alone as itself."""
    text = [str(y) for y in years]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " và " + text[-1]


def funding_by_year(funding: pd.DataFrame, province: str, years: Sequence[int]) -> pd.DataFrame:
    """One row per covered year: allocated and disbursed by fund source, their totals, tasks.

    Columns `allocated_national`, `allocated_local`, `allocated`, the same for `disbursed`,
    and `tasks`; index: the year."""
    rows = funding[(funding["province"] == province) & funding["year"].isin(list(years))]
    out = pd.DataFrame(index=pd.Index(sorted({int(y) for y in rows["year"]}), name="year"))
    for measure in ("allocated", "disbursed"):
        wide = rows.pivot_table(
            index="year", columns="fund_source", values=measure, aggfunc="sum", fill_value=0.0
        )
        for source in FUND_LABELS:
            column = wide[source] if source in wide else pd.Series(0.0, index=wide.index)
            out[f"{measure}_{source}"] = column.reindex(out.index).fillna(0.0).astype(float)
        out[measure] = sum(out[f"{measure}_{s}"] for s in FUND_LABELS)
    out["tasks"] = rows.groupby("year")["tasks"].sum().reindex(out.index).fillna(0).astype(int)
    return out


def funding_total(by_year: pd.DataFrame) -> dict[str, float]:
    """The period's total of every column of `funding_by_year`."""
    return {c: float(by_year[c].sum()) for c in by_year.columns}


def plan_budget_by_year(plan: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """The programme's budget per year of the period by fund source (`planned_national`,
    `planned_local`, `planned`); years of the period the plan does not reach are left out."""
    rows = plan[plan["year"].isin(list(years))]
    wide = rows.pivot_table(
        index="year", columns="fund_source", values="budget", aggfunc="sum", fill_value=0.0
    )
    out = pd.DataFrame(index=wide.index)
    for source in FUND_LABELS:
        out[f"planned_{source}"] = (wide.get(source, 0.0)) * 1.0
    out["planned"] = out["planned_national"] + out["planned_local"]
    return out.astype(float)


def _single_year(results: pd.DataFrame) -> pd.Series:
    return (results["period_start"] == results["period_end"]).fillna(False).astype(bool)


def stated_results(
    results: pd.DataFrame, entity: str, first: int | None, last: int
) -> pd.DataFrame:
    """Result rows entered for the whole period `first`..`last` (first None: not given)."""
    start = results["period_start"]
    same = start.isna() if first is None else start == first
    rows = results[
        (results["entity"] == entity)
        & same
        & (results["period_end"] == last)
        & ~_single_year(results)
    ]
    return rows.drop(columns="__row", errors="ignore").reset_index(drop=True)


def cumulative_results(results: pd.DataFrame, entity: str, years: Sequence[int]) -> pd.DataFrame:
    """Single-year result rows of the years, summed per activity, fund source and unit."""
    rows = results[
        (results["entity"] == entity)
        & _single_year(results)
        & results["period_end"].isin(list(years))
    ]
    if rows.empty:
        return pd.DataFrame(columns=["activity", "fund_source", "unit", "quantity", "budget"])
    return rows.groupby(["activity", "fund_source", "unit"], as_index=False, sort=True).agg(
        quantity=("quantity", "sum"), budget=("budget", lambda s: s.sum(min_count=1))
    )


def period_results(
    results: pd.DataFrame, entity: str, first: int | None, last: int, years: Sequence[int]
) -> tuple[pd.DataFrame, str | None]:
    """The period's results and their origin: the figures entered for the whole period when
    there are any (STATED), else the sum of the annual results of `years` (ANNUAL); (empty,
    None) when neither exists."""
    stated = stated_results(results, entity, first, last)
    if not stated.empty:
        return stated, STATED
    summed = cumulative_results(results, entity, years)
    return (summed, ANNUAL) if not summed.empty else (summed, None)


def annual_against_stated(stated: pd.DataFrame, summed: pd.DataFrame) -> pd.DataFrame:
    """Each activity and unit of the figures entered for the period against the sum of the
    annual ones: `stated`, `annual`, `equal` (only rows present on both sides)."""
    left = stated.groupby(["activity", "unit"])["quantity"].sum().rename("stated")
    right = summed.groupby(["activity", "unit"])["quantity"].sum().rename("annual")
    both = pd.concat([left, right], axis=1, join="inner").reset_index()
    both["equal"] = both["stated"] == both["annual"]
    return both


def done_in_catalogue_unit(done: pd.DataFrame, activities: pd.DataFrame) -> pd.Series:
    """Quantity done per activity, counting only rows in the catalogue's unit (the unit the
    programme's targets are set in); other units cannot be added to a target."""
    units = activities.set_index("activity")["unit_vi"].str.lower()
    same = [
        str(u).lower() == units.get(a, "")
        for a, u in zip(done["activity"], done["unit"], strict=True)
    ]
    return done[same].groupby("activity")["quantity"].sum().astype(float)


def with_award_rounds(done: pd.Series, activity: str, rounds: int) -> pd.Series:
    """`done` with the award rounds held in the awards table (one row per round and year)
    counted for the award activity, unless result rows already count it (never twice)."""
    if rounds == 0 or float(done.get(activity, 0.0)):
        return done
    return pd.concat([done[done.index != activity], pd.Series({activity: float(rounds)})])


def target_progress(plan: pd.DataFrame, done: pd.Series, last: int) -> pd.DataFrame:
    """Per activity with a target: the plan up to `last` (`planned`), the programme's whole
    target (`target`), the cumulative quantity done, and the shares reached (percent).

    `done` is the cumulative quantity per activity (`done_in_catalogue_unit`)."""
    whole = plan.groupby("activity")["quantity"].sum()
    upto = plan[plan["year"] <= last].groupby("activity")["quantity"].sum()
    out = pd.DataFrame({"target": whole, "planned": upto.reindex(whole.index).fillna(0.0)})
    out = out[out["target"] > 0].astype(float)
    out["done"] = done.reindex(out.index).fillna(0.0).astype(float)
    out["share_planned"] = [
        share(d, p) if p else None for d, p in zip(out["done"], out["planned"], strict=True)
    ]
    out["share_target"] = [share(d, t) for d, t in zip(out["done"], out["target"], strict=True)]
    return out.rename_axis("activity").reset_index()


def yearly_quantities(results: pd.DataFrame, entity: str, years: Sequence[int]) -> pd.DataFrame:
    """Single-year results per activity and unit (rows) and year (columns), zeros filled,
    with a `total` column: the annex table by year."""
    rows = results[
        (results["entity"] == entity)
        & _single_year(results)
        & results["period_end"].isin(list(years))
    ]
    wide = rows.assign(quantity=rows["quantity"].astype(float)).pivot_table(
        index=["activity", "unit"],
        columns="period_end",
        values="quantity",
        aggfunc="sum",
        fill_value=0.0,
    )
    wide = wide.reindex(columns=list(years), fill_value=0.0)
    wide["total"] = wide.sum(axis=1)
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index()


def period_indicators(
    indicators: pd.DataFrame, entity: str, first: int | None, last: int
) -> pd.DataFrame:
    """Indicators of the period: ending in its last year, starting in its first year or the
    year before (growth is measured against the year before the period: 2020 against 2015),
    or with no start when the period's start is not given."""
    start = indicators["period_start"]
    same = start.isna() if first is None else start.isin([first, first - 1])
    rows = indicators[(indicators["entity"] == entity) & same & (indicators["period_end"] == last)]
    return rows.reset_index(drop=True)


def next_period(first: int | None, last: int, programme_end: int | None) -> tuple[int, int]:
    """The years the review's directions are for: the rest of the running programme at
    mid-term (its end after `last`), else a period as long as this one (five years when
    this one's start is not given, the length of a khuyến công programme)."""
    if programme_end is not None and programme_end > last:
        return last + 1, programme_end
    length = last - first + 1 if first is not None else 5
    return last + 1, last + length
