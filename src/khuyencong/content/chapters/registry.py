"""Every chapter of the edition, declared once: the book is generated from this list.

An entry names the chapter's notebook (a parameterized page under `notebooks/`, named for
what it holds, not for its place), the function computing its content and the typed result
it returns (whose fields are the glue names the page may use), its part of the book and
what it holds. The order of the entries is the reading order. From this list come the
notebooks a build executes (`chapter_notebooks`), the tests' list of chapters, and, by
`python -m khuyencong.content.chapters.toc`, the book's `_toc.yml`, the chapter list of
`book/intro.md` and the code cells of every chapter notebook (a fast test checks all three
are current). Adding a chapter: its module, its notebook's prose, an entry here, then that
command.
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

# The kinds of edition a chapter belongs to: the annual report's book, or a programme
# period's (tổng kết / sơ kết, `build --period`), whose chapters take `period` instead of `year`.
ANNUAL, PERIOD = "annual", "period"


@dataclass(frozen=True)
class ChapterEntry:
    key: str  # how code and tests name the chapter
    notebook: str  # file name under notebooks/, without .ipynb
    module: str  # module holding the builder and the result class
    result: str  # name of the result class (a `Glued` dataclass) in that module
    part: str | None  # caption of the TOC part it belongs to; None: the root page
    builder: str = "build"  # builder(data, province, year) -> result
    edition: str = ANNUAL  # ANNUAL, or PERIOD: builder(data, province, period label)
    summary: str = ""  # what the chapter holds, for the list in book/intro.md

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
    ChapterEntry("report", "bao-cao", "khuyencong.content.report.web", "ReportPage", ROOT),
    ChapterEntry(
        "overview",
        "tong-quan",
        "khuyencong.content.chapters.overview",
        "Overview",
        ANALYSIS,
        summary="các số liệu chính của năm.",
    ),
    ChapterEntry(
        "results",
        "ket-qua",
        "khuyencong.content.chapters.results",
        "Results",
        ANALYSIS,
        summary="kinh phí được giao và đã thực hiện theo nguồn, kết quả theo nội dung hoạt động "
        "và nhóm nội dung, bình chọn sản phẩm công nghiệp nông thôn tiêu biểu, so sánh với "
        "kế hoạch.",
    ),
    ChapterEntry(
        "limitations",
        "han-che",
        "khuyencong.content.chapters.limitations",
        "Limitations",
        ANALYSIS,
        summary="những hạn chế đã được nhận diện.",
    ),
    ChapterEntry(
        "priorities",
        "nhiem-vu",
        "khuyencong.content.chapters.priorities",
        "Priorities",
        ANALYSIS,
        summary="định hướng và kế hoạch năm sau theo chương trình.",
    ),
    ChapterEntry(
        "programme",
        "chuong-trinh",
        "khuyencong.content.chapters.programme",
        "Programme",
        ANALYSIS,
        summary="toàn bộ kế hoạch 5 năm, với các tổng được cộng lại.",
    ),
    ChapterEntry(
        "previous",
        "giai-doan-truoc",
        "khuyencong.content.chapters.previous",
        "Previous",
        ANALYSIS,
        summary="kết quả, tồn tại và định hướng của chương trình khuyến công giai đoạn trước.",
    ),
    ChapterEntry(
        "region",
        "khu-vuc",
        "khuyencong.content.chapters.region",
        "Region",
        ANALYSIS,
        summary="kinh phí khuyến công của vùng mà tỉnh thuộc về.",
    ),
    ChapterEntry(
        "reconciliation",
        "doi-soat",
        "khuyencong.content.chapters.reconciliation",
        "Reconciliation",
        TECHNICAL,
        summary="các con số do nguồn công bố được tính lại từ số liệu gốc, và các quy tắc nhất "
        "quán được kiểm tra trên số liệu của năm.",
    ),
    ChapterEntry(
        "period_report",
        "bao-cao-giai-doan",
        "khuyencong.content.report.period_web",
        "PeriodReportPage",
        ROOT,
        edition=PERIOD,
    ),
    ChapterEntry(
        "period_series",
        "so-lieu-giai-doan",
        "khuyencong.content.chapters.period_series",
        "PeriodSeries",
        ANALYSIS,
        edition=PERIOD,
        summary="kinh phí và kết quả theo từng năm của giai đoạn, tiến độ so với mục tiêu của "
        "chương trình, so với giai đoạn trước, đối chiếu các con số được công bố.",
    ),
)

# The hand-written pages under book/, by part, after that part's chapters (in this order).
APPENDIX = "Phụ lục"
BOOK_PAGES: dict[str, tuple[str, ...]] = {
    APPENDIX: ("book/intro", "book/glossary"),
    TECHNICAL: (
        "book/method",
        "book/quy-trinh-hang-nam",
        "book/data-contract",
        "book/sources",
    ),
}
# The parts of the book in reading order (the báo cáo, the root page, opens it).
PARTS = (ANALYSIS, APPENDIX, TECHNICAL)
# Parts left out of the printed book: the technical annex is for the authors, on the web only.
WEB_ONLY = (TECHNICAL,)
# Parts whose chapters are numbered (1., 2., … in the site and the printed book).
NUMBERED = (ANALYSIS,)


def of_edition(kind: str = ANNUAL) -> tuple[ChapterEntry, ...]:
    """The chapters of one kind of edition, in reading order."""
    return tuple(c for c in CHAPTERS if c.edition == kind)


def chapter(key: str) -> ChapterEntry:
    """The entry of a chapter by its key ('overview', 'results', …)."""
    for entry in CHAPTERS:
        if entry.key == key:
            return entry
    raise KeyError(key)


def notebooks(*keys: str) -> set[str]:
    """The notebook names of the chapters with these keys."""
    return {chapter(k).notebook for k in keys}


def toc_pages(kind: str = ANNUAL) -> dict[str | None, list[str]]:
    """The pages each TOC part must list, in order (None: the root)."""
    parts: dict[str | None, list[str]] = {}
    for entry in of_edition(kind):
        parts.setdefault(entry.part, []).append(entry.page)
    return parts


def chapter_notebooks(project: Path, kind: str = ANNUAL) -> list[Path]:
    """The parameterized chapter templates of one kind of edition, in reading order."""
    return [project / f"{c.page}.ipynb" for c in of_edition(kind)]
