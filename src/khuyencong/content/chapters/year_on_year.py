"""The results chapter's comparison with the year before: funding of both years, results per
activity in the same unit, and a chart of both years' funding."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from khuyencong.content.chapters.glue import Glued, Table, table
from khuyencong.content.charts import grouped_bars
from khuyencong.figures import facts
from khuyencong.figures import metrics as m
from khuyencong.figures.formatting import fmt_auto, fmt_count, fmt_number, fmt_percent
from khuyencong.figures.rules import sort_by_programme

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset


@dataclass(frozen=True)
class PreviousYearPart(Glued):
    """Funding and results of the year beside the year before; a sentence alone without it."""

    prev_sentence: str
    tbl_prev: Table | None
    tbl_prev_results: Table | None
    fig_prev: Figure | None


def previous_year(data: Dataset, province: str, year: int) -> PreviousYearPart:
    found = facts.year_on_year(data, province, year)
    sentence = facts.year_on_year_sentence(data, province, year)
    if found is None or sentence is None:
        return PreviousYearPart.without_data(
            prev_sentence=f"Chưa có dữ liệu năm {year - 1} để so sánh."
        )
    before, now = found
    return PreviousYearPart(
        prev_sentence=sentence,
        tbl_prev=table(
            "tbl_prev",
            [
                [
                    "Kinh phí được giao (triệu đồng)",
                    fmt_number(before["allocated"]),
                    fmt_number(now["allocated"]),
                ],
                [
                    "Kinh phí đã thực hiện (triệu đồng)",
                    fmt_number(before["disbursed"]),
                    fmt_number(now["disbursed"]),
                ],
                ["Tỷ lệ thực hiện", fmt_percent(before["rate"]), fmt_percent(now["rate"])],
                ["Số nhiệm vụ", fmt_count(before["tasks"]), fmt_count(now["tasks"])],
            ],
            ["Chỉ tiêu", f"Năm {year - 1}", f"Năm {year}"],
            f"So sánh năm {year} với năm {year - 1}",
        ),
        tbl_prev_results=_prev_results_table(data, province, year),
        fig_prev=grouped_bars(
            [f"Năm {year - 1}", f"Năm {year}"],
            {
                "Được giao": [before["allocated"], now["allocated"]],
                "Đã thực hiện": [before["disbursed"], now["disbursed"]],
            },
            "Kinh phí khuyến công hai năm liền kề",
            "triệu đồng",
        ),
    )


def _prev_results_table(data: Dataset, province: str, year: int) -> Table:
    both = m.yearly_results(data.results, province, year - 1, year)
    # Quantities are compared only within one unit: 5 "trường" never sits beside 4 "hội nghị".
    both = both.assign(
        unit_key=[unicodedata.normalize("NFC", str(u)).strip().casefold() for u in both["unit"]]
    )
    pivot = both.pivot_table(
        index=["activity", "unit_key"],
        columns="period_end",
        values="quantity",
        aggfunc="sum",
        fill_value=0.0,
    ).reset_index()
    pivot = sort_by_programme(pivot, data.activities)
    names = data.activities.set_index("activity")
    return table(
        "tbl_prev_results",
        [
            [
                str(names.loc[r["activity"], "name_vi"]),
                str(r["unit_key"]),
                fmt_auto(r.get(year - 1, 0.0)),
                fmt_auto(r.get(year, 0.0)),
            ]
            for _, r in pivot.iterrows()
        ],
        ["Nội dung", "Đơn vị", f"Năm {year - 1}", f"Năm {year}"],
        f"Kết quả theo nội dung: năm {year} so với năm {year - 1} (số lượng)",
        widths=[55, 15, 15, 15],
    )
