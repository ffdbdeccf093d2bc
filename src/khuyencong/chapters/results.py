"""Chương "Kết quả đạt được": funding by source, results by activity and group, awards,
the programme's plan for the year and progress to date, and the previous year."""

from __future__ import annotations

import unicodedata

from khuyencong import metrics as m
from khuyencong.chapters import (
    NO_FUNDING,
    Chapter,
    edition_results,
    has_funding,
    start,
)
from khuyencong.charts import grouped_bars
from khuyencong.formatting import fmt_auto, fmt_money, fmt_number, fmt_optional, fmt_percent
from khuyencong.narrative import award_sentence
from khuyencong.rules import AWARD_LEVEL_LABELS, SOURCE_LABELS, plan_comparison, sort_by_programme


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    text = data.text(province, str(year))
    ch.bullets("policies", text["policies"])
    ch.bullets("narrative", text["results_narrative"])
    _funding(ch, data, province, year)
    _activities(ch, data, province, year)
    _awards(ch, data, province, year)
    _plan(ch, data, province, year)
    _previous_year(ch, data, province, year)
    return ch


def _funding(ch: Chapter, data, province: str, year: int) -> None:
    if not has_funding(data, province, year):
        # The source gives no funding figures: a visible gap, never zeros.
        ch.text.update(
            dict.fromkeys(("allocated", "disbursed", "unspent", "rate", "tasks"), NO_FUNDING)
        )
        ch.text["funding_sentence"] = (
            "Tài liệu nguồn không nêu số liệu kinh phí khuyến công, số nhiệm vụ đã thực hiện."
        )
        ch.blank("tbl_funding", "fig_funding")  # no chart without figures
        return
    fund = m.funding_year(data.funding, province, year)
    totals = m.funding_totals(data.funding, province, year)
    ch.table(
        "tbl_funding",
        _funding_rows(fund, totals),
        [
            "Nguồn kinh phí",
            "Được giao (triệu đồng)",
            "Đã thực hiện (triệu đồng)",
            "Tỷ lệ thực hiện",
            "Số nhiệm vụ",
        ],
        f"Kinh phí khuyến công năm {year} theo nguồn",
    )
    ch.text.update(
        allocated=fmt_money(totals["allocated"]),
        disbursed=fmt_money(totals["disbursed"]),
        unspent=fmt_money(totals["unspent"])
        + (
            f"; kinh phí thực hiện vượt kinh phí được giao {fmt_money(totals['overspent'])}"
            if totals["overspent"] > 0
            else ""
        ),
        rate=fmt_percent(totals["rate"]),
        tasks=fmt_number(totals["tasks"]),
    )
    ch.text["funding_sentence"] = (
        f"Năm {year}, tổng kinh phí khuyến công được giao là {ch.text['allocated']}; đã thực hiện "
        f"{ch.text['tasks']} nhiệm vụ với kinh phí {ch.text['disbursed']}, đạt {ch.text['rate']}. "
        f"Chênh lệch giữa kinh phí được giao và kinh phí đã thực hiện: {ch.text['unspent']}."
    )
    ch.figures["fig_funding"] = grouped_bars(
        [m.FUND_LABELS[s] for s in fund["fund_source"]],
        {"Được giao": list(fund["allocated"]), "Đã thực hiện": list(fund["disbursed"])},
        f"Kinh phí khuyến công năm {year}",
        "triệu đồng",
    )


def _funding_rows(fund, totals: dict) -> list[list[str]]:
    """One row per fund source, then the total."""
    rows = [
        [
            m.FUND_LABELS[r.fund_source],
            fmt_number(r.allocated),
            fmt_number(r.disbursed),
            fmt_percent(r.rate),
            fmt_number(r.tasks),
        ]
        for r in fund.itertuples()
    ]
    total = [totals[k] for k in ("allocated", "disbursed")]
    rows.append(
        [
            "Tổng cộng",
            *(fmt_number(v) for v in total),
            fmt_percent(totals["rate"]),
            fmt_number(totals["tasks"]),
        ]
    )
    return rows


# A figure that is not an exact result says so beside the number (never counted silently).
QUALIFIER_MARKS = {
    "planned": " (kế hoạch, chưa thực hiện)",
    "estimated": " (ước)",
    "at_least": " (tối thiểu)",
}


def _activities(ch: Chapter, data, province: str, year: int) -> None:
    own = edition_results(data, province, year)
    rows = m.results_by_group(own, data.activities, data.content_groups)
    # Results whose start the source does not give are "up to" the year, not of the year.
    span = "đến năm" if len(own) and own["period_start"].isna().all() else "năm"
    ch.table(
        "tbl_results",
        [
            [
                f"{r.group}. {r.group_name}",
                r.activity_name,
                SOURCE_LABELS.get(r.fund_source, "—"),
                fmt_auto(r.quantity) + QUALIFIER_MARKS.get(r.qualifier, ""),
                r.unit,
                fmt_optional(r.budget),
            ]
            for r in rows.itertuples()
        ],
        [
            "Nhóm nội dung",
            "Nội dung hỗ trợ",
            "Nguồn",
            "Số lượng",
            "Đơn vị",
            "Kinh phí (triệu đồng)",
        ],
        f"Kết quả thực hiện {span} {year} theo nội dung hoạt động và nguồn kinh phí",
        widths=[22, 38, 12, 10, 8, 10],
    )
    ch.text["n_groups"] = fmt_number(len(m.count_by_group(rows)))
    ch.text["n_groups_all"] = fmt_number(len(data.content_groups))
    ch.text["n_activities"] = fmt_number(rows["activity"].nunique())


def _awards(ch: Chapter, data, province: str, year: int) -> None:
    """Every award level held in the year, one sentence and one table row each."""
    awards = data.awards[(data.awards["province"] == province) & (data.awards["year"] == year)]
    if awards.empty:
        ch.text["awards_sentence"] = (
            "Trong năm không tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu."
            if has_funding(data, province, year)
            else "Tài liệu nguồn không nêu kết quả bình chọn sản phẩm công nghiệp nông thôn tiêu biểu."
        )
        ch.blank("tbl_awards")
        return
    sentences, rows = [], []
    for a in awards.itertuples():
        rates = m.award_rates(int(a.dossiers), int(a.eligible), int(a.recognised))
        level = AWARD_LEVEL_LABELS.get(a.level, a.level)
        sentence = award_sentence(
            int(a.dossiers), int(a.units), int(a.eligible), int(a.recognised), rates
        )
        sentences.append(f"Cấp {level}: {sentence}" if len(awards) > 1 else sentence)
        rows.append(
            [
                f"Cấp {level}",
                fmt_number(a.dossiers),
                fmt_number(a.units),
                fmt_number(a.eligible),
                fmt_number(a.recognised),
                fmt_percent(rates["recognised_of_eligible"]),
            ]
        )
    ch.text["awards_sentence"] = " ".join(sentences)
    ch.table(
        "tbl_awards",
        rows,
        [
            "Cấp bình chọn",
            "Hồ sơ đăng ký",
            "Đơn vị tham gia",
            "Hồ sơ đủ điều kiện",
            "Sản phẩm được công nhận",
            "Tỷ lệ công nhận / đủ điều kiện",
        ],
        f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu năm {year}",
    )


def _plan(ch: Chapter, data, province: str, year: int) -> None:
    """Actual against the programme's plan for the year, and progress toward its targets."""
    prog = data.programme_covering(province, year)
    if prog is None:
        ch.text["plan_sentence"] = (
            f"Kế hoạch năm {year} theo chương trình khuyến công của tỉnh chưa có trong số liệu, "
            "nên chưa so sánh được kết quả với kế hoạch."
        )
        ch.blank("tbl_plan", "tbl_plan_funding", "tbl_progress")
        return
    plan = data.plan(prog["id"])
    cmp = plan_comparison(data, province, year)
    names = data.activities.set_index("activity")
    ch.text["plan_sentence"] = (
        f"So sánh với kế hoạch năm {year} của {prog['title']} (Quyết định số {prog['decision_number']}), "
        "theo từng nội dung và nguồn kinh phí."
    )
    ch.table(
        "tbl_plan",
        [
            [
                names.loc[r.activity, "name_vi"],
                SOURCE_LABELS[r.fund_source],
                names.loc[r.activity, "unit_vi"],
                fmt_auto(r.planned),
                fmt_auto(r.actual) if r.comparable else "không so sánh được (khác đơn vị)",
                fmt_percent(100.0 * r.actual / r.planned) if r.comparable and r.planned else "—",
                fmt_auto(r.budget_planned),
                fmt_optional(r.budget_actual),
            ]
            for r in cmp.itertuples()
        ],
        [
            "Nội dung",
            "Nguồn",
            "Đơn vị",
            "Số lượng kế hoạch",
            "Số lượng thực hiện",
            "Tỷ lệ",
            "Kinh phí kế hoạch",
            "Kinh phí thực hiện",
        ],
        f"Thực hiện so với kế hoạch năm {year} theo nội dung và nguồn (kinh phí: triệu đồng)",
        widths=[30, 10, 8, 10, 10, 8, 12, 12],
    )
    by_source = m.plan_totals(plan)
    fund = m.funding_year(data.funding, province, year).set_index("fund_source")
    ch.table(
        "tbl_plan_funding",
        [
            [
                m.FUND_LABELS[s],
                fmt_auto(by_source.loc[year, s]) if year in by_source.index else "—",
                fmt_number(fund.loc[s, "allocated"]) if s in fund.index else "—",
                fmt_number(fund.loc[s, "disbursed"]) if s in fund.index else "—",
            ]
            for s in m.FUND_LABELS
        ],
        ["Nguồn", "Kế hoạch chương trình", "Được giao", "Đã thực hiện"],
        f"Kinh phí năm {year}: kế hoạch chương trình so với thực tế (triệu đồng)",
    )
    progress = sort_by_programme(
        m.programme_progress(
            plan, m.yearly_results(data.results, province, prog["period_start"], year), year
        ),
        data.activities,
    )
    names = data.activities.set_index("activity")
    ch.table(
        "tbl_progress",
        [
            [
                names.loc[r.activity, "name_vi"],
                names.loc[r.activity, "unit_vi"],
                fmt_auto(r.quantity_period),
                fmt_auto(r.quantity_done),
                fmt_percent(r.progress),
                fmt_auto(r.quantity_remaining),
                fmt_auto(r.per_year_needed) if r.years_left > 0 else "—",
            ]
            for r in progress.itertuples()
        ],
        [
            "Nội dung",
            "Đơn vị",
            "Mục tiêu cả giai đoạn",
            "Đã thực hiện đến nay",
            "Tiến độ",
            "Còn lại",
            "Bình quân mỗi năm còn lại",
        ],
        f"Tiến độ thực hiện chương trình đến hết năm {year}",
        widths=[34, 10, 11, 11, 10, 12, 12],
    )


def _previous_year(ch: Chapter, data, province: str, year: int) -> None:
    prev = m.funding_year(data.funding, province, year - 1)
    if prev.empty:
        ch.text["prev_sentence"] = f"Chưa có dữ liệu năm {year - 1} để so sánh."
        ch.blank("tbl_prev", "tbl_prev_results")
        ch.blank("fig_prev")
        return
    before, now = (
        m.funding_totals(data.funding, province, year - 1),
        m.funding_totals(data.funding, province, year),
    )
    ch.text["prev_sentence"] = (
        f"So với năm {year - 1}, kinh phí được giao {_change(before['allocated'], now['allocated'])}; "
        f"kinh phí đã thực hiện {_change(before['disbursed'], now['disbursed'])}."
    )
    ch.table(
        "tbl_prev",
        [
            [
                "Kinh phí được giao (triệu đồng)",
                fmt_number(before["allocated"]),
                fmt_number(now["allocated"]),
            ],
            [
                "Kinh phí đã thực hiện (triệu đồng)",
                fmt_number(before["disbursed"]),
                fmt_number(now["disbursed"]),
            ],
            ["Tỷ lệ thực hiện", fmt_percent(before["rate"]), fmt_percent(now["rate"])],
            ["Số nhiệm vụ", fmt_number(before["tasks"]), fmt_number(now["tasks"])],
        ],
        ["Chỉ tiêu", f"Năm {year - 1}", f"Năm {year}"],
        f"So sánh năm {year} với năm {year - 1}",
    )
    both = m.yearly_results(data.results, province, year - 1, year)
    # Quantities are compared only within one unit: 5 "trường" never sits beside 4 "hội nghị".
    both = both.assign(
        unit_key=[unicodedata.normalize("NFC", str(u)).strip().casefold() for u in both["unit"]]
    )
    pivot = both.pivot_table(
        index=["activity", "unit_key"],
        columns="period_end",
        values="quantity",
        aggfunc="sum",
        fill_value=0.0,
    ).reset_index()
    pivot = sort_by_programme(pivot, data.activities)
    names = data.activities.set_index("activity")
    ch.table(
        "tbl_prev_results",
        [
            [
                names.loc[r["activity"], "name_vi"],
                r["unit_key"],
                fmt_auto(r.get(year - 1, 0.0)),
                fmt_auto(r.get(year, 0.0)),
            ]
            for _, r in pivot.iterrows()
        ],
        ["Nội dung", "Đơn vị", f"Năm {year - 1}", f"Năm {year}"],
        f"Kết quả theo nội dung: năm {year} so với năm {year - 1} (số lượng)",
        widths=[55, 15, 15, 15],
    )
    ch.figures["fig_prev"] = grouped_bars(
        [f"Năm {year - 1}", f"Năm {year}"],
        {
            "Được giao": [before["allocated"], now["allocated"]],
            "Đã thực hiện": [before["disbursed"], now["disbursed"]],
        },
        "Kinh phí khuyến công hai năm liền kề",
        "triệu đồng",
    )


def _change(before: float, after: float) -> str:
    if before == 0:
        return f"từ 0 lên {fmt_money(after)}" if after else "không đổi (0)"
    ch = m.change_percent(before, after)
    word = "tăng" if ch > 0 else "giảm" if ch < 0 else "không đổi"
    return (
        f"{word} {fmt_percent(abs(ch))} ({fmt_money(before)} → {fmt_money(after)})"
        if ch
        else f"{word} ({fmt_money(after)})"
    )
