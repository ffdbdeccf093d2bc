"""Shared fixtures: where the project and its data are, the dataset loaded once, a scratch copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# CI=true turns every skip into a failure (the hooks live in ci_skips.py so a test can load them).
# `@pytest.mark.requires_tools(...)` fails in CI when a tool is missing and skips (saying so) elsewhere.
from ci_skips import (  # noqa: F401
    pytest_configure,
    pytest_make_collect_report,
    pytest_runtest_makereport,
    pytest_runtest_setup,
)

from khuyencong.content.chapters import registry
from khuyencong.inputs.dataset import Dataset, load_dataset

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "data"
# The chapter notebooks of the annual book, in reading order (declared once, in the registry).
CHAPTERS = [c.notebook for c in registry.of_edition(registry.ANNUAL)]


@pytest.fixture(scope="session")
def project() -> Path:
    """The project root (holds _toc.yml, data/, notebooks/)."""
    return PROJECT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real, read-only input folder."""
    return DATA


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """data/ loaded and validated once per session. Tests must not modify its DataFrames."""
    return load_dataset(DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(autouse=True)
def _close_figures():
    """Chapters built in a test return open matplotlib figures: close them after each test."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
