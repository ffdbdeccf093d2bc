"""The HTML output kept between builds (outputs/kept_html.py): a rebuild writes only the pages
that changed, and its folder is the same files, byte for byte, as a build from scratch.

A small Sphinx project is built in this process: a root page and three pages (one with an
image, one with an index entry), the basic theme with the whole TOC in every page's sidebar."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from khuyencong.outputs import kept_html

CONF = """\
extensions = ["khuyencong.outputs.kept_html"]
html_theme = "basic"
html_sidebars = {"**": ["globaltoc.html", "relations.html"]}
templates_path = ["_templates"]
html_context = {"edition": "2025"}
"""
LAYOUT = '{% extends "!layout.html" %}{% block footer %}<p>FOOTER-A</p>{% endblock %}\n'
PAGES = {
    "index.rst": "Home\n====\n\n.. toctree::\n\n   a\n   b\n   c\n",
    "a.rst": "Alpha\n=====\n\nZebra grazing.\n\n.. image:: pic.png\n",
    "b.rst": "Beta\n====\n\n.. index:: kiwi\n\nBeta text.\n",
    "c.rst": "Gamma\n=====\n\nGamma text.\n",
}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def project(root: Path) -> Path:
    src = root / "src"
    (src / "_templates").mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "_templates" / "layout.html").write_text(LAYOUT, encoding="utf-8")
    for name, text in PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    (src / "pic.png").write_bytes(PNG)
    (src / "pic2.png").write_bytes(PNG + b"\0")  # another image (a trailing byte)
    return src


def build(src: Path, keep_going: bool = False) -> tuple[Path, str]:
    """Build `src` into `src/../out` (doctrees beside it); return the output folder and the
    warnings."""
    out, warnings = src.parent / "out", io.StringIO()
    with patch_docutils(src), docutils_namespace():
        app = Sphinx(
            src,
            src,
            out,
            src.parent / "doctrees",
            "html",
            status=None,
            warning=warnings,
            warningiserror=not keep_going,
            keep_going=keep_going,
        )
        app.build()
    return out, warnings.getvalue()


def from_scratch(src: Path, where: Path) -> dict[str, bytes]:
    copy = where / "src"
    shutil.copytree(src, copy)
    return files(build(copy)[0])


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def mtimes(out: Path) -> dict[str, int]:
    return {name: (out / name).stat().st_mtime_ns for name in ("a.html", "b.html", "c.html")}


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def search_terms(out: Path) -> dict:
    import json

    text = (out / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def test_a_changed_page_alone_is_written_and_the_site_is_a_build_from_scratch(tmp_path):
    src = project(tmp_path)
    out, _ = build(src)
    first, before = files(out), mtimes(out)
    assert "_images/pic.png" in first
    # Page a loses its only word "zebra" and shows another image: nothing else changes.
    edit(
        src / "a.rst",
        "Zebra grazing.\n\n.. image:: pic.png",
        "Horse grazing.\n\n.. image:: pic2.png",
    )
    build(src)
    after = mtimes(out)
    assert after["a.html"] != before["a.html"]
    assert (after["b.html"], after["c.html"]) == (before["b.html"], before["c.html"])
    kept = files(out)
    assert kept == from_scratch(src, tmp_path / "scratch")
    assert "_images/pic.png" not in kept and "_images/pic2.png" in kept
    index = search_terms(out)
    assert "zebra" not in index["terms"] and "hors" in index["terms"]  # stemmed: "horse"
    assert "kiwi" in index["indexentries"]  # page b's entry, though b was not written again
    # Reverting the page gives back the first build's bytes.
    edit(
        src / "a.rst",
        "Horse grazing.\n\n.. image:: pic2.png",
        "Zebra grazing.\n\n.. image:: pic.png",
    )
    build(src)
    assert files(out) == first


def rewrites_every_page(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """Build, replace `old` by `new` in source file `name`, build again: every page was
    written again, and the folder equals a build from scratch; the output folder."""
    src = project(tmp_path)
    out, _ = build(src)
    before = mtimes(out)
    edit(src / name, old, new)
    build(src)
    after = mtimes(out)
    assert all(after[page] != before[page] for page in after)
    assert files(out) == from_scratch(src, tmp_path / "scratch")
    return out


def test_a_changed_title_rewrites_every_page_whose_sidebar_shows_it(tmp_path):
    out = rewrites_every_page(tmp_path, "a.rst", "Alpha\n=====", "Alfa\n====")
    assert "Alfa" in (out / "c.html").read_text(encoding="utf-8")  # c's sidebar


def test_a_removed_page_leaves_no_file_behind(tmp_path):
    src = project(tmp_path)
    out, _ = build(src)
    assert (out / "c.html").is_file()
    edit(src / "index.rst", "   c\n", "")
    (src / "c.rst").unlink()
    build(src)
    assert not (out / "c.html").exists()
    assert files(out) == from_scratch(src, tmp_path / "scratch")


def test_a_file_left_in_the_output_folder_is_removed_by_the_next_build(tmp_path):
    """The pipeline adds the report's files to the output folder: a build leaves only its own
    (a PDF that an HTML-only build no longer has, say)."""
    src = project(tmp_path)
    out, _ = build(src)
    (out / "son-la-2025.pdf").write_bytes(b"%PDF")
    (out / "_images" / "old.png").write_bytes(PNG)
    edit(src / "b.rst", "Beta text.", "Beta words.")
    build(src)
    assert not (out / "son-la-2025.pdf").exists() and not (out / "_images" / "old.png").exists()
    assert files(out) == from_scratch(src, tmp_path / "scratch")


def test_a_template_changed_under_an_old_date_still_rewrites_every_page(tmp_path):
    """Sphinx compares the templates' dates with the pages'; the inputs' fingerprint compares
    their contents (a template restored from an older copy keeps its older date)."""
    src = project(tmp_path)
    out, _ = build(src)
    layout = src / "_templates" / "layout.html"
    edit(layout, "FOOTER-A", "FOOTER-B")
    os.utime(layout, ns=(0, 0))  # 1970: older than every page
    build(src)
    assert all("FOOTER-B" in (out / n).read_text(encoding="utf-8") for n in mtimes(out))
    assert files(out) == from_scratch(src, tmp_path / "scratch")


def test_a_changed_html_context_rewrites_every_page(tmp_path):
    """What the edition's config changes for the web pages (`html_context`: the PDF's name,
    the report's files) is in Sphinx's `.buildinfo`: every page is written again."""
    rewrites_every_page(tmp_path, "conf.py", '"2025"', '"2026"')


def test_after_a_build_with_warnings_the_next_build_writes_every_page(tmp_path):
    """Sphinx reports a broken reference only when it writes the page: after a failed build
    the next one starts from an empty folder, so the warning comes back until it is fixed."""
    src = project(tmp_path)
    out, _ = build(src)
    edit(src / "b.rst", "Beta text.", "Beta text, see :doc:`missing`.")
    _, warnings = build(src, keep_going=True)
    assert "missing" in warnings
    assert not (tmp_path / "doctrees" / kept_html.MARK).exists()
    _, warnings = build(src, keep_going=True)  # nothing changed: the warning is shown again
    assert "missing" in warnings
    edit(src / "b.rst", ", see :doc:`missing`", "")
    before = mtimes(out)
    build(src)
    after = mtimes(out)
    assert all(after[name] != before[name] for name in after)
    assert files(out) == from_scratch(src, tmp_path / "scratch")


def test_the_editions_extension_loads_the_kept_output():
    from khuyencong.outputs import sphinx_ext

    loaded = []

    class App:
        def setup_extension(self, name):
            loaded.append(name)

        def __getattr__(self, name):
            return lambda *a, **k: None

    sphinx_ext.setup(App())
    assert loaded == ["khuyencong.outputs.kept_html"]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([("single", "kiwi", "index-0", "", None)], [("kiwi", "index-0", "")]),
        (
            [("pair", "fruit; kiwi", "id1", "main", None)],
            [("fruit", "id1", "main"), ("kiwi", "id1", "main")],
        ),
        ([("see", "kiwi; fruit", "", "", None)], [("fruit", "", ""), ("kiwi", "", "")]),
        ([("nonsense", "x", "", "", None)], []),
    ],
)
def test_index_entries_as_the_search_index_derives_them(entries, expected):
    assert kept_html.index_entries(entries) == expected


PROJECT = Path(__file__).resolve().parents[1]


def replace_row(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow
def test_an_edition_rebuilt_in_its_kept_folder_is_the_edition_built_from_scratch(
    tmp_path, monkeypatch
):
    """Sơn La 2025, HTML. One result row changed: only its chapter's page (and the root page,
    which Sphinx always writes) is written again. The year's disbursed funding changed too
    (the funding chart of "Kết quả đạt được" is another image): the published folder is the
    same files, byte for byte, as a build from scratch into another folder. The data put
    back: the first build's bytes again."""
    from khuyencong.core.request import BuildRequest, ProjectPaths
    from khuyencong.pipeline.build import build_edition

    for var in ("SOURCE_DATE_EPOCH", "FORCE_SOURCE_DATE", "KHUYENCONG_ISSUE_DATE"):
        monkeypatch.delenv(var, raising=False)
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    request = BuildRequest.of("son-la", 2025, jobs=2, fmt="html")

    def build_in(folder: str) -> dict[str, bytes]:
        where = ProjectPaths.resolve(PROJECT, data_dir=data, out_root=tmp_path / folder)
        return files(build_edition(request, where, say=lambda s: None))

    first = build_in("kept")
    html = tmp_path / "kept" / "staging" / "son-la" / "2025" / "_build" / "html"
    pages = sorted(  # the documents' pages (index.html and search.html are written each time)
        p.relative_to(html).as_posix()
        for d in ("book", "notebooks")
        for p in html.glob(f"{d}/*.html")
    )
    before = {p: (html / p).stat().st_mtime_ns for p in pages}
    row = "son-la,2025,2025,may-moc-thiet-bi,local,2,cơ sở,"  # 2 establishments → 3
    replace_row(data / "results.csv", row, row.replace(",2,", ",3,"))
    build_in("kept")
    written = sorted(p for p in pages if (html / p).stat().st_mtime_ns != before[p])
    assert len(pages) == 15  # 6 pages of book/, 9 chapters
    assert written == ["notebooks/bao-cao.html", "notebooks/ket-qua.html"]  # root, results
    funding = "son-la,2025,local,1905,1605,6,"  # disbursed 1.605 → 1.500 million đồng
    replace_row(data / "funding.csv", funding, funding.replace(",1605,", ",1500,"))
    changed = build_in("kept")
    images = {n for n in changed if n.startswith("_images/")}
    assert images != {n for n in first if n.startswith("_images/")}  # the chart's new PNG
    assert len(images) == len({n for n in first if n.startswith("_images/")})  # old one gone
    scratch = build_in("scratch")
    assert sorted(changed) == sorted(scratch)
    assert [n for n in changed if changed[n] != scratch[n]] == []
    shutil.rmtree(data)
    shutil.copytree(PROJECT / "data", data)  # the data put back
    assert build_in("kept") == first


def test_staging_rewrites_only_the_pages_that_changed(tmp_path):
    """Sphinx reads again a page whose file is newer than its last reading: a page is staged
    only when its bytes differ (then dated now, even when the project's copy is older), and
    the generated sources page is not overwritten by the project's placeholder."""
    from khuyencong.outputs.book import stage_pages

    project, staging = tmp_path / "project", tmp_path / "staging"
    (project / "book").mkdir(parents=True)
    (project / "book" / "intro.md").write_text("# A\n", encoding="utf-8")
    (project / "book" / "sources.md").write_text("# Placeholder\n", encoding="utf-8")
    (project / "_toc.yml").write_text("root: book/intro\n", encoding="utf-8")
    stage_pages(project, staging, {"title": "T"})
    intro, sources = staging / "book" / "intro.md", staging / "book" / "sources.md"
    sources.write_text("# Generated\n", encoding="utf-8")  # as write_sources_page does
    for page in (intro, sources):
        os.utime(page, ns=(10**9, 10**9))  # 1970-01-01 00:00:01
    stage_pages(project, staging, {"title": "T"})
    assert [p.stat().st_mtime_ns for p in (intro, sources)] == [10**9, 10**9]
    assert sources.read_text(encoding="utf-8") == "# Generated\n"
    (project / "book" / "intro.md").write_text("# B\n", encoding="utf-8")
    os.utime(project / "book" / "intro.md", ns=(0, 0))  # older than the staged copy
    stage_pages(project, staging, {"title": "T"})
    assert intro.read_text(encoding="utf-8") == "# B\n" and intro.stat().st_mtime_ns > 10**9


CATEGORIES = """
import json, sys
from pathlib import Path
from jupyter_book.config import get_final_config
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils
st = Path(sys.argv[1])
toc = {"external_toc_path": str(st / "_toc.yml"), "latex_individualpages": False}
conf, _ = get_final_config(user_yaml=st / "_config.yml", cli_config=toc, sourcedir=st)
with patch_docutils(st), docutils_namespace():
    app = Sphinx(st, None, st / "_out", st / "_doctrees", "html", confoverrides=conf,
                 status=None, warning=None)
    kinds = {c.name: c.rebuild for c in app.config}
print(json.dumps({k: kinds.get(k) for k in conf}))
"""


@pytest.mark.slow  # starts Sphinx in another process (its catalogues are global to a process)
def test_every_setting_of_an_editions_config_rewrites_the_pages_when_it_changes(tmp_path):
    """A setting of kind `env` makes Sphinx read every page again, one of kind `html` write
    every page again (`.buildinfo`); any other kind would leave the kept pages as they were.
    Only the printed book's `latex_*` settings are of another kind, and no page shows them."""
    import json
    import subprocess
    import sys

    from khuyencong.core.request import BuildRequest
    from khuyencong.outputs.book import edition_config, stage_pages

    edition = BuildRequest.of("son-la", 2025).edition
    staging = tmp_path / "staging"
    config = edition_config(PROJECT, edition, "Sơn La", "UBND TỈNH SƠN LA", "SỞ CÔNG THƯƠNG")
    config["sphinx"]["config"]["html_baseurl"] = "https://example.org/khuyen-cong/"
    stage_pages(PROJECT, staging, config)
    out = subprocess.run(
        [sys.executable, "-c", CATEGORIES, str(staging)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    kinds = json.loads(out.stdout.strip().splitlines()[-1])
    assert kinds["html_context"] == kinds["html_title"] == kinds["html_baseurl"] == "html"
    assert kinds["kc_report_pdf"] == kinds["author"] == "env"
    other = {k: v for k, v in kinds.items() if v not in ("env", "html")}
    assert other.pop("extensions") is None  # compared by Sphinx itself: a new environment
    assert sorted(k for k in other if not k.startswith("latex_")) == []
