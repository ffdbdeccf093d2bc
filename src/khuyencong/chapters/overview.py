"""Chương "Tổng quan": the year's key figures at a glance."""

from __future__ import annotations

from khuyencong import metrics as m
from khuyencong.chapters import Chapter, start
from khuyencong.formatting import fmt_money, fmt_number, fmt_percent


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    totals = m.funding_totals(data.funding, province, year)
    results = m.results_for(data.results, province, year, year)
    awards = data.awards[(data.awards["province"] == province) & (data.awards["year"] == year)]
    recognised = int(awards["recognised"].sum())
    n_activities = results["activity"].nunique()

    ch.text["allocated"] = fmt_money(totals["allocated"])
    ch.text["disbursed"] = fmt_money(totals["disbursed"])
    ch.text["rate"] = fmt_percent(totals["rate"], missing="không tính được")
    ch.text["tasks"] = fmt_number(totals["tasks"])
    ch.text["national_sentence"] = (
        "Tỉnh không được giao kinh phí khuyến công quốc gia."
        if totals["national_allocated"] == 0
        else f"Trong đó kinh phí khuyến công quốc gia {fmt_money(totals['national_allocated'])}, "
        f"kinh phí khuyến công địa phương {fmt_money(totals['local_allocated'])}."
    )
    ch.text["awards_sentence"] = (
        f"{fmt_number(recognised)} sản phẩm công nghiệp nông thôn tiêu biểu được công nhận trong năm."
        if len(awards)
        else "Trong năm không tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu."
    )
    ch.table(
        "tbl_key_figures",
        [
            ["Tổng kinh phí khuyến công được giao", fmt_money(totals["allocated"])],
            ["Kinh phí đã thực hiện", fmt_money(totals["disbursed"])],
            ["Tỷ lệ thực hiện", fmt_percent(totals["rate"])],
            ["Số nhiệm vụ, đề án đã thực hiện", fmt_number(totals["tasks"])],
            ["Số nội dung hoạt động có kết quả", fmt_number(n_activities)],
            ["Sản phẩm CNNT tiêu biểu được công nhận", fmt_number(recognised)],
        ],
        ["Chỉ tiêu", "Giá trị"],
        f"Số liệu chính năm {year}",
        widths=[70, 30],
    )
    ch.bullets("narrative", data.text(province, str(year))["results_narrative"][:2])
    return ch
