"""Chương "Giai đoạn trước": the latest multi-year review before the year, and the
orientation it set for the following period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong.content.chapters import allocation_against, edition_names, group_and_activity
from khuyencong.content.chapters.glue import EditionNames, Glued, Md, Table, bullets, table
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import integer
from khuyencong.figures.formatting import (
    fmt_auto,
    fmt_count,
    fmt_money,
    fmt_percent,
    fmt_qualified,
    fmt_ty,
)

if TYPE_CHECKING:
    import pandas as pd

    from khuyencong.inputs.dataset import Dataset

GROWTH = "tang-truong-gtsx-cong-nghiep"
FUNDING = "kinh-phi-duoc-giao"
MONEY_INDICATORS = (FUNDING, "von-doi-ung")


@dataclass(frozen=True)
class Growth(Glued):
    """Industrial output growth over the period and its yearly average (a dash if unknown)."""

    growth: str
    growth_span: str
    cagr: str


@dataclass(frozen=True)
class Previous(Glued):
    edition: EditionNames
    no_period: str  # why the chapter is empty; "" when there is a review
    period: str
    next_period: str
    funding_sentence: str  # the period's funding and counterpart capital, as the review gives them
    yearly_average_sentence: str | None  # the period's funding a year against the edition year's
    growth: Growth
    tbl_period_results: Table | None
    narrative: Md | None
    limitations: Md | None
    solutions: Md | None


def build(data: Dataset, province: str, year: int) -> Previous:
    """The latest review before the year; without one, a dash in each text and no blocks."""
    edition = edition_names(data, province, year)
    periods = [p for p in data.multi_year_periods(province) if p[1] < year]
    if not periods:
        return Previous.without_data(
            edition=edition,
            no_period="Chưa có dữ liệu tổng kết giai đoạn trước của tỉnh.",
            growth=Growth.without_data(),
        )
    start_year, end = periods[-1]
    inds = data.indicators[
        (data.indicators["entity"] == province) & (data.indicators["period_end"] == end)
    ]
    rows = m.results_by_group(
        m.results_for(data.results, province, start_year, end), data.activities, data.content_groups
    )
    text = data.text(province, f"{start_year}-{end}")
    return Previous(
        edition=edition,
        no_period="",
        period=f"{start_year}–{end}",
        next_period=f"{end + 1}–{end + 1 + (end - start_year)}",
        funding_sentence=_money_sentence(data, inds),
        yearly_average_sentence=_yearly_average_sentence(data, province, year, inds),
        growth=_growth(inds),
        tbl_period_results=table(
            "tbl_period_results",
            [
                [
                    *group_and_activity(r),
                    fmt_qualified(fmt_auto(r.quantity), str(r.qualifier)),
                    str(r.unit),
                    r.note if isinstance(r.note, str) else "",
                ]
                for r in rows.itertuples()
            ],
            ["Nhóm nội dung", "Nội dung", "Số lượng", "Đơn vị", "Ghi chú"],
            f"Kết quả hoạt động khuyến công giai đoạn {start_year}–{end}",
            widths=[24, 40, 10, 10, 16],
        ),
        narrative=bullets(text["results_narrative"]),
        limitations=bullets(text["limitations"]),
        solutions=bullets(text["solutions"] or text["priorities"]),
    )


def _money_sentence(data: Dataset, inds: pd.DataFrame) -> str:
    """The period's money indicators, each named as the catalogue names it (none: no sentence)."""
    names = data.indicator_catalogue.set_index("indicator")["name_vi"]
    parts = [
        f"{names[code]} trong giai đoạn: {_money(inds, code)}."
        for code in MONEY_INDICATORS
        if (inds["indicator"] == code).any()
    ]
    return " ".join(parts)


def _yearly_average_sentence(
    data: Dataset, province: str, year: int, inds: pd.DataFrame
) -> str | None:
    """The period's funding spread over its years, set against the edition year's allocation
    (seed 001: more than 7,7 tỷ đồng over 2016–2020, so more than 1,5 a year). A lower bound
    stays one: "hơn", rounded down. None without both figures."""
    rows = inds[
        (inds["indicator"] == FUNDING)
        & (inds["fund_source"] == "all")
        & inds["period_start"].notna()  # a total over unknown years has no yearly average
    ]
    if rows.empty:
        return None
    r = rows.iloc[0]
    first, last, qualifier = integer(r.period_start), integer(r.period_end), str(r.qualifier)
    name = str(data.indicator_catalogue.set_index("indicator").loc[FUNDING, "name_vi"])
    total = m.in_ty(float(r.value), str(r.unit))
    average = m.yearly_average(total, first, last)
    against = allocation_against(data, province, year, average, qualifier == "at_least")
    if against is None:
        return None
    own, word = against
    text = (
        f"{name} giai đoạn {first}–{last} bình quân "
        f"{fmt_qualified(fmt_ty(average, lower_bound=qualifier == 'at_least'), qualifier)} "
        f"mỗi năm ({fmt_qualified(fmt_ty(total), qualifier)} trong "
        f"{fmt_count(last - first + 1)} năm); năm {year}, tổng kinh phí khuyến công được giao "
        f"của tỉnh là {own}"
    )
    if word is not None:  # against a lower bound only a figure below it is surely lower
        text += f", {word} mức bình quân mỗi năm của giai đoạn {first}–{last}"
    return text + "."


def _money(inds: pd.DataFrame, code: str) -> str:
    rows = inds[inds["indicator"] == code]
    if rows.empty:
        return "không có số liệu"
    r = rows.iloc[0]
    return fmt_qualified(
        fmt_ty(r.value) if r.unit == "ty-dong" else fmt_money(r.value), r.qualifier
    )


def _growth(inds: pd.DataFrame) -> Growth:
    """Average annual growth (compound) derived from the growth over the whole period."""
    rows = inds[inds["indicator"] == GROWTH]
    if rows.empty:
        return Growth.without_data()
    g = rows.iloc[0]
    first, last = int(g.period_start), int(g.period_end)
    return Growth(
        growth=fmt_percent(float(g.value)),
        growth_span=f"năm {last} so với năm {first}",
        cagr=fmt_percent(m.average_annual_growth(float(g.value), last - first)) + "/năm",
    )
