"""The content of each chapter, computed from the data: one module per chapter.

Each module has `build(data, province, year) -> Chapter`. A Chapter is plain data: texts
(escaped when glued), Markdown blocks built by `khuyencong.markdown` (lists, tables) and
matplotlib figures. The notebook of the chapter calls `build` and `view.publish`; its
prose refers to the names with `{glue:md}` — so every number on a page is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khuyencong.markdown import md_list, md_table


@dataclass
class Chapter:
    text: dict[str, str] = field(default_factory=dict)
    md: dict[str, str] = field(default_factory=dict)
    figures: dict[str, object] = field(default_factory=dict)

    def table(self, name: str, rows, header, caption: str, widths=None) -> None:
        """A numbered table; its label (for {numref}) is the name with dashes."""
        self.md[name] = md_table(rows, header, caption, name.replace("_", "-"), widths)

    def bullets(self, name: str, items) -> None:
        self.md[name] = md_list(items)

    def blank(self, *names: str) -> None:
        """Empty blocks for sections the data cannot fill (the page still references them)."""
        for name in names:
            self.md[name] = ""


def start(data, province: str, year: int) -> Chapter:
    """A chapter with the edition's own names: province_name, year, next_year."""
    ch = Chapter()
    ch.text["province_name"] = data.entities.set_index("entity").loc[province, "name_vi"]
    ch.text["year"] = str(year)
    ch.text["next_year"] = str(year + 1)
    return ch


NO_FUNDING = "chưa có số liệu"


def has_funding(data, province: str, year: int) -> bool:
    f = data.funding
    return bool(((f["province"] == province) & (f["year"] == year)).any())


def edition_results(data, province: str, year: int):
    """The year's result rows; when there are none, the rows ending that year whose start the
    source does not give ("những năm qua"), so that such a source still shows its results."""
    from khuyencong.metrics import results_for

    rows = results_for(data.results, province, year, year)
    return rows if len(rows) else results_for(data.results, province, None, year)


def placeholder_figure(message: str = "Không có dữ liệu"):
    """A small figure saying there is nothing to draw (the page keeps its layout)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 1))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center")
    return fig
