"""Which data row an error is about: the rows of the data tables holding a value the error
message quotes (`KeyError: 'may-moc'`, `could not convert string to float: 'x'`).

Used when a chapter fails after the data were validated: the author is pointed at the
rows to look at (`results.csv:12, cột activity`), not at Python's text. Reads the CSV files
only, without pandas; a value found nowhere gives None.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from khuyencong.inputs.schemas import TABLES

_QUOTED = re.compile(r"'([^'\n]{1,120})'|\"([^\"\n]{1,120})\"")
MAX_PLACES = 3


def quoted_values(message: str) -> list[str]:
    """The values a message quotes, in order, without repeats."""
    found = [a or b for a, b in _QUOTED.findall(message)]
    return [v.strip() for i, v in enumerate(found) if v.strip() and v not in found[:i]]


def _places(data_dir: Path, value: str) -> list[str]:
    places = []
    for table in TABLES.values():
        path = data_dir / table.file
        if not path.is_file() or path.is_symlink():
            continue
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        for cells in reader:
            for name, cell in zip(header, cells, strict=False):
                if cell.strip() == value:
                    places.append(f"{table.file}:{reader.line_num}, cột {name.strip()}")
    return places


def data_rows(data_dir: Path, message: str) -> str | None:
    """`'x' ở results.csv:12, cột activity` for the first quoted value found in the data."""
    for value in quoted_values(message):
        places = _places(Path(data_dir), value)
        if places:
            shown = "; ".join(places[:MAX_PLACES])
            more = f" và {len(places) - MAX_PLACES} chỗ khác" if len(places) > MAX_PLACES else ""
            return f"giá trị “{value}” ở {shown}{more}"
    return None
