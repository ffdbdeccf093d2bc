"""The data files as the contract writes them (`datafiles`): canonical cells, YAML texts, a
province-year's rows replaced in a CSV, and every write atomic (the old file or the new one)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from khuyencong.inputs.datafiles import format_cell, merge_rows, texts_yaml, write_text


def test_cells_are_written_in_the_canonical_form():
    assert format_cell(1905.0) == "1905"
    assert format_cell(62.5) == "62.5"
    assert format_cell(0) == "0"
    assert format_cell(None) == "" and format_cell(pd.NA) == "" and format_cell(float("nan")) == ""
    assert format_cell(True) == "true"
    assert format_cell(" cơ sở ") == "cơ sở"


def test_text_yaml_indents_lists_and_keeps_the_header():
    text = texts_yaml(
        {"source_id": "authored", "period_start": 2026, "period_end": 2026, "policies": ["Một."]},
        "# đầu tệp",
    )
    assert text == (
        "# đầu tệp\nsource_id: authored\nperiod_start: 2026\nperiod_end: 2026\n"
        "policies:\n  - Một.\n"
    )


def test_merge_keeps_other_rows_verbatim():
    text = (
        "province,year,fund_source,allocated,disbursed,tasks,source_id,note\r\n"
        'x,2024,local,1,1,1,s,"hai\ndòng"\r\n'
        "p,2025,national,0,0,0,s,\r\n"
        "p,2025,local,5,5,1,s,\r\n"
        "x,2026,local,2,2,2,s,\r\n"
    )
    new = [{"province": "p", "year": 2025, "fund_source": "local", "allocated": 7.0}]
    merged, lines = merge_rows(text, "funding", "p", 2025, new)
    assert merged == (
        "province,year,fund_source,allocated,disbursed,tasks,source_id,note\n"
        'x,2024,local,1,1,1,s,"hai\ndòng"\n'
        "p,2025,local,7,,,,\n"
        "x,2026,local,2,2,2,s,\n"
    )
    assert lines == [4]  # the multi-line row takes lines 2 and 3


def test_a_write_failing_before_the_swap_leaves_the_old_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "funding.csv"
    target.write_text("cũ\n", encoding="utf-8")

    def no_swap(src, dst):
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", no_swap)
    with pytest.raises(OSError, match="No space"):
        write_text(tmp_path, target, "mới\n")
    assert target.read_text(encoding="utf-8") == "cũ\n"
    assert [p.name for p in tmp_path.iterdir()] == ["funding.csv"]  # no temporary file left


def test_a_write_goes_to_a_temporary_file_then_replaces(tmp_path: Path, monkeypatch):
    target = tmp_path / "texts" / "son-la" / "2026.yaml"
    swaps = []
    real = os.replace

    def spy(src, dst):
        # At the swap the new bytes are complete in a sibling file; the target is not there yet.
        swaps.append((Path(src).parent, Path(src).read_text(encoding="utf-8"), Path(dst).exists()))
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    assert write_text(tmp_path, target, "policies:\n  - Một.\n") == target.resolve()
    assert swaps == [(target.parent, "policies:\n  - Một.\n", False)]
    assert target.read_bytes() == "policies:\n  - Một.\n".encode()


def test_a_write_outside_the_root_is_refused(tmp_path: Path):
    from khuyencong.errors import ParameterError

    with pytest.raises(ParameterError, match="ngoài thư mục"):
        write_text(tmp_path / "data", tmp_path / "data" / ".." / "x.csv", "a\n")
    assert not (tmp_path / "x.csv").exists()
