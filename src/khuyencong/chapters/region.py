"""Chương "Bối cảnh khu vực": the region's khuyến công funding and shares, and other
provinces' results (an unnamed province stays unnamed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from khuyencong import metrics as m
from khuyencong.cells import number
from khuyencong.chapters import edition_names
from khuyencong.chapters.glue import EditionNames, Glued, Md, Table, table
from khuyencong.charts import grouped_bars
from khuyencong.formatting import fmt_auto, fmt_percent, fmt_qualified, fmt_ty
from khuyencong.markdown import esc, md_list

if TYPE_CHECKING:
    import pandas as pd

    from khuyencong.data import Dataset

PLAN = "kinh-phi-ke-hoach"
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
class Region(Glued):
    edition: EditionNames
    no_region: str  # why the region's part is empty; "" when there is data
    facts: RegionFacts
    tbl_region: Table | None
    fig_region: Figure | None
    tbl_region_results: Table | None
    others: Md


def build(data: Dataset, province: str, year: int) -> Region:
    edition = edition_names(data, province, year)
    others = Md(_others(data, province))
    inds = data.indicators
    plans = inds[
        (inds["entity"] == province_region(data, province))
        & (inds["indicator"] == PLAN)
        & (inds["fund_source"] == "all")
        & (inds["period_end"] <= year)
    ]
    if plans.empty:
        return Region.without_data(
            edition=edition,
            no_region="Chưa có số liệu khu vực trong dữ liệu.",
            facts=RegionFacts.without_data(),
            others=others,
        )
    ry = int(plans["period_end"].max())
    region = str(plans[plans["period_end"] == ry].iloc[0].entity)
    rin = inds[(inds["entity"] == region) & (inds["period_end"] == ry)]
    base = {s: float(m.indicator(rin, region, PLAN, ry, s)["value"]) for s in SOURCES}
    return Region(
        edition=edition,
        no_region="",
        facts=_facts(data, region, ry, base, plans[plans["period_end"] == ry - 1]),
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


def _region_table(
    data: Dataset, rin: pd.DataFrame, region: str, ry: int, base: dict[str, float]
) -> Table:
    """Each indicator with its ratio to the plan of the same fund source."""
    catalogue = data.indicator_catalogue.set_index("indicator")["name_vi"]
    label = {"all": "Toàn vùng", **m.FUND_LABELS}
    rows = []
    for r in rin.sort_values(["indicator", "fund_source"], kind="stable").itertuples():
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


def _others(data: Dataset, province: str) -> str:
    """Markdown blocks for the other provinces whose results are in the data."""
    ents = data.entities
    others = ents[
        ents["kind"].isin(["unnamed_province", "province"]) & (ents["entity"] != province)
    ]
    blocks = []
    for o in others.itertuples():
        res = data.results[data.results["entity"] == o.entity]
        if res.empty:
            continue
        res = m.results_by_group(res.drop(columns="__row"), data.activities, data.content_groups)
        lines = [f"**{esc(o.name_vi)}**", ""]
        lines += [
            f"- {esc(r.activity_name)}: {esc(fmt_qualified(fmt_auto(r.quantity), str(r.qualifier)))} {esc(r.unit)}"
            for r in res.itertuples()
        ]
        for period in [p for p in data.text_periods(str(o.entity)) if "-" in p]:
            priorities = data.text(str(o.entity), period)["priorities"]
            if priorities:
                lines += [
                    "",
                    f"Định hướng ưu tiên giai đoạn {esc(period.replace('-', '–'))}:",
                    "",
                    md_list(priorities),
                ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "Chưa có số liệu của tỉnh khác."
