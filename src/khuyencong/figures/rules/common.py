"""What every consistency rule shares: the outcome of a rule, its declaration, and the rows it reads."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from khuyencong.errors import Problem
from khuyencong.figures.formatting import fmt_auto, fmt_number
from khuyencong.figures.metrics import FUND_LABELS
from khuyencong.inputs.dataset import Dataset

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

    def not_applicable(self, detail: str) -> None:
        self.status = NOT_APPLICABLE
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
