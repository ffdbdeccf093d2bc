"""Chương "Tổng quan": the year's key figures at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong.content.chapters import NO_FUNDING, edition_names, edition_results, has_funding
from khuyencong.content.chapters.glue import EditionNames, Glued, Table, table
from khuyencong.figures import facts
from khuyencong.figures import metrics as m
from khuyencong.figures.formatting import fmt_count, fmt_money, fmt_number, fmt_percent

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset


@dataclass(frozen=True)
class FundingFacts:
    """The year's funding in words; a visible gap (never zeros) when the source gives none."""

    allocated: str
    disbursed: str
    rate: str
    tasks: str
    funding_sentence: str
    national_sentence: str


@dataclass(frozen=True)
class Overview(Glued):
    edition: EditionNames
    funding_sentence: str
    national_sentence: str
    awards_sentence: str
    tbl_key_figures: Table


def build(data: Dataset, province: str, year: int) -> Overview:
    totals = m.funding_totals(data.funding, province, year)
    results = edition_results(data, province, year)
    awards = m.awards_for(data.awards, province, year)
    recognised = int(awards["recognised"].sum())
    funded = has_funding(data, province, year)
    funding = (
        _funding_facts(totals, facts.funding_sentence(data, province, year))
        if funded
        else _no_funding()
    )
    key_figures = [
        ["Tổng kinh phí khuyến công được giao", funding.allocated],
        ["Kinh phí đã thực hiện", funding.disbursed],
        ["Tỷ lệ thực hiện", funding.rate],
        ["Số nhiệm vụ, đề án đã thực hiện", funding.tasks],
        ["Số nội dung hoạt động có kết quả", fmt_number(results["activity"].nunique())],
        ["Sản phẩm CNNT tiêu biểu được công nhận", fmt_number(recognised)],
    ]
    return Overview(
        edition=edition_names(data, province, year),
        funding_sentence=funding.funding_sentence,
        national_sentence=funding.national_sentence,
        awards_sentence=awards_sentence(recognised if len(awards) else None, funded),
        tbl_key_figures=table(
            "tbl_key_figures",
            key_figures,
            ["Chỉ tiêu", "Giá trị"],
            f"Số liệu chính năm {year}",
            widths=[70, 30],
        ),
    )


def awards_sentence(recognised: int | None, funded: bool) -> str:
    """The year's recognised products; without an award round, why the page has none."""
    if recognised is not None:
        return f"{fmt_count(recognised)} sản phẩm công nghiệp nông thôn tiêu biểu được công nhận trong năm."
    if funded:
        return "Trong năm không tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu."
    return "Tài liệu nguồn không nêu kết quả bình chọn sản phẩm công nghiệp nông thôn tiêu biểu."


def _funding_facts(totals: dict, sentence: str) -> FundingFacts:
    allocated, disbursed = fmt_money(totals["allocated"]), fmt_money(totals["disbursed"])
    rate = fmt_percent(totals["rate"], missing="không tính được")
    tasks = fmt_count(totals["tasks"])
    return FundingFacts(
        allocated=allocated,
        disbursed=disbursed,
        rate=rate,
        tasks=tasks,
        funding_sentence=sentence,
        national_sentence="Tỉnh không được giao kinh phí khuyến công quốc gia."
        if totals["national_allocated"] == 0
        else f"Trong đó kinh phí khuyến công quốc gia {fmt_money(totals['national_allocated'])}, "
        f"kinh phí khuyến công địa phương {fmt_money(totals['local_allocated'])}.",
    )


def _no_funding() -> FundingFacts:
    # The source gives no funding figures: a visible gap, never zeros.
    return FundingFacts(
        allocated=NO_FUNDING,
        disbursed=NO_FUNDING,
        rate=NO_FUNDING,
        tasks=NO_FUNDING,
        funding_sentence="Tài liệu nguồn không nêu số liệu kinh phí khuyến công.",
        national_sentence="",
    )
