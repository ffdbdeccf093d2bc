"""The documented data contract and the authored texts stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from khuyencong.schemas import TABLES, TEXT_LIST_KEYS

PROJECT = Path(__file__).resolve().parents[1]


def test_every_column_is_documented():
    page = (PROJECT / "book" / "data-contract.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        assert f"`{table.file}`" in page or table.file in page, table.file
        for column in table.column_names:
            assert f"`{column}`" in page, (table.file, column)


def test_authored_texts_carry_no_figures():
    # Figures come from the tables through glue; a money amount or a percentage typed into
    # authored prose would drift from the data (years and legal references are fine).
    figure = re.compile(r"\d+[.,]\d+\s*(triệu|tỷ|%)|\d+\s*%|\d+\s*(triệu|tỷ) đồng")
    for path in sorted((PROJECT / "data" / "texts").glob("*/*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in TEXT_LIST_KEYS:
            for item in doc.get(key) or []:
                assert not figure.search(item), (path.name, key, item)


def test_templates_are_committed_without_outputs():
    import nbformat

    for path in sorted((PROJECT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name
