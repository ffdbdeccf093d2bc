"""Large tables: the page shows the first rows and a summary, the full table is a CSV file.

A table of many rows (a results file of 100 000 rows) would make a page of tens of
megabytes and overflow TeX's memory in the PDF. Above MAX_PAGE_ROWS rows, a chapter's table
shows the first MAX_PAGE_ROWS, says how many there are, and links the full table as a CSV
download. The CSV travels inside the executed notebook (glued, unshown, under
`kc_download_<name>`), so a cached chapter still has it; the build writes it next to the
page (`write_downloads`), where Sphinx's `{download}` role picks it up.
"""

from __future__ import annotations

import ast
import csv
import io
from collections.abc import Sequence
from pathlib import Path

import nbformat

from khuyencong.core import escape
from khuyencong.core.edition import SLUG

MAX_PAGE_ROWS = 100
PREFIX = "kc_download_"
FOLDER = "bang-du-lieu"
MAX_NAME = 80


def safe_name(name: str) -> bool:
    """A download is named after its table's label (`tbl-results`), a slug like the data's
    identifiers; it becomes a file name, so nothing else (no `/`, no `..`) is written."""
    return len(name) <= MAX_NAME and SLUG.fullmatch(name) is not None


def csv_text(header: Sequence[object], rows: Sequence[Sequence[object]]) -> str:
    """The full table as CSV (UTF-8 with BOM when written, so Excel reads the accents); a cell
    that Excel would run as a formula is prefixed with `'` (escape.csv_cell)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([escape.csv_cell(h) for h in header])
    writer.writerows([[escape.csv_cell(c) for c in row] for row in rows])
    return out.getvalue()


def summary_note(name: str, total: int) -> str:
    """MyST paragraph under a shortened table: how many rows, and the link to all of them."""
    return (
        f"Bảng trên chỉ hiển thị {MAX_PAGE_ROWS} trong tổng số {total} dòng. "
        f"Toàn bộ bảng: {{download}}`tải tệp CSV <{FOLDER}/{name}.csv>`."
    )


def downloads_of(nb: nbformat.NotebookNode) -> dict[str, str]:
    """The CSV files glued in an executed chapter: name -> CSV text."""
    found = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook", {})
            name = scrap.get("name", "")
            if not name.startswith(PREFIX):
                continue
            key = scrap.get("mime_prefix", "") + "text/plain"
            if key in out.get("data", {}) and safe_name(name[len(PREFIX) :]):
                found[name[len(PREFIX) :]] = ast.literal_eval(out["data"][key])
    return found


def write_downloads(notebooks: Path) -> list[Path]:
    """Write every glued CSV of the executed chapters in `notebooks/` beside them."""
    written = []
    for path in sorted(notebooks.glob("*.ipynb")):
        for name, text in sorted(downloads_of(nbformat.read(path, as_version=4)).items()):
            target = notebooks / FOLDER / f"{name}.csv"
            target.parent.mkdir(parents=True, exist_ok=True)
            data = ("\ufeff" + text).encode("utf-8")
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)
            written.append(target)
    return written
