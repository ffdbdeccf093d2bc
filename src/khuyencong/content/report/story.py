"""The year's whole story in the report: the year against the year before, cumulative progress
toward the programme's targets (section I), and next year's plan with the shortfalls carried
into it (section III). Each block is there when its data is, and left out, silently, when not.
The figures and their wording come from `figures.facts`, as in the chapters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from khuyencong.content.report.model import Column, Section, numeric_table
from khuyencong.content.report.plans import place_table
from khuyencong.figures import facts
from khuyencong.figures.cells import number
from khuyencong.figures.formatting import fmt_count
from khuyencong.figures.rules import SOURCE_LABELS

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset


def previous_year(data: Dataset, province: str, year: int) -> str | None:
    """Funding (allocated, spent, by source) against the year before; None without it."""
    return facts.year_on_year_sentence(data, province, year)


def progress(data: Dataset, province: str, year: int, annexes: list[Section]) -> Section | None:
    """Results from the programme's first year to `year` against its whole-period targets."""
    prog = data.programme_covering(province, year)
    rows = facts.programme_progress(data, province, year)
    if prog is None or rows is None or rows.empty:
        return None
    names = data.activities.set_index("activity")
    start, end = int(prog["period_start"]), int(prog["period_end"])
    table = numeric_table(
        f"Tiến độ thực hiện mục tiêu giai đoạn {start}–{end} đến hết năm {year}",
        [
            Column("Nội dung", 40),
            Column("Đơn vị", 10),
            Column("Mục tiêu giai đoạn", 12, "text"),
            Column("Lũy kế thực hiện", 12, "text"),
            Column("Tỷ lệ", 10, "percent"),
            Column("Còn lại", 12, "text"),
        ],
        [
            [
                str(names.loc[str(r.activity), "name_vi"]),
                str(names.loc[str(r.activity), "unit_vi"]).lower(),
                fmt_count(number(r.quantity_period)),
                fmt_count(number(r.quantity_done)),
                r.progress,
                fmt_count(number(r.quantity_remaining)),
            ]
            for r in rows.itertuples()
        ],
        total=False,
    )
    span = f"năm {year}" if start == year else f"từ năm {start} đến hết năm {year}"
    ref, body = place_table(table, table.caption, annexes)
    text = f"Kết quả thực hiện lũy kế {span} so với mục tiêu của {facts.programme_citation(prog)}{ref}."
    return Section("", "Tiến độ thực hiện mục tiêu của Chương trình", 2, [text, *body])


def carried(data: Dataset, province: str, year: int, annexes: list[Section]) -> Section | None:
    """Next year's plan per activity and source with what is behind carried into it, in whole
    units; None when nothing is behind (or no programme covers next year)."""
    rows = facts.carried_shortfalls(data, province, year)
    rows = rows[rows["shortfall"] > 0]
    if rows.empty:
        return None
    names = data.activities.set_index("activity")
    table = numeric_table(
        f"Nội dung chưa hoàn thành năm {year} chuyển sang năm {year + 1}",
        [
            Column("Nội dung", 36),
            Column("Nguồn", 14),
            Column("Đơn vị", 10),
            Column(f"Kế hoạch năm {year + 1}", 12, "text"),
            Column(f"Chưa hoàn thành đến hết năm {year}", 14, "text"),
            Column(f"Cần thực hiện năm {year + 1}", 14, "text"),
        ],
        [
            [
                str(names.loc[str(r.activity), "name_vi"]),
                SOURCE_LABELS[str(r.fund_source)],
                str(names.loc[str(r.activity), "unit_vi"]).lower(),
                fmt_count(number(r.planned_next)),
                fmt_count(number(r.shortfall)),
                fmt_count(number(r.needed)),
            ]
            for r in rows.itertuples()
        ],
        total=False,
    )
    ref, body = place_table(table, table.caption, annexes)
    text = (
        f"Các nội dung chưa hoàn thành theo kế hoạch đến hết năm {year} được chuyển sang thực "
        f"hiện trong năm {year + 1}, cùng với kế hoạch của năm{ref}."
    )
    return Section("", f"Nội dung chuyển sang năm {year + 1}", 2, [text, *body])
