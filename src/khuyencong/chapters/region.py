"""Chương "Bối cảnh khu vực": the region's khuyến công funding and shares, and other
provinces' results (an unnamed province stays unnamed)."""

from __future__ import annotations

from khuyencong import metrics as m
from khuyencong.chapters import Chapter, start
from khuyencong.charts import grouped_bars
from khuyencong.formatting import fmt_auto, fmt_percent, fmt_qualified, fmt_ty
from khuyencong.markdown import esc, md_list

PLAN = "kinh-phi-ke-hoach"
TEXT_KEYS = (
    "region_name",
    "region_year",
    "region_total",
    "region_national",
    "region_local",
    "national_share",
    "local_share",
    "prev_total",
    "change",
    "boundary",
)


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    _region(ch, data, province, year)
    ch.md["others"] = _others(data, province)
    return ch


def province_region(data, province: str) -> str | None:
    """The region a province belongs to (entities.csv `region`), None when not known."""
    region = data.entities.set_index("entity").loc[province].get("region")
    return region if isinstance(region, str) and region else None


def _region(ch: Chapter, data, province: str, year: int) -> None:
    inds = data.indicators
    plans = inds[
        (inds["entity"] == province_region(data, province))
        & (inds["indicator"] == PLAN)
        & (inds["fund_source"] == "all")
        & (inds["period_end"] <= year)
    ]
    if plans.empty:
        ch.text["no_region"] = "Chưa có số liệu khu vực trong dữ liệu."
        ch.text.update(dict.fromkeys(TEXT_KEYS, "—"))
        ch.blank("tbl_region", "tbl_region_results")
        ch.blank("fig_region")
        return
    ch.text["no_region"] = ""
    ry = int(plans["period_end"].max())
    region = plans[plans["period_end"] == ry].iloc[0].entity
    ent = data.entities.set_index("entity").loc[region]
    rin = inds[(inds["entity"] == region) & (inds["period_end"] == ry)]

    total, national, local = (
        float(m.indicator(rin, region, PLAN, ry, source)["value"])
        for source in ("all", "national", "local")
    )
    ch.text.update(
        region_name=ent["name_vi"],
        boundary=ent["boundary_note"] if isinstance(ent["boundary_note"], str) else "",
        region_year=str(ry),
        region_total=fmt_ty(total),
        region_national=fmt_ty(national),
        region_local=fmt_ty(local),
        national_share=fmt_percent(m.share(national, total)),
        local_share=fmt_percent(m.share(local, total)),
    )
    prev = plans[plans["period_end"] == ry - 1]
    if len(prev):
        change = m.change_percent(float(prev.iloc[0].value), total)
        ch.text["prev_total"] = fmt_ty(float(prev.iloc[0].value))
        ch.text["change"] = ("giảm " if change < 0 else "tăng ") + fmt_percent(abs(change))
        stated = _stated_change(data, region, ry)
        if stated is not None:  # a figure the source prints is quoted as printed (seed 004)
            ch.text["change"] = ("thấp hơn " if change < 0 else "cao hơn ") + stated
    else:
        ch.text["prev_total"], ch.text["change"] = "không có số liệu", "chưa so sánh được"
    _region_tables(ch, data, rin, region, ry, {"all": total, "national": national, "local": local})
    ch.figures["fig_region"] = grouped_bars(
        ["Khuyến công quốc gia", "Khuyến công địa phương"],
        {"Kế hoạch": [national, local]},
        f"Kế hoạch kinh phí khuyến công khu vực năm {ry}",
        "tỷ đồng",
        value_decimals=1,
    )


def _stated_change(data, region: str, year: int) -> str | None:
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


def _region_tables(ch: Chapter, data, rin, region: str, ry: int, base: dict) -> None:
    """Each indicator with its ratio to the plan of the same fund source."""
    catalogue = data.indicator_catalogue.set_index("indicator")["name_vi"]
    label = {"all": "Toàn vùng", **m.FUND_LABELS}
    rows = []
    for r in rin.sort_values(["indicator", "fund_source"], kind="stable").itertuples():
        denom = base.get(r.fund_source)
        ratio = (
            fmt_percent(m.share(r.value, denom))
            if denom and r.unit == "ty-dong" and r.indicator != PLAN
            else "—"
        )
        rows.append(
            [
                catalogue.get(r.indicator, r.indicator),
                label[r.fund_source],
                fmt_qualified(fmt_auto(r.value), r.qualifier),
                ratio,
            ]
        )
    ent_name = data.entities.set_index("entity").loc[region, "name_vi"]
    ch.table(
        "tbl_region",
        rows,
        ["Chỉ tiêu", "Nguồn", "Giá trị (tỷ đồng)", "So với kế hoạch cùng nguồn"],
        f"Kinh phí khuyến công {ent_name} năm {ry}",
        widths=[46, 22, 16, 16],
    )
    res = data.results[(data.results["entity"] == region) & (data.results["period_end"] == ry)]
    res = m.results_by_group(res.drop(columns="__row"), data.activities, data.content_groups)
    ch.table(
        "tbl_region_results",
        [
            [r.activity_name, fmt_qualified(fmt_auto(r.quantity), r.qualifier), r.unit]
            for r in res.itertuples()
        ],
        ["Nội dung", "Số lượng", "Đơn vị"],
        f"Nội dung hỗ trợ dự kiến của khu vực năm {ry}",
        widths=[60, 20, 20],
    )


def _others(data, province: str) -> str:
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
            f"- {esc(r.activity_name)}: {esc(fmt_qualified(fmt_auto(r.quantity), r.qualifier))} {esc(r.unit)}"
            for r in res.itertuples()
        ]
        for period in [p for p in data.text_periods(o.entity) if "-" in p]:
            priorities = data.text(o.entity, period)["priorities"]
            if priorities:
                lines += [
                    "",
                    f"Định hướng ưu tiên giai đoạn {esc(period.replace('-', '–'))}:",
                    "",
                    md_list(priorities),
                ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "Chưa có số liệu của tỉnh khác."
