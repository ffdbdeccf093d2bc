"""Consistency rules: what must hold between an edition's own figures, for any province and year.

Claims (`reconcile.py`) check figures that sources state; these rules check the author's data
for the edition's year against itself, the activity catalogue and the programme's plan. Each
rule has a code, a Vietnamese name and explanation, and gives đạt / không đạt / không áp dụng
with details. `problems` point at the input row (file, row, column) so that `import` can name
the sheet cell; the published chapter shows only the Vietnamese details.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from khuyencong.errors import Problem
from khuyencong.formatting import fmt_auto, fmt_number
from khuyencong.metrics import FUND_LABELS

PASS, FAIL, NOT_APPLICABLE = "đạt", "không đạt", "không áp dụng"
STATUSES = (PASS, FAIL, NOT_APPLICABLE)
SOURCE_LABELS = {**FUND_LABELS, "all": "Không tách nguồn"}
AWARD_LEVEL_LABELS = {"tinh": "tỉnh", "vung": "khu vực", "quoc-gia": "quốc gia", "xa": "xã"}


@dataclass
class RuleResult:
    code: str
    name_vi: str
    explanation_vi: str
    status: str = PASS
    details: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # the details that broke the rule

    def fail(self, detail: str, problem: Problem | None = None) -> None:
        self.status = FAIL
        self.details.append(detail)
        self.failures.append(detail)
        if problem is not None:
            self.problems.append(problem)


@dataclass(frozen=True)
class Rule:
    code: str
    name_vi: str
    explanation_vi: str
    check: Callable[[RuleResult, object, str, int], None]


def same_unit(a: object, b: object) -> bool:
    """Units compared as a reader would: NFC, case and surrounding spaces ignored."""

    def norm(s: object) -> str:
        return unicodedata.normalize("NFC", str(s)).strip().casefold()

    return norm(a) == norm(b)


def year_results(data, province: str, year: int) -> pd.DataFrame:
    """The edition's single-year result rows, with their file rows in `__row`."""
    t = data.results
    return t[(t["entity"] == province) & (t["period_start"] == year) & (t["period_end"] == year)]


def _funding(data, province: str, year: int) -> pd.DataFrame:
    t = data.funding
    return t[(t["province"] == province) & (t["year"] == year)]


def _names(data) -> pd.DataFrame:
    return data.activities.set_index("activity")


def _row(r) -> int | None:
    return int(r["__row"]) if "__row" in r and pd.notna(r["__row"]) else None


def _money(v: float) -> str:
    return fmt_auto(v)


# --- the rules ------------------------------------------------------------------------------


def _budgets(res: RuleResult, data, province: str, year: int) -> None:
    rows, fund = year_results(data, province, year), _funding(data, province, year)
    if not rows["budget"].notna().any():
        res.status = NOT_APPLICABLE
        res.details.append("Các dòng kết quả của năm không ghi kinh phí.")
        return
    disbursed = fund.set_index("fund_source")["disbursed"].astype(float)
    fund_rows = {r["fund_source"]: _row(r) for _, r in fund.iterrows()}
    checks = [(s, rows[rows["fund_source"] == s], disbursed.get(s, 0.0)) for s in FUND_LABELS]
    checks.append(("all", rows, float(disbursed.sum())))
    for source, sel, spent in checks:
        if source != "all" and sel.empty:
            continue
        label = "Tổng các nguồn" if source == "all" else FUND_LABELS[source]
        total = float(sel["budget"].sum())
        complete = bool(sel["budget"].notna().all())
        text = (
            f"{label}: tổng kinh phí các dòng kết quả {_money(total)}, "
            f"kinh phí đã thực hiện {_money(spent)} triệu đồng"
        )
        bad = abs(total - spent) > 1e-6 if complete else total > spent + 1e-6
        if not bad:
            res.details.append(text + ("" if complete else " (còn dòng chưa ghi kinh phí)") + ".")
            continue
        where = fund_rows.get(source) if source != "all" else None
        res.fail(
            text + f", chênh {_money(total - spent)} triệu đồng.",
            Problem(
                "funding.csv",
                where,
                "disbursed",
                f"tổng kinh phí các dòng kết quả ({label.lower()}) khác kinh phí đã thực hiện",
                _money(total),
                _money(spent),
            ),
        )


def _tasks(res: RuleResult, data, province: str, year: int) -> None:
    rows, fund = year_results(data, province, year), _funding(data, province, year)
    if fund.empty:
        res.status = NOT_APPLICABLE
        res.details.append("Tài liệu nguồn không nêu số liệu kinh phí, số nhiệm vụ của năm.")
        return
    tasks = int(fund["tasks"].sum())
    listed = int(rows["activity"].nunique())
    text = f"Kinh phí ghi {fmt_number(tasks)} nhiệm vụ; bảng kết quả liệt kê {fmt_number(listed)} nội dung."
    if tasks == listed:
        res.details.append(text)
        return
    first = fund.sort_values("tasks", ascending=False).head(1)
    row = _row(first.iloc[0]) if len(first) else None
    res.fail(
        text + " Cần liệt kê đủ các nhiệm vụ hoặc sửa số nhiệm vụ.",
        Problem(
            "funding.csv",
            row,
            "tasks",
            "số nhiệm vụ khác số nội dung được liệt kê ở bảng kết quả",
            str(tasks),
            str(listed),
        ),
    )


def _units(res: RuleResult, data, province: str, year: int) -> None:
    rows, names = year_results(data, province, year), _names(data)
    if rows.empty:
        res.status = NOT_APPLICABLE
        res.details.append("Năm không có dòng kết quả.")
        return
    for _, r in rows.iterrows():
        expected = names.loc[r["activity"], "unit_vi"]
        if same_unit(r["unit"], expected):
            continue
        res.fail(
            f"{names.loc[r['activity'], 'name_vi']}: đơn vị “{r['unit']}” khác đơn vị của danh mục "
            f"và kế hoạch “{expected}”; số lượng không so sánh được với kế hoạch.",
            Problem(
                "results.csv",
                _row(r),
                "unit",
                "đơn vị khác danh mục hoạt động",
                r["unit"],
                expected,
            ),
        )
    if res.status == PASS:
        res.details.append(f"{fmt_number(len(rows))} dòng kết quả dùng đúng đơn vị của danh mục.")


def _planned(res: RuleResult, data, province: str, year: int) -> None:
    rows, names = year_results(data, province, year), _names(data)
    for _, r in rows[rows["qualifier"] == "planned"].iterrows():
        res.fail(
            f"{names.loc[r['activity'], 'name_vi']}: dòng vẫn ghi mức độ “kế hoạch”, "
            "chưa phải số thực hiện; không được tính là kết quả đạt được.",
            Problem(
                "results.csv",
                _row(r),
                "qualifier",
                "năm báo cáo còn dòng kế hoạch",
                "planned",
                "exact hoặc estimated",
            ),
        )
    if res.status == PASS:
        res.details.append("Mọi dòng kết quả của năm là số thực hiện.")


def _awards(res: RuleResult, data, province: str, year: int) -> None:
    t = data.awards
    rows = t[(t["province"] == province) & (t["year"] == year)]
    if rows.empty:
        res.status = NOT_APPLICABLE
        res.details.append("Trong năm không có bình chọn sản phẩm.")
        return
    for _, r in rows.iterrows():
        d, e, c = int(r["dossiers"]), int(r["eligible"]), int(r["recognised"])
        text = (
            f"Cấp {AWARD_LEVEL_LABELS.get(r['level'], r['level'])}: {fmt_number(d)} hồ sơ đăng ký, {fmt_number(e)} đủ điều kiện, "
            f"{fmt_number(c)} được công nhận"
        )
        if d >= e >= c:
            res.details.append(text + ".")
            continue
        column = "eligible" if e > d else "recognised"
        res.fail(
            text + ": cần hồ sơ đăng ký ≥ đủ điều kiện ≥ được công nhận.",
            Problem(
                "awards.csv",
                _row(r),
                column,
                "số hồ sơ đăng ký ≥ đủ điều kiện ≥ được công nhận không thoả",
                f"{d} / {e} / {c}",
                "đăng ký ≥ đủ điều kiện ≥ công nhận",
            ),
        )


def _overspend(res: RuleResult, data, province: str, year: int) -> None:
    for _, r in _funding(data, province, year).iterrows():
        label = FUND_LABELS[r["fund_source"]]
        over = float(r["disbursed"]) - float(r["allocated"])
        if over <= 0:
            continue
        text = f"{label}: thực hiện vượt kinh phí được giao {_money(over)} triệu đồng"
        if isinstance(r["note"], str) and r["note"].strip():
            res.details.append(text + f" (giải thích: {r['note'].strip()})")
        else:
            res.fail(
                text + " mà không có giải thích.",
                Problem(
                    "funding.csv",
                    _row(r),
                    "note",
                    "vượt kinh phí được giao mà không ghi lý do",
                    _money(over),
                    "lý do",
                ),
            )
    if not res.details:
        res.details.append("Kinh phí thực hiện không vượt kinh phí được giao ở nguồn nào.")


def plan_comparison(data, province: str, year: int) -> pd.DataFrame:
    """Planned against done, per activity and fund source, for a year of a programme.

    Rows whose source is `all` are compared with the activity's plan over both sources (the
    source is then `all`). Rows still `planned` count as not done; rows in another unit than
    the catalogue's make the comparison impossible (`comparable` False). Empty without a plan.
    """
    cols = [
        "activity",
        "fund_source",
        "planned",
        "actual",
        "gap",
        "comparable",
        "explained",
        "budget_planned",
        "budget_actual",
    ]
    prog = data.programme_covering(province, year)
    if prog is None:
        return pd.DataFrame(columns=cols)
    plan = data.plan(prog["id"])
    plan = plan[plan["year"] == year]
    rows, names = year_results(data, province, year), _names(data)
    out = []
    for activity in sorted(set(plan["activity"]) | set(rows["activity"])):
        p, r = plan[plan["activity"] == activity], rows[rows["activity"] == activity]
        pooled = (r["fund_source"] == "all").any()
        sources = ["all"] if pooled else list(FUND_LABELS)
        for source in sources:
            ps = p if source == "all" else p[p["fund_source"] == source]
            rs = r if source == "all" else r[r["fund_source"] == source]
            planned = float(ps["quantity"].sum())
            if planned == 0 and rs.empty:
                continue
            unit = names.loc[activity, "unit_vi"]
            done = rs[rs["qualifier"] != "planned"]
            out.append(
                {
                    "activity": activity,
                    "fund_source": source,
                    "planned": planned,
                    "actual": float(done["quantity"].sum()),
                    "gap": float(done["quantity"].sum()) - planned,
                    "comparable": all(same_unit(u, unit) for u in rs["unit"]),
                    "explained": bool(rs["note"].notna().any()) if len(rs) else False,
                    "budget_planned": float(ps["budget"].sum()),
                    "budget_actual": float(done["budget"].sum())
                    if done["budget"].notna().any()
                    else None,
                }
            )
    frame = pd.DataFrame(out, columns=cols)
    return sort_by_programme(frame, data.activities)


def sort_by_programme(frame: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    """Rows in the programme's order: content group, then the appendix row (`row`), then code."""
    order = activities.set_index("activity")
    key_group = frame["activity"].map(order["group"]).astype(float)
    key_row = (
        frame["activity"].map(order["row"]).astype(float)
        if "row" in order.columns
        else pd.Series(0.0, index=frame.index)
    )
    keyed = frame.assign(_g=key_group, _r=key_row.fillna(1e9))
    return (
        keyed.sort_values(["_g", "_r", "activity"], kind="stable")
        .drop(columns=["_g", "_r"])
        .reset_index(drop=True)
    )


def _plan(res: RuleResult, data, province: str, year: int) -> None:
    cmp = plan_comparison(data, province, year)
    if data.programme_covering(province, year) is None or cmp.empty:
        res.status = NOT_APPLICABLE
        res.details.append(
            f"Năm {year} không có kế hoạch của chương trình khuyến công trong dữ liệu."
        )
        return
    names = _names(data)
    for r in cmp.to_dict("records"):
        name = names.loc[r["activity"], "name_vi"]
        unit = str(names.loc[r["activity"], "unit_vi"]).lower()
        source = SOURCE_LABELS[str(r["fund_source"])].lower()
        if not r["comparable"]:
            res.fail(f"{name} ({source}): đơn vị khác kế hoạch, không so sánh được.")
            continue
        gap, actual, planned = float(r["gap"]), float(r["actual"]), float(r["planned"])
        if gap == 0:
            continue
        word = "thấp hơn kế hoạch" if gap < 0 else "vượt kế hoạch"
        text = (
            f"{name} ({source}): thực hiện {fmt_auto(actual)}/{fmt_auto(planned)} {unit}, "
            f"{word} {fmt_auto(abs(gap))} {unit}"
        )
        if r["explained"]:
            res.details.append(text + " (có ghi chú giải thích).")
        else:
            res.fail(text + ", chưa có ghi chú giải thích.")
    if not res.details:
        res.details.append("Mọi nội dung thực hiện đúng số lượng kế hoạch năm.")


RULES: tuple[Rule, ...] = (
    Rule(
        "QT1",
        "Kinh phí các kết quả so với kinh phí đã thực hiện",
        "Theo từng nguồn, tổng kinh phí ghi ở các dòng kết quả phải bằng kinh phí đã thực hiện "
        "(khi mọi dòng có ghi kinh phí), và không được lớn hơn (khi còn dòng chưa ghi).",
        _budgets,
    ),
    Rule(
        "QT2",
        "Số nhiệm vụ so với số nội dung được liệt kê",
        "Số nhiệm vụ, đề án ghi ở bảng kinh phí phải bằng số nội dung được liệt kê ở bảng kết quả.",
        _tasks,
    ),
    Rule(
        "QT3",
        "Đơn vị tính của kết quả",
        "Mỗi dòng kết quả dùng đơn vị tính của danh mục hoạt động và của kế hoạch (không phân biệt "
        "chữ hoa, chữ thường); khác đơn vị thì số lượng không so sánh được.",
        _units,
    ),
    Rule(
        "QT4",
        "Không còn số kế hoạch trong năm báo cáo",
        "Năm đang báo cáo không còn dòng kết quả ghi mức độ “kế hoạch”: số liệu phải là số thực hiện.",
        _planned,
    ),
    Rule(
        "QT5",
        "Thực hiện so với kế hoạch năm",
        "Mỗi nội dung, mỗi nguồn của kế hoạch năm được so với số thực hiện; nội dung thấp hơn hoặc "
        "vượt kế hoạch được nêu và phải có ghi chú giải thích.",
        _plan,
    ),
    Rule(
        "QT6",
        "Số liệu bình chọn sản phẩm",
        "Ở mỗi cấp bình chọn: số hồ sơ đăng ký ≥ số hồ sơ đủ điều kiện ≥ số sản phẩm được công nhận.",
        _awards,
    ),
    Rule(
        "QT7",
        "Kinh phí thực hiện trong phạm vi được giao",
        "Kinh phí đã thực hiện không vượt kinh phí được giao, trừ khi có ghi chú giải thích.",
        _overspend,
    ),
)


def check_rules(data, province: str, year: int) -> list[RuleResult]:
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


def rule_problems(data, province: str, year: int) -> list[Problem]:
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
