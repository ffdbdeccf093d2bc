"""The period review's báo cáo as the first page of a period edition: the same content as its
Word file (content/report/period.py), laid out like the annual report page (web.py), with the
five sections of a tổng kết / sơ kết."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong.content.chapters.glue import Md
from khuyencong.content.report import web
from khuyencong.content.report.period import build_period_report
from khuyencong.core.edition import parse_period

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset


@dataclass(frozen=True)
class PeriodReportPage(web.ReportPage):
    """The annual page's fields (heading, subject, sections I–IV, closing, annexes) and the
    fifth section of a tổng kết / sơ kết."""

    sec_5_title: str
    sec_5: Md


def build(data: Dataset, province: str, period: str) -> PeriodReportPage:
    """The page of the report of `province` for `period` (`2016-2020`, `truoc-2021`)."""
    report = build_period_report(data, province, parse_period(period))
    # heading, subject, closing and annexes laid out as on the annual page; the five bodies
    shared = web.chapter(dataclasses.replace(report, sections=report.sections[:4]))
    fields = {f.name: getattr(shared, f.name) for f in dataclasses.fields(shared)}
    for i, section in enumerate(report.sections, start=1):
        fields[f"sec_{i}_title"] = section.heading
        fields[f"sec_{i}"] = Md(web._body(section, f"bao-cao-{i}"))
    return PeriodReportPage(**fields)
