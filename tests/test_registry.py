"""The chapter registry against the book: `_toc.yml` lists its pages, each notebook uses only
the glue names its chapter produces, and on every branch (no funding, no programme, no region,
no review, no claims) a name the chapter leaves out is one the page prunes."""

from __future__ import annotations

import dataclasses
import re
import shutil
import sys
from pathlib import Path

import matplotlib
import nbformat
import pytest
import yaml

matplotlib.use("Agg")

from khuyencong.content.chapters import toc
from khuyencong.content.chapters.glue import EditionNames, Glued, Md
from khuyencong.content.chapters.registry import (
    CHAPTERS,
    PERIOD,
    ChapterEntry,
    chapter,
    of_edition,
    toc_pages,
)
from khuyencong.inputs.dataset import Dataset, load_dataset
from khuyencong.outputs.prune import prune_markdown

PROJECT = Path(__file__).resolve().parents[1]


# {glue:md}`name`, {glue}`name`, {glue:text}`name` … and ```{glue:figure} name blocks.
_ROLE = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`")
_DIRECTIVE = re.compile(r"^```\{glue(?::\w+)?\}\s+(\S+)", re.M)


def referenced(markdown: str) -> set[str]:
    """The glue names a page's Markdown refers to."""
    return set(_ROLE.findall(markdown)) | set(_DIRECTIVE.findall(markdown))


def page_markdown(entry: ChapterEntry) -> list[str]:
    nb = nbformat.read(PROJECT / f"{entry.page}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def unknown_names(entry: ChapterEntry, markdown: str) -> set[str]:
    """Names the page uses that its chapter never produces."""
    return referenced(markdown) - entry.result_type().glue_names()


# --- the table of contents ------------------------------------------------------------------


def toc_notebook_pages(toc: dict) -> dict[str | None, list[str]]:
    """The notebook pages `_toc.yml` lists, per part caption (None: the root)."""
    parts: dict[str | None, list[str]] = {}
    if toc["root"].startswith("notebooks/"):
        parts[None] = [toc["root"]]

    def walk(node: dict, caption: str | None) -> None:
        for child in node.get("chapters", []) + node.get("sections", []):
            if child.get("file", "").startswith("notebooks/"):
                parts.setdefault(caption, []).append(child["file"])
            walk(child, caption)

    for part in toc.get("parts", []):
        walk(part, part.get("caption"))
    return parts


def test_the_toc_lists_exactly_the_registry_chapters_in_order():
    toc = yaml.safe_load((PROJECT / "_toc.yml").read_text(encoding="utf-8"))
    expected = toc_pages()
    assert toc_notebook_pages(toc) == expected, (
        "_toc.yml must list the chapters of khuyencong/content/chapters/registry.py: "
        + "; ".join(f"{part or 'root'}: {', '.join(pages)}" for part, pages in expected.items())
    )


def test_the_toc_lists_each_page_once():
    files = re.findall(
        r"^\s*(?:- file|root): (\S+)\s*$", (PROJECT / "_toc.yml").read_text("utf-8"), re.M
    )
    assert files[0] == "notebooks/bao-cao" and "book/data-contract" in files
    assert len(files) == len(set(files))


def test_toc_comparison_notices_a_missing_chapter():
    toc = yaml.safe_load((PROJECT / "_toc.yml").read_text(encoding="utf-8"))
    del toc["parts"][0]["chapters"][-1]
    assert toc_notebook_pages(toc) != toc_pages()


def test_every_entry_resolves_to_a_notebook_a_builder_and_a_result():
    assert len({c.key for c in CHAPTERS}) == len({c.notebook for c in CHAPTERS}) == len(CHAPTERS)
    for entry in CHAPTERS:
        assert (PROJECT / f"{entry.page}.ipynb").is_file(), entry
        assert callable(entry.build()), entry
        assert dataclasses.is_dataclass(entry.result_type()), entry
    assert chapter("overview").notebook == "tong-quan"
    with pytest.raises(KeyError):
        chapter("khong-co")


def test_each_notebook_calls_its_chapter_once():
    for entry in CHAPTERS:
        nb = nbformat.read(PROJECT / f"{entry.page}.ipynb", as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        assert code[1:] == [
            f"# Everything on this page is computed by {entry.module}.build.\n"
            "from khuyencong.content.view import show\n\n"
            f'show("{entry.key}", province, {toc.WHEN[entry.edition]}, data_dir)'
        ], entry
        assert "parameters" in nb.cells[0].metadata["tags"], entry


# --- the book generated from the registry ---------------------------------------------------


def test_the_book_files_are_generated_from_the_registry():
    # _toc.yml, the chapter list of book/intro.md and the notebooks' code cells
    assert toc.stale(PROJECT) == [], "out of date; run: python -m khuyencong.content.chapters.toc"


def test_intro_lists_every_chapter_after_the_report_in_order():
    intro = (PROJECT / "book" / "intro.md").read_text("utf-8")
    listed = re.findall(r"^- \*\*(.+?)\*\*", intro, re.M)
    # the registry's order: overview, results, …, reconciliation, then the appendix
    assert listed == [
        "Tổng quan",
        "Kết quả đạt được",
        "Tồn tại, hạn chế",
        "Nhiệm vụ, giải pháp năm tiếp theo",
        "Chương trình khuyến công giai đoạn",
        "Giai đoạn trước",
        "Bối cảnh khu vực",
        "Phụ lục",
        "Phụ lục kỹ thuật",
    ]
    assert "- **Phụ lục**: thuật ngữ." in intro
    assert (
        "- **Phụ lục kỹ thuật** (chỉ trên trang web, không in kèm ấn phẩm): đối soát số liệu, "
        "phương pháp, quy trình hằng năm, hợp đồng dữ liệu, nguồn tài liệu." in intro
    )


def test_a_registry_change_makes_the_book_files_stale(tmp_path, monkeypatch):
    project = tmp_path / "du-an"
    for name in ("_toc.yml", "book/intro.md", *(f"{c.page}.ipynb" for c in CHAPTERS)):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT / name, project / name)
    for page in (p for pages in toc.BOOK_PAGES.values() for p in pages):
        shutil.copy2(PROJECT / f"{page}.md", project / f"{page}.md")
    assert toc.stale(project) == []
    # the region chapter moved before the results: the TOC and the intro follow, once rewritten
    order = list(CHAPTERS)
    order.insert(2, order.pop(order.index(chapter("region"))))
    monkeypatch.setattr(toc, "CHAPTERS", tuple(order))
    assert toc.stale(project) == [project / "_toc.yml", project / "book" / "intro.md"]
    assert toc.write(project) == [project / "_toc.yml", project / "book" / "intro.md"]
    assert toc.stale(project) == []
    pages = re.findall(r"file: notebooks/(\S+)", (project / "_toc.yml").read_text("utf-8"))
    assert pages[:3] == ["tong-quan", "khu-vuc", "ket-qua"]
    intro = (project / "book" / "intro.md").read_text("utf-8")
    assert intro.index("**Bối cảnh khu vực**") < intro.index("**Kết quả đạt được**")
    # a notebook whose code was edited by hand is rewritten
    path = project / f"{chapter('overview').page}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].source = "print(1)"
    nbformat.write(nb, path)
    assert toc.stale(project) == [path]


# --- glue names ------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", CHAPTERS, ids=lambda c: c.key)
def test_notebook_uses_only_names_its_chapter_produces(entry):
    page = "\n".join(page_markdown(entry))
    unknown = unknown_names(entry, page)
    assert unknown == set(), (
        f"{entry.notebook} uses {sorted(unknown)}, never glued by {entry.module}"
    )
    used, declared = referenced(page), entry.result_type().glue_names()
    # …and everything the chapter computes is shown (the edition's names are there for any page).
    unused = declared - used - EditionNames.glue_names()
    assert unused == set(), f"{entry.module} glues names {entry.notebook} never uses"


def test_a_doctored_notebook_is_caught():
    overview = chapter("overview")
    page = "\n".join(page_markdown(overview))
    assert unknown_names(overview, page) == set()
    doctored = page.replace("{glue:md}`funding_sentence`", "{glue:md}`n_0`")
    assert unknown_names(overview, doctored) == {"n_0"}
    doctored = page + "\n```{glue:figure} fig_khong_co\n:name: fig-khong-co\n```\n"
    assert unknown_names(overview, doctored) == {"fig_khong_co"}
    # a glue name a chapter produces, used on another chapter's page
    assert unknown_names(chapter("reconciliation"), "{glue:md}`region_total`") == {"region_total"}


def test_renamed_names_say_what_they_hold():
    reconciliation = chapter("reconciliation").result_type().glue_names()
    assert {"claims_exact", "claims_within_rounding", "rules_passed"} <= reconciliation
    names = set().union(*(c.result_type().glue_names() for c in CHAPTERS))
    assert not {n for n in names if re.fullmatch(r"[a-z]_\d+", n)}
    assert "has_programme" not in names


# --- every branch ----------------------------------------------------------------------------


def without_rows(data: Dataset, *tables: str) -> Dataset:
    """The data with every row of these tables removed, no programme and no multi-year text."""
    return Dataset(
        data.root,
        {k: df.iloc[0:0] if k in tables else df for k, df in data.tables.items()},
        {},
        {k: v for k, v in data.texts.items() if "-" not in k[1]},
    )


@pytest.fixture(scope="module")
def editions(dataset: Dataset) -> list[tuple[str, Dataset, str, int]]:
    """Son La 2025 (funding, no plan for the year), Son La 2024 (programme starting next
    year), the unnamed province of seed 002 in 2020 (results up to the year, no funding
    figures, no region, no review), and Son La 2025 with no funding, awards, indicators,
    claims, programme or review at all."""
    bare = without_rows(dataset, "funding", "awards", "indicators", "claims")
    return [
        ("son-la 2025", dataset, "son-la", 2025),
        ("son-la 2024", dataset, "son-la", 2024),
        ("tinh-khuyet-danh-002 2020", dataset, "tinh-khuyet-danh-002", 2020),  # no edition, still
        # a year a chapter may be asked about
        ("son-la 2025 without data", bare, "son-la", 2025),
    ]


@pytest.mark.parametrize("entry", of_edition(), ids=lambda c: c.key)
def test_every_branch_glues_what_its_page_keeps(entry, editions):
    for label, data, province, year in editions:
        result = entry.build()(data, province, year)
        glued = {name for name, _ in result.glued()}
        assert glued <= entry.result_type().glue_names(), label
        cells = page_markdown(entry)
        kept = [prune_markdown(md, glued, last=md is cells[-1]) for md in cells]
        # what the page still refers to after pruning must have been glued
        missing = set().union(*(referenced(md) for md in kept)) - glued
        assert missing == set(), f"{entry.notebook}, {label}: {sorted(missing)} not glued"


def test_branches_leave_out_blocks_and_unfilled_sentences(editions):
    _, bare, province, year = editions[-1]
    results = dict(chapter("results").build()(bare, province, year).glued())
    assert results["funding_sentence"].startswith("Tài liệu nguồn không nêu số liệu kinh phí")
    overview = dict(chapter("overview").build()(bare, province, year).glued())
    assert overview["tbl_key_figures"].markdown.count("chưa có số liệu") == 4  # never zeros
    assert "tbl_funding" not in results and "fig_funding" not in results
    assert "tbl_plan" not in results and "tbl_awards" not in results
    programme = dict(chapter("programme").build()(bare, province, year).glued())
    assert "title" not in programme and "tbl_years" not in programme
    assert programme["no_programme"].startswith("Chưa có chương trình")
    region = dict(chapter("region").build()(bare, province, year).glued())
    assert "region_total" not in region and "fig_region" not in region
    previous = dict(chapter("previous").build()(bare, province, year).glued())
    assert "cagr" not in previous and "tbl_period_results" not in previous
    reconciliation = dict(chapter("reconciliation").build()(bare, province, year).glued())
    assert reconciliation["n_claims"] == "0" and "tbl_claims" not in reconciliation


@pytest.fixture(scope="module")
def period_editions(dataset: Dataset) -> list[tuple[str, Dataset, str, str]]:
    """Sơn La 2016–2020 (seed 001: figures for the whole period), the seed-002 province's
    review (no start year), Sơn La 2021–2025 (one annual year, 2025), and 2016–2020 without
    any figure."""
    bare = without_rows(dataset, "funding", "results", "awards", "indicators", "claims")
    return [
        ("son-la 2016-2020", dataset, "son-la", "2016-2020"),
        ("tinh-khuyet-danh-002 truoc-2021", dataset, "tinh-khuyet-danh-002", "truoc-2021"),
        ("son-la 2021-2025", dataset, "son-la", "2021-2025"),
        ("son-la 2016-2020 without data", bare, "son-la", "2016-2020"),
    ]


@pytest.mark.parametrize("entry", of_edition(PERIOD), ids=lambda c: c.key)
def test_every_period_branch_glues_what_its_page_keeps(entry, period_editions):
    for label, data, province, period in period_editions:
        glued = {name for name, _ in entry.build()(data, province, period).glued()}
        assert glued <= entry.result_type().glue_names(), label
        cells = page_markdown(entry)
        kept = [prune_markdown(md, glued, last=md is cells[-1]) for md in cells]
        missing = set().union(*(referenced(md) for md in kept)) - glued
        assert missing == set(), f"{entry.notebook}, {label}: {sorted(missing)} not glued"


def test_annual_editions_keep_their_chapters():
    assert [c.key for c in of_edition()] == [c.key for c in CHAPTERS if c.edition == "annual"]
    assert "period_report" not in [c.key for c in of_edition()]
    assert toc_pages(PERIOD) == {
        None: ["notebooks/bao-cao-giai-doan"],
        "Số liệu và phân tích kèm theo báo cáo": ["notebooks/so-lieu-giai-doan"],
    }


def test_a_seed_with_a_programme_fills_the_plan_sections(dataset):
    # Son La 2024: the 2026–2030 programme is not yet running; for 2025 the next year's plan
    # is shown but nothing is behind it yet (the programme starts in 2026).
    priorities = dict(chapter("priorities").build()(dataset, "son-la", 2025).glued())
    assert "tbl_next" in priorities and "tbl_track" not in priorities
    assert "track_sentence" not in priorities


def test_load_dataset_is_the_same_data(dataset, data_dir):
    # the branch fixture changes copies only: the session dataset keeps its rows
    assert len(load_dataset(data_dir).funding) == len(dataset.funding) > 0


def test_the_notebook_check_fails_on_a_doctored_notebook(monkeypatch):
    overview = chapter("overview")
    cells = page_markdown(overview)
    doctored = [cells[0] + "\n\nCòn {glue:md}`n_0` con số.\n"]
    monkeypatch.setattr(sys.modules[__name__], "page_markdown", lambda entry: doctored)
    with pytest.raises(AssertionError, match="n_0"):
        test_notebook_uses_only_names_its_chapter_produces(overview)


@dataclasses.dataclass(frozen=True)
class Part(Glued):
    so_lieu: str
    bang: Md | None


@dataclasses.dataclass(frozen=True)
class Page(Glued):
    cau: str
    phan: Part
    ghi_chu: str | None


def test_glued_flattens_parts_and_leaves_out_what_is_missing():
    assert Page.glue_names() == {"cau", "so_lieu", "bang", "ghi_chu"}
    page = Page("Câu.", Part.without_data(), None)
    assert dict(page.glued()) == {"cau": "Câu."}  # None: not glued, so left out of the page
    empty = Page.without_data(phan=Part("3", Md("- a")))
    assert dict(empty.glued()) == {"so_lieu": "3", "bang": "- a"}
