"""The content of each chapter, computed from the data: one module per chapter.

Each module has `build(data, province, year)` returning the chapter's typed result (a
`Glued` dataclass, see `khuyencong.chapters.glue`): texts (escaped when glued), Markdown
blocks built by `khuyencong.markdown` (lists, tables) and matplotlib figures. The notebook
of the chapter calls `build` and `view.publish`; its prose refers to the field names with
`{glue:md}` — so every number on a page is computed here. The chapters, their notebooks and
their place in the book are declared once, in `khuyencong.chapters.registry`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from khuyencong.chapters.glue import EditionNames
from khuyencong.edition import has_funding, province_name

if TYPE_CHECKING:
    import pandas as pd

    from khuyencong.data import Dataset

__all__ = [
    "NO_FUNDING",
    "activity_cells",
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


def edition_results(data: Dataset, province: str, year: int) -> pd.DataFrame:
    """The year's result rows; when there are none, the rows ending that year whose start the
    source does not give ("những năm qua"), so that such a source still shows its results."""
    from khuyencong.metrics import results_for

    rows = results_for(data.results, province, year, year)
    return rows if len(rows) else results_for(data.results, province, None, year)


def activity_cells(names: pd.DataFrame, activity: object, source: object) -> list[str]:
    """The first cells of a row per activity and fund source: its name, source and unit
    (`names`: the activity catalogue indexed by activity)."""
    from khuyencong.rules import SOURCE_LABELS

    return [
        str(names.loc[str(activity), "name_vi"]),
        SOURCE_LABELS[str(source)],
        str(names.loc[str(activity), "unit_vi"]),
    ]


def group_and_activity(row: Any) -> list[str]:
    """The first cells of a results row (`metrics.results_by_group`): "1. <group>", activity."""
    return [f"{row.group}. {row.group_name}", str(row.activity_name)]
