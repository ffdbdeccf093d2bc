"""Checks across rows and files of `data/`, run when the data set is loaded: codes that must exist
in another table, both fund sources named, plans adding up to stated totals."""

from __future__ import annotations

import pandas as pd

from khuyencong.errors import Problem
from khuyencong.inputs.schemas import FUND_SOURCES, TABLES


def reference_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Values that must exist in another table (codes, source ids)."""
    problems = []
    for table in TABLES.values():
        frame = tables.get(table.name)
        if frame is None:
            continue
        for col in table.columns:
            if not col.ref:
                continue
            ref_table, ref_col = col.ref.split(".")
            target = tables.get(ref_table)
            if target is None:
                continue
            known = set(target[ref_col].dropna().tolist())
            for row, value in zip(frame["__row"], frame[col.name], strict=True):
                if pd.notna(value) and value not in known:
                    problems.append(
                        Problem(
                            table.file,
                            int(row),
                            col.name,
                            f"mã không có trong {TABLES[ref_table].file}",
                            str(value),
                            f"một {ref_col} đã khai báo",
                        )
                    )
    return problems


def rule_problems(tables: dict[str, pd.DataFrame], programmes: dict[str, dict]) -> list[Problem]:
    """Rules across columns or files: both fund sources present, plans adding up.

    Spending above the allocation is not refused here: it is a plausibility rule (QT7) that an
    explanation on the row answers, and without one makes the report a draft."""
    problems = []
    funding = tables.get("funding")
    if funding is not None:
        problems += _missing_sources(funding)
    plan = tables.get("programme_plan")
    if plan is not None:
        problems += _stated_totals(plan, programmes) + _unknown_programmes(plan, programmes)
    return problems + _actuals_citing_a_programme(tables, programmes)


def _actuals_citing_a_programme(
    tables: dict[str, pd.DataFrame], programmes: dict[str, dict]
) -> list[Problem]:
    """Actual figures (spending, results not `planned`) whose source is a programme's decision:
    the decision plans them, it cannot report them (the prefilled source left unchanged)."""
    decisions = {str(p["source_id"]) for p in programmes.values() if p.get("source_id")}
    expected = "mã của văn bản báo cáo kết quả (khai báo bằng khuyencong add-source) hoặc authored"
    problems = []
    for name, actual in (("funding", "disbursed"), ("results", "qualifier")):
        frame = tables.get(name)
        if frame is None or "source_id" not in frame:
            continue
        is_actual = frame[actual].notna()
        if name == "results":
            is_actual &= frame["qualifier"] != "planned"
        wrong = frame[is_actual & frame["source_id"].isin(decisions)]
        problems += [
            Problem(
                TABLES[name].file,
                int(row),
                "source_id",
                "số liệu thực hiện ghi nguồn là quyết định phê duyệt chương trình (văn bản này "
                "chỉ nêu kế hoạch)",
                str(source),
                expected,
            )
            for row, source in zip(wrong["__row"], wrong["source_id"], strict=True)
        ]
    return problems


def _missing_sources(funding: pd.DataFrame) -> list[Problem]:
    """Both sources are reported every year, even at 0: a missing row would read as "none"."""
    return [
        Problem(
            "funding.csv",
            None,
            "fund_source",
            f"thiếu dòng nguồn {source} cho {province} năm {year}",
            "không có",
            f"một dòng {source} (ghi 0 nếu không được giao)",
        )
        for (province, year), group in funding.groupby(["province", "year"])
        for source in FUND_SOURCES
        if source not in set(group["fund_source"])
    ]


def _stated_totals(plan: pd.DataFrame, programmes: dict[str, dict]) -> list[Problem]:
    """Each total a programme's decision states equals the sum of its plan rows."""
    problems = []
    for prog_id, prog in programmes.items():
        rows = plan[plan["programme"] == prog_id]
        for source, stated in (prog.get("stated_totals") or {}).items():
            sel = rows if source == "total" else rows[rows["fund_source"] == source]
            total = float(sel["budget"].sum())
            if abs(total - float(stated)) > 1e-6:
                problems.append(
                    Problem(
                        f"programmes/{prog_id}.yaml",
                        None,
                        f"stated_totals.{source}",
                        "tổng kinh phí các dòng của programme_plan.csv không khớp tổng nêu trong quyết định",
                        f"{total:g}",
                        f"{float(stated):g}",
                    )
                )
    return problems


def _unknown_programmes(plan: pd.DataFrame, programmes: dict[str, dict]) -> list[Problem]:
    known = set(programmes)
    unknown = plan[~plan["programme"].isin(known)]
    return [
        Problem(
            "programme_plan.csv",
            int(row),
            "programme",
            "chương trình chưa có tệp mô tả trong programmes/",
            str(programme),
            ", ".join(sorted(known)),
        )
        for row, programme in zip(unknown["__row"], unknown["programme"], strict=True)
    ]
