"""What year+1 must deliver: the programme's plan for year+1 plus the shortfalls carried over.

Only what the plan scheduled up to the reported year can be behind; items the plan puts in
later years are not "behind". Quantities are whole units (a class, a fair, a trademark), so a
shortfall is rounded up, never shown as "0,5 đợt".
"""

from __future__ import annotations

import math

import pandas as pd

from khuyencong.figures.metrics import FUND_LABELS
from khuyencong.figures.rules import same_unit, sort_by_programme

COLUMNS = [
    "activity",
    "fund_source",
    "planned_to_date",
    "done_to_date",
    "shortfall",
    "planned_next",
    "needed",
]


def done_rows(data, province: str, first: int, last: int) -> pd.DataFrame:
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


def carry_over(data, province: str, year: int) -> pd.DataFrame:
    """Per activity and fund source: shortfall to the end of `year` and what year+1 needs.

    Results recorded without a source (`all`) are compared with the activity over both sources.
    Empty when no programme covers year+1.
    """
    prog = data.programme_covering(province, year + 1)
    if prog is None:
        return pd.DataFrame(columns=COLUMNS)
    plan = data.plan(prog["id"])
    done = done_rows(data, province, int(prog["period_start"]), year)
    upto, nxt = plan[plan["year"] <= year], plan[plan["year"] == year + 1]
    out = []
    for activity in sorted(set(upto["activity"]) | set(nxt["activity"])):
        d = done[done["activity"] == activity]
        sources = ["all"] if (d["fund_source"] == "all").any() else list(FUND_LABELS)
        for source in sources:

            def pick(frame: pd.DataFrame, src: str = source) -> pd.DataFrame:
                return frame if src == "all" else frame[frame["fund_source"] == src]

            planned = float(pick(upto[upto["activity"] == activity])["quantity"].sum())
            achieved = float(pick(d)["quantity"].sum())
            following = float(pick(nxt[nxt["activity"] == activity])["quantity"].sum())
            shortfall = math.ceil(max(planned - achieved, 0.0) - 1e-9)
            if shortfall == 0 and following == 0:
                continue
            out.append(
                {
                    "activity": activity,
                    "fund_source": source,
                    "planned_to_date": planned,
                    "done_to_date": achieved,
                    "shortfall": float(shortfall),
                    "planned_next": following,
                    "needed": float(math.ceil(following - 1e-9) + shortfall),
                }
            )
    return sort_by_programme(pd.DataFrame(out, columns=COLUMNS), data.activities)
