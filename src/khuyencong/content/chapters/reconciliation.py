"""Chương "Đối soát số liệu", in two parts: the figures the sources state about this edition
(claims, recomputed and classified) and the consistency rules run on the edition's own data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from khuyencong.content.chapters import edition_names
from khuyencong.content.chapters.glue import EditionNames, Glued, Table, table
from khuyencong.figures.cells import integer, number
from khuyencong.figures.formatting import fmt_number, fmt_optional
from khuyencong.figures.reconcile import (
    MATCH,
    MATCH_ROUNDING,
    MISMATCH,
    UNVERIFIABLE,
    claims_for,
    reconcile,
    summary,
)
from khuyencong.figures.rules import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    STATUSES,
    check_rules,
    rule_summary,
    summarised,
)
from khuyencong.figures.rules import UNVERIFIABLE as RULE_UNVERIFIABLE

if TYPE_CHECKING:
    import pandas as pd

    from khuyencong.inputs.dataset import Dataset


@dataclass(frozen=True)
class Claims(Glued):
    """The figures the sources state, counted by how their recomputation came out."""

    n_claims: str
    claims_exact: str  # recomputed to the stated figure
    claims_within_rounding: str  # matched once the rounding of the inputs is allowed for
    claims_mismatched: str
    claims_unverifiable: str
    claims_sentence: str  # why there is no table; "" when there is one
    tbl_summary: Table | None
    tbl_claims: Table | None


@dataclass(frozen=True)
class Rules(Glued):
    """The consistency rules run on the year's data, counted by outcome."""

    n_rules: str
    rules_passed: str
    rules_failed: str
    rules_unverifiable: str
    rules_not_applicable: str
    tbl_rules_summary: Table
    tbl_rules: Table


@dataclass(frozen=True)
class Reconciliation(Glued):
    edition: EditionNames
    claims: Claims
    rules: Rules


def build(data: Dataset, province: str, year: int) -> Reconciliation:
    return Reconciliation(
        edition=edition_names(data, province, year),
        claims=_claims(data, province, year),
        rules=_rules(data, province, year),
    )


def _claims(data: Dataset, province: str, year: int) -> Claims:
    claims = reconcile(data, claims_for(data, province, year))
    counts = {cls: fmt_number(n) for cls, n in summary(claims).items()}
    tables = _claim_tables(claims, counts) if len(claims) else (None, None)
    return Claims(
        n_claims=fmt_number(len(claims)),
        claims_exact=counts[MATCH],
        claims_within_rounding=counts[MATCH_ROUNDING],
        claims_mismatched=counts[MISMATCH],
        claims_unverifiable=counts[UNVERIFIABLE],
        claims_sentence=""
        if len(claims)
        else "Các tài liệu nguồn trong dữ liệu không công bố con số nào về tỉnh, vùng của tỉnh "
        "hoặc chương trình khuyến công của tỉnh trong phạm vi của báo cáo này.",
        tbl_summary=tables[0],
        tbl_claims=tables[1],
    )


def _claim_tables(claims: pd.DataFrame, counts: dict[str, str]) -> tuple[Table, Table]:
    """The count per class, then every claim with its recomputation."""
    return table(
        "tbl_summary",
        [[cls, n] for cls, n in counts.items()],
        ["Kết quả đối soát", "Số con số"],
        "Tổng hợp kết quả đối soát các con số được công bố",
        widths=[70, 30],
    ), table(
        "tbl_claims",
        [
            [
                str(r.text_vi),
                str(r.period),
                fmt_number(number(r.stated), integer(r.decimals)),
                fmt_optional(r.computed, integer(r.decimals)),
                _interval(r),
                str(r.status),
                str(r.source_id),
            ]
            for r in claims.itertuples()
        ],
        [
            "Con số được công bố",
            "Kỳ",
            "Công bố",
            "Tính lại",
            "Khoảng theo làm tròn",
            "Kết quả",
            "Nguồn",
        ],
        "Đối soát từng con số",
        widths=[34, 8, 10, 10, 14, 14, 10],
    )


def _rules(data: Dataset, province: str, year: int) -> Rules:
    results = check_rules(data, province, year)
    counts = {status: fmt_number(n) for status, n in rule_summary(results).items()}
    return Rules(
        n_rules=fmt_number(len(results)),
        rules_passed=counts[PASS],
        rules_failed=counts[FAIL],
        rules_unverifiable=counts[RULE_UNVERIFIABLE],
        rules_not_applicable=counts[NOT_APPLICABLE],
        tbl_rules_summary=table(
            "tbl_rules_summary",
            [[s, counts[s]] for s in STATUSES],
            ["Kết quả kiểm tra", "Số quy tắc"],
            f"Tổng hợp kết quả kiểm tra tính nhất quán của số liệu năm {year}",
            widths=[70, 30],
        ),
        tbl_rules=table(
            "tbl_rules",
            [
                [
                    f"{r.name_vi} ({r.code})",
                    r.explanation_vi,
                    r.status,
                    " ".join(summarised(r.details)) or "—",
                ]
                for r in results
            ],
            ["Quy tắc", "Nội dung kiểm tra", "Kết quả", "Chi tiết"],
            f"Kiểm tra từng quy tắc trên số liệu năm {year}",
            widths=[20, 30, 10, 40],
        ),
    )


def _interval(r: Any) -> str:
    """The recomputed interval, two more decimals than the stated figure."""
    if r.lo is None or r.lo != r.lo:
        return "—"
    hi = "∞" if r.hi == float("inf") else fmt_number(r.hi, r.decimals + 2)
    return f"{fmt_number(r.lo, r.decimals + 2)} – {hi}"
