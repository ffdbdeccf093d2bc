"""Declaring a province or a source document through the commands, never by editing a CSV.

`add_province` appends a row to `entities.csv`, `add_source` one to `sources.csv`. The whole data
set with the new row is validated on a temporary copy first (the contract's own checks: slug,
kind, region, unique key), so a refused declaration writes nothing; then the file is replaced
atomically under the data folder's lock. Existing rows are kept byte for byte.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from khuyencong.core.locking import data_lock
from khuyencong.inputs.datafiles import format_cell, write_text
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.schemas import TABLES


def add_province(
    data_dir: Path,
    province: str,
    name: str,
    region: str | None = None,
    admin_header: str | None = None,
    department: str | None = None,
) -> Path:
    """A new province (entities.csv, kind `province`); its heading lines default at print time
    ("UBND TỈNH <TÊN>", "SỞ CÔNG THƯƠNG") when not given. Its row is authored input."""
    row = {
        "entity": province,
        "kind": "province",
        "region": region,
        "name_vi": name,
        "admin_header": admin_header,
        "department": department,
        "source_id": "authored",
    }
    return _append(data_dir, "entities", row)


def add_source(
    data_dir: Path,
    source_id: str,
    kind: str,
    title: str,
    published: str | None = None,
    publisher: str | None = None,
    note: str | None = None,
) -> Path:
    """A new source document (sources.csv) that data rows can name in their `source_id`."""
    row = {
        "source_id": source_id,
        "kind": kind,
        "title": title,
        "published": published,
        "publisher": publisher,
        "note": note,
    }
    return _append(data_dir, "sources", row)


def _append(data_dir: Path, table: str, row: Mapping[str, object]) -> Path:
    """Validate the data set with `row` added to `table` on a copy, then write it in place."""
    spec = TABLES[table]
    path = Path(data_dir) / spec.file
    with data_lock(Path(data_dir)):
        text = _with_row(path.read_text(encoding="utf-8"), [c.name for c in spec.columns], row)
        with tempfile.TemporaryDirectory(prefix="khuyencong-declare-") as tmp:
            copy = Path(tmp) / "data"
            shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns(".backup", "drafts"))
            (copy / spec.file).write_text(text, encoding="utf-8")
            load_dataset(copy)  # DataValidationError names the file, row and column
        return write_text(Path(data_dir), path, text)


def _with_row(text: str, columns: list[str], row: Mapping[str, object]) -> str:
    """The CSV text with one row appended, formatted as the contract writes cells."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([format_cell(row.get(c)) for c in columns])
    return text + ("" if text.endswith("\n") else "\n") + out.getvalue()
