"""What one edition is: a province and a year (annual) or a programme period; parameters
checked before use.

`province`, `year` and `period` reach file paths and papermill, so they are validated here
first: a slug pattern, a year range, a period spec, then the presence of the data an edition
needs. A period edition (tổng kết / sơ kết) is published at `<province>/<period label>/`.
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


# A period as the command line and the folders write it: `2016-2020`, or `truoc-2021` for
# "the years before 2021" when the source gives no start year (none is ever made up).
PERIOD_RULE = (
    "dạng <năm đầu>-<năm cuối>, ví dụ 2016-2020, hoặc truoc-<năm> khi tài liệu không nêu "
    "năm bắt đầu, ví dụ truoc-2021"
)
_SPAN = re.compile(r"^(\d{4})-(\d{4})$")
_BEFORE = re.compile(r"^truoc-(\d{4})$")


@dataclass(frozen=True)
class Period:
    """Years `first`..`last` of a programme period; `first` None: the source does not say."""

    first: int | None
    last: int

    @property
    def label(self) -> str:
        """`2016-2020`, or `truoc-2021` (folder, file names, texts/<entity>/<label>.yaml)."""
        return f"{self.first}-{self.last}" if self.first else f"truoc-{self.last + 1}"

    @property
    def span(self) -> str:
        """As the report writes it: `2016–2020`; `những năm trước năm 2021` without a start."""
        if self.first is None:
            return f"những năm trước năm {self.last + 1}"
        return f"{self.first}–{self.last}"

    @property
    def years(self) -> list[int]:
        """Every year of the period; none when its start is unknown."""
        return list(range(self.first, self.last + 1)) if self.first else []


def parse_period(spec: str) -> Period:
    """`2016-2020` or `truoc-2021`, checked (years in range, first before last)."""
    text = str(spec or "").strip()
    span, before = _SPAN.fullmatch(text), _BEFORE.fullmatch(text)
    if span and is_report_year(span[1]) and is_report_year(span[2]) and span[1] < span[2]:
        return Period(int(span[1]), int(span[2]))
    if before and is_report_year(before[1]):
        return Period(None, int(before[1]) - 1)
    raise ParameterError(f"Giai đoạn không hợp lệ: '{spec}' (cần {PERIOD_RULE})")


@dataclass(frozen=True)
class Edition:
    """An annual edition (`period` None) or a period edition, whose `year` is its last year."""

    province: str
    year: int
    period: Period | None = None

    @property
    def label(self) -> str:
        """The edition's folder name: `2025`, `2016-2020`, `truoc-2021`."""
        return self.period.label if self.period else str(self.year)

    @property
    def slug(self) -> str:
        return f"{self.province}/{self.label}"

    # The published file names, stated once (render, report, command line, home page).
    @property
    def printed_name(self) -> str:
        """`son-la-2025`: the printed edition (.pdf, and its .tex) without extension."""
        return f"{self.province}-{self.label}"

    @property
    def report_name(self) -> str:
        """`son-la-2025-bao-cao`: the báo cáo (.docx and its .pdf) without extension,
        next to the printed edition in the published folder."""
        return f"{self.printed_name}-bao-cao"

    @property
    def report_docx(self) -> str:
        """The báo cáo's Word file: the one name the writer, the pages and the home page use."""
        return f"{self.report_name}.docx"

    @property
    def report_pdf(self) -> str:
        """The báo cáo's PDF (LibreOffice's conversion of the Word file)."""
        return f"{self.report_name}.pdf"

    @property
    def pdf_file(self) -> str:
        return f"{self.printed_name}.pdf"

    @property
    def workbook_file(self) -> str:
        """`son-la-2025.xlsx`: the Excel workbook `template` writes by default."""
        return f"{self.printed_name}.xlsx"


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


def period_edition(province: str, spec: str) -> Edition:
    """The period edition of `province` for `spec` (`2016-2020`, `truoc-2021`), both checked."""
    check_province(province)
    period = parse_period(spec)
    return Edition(province, period.last, period)


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
