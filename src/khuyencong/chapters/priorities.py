"""Chương "Nhiệm vụ năm sau": authored priorities, the programme's plan for year+1, and
what year+1 must deliver to stay on track toward the five-year targets."""

from __future__ import annotations

from khuyencong import metrics as m
from khuyencong.carryover import carry_over
from khuyencong.chapters import Chapter, start
from khuyencong.formatting import fmt_auto, fmt_money, fmt_number
from khuyencong.rules import SOURCE_LABELS, sort_by_programme


def build(data, province: str, year: int) -> Chapter:
    ch = start(data, province, year)
    ch.bullets("priorities", data.text(province, str(year))["priorities"])
    prog = data.programme_covering(province, year + 1)
    if prog is None:
        ch.text["plan_sentence"] = (
            f"Chưa có chương trình khuyến công nào trong dữ liệu cho năm {year + 1}."
        )
        ch.blank("tbl_next", "tbl_track")  # the section on the programme's targets is left out
        return ch
    _next_year_plan(ch, data, prog, year + 1)
    _on_track(ch, data, province, prog, year)
    return ch


def _next_year_plan(ch: Chapter, data, prog: dict, next_year: int) -> None:
    names = data.activities.set_index("activity")
    plan = m.plan_for_year(data.plan(prog["id"]), next_year)
    plan = plan.merge(names[["group", "name_vi", "unit_vi"]], left_on="activity", right_index=True)
    plan = sort_by_programme(plan, data.activities)
    tot = plan[["budget_national", "budget_local", "budget_total"]].sum()
    ch.text["plan_sentence"] = (
        f"Theo {prog['title']} (Quyết định số {prog['decision_number']}), năm {next_year} dự kiến thực hiện "
        f"{fmt_number(len(plan))} nội dung với tổng kinh phí {fmt_money(tot['budget_total'])}, trong đó "
        f"khuyến công quốc gia {fmt_money(tot['budget_national'])} và khuyến công địa phương "
        f"{fmt_money(tot['budget_local'])}."
    )
    rows = [
        [
            r.name_vi,
            r.unit_vi,
            fmt_auto(r.quantity_national),
            fmt_auto(r.quantity_local),
            fmt_auto(r.budget_national),
            fmt_auto(r.budget_local),
            fmt_auto(r.budget_total),
        ]
        for r in plan.itertuples()
    ]
    rows.append(
        [
            "Tổng cộng",
            "",
            "",
            "",
            fmt_auto(tot["budget_national"]),
            fmt_auto(tot["budget_local"]),
            fmt_auto(tot["budget_total"]),
        ]
    )
    ch.table(
        "tbl_next",
        rows,
        ["Nội dung", *m.PLAN_BY_SOURCE_HEADER],
        f"Kế hoạch năm {next_year} theo chương trình khuyến công (kinh phí: triệu đồng)",
        widths=[40, 10, 8, 8, 11, 11, 12],
    )


def _on_track(ch: Chapter, data, province: str, prog: dict, year: int) -> None:
    """The plan for year+1 plus what the years to date left undone, by activity and source."""
    if year < prog["period_start"]:
        # Nothing done yet toward the targets: the year's plan above says it all.
        ch.blank("tbl_track")
        return
    table = carry_over(data, province, year)
    behind = table[table["shortfall"] > 0]
    names = data.activities.set_index("activity")
    ch.text["track_sentence"] = (
        f"Năm {year + 1} cần thực hiện kế hoạch năm của chương trình cộng phần còn thiếu so với kế hoạch "
        f"các năm đến hết năm {year}: {fmt_number(len(behind))} nội dung, nguồn kinh phí có phần "
        "còn thiếu được chuyển sang (tính tròn lên đơn vị)."
    )
    ch.table(
        "tbl_track",
        [
            [
                names.loc[r.activity, "name_vi"],
                SOURCE_LABELS[r.fund_source],
                names.loc[r.activity, "unit_vi"],
                fmt_auto(r.planned_next),
                fmt_auto(r.shortfall),
                fmt_auto(r.needed),
            ]
            for r in table.itertuples()
        ],
        [
            "Nội dung",
            "Nguồn",
            "Đơn vị",
            f"Kế hoạch năm {year + 1}",
            f"Còn thiếu đến hết năm {year}",
            f"Cần thực hiện năm {year + 1}",
        ],
        f"Năm {year + 1}: kế hoạch của chương trình và phần còn thiếu chuyển sang",
        widths=[40, 14, 10, 12, 12, 12],
    )
