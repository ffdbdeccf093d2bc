"""Same inputs, same bytes: two builds of an edition into different output folders give
byte-identical files (HTML, executed notebooks, assets, the PDF)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.pipeline.build import build_edition
from khuyencong.pipeline.reproducible import strip_notebook

PROJECT = Path(__file__).resolve().parents[1]


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.slow
def test_two_builds_in_different_folders_are_byte_identical(tmp_path, monkeypatch):
    for var in ("SOURCE_DATE_EPOCH", "FORCE_SOURCE_DATE", "KHUYENCONG_ISSUE_DATE"):
        monkeypatch.delenv(var, raising=False)
    sites = [
        build_edition(
            BuildRequest.of("son-la", 2025, jobs=2),
            ProjectPaths.resolve(PROJECT, out_root=tmp_path / name / "_build"),
            say=lambda s: None,
        )
        for name in ("a", "b")
    ]
    first, second = (files(s) for s in sites)
    assert sorted(first) == sorted(second)
    assert "son-la-2025.pdf" in first
    different = [name for name in first if first[name] != second[name]]
    assert different == []
    for path in (str(PROJECT), str(tmp_path)):  # no file path published (_sources/ included)
        assert [n for n, b in first.items() if path.encode() in b] == []


def test_strip_notebook_removes_times_durations_and_paths():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {
        "start_time": "2026-11-26T05:26:33",
        "end_time": "x",
        "duration": 1.5,
        "input_path": "/tmp/a/x.ipynb",
        "output_path": "/tmp/b/x.ipynb",
        "parameters": {"year": 2025, "data_dir": "/tmp/a/data"},
    }
    cell = nbformat.v4.new_code_cell(
        '# Parameters\nprovince = "son-la"\nyear = 2025\ndata_dir = "/tmp/a/data"\n'
    )
    cell.metadata["execution"] = {"iopub.status.busy": "2026-11-26T05:26:33Z"}
    cell.metadata["papermill"] = {"duration": 0.03, "status": "completed"}
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.append(cell)
    out = json.loads(nbformat.writes(strip_notebook(nb)))
    assert out["metadata"]["papermill"] == {"parameters": {"year": 2025}}
    assert out["cells"][0]["metadata"] == {"tags": ["injected-parameters"]}
    assert out["cells"][0]["id"] == "injected-parameters"
    assert "".join(out["cells"][0]["source"]) == '# Parameters\nprovince = "son-la"\nyear = 2025'
    assert "2026" not in json.dumps(out) and "/tmp/" not in json.dumps(out)


def test_title_page_date_is_never_the_build_date(monkeypatch):
    from datetime import date

    from khuyencong.figures.formatting import vn_long_date
    from khuyencong.outputs.book_pdf import issue_date

    monkeypatch.delenv("KHUYENCONG_ISSUE_DATE", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # a tool's date, not the issue date
    assert issue_date() is None
    assert vn_long_date(issue_date()) == "ngày … tháng … năm …"
    monkeypatch.setenv("KHUYENCONG_ISSUE_DATE", "2026-01-05")
    assert vn_long_date(issue_date()) == "ngày 05 tháng 01 năm 2026"
    assert issue_date(date(2025, 12, 30)) == date(2025, 12, 30)


@pytest.mark.parametrize("value", ["2026-02-30", "05/01/2026", "2026-1-5", "ngày mai", "20260105"])
def test_an_invalid_issue_date_in_the_environment_is_refused(value, monkeypatch):
    """Not ignored (the title page would silently lose its date): exit 2, the value shown."""
    from khuyencong.core.request import BuildRequest
    from khuyencong.errors import ParameterError

    monkeypatch.setenv("KHUYENCONG_ISSUE_DATE", value)
    with pytest.raises(ParameterError, match="KHUYENCONG_ISSUE_DATE không hợp lệ") as caught:
        BuildRequest.of("son-la", 2025)
    assert value in str(caught.value) and caught.value.exit_code == 2
    monkeypatch.setenv("KHUYENCONG_ISSUE_DATE", " ")  # blank: the date left for the signer
    assert BuildRequest.of("son-la", 2025).edition.year == 2025
