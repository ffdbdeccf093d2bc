"""Chương "Tồn tại, hạn chế": authored limitations and the signals the figures show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong.content.chapters import edition_names, has_funding
from khuyencong.content.chapters.glue import EditionNames, Glued, Md, bullets
from khuyencong.figures import metrics as m
from khuyencong.figures.formatting import fmt_count
from khuyencong.figures.narrative import behind_plan_signals, funding_signals
from khuyencong.figures.rules import SOURCE_LABELS, plan_comparison

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

NO_SIGNAL = "Số liệu không cho thấy tồn tại nào về kinh phí hay tiến độ."


@dataclass(frozen=True)
class Limitations(Glued):
    edition: EditionNames
    limitations: Md
    signals: Md
    n_signals: str


def build(data: Dataset, province: str, year: int) -> Limitations:
    limitations = bullets(data.text(province, str(year))["limitations"])
    signals = signals_for(data, province, year)
    return Limitations(
        edition=edition_names(data, province, year),
        limitations=limitations,
        signals=bullets(signals or [NO_SIGNAL]),
        n_signals=fmt_count(len(signals)),
    )


def signals_for(data: Dataset, province: str, year: int) -> list[str]:
    """Unspent funds, no national funds, activities behind the year's plan."""
    signals = (
        funding_signals(m.funding_totals(data.funding, province, year), year)
        if has_funding(data, province, year)
        else []
    )
    prog = data.programme_covering(province, year)
    if prog is not None:
        # Per activity and source; planned rows and other units never count as done.
        cmp = plan_comparison(data, province, year)
        names = data.activities.set_index("activity")
        cmp = (
            cmp[cmp["comparable"]]
            .assign(
                activity_name=[
                    f"{names.loc[a, 'name_vi']} ({SOURCE_LABELS[s].lower()})"
                    for a, s in zip(cmp["activity"], cmp["fund_source"], strict=True)
                ]
                if len(cmp)
                else [],
                unit=[str(names.loc[a, "unit_vi"]).lower() for a in cmp["activity"]]
                if len(cmp)
                else [],
            )
            .rename(columns={"planned": "quantity_planned", "actual": "quantity_actual"})
        )
        signals += behind_plan_signals(cmp, year)
    return signals
