"""Chương "Tổng quan": the year's key figures at a glance."""

from __future__ import annotations

from khuyencong import metrics as m
from khuyencong.chapters import NO_FUNDING, Chapter, edition_results, has_funding, start
from khuyencong.formatting import fmt_money, fmt_number, fmt_percent


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    totals = m.funding_totals(data.funding, province, year)
    results = edition_results(data, province, year)
    awards = data.awards[(data.awards["province"] == province) & (data.awards["year"] == year)]
    recognised = int(awards["recognised"].sum())
    n_activities = results["activity"].nunique()

    _funding_texts(ch, totals, has_funding(data, province, year))
    ch.text["awards_sentence"] = (
        f"{fmt_number(recognised)} sản phẩm công nghiệp nông thôn tiêu biểu được công nhận trong năm."
        if len(awards)
        else (
            "Trong năm không tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu."
            if has_funding(data, province, year)
            else "Tài liệu nguồn không nêu kết quả bình chọn sản phẩm công nghiệp nông thôn tiêu biểu."
        )
    )
    ch.table(
        "tbl_key_figures",
        [
            ["Tổng kinh phí khuyến công được giao", ch.text["allocated"]],
            ["Kinh phí đã thực hiện", ch.text["disbursed"]],
            ["Tỷ lệ thực hiện", ch.text["rate"]],
            ["Số nhiệm vụ, đề án đã thực hiện", ch.text["tasks"]],
            ["Số nội dung hoạt động có kết quả", fmt_number(n_activities)],
            ["Sản phẩm CNNT tiêu biểu được công nhận", fmt_number(recognised)],
        ],
        ["Chỉ tiêu", "Giá trị"],
        f"Số liệu chính năm {year}",
        widths=[70, 30],
    )
    ch.bullets("narrative", data.text(province, str(year))["results_narrative"][:2])
    return ch


def _funding_texts(ch: Chapter, totals: dict, known: bool) -> None:
    """The year's funding in words; a visible gap (never zeros) when the source gives none."""
    if known:
        ch.text["allocated"] = fmt_money(totals["allocated"])
        ch.text["disbursed"] = fmt_money(totals["disbursed"])
        ch.text["rate"] = fmt_percent(totals["rate"], missing="không tính được")
        ch.text["tasks"] = fmt_number(totals["tasks"])
        ch.text["funding_sentence"] = (
            f"Tổng kinh phí khuyến công được giao là {ch.text['allocated']}; đã thực hiện "
            f"{ch.text['tasks']} nhiệm vụ với kinh phí {ch.text['disbursed']}, đạt {ch.text['rate']} "
            "kinh phí được giao."
        )
        ch.text["national_sentence"] = (
            "Tỉnh không được giao kinh phí khuyến công quốc gia."
            if totals["national_allocated"] == 0
            else f"Trong đó kinh phí khuyến công quốc gia {fmt_money(totals['national_allocated'])}, "
            f"kinh phí khuyến công địa phương {fmt_money(totals['local_allocated'])}."
        )
    else:
        # The source gives no funding figures: a visible gap, never zeros.
        ch.text.update(dict.fromkeys(("allocated", "disbursed", "rate", "tasks"), NO_FUNDING))
        ch.text["funding_sentence"] = "Tài liệu nguồn không nêu số liệu kinh phí khuyến công."
        ch.text["national_sentence"] = ""
