"""The execution cache: exactly the chapters whose inputs changed run again.

Which chapter reads which file is written here by hand from the chapter modules (for
example only overview, results and the reconciliation read awards.csv), naming the chapters
by their registry keys, and checked against what the cache decides from the reads it
recorded while the chapters ran.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import CHAPTERS

from khuyencong.content.chapters.registry import chapter_notebooks, notebooks
from khuyencong.core import cache as cache_mod
from khuyencong.core.cache import Cache, package_fingerprint
from khuyencong.pipeline import execute

PROJECT = Path(__file__).resolve().parents[1]
ALL = set(CHAPTERS)
pytestmark = pytest.mark.slow


class Run:
    """Execute the chapters once into a fresh staging folder; remember which ran."""

    def __init__(self, root: Path, templates: list[Path], data: Path):
        self.root, self.templates, self.data = root, templates, data
        self.count = 0

    def __call__(self, year: int = 2025) -> set[str]:
        self.count += 1
        ran: set[str] = set()
        execute.execute_all(
            self.templates,
            self.root / f"out{self.count}",
            {"province": "son-la", "year": year, "data_dir": str(self.data)},
            jobs=2,
            on_done=lambda t, reused: None if reused else ran.add(t.stem),
            cache=Cache(self.root / "cache"),
        )
        return ran


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    root = tmp_path_factory.mktemp("cache")
    templates = root / "notebooks"
    templates.mkdir()
    for t in chapter_notebooks(PROJECT):
        shutil.copy2(t, templates / t.name)
    data = root / "data"
    shutil.copytree(PROJECT / "data", data)
    r = Run(root, sorted(templates.glob("*.ipynb")), data)
    assert r() == ALL  # cold: every chapter runs
    return r


@pytest.fixture
def run(warm):
    """The warm run, given back after the test with its original data and templates (and
    the cache warm for them again), so no test depends on what another one edited."""
    yield warm
    shutil.rmtree(warm.data)
    shutil.copytree(PROJECT / "data", warm.data)
    for t in warm.templates:
        shutil.copy2(PROJECT / "notebooks" / t.name, t)
    warm()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_runs_nothing(run):
    assert run() == set()


def test_changed_awards_reruns_only_its_readers(run):
    edit(run.data / "awards.csv", "son-la,2025,tinh,71,34,67,30", "son-la,2025,tinh,71,34,67,31")
    # The report (bao-cao) cites the awards too.
    assert run() == notebooks("report", "overview", "results", "reconciliation")
    assert run() == set()


def test_changed_indicators_reruns_only_its_readers(run):
    edit(run.data / "indicators.csv", ",170.8,", ",170.9,")
    assert run() == notebooks("previous", "region", "reconciliation")


def test_changed_template_reruns_only_that_chapter(run):
    (limitations,) = notebooks("limitations")
    path = next(t for t in run.templates if t.stem == limitations)
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Ghi chú thêm."))
    nbformat.write(nb, path)
    assert run() == {limitations}


def test_changed_parameter_reruns_everything(run):
    with (run.data / "funding.csv").open("a", encoding="utf-8") as f:
        f.write(
            "son-la,2026,national,300,300,1,authored,\nson-la,2026,local,2000,1800,5,authored,\n"
        )
    (run.data / "texts" / "son-la" / "2026.yaml").write_text(
        "source_id: authored\n", encoding="utf-8"
    )
    assert run(year=2026) == ALL
    # Appending 2026 rows changed funding.csv: 2025's readers of it run again (the region and
    # previous-period chapters set the year's funding against the region and the period); the
    # new texts/son-la/2026.yaml changed the listing of the province's periods, which the
    # previous-period chapter reads; the reconciliation chapter's consistency rules read the
    # funding rows. The others do not run.
    assert run(year=2025) == notebooks(
        "report", "overview", "results", "limitations", "previous", "region", "reconciliation"
    )


def test_changed_package_function_reruns_everything(run, monkeypatch):
    monkeypatch.setattr(execute, "package_fingerprint", lambda: "edited-metrics-function")
    assert run() == ALL


def test_package_fingerprint_follows_a_function_edit(tmp_path):
    pkg = tmp_path / "khuyencong"
    shutil.copytree(cache_mod.PACKAGE_ROOT, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    before = package_fingerprint(pkg)
    assert package_fingerprint(pkg) == before
    edit(
        pkg / "figures" / "metrics.py",
        "return 100.0 * disbursed / allocated",
        "return 100.0 * disbursed / allocated + 0",
    )
    assert package_fingerprint(pkg) != before
