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
from khuyencong.figures.formatting import fmt_number
from khuyencong.figures.rules import funding, plan, rows, tasks
from khuyencong.figures.rules.common import (
    AWARD_LEVEL_LABELS,
    CHANGE_FACTOR,
    COST_FACTOR,
    FAIL,
    MAGNITUDE,
    NOT_APPLICABLE,
    PASS,
    PLAN_FACTOR,
    SOURCE_LABELS,
    STATUSES,
    UNVERIFIABLE,
    Rule,
    RuleResult,
    same_unit,
    sort_by_programme,
    summarised,
)
from khuyencong.figures.rules.plan import plan_comparison
from khuyencong.figures.rules.where import on_sheets
from khuyencong.inputs.dataset import Dataset

__all__ = [
    "AWARD_LEVEL_LABELS",
    "FAIL",
    "NOT_APPLICABLE",
    "PASS",
    "RULES",
    "SOURCE_LABELS",
    "STATUSES",
    "UNVERIFIABLE",
    "Rule",
    "RuleResult",
    "summarised",
    "broken",
    "check_rules",
    "plan_comparison",
    "rule_failures",
    "rule_problems",
    "sheet_problems",
    "rule_summary",
    "same_unit",
    "sort_by_programme",
]


def _tasks(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    """QT2 against the year's task register when there is one (`tasks.year_tasks`)."""
    listed = tasks.year_tasks(data, province, year)
    funding.tasks(res, data, province, year, register=None if listed.empty else listed)


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
        "Số nhiệm vụ, đề án ghi ở bảng kinh phí được đối chiếu với danh mục nhiệm vụ của năm; "
        "không có danh mục thì chỉ so với số nội dung đã thực hiện ở bảng kết quả, và khi khác "
        "nhau thì không kiểm chứng được (một nhiệm vụ có thể gồm nhiều nội dung).",
        _tasks,
    ),
    Rule(
        "QT3",
        "Đơn vị tính của kết quả",
        "Mỗi dòng kết quả dùng đơn vị tính của danh mục hoạt động và của kế hoạch (không phân biệt "
        "chữ hoa, chữ thường); khác đơn vị thì số lượng không so sánh được, và dòng phải có "
        "giải trình.",
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
        "Thực hiện đủ kế hoạch năm",
        "Mỗi nội dung, mỗi nguồn của kế hoạch năm được so với số thực hiện; nội dung thấp hơn kế "
        "hoạch phải có giải trình “QT5: …” ở dòng kết quả, nội dung chưa thực hiện được ghi một "
        "dòng số lượng 0 với lý do ở cột giải trình. Phần chưa thực hiện của các năm trước được "
        "làm bù trong năm không bị coi là vượt kế hoạch.",
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
        "Kinh phí đã thực hiện không vượt kinh phí được giao (tỷ lệ thực hiện không quá 100%), "
        "trừ khi dòng kinh phí có giải trình “QT7: …”; ghi chú chung không thay cho giải trình.",
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
    Rule(
        "QT9",
        "Kinh phí so với năm trước",
        f"Kinh phí được giao và đã thực hiện của mỗi nguồn không tăng, giảm quá "
        f"{fmt_number(CHANGE_FACTOR)} lần so với năm trước, trừ khi dòng kinh phí có giải trình.",
        funding.change,
    ),
    Rule(
        "QT10",
        "Số lượng so với kế hoạch năm và mục tiêu giai đoạn",
        "Số lượng thực hiện vượt kế hoạch năm (kế hoạch của chương trình cộng phần chưa thực "
        f"hiện của các năm trước), nhất là quá {fmt_number(PLAN_FACTOR)} lần kế hoạch năm hoặc "
        "vượt phần còn lại của mục tiêu cả giai đoạn, phải có giải trình ở dòng kết quả.",
        plan.targets,
    ),
    Rule(
        "QT11",
        "Kinh phí bình quân so với định mức",
        f"Kinh phí bình quân một đơn vị kết quả không khác quá {fmt_number(COST_FACTOR)} lần "
        "kinh phí bình quân theo kế hoạch của chương trình, trừ khi dòng kết quả có giải trình.",
        plan.costs,
    ),
    Rule(
        "QT12",
        "Kết quả so với năm trước",
        f"Số lượng và kinh phí của mỗi kết quả không khác kết quả cùng nội dung, nguồn, đơn vị "
        f"năm trước quá {fmt_number(MAGNITUDE)} lần, trừ khi dòng kết quả có giải trình.",
        rows.magnitude,
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


def rule_failures(data: Dataset, province: str, year: int) -> list[str]:
    """Every failure of every broken rule, in words (the draft notice of the báo cáo), the
    first few of each rule then how many more (`summarised`)."""
    return [
        f"{res.code} ({res.name_vi}): {detail}"
        for res in broken(check_rules(data, province, year))
        for detail in summarised(res.failures)
    ]


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


def sheet_problems(data: Dataset, province: str, year: int) -> list[Problem]:
    """`rule_problems` named by the workbook's sheet, row and visible column header."""
    return on_sheets(data, province, year, rule_problems(data, province, year))
