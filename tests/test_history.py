"""Reproducible from any folder and any history: the same inputs publish the same bytes
whatever folder the project sits in, whatever was built before (an edit since reverted),
and after `clean` the next build is cold and still gives the same bytes.

Every published byte is compared: the edition as served (through its link), the names beside
it in the province's folder (generations included), the stamps, the search index, the PDFs
and the báo cáo."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from khuyencong.cli.commands import main
from khuyencong.content.chapters.registry import CHAPTERS
from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.pipeline.build import build_edition

PROJECT = Path(__file__).resolve().parents[1]
COPIED = ("data", "notebooks", "book", "locale", "_config.yml", "_toc.yml")
pytestmark = pytest.mark.slow


def clone(where: Path) -> Path:
    """The project's inputs copied to `where` (as a second checkout would have them)."""
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, where / name, ignore=shutil.ignore_patterns("drafts"))
        elif source.is_file():
            where.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, where / name)
    return where


def build(project: Path, said: list[str] | None = None) -> Path:
    request = BuildRequest.of("son-la", 2025, jobs=2)
    out = said.append if said is not None else (lambda s: None)
    return build_edition(request, ProjectPaths.resolve(project), say=out)


def published(project: Path) -> dict[str, bytes]:
    """Every byte published for the province: each file of the edition (the link followed)
    and the names of the entries beside it."""
    province = project / "_build" / "site" / "son-la"
    edition = (province / "2025").resolve()
    found = {
        p.relative_to(edition).as_posix(): p.read_bytes()
        for p in sorted(edition.rglob("*"))
        if p.is_file()
    }
    found["<beside>"] = "\n".join(sorted(os.listdir(province))).encode()
    return found


def differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))


@pytest.fixture(scope="module", autouse=True)
def _no_dates(tmp_path_factory):
    saved = {v: os.environ.pop(v, None) for v in ("SOURCE_DATE_EPOCH", "KHUYENCONG_ISSUE_DATE")}
    yield
    for var, value in saved.items():
        if value is not None:
            os.environ[var] = value


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """Clone A, built once: its folder and what it published."""
    project = clone(tmp_path_factory.mktemp("a") / "khuyen-cong")
    build(project)
    return project, published(project)


def test_two_clones_in_different_folders_publish_the_same_bytes(first, tmp_path):
    project_a, bytes_a = first
    project_b = clone(tmp_path / "mot" / "thu-muc" / "khac")
    build(project_b)
    bytes_b = published(project_b)
    assert differing(bytes_a, bytes_b) == []
    assert {".khuyencong-stamp", ".khuyencong-inputs", "searchindex.js"} <= set(bytes_a)
    assert "son-la-2025.pdf" in bytes_a and "son-la-2025-bao-cao.pdf" in bytes_a
    for folder in (project_a, project_b, tmp_path):  # no path of either clone anywhere
        assert [n for n, b in bytes_b.items() if str(folder).encode() in b] == []


WORD = "qzxkhongtim"  # a word nothing else contains (lower case, no suffix: indexed as is)


def test_an_edit_reverted_gives_back_every_byte(first, tmp_path):
    _, bytes_a = first
    project = clone(tmp_path / "b")
    build(project)
    assert differing(bytes_a, published(project)) == []
    texts = project / "data" / "texts" / "son-la" / "2025.yaml"
    original = texts.read_bytes()
    text = original.decode("utf-8")
    anchor = "policies:\n"
    assert anchor in text
    texts.write_bytes(text.replace(anchor, f"{anchor}  - {WORD}.\n", 1).encode("utf-8"))
    build(project)
    edited = published(project)
    assert [n for n, b in edited.items() if n.endswith(".html") and WORD.encode() in b]
    assert WORD.encode() in edited["searchindex.js"]  # the edit is found by the search
    texts.write_bytes(original)
    build(project)
    reverted = published(project)
    assert WORD.encode() not in reverted["searchindex.js"]
    assert differing(bytes_a, reverted) == []


def test_clean_then_build_is_cold_and_gives_the_same_bytes(first):
    project, bytes_a = first
    said: list[str] = []
    build(project, said)
    assert "[3/4] Không có gì thay đổi: giữ nguyên ấn phẩm đã xuất bản." in said
    result = CliRunner().invoke(main, ["--project", str(project), "clean"])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(
        main, ["--project", str(project), "build", "--year", "2025", "--jobs", "2"]
    )
    assert again.exit_code == 0, again.output
    assert "Không có gì thay đổi" not in again.output
    assert "dùng lại" not in again.output  # every chapter executed again
    ran = [line for line in again.output.splitlines() if line.strip().startswith("✓")]
    assert len(ran) == len(CHAPTERS)
    assert "[3/4] Dựng ấn phẩm bằng Jupyter Book" in again.output
    assert differing(bytes_a, published(project)) == []
