"""Consistency rules: what must hold between an edition's own figures, for any province and year.

Claims (`reconcile.py`) check figures that sources state; these rules check the author's data
for the edition's year against itself, the activity catalogue and the programme's plan. Each
rule has a code, a Vietnamese name and explanation, and gives đạt / không đạt / không áp dụng
with details. `problems` point at the input row (file, row, column) so that `import` can name
the sheet cell; the published chapter shows only the Vietnamese details.

This module declares the rules, in order; their checks live in one module per family
(`funding`, `rows`, `plan`, `tasks`), what they share in `common`.
"""

from __future__ import annotations

from khuyencong.errors import Problem
from khuyencong.figures.rules import funding, plan, rows, tasks
from khuyencong.figures.rules.common import (
    AWARD_LEVEL_LABELS,
    FAIL,
    NOT_APPLICABLE,
    PASS,
    SOURCE_LABELS,
    STATUSES,
    Rule,
    RuleResult,
    same_unit,
    summarised,
)
from khuyencong.figures.rules.plan import plan_comparison, sort_by_programme
from khuyencong.inputs.dataset import Dataset

__all__ = [
    "AWARD_LEVEL_LABELS",
    "FAIL",
    "NOT_APPLICABLE",
    "PASS",
    "RULES",
    "SOURCE_LABELS",
    "STATUSES",
    "Rule",
    "RuleResult",
    "summarised",
    "broken",
    "check_rules",
    "plan_comparison",
    "rule_problems",
    "rule_summary",
    "same_unit",
    "sort_by_programme",
]


RULES: tuple[Rule, ...] = (
    Rule(
        "QT1",
        "Kinh phí các kết quả so với kinh phí đã thực hiện",
        "Theo từng nguồn, tổng kinh phí ghi ở các dòng kết quả phải bằng kinh phí đã thực hiện "
        "(khi mọi dòng có ghi kinh phí), và không được lớn hơn (khi còn dòng chưa ghi).",
        funding.budgets,
    ),
    Rule(
        "QT2",
        "Số nhiệm vụ so với số nội dung được liệt kê",
        "Số nhiệm vụ, đề án ghi ở bảng kinh phí phải bằng số nội dung được liệt kê ở bảng kết quả.",
        funding.tasks,
    ),
    Rule(
        "QT3",
        "Đơn vị tính của kết quả",
        "Mỗi dòng kết quả dùng đơn vị tính của danh mục hoạt động và của kế hoạch (không phân biệt "
        "chữ hoa, chữ thường); khác đơn vị thì số lượng không so sánh được.",
        rows.units,
    ),
    Rule(
        "QT4",
        "Không còn số kế hoạch trong năm báo cáo",
        "Năm đang báo cáo không còn dòng kết quả ghi mức độ “kế hoạch”: số liệu phải là số thực hiện.",
        rows.planned,
    ),
    Rule(
        "QT5",
        "Thực hiện so với kế hoạch năm",
        "Mỗi nội dung, mỗi nguồn của kế hoạch năm được so với số thực hiện; nội dung thấp hơn hoặc "
        "vượt kế hoạch được nêu và phải có ghi chú giải thích.",
        plan.against_plan,
    ),
    Rule(
        "QT6",
        "Số liệu bình chọn sản phẩm",
        "Ở mỗi cấp bình chọn: số hồ sơ đăng ký ≥ số hồ sơ đủ điều kiện ≥ số sản phẩm được công nhận.",
        rows.awards,
    ),
    Rule(
        "QT7",
        "Kinh phí thực hiện trong phạm vi được giao",
        "Kinh phí đã thực hiện không vượt kinh phí được giao, trừ khi có ghi chú giải thích.",
        funding.overspend,
    ),
    Rule(
        "QT8",
        "Danh mục nhiệm vụ so với kinh phí và kết quả",
        "Khi có danh mục đề án, nhiệm vụ của năm: theo từng nguồn, số nhiệm vụ và tổng kinh phí hỗ "
        "trợ của danh mục bằng số nhiệm vụ và kinh phí đã thực hiện ở bảng kinh phí; mỗi nội dung "
        "có kết quả có nhiệm vụ trong danh mục, và mỗi nhiệm vụ có kết quả.",
        tasks.register,
    ),
)


def check_rules(data: Dataset, province: str, year: int) -> list[RuleResult]:
    """Every rule on the edition's data, in order."""
    out = []
    for rule in RULES:
        res = RuleResult(rule.code, rule.name_vi, rule.explanation_vi)
        rule.check(res, data, province, year)
        out.append(res)
    return out


def rule_summary(results: list[RuleResult]) -> dict[str, int]:
    return {s: sum(r.status == s for r in results) for s in STATUSES}


def broken(results: list[RuleResult]) -> list[RuleResult]:
    return [r for r in results if r.status == FAIL]


def rule_problems(data: Dataset, province: str, year: int) -> list[Problem]:
    """Every broken rule as problems at their rows (one per rule without a row of its own)."""
    out: list[Problem] = []
    for res in broken(check_rules(data, province, year)):
        if res.problems:
            out += [
                Problem(p.file, p.row, p.column, f"{res.code}: {p.message}", p.found, p.expected)
                for p in res.problems
            ]
        else:
            # Named with the province-year so that `import` points them at the Results sheet.
            where = f"{res.code} ({province} năm {year})"
            out += [Problem("results.csv", None, None, f"{where}: {d}") for d in res.failures]
    return out
