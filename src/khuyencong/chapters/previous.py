"""Chương "Giai đoạn trước": the latest multi-year review before the year, and the
orientation it set for the following period."""

from __future__ import annotations

from khuyencong import metrics as m
from khuyencong.chapters import Chapter, start
from khuyencong.formatting import fmt_auto, fmt_money, fmt_percent, fmt_qualified, fmt_ty

GROWTH = "tang-truong-gtsx-cong-nghiep"
TEXT_KEYS = (
    "period",
    "funding",
    "counterpart",
    "funding_sentence",
    "growth",
    "growth_span",
    "cagr",
    "next_period",
)
MONEY_INDICATORS = ("kinh-phi-duoc-giao", "von-doi-ung")


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    periods = [p for p in data.multi_year_periods(province) if p[1] < year]
    if not periods:
        ch.text["no_period"] = "Chưa có dữ liệu tổng kết giai đoạn trước của tỉnh."
        ch.text.update(dict.fromkeys(TEXT_KEYS, "—"))
        ch.blank("tbl_period_results", "narrative", "limitations", "solutions")
        return ch
    start_year, end = periods[-1]
    ch.text["no_period"] = ""
    ch.text["period"] = f"{start_year}–{end}"
    ch.text["next_period"] = f"{end + 1}–{end + 1 + (end - start_year)}"
    inds = data.indicators[
        (data.indicators["entity"] == province) & (data.indicators["period_end"] == end)
    ]
    ch.text["funding"] = _money(inds, "kinh-phi-duoc-giao")
    ch.text["counterpart"] = _money(inds, "von-doi-ung")
    ch.text["funding_sentence"] = _money_sentence(data, inds)
    _growth(ch, inds)
    rows = m.results_by_group(
        m.results_for(data.results, province, start_year, end), data.activities, data.content_groups
    )
    ch.table(
        "tbl_period_results",
        [
            [
                f"{r.group}. {r.group_name}",
                r.activity_name,
                fmt_qualified(fmt_auto(r.quantity), r.qualifier),
                r.unit,
                r.note if isinstance(r.note, str) else "",
            ]
            for r in rows.itertuples()
        ],
        ["Nhóm nội dung", "Nội dung", "Số lượng", "Đơn vị", "Ghi chú"],
        f"Kết quả hoạt động khuyến công giai đoạn {start_year}–{end}",
        widths=[24, 40, 10, 10, 16],
    )
    text = data.text(province, f"{start_year}-{end}")
    ch.bullets("narrative", text["results_narrative"])
    ch.bullets("limitations", text["limitations"])
    ch.bullets("solutions", text["solutions"] or text["priorities"])
    return ch


def _money_sentence(data, inds) -> str:
    """The period's money indicators, each named as the catalogue names it (none: no sentence)."""
    names = data.indicator_catalogue.set_index("indicator")["name_vi"]
    parts = [
        f"{names[code]} trong giai đoạn: {_money(inds, code)}."
        for code in MONEY_INDICATORS
        if (inds["indicator"] == code).any()
    ]
    return " ".join(parts)


def _money(inds, code: str) -> str:
    rows = inds[inds["indicator"] == code]
    if rows.empty:
        return "không có số liệu"
    r = rows.iloc[0]
    return fmt_qualified(
        fmt_ty(r.value) if r.unit == "ty-dong" else fmt_money(r.value), r.qualifier
    )


def _growth(ch: Chapter, inds) -> None:
    """Average annual growth (compound) derived from the growth over the whole period."""
    rows = inds[inds["indicator"] == GROWTH]
    if rows.empty:
        ch.text.update(growth="—", growth_span="—", cagr="—")
        return
    g = rows.iloc[0]
    span = int(g.period_end) - int(g.period_start)
    ch.text["growth"] = fmt_percent(g.value)
    ch.text["growth_span"] = f"năm {int(g.period_end)} so với năm {int(g.period_start)}"
    ch.text["cagr"] = fmt_percent(m.average_annual_growth(float(g.value), span)) + "/năm"
