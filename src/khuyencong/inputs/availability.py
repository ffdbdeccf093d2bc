"""What the data holds for an edition: funding, texts, the province's name and heading.

The edition's identity (province slug, year range) is in `core.edition`; these questions need
the Dataset, so they live on the input floor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from khuyencong.core.edition import EDITION_KINDS, Edition, check_province, latest_ready_year
from khuyencong.errors import MissingDataError

if TYPE_CHECKING:  # pandas only when a command needs it
    from khuyencong.inputs.dataset import Dataset


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
