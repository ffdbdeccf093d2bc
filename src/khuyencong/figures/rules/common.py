"""What every consistency rule shares: the outcome of a rule, its declaration, and the rows it reads."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from khuyencong.errors import Problem
from khuyencong.figures.formatting import fmt_auto, fmt_number
from khuyencong.figures.metrics import FUND_LABELS
from khuyencong.inputs.dataset import Dataset

PASS, FAIL, NOT_APPLICABLE = "đạt", "không đạt", "không áp dụng"
UNVERIFIABLE = "không kiểm chứng được"
STATUSES = (PASS, FAIL, UNVERIFIABLE, NOT_APPLICABLE)

# Bounds of the plausibility rules: beyond them a figure is questioned until its row explains it.
RATE_MAX = 100.0  # execution rate, % of the allocation (QT7)
CHANGE_FACTOR = 3.0  # funding more than three times, or less than a third of, last year's (QT9)
PLAN_FACTOR = 2.0  # a quantity more than twice the year's plan, carried shortfall included (QT10)
COST_FACTOR = 3.0  # a result's cost per unit against the programme's (QT11)
MAGNITUDE = 10.0  # an order of magnitude against last year's value (QT12)
NOT_DONE_RULE = "QT5"  # the rule that a zero row's reason (without a code) answers
_CODES = re.compile(r"^\s*((?:QT\d+\s*[,;]?\s*)+):\s*", re.IGNORECASE)
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

    def not_applicable(self, detail: str) -> None:
        self.status = NOT_APPLICABLE
        self.details.append(detail)

    def unverifiable(self, detail: str) -> None:
        if self.status != FAIL:
            self.status = UNVERIFIABLE
        self.details.append(detail)


DETAILS_SHOWN = 10  # details of one rule printed in the chapter; the rest are counted


def summarised(details: list[str], limit: int = DETAILS_SHOWN) -> list[str]:
    """The first `limit` details, then "… và N trường hợp khác." for the rest: 20 000 rows of
    data make a table cell of a few lines, not a paragraph of megabytes."""
    if len(details) <= limit:
        return list(details)
    return [*details[:limit], f"… và {fmt_number(len(details) - limit)} trường hợp khác."]


@dataclass(frozen=True)
class Rule:
    code: str
    name_vi: str
    explanation_vi: str
    check: Callable[[RuleResult, Dataset, str, int], None]


def same_unit(a: object, b: object) -> bool:
    """Units compared as a reader would: NFC, case and surrounding spaces ignored."""

    def norm(s: object) -> str:
        return unicodedata.normalize("NFC", str(s)).strip().casefold()

    return norm(a) == norm(b)


def year_results(data: Dataset, province: str, year: int) -> pd.DataFrame:
    """The edition's single-year result rows, with their file rows in `__row`."""
    t = data.results
    return t[(t["entity"] == province) & (t["period_start"] == year) & (t["period_end"] == year)]


def year_funding(data: Dataset, province: str, year: int) -> pd.DataFrame:
    t = data.funding
    return t[(t["province"] == province) & (t["year"] == year)]


def catalogue(data: Dataset) -> pd.DataFrame:
    """The activity catalogue indexed by activity code (name_vi, unit_vi, group, …)."""
    return data.activities.set_index("activity")


def file_row(r) -> int | None:
    """The input file's row number of a table row, when it has one."""
    return int(r["__row"]) if "__row" in r and pd.notna(r["__row"]) else None


def money(v: float) -> str:
    return fmt_auto(v)


def explanation(row, code: str) -> str | None:
    """The row's explanation (column `explanation`, giải trình) if it answers rule `code`.

    An explanation names the rules it answers at its start ("QT7: …", "QT5, QT10: …"), so that a
    reason written for a shortfall never covers a figure later typed ten times too large. Only
    the reason a planned content was not carried out (a zero row) needs no code: it answers QT5.
    The general `note` never counts."""
    text = row.get("explanation") if hasattr(row, "get") else None
    if not isinstance(text, str) or not text.strip():
        return None
    found = _CODES.match(text)
    if found is None:
        zero = code.upper() == NOT_DONE_RULE and "quantity" in row and is_zero_row(row)
        return text.strip() if zero else None
    codes = {c.upper() for c in re.findall(r"QT\d+", found[1], re.IGNORECASE)}
    rest = text[found.end() :].strip()
    return rest if code.upper() in codes and rest else None


def explained_or_failed(
    res: RuleResult, row, text: str, problem: Problem, unexplained: str = ", chưa có giải trình."
) -> None:
    """A figure the rule questions: a detail when the row's explanation answers the rule (one
    phrasing: "… (giải trình: …)."), otherwise a failure at the row's cell."""
    why = explanation(row, res.code)
    if why:
        res.details.append(f"{text} (giải trình: {why}).")
    else:
        res.fail(text + unexplained, problem)


def how_to_explain(code: str) -> str:
    """What an author writes to explain a figure that rule `code` questions."""
    return f"sửa số liệu, hoặc ghi “{code}: lý do” ở cột giải trình của dòng"


def explained(rows: pd.DataFrame, code: str) -> str | None:
    """The first explanation of rule `code` among `rows` (joined when several rows explain)."""
    texts = [t for _, r in rows.iterrows() if (t := explanation(r, code))]
    return "; ".join(dict.fromkeys(texts)) or None


def is_zero_row(r) -> bool:
    """A planned activity recorded as not carried out: quantity 0 (and no cost)."""
    return float(r["quantity"]) == 0 and not (pd.notna(r["budget"]) and float(r["budget"]) > 0)


def zero_rows(rows: pd.DataFrame) -> list[bool]:
    """`is_zero_row` of each row of a results frame, in order."""
    return [is_zero_row(r) for _, r in rows.iterrows()]


def without_zero_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The result rows that record something done (not a content left undone)."""
    return rows[pd.Series([not z for z in zero_rows(rows)], index=rows.index, dtype=bool)]


def beyond(value: float, reference: float, factor: float) -> bool:
    """Whether two positive values differ by more than `factor` either way."""
    if value <= 0 or reference <= 0:
        return False
    ratio = value / reference
    return ratio > factor + 1e-9 or ratio < 1 / factor - 1e-9


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
