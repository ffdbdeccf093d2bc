"""Chương "Đối soát số liệu", in two parts: the figures the sources state about this edition
(claims, recomputed and classified) and the consistency rules run on the edition's own data."""

from __future__ import annotations

from khuyencong.chapters import Chapter, start
from khuyencong.formatting import fmt_number, fmt_optional
from khuyencong.reconcile import CLASSES, claims_for, reconcile, summary
from khuyencong.rules import STATUSES, check_rules, rule_summary


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    _claims(ch, data, province, year)
    _rules(ch, data, province, year)
    return ch


def _claims(ch: Chapter, data, province: str, year: int) -> None:
    table = reconcile(data, claims_for(data, province, year))
    counts = summary(table)
    ch.text["n_claims"] = fmt_number(len(table))
    for i, cls in enumerate(CLASSES):
        ch.text[f"n_{i}"] = fmt_number(counts[cls])
    if table.empty:
        ch.text["claims_sentence"] = (
            "Các tài liệu nguồn trong dữ liệu không công bố con số nào về tỉnh, vùng của tỉnh "
            "hoặc chương trình khuyến công của tỉnh trong phạm vi của báo cáo này."
        )
        ch.blank("tbl_summary", "tbl_claims")
        return
    ch.text["claims_sentence"] = ""
    ch.table(
        "tbl_summary",
        [[cls, fmt_number(counts[cls])] for cls in CLASSES],
        ["Kết quả đối soát", "Số con số"],
        "Tổng hợp kết quả đối soát các con số được công bố",
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


def _rules(ch: Chapter, data, province: str, year: int) -> None:
    results = check_rules(data, province, year)
    counts = rule_summary(results)
    ch.text["n_rules"] = fmt_number(len(results))
    for i, status in enumerate(STATUSES):
        ch.text[f"r_{i}"] = fmt_number(counts[status])
    ch.table(
        "tbl_rules_summary",
        [[s, fmt_number(counts[s])] for s in STATUSES],
        ["Kết quả kiểm tra", "Số quy tắc"],
        f"Tổng hợp kết quả kiểm tra tính nhất quán của số liệu năm {year}",
        widths=[70, 30],
    )
    ch.table(
        "tbl_rules",
        [
            [
                f"{r.name_vi} ({r.code})",
                r.explanation_vi,
                r.status,
                " ".join(r.details) or "—",
            ]
            for r in results
        ],
        ["Quy tắc", "Nội dung kiểm tra", "Kết quả", "Chi tiết"],
        f"Kiểm tra từng quy tắc trên số liệu năm {year}",
        widths=[20, 30, 10, 40],
    )


def _interval(r) -> str:
    """The recomputed interval, two more decimals than the stated figure."""
    if r.lo is None or r.lo != r.lo:
        return "—"
    hi = "∞" if r.hi == float("inf") else fmt_number(r.hi, r.decimals + 2)
    return f"{fmt_number(r.lo, r.decimals + 2)} – {hi}"
