"""The year's plan against what was done: below it (QT5), above it, far above it or above the
programme's target for the period (QT10); costs far from the programme's unit costs (QT11).

The year's plan is the programme's plan for the year plus the shortfall carried from its
earlier years (`progress`): catching up is not "vượt kế hoạch". `plan_comparison` also serves
the chapters and the report.
"""

from __future__ import annotations

import pandas as pd

from khuyencong.errors import Problem
from khuyencong.figures.formatting import fmt_auto, fmt_number
from khuyencong.figures.metrics import FUND_LABELS
from khuyencong.figures.narrative import not_done
from khuyencong.figures.rules.common import (
    COST_FACTOR,
    PLAN_FACTOR,
    SOURCE_LABELS,
    RuleResult,
    beyond,
    catalogue,
    explained,
    file_row,
    how_to_explain,
    same_unit,
    sort_by_programme,
    year_results,
)
from khuyencong.figures.rules.progress import carried_into, done_results
from khuyencong.inputs.dataset import Dataset

__all__ = [
    "PLAN_COLUMNS",
    "against_plan",
    "costs",
    "plan_comparison",
    "sort_by_programme",
    "targets",
]

PLAN_COLUMNS = [
    "activity",
    "fund_source",
    "planned",
    "actual",
    "gap",
    "comparable",
    "explained",
    "budget_planned",
    "budget_actual",
    "carried",
    "explanation",
]


def plan_comparison(data: Dataset, province: str, year: int) -> pd.DataFrame:
    """Planned against done, per activity and fund source, for a year of a programme.

    Rows whose source is `all` are compared with the activity's plan over both sources (the
    source is then `all`). Rows still `planned` count as not done; rows in another unit than
    the catalogue's make the comparison impossible (`comparable` False). `carried` is the
    shortfall of the programme's earlier years; `explanation` the rows' giải trình for QT5.
    Empty without a plan.
    """
    prog = data.programme_covering(province, year)
    if prog is None:
        return pd.DataFrame(columns=PLAN_COLUMNS)
    plan = data.plan(prog["id"])
    plan = plan[plan["year"] == year]
    rows, units = year_results(data, province, year), catalogue(data)["unit_vi"]
    out = []
    for activity in sorted(set(plan["activity"]) | set(rows["activity"])):
        p, r = plan[plan["activity"] == activity], rows[rows["activity"] == activity]
        # Rows of source `all` pool both sources: compared with the plan over both.
        sources = ["all"] if (r["fund_source"] == "all").any() else list(FUND_LABELS)
        for source in sources:
            ps = p if source == "all" else p[p["fund_source"] == source]
            rs = r if source == "all" else r[r["fund_source"] == source]
            if float(ps["quantity"].sum()) != 0 or not rs.empty:
                row = _compare_rows(activity, source, ps, rs, units[activity])
                row["carried"] = carried_into(data, province, year, activity, source)
                out.append(row)
    return sort_by_programme(pd.DataFrame(out, columns=PLAN_COLUMNS), data.activities)


def _compare_rows(
    activity: str, source: str, plan: pd.DataFrame, rows: pd.DataFrame, unit: str
) -> dict:
    """One row of `plan_comparison`: an activity's plan rows against its result rows of a source."""
    planned = float(plan["quantity"].sum())
    done = rows[rows["qualifier"] != "planned"]
    actual = float(done["quantity"].sum())
    why = explained(rows, "QT5")
    return {
        "activity": activity,
        "fund_source": source,
        "planned": planned,
        "actual": actual,
        "gap": actual - planned,
        "comparable": all(same_unit(u, unit) for u in rows["unit"]),
        "explained": why is not None,
        "budget_planned": float(plan["budget"].sum()),
        "budget_actual": float(done["budget"].sum()) if done["budget"].notna().any() else None,
        "explanation": why,
    }


def _label(names: pd.DataFrame, activity: str, source: str) -> tuple[str, str]:
    unit = str(names.loc[activity, "unit_vi"]).lower()
    return f"{str(names.loc[activity, 'name_vi'])} ({SOURCE_LABELS[source].lower()})", unit


def _rows_of(data: Dataset, province: str, year: int, activity: str, source: str) -> pd.DataFrame:
    rows = year_results(data, province, year)
    rows = rows[rows["activity"] == activity]
    return rows if source == "all" else rows[rows["fund_source"] == source]


def _problem(rows: pd.DataFrame, column: str, message: str, found: str, expected: str) -> Problem:
    """A problem at the first result row of an activity and source (None when it has none)."""
    row = file_row(rows.iloc[0]) if len(rows) else None
    return Problem("results.csv", row, column, message, found, expected)


def against_plan(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    """Contents below the year's plan (or not carried out) need their rows' explanation; going
    beyond the plan is QT10's."""
    cmp = plan_comparison(data, province, year)
    if data.programme_covering(province, year) is None or cmp.empty:
        res.not_applicable(
            f"Năm {year} không có kế hoạch của chương trình khuyến công trong dữ liệu."
        )
        return
    names = catalogue(data)
    for r in cmp.to_dict("records"):
        label, unit = _label(names, r["activity"], str(r["fund_source"]))
        if not r["comparable"]:
            res.fail(f"{label}: đơn vị khác kế hoạch, không so sánh được.")
            continue
        actual, planned, carried = float(r["actual"]), float(r["planned"]), float(r["carried"])
        if planned < actual <= planned + carried:
            res.details.append(
                f"{label}: thực hiện {fmt_auto(actual)} {unit}, gồm {fmt_auto(planned)} theo "
                f"kế hoạch năm và {fmt_auto(actual - planned)} bù phần chưa thực hiện của các "
                "năm trước."
            )
        if actual >= planned:
            continue
        text = (
            f"{label}: thực hiện {fmt_auto(actual)}/{fmt_auto(planned)} {unit}, "
            f"thấp hơn kế hoạch {fmt_auto(planned - actual)} {unit}"
        )
        if actual == 0 and r["explanation"]:
            res.details.append(f"{label}: {not_done(r['explanation'])}.")
        elif r["explanation"]:
            res.details.append(text + f" (giải trình: {r['explanation']}).")
        else:
            rows = _rows_of(data, province, year, r["activity"], str(r["fund_source"]))
            res.fail(
                text + ", chưa có giải trình.",
                _problem(
                    rows,
                    "quantity",
                    "thấp hơn kế hoạch năm mà không có giải trình",
                    fmt_auto(actual),
                    f"{fmt_auto(planned)}, hoặc {how_to_explain(res.code)}",
                ),
            )
    if not res.details:
        res.details.append("Mọi nội dung thực hiện đủ số lượng kế hoạch năm.")


def targets(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    """A quantity above the year's plan (the programme's plus the carried shortfall), and how
    far: more than `PLAN_FACTOR` times, or above what remains of the period's target."""
    prog = data.programme_covering(province, year)
    cmp = plan_comparison(data, province, year)
    if prog is None or cmp.empty:
        res.not_applicable(
            f"Năm {year} không có kế hoạch của chương trình khuyến công trong dữ liệu."
        )
        return
    plan, names = data.plan(prog["id"]), catalogue(data)
    earlier = done_results(data, province, int(prog["period_start"]), year - 1)
    period = f"{prog['period_start']}–{prog['period_end']}"
    for r in cmp[cmp["comparable"]].to_dict("records"):
        activity, source = r["activity"], str(r["fund_source"])
        actual, year_plan = float(r["actual"]), float(r["planned"]) + float(r["carried"])
        total = _quantity(plan, activity, source)
        remaining = max(total - _quantity(earlier, activity, source), 0.0)
        if actual <= year_plan:
            continue
        label, unit = _label(names, activity, source)
        text = (
            f"{label}: thực hiện {fmt_auto(actual)}/{fmt_auto(year_plan)} {unit}, vượt kế hoạch "
            f"năm {fmt_auto(actual - year_plan)} {unit}"
        )
        if year_plan > 0 and actual > PLAN_FACTOR * year_plan + 1e-9:
            text += f", bằng {fmt_number(100 * actual / year_plan, 0)}% kế hoạch năm"
        if total > 0 and actual > remaining + 1e-9:
            text += (
                f", vượt phần còn lại của mục tiêu giai đoạn {period} "
                f"({fmt_auto(remaining)}/{fmt_auto(total)} {unit})"
            )
        rows = _rows_of(data, province, year, activity, source)
        why = explained(rows, res.code)
        if why:
            res.details.append(text + f" (giải trình: {why}).")
            continue
        res.fail(
            text + ", chưa có giải trình.",
            _problem(
                rows,
                "quantity",
                "vượt kế hoạch năm mà không có giải trình",
                fmt_auto(actual),
                f"≤ {fmt_auto(year_plan)}, hoặc {how_to_explain(res.code)}",
            ),
        )
    if not res.details:
        res.details.append("Không nội dung nào vượt kế hoạch năm hay mục tiêu giai đoạn.")


def _quantity(frame: pd.DataFrame, activity: str, source: str) -> float:
    sel = frame[frame["activity"] == activity]
    return float((sel if source == "all" else sel[sel["fund_source"] == source])["quantity"].sum())


def costs(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    """Each result's cost per unit against the programme's cost per unit of the activity and
    source (its whole plan), beyond `COST_FACTOR` either way."""
    prog = data.programme_covering(province, year)
    rows = year_results(data, province, year)
    priced = rows[
        rows["budget"].notna() & (rows["quantity"] > 0) & (rows["qualifier"] != "planned")
    ]
    if prog is None or priced.empty:
        res.not_applicable(
            "Không có định mức (kế hoạch của chương trình) hoặc kết quả ghi kinh phí để so sánh."
        )
        return
    plan, names = data.plan(prog["id"]), catalogue(data)
    for _, r in priced.iterrows():
        _cost(res, r, plan, names, rows)
    if not res.details:
        res.details.append(
            f"Kinh phí bình quân các kết quả không khác định mức của chương trình quá {fmt_number(COST_FACTOR)} lần."
        )


def _cost(res: RuleResult, r: pd.Series, plan: pd.DataFrame, names: pd.DataFrame, rows) -> None:
    """One result row's cost per unit against the plan's for its activity and source."""
    activity, source = str(r["activity"]), str(r["fund_source"])
    sel = plan[plan["activity"] == activity]
    sel = sel if source == "all" else sel[sel["fund_source"] == source]
    quantity, budget = float(sel["quantity"].sum()), float(sel["budget"].sum())
    if not (quantity > 0 and budget > 0 and same_unit(r["unit"], names.loc[activity, "unit_vi"])):
        return
    reference, cost = budget / quantity, float(r["budget"]) / float(r["quantity"])
    if not beyond(cost, reference, COST_FACTOR):
        return
    label, unit = _label(names, activity, source)
    text = (
        f"{label}: {fmt_auto(float(r['budget']))} triệu đồng cho {fmt_auto(float(r['quantity']))} "
        f"{unit}, bình quân {fmt_number(cost, 1)} triệu đồng/{unit}; định mức theo kế hoạch "
        f"chương trình {fmt_number(reference, 1)} triệu đồng/{unit}"
    )
    why = explained(rows.loc[[r.name]], res.code)
    if why:
        res.details.append(text + f" (giải trình: {why}).")
        return
    res.fail(
        text + ", chưa có giải trình.",
        Problem(
            "results.csv",
            file_row(r),
            "budget",
            f"kinh phí bình quân khác định mức quá {fmt_number(COST_FACTOR)} lần mà không có giải trình",
            fmt_number(cost, 1),
            f"gần {fmt_number(reference, 1)} triệu đồng/{unit}, hoặc {how_to_explain(res.code)}",
        ),
    )
