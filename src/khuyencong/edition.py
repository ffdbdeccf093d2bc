"""What one edition is: a province, a year, its chapters; parameters checked before use.

`province` and `year` reach file paths and papermill, so they are validated here first:
a slug pattern and a year range, then the presence of the data an edition needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong import schemas
from khuyencong.errors import MissingDataError, ParameterError
from khuyencong.schemas import YEAR_MAX, YEAR_MIN

if TYPE_CHECKING:  # pandas is only imported when a command needs it (see cli.py)
    from khuyencong.data import Dataset

SLUG = re.compile(schemas.SLUG)  # the data contract's identifiers: son-la, mien-bac-28
# The one statement of what a report year is (command line, workbook, edition parameters).
YEAR_RULE = f"bốn chữ số, từ {YEAR_MIN} đến {YEAR_MAX}"
# Entities that get editions: named provinces and provinces a source leaves unnamed.
EDITION_KINDS = ("province", "unnamed_province")


def has_funding(data: Dataset, province: str, year: int) -> bool:
    """The source gives the province's funding figures for the year (funding.csv rows)."""
    f = data.funding
    return bool(((f["province"] == province) & (f["year"] == year)).any())


def has_year_data(data: Dataset, province: str, year: int) -> bool:
    """Funding rows of the year; or, for a retrospective source without funding figures, results
    up to that year whose start it does not give. A year of its own always needs funding rows."""
    r = data.results
    retro = (r["entity"] == province) & (r["period_end"] == year) & r["period_start"].isna()
    return has_funding(data, province, year) or bool(retro.any())


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


def province_name(data: Dataset, province: str) -> str:
    """The province's name as printed (entities.csv `name_vi`): "Sơn La"."""
    return str(data.entities.set_index("entity").loc[province, "name_vi"])


def agency_heading(
    name: str, admin_header: object = None, department: object = None
) -> tuple[str, str]:
    """The two lines heading the report and the title page: entities.csv's `admin_header` and
    `department`, each defaulting ("UBND TỈNH SƠN LA", "SỞ CÔNG THƯƠNG") when the cell is empty
    (empty cells arrive as NaN or None)."""

    def given(value: object) -> str | None:
        return value.strip() if isinstance(value, str) and value.strip() else None

    return (
        given(admin_header) or f"UBND TỈNH {name.upper()}",
        given(department) or "SỞ CÔNG THƯƠNG",
    )


def check_data_exists(data: Dataset, edition: Edition) -> None:
    """Name what is missing for an edition: the province, its funding rows, its authored text."""
    entities = data.entities
    provinces = entities[entities["kind"].isin(EDITION_KINDS)]["entity"].tolist()
    if edition.province not in provinces:
        raise MissingDataError(
            f"Không có tỉnh '{edition.province}' trong entities.csv (các tỉnh có dữ liệu: {', '.join(provinces)})"
        )
    missing = []
    funding = data.funding
    if not has_year_data(data, edition.province, edition.year):
        results = data.results
        ends = {int(y) for y in results.loc[results["entity"] == edition.province, "period_end"]}
        years = sorted(
            {int(y) for y in funding.loc[funding["province"] == edition.province, "year"]}
            | {y for y in ends if has_year_data(data, edition.province, y)}
        )
        missing.append(
            f"funding.csv không có dòng nào cho {edition.province} năm {edition.year} "
            f"(các năm có dữ liệu: {', '.join(map(str, years)) or 'không có'})"
        )
    if (edition.province, str(edition.year)) not in data.texts:
        missing.append(f"thiếu tệp văn bản texts/{edition.province}/{edition.year}.yaml")
    if missing:
        raise MissingDataError(
            f"Chưa đủ dữ liệu để lập báo cáo {edition.province} năm {edition.year}:\n  "
            + "\n  ".join(missing)
        )


def latest_ready_year(funding_years: Iterable[int], text_years: Iterable[int]) -> int | None:
    """`--year`'s default: the latest year with both funding rows and an authored text."""
    ready = set(funding_years) & set(text_years)
    return max(ready) if ready else None


def latest_year(data: Dataset, province: str) -> int:
    """`latest_ready_year` of a loaded Dataset; MissingDataError when there is none."""
    check_province(province)  # before it is looked up
    funding = data.funding
    found = latest_ready_year(
        (int(y) for y in funding.loc[funding["province"] == province, "year"]),
        (int(y) for p, y in data.texts if p == province and str(y).isdigit()),
    )
    if found is None:
        raise MissingDataError(
            f"Không có năm nào đủ dữ liệu (funding.csv và texts/{province}/<năm>.yaml) "
            f"cho tỉnh '{province}'; chỉ rõ năm bằng --year."
        )
    return found
