"""The year's plan against what was done (QT5), and the programme's order of activities.

`plan_comparison` and `sort_by_programme` also serve the chapters and the carry-over table.
"""

from __future__ import annotations

import pandas as pd

from khuyencong.figures.formatting import fmt_auto
from khuyencong.figures.metrics import FUND_LABELS
from khuyencong.figures.rules.common import (
    SOURCE_LABELS,
    RuleResult,
    catalogue,
    same_unit,
    year_results,
)
from khuyencong.inputs.dataset import Dataset

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
]


def plan_comparison(data: Dataset, province: str, year: int) -> pd.DataFrame:
    """Planned against done, per activity and fund source, for a year of a programme.

    Rows whose source is `all` are compared with the activity's plan over both sources (the
    source is then `all`). Rows still `planned` count as not done; rows in another unit than
    the catalogue's make the comparison impossible (`comparable` False). Empty without a plan.
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
                out.append(_compare_rows(activity, source, ps, rs, units[activity]))
    return sort_by_programme(pd.DataFrame(out, columns=PLAN_COLUMNS), data.activities)


def _compare_rows(
    activity: str, source: str, plan: pd.DataFrame, rows: pd.DataFrame, unit: str
) -> dict:
    """One row of `plan_comparison`: an activity's plan rows against its result rows of a source."""
    planned = float(plan["quantity"].sum())
    done = rows[rows["qualifier"] != "planned"]
    actual = float(done["quantity"].sum())
    return {
        "activity": activity,
        "fund_source": source,
        "planned": planned,
        "actual": actual,
        "gap": actual - planned,
        "comparable": all(same_unit(u, unit) for u in rows["unit"]),
        "explained": bool(rows["note"].notna().any()),
        "budget_planned": float(plan["budget"].sum()),
        "budget_actual": float(done["budget"].sum()) if done["budget"].notna().any() else None,
    }


def sort_by_programme(frame: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    """Rows in the programme's order: content group, then the appendix row (`row`), then code."""
    order = activities.set_index("activity")
    key_group = frame["activity"].map(order["group"]).astype(float)
    key_row = (
        frame["activity"].map(order["row"]).astype(float)
        if "row" in order.columns
        else pd.Series(0.0, index=frame.index)
    )
    keyed = frame.assign(_g=key_group, _r=key_row.fillna(1e9))
    return (
        keyed.sort_values(["_g", "_r", "activity"], kind="stable")
        .drop(columns=["_g", "_r"])
        .reset_index(drop=True)
    )


def against_plan(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    cmp = plan_comparison(data, province, year)
    if data.programme_covering(province, year) is None or cmp.empty:
        res.not_applicable(
            f"Năm {year} không có kế hoạch của chương trình khuyến công trong dữ liệu."
        )
        return
    names = catalogue(data)
    for r in cmp.to_dict("records"):
        name = names.loc[r["activity"], "name_vi"]
        unit = str(names.loc[r["activity"], "unit_vi"]).lower()
        source = SOURCE_LABELS[str(r["fund_source"])].lower()
        if not r["comparable"]:
            res.fail(f"{name} ({source}): đơn vị khác kế hoạch, không so sánh được.")
            continue
        gap, actual, planned = float(r["gap"]), float(r["actual"]), float(r["planned"])
        if gap == 0:
            continue
        word = "thấp hơn kế hoạch" if gap < 0 else "vượt kế hoạch"
        text = (
            f"{name} ({source}): thực hiện {fmt_auto(actual)}/{fmt_auto(planned)} {unit}, "
            f"{word} {fmt_auto(abs(gap))} {unit}"
        )
        if r["explained"]:
            res.details.append(text + " (có ghi chú giải thích).")
        else:
            res.fail(text + ", chưa có ghi chú giải thích.")
    if not res.details:
        res.details.append("Mọi nội dung thực hiện đúng số lượng kế hoạch năm.")
