"""Pure metric functions. Inputs are DataFrames or numbers; nothing is read or written.

Money stays in the unit it came in (triệu đồng for funding and plans); percentages are
returned in percent (84.25..., not 0.8425) and rounded only when formatted.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

FUND_LABELS = {"national": "Khuyến công quốc gia", "local": "Khuyến công địa phương"}


# Columns of a plan table by fund source (the programme's appendix), after the activity's name.
PLAN_BY_SOURCE_HEADER = (
    "Đơn vị",
    "Số lượng quốc gia",
    "Số lượng địa phương",
    "Kinh phí quốc gia",
    "Kinh phí địa phương",
    "Tổng kinh phí",
)


def execution_rate(allocated: float, disbursed: float) -> float | None:
    """Percent of the allocation that was spent; None when nothing was allocated."""
    if not allocated:
        return None
    return 100.0 * disbursed / allocated


def shares(parts: Mapping[str, float]) -> dict[str, float]:
    """Each part's percent of the parts' sum: {'a': 71.5, 'b': 99.2} -> {'a': 41.86.., 'b': 58.13..}."""
    total = sum(parts.values())
    if not total:
        return {k: 0.0 for k in parts}
    return {k: 100.0 * v / total for k, v in parts.items()}


def share(part: float, whole: float) -> float:
    return 100.0 * part / whole


def change_percent(before: float, after: float) -> float:
    """Relative change in percent: 186.5 -> 170.8 gives -8.418..."""
    return 100.0 * (after - before) / before


TRIEU_PER_TY = 1000  # funding.csv counts in triệu đồng, the region and period figures in tỷ


def trieu_to_ty(value_trieu: float) -> float:
    """1905 triệu đồng -> 1.905 tỷ đồng."""
    return value_trieu / TRIEU_PER_TY


def in_ty(value: float, unit: str) -> float:
    """A money figure in tỷ đồng, whichever of the two units the data holds it in."""
    if unit == "ty-dong":
        return value
    if unit == "trieu-dong":
        return trieu_to_ty(value)
    raise ValueError(f"not a money unit: {unit}")


def per_member_average(total: float, members: int) -> float:
    """A group's total spread evenly over its members: 170.8 tỷ đồng over 28 provinces -> 6.1."""
    if members <= 0:
        raise ValueError("members must be positive")
    return total / members


def yearly_average(total: float, first_year: int, last_year: int) -> float:
    """A period's total spread over its years, both ends counted: 7.7 over 2016..2020 -> 1.54."""
    return per_member_average(total, last_year - first_year + 1)


def direction(value: float, reference: float, reference_at_least: bool = False) -> int | None:
    """-1, 0 or 1 as `value` is below, equal to or above `reference`. When the reference is
    only a lower bound ("hơn X"), a value not below it may lie on either side: None."""
    if value < reference:
        return -1
    if reference_at_least:
        return None
    return 0 if value == reference else 1


def average_annual_growth(total_growth_percent: float, years: int) -> float:
    """Compound annual growth rate in percent from growth over `years` years: +20.3 over 5 -> 3.77."""
    if years <= 0:
        raise ValueError("years must be positive")
    return 100.0 * ((1 + total_growth_percent / 100.0) ** (1.0 / years) - 1)


def funding_year(funding: pd.DataFrame, province: str, year: int) -> pd.DataFrame:
    """One row per fund source for a province and year, with the execution rate."""
    rows = funding[(funding["province"] == province) & (funding["year"] == year)]
    out = rows[["fund_source", "allocated", "disbursed", "tasks"]].copy()
    out["rate"] = [
        execution_rate(a, d) for a, d in zip(out["allocated"], out["disbursed"], strict=True)
    ]
    order = {s: i for i, s in enumerate(FUND_LABELS)}
    return out.sort_values("fund_source", key=lambda s: s.map(order)).reset_index(drop=True)


def funding_totals(funding: pd.DataFrame, province: str, year: int) -> dict:
    """Allocated, disbursed, unspent, tasks over both sources, and the execution rate."""
    rows = funding_year(funding, province, year)
    allocated = float(rows["allocated"].sum())
    disbursed = float(rows["disbursed"].sum())
    return {
        "allocated": allocated,
        "disbursed": disbursed,
        # Over-spending (allowed with a note) leaves nothing unspent, never a negative amount.
        "unspent": max(allocated - disbursed, 0.0),
        "overspent": max(disbursed - allocated, 0.0),
        "tasks": int(rows["tasks"].sum()),
        "rate": execution_rate(allocated, disbursed),
        "national_allocated": float(rows.loc[rows["fund_source"] == "national", "allocated"].sum()),
        "local_allocated": float(rows.loc[rows["fund_source"] == "local", "allocated"].sum()),
    }


def results_for(results: pd.DataFrame, entity: str, start: int | None, end: int) -> pd.DataFrame:
    """Result rows of an entity for a period (start None matches an unknown start)."""
    same_start = (
        results["period_start"].isna() if start is None else results["period_start"] == start
    )
    rows = results[(results["entity"] == entity) & same_start & (results["period_end"] == end)]
    return rows.drop(columns="__row", errors="ignore").reset_index(drop=True)


def results_by_group(
    rows: pd.DataFrame, activities: pd.DataFrame, groups: pd.DataFrame
) -> pd.DataFrame:
    """Result rows joined to the catalogue: group number and name, activity name."""
    cat = activities[["activity", "group", "name_vi"]].rename(columns={"name_vi": "activity_name"})
    grp = groups[["group", "name_vi"]].rename(columns={"name_vi": "group_name"})
    out = rows.merge(cat, on="activity", how="left").merge(grp, on="group", how="left")
    # The programme's order: content group, then the appendix row (activities without one last).
    rank = activities.set_index("activity")["row"] if "row" in activities else None
    out["_row"] = out["activity"].map(rank).astype(float).fillna(1e9) if rank is not None else 0.0
    out = out.sort_values(["group", "_row", "activity"], kind="stable").drop(columns="_row")
    return out.reset_index(drop=True)


def count_by_group(rows: pd.DataFrame) -> pd.DataFrame:
    """Number of distinct activities carried out per content group."""
    return (
        rows.groupby(["group", "group_name"], as_index=False)["activity"]
        .nunique()
        .rename(columns={"activity": "activities"})  # type: ignore[call-overload]
    )


def awards_for(awards: pd.DataFrame, province: str, year: int) -> pd.DataFrame:
    """The award rows (one per level) of a province's year."""
    return awards[(awards["province"] == province) & (awards["year"] == year)]


def award_rates(dossiers: int, eligible: int, recognised: int) -> dict[str, float | None]:
    """Eligible share of dossiers, recognised share of eligible and of all dossiers (percent).

    A rate over zero cases (no dossier, none eligible) is None: there is nothing to rate.
    """

    def rate(part: int, whole: int) -> float | None:
        return share(part, whole) if whole else None

    return {
        "eligible_of_dossiers": rate(eligible, dossiers),
        "recognised_of_eligible": rate(recognised, eligible),
        "recognised_of_dossiers": rate(recognised, dossiers),
    }


def plan_totals(plan: pd.DataFrame) -> pd.DataFrame:
    """Budget per year (rows) and fund source (columns national, local, total)."""
    pivot = plan.pivot_table(
        index="year", columns="fund_source", values="budget", aggfunc="sum", fill_value=0.0
    )
    pivot = pivot.reindex(columns=list(FUND_LABELS), fill_value=0.0)
    pivot["total"] = pivot["national"] + pivot["local"]
    pivot.columns.name = None
    return pivot.astype(float)


def plan_source_totals(plan: pd.DataFrame) -> dict[str, float]:
    """The programme's budget by fund source over its whole period, and the grand total."""
    by = plan.groupby("fund_source")["budget"].sum()
    out = {s: float(by.get(s, 0.0)) for s in FUND_LABELS}
    out["total"] = out["national"] + out["local"]
    return out


def plan_for_year(plan: pd.DataFrame, year: int) -> pd.DataFrame:
    """Activities planned in one year: quantity and budget per fund source, zero rows dropped."""
    rows = plan[plan["year"] == year]
    wide = rows.pivot_table(
        index="activity",
        columns="fund_source",
        values=["quantity", "budget"],
        aggfunc="sum",
        fill_value=0.0,
    )
    wide.columns = [f"{measure}_{source}" for measure, source in wide.columns]  # type: ignore[str-unpack]
    for measure in ("quantity", "budget"):
        for source in FUND_LABELS:
            wide[f"{measure}_{source}"] = wide.get(f"{measure}_{source}", 0.0)
        wide[f"{measure}_total"] = wide[f"{measure}_national"] + wide[f"{measure}_local"]
    wide = wide[(wide["quantity_total"] > 0) | (wide["budget_total"] > 0)]
    return wide.reset_index()[
        ["activity", *[f"{m}_{s}" for m in ("quantity", "budget") for s in (*FUND_LABELS, "total")]]
    ]


def cumulative_plan(plan: pd.DataFrame, through_year: int) -> pd.DataFrame:
    """Per activity: quantity and budget planned up to and including `through_year`, and over the whole period."""
    whole = plan.groupby("activity")[["quantity", "budget"]].sum()
    upto = plan[plan["year"] <= through_year].groupby("activity")[["quantity", "budget"]].sum()
    out = whole.join(upto.add_suffix("_to_date")).fillna(0.0)
    out.columns = ["quantity_period", "budget_period", "quantity_to_date", "budget_to_date"]
    return out.reset_index()


def plan_by_group(plan: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    """Budget of the whole plan per content group and fund source."""
    merged = plan.merge(activities[["activity", "group"]], on="activity", how="left")
    out = merged.pivot_table(
        index="group", columns="fund_source", values="budget", aggfunc="sum", fill_value=0.0
    )
    out = out.reindex(columns=list(FUND_LABELS), fill_value=0.0)
    out["total"] = out["national"] + out["local"]
    out.columns.name = None
    return out.reset_index()


def indicator(
    indicators: pd.DataFrame, entity: str, name: str, end: int, fund_source: str = "all"
) -> pd.Series:
    """The one indicator row for an entity, indicator code, period end and fund source."""
    rows = indicators[
        (indicators["entity"] == entity)
        & (indicators["indicator"] == name)
        & (indicators["period_end"] == end)
        & (indicators["fund_source"] == fund_source)
    ]
    if len(rows) != 1:
        raise KeyError(f"{entity}/{name}/{end}/{fund_source}: {len(rows)} rows")
    return rows.iloc[0]


def yearly_results(results: pd.DataFrame, entity: str, first: int, last: int) -> pd.DataFrame:
    """Single-year result rows of an entity for years first..last (multi-year rows excluded)."""
    single = results["period_start"] == results["period_end"]
    in_range = results["period_end"].between(first, last)
    rows = results[(results["entity"] == entity) & single & in_range]
    return rows.drop(columns="__row", errors="ignore").reset_index(drop=True)


def programme_progress(plan: pd.DataFrame, done: pd.DataFrame, through_year: int) -> pd.DataFrame:
    """Per activity: the five-year target, what was planned and done to date, what remains.

    `done` are the single-year result rows of the programme's years up to `through_year`.
    `per_year_needed` spreads what remains over the programme's remaining years.
    """
    end = int(plan["year"].max())
    out = cumulative_plan(plan, through_year)
    done_q = done.groupby("activity")["quantity"].sum()
    out["quantity_done"] = out["activity"].map(done_q).fillna(0.0).astype(float)
    out["quantity_remaining"] = (out["quantity_period"] - out["quantity_done"]).clip(lower=0.0)
    years_left = end - through_year
    out["years_left"] = years_left
    out["per_year_needed"] = (
        out["quantity_remaining"] / years_left if years_left > 0 else float("nan")
    )
    out["progress"] = [
        100.0 * d / p if p else None
        for d, p in zip(out["quantity_done"], out["quantity_period"], strict=True)
    ]
    return out[out["quantity_period"] > 0].reset_index(drop=True)
