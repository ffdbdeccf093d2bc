"""Chương "Chương trình khuyến công giai đoạn": the whole plan, its totals recomputed."""

from __future__ import annotations

from khuyencong import metrics as m
from khuyencong.chapters import Chapter, start
from khuyencong.charts import horizontal_bars, stacked_bars
from khuyencong.formatting import fmt_auto, fmt_date, fmt_money, fmt_number, fmt_percent
from khuyencong.rules import sort_by_programme

TEXT_KEYS = (
    "title",
    "decision",
    "period",
    "total",
    "national",
    "local",
    "n_activities",
    "national_share",
    "local_share",
    "stated_check",
)


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    prog = data.programme_covering(province, year + 1) or data.programme_covering(province, year)
    if prog is None:
        ch.text["has_programme"] = (
            f"Chưa có chương trình khuyến công giai đoạn nào của tỉnh bao gồm năm {year} hoặc {year + 1} trong dữ liệu."
        )
        ch.text.update(dict.fromkeys(TEXT_KEYS, "—"))
        ch.blank("tbl_years", "tbl_groups", "tbl_activities", "targets")
        ch.blank("fig_years")
        ch.blank("fig_groups")
        return ch
    ch.text["has_programme"] = ""
    plan = data.plan(prog["id"])
    _totals(ch, prog, plan)
    _years(ch, plan)
    _groups(ch, data, plan)
    _activities(ch, data, plan)
    ch.bullets("targets", (t["text"] for t in prog.get("targets", [])))
    return ch


def _totals(ch: Chapter, prog: dict, plan) -> None:
    sums = m.plan_source_totals(plan)
    share = m.shares({"national": sums["national"], "local": sums["local"]})
    stated = prog["stated_totals"]
    same = all(abs(sums[k] - float(stated[k])) < 1e-6 for k in ("total", "national", "local"))
    ch.text.update(
        title=prog["title"],
        decision=f"Quyết định số {prog['decision_number']} ngày {fmt_date(prog['decision_date'])}",
        period=f"{prog['period_start']}–{prog['period_end']}",
        total=fmt_money(sums["total"]),
        national=fmt_money(sums["national"]),
        local=fmt_money(sums["local"]),
        national_share=fmt_percent(share["national"]),
        local_share=fmt_percent(share["local"]),
        n_activities=fmt_number(plan["activity"].nunique()),
        stated_check="Các tổng này khớp với tổng kinh phí nêu trong quyết định."
        if same
        else "Các tổng tính lại KHÔNG khớp với tổng kinh phí nêu trong quyết định; xem chương đối soát.",
    )


def _years(ch: Chapter, plan) -> None:
    years = m.plan_totals(plan)
    sums = m.plan_source_totals(plan)
    rows = [
        [str(y), fmt_auto(r.national), fmt_auto(r.local), fmt_auto(r.total), fmt_number(r.total)]
        for y, r in years.iterrows()
    ]
    rows.append(
        [
            "Cả giai đoạn",
            fmt_auto(sums["national"]),
            fmt_auto(sums["local"]),
            fmt_auto(sums["total"]),
            fmt_number(sums["total"]),
        ]
    )
    ch.table(
        "tbl_years",
        rows,
        [
            "Năm",
            "Khuyến công quốc gia",
            "Khuyến công địa phương",
            "Tổng cộng",
            "Tổng cộng (làm tròn)",
        ],
        "Kinh phí chương trình theo năm và nguồn (triệu đồng)",
    )
    ch.figures["fig_years"] = stacked_bars(
        [str(y) for y in years.index],
        {
            "Khuyến công quốc gia": list(years["national"]),
            "Khuyến công địa phương": list(years["local"]),
        },
        "Kinh phí chương trình theo năm",
        "triệu đồng",
    )


def _groups(ch: Chapter, data, plan) -> None:
    total = m.plan_source_totals(plan)["total"]
    groups = m.plan_by_group(plan, data.activities).merge(data.content_groups, on="group")
    ch.table(
        "tbl_groups",
        [
            [
                f"{r.group}. {r.name_vi}",
                fmt_auto(r.national),
                fmt_auto(r.local),
                fmt_auto(r.total),
                fmt_percent(m.share(r.total, total)),
            ]
            for r in groups.itertuples()
        ],
        ["Nhóm nội dung", "Quốc gia", "Địa phương", "Tổng", "Tỷ trọng"],
        "Kinh phí chương trình theo nhóm nội dung (triệu đồng)",
        widths=[52, 12, 12, 12, 12],
    )
    ch.figures["fig_groups"] = horizontal_bars(
        [f"Nhóm {g}" for g in groups["group"]],
        list(groups["total"]),
        "Kinh phí theo nhóm nội dung",
        "triệu đồng",
    )


def _activities(ch: Chapter, data, plan) -> None:
    names = data.activities.set_index("activity")
    per_act = (
        plan.groupby("activity", sort=False)
        .agg(quantity=("quantity", "sum"), budget=("budget", "sum"))
        .join(names)
    )
    per_src = plan.pivot_table(
        index="activity", columns="fund_source", values="budget", aggfunc="sum"
    )
    per_act = sort_by_programme(
        per_act.join(per_src.reindex(columns=list(m.FUND_LABELS), fill_value=0))
        .rename_axis("activity")
        .reset_index(),
        data.activities,
    )
    ch.table(
        "tbl_activities",
        [
            [
                f"{r.group}",
                r.name_vi,
                r.unit_vi,
                fmt_auto(r.quantity),
                fmt_auto(r.national),
                fmt_auto(r.local),
                fmt_auto(r.budget),
            ]
            for r in per_act.itertuples()
        ],
        ["Nhóm", "Nội dung hỗ trợ", "Đơn vị", "Số lượng", "Quốc gia", "Địa phương", "Tổng"],
        "Nội dung và kinh phí của chương trình theo hoạt động (kinh phí: triệu đồng)",
        widths=[6, 44, 10, 9, 10, 10, 11],
    )
