"""Rules on money and tasks: results against spending (QT1), tasks listed (QT2), overspending (QT7)."""

from __future__ import annotations

from khuyencong.errors import Problem
from khuyencong.figures.formatting import fmt_number
from khuyencong.figures.metrics import FUND_LABELS
from khuyencong.figures.rules.common import RuleResult, file_row, money, year_funding, year_results
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


def tasks(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    rows, fund = year_results(data, province, year), year_funding(data, province, year)
    if fund.empty:
        res.not_applicable("Tài liệu nguồn không nêu số liệu kinh phí, số nhiệm vụ của năm.")
        return
    count = int(fund["tasks"].sum())
    listed = int(rows["activity"].nunique())
    text = f"Kinh phí ghi {fmt_number(count)} nhiệm vụ; bảng kết quả liệt kê {fmt_number(listed)} nội dung."
    if count == listed:
        res.details.append(text)
        return
    first = fund.sort_values("tasks", ascending=False).head(1)
    row = file_row(first.iloc[0]) if len(first) else None
    res.fail(
        text + " Cần liệt kê đủ các nhiệm vụ hoặc sửa số nhiệm vụ.",
        Problem(
            "funding.csv",
            row,
            "tasks",
            "số nhiệm vụ khác số nội dung được liệt kê ở bảng kết quả",
            str(count),
            str(listed),
        ),
    )


def overspend(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    for _, r in year_funding(data, province, year).iterrows():
        label = FUND_LABELS[r["fund_source"]]
        over = float(r["disbursed"]) - float(r["allocated"])
        if over <= 0:
            continue
        text = f"{label}: thực hiện vượt kinh phí được giao {money(over)} triệu đồng"
        if isinstance(r["note"], str) and r["note"].strip():
            res.details.append(text + f" (giải thích: {r['note'].strip()})")
        else:
            res.fail(
                text + " mà không có giải thích.",
                Problem(
                    "funding.csv",
                    file_row(r),
                    "note",
                    "vượt kinh phí được giao mà không ghi lý do",
                    money(over),
                    "lý do",
                ),
            )
    if not res.details:
        res.details.append("Kinh phí thực hiện không vượt kinh phí được giao ở nguồn nào.")
