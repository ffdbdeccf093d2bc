"""Rules on money and tasks: results against spending (QT1), tasks listed (QT2), overspending
(QT7), funding against last year's (QT9)."""

from __future__ import annotations

import pandas as pd

from khuyencong.errors import Problem
from khuyencong.figures.formatting import fmt_number, fmt_percent
from khuyencong.figures.metrics import FUND_LABELS
from khuyencong.figures.rules.common import (
    CHANGE_FACTOR,
    RATE_MAX,
    RuleResult,
    beyond,
    explained_or_failed,
    file_row,
    how_to_explain,
    money,
    without_zero_rows,
    year_funding,
    year_results,
)
from khuyencong.inputs.dataset import Dataset


def budgets(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    rows, fund = year_results(data, province, year), year_funding(data, province, year)
    if not rows["budget"].notna().any():
        res.not_applicable("Các dòng kết quả của năm không ghi kinh phí.")
        return
    disbursed = fund.set_index("fund_source")["disbursed"].astype(float)
    fund_rows = {r["fund_source"]: file_row(r) for _, r in fund.iterrows()}
    checks = [(s, rows[rows["fund_source"] == s], disbursed.get(s, 0.0)) for s in FUND_LABELS]
    checks.append(("all", rows, float(disbursed.sum())))
    for source, sel, spent in checks:
        if source != "all" and sel.empty:
            continue
        label = "Tổng các nguồn" if source == "all" else FUND_LABELS[source]
        total = float(sel["budget"].sum())
        complete = bool(sel["budget"].notna().all())
        text = (
            f"{label}: tổng kinh phí các dòng kết quả {money(total)}, "
            f"kinh phí đã thực hiện {money(spent)} triệu đồng"
        )
        bad = abs(total - spent) > 1e-6 if complete else total > spent + 1e-6
        if not bad:
            res.details.append(text + ("" if complete else " (còn dòng chưa ghi kinh phí)") + ".")
            continue
        where = fund_rows.get(source) if source != "all" else None
        res.fail(
            text + f", chênh {money(total - spent)} triệu đồng.",
            Problem(
                "funding.csv",
                where,
                "disbursed",
                f"tổng kinh phí các dòng kết quả ({label.lower()}) khác kinh phí đã thực hiện",
                money(total),
                money(spent),
            ),
        )


def tasks(
    res: RuleResult,
    data: Dataset,
    province: str,
    year: int,
    register: pd.DataFrame | None = None,
) -> None:
    """Tasks counted in the funding table against the contents listed (activities done).

    One task may cover several contents, so a difference is a failure only against a task
    register (`register`: the đề án list, one row per task of the province-year); without one
    it cannot be verified. Contents recorded as not carried out (zero rows) are not listed."""
    rows, fund = year_results(data, province, year), year_funding(data, province, year)
    if fund.empty:
        res.not_applicable("Tài liệu nguồn không nêu số liệu kinh phí, số nhiệm vụ của năm.")
        return
    count = int(fund["tasks"].sum())
    listed = int(without_zero_rows(rows)["activity"].nunique())
    text = f"Kinh phí ghi {fmt_number(count)} nhiệm vụ; bảng kết quả liệt kê {fmt_number(listed)} nội dung."
    if register is None:
        if count == listed:
            res.details.append(text)
        else:
            res.unverifiable(
                text + " Một nhiệm vụ có thể gồm nhiều nội dung; chưa có danh mục nhiệm vụ, đề án "
                "của năm để đối chiếu số nhiệm vụ."
            )
        return
    registered = len(register)
    if registered == count:
        res.details.append(text + f" Danh mục nhiệm vụ có {fmt_number(registered)} nhiệm vụ.")
        return
    res.fail(
        text + f" Danh mục nhiệm vụ có {fmt_number(registered)} nhiệm vụ.",
        Problem(
            "funding.csv",
            None,
            "tasks",
            f"số nhiệm vụ khác danh mục nhiệm vụ ({province} năm {year})",
            str(count),
            str(registered),
        ),
    )


def overspend(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    """Spending above the allocation (an execution rate above 100%) needs its row's explanation."""
    for _, r in year_funding(data, province, year).iterrows():
        label = FUND_LABELS[r["fund_source"]]
        spent, allocated = float(r["disbursed"]), float(r["allocated"])
        over = spent - allocated
        if over <= 0:
            continue
        rate = (
            f", đạt {fmt_percent(100 * spent / allocated)} kinh phí được giao" if allocated else ""
        )
        text = f"{label}: thực hiện {money(spent)} triệu đồng, vượt kinh phí được giao {money(over)} triệu đồng{rate}"
        explained_or_failed(
            res,
            r,
            text,
            Problem(
                "funding.csv",
                file_row(r),
                "disbursed",
                f"kinh phí đã thực hiện vượt kinh phí được giao (tỷ lệ trên {fmt_number(RATE_MAX)}%) mà không có giải trình",
                money(spent),
                f"≤ {money(allocated)}, hoặc {how_to_explain(res.code)}",
            ),
        )
    if not res.details:
        res.details.append("Kinh phí thực hiện không vượt kinh phí được giao ở nguồn nào.")


def change(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    """Funding against last year's, source by source: beyond `CHANGE_FACTOR` either way."""
    now, before = year_funding(data, province, year), year_funding(data, province, year - 1)
    if now.empty or before.empty:
        res.not_applicable(f"Không có số liệu kinh phí năm {year - 1} để so sánh.")
        return
    last = before.set_index("fund_source")
    for _, r in now.iterrows():
        if r["fund_source"] not in last.index:
            continue
        for column, word in (("allocated", "được giao"), ("disbursed", "đã thực hiện")):
            value, prior = float(r[column]), float(last.loc[r["fund_source"], column])
            if not beyond(value, prior, CHANGE_FACTOR):
                continue
            text = (
                f"{FUND_LABELS[r['fund_source']]}: kinh phí {word} {money(value)} triệu đồng, "
                f"năm {year - 1} là {money(prior)} triệu đồng ({_change_words(value, prior)})"
            )
            explained_or_failed(
                res,
                r,
                text,
                Problem(
                    "funding.csv",
                    file_row(r),
                    column,
                    f"kinh phí {word} thay đổi quá {fmt_number(CHANGE_FACTOR)} lần so với năm {year - 1} mà không có giải trình",
                    money(value),
                    f"gần {money(prior)} (năm {year - 1}), hoặc {how_to_explain(res.code)}",
                ),
            )
    if not res.details:
        res.details.append(
            f"Kinh phí từng nguồn không tăng, giảm quá {fmt_number(CHANGE_FACTOR)} lần so với năm {year - 1}."
        )


def _change_words(value: float, prior: float) -> str:
    pct = 100 * (value - prior) / prior
    return f"tăng {fmt_percent(pct)}" if pct > 0 else f"giảm {fmt_percent(-pct)}"
