"""Fast paths: a light CLI import, "nothing changed" from hashes, the validated snapshot."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.inputs import validation
from khuyencong.inputs.dataset import validated
from khuyencong.inputs.snapshot import SNAPSHOTS_ENV, content_key, read_snapshot
from khuyencong.pipeline.fastpath import INPUTS_STAMP, inputs_stamp, published_unchanged

PROJECT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "papermill", "matplotlib", "pandera", "nbformat", "numpy")


def imported_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    return [m for m in out.stdout.strip().split(",") if m]


def test_importing_the_cli_loads_no_heavy_library():
    assert imported_after("import khuyencong.cli.commands") == []
    # The request and its folders are computed before the "nothing changed" check.
    assert imported_after("import khuyencong.core.request, khuyencong.pipeline.fastpath") == []
    # The probe itself can see them: importing the data module does load pandas.
    assert "pandas" in imported_after("import khuyencong.inputs.dataset")


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(PROJECT / name, root / name)
    for folder in ("book", "notebooks", "data"):
        shutil.copytree(PROJECT / folder, root / folder)
    return root


def stamp(project: Path, fmt: str = "all") -> str:
    return inputs_stamp(BuildRequest.of("son-la", 2025, fmt=fmt), ProjectPaths.resolve(project))


def test_inputs_stamp_follows_every_input(project):
    before = stamp(project)
    assert stamp(project) == before
    assert stamp(project, "html") != before
    with (project / "data" / "awards.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    after_data = stamp(project)
    assert after_data != before
    (project / "book" / "extra.md").write_text("# Thêm\n", encoding="utf-8")
    after_page = stamp(project)
    assert after_page != after_data
    template = project / "notebooks" / "han-che.ipynb"
    template.write_bytes(template.read_bytes().replace(b"}", b"} ", 1))
    assert stamp(project) != after_page


def test_published_unchanged_only_for_the_same_inputs(project, tmp_path):
    out = tmp_path / "out"
    site = out / "site" / "son-la" / "2025"
    site.mkdir(parents=True)
    where = ProjectPaths.resolve(project, out_root=out)

    def unchanged(fmt: str) -> Path | None:
        return published_unchanged(BuildRequest.of("son-la", 2025, fmt=fmt), where)

    assert unchanged("all") is None  # nothing recorded yet
    (site / INPUTS_STAMP).write_text(stamp(project), encoding="utf-8")
    assert unchanged("all") == site
    assert unchanged("html") is None
    (project / "data" / "claims.csv").write_bytes(
        (project / "data" / "claims.csv").read_bytes() + b"\n"
    )
    assert unchanged("all") is None


def test_nothing_changed_is_not_said_while_something_is_left_to_repair(project, tmp_path):
    """An interrupted import (its journal) or publish (a generation beside the edition): the
    full build runs, which finishes or removes what was left and says so."""
    out = tmp_path / "out"
    site = out / "site" / "son-la" / "2025"
    site.mkdir(parents=True)
    where = ProjectPaths.resolve(project, out_root=out)
    request = BuildRequest.of("son-la", 2025)
    (site / INPUTS_STAMP).write_text(stamp(project), encoding="utf-8")
    assert published_unchanged(request, where) == site
    leftover = site.with_name(".2025.gen-0123456789abcdef")
    leftover.mkdir()
    assert published_unchanged(request, where) is None
    leftover.rmdir()
    (project / "data" / ".khuyencong-journal.json").write_text("{}", encoding="utf-8")
    assert stamp(project) == (site / INPUTS_STAMP).read_text(encoding="utf-8")
    assert published_unchanged(request, where) is None


def test_snapshot_is_keyed_by_content_and_records_reads(project, tmp_path, monkeypatch):
    data, snapshots = project / "data", tmp_path / "snapshots"
    first = validated(data, snapshots)
    assert len(list(snapshots.glob("*.pkl"))) == 1
    monkeypatch.setenv(SNAPSHOTS_ENV, str(snapshots))

    def refuse(*args, **kwargs):
        raise AssertionError("re-validated")

    monkeypatch.setattr(validation, "validate_table", refuse)
    monkeypatch.setattr("khuyencong.inputs.dataset.validate_table", refuse)
    from khuyencong.inputs.dataset import load_dataset

    again = load_dataset(data)
    assert again.reads == set()
    # seed-000: Sơn La 2025, no national funds, 1.905 triệu đồng local, so 0 + 1.905 in all.
    funding = again.funding
    rows = funding[(funding["province"] == "son-la") & (funding["year"] == 2025)]
    assert float(rows["allocated"].sum()) == pytest.approx(0 + 1905)
    assert again.reads == {"funding.csv"} and first.reads == set()
    # A changed file has another key: no snapshot is served for it.
    key = content_key(data)
    with (data / "awards.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert content_key(data) != key
    assert read_snapshot(data) is None


def test_year_default_is_read_from_the_files_without_pandas(data_copy):
    from khuyencong.pipeline.fastpath import latest_year_from_files

    # funding.csv has Sơn La rows for 2025 only, and texts/son-la/ holds 2025.yaml (2016-2020.yaml
    # is a period, not a year): 2025.
    assert latest_year_from_files(data_copy, "son-la") == 2025
    with (data_copy / "funding.csv").open("a", encoding="utf-8") as f:
        f.write("son-la,2026,national,300,0,0,authored,\nson-la,2026,local,2075,0,0,authored,\n")
    assert latest_year_from_files(data_copy, "son-la") == 2025  # no 2026 text yet
    (data_copy / "texts" / "son-la" / "2026.yaml").write_text("source_id: authored\n", "utf-8")
    assert latest_year_from_files(data_copy, "son-la") == 2026
    assert latest_year_from_files(data_copy, "tinh-khong-co") is None
