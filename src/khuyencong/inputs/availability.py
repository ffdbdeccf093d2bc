"""What the data holds for an edition: funding, texts, the province's name and heading.

The edition's identity (province slug, year range) is in `core.edition`; these questions need
the Dataset, so they live on the input floor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from khuyencong.core.edition import (
    EDITION_KINDS,
    Edition,
    Period,
    check_province,
    latest_ready_year,
    parse_period,
)
from khuyencong.errors import MissingDataError, ParameterError

if TYPE_CHECKING:  # pandas only when a command needs it
    from khuyencong.inputs.dataset import Dataset


def has_funding(data: Dataset, province: str, year: int) -> bool:
    """The source gives the province's funding figures for the year (funding.csv rows)."""
    f = data.funding
    return bool(((f["province"] == province) & (f["year"] == year)).any())


def has_year_data(data: Dataset, province: str, year: int) -> bool:
    """Funding rows of the year. A source covering several years (a period review, or results
    "of the past years" without a start) is never an annual report: see `period_totals`."""
    return has_funding(data, province, year)


def annual_years(data: Dataset, province: str, period: Period) -> list[int]:
    """The years of the period with annual data of their own (funding.csv rows)."""
    f = data.funding
    funded = {int(y) for y in f.loc[f["province"] == province, "year"]}
    return [y for y in period.years if y in funded]


def _same_period(frame, entity: str, period: Period):
    start = frame["period_start"]
    same = start.isna() if period.first is None else start == period.first
    return (frame["entity"] == entity) & same & (frame["period_end"] == period.last)


def _multi_year(frame):
    """Rows over several years, or over years whose start the source does not give."""
    return ~(frame["period_start"] == frame["period_end"]).fillna(False).astype(bool)


def period_totals(data: Dataset, province: str, period: Period) -> bool:
    """The data hold figures entered for the whole period as such (results or indicators whose
    period is exactly this one), as a review gives them (seeds 001, 002)."""
    found = (_same_period(data.results, province, period) & _multi_year(data.results)).any()
    return bool(found or _same_period(data.indicators, province, period).any())


def stated_periods(data: Dataset, province: str) -> list[Period]:
    """The periods the data state for a province: multi-year result rows (a missing start
    stays missing) and texts/<province>/<period>.yaml files named as a period."""
    import pandas as pd

    r = data.results[data.results["entity"] == province]
    multi = r[_multi_year(r)]
    found = {
        Period(None if pd.isna(s) else int(s), int(e))
        for s, e in zip(multi["period_start"], multi["period_end"], strict=True)
    }
    for p, label in data.texts:
        if p == province:
            try:
                found.add(parse_period(label))
            except ParameterError:
                continue  # an annual text
    return sorted(found, key=lambda p: (p.last, p.first or 0))


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
    if edition.period is not None:
        return check_period_data(data, edition.province, edition.period)
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


def check_period_data(data: Dataset, province: str, period: Period) -> None:
    """A period edition needs figures: annual data for at least one of its years, or figures
    entered for the whole period. Its authored text may still be missing (gaps to fill)."""
    if annual_years(data, province, period) or period_totals(data, province, period):
        return
    stated = ", ".join(p.label for p in stated_periods(data, province)) or "không có"
    raise MissingDataError(
        f"Chưa đủ dữ liệu để lập báo cáo giai đoạn {period.span} của {province}: funding.csv "
        f"không có năm nào của giai đoạn, results.csv và indicators.csv không có số liệu của cả "
        f"giai đoạn (các giai đoạn có số liệu: {stated})."
    )


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
