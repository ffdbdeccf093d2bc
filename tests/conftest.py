"""Shared fixtures: where the project and its data are, the dataset loaded once, a scratch copy."""

from __future__ import annotations

import shutil
import subprocess
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


# What makes a test slow: these programs take seconds each, and many more on a busy machine.
SLOW_TOOLS = {"soffice", "libreoffice", "latexmk", "xelatex", "chromium", "chromium-browser"}


@pytest.fixture(autouse=True)
def _fast_tests_start_no_slow_tool(request, monkeypatch):
    """A test not marked slow that starts LibreOffice, XeLaTeX or Chromium fails: it belongs to
    the slow tier (`make test`), or must stub the step (`make check` stays under a minute)."""
    if request.node.get_closest_marker("slow") is not None:
        return
    start = subprocess.Popen.__init__

    def guarded(self, args, *rest, **kwargs):
        first = args[0] if isinstance(args, list | tuple) else str(args).split()[0]
        if Path(str(first)).name in SLOW_TOOLS:
            pytest.fail(f"{Path(str(first)).name} started by a test not marked slow")
        start(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded)
