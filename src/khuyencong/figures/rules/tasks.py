"""The year's task register (data/tasks.csv) against the funding and results tables (QT8).

Checked only when the register lists tasks for the year: per fund source, the number of tasks
and their approved support against the funding row (tasks, cost of the tasks `disbursed`);
every activity with a result against the register's activities, and back.
"""

from __future__ import annotations

import pandas as pd

from khuyencong.errors import Problem
from khuyencong.figures.formatting import fmt_count
from khuyencong.figures.metrics import FUND_LABELS
from khuyencong.figures.rules.common import (
    RuleResult,
    catalogue,
    file_row,
    money,
    without_zero_rows,
    year_funding,
    year_results,
)
from khuyencong.inputs.dataset import Dataset


def year_tasks(data: Dataset, province: str, year: int) -> pd.DataFrame:
    t = data.tasks
    return t[(t["province"] == province) & (t["year"] == year)]


def register(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    tasks = year_tasks(data, province, year)
    if tasks.empty:
        res.not_applicable(f"Năm {year} chưa có danh mục đề án, nhiệm vụ để đối chiếu.")
        return
    fund = year_funding(data, province, year)
    for source, label in FUND_LABELS.items():
        rows = fund[fund["fund_source"] == source]
        listed = tasks[tasks["fund_source"] == source]
        if rows.empty and listed.empty:
            continue
        _against_funding(res, label, rows, listed)
    _against_results(res, data, tasks, year_results(data, province, year))
    if not res.failures:
        res.details.append("Danh mục nhiệm vụ khớp với bảng kinh phí và bảng kết quả.")


def _against_funding(res: RuleResult, label: str, rows: pd.DataFrame, listed: pd.DataFrame) -> None:
    """Number of tasks and their support against one source's funding row."""
    row = file_row(rows.iloc[0]) if len(rows) else None
    count = int(rows["tasks"].sum()) if len(rows) else 0
    spent = float(rows["disbursed"].sum()) if len(rows) else 0.0
    support = float(listed["support"].sum())
    if count != len(listed):
        res.fail(
            f"{label}: bảng kinh phí ghi {fmt_count(count)} nhiệm vụ, danh mục có "
            f"{fmt_count(len(listed))} nhiệm vụ.",
            Problem(
                "funding.csv",
                row,
                "tasks",
                f"số nhiệm vụ khác danh mục nhiệm vụ ({label.lower()})",
                str(count),
                str(len(listed)),
            ),
        )
    if abs(support - spent) > 1e-6:
        res.fail(
            f"{label}: kinh phí đã thực hiện {money(spent)} triệu đồng, tổng kinh phí hỗ trợ "
            f"của danh mục nhiệm vụ {money(support)} triệu đồng.",
            Problem(
                "funding.csv",
                row,
                "disbursed",
                f"kinh phí đã thực hiện khác tổng kinh phí hỗ trợ của danh mục ({label.lower()})",
                money(spent),
                money(support),
            ),
        )


def _against_results(
    res: RuleResult, data: Dataset, tasks: pd.DataFrame, results: pd.DataFrame
) -> None:
    """Each activity with a result (not still planned, not a content left undone: a zero row)
    has a task, and each task a result."""
    done = without_zero_rows(results[results["qualifier"] != "planned"])
    names = catalogue(data)["name_vi"]

    def pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
        return set(zip(frame["activity"], frame["fund_source"], strict=True))

    listed, reported = pairs(tasks), pairs(done)
    pooled = {a for a, s in reported if s == "all"}  # results not split by source
    for activity, source in sorted(reported - listed):
        if source == "all" and activity in {a for a, _ in listed}:
            continue
        res.fail(
            f"{names[activity]} ({FUND_LABELS.get(source, 'không tách nguồn').lower()}): "
            "có kết quả nhưng không có nhiệm vụ nào trong danh mục."
        )
    for activity, source in sorted(listed - reported):
        if activity in pooled:
            continue
        first = tasks[(tasks["activity"] == activity) & (tasks["fund_source"] == source)]
        res.fail(
            f"{names[activity]} ({FUND_LABELS[source].lower()}): có nhiệm vụ trong danh mục "
            "nhưng bảng kết quả không ghi kết quả.",
            Problem(
                "tasks.csv",
                file_row(first.iloc[0]),
                "activity",
                "nội dung của nhiệm vụ không có trong bảng kết quả của năm",
                activity,
                "một nội dung có kết quả",
            ),
        )
