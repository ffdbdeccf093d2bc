"""Progress against a programme: what counts as done, and the shortfalls carried to a year.

Only what the plan scheduled up to a year can be behind; items the plan puts in later years are
not "behind". Quantities are whole units (a class, a fair, a trademark), so a shortfall is
rounded up, never shown as "0,5 đợt". The rules (QT5, QT10) and the next year's table
(`carryover`) read the same shortfalls: catching up a shortfall is never "vượt kế hoạch".
"""

from __future__ import annotations

import math

import pandas as pd

from khuyencong.figures.metrics import FUND_LABELS
from khuyencong.figures.rules.common import same_unit, sort_by_programme

COLUMNS = [
    "activity",
    "fund_source",
    "planned_to_date",
    "done_to_date",
    "shortfall",
    "planned_next",
    "needed",
]


def done_results(data, province: str, first: int, last: int) -> pd.DataFrame:
    """Single-year results first..last that count as done: not planned, in the catalogue's unit."""
    t = data.results
    rows = t[
        (t["entity"] == province)
        & (t["period_start"] == t["period_end"])
        & t["period_end"].between(first, last)
        & (t["qualifier"] != "planned")
    ]
    units = data.activities.set_index("activity")["unit_vi"]
    ok = [
        same_unit(u, units.get(a, "")) for a, u in zip(rows["activity"], rows["unit"], strict=True)
    ]
    return rows[
        pd.Series(ok, index=rows.index, dtype=bool)
    ]  # a list would select columns when empty


def _pick(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    return frame if source == "all" else frame[frame["fund_source"] == source]


def shortfall(plan: pd.DataFrame, done: pd.DataFrame, activity: str, source: str) -> float:
    """Whole units of `activity` (of `source`, or pooled for `all`) planned but not done."""
    planned = float(_pick(plan[plan["activity"] == activity], source)["quantity"].sum())
    achieved = float(_pick(done[done["activity"] == activity], source)["quantity"].sum())
    return float(math.ceil(max(planned - achieved, 0.0) - 1e-9))


def carried_into(data, province: str, year: int, activity: str, source: str) -> float:
    """The shortfall of the programme's earlier years that `year` has to catch up (0 in its
    first year, or without a programme)."""
    prog = data.programme_covering(province, year)
    if prog is None or int(prog["period_start"]) >= year:
        return 0.0
    plan = data.plan(prog["id"])
    done = done_results(data, province, int(prog["period_start"]), year - 1)
    return shortfall(plan[plan["year"] < year], done, activity, source)


def carry_over(data, province: str, year: int) -> pd.DataFrame:
    """Per activity and fund source: shortfall to the end of `year` and what year+1 needs.

    Results recorded without a source (`all`) are compared with the activity over both sources.
    Empty when no programme covers year+1.
    """
    prog = data.programme_covering(province, year + 1)
    if prog is None:
        return pd.DataFrame(columns=COLUMNS)
    plan = data.plan(prog["id"])
    done = done_results(data, province, int(prog["period_start"]), year)
    upto, nxt = plan[plan["year"] <= year], plan[plan["year"] == year + 1]
    out = []
    for activity in sorted(set(upto["activity"]) | set(nxt["activity"])):
        d = done[done["activity"] == activity]
        sources = ["all"] if (d["fund_source"] == "all").any() else list(FUND_LABELS)
        for source in sources:
            planned = float(_pick(upto[upto["activity"] == activity], source)["quantity"].sum())
            short = shortfall(upto, done, activity, source)
            following = float(_pick(nxt[nxt["activity"] == activity], source)["quantity"].sum())
            if short == 0 and following == 0:
                continue
            out.append(
                {
                    "activity": activity,
                    "fund_source": source,
                    "planned_to_date": planned,
                    "done_to_date": float(_pick(d, source)["quantity"].sum()),
                    "shortfall": short,
                    "planned_next": following,
                    "needed": float(math.ceil(following - 1e-9) + short),
                }
            )
    return sort_by_programme(pd.DataFrame(out, columns=COLUMNS), data.activities)


def shortfalls_into(data, province: str, year: int) -> dict[tuple[str, str], float]:
    """Per (activity, fund source): the shortfall of the programme's earlier years that `year`
    has to catch up (what `new-year` adds to the year's plan)."""
    table = carry_over(data, province, year - 1)
    if table.empty:
        return {}
    behind = table[table["shortfall"] > 0]
    return {
        (str(a), str(s)): float(q)
        for a, s, q in zip(
            behind["activity"], behind["fund_source"], behind["shortfall"], strict=True
        )
    }
