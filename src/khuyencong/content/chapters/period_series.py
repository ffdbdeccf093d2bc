"""Chương "Số liệu giai đoạn" of a period edition: the year-by-year series (funding with a
chart, results), progress toward each of the programme's targets, the period against the one
before where both have figures, and the reconciliation of the period's figures (the figures
entered for the whole period against the sum of the years; the claims of the period)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong.content import charts
from khuyencong.content.chapters.glue import Glued, Table, table
from khuyencong.content.report import period_results as pr
from khuyencong.core.edition import Period, parse_period
from khuyencong.figures import period as fp
from khuyencong.figures.formatting import fmt_auto, fmt_count, fmt_number
from khuyencong.figures.reconcile import reconcile
from khuyencong.inputs.availability import stated_periods

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from khuyencong.inputs.dataset import Dataset

ORIGIN_WORDS = {
    fp.STATED: "Số liệu của giai đoạn là số tổng hợp cả giai đoạn do tài liệu nguồn nêu.",
    fp.ANNUAL: "Số liệu của giai đoạn là tổng các số liệu hằng năm.",
}


@dataclass(frozen=True)
class PeriodSeries(Glued):
    period: str  # "2016–2020", "những năm trước năm 2021"
    origin: str  # where the figures come from, and which years are covered
    tbl_funding_years: Table | None
    fig_funding_years: Figure | None
    tbl_results_years: Table | None
    tbl_period_results: Table | None  # the figures entered for the whole period, with notes
    tbl_progress: Table | None
    fig_progress: Figure | None  # share of each programme target reached
    tbl_previous: Table | None
    tbl_period_check: Table | None
    tbl_period_claims: Table | None


def build(data: Dataset, province: str, period: str) -> PeriodSeries:
    span = parse_period(period)
    f = pr.period_figures(data, province, span)
    origin = (
        " ".join(s for s in (ORIGIN_WORDS.get(f.origin or ""), pr.coverage_sentence(f)) if s)
        or f"Chưa có số liệu của giai đoạn {span.span}."
    )
    return PeriodSeries(
        period=span.span,
        origin=origin,
        tbl_funding_years=_funding_table(f),
        fig_funding_years=_funding_chart(f),
        tbl_results_years=_results_table(data, f),
        tbl_period_results=_stated_table(data, f),
        tbl_progress=_progress_table(data, f),
        fig_progress=_progress_chart(data, f),
        tbl_previous=_previous_table(data, province, span, f),
        tbl_period_check=_check_table(data, province, f),
        tbl_period_claims=_claims_table(data, province, span),
    )


def _funding_table(f: pr.PeriodFigures) -> Table | None:
    if f.by_year.empty:
        return None
    rows = [
        [
            str(y),
            fmt_number(r["allocated_national"]),
            fmt_number(r["allocated_local"]),
            fmt_number(r["allocated"]),
            fmt_number(r["disbursed"]),
            fmt_count(int(r["tasks"])),
        ]
        for y, r in f.by_year.iterrows()
    ]
    t = fp.funding_total(f.by_year)
    rows.append(
        [
            "Tổng cộng",
            fmt_number(t["allocated_national"]),
            fmt_number(t["allocated_local"]),
            fmt_number(t["allocated"]),
            fmt_number(t["disbursed"]),
            fmt_count(int(t["tasks"])),
        ]
    )
    return table(
        "tbl_funding_years",
        rows,
        ["Năm", "Quốc gia", "Địa phương", "Tổng được giao", "Đã thực hiện", "Nhiệm vụ"],
        f"Kinh phí khuyến công được giao theo năm và nguồn, giai đoạn {f.period.span} (triệu đồng)",
    )


def _funding_chart(f: pr.PeriodFigures) -> Figure | None:
    if f.by_year.empty:
        return None
    return charts.stacked_bars(
        [str(y) for y in f.by_year.index],
        {
            "Khuyến công quốc gia": list(f.by_year["allocated_national"]),
            "Khuyến công địa phương": list(f.by_year["allocated_local"]),
        },
        f"Kinh phí khuyến công được giao theo năm, giai đoạn {f.period.span}",
        "triệu đồng",
    )


def _results_table(data: Dataset, f: pr.PeriodFigures) -> Table | None:
    annex = pr.yearly_annex(data, f, [])
    if not annex:
        return None
    t = annex[0].blocks[0]
    assert not isinstance(t, str)
    return table("tbl_results_years", t.rows, t.header, t.caption)


def _stated_table(data: Dataset, f: pr.PeriodFigures) -> Table | None:
    if f.origin != fp.STATED:
        return None
    names = data.activities.set_index("activity")["name_vi"]
    rows = [
        [
            str(names.get(r.activity, r.activity)),
            fmt_auto(r.quantity),
            str(r.unit),
            r.note if isinstance(r.note, str) else "",
        ]
        for r in f.results.itertuples()
    ]
    return table(
        "tbl_period_results",
        rows,
        ["Nội dung", "Số lượng", "Đơn vị", "Ghi chú"],
        f"Kết quả hoạt động khuyến công {_of(f.period)}",
        widths=[40, 10, 12, 38],
    )


def _of(span: Period) -> str:
    return span.span if span.first is None else f"giai đoạn {span.span}"


def _progress_table(data: Dataset, f: pr.PeriodFigures) -> Table | None:
    if f.plan is None or f.origin != fp.ANNUAL:
        return None
    rows = pr.progress_rows(data, f)
    return table(
        "tbl_progress",
        rows,
        [
            "Nội dung",
            "Đơn vị",
            "Kế hoạch đến hết kỳ",
            "Lũy kế thực hiện",
            "Tỷ lệ so với kế hoạch",
            "Mục tiêu chương trình",
            "Tỷ lệ so với mục tiêu",
        ],
        f"Tiến độ thực hiện các mục tiêu của chương trình, giai đoạn {f.period.span}",
    )


def _progress_chart(data: Dataset, f: pr.PeriodFigures) -> Figure | None:
    """The share of each programme target reached, for the targets with something done."""
    if f.plan is None or f.origin != fp.ANNUAL:
        return None
    rows = pr.progress(data, f)
    rows = rows[rows["done"] > 0]
    if rows.empty:
        return None
    names = data.activities.set_index("activity")["name_vi"].to_dict()
    return charts.horizontal_bars(
        [textwrap.shorten(str(names.get(a, a)), 40, placeholder=" …") for a in rows["activity"]],
        [float(v) for v in rows["share_target"]],
        f"Đạt so với mục tiêu, đến hết năm {f.period.last}",
        "%",
    )


def _previous_table(
    data: Dataset, province: str, span: Period, f: pr.PeriodFigures
) -> Table | None:
    """The period's results against the period before it, activity by activity and unit,
    where both have figures."""
    before = [p for p in stated_periods(data, province) if p.last < (span.first or span.last)]
    if not before or f.results.empty:
        return None
    prev = pr.period_figures(data, province, before[-1])
    left = prev.results.groupby(["activity", "unit"])["quantity"].sum()
    right = f.results.groupby(["activity", "unit"])["quantity"].sum()
    both = left.to_frame("before").join(right.to_frame("now"), how="inner")
    if both.empty:
        return None
    names = data.activities.set_index("activity")["name_vi"]
    rows = [
        [str(names.get(r.activity, r.activity)), str(r.unit), fmt_auto(r.before), fmt_auto(r.now)]
        for r in both.reset_index().itertuples()
    ]
    return table(
        "tbl_previous",
        rows,
        ["Nội dung", "Đơn vị", f"Giai đoạn {before[-1].span}", f"Giai đoạn {span.span}"],
        f"Kết quả giai đoạn {span.span} so với giai đoạn {before[-1].span}",
    )


def _check_table(data: Dataset, province: str, f: pr.PeriodFigures) -> Table | None:
    """The figures entered for the whole period against the sum of its years."""
    if f.origin != fp.STATED or not f.covered.annual:
        return None
    summed = fp.cumulative_results(data.results, province, f.covered.annual)
    both = fp.annual_against_stated(f.results, summed)
    if both.empty:
        return None
    rows = [
        [
            str(r.activity),
            str(r.unit),
            fmt_auto(r.stated),
            fmt_auto(r.annual),
            "khớp" if r.equal else "lệch",
        ]
        for r in both.itertuples()
    ]
    return table(
        "tbl_period_check",
        rows,
        ["Nội dung", "Đơn vị", "Số của cả giai đoạn", "Tổng các năm", "Kết quả"],
        f"Đối chiếu số liệu cả giai đoạn {f.period.span} với tổng các năm",
    )


def _claims_table(data: Dataset, province: str, span: Period) -> Table | None:
    """The figures a source states about the period, recomputed from the data."""
    claims = data.claims
    first = span.first - 1 if span.first else None
    start_ok = claims["period_start"].isna() if first is None else claims["period_start"] >= first
    mine = claims[(claims["entity"] == province) & start_ok & (claims["period_end"] == span.last)]
    if mine.empty:
        return None
    rows = [
        [
            str(r.text_vi),
            fmt_auto(r.stated),
            fmt_auto(r.computed) if r.computed is not None else "—",
            str(r.status),
        ]
        for r in reconcile(data, mine).itertuples()
    ]
    return table(
        "tbl_period_claims",
        rows,
        ["Nội dung", "Tài liệu nêu", "Tính lại", "Kết quả"],
        f"Đối chiếu các con số tài liệu nêu về giai đoạn {span.span}",
    )
