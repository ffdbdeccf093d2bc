"""The content of each chapter, computed from the data: one module per chapter.

Each module has `build(data, province, year) -> Chapter`. A Chapter is plain data: texts
(escaped when glued), Markdown blocks built by `khuyencong.markdown` (lists, tables) and
matplotlib figures. The notebook of the chapter calls `build` and `view.publish`; its
prose refers to the names with `{glue:md}` — so every number on a page is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khuyencong.downloads import MAX_PAGE_ROWS, csv_text, summary_note
from khuyencong.markdown import md_list, md_table

EMPTY_CELLS = ("", "—", "-", "–")


@dataclass
class Chapter:
    text: dict[str, str] = field(default_factory=dict)
    md: dict[str, str] = field(default_factory=dict)
    figures: dict[str, object] = field(default_factory=dict)
    downloads: dict[str, str] = field(default_factory=dict)  # name -> full table as CSV

    def table(self, name: str, rows, header, caption: str, widths=None) -> None:
        """A numbered table; its label (for {numref}) is the name with dashes. A column
        empty in every row (no value, or a dash) is left out; a table longer than
        MAX_PAGE_ROWS shows its first rows and links the full CSV."""
        rows = [list(r) for r in rows]
        keep = [
            i
            for i in range(len(header))
            if not rows or any(str(r[i]).strip() not in EMPTY_CELLS for r in rows)
        ]
        if len(keep) < len(header):
            rows = [[r[i] for i in keep] for r in rows]
            header = [header[i] for i in keep]
            widths = [widths[i] for i in keep] if widths else None
        label = name.replace("_", "-")
        if len(rows) <= MAX_PAGE_ROWS:
            self.md[name] = md_table(rows, header, caption, label, widths)
            return
        self.downloads[label] = csv_text(header, rows)
        shown = md_table(rows[:MAX_PAGE_ROWS], header, caption, label, widths)
        self.md[name] = f"{shown}\n\n{summary_note(label, len(rows))}"

    def bullets(self, name: str, items) -> None:
        self.md[name] = md_list(items)

    def blank(self, *names: str) -> None:
        """Blocks the data cannot fill: nothing is glued, so the page leaves them out
        (and a heading left without content) — see `khuyencong.prune`."""
        for name in names:
            self.md.pop(name, None)
            self.figures.pop(name, None)


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
