"""The period review's báo cáo as the first page of a period edition: the same content as its
Word file (content/report/period.py), laid out like the annual report page (web.py), with the
five sections of a tổng kết / sơ kết."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong.content.chapters.glue import Glued, Md
from khuyencong.content.report import web
from khuyencong.content.report.period import build_period_report
from khuyencong.core.edition import parse_period

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset


@dataclass(frozen=True)
class PeriodReportPage(Glued):
    """Heading block, subject, the five numbered sections (title and body), closing, annexes."""

    head: Md
    draft: Md  # the DỰ THẢO mark; "" once the report is complete
    subject: Md
    opening: Md
    sec_1_title: str
    sec_1: Md
    sec_2_title: str
    sec_2: Md
    sec_3_title: str
    sec_3: Md
    sec_4_title: str
    sec_4: Md
    sec_5_title: str
    sec_5: Md
    closing: Md
    annexes: Md


def build(data: Dataset, province: str, period: str) -> PeriodReportPage:
    """The page of the report of `province` for `period` (`2016-2020`, `truoc-2021`)."""
    report = build_period_report(data, province, parse_period(period))
    # heading, subject, closing and annexes laid out as on the annual page
    shared = web.chapter(dataclasses.replace(report, sections=report.sections[:4]))
    bodies: dict = {}
    for i, section in enumerate(report.sections, start=1):
        bodies[f"sec_{i}_title"] = section.heading
        bodies[f"sec_{i}"] = Md(web._body(section, f"bao-cao-{i}"))
    return PeriodReportPage(
        head=shared.head,
        draft=shared.draft,
        subject=shared.subject,
        opening=shared.opening,
        closing=shared.closing,
        annexes=shared.annexes,
        **bodies,
    )
