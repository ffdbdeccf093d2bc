"""Rules row by row: units of the catalogue (QT3), no planned row left (QT4), award counts (QT6),
results against last year's (QT12)."""

from __future__ import annotations

import pandas as pd

from khuyencong.errors import Problem
from khuyencong.figures.formatting import fmt_auto, fmt_number
from khuyencong.figures.rules.common import (
    AWARD_LEVEL_LABELS,
    MAGNITUDE,
    PASS,
    RuleResult,
    beyond,
    catalogue,
    explained_or_failed,
    explanation,
    file_row,
    how_to_explain,
    same_unit,
    year_results,
)
from khuyencong.inputs.dataset import Dataset


def units(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    rows, names = year_results(data, province, year), catalogue(data)
    if rows.empty:
        res.not_applicable("Năm không có dòng kết quả.")
        return
    for _, r in rows.iterrows():
        expected = names.loc[r["activity"], "unit_vi"]
        if same_unit(r["unit"], expected):
            continue
        why = explanation(r, res.code)
        if why:
            res.details.append(
                f"{names.loc[r['activity'], 'name_vi']}: đơn vị “{r['unit']}” khác đơn vị của "
                f"danh mục “{expected}” (giải trình: {why})."
            )
            continue
        res.fail(
            f"{names.loc[r['activity'], 'name_vi']}: đơn vị “{r['unit']}” khác đơn vị của danh mục "
            f"và kế hoạch “{expected}”; số lượng không so sánh được với kế hoạch.",
            Problem(
                "results.csv",
                file_row(r),
                "unit",
                "đơn vị khác danh mục hoạt động",
                r["unit"],
                f"{expected}, hoặc {how_to_explain(res.code)}",
            ),
        )
    if res.status == PASS and not res.details:
        res.details.append(f"{fmt_number(len(rows))} dòng kết quả dùng đúng đơn vị của danh mục.")


def planned(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    rows, names = year_results(data, province, year), catalogue(data)
    for _, r in rows[rows["qualifier"] == "planned"].iterrows():
        res.fail(
            f"{names.loc[r['activity'], 'name_vi']}: dòng vẫn ghi mức độ “kế hoạch”, "
            "chưa phải số thực hiện; không được tính là kết quả đạt được.",
            Problem(
                "results.csv",
                file_row(r),
                "qualifier",
                "năm báo cáo còn dòng kế hoạch",
                "planned",
                "exact hoặc estimated",
            ),
        )
    if res.status == PASS:
        res.details.append("Mọi dòng kết quả của năm là số thực hiện.")


def awards(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    t = data.awards
    rows = t[(t["province"] == province) & (t["year"] == year)]
    if rows.empty:
        res.not_applicable("Trong năm không có bình chọn sản phẩm.")
        return
    for _, r in rows.iterrows():
        d, e, c = int(r["dossiers"]), int(r["eligible"]), int(r["recognised"])
        text = (
            f"Cấp {AWARD_LEVEL_LABELS.get(r['level'], r['level'])}: {fmt_number(d)} hồ sơ đăng ký, {fmt_number(e)} đủ điều kiện, "
            f"{fmt_number(c)} được công nhận"
        )
        if d >= e >= c:
            res.details.append(text + ".")
            continue
        column = "eligible" if e > d else "recognised"
        res.fail(
            text + ": cần hồ sơ đăng ký ≥ đủ điều kiện ≥ được công nhận.",
            Problem(
                "awards.csv",
                file_row(r),
                column,
                "số hồ sơ đăng ký ≥ đủ điều kiện ≥ được công nhận không thoả",
                f"{d} / {e} / {c}",
                "đăng ký ≥ đủ điều kiện ≥ công nhận",
            ),
        )


def magnitude(res: RuleResult, data: Dataset, province: str, year: int) -> None:
    """Each result's quantity and cost against last year's row of the same activity, source and
    unit: an order of magnitude apart (`MAGNITUDE`) reads as a typing slip until explained."""
    rows, before = year_results(data, province, year), year_results(data, province, year - 1)
    if rows.empty or before.empty:
        res.not_applicable(f"Không có kết quả năm {year - 1} để so sánh.")
        return
    names = catalogue(data)
    for _, r in rows.iterrows():
        last = before[
            (before["activity"] == r["activity"]) & (before["fund_source"] == r["fund_source"])
        ]
        last = last[[same_unit(u, r["unit"]) for u in last["unit"]]] if len(last) else last
        if last.empty:
            continue
        for column, word in (("quantity", "số lượng"), ("budget", "kinh phí")):
            value, prior = r[column], last.iloc[0][column]
            if (
                pd.isna(value)
                or pd.isna(prior)
                or not beyond(float(value), float(prior), MAGNITUDE)
            ):
                continue
            text = (
                f"{names.loc[r['activity'], 'name_vi']}: {word} {fmt_auto(float(value))}, "
                f"năm {year - 1} là {fmt_auto(float(prior))}"
            )
            explained_or_failed(
                res,
                r,
                text,
                Problem(
                    "results.csv",
                    file_row(r),
                    column,
                    f"{word} khác năm {year - 1} hơn {fmt_number(MAGNITUDE)} lần mà không có giải trình",
                    fmt_auto(float(value)),
                    f"gần {fmt_auto(float(prior))}, hoặc {how_to_explain(res.code)}",
                ),
                f": khác nhau hơn {fmt_number(MAGNITUDE)} lần, chưa có giải trình.",
            )
    if not res.details:
        res.details.append(
            f"Không kết quả nào khác năm {year - 1} (cùng nội dung, nguồn, đơn vị) hơn "
            f"{fmt_number(MAGNITUDE)} lần."
        )
