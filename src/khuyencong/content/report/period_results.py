"""Section I of a period review (tổng kết / sơ kết) and its annexes by year: funding by year
and source with the period total, results by activity against the programme's targets
(cumulative, share reached), award rounds, effectiveness. Pure: the Dataset in, Sections out.

Figures come from the annual data of the years that have them, or from figures entered for
the whole period; the section says which years the annual data cover (figures/period.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.content.report.model import TOTAL_LABEL, Block, Section, Table
from khuyencong.content.report.plans import place_table
from khuyencong.core.edition import Period
from khuyencong.figures import metrics as m
from khuyencong.figures import period as fp
from khuyencong.figures.cells import number, optional_number
from khuyencong.figures.formatting import (
    fmt_auto,
    fmt_count,
    fmt_money,
    fmt_number,
    fmt_percent,
    fmt_qualified,
    fmt_ty,
)
from khuyencong.figures.rules import sort_by_programme

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

AWARD = "binh-chon-san-pham-cap-tinh"
FUNDING, COUNTERPART, GROWTH = "kinh-phi-duoc-giao", "von-doi-ung", "tang-truong-gtsx-cong-nghiep"


@dataclass(frozen=True)
class PeriodFigures:
    """Everything section I and the annexes are made of, computed once."""

    province: str
    period: Period
    covered: fp.Coverage
    by_year: pd.DataFrame  # funding_by_year
    results: pd.DataFrame  # period_results
    origin: str | None  # fp.STATED, fp.ANNUAL or None
    indicators: pd.DataFrame  # period_indicators
    plan: pd.DataFrame | None  # the running programme's plan, if any


def period_figures(data: Dataset, province: str, period: Period) -> PeriodFigures:
    funded = data.funding.loc[data.funding["province"] == province, "year"]
    covered = fp.coverage(period.years, (int(y) for y in funded))
    results, origin = fp.period_results(
        data.results, province, period.first, period.last, covered.annual
    )
    prog = data.programme_covering(province, period.first) if period.first else None
    return PeriodFigures(
        province,
        period,
        covered,
        fp.funding_by_year(data.funding, province, covered.annual),
        results,
        origin,
        fp.period_indicators(data.indicators, province, period.first, period.last),
        data.plan(prog["id"]) if prog else None,
    )


def coverage_sentence(f: PeriodFigures) -> str | None:
    """Which years the annual figures cover (none: the figures are the period's own)."""
    c = f.covered
    if not c.annual:
        return None
    text = f"Số liệu giai đoạn {f.period.span} là tổng hợp kết quả các năm {fp.year_list(c.annual)}"
    if c.missing:
        text += f" (năm {fp.year_list(c.missing)} chưa có báo cáo kết quả)"
    return text + "."


def results_section(
    data: Dataset, f: PeriodFigures, narrative: list[str], annexes: list[Section]
) -> Section:
    """Section I; its long tables join `annexes` (the body refers to them)."""
    parts = [
        _funding(data, f),
        _activities(data, f, annexes),
        _awards(data, f),
        _effectiveness(data, f),
        Section("", "Đánh giá chung", 2, list(narrative)),
    ]
    children = [p for p in parts if p is not None and (p.blocks or p.children)]
    for i, child in enumerate(children):
        child.number = f"{i + 1}."
    return Section("", "KẾT QUẢ THỰC HIỆN", 1, children=children)


def _indicator(f: PeriodFigures, code: str) -> pd.Series | None:
    rows = f.indicators[
        (f.indicators["indicator"] == code) & (f.indicators["fund_source"] == "all")
    ]
    return rows.iloc[0] if not rows.empty else None


def _amount(row: pd.Series) -> str:
    value = float(row.value)
    text = fmt_ty(value) if row.unit == "ty-dong" else fmt_money(value)
    return fmt_qualified(text, str(row.qualifier))


def _funding(data: Dataset, f: PeriodFigures) -> Section | None:
    blocks: list[Block] = []
    stated = _indicator(f, FUNDING)
    if stated is not None:
        blocks.append(
            f"Kinh phí khuyến công từ Trung ương và địa phương được giao giai đoạn "
            f"{f.period.span} là {_amount(stated)}."
        )
    sentence = coverage_sentence(f)
    if sentence:
        blocks.append(sentence)
    if not f.by_year.empty:
        total = fp.funding_total(f.by_year)
        blocks.append(
            f"Tổng kinh phí khuyến công được giao là {fmt_money(total['allocated'])}, trong đó "
            f"khuyến công quốc gia {fmt_money(total['allocated_national'])}, khuyến công địa "
            f"phương {fmt_money(total['allocated_local'])}; đã thực hiện "
            f"{fmt_count(total['tasks'])} nhiệm vụ với kinh phí {fmt_money(total['disbursed'])}."
        )
        blocks += [*_plan_sentence(f, total), _funding_table(f)]
    return Section("", "Kinh phí khuyến công", 2, blocks) if blocks else None


def _plan_sentence(f: PeriodFigures, total: dict[str, float]) -> list[Block]:
    """The programme's budget for the covered years by fund source, against the allocation."""
    if f.plan is None:
        return []
    planned = fp.plan_budget_by_year(f.plan, f.covered.annual)
    if planned.empty or not planned["planned"].sum():
        return []
    years = fp.year_list([int(y) for y in planned.index])
    whole = float(planned["planned"].sum())
    return [
        f"Theo Chương trình khuyến công, kinh phí dự kiến các năm {years} là {fmt_money(whole)} "
        f"(khuyến công quốc gia {fmt_money(float(planned['planned_national'].sum()))}, khuyến "
        f"công địa phương {fmt_money(float(planned['planned_local'].sum()))}); kinh phí được "
        f"giao bằng {fmt_percent(m.share(total['allocated'], whole))} kinh phí dự kiến."
    ]


def _funding_table(f: PeriodFigures) -> Table:
    planned = fp.plan_budget_by_year(f.plan, f.covered.annual) if f.plan is not None else None
    by_year = {} if planned is None else planned["planned"].to_dict()
    rows = []
    for year, r in f.by_year.iterrows():
        rows.append(_funding_row(str(year), r, by_year.get(year, "")))
    total = pd.Series(fp.funding_total(f.by_year))
    plan_total = "" if planned is None else float(planned["planned"].sum())
    return Table(
        f"Kinh phí khuyến công giai đoạn {f.period.span} theo năm và nguồn (triệu đồng)",
        ["Năm", "Kế hoạch", "Quốc gia", "Địa phương", "Tổng được giao", "Đã thực hiện", "Nhiệm vụ"],
        rows,
        [12, 14, 14, 14, 16, 16, 14],
        numeric=[False] + [True] * 6,
        total=_funding_row(TOTAL_LABEL, total, plan_total),
    ).without_empty_columns()


def _funding_row(label: str, r: pd.Series, plan: object) -> list[str]:
    return [
        label,
        fmt_number(float(plan)) if plan != "" else "",  # type: ignore[arg-type]
        fmt_number(r["allocated_national"]),
        fmt_number(r["allocated_local"]),
        fmt_number(r["allocated"]),
        fmt_number(r["disbursed"]),
        fmt_count(int(r["tasks"])),
    ]


def _activities(data: Dataset, f: PeriodFigures, annexes: list[Section]) -> Section | None:
    rows = f.results[f.results["activity"] != AWARD] if f.origin == fp.STATED else f.results
    if rows.empty:
        return None
    names = data.activities.set_index("activity")["name_vi"]
    merged = rows.groupby(["activity", "unit"], as_index=False, sort=False)["quantity"].sum()
    done: dict[str, list[str]] = {}
    for r in merged.itertuples():
        done.setdefault(str(r.activity), []).append(
            f"{fmt_count(number(r.quantity))} {str(r.unit).lower()}"
        )
    blocks: list[Block] = [f"- {names.get(a, a)}: {', '.join(q)};" for a, q in done.items()]
    blocks[-1] = str(blocks[-1]).rstrip(";") + "."
    if f.plan is not None and f.origin == fp.ANNUAL:
        table = _progress_table(data, f)
        ref, body = place_table(table, table.caption, annexes)
        lead = f"Kết quả lũy kế so với mục tiêu của Chương trình{ref}"
        blocks += [lead + ("." if ref else ":"), *body]
    return Section("", "Kết quả thực hiện các nội dung khuyến công", 2, blocks)


def progress(data: Dataset, f: PeriodFigures) -> pd.DataFrame:
    """Cumulative progress toward each of the programme's targets (annual figures only)."""
    assert f.plan is not None
    done = fp.done_in_catalogue_unit(f.results, data.activities)
    done = fp.with_award_rounds(done, AWARD, len(_rounds(data, f)))
    return sort_by_programme(fp.target_progress(f.plan, done, f.period.last), data.activities)


def progress_rows(data: Dataset, f: PeriodFigures) -> list[list[str]]:
    """Name, unit, planned to the period's end, done, share, programme target, share."""
    cat = data.activities.set_index("activity")
    names, units = cat["name_vi"].to_dict(), cat["unit_vi"].to_dict()
    return [
        [
            str(names.get(r.activity, r.activity)),
            str(units.get(r.activity, "")),
            fmt_auto(float(r.planned)),  # type: ignore[arg-type]
            fmt_auto(float(r.done)),  # type: ignore[arg-type]
            fmt_percent(optional_number(r.share_planned)),
            fmt_auto(float(r.target)),  # type: ignore[arg-type]
            fmt_percent(optional_number(r.share_target)),
        ]
        for r in progress(data, f).itertuples()
    ]


def _progress_table(data: Dataset, f: PeriodFigures) -> Table:
    assert f.plan is not None
    first_plan, last_plan = int(f.plan["year"].min()), int(f.plan["year"].max())
    span = f"{f.period.first}–{f.period.last}"
    return Table(
        f"Kết quả lũy kế giai đoạn {span} so với mục tiêu Chương trình "
        f"giai đoạn {first_plan}–{last_plan}",
        [
            "Nội dung",
            "Đơn vị",
            f"Kế hoạch {span}",
            "Lũy kế thực hiện",
            "Tỷ lệ so với kế hoạch",
            f"Mục tiêu {first_plan}–{last_plan}",
            "Tỷ lệ so với mục tiêu",
        ],
        progress_rows(data, f),
        [34, 10, 11, 11, 11, 12, 11],
        numeric=[False, False] + [True] * 5,
    )


def _awards(data: Dataset, f: PeriodFigures) -> Section | None:
    title = "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu"
    if f.origin == fp.STATED:
        rows = f.results[f.results["activity"] == AWARD]
        if rows.empty:
            return None
        r = rows.iloc[0]
        note = str(r.note).rstrip(".") if isinstance(r.note, str) else ""
        note = f" ({note[0].lower()}{note[1:]})" if note else ""
        return Section(
            "",
            title,
            2,
            [
                f"Tổ chức {fmt_count(number(r.quantity))} {str(r.unit).lower()} bình chọn sản phẩm "
                f"công nghiệp nông thôn tiêu biểu cấp tỉnh{note}."
            ],
        )
    rounds = _rounds(data, f)
    return _award_rounds(rounds, title) if not rounds.empty else None


def _rounds(data: Dataset, f: PeriodFigures) -> pd.DataFrame:
    """The provincial award rounds of the years covered by annual data."""
    a = data.awards
    return a[
        (a["province"] == f.province) & (a["level"] == "tinh") & a["year"].isin(f.covered.annual)
    ]


def _award_rounds(rounds: pd.DataFrame, title: str) -> Section:
    years = sorted(int(y) for y in rounds["year"])
    return Section(
        "",
        title,
        2,
        [
            f"Tổ chức {fmt_count(len(years))} lần bình chọn sản phẩm công nghiệp nông thôn tiêu "
            f"biểu cấp tỉnh (năm {fp.year_list(years)}), công nhận "
            f"{fmt_count(int(rounds['recognised'].sum()))} sản phẩm."
        ],
    )


def _effectiveness(data: Dataset, f: PeriodFigures) -> Section | None:
    blocks: list[Block] = []
    capital = _indicator(f, COUNTERPART)
    if capital is not None:
        blocks.append(
            "Các đề án khuyến công đã thu hút vốn đối ứng của doanh nghiệp, cơ sở công nghiệp "
            f"nông thôn đầu tư máy móc thiết bị tiên tiến vào sản xuất với tổng số tiền "
            f"{_amount(capital)}."
        )
    growth = _indicator(f, GROWTH)
    if growth is not None:
        first, last = int(growth.period_start), int(growth.period_end)
        average = m.average_annual_growth(float(growth.value), last - first)
        blocks.append(
            f"Năm {last}, giá trị sản xuất công nghiệp tăng {fmt_percent(float(growth.value))} "
            f"so với năm {first}, tăng trưởng bình quân {fmt_percent(average)}/năm."
        )
    return Section("", "Hiệu quả", 2, blocks) if blocks else None


def yearly_annex(data: Dataset, f: PeriodFigures, annexes: list[Section]) -> list[Section]:
    """`annexes` and the annex table of the results by year; none without annual figures."""
    if not f.covered.annual:
        return annexes
    table = sort_by_programme(
        fp.yearly_quantities(data.results, f.province, f.covered.annual), data.activities
    )
    if table.empty:
        return annexes
    names = data.activities.set_index("activity")["name_vi"]
    years = [str(y) for y in f.covered.annual]
    rows = [
        [str(names.get(r["activity"], r["activity"])), str(r["unit"])]
        + [fmt_auto(r[y]) for y in years]
        + [fmt_auto(r["total"])]
        for _, r in table.iterrows()
    ]
    caption = f"Kết quả thực hiện các nội dung khuyến công theo năm, giai đoạn {f.period.span}"
    header = ["Nội dung", "Đơn vị", *years, "Lũy kế"]
    numeric = [False, False] + [True] * (len(years) + 1)
    table_ = Table(caption, header, rows, numeric=numeric)
    return [*annexes, Section("", caption, 1, [table_])]  # numbered with the others (NĐ 30)
