"""Chương "Đối soát số liệu": every figure the sources state, recomputed and classified."""

from __future__ import annotations

from khuyencong.chapters import Chapter, start
from khuyencong.formatting import fmt_number, fmt_optional
from khuyencong.reconcile import CLASSES, reconcile, summary


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    table = reconcile(data)
    counts = summary(table)
    ch.text["n_claims"] = fmt_number(len(table))
    for i, cls in enumerate(CLASSES):
        ch.text[f"n_{i}"] = fmt_number(counts[cls])
    ch.table(
        "tbl_summary",
        [[cls, fmt_number(counts[cls])] for cls in CLASSES],
        ["Kết quả đối soát", "Số con số"],
        "Tổng hợp kết quả đối soát",
        widths=[70, 30],
    )
    ch.table(
        "tbl_claims",
        [
            [
                r.text_vi,
                fmt_number(r.stated, r.decimals),
                fmt_optional(r.computed, r.decimals),
                _interval(r),
                r.status,
                r.source_id,
            ]
            for r in table.itertuples()
        ],
        ["Con số được công bố", "Công bố", "Tính lại", "Khoảng theo làm tròn", "Kết quả", "Nguồn"],
        "Đối soát từng con số",
        widths=[40, 10, 10, 16, 14, 10],
    )
    return ch


def _interval(r) -> str:
    """The recomputed interval, two more decimals than the stated figure."""
    if r.lo is None or r.lo != r.lo:
        return "—"
    hi = "∞" if r.hi == float("inf") else fmt_number(r.hi, r.decimals + 2)
    return f"{fmt_number(r.lo, r.decimals + 2)} – {hi}"
