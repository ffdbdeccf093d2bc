"""The content of each chapter, computed from the data: one module per chapter.

Each module has `build(data, province, year)` returning the chapter's typed result (a
`Glued` dataclass, see `khuyencong.content.chapters.glue`): texts (escaped when glued), Markdown
blocks built by `khuyencong.content.markdown` (lists, tables) and matplotlib figures. The notebook
of the chapter calls `build` and `view.publish`; its prose refers to the field names with
`{glue:md}` — so every number on a page is computed here. The chapters, their notebooks and
their place in the book are declared once, in `khuyencong.content.chapters.registry`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from khuyencong.content.chapters.glue import EditionNames
from khuyencong.inputs.availability import has_funding, province_name

if TYPE_CHECKING:
    import pandas as pd

    from khuyencong.inputs.dataset import Dataset

__all__ = [
    "NO_FUNDING",
    "activity_cells",
    "allocation_against",
    "edition_names",
    "edition_results",
    "group_and_activity",
    "has_funding",
]


def edition_names(data: Dataset, province: str, year: int) -> EditionNames:
    """The edition's own names: province_name, year, next_year."""
    name = province_name(data, province)
    return EditionNames(province_name=name, year=str(year), next_year=str(year + 1))


NO_FUNDING = "chưa có số liệu"


def allocation_against(
    data: Dataset, province: str, year: int, reference_ty: float, at_least: bool = False
) -> tuple[str, str | None] | None:
    """The province's allocation of the year, `1,9 tỷ đồng (1.905 triệu đồng)`, and the word
    setting it against a figure in tỷ đồng (`thấp hơn`, `bằng`, `cao hơn`; None when a lower
    bound leaves it open). Both are compared as printed, with one decimal and a lower bound
    rounded down, so the word agrees with the figures the reader sees. None without funding
    rows for the year."""
    from khuyencong.figures import metrics as m
    from khuyencong.figures.formatting import (
        COMPARISON_WORDS,
        fmt_money,
        fmt_ty,
        round_down,
        round_half_up,
    )

    if not has_funding(data, province, year):
        return None
    allocated = m.funding_totals(data.funding, province, year)["allocated"]
    own = m.trieu_to_ty(allocated)
    shown = round_down(reference_ty, 1) if at_least else round_half_up(reference_ty, 1)
    side = m.direction(float(round_half_up(own, 1)), float(shown), at_least)
    words = None if side is None else COMPARISON_WORDS[side]
    return f"{fmt_ty(own)} ({fmt_money(allocated)})", words


def edition_results(data: Dataset, province: str, year: int) -> pd.DataFrame:
    """The year's result rows; when there are none, the rows ending that year whose start the
    source does not give ("những năm qua"), so that such a source still shows its results."""
    from khuyencong.figures.metrics import results_for

    rows = results_for(data.results, province, year, year)
    return rows if len(rows) else results_for(data.results, province, None, year)


def activity_cells(names: pd.DataFrame, activity: object, source: object) -> list[str]:
    """The first cells of a row per activity and fund source: its name, source and unit
    (`names`: the activity catalogue indexed by activity)."""
    from khuyencong.figures.rules import SOURCE_LABELS

    return [
        str(names.loc[str(activity), "name_vi"]),
        SOURCE_LABELS[str(source)],
        str(names.loc[str(activity), "unit_vi"]),
    ]


def group_and_activity(row: Any) -> list[str]:
    """The first cells of a results row (`metrics.results_by_group`): "1. <group>", activity."""
    return [f"{row.group}. {row.group_name}", str(row.activity_name)]
