"""Every chapter of the edition, declared once.

An entry names the chapter's notebook (a parameterized page under `notebooks/`), the
function computing its content and the typed result it returns (whose fields are the glue
names the page may use), and its place in the book. From this list come the notebooks a
build executes (`chapter_notebooks`) and the tests' list of chapters; a fast test
checks that `_toc.yml` lists exactly these pages in this order and that each page uses
only names its chapter produces. Adding a chapter: its module, its notebook, an entry here
(and the line of `_toc.yml` that test then asks for).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from khuyencong.content.chapters.glue import Glued
    from khuyencong.inputs.dataset import Dataset

# The book's parts (captions as `_toc.yml` writes them).
ROOT = None  # the edition opens on the báo cáo
ANALYSIS = "Số liệu và phân tích kèm theo báo cáo"
TECHNICAL = "Phụ lục kỹ thuật"  # on the web only, not in the printed book


@dataclass(frozen=True)
class ChapterEntry:
    key: str  # how code and tests name the chapter
    notebook: str  # file name under notebooks/, without .ipynb
    module: str  # module holding the builder and the result class
    result: str  # name of the result class (a `Glued` dataclass) in that module
    part: str | None  # caption of the TOC part it belongs to; None: the root page
    builder: str = "build"  # builder(data, province, year) -> result

    @property
    def page(self) -> str:
        """The page as `_toc.yml` lists it."""
        return f"notebooks/{self.notebook}"

    def build(self) -> Callable[[Dataset, str, int], Glued]:
        return cast(
            "Callable[[Dataset, str, int], Glued]",
            getattr(importlib.import_module(self.module), self.builder),
        )

    def result_type(self) -> type[Glued]:
        return cast("type[Glued]", getattr(importlib.import_module(self.module), self.result))


CHAPTERS: tuple[ChapterEntry, ...] = (
    ChapterEntry("report", "00_bao_cao", "khuyencong.content.report.web", "ReportPage", ROOT),
    ChapterEntry(
        "overview", "01_tong_quan", "khuyencong.content.chapters.overview", "Overview", ANALYSIS
    ),
    ChapterEntry(
        "results", "02_ket_qua", "khuyencong.content.chapters.results", "Results", ANALYSIS
    ),
    ChapterEntry(
        "limitations",
        "03_han_che",
        "khuyencong.content.chapters.limitations",
        "Limitations",
        ANALYSIS,
    ),
    ChapterEntry(
        "priorities",
        "04_nhiem_vu",
        "khuyencong.content.chapters.priorities",
        "Priorities",
        ANALYSIS,
    ),
    ChapterEntry(
        "programme",
        "05_chuong_trinh",
        "khuyencong.content.chapters.programme",
        "Programme",
        ANALYSIS,
    ),
    ChapterEntry(
        "previous",
        "06_giai_doan_truoc",
        "khuyencong.content.chapters.previous",
        "Previous",
        ANALYSIS,
    ),
    ChapterEntry("region", "07_khu_vuc", "khuyencong.content.chapters.region", "Region", ANALYSIS),
    ChapterEntry(
        "reconciliation",
        "08_doi_soat",
        "khuyencong.content.chapters.reconciliation",
        "Reconciliation",
        TECHNICAL,
    ),
)


def chapter(key: str) -> ChapterEntry:
    """The entry of a chapter by its key ('overview', 'results', …)."""
    for entry in CHAPTERS:
        if entry.key == key:
            return entry
    raise KeyError(key)


def notebooks(*keys: str) -> set[str]:
    """The notebook names of the chapters with these keys."""
    return {chapter(k).notebook for k in keys}


def toc_pages() -> dict[str | None, list[str]]:
    """The pages each TOC part must list, in order (None: the root)."""
    parts: dict[str | None, list[str]] = {}
    for entry in CHAPTERS:
        parts.setdefault(entry.part, []).append(entry.page)
    return parts


def chapter_notebooks(project: Path) -> list[Path]:
    """The parameterized chapter templates of the project, in reading order."""
    return [project / f"{c.page}.ipynb" for c in CHAPTERS]
