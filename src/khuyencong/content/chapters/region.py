"""Chương "Bối cảnh khu vực": the region's khuyến công funding and shares, and other
provinces' results (an unnamed province stays unnamed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from khuyencong.content.chapters import allocation_against, edition_names
from khuyencong.content.chapters.glue import EditionNames, Glued, Md, Table, table
from khuyencong.content.charts import grouped_bars
from khuyencong.content.markdown import esc
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import number
from khuyencong.figures.formatting import fmt_auto, fmt_number, fmt_percent, fmt_qualified, fmt_ty
from khuyencong.figures.reconcile import region_year

if TYPE_CHECKING:
    import pandas as pd

    from khuyencong.inputs.dataset import Dataset

PLAN = "kinh-phi-ke-hoach"
HALF_YEAR = "kinh-phi-uoc-thuc-hien-6-thang"
HALF_YEAR_CHANGE = "kinh-phi-uoc-thuc-hien-6-thang-so-cung-ky"  # on the same half-year before
MEMBERS = "so-tinh-thanh-pho"  # provinces in the region that year
SOURCES = ("all", "national", "local")


@dataclass(frozen=True)
class RegionFacts(Glued):
    """The region's approved plan in words; a dash each when the data has none."""

    region_name: str
    region_year: str
    region_total: str
    region_national: str
    region_local: str
    national_share: str
    local_share: str
    prev_total: str
    change: str  # on the year before, as the source states it when it does
    boundary: str


@dataclass(frozen=True)
class RegionSentences(Glued):
    """Sentences only some years' data allow; each is left out (None) when its figures are not
    in the data."""

    country_share_sentence: str | None  # the region's local funds within the country's
    half_year_sentence: str | None  # the half-year estimate, against the plan and a year before
    province_in_region: str | None  # the province's year against the region's provincial average


@dataclass(frozen=True)
class Region(Glued):
    edition: EditionNames
    no_region: str  # why the region's part is empty; "" when there is data
    facts: RegionFacts
    sentences: RegionSentences | None
    tbl_region: Table | None
    fig_region: Figure | None
    tbl_region_results: Table | None
    others: Md | None  # the region's other provinces in the year; None: left out


def build(data: Dataset, province: str, year: int) -> Region:
    edition = edition_names(data, province, year)
    found = _others(data, province, year)
    others = Md(found) if found else None
    inds = data.indicators
    ry = region_year(data, province, year)
    if ry is None:
        return Region.without_data(
            edition=edition,
            no_region="Chưa có số liệu khu vực trong dữ liệu.",
            facts=RegionFacts.without_data(),
            others=others,
        )
    region = str(province_region(data, province))
    plans = inds[
        (inds["entity"] == region) & (inds["indicator"] == PLAN) & (inds["fund_source"] == "all")
    ]
    rin = inds[(inds["entity"] == region) & (inds["period_end"] == ry)]
    base = {s: float(m.indicator(rin, region, PLAN, ry, s)["value"]) for s in SOURCES}
    return Region(
        edition=edition,
        no_region="",
        facts=_facts(data, region, ry, base, plans[plans["period_end"] == ry - 1]),
        sentences=RegionSentences(
            country_share_sentence=_country_share_sentence(data, ry, base["local"]),
            half_year_sentence=_half_year_sentence(rin, ry, base["all"]),
            province_in_region=_province_in_region(
                data, province, edition, region, rin, base["all"]
            ),
        ),
        tbl_region=_region_table(data, rin, region, ry, base),
        fig_region=grouped_bars(
            ["Khuyến công quốc gia", "Khuyến công địa phương"],
            {"Kế hoạch": [base["national"], base["local"]]},
            f"Kế hoạch kinh phí khuyến công khu vực năm {ry}",
            "tỷ đồng",
            value_decimals=1,
        ),
        tbl_region_results=_region_results_table(data, region, ry),
        others=others,
    )


def province_region(data: Dataset, province: str) -> str | None:
    """The region a province belongs to (entities.csv `region`), None when not known."""
    region = data.entities.set_index("entity").loc[province].get("region")
    return region if isinstance(region, str) and region else None


def _facts(
    data: Dataset, region: str, ry: int, base: dict[str, float], prev: pd.DataFrame
) -> RegionFacts:
    ent = data.entities.set_index("entity").loc[region]
    total, national, local = base["all"], base["national"], base["local"]
    prev_total, change = "không có số liệu", "chưa so sánh được"
    if len(prev):
        before = float(prev.iloc[0].value)
        ratio = m.change_percent(before, total)
        prev_total = fmt_ty(before)
        change = ("giảm " if ratio < 0 else "tăng ") + fmt_percent(abs(ratio))
        stated = _stated_change(data, region, ry)
        if stated is not None:  # a figure the source prints is quoted as printed (seed 004)
            change = ("thấp hơn " if ratio < 0 else "cao hơn ") + stated
    boundary = ent["boundary_note"]
    return RegionFacts(
        region_name=str(ent["name_vi"]),
        region_year=str(ry),
        region_total=fmt_ty(total),
        region_national=fmt_ty(national),
        region_local=fmt_ty(local),
        national_share=fmt_percent(m.share(national, total)),
        local_share=fmt_percent(m.share(local, total)),
        prev_total=prev_total,
        change=change,
        boundary=boundary if isinstance(boundary, str) else "",
    )


def _stated_change(data: Dataset, region: str, year: int) -> str | None:
    """The change on the year before as the source states it (claims.csv), e.g. `8,5%`;
    its recomputation (8,4%) belongs to the reconciliation chapter."""
    claims = data.claims
    rows = claims[
        (claims["entity"] == region)
        & (claims["period_end"] == year)
        & claims["formula"].astype(str).str.contains("change(", regex=False)
        & (claims["unit"] == "percent")
    ]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return fmt_percent(abs(float(r.value)), int(r.decimals))


def _country_share_sentence(data: Dataset, ry: int, local: float) -> str | None:
    """The region's local khuyến công funds as a share of the whole country's (seed 004: 49%)."""
    countries = data.entities.loc[data.entities["kind"] == "country", "entity"]
    inds = data.indicators
    rows = inds[
        inds["entity"].isin(countries)
        & (inds["indicator"] == PLAN)
        & (inds["fund_source"] == "local")
        & (inds["period_end"] == ry)
    ]
    whole = float(rows.iloc[0].value) if len(rows) else 0.0
    if not whole:  # no country figure for the year: no share
        return None
    return (
        f"Kinh phí khuyến công địa phương của vùng chiếm {fmt_percent(m.share(local, whole))} "
        f"tổng kinh phí khuyến công địa phương toàn quốc được giao kế hoạch năm {ry} "
        f"({fmt_ty(whole)})."
    )


def _half_year_sentence(rin: pd.DataFrame, ry: int, total: float) -> str | None:
    """The first half-year's estimate against the year's plan, and against the same half-year
    of the year before when the source gives the change (seed 004: +10,25%)."""
    estimate = rin[(rin["indicator"] == HALF_YEAR) & (rin["fund_source"] == "all")]
    if estimate.empty:
        return None
    value = float(estimate.iloc[0].value)
    text = (
        f"Ước thực hiện 6 tháng đầu năm {ry}, kinh phí khuyến công toàn vùng đạt {fmt_ty(value)}, "
        f"bằng {fmt_percent(m.share(value, total))} kế hoạch năm"
    )
    change = rin[(rin["indicator"] == HALF_YEAR_CHANGE) & (rin["fund_source"] == "all")]
    if len(change):
        c = float(change.iloc[0].value)  # printed with the source's own decimals
        text += (
            f", {'thấp hơn' if c < 0 else 'cao hơn'} {fmt_auto(abs(c))}% so với cùng kỳ năm trước"
        )
    return text + "."


def _province_in_region(
    data: Dataset,
    province: str,
    edition: EditionNames,
    region: str,
    rin: pd.DataFrame,
    total: float,
) -> str | None:
    """The province's allocation of the edition year against the region's plan per province
    (170,8 tỷ đồng over 28 provinces = 6,1), both years named: they may differ."""
    year = int(edition.year)
    members = rin[(rin["indicator"] == MEMBERS) & (rin["fund_source"] == "all")]
    if members.empty or not members.iloc[0].value > 0:
        return None
    count, ry = int(members.iloc[0].value), int(members.iloc[0].period_end)
    average = m.per_member_average(total, count)
    against = allocation_against(data, province, year, average)
    if against is None:
        return None
    own, word = against  # an exact reference: the word is never None
    region_name = str(data.entities.set_index("entity").loc[region, "name_vi"])
    text = (
        f"Năm {year}, tổng kinh phí khuyến công được giao của tỉnh {edition.province_name} là "
        f"{own}, {word} mức bình quân {fmt_ty(average)} mỗi "
        f"tỉnh, thành phố theo kế hoạch kinh phí khuyến công năm {ry} của {region_name} "
        f"(tổng kế hoạch {fmt_ty(total)} chia cho {fmt_number(count)} tỉnh, thành phố)."
    )
    if ry != year:
        text += (
            f" Hai số liệu thuộc hai năm khác nhau (năm {year} của tỉnh, năm {ry} của vùng) "
            "nên phép so sánh chỉ có ý nghĩa tham khảo."
        )
    return text


def _region_table(
    data: Dataset, rin: pd.DataFrame, region: str, ry: int, base: dict[str, float]
) -> Table:
    """Each indicator with its ratio to the plan of the same fund source."""
    catalogue = data.indicator_catalogue.set_index("indicator")["name_vi"]
    label = {"all": "Toàn vùng", **m.FUND_LABELS}
    rows = []
    money = rin[rin["unit"] == "ty-dong"]  # counts and rates are in the prose, not this table
    for r in money.sort_values(["indicator", "fund_source"], kind="stable").itertuples():
        denom = base.get(str(r.fund_source))
        ratio = (
            fmt_percent(m.share(number(r.value), denom))
            if denom and r.unit == "ty-dong" and r.indicator != PLAN
            else "—"
        )
        rows.append(
            [
                str(catalogue.get(r.indicator, r.indicator)),
                label[str(r.fund_source)],
                fmt_qualified(fmt_auto(r.value), str(r.qualifier)),
                ratio,
            ]
        )
    ent_name = str(data.entities.set_index("entity").loc[region, "name_vi"])
    return table(
        "tbl_region",
        rows,
        ["Chỉ tiêu", "Nguồn", "Giá trị (tỷ đồng)", "So với kế hoạch cùng nguồn"],
        f"Kinh phí khuyến công {ent_name} năm {ry}",
        widths=[46, 22, 16, 16],
    )


def _region_results_table(data: Dataset, region: str, ry: int) -> Table:
    res = data.results[(data.results["entity"] == region) & (data.results["period_end"] == ry)]
    res = m.results_by_group(res.drop(columns="__row"), data.activities, data.content_groups)
    return table(
        "tbl_region_results",
        [
            [
                str(r.activity_name),
                fmt_qualified(fmt_auto(r.quantity), str(r.qualifier)),
                str(r.unit),
            ]
            for r in res.itertuples()
        ],
        ["Nội dung", "Số lượng", "Đơn vị"],
        f"Nội dung hỗ trợ dự kiến của khu vực năm {ry}",
        widths=[60, 20, 20],
    )


def _others(data: Dataset, province: str, year: int) -> str:
    """The edition year's results of the other provinces of the province's region, each labelled
    with its province, year and fund source (data of other regions or years never appear, so an
    edition only changes when its own region's year changes)."""
    region = province_region(data, province)
    ents = data.entities
    others = ents[
        (ents["kind"] == "province") & (ents["entity"] != province) & (ents["region"] == region)
    ]
    blocks = []
    for o in others.itertuples() if region else ():
        res = m.results_for(data.results, str(o.entity), year, year)
        if res.empty:
            continue
        rows = m.results_by_group(res, data.activities, data.content_groups)
        lines = [f"**{esc(o.name_vi)}, năm {year}**", ""]
        lines += [
            f"- {esc(r.activity_name)} ({m.FUND_LABELS.get(str(r.fund_source), '')}): "
            f"{esc(fmt_qualified(fmt_auto(r.quantity), str(r.qualifier)))} {esc(r.unit)}"
            for r in rows.itertuples()
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
