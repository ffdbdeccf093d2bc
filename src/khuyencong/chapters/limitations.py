"""Chương "Tồn tại, hạn chế": authored limitations and the signals the figures show."""

from __future__ import annotations

from khuyencong import metrics as m
from khuyencong.chapters import Chapter, start
from khuyencong.formatting import fmt_number
from khuyencong.narrative import behind_plan_signals, funding_signals

NO_SIGNAL = "Số liệu không cho thấy tồn tại nào về kinh phí hay tiến độ."


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    ch.bullets("limitations", data.text(province, str(year))["limitations"])
    signals = signals_for(data, province, year)
    ch.bullets("signals", signals or [NO_SIGNAL])
    ch.text["n_signals"] = fmt_number(len(signals))
    return ch


def signals_for(data, province: str, year: int) -> list[str]:
    """Unspent funds, no national funds, activities behind the year's plan."""
    signals = funding_signals(m.funding_totals(data.funding, province, year), year)
    prog = data.programme_covering(province, year)
    if prog is not None:
        cmp = m.plan_vs_actual(
            m.plan_for_year(data.plan(prog["id"]), year),
            m.results_for(data.results, province, year, year),
            data.activities,
        )
        signals += behind_plan_signals(cmp, year)
    return signals
