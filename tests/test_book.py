"""Adding a chapter takes its module, its notebook's prose and one registry entry.

In a copy of the project, a test chapter is added exactly that way; the command that
generates the book's files from the registry writes its TOC line, its line in the intro and
its code cells, and a build publishes it in the site (with its place in the navigation) and
in the printed edition.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import nbformat
import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.requires_tools("xelatex", "latexmk", "pdftotext")]

MODULE = '''"""A test chapter: the year's tasks counted from the funding rows."""

from __future__ import annotations

from dataclasses import dataclass

from khuyencong.content.chapters.glue import Glued


@dataclass(frozen=True)
class Trial(Glued):
    trial_tasks: str


def build(data, province: str, year: int) -> Trial:
    rows = data.funding[(data.funding["province"] == province) & (data.funding["year"] == year)]
    return Trial(trial_tasks=str(int(rows["tasks"].sum())))
'''

PROSE = "# Chương thử nghiệm\n\nChương thử nghiệm đếm được {glue:md}`trial_tasks` nhiệm vụ.\n"

ENTRY = """    ChapterEntry(
        "trial",
        "thu-nghiem",
        "khuyencong.content.chapters.trial",
        "Trial",
        ANALYSIS,
        summary="một chương thêm vào để thử.",
    ),
"""


def copy_project(target: Path) -> Path:
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
    for folder in ("src", "notebooks", "book", "data", "locale"):
        shutil.copytree(PROJECT / folder, target / folder, ignore=skip)
    for name in ("_config.yml", "_toc.yml", "pyproject.toml"):
        shutil.copy2(PROJECT / name, target / name)
    return target


def add_trial_chapter(project: Path) -> None:
    chapters = project / "src" / "khuyencong" / "content" / "chapters"
    (chapters / "trial.py").write_text(MODULE, encoding="utf-8")  # 1. its module
    nb = nbformat.v4.new_notebook()  # 2. its notebook: prose only
    nb.cells = [nbformat.v4.new_markdown_cell(PROSE, id="thu-nghiem-0")]
    nbformat.write(nb, project / "notebooks" / "thu-nghiem.ipynb")
    registry = chapters / "registry.py"  # 3. one entry, before the region chapter
    text = registry.read_text(encoding="utf-8")
    anchor = '    ChapterEntry(\n        "region",'
    assert text.count(anchor) == 1
    registry.write_text(text.replace(anchor, ENTRY + anchor), encoding="utf-8")


def run(cmd: list[str], project: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(project / "src")}  # the copy's package
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_a_chapter_added_by_one_registry_entry_is_in_the_toc_the_site_and_the_pdf(tmp_path):
    project = copy_project(tmp_path / "du-an")
    add_trial_chapter(project)
    written = run([sys.executable, "-m", "khuyencong.content.chapters.toc"], project).split()
    assert written == ["_toc.yml", "book/intro.md", "notebooks/thu-nghiem.ipynb"]

    toc = yaml.safe_load((project / "_toc.yml").read_text(encoding="utf-8"))
    pages = [c["file"] for c in toc["parts"][0]["chapters"]]
    # between "Giai đoạn trước" and "Bối cảnh khu vực", the seventh numbered chapter
    assert pages[5:8] == ["notebooks/giai-doan-truoc", "notebooks/thu-nghiem", "notebooks/khu-vuc"]
    intro = (project / "book" / "intro.md").read_text(encoding="utf-8")
    assert "- **Chương thử nghiệm**: một chương thêm vào để thử.\n" in intro
    cells = nbformat.read(project / "notebooks" / "thu-nghiem.ipynb", as_version=4).cells
    assert [c.cell_type for c in cells] == ["code", "code", "markdown"]
    assert 'show("trial", province, year, data_dir)' in cells[1].source

    cli = str(Path(sys.executable).with_name("khuyencong"))
    run([cli, "build", "--province", "son-la", "--year", "2025", "--jobs", "2"], project)
    site = project / "_build" / "site" / "son-la" / "2025"
    # funding.csv, son-la 2025: national 0 tasks + local 6 tasks (seed-000) = 6
    page = (site / "notebooks" / "thu-nghiem.html").read_text(encoding="utf-8")
    assert "Chương thử nghiệm đếm được 6 nhiệm vụ." in flat(re.sub(r"<[^>]+>", " ", page))
    assert re.search(r'href="thu-nghiem.html"', (site / "notebooks" / "khu-vuc.html").read_text())
    printed = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(site / "son-la-2025.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Chương thử nghiệm đếm được 6 nhiệm vụ." in flat(printed)
    assert re.search(r"^\s*Chương 7\s*$", printed, re.M)  # numbered in its place
