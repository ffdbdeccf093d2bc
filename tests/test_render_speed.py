"""Issue 22's rendering: Sphinx in a warm process gives the bytes of `jupyter-book build`,
and the báo cáo is printed by LibreOffice only when its Word bytes changed."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_book.cli.main import build as jb_build

from khuyencong.content.report.content import build_report
from khuyencong.core.edition import Edition
from khuyencong.errors import RenderError
from khuyencong.outputs import report_files, sphinx_run
from khuyencong.outputs.book import jupyter_book, latex_sources, share_doctrees
from khuyencong.outputs.word_template import PACKAGE_TEMPLATE

CONFIG = """\
title: Sách thử
author: Sở Công Thương
language: vi
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  config:
    html_show_copyright: false
"""
TOC = """\
format: jb-book
root: index
chapters:
  - file: chuong
"""


def tiny_book(root: Path, chapter: str = "# Chương một\n\nMột đoạn có số 1.905.\n") -> Path:
    root.mkdir(parents=True)
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "_toc.yml").write_text(TOC, encoding="utf-8")
    (root / "index.md").write_text("# Mở đầu\n\nXem {doc}`chuong`.\n", encoding="utf-8")
    (root / "chuong.md").write_text(chapter, encoding="utf-8")
    return root


def test_the_warm_build_is_called_as_jupyter_book_build_calls_sphinx(tmp_path):
    book = tiny_book(tmp_path / "sach")
    # What `jupyter-book build <book> --builder latex -W -n --keep-going -q --path-output <out>`
    # hands to Sphinx (its `get_config_only` stops right before the call).
    path_config, source, overrides = jb_build.callback(
        str(book), str(tmp_path / "out"), None, None, True, True, True, False,
        "latex", None, 0, 1, False, get_config_only=True,
    )  # fmt: skip
    args = sphinx_run.sphinx_args(book, "latex", tmp_path / "out")
    assert Path(args["path_config"]) == Path(path_config)
    assert Path(args["sourcedir"]) == Path(source)
    # The CLI gives the TOC relative to the book only when it returns the configuration.
    assert {**overrides, "external_toc_path": "_toc.yml"} == {
        **args["confoverrides"],
        "external_toc_path": "_toc.yml",
    }
    assert Path(args["confoverrides"]["external_toc_path"]) == book.absolute() / "_toc.yml"
    assert args["outputdir"] == (tmp_path / "out").absolute() / "_build" / "latex"
    assert (args["warningiserror"], args["keep_going"], args["noconfig"]) == (True, True, True)


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".doctrees" not in p.parts
    }


@pytest.mark.slow  # Sphinx runs twice in other processes
def test_the_warm_build_writes_the_bytes_of_a_jupyter_book_process(tmp_path):
    warm, cold = tiny_book(tmp_path / "warm"), tiny_book(tmp_path / "cold")
    site = jupyter_book(warm, "html")
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe), "build", str(cold), "--builder", "html", "-W", "-n", "--keep-going", "-q"]
    subprocess.run(cmd, check=True, capture_output=True)
    built = files(site)
    assert "chuong.html" in built and "Một đoạn có số 1.905." in built["chuong.html"].decode()
    assert built == files(cold / "_build" / "html")


@pytest.mark.slow  # Sphinx runs in another process
def test_a_warning_of_the_warm_build_is_an_error_naming_it(tmp_path):
    book = tiny_book(tmp_path / "sach", "# Chương một\n\nXem {doc}`khong-co`.\n")
    with pytest.raises(RenderError) as err:
        jupyter_book(book, "html")
    assert "khong-co" in str(err.value) and "WARNING" in str(err.value)


def test_the_pdf_of_an_unchanged_report_is_not_printed_again(dataset, tmp_path, monkeypatch):
    printed: list[Path] = []

    def convert(docx, outdir, profile, when):
        printed.append(docx)
        outdir.mkdir(parents=True, exist_ok=True)
        pdf = outdir / f"{docx.stem}.pdf"
        pdf.write_bytes(b"%PDF " + docx.read_bytes()[:16])
        return pdf

    monkeypatch.setattr(report_files, "convert", convert)
    report, edition = build_report(dataset, "son-la", 2025), Edition("son-la", 2025)
    template = PACKAGE_TEMPLATE.read_bytes()
    first = report_files.make_report(report, template, edition, tmp_path)
    assert report_files.make_report(report, template, edition, tmp_path) == first
    assert len(printed) == 1  # the same Word bytes: the PDF of the first build is kept
    changed = dataclasses.replace(report, opening=report.opening + " Thêm một câu.")
    docx, pdf = report_files.make_report(changed, template, edition, tmp_path)
    assert len(printed) == 2 and docx == first[0] and pdf == first[1]
    assert not list(tmp_path.glob(".*.new"))  # no half-written Word file left


@pytest.mark.slow  # Sphinx runs three times in other processes
def test_the_html_builder_reads_no_page_the_latex_builder_has_read(tmp_path):
    shared, alone = tiny_book(tmp_path / "shared"), tiny_book(tmp_path / "alone")
    latex_dir = latex_sources(shared, "sach")
    assert len(list(latex_dir.glob("*.tex"))) == 1
    share_doctrees(shared)
    doctrees = shared / "_build" / ".doctrees"
    before = {p: p.stat().st_mtime_ns for p in doctrees.rglob("*.doctree")}
    assert {p.name for p in before} == {"index.doctree", "chuong.doctree"}
    site = jupyter_book(shared, "html")
    assert {p: p.stat().st_mtime_ns for p in doctrees.rglob("*.doctree")} == before  # none re-read
    assert files(site) == files(jupyter_book(alone, "html"))  # the same site as reading itself


def test_a_build_process_that_died_is_a_render_error(tmp_path, monkeypatch):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    class Dead:
        def submit(self, *args):
            future: Future = Future()
            future.set_exception(BrokenProcessPool("killed"))
            return future

    monkeypatch.setattr(sphinx_run, "warm_pool", Dead)
    with pytest.raises(RenderError, match="builder html"):
        jupyter_book(tiny_book(tmp_path / "sach"), "html")
