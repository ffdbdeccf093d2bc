"""What one edition is: a province, a year, its chapters; parameters checked before use.

`province` and `year` reach file paths and papermill, so they are validated here first:
a slug pattern and a year range, then the presence of the data an edition needs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from khuyencong.errors import ParameterError

# The data contract's identifiers (son-la, mien-bac-28) and its year range.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG = re.compile(SLUG_PATTERN)
YEAR_MIN, YEAR_MAX = 2000, 2100
# The one statement of what a report year is (command line, workbook, edition parameters).
YEAR_RULE = f"bốn chữ số, từ {YEAR_MIN} đến {YEAR_MAX}"
# Entities that get editions: named provinces and provinces a source leaves unnamed.
EDITION_KINDS = ("province", "unnamed_province")


@dataclass(frozen=True)
class Edition:
    province: str
    year: int

    @property
    def slug(self) -> str:
        return f"{self.province}/{self.year}"

    # The published file names, stated once (render, report, command line, home page).
    @property
    def printed_name(self) -> str:
        """`son-la-2025`: the printed edition (.pdf, and its .tex) without extension."""
        return f"{self.province}-{self.year}"

    @property
    def report_name(self) -> str:
        """`son-la-2025-bao-cao`: the báo cáo (.docx and its .pdf) without extension,
        next to the printed edition in the published folder."""
        return f"{self.printed_name}-bao-cao"

    @property
    def pdf_file(self) -> str:
        return f"{self.printed_name}.pdf"


def is_report_year(value: object) -> bool:
    """Four digits from YEAR_MIN to YEAR_MAX (YEAR_RULE); `value` may be an int or its text."""
    text = str(value).strip()
    return re.fullmatch(r"\d{4}", text) is not None and YEAR_MIN <= int(text) <= YEAR_MAX


def check_province(province: str) -> str:
    """Refuse anything that is not a plain slug, before it reaches a path."""
    if not SLUG.fullmatch(province or "") or len(province) > 60:
        raise ParameterError(
            f"Mã tỉnh không hợp lệ: '{province}' (cần chữ thường không dấu, số và gạch ngang, ví dụ son-la)"
        )
    return province


def check_parameters(province: str, year: int | str) -> Edition:
    """Refuse anything that is not a plain slug and a report year, before any path is built."""
    check_province(province)
    if not is_report_year(year):
        raise ParameterError(f"Năm không hợp lệ: {year} (cần {YEAR_RULE})")
    return Edition(province, int(year))


ISSUE_DATE_VARIABLE = "KHUYENCONG_ISSUE_DATE"


def env_issue_date() -> date | None:
    """The title page's date from KHUYENCONG_ISSUE_DATE (YYYY-MM-DD), None when it is unset or
    blank; any other value is refused (ParameterError, exit 2), never silently ignored."""
    text = os.environ.get(ISSUE_DATE_VARIABLE, "").strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is None:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise ParameterError(
            f"Ngày ban hành trong biến môi trường {ISSUE_DATE_VARIABLE} không hợp lệ: “{shown}” "
            "(cần một ngày có thật dạng năm-tháng-ngày, ví dụ 2026-01-05; bỏ biến này để để "
            "trống ngày cho người ký điền)."
        ) from None


def latest_ready_year(funding_years: Iterable[int], text_years: Iterable[int]) -> int | None:
    """`--year`'s default: the latest year with both funding rows and an authored text."""
    ready = set(funding_years) & set(text_years)
    return max(ready) if ready else None
