"""The Sphinx extensions: the project's catalogues win over the theme's, printed table widths."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jupyter_book.config import get_default_sphinx_config

from khuyencong.outputs.book import compile_catalogues
from khuyencong.outputs.catalogue import project_catalogues
from khuyencong.outputs.sphinx_ext import _widen_to_least

PROJECT = Path(__file__).resolve().parents[1]

# Creating the Sphinx application loads the extensions, in a process of its own: Sphinx's
# catalogues are global to the process.
PROBE = """
import sys
from sphinx.application import Sphinx
from sphinx.locale import get_translation
src = sys.argv[1]
Sphinx(src, src, src + "/_out", src + "/_doctrees", "html", status=None, warning=None)
print(get_translation("booktheme")(sys.argv[2]))
"""


def _translate(tmp_path: Path, extensions: list[str], msgid: str) -> str:
    src = tmp_path / "src"
    shutil.copytree(PROJECT / "locale", src / "locale")
    compile_catalogues(src / "locale")
    (src / "conf.py").write_text(
        f"extensions = {extensions!r}\nlanguage = 'vi'\nlocale_dirs = ['locale']\n"
        "html_theme = 'sphinx_book_theme'\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Trang\n=====\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(src), msgid], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_the_config_lists_jupyter_books_extensions_with_the_catalogue_before_the_theme():
    config = yaml.safe_load((PROJECT / "_config.yml").read_text(encoding="utf-8"))
    extensions = config["sphinx"]["config"]["extensions"]
    defaults = get_default_sphinx_config()["extensions"]
    assert extensions == [
        "khuyencong.outputs.catalogue",
        *defaults,
        "khuyencong.outputs.sphinx_ext",
    ]
    assert "extra_extensions" not in config["sphinx"]  # it would be overridden by the list


@pytest.mark.slow  # starts Sphinx or a kernel in another process
def test_project_wording_wins_over_the_themes_and_the_theme_fills_the_rest(tmp_path):
    ours = ["khuyencong.outputs.catalogue", "sphinx_book_theme"]
    # locale/vi/LC_MESSAGES/booktheme.po: "Fullscreen mode" -> "Toàn màn hình" (the theme
    # says "Chế độ toàn màn hình"); "Copyright" is only in the theme's ("Bản quyền").
    assert _translate(tmp_path / "a", ours, "Fullscreen mode") == "Toàn màn hình"
    assert _translate(tmp_path / "b", ours, "Copyright") == "Bản quyền"
    # Loaded after the theme, the project's catalogue would only fill the theme's gaps.
    late = ["sphinx_book_theme", "khuyencong.outputs.catalogue"]
    assert _translate(tmp_path / "c", late, "Fullscreen mode") == "Chế độ toàn màn hình"


def test_project_catalogues_leave_sphinx_own_domain_to_sphinx(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(PROJECT / "locale", locale)
    compile_catalogues(locale)
    found = project_catalogues(tmp_path, ["locale"], "vi")
    assert [p.name for p in found] == ["booktheme.mo"]
    assert project_catalogues(tmp_path, ["locale"], "en") == []


def test_narrow_columns_are_widened_to_their_longest_word():
    # 0,1 is raised to 0,2; the 0,1 taken comes from the only column with room: 0,9 -> 0,8.
    frac = _widen_to_least([0.9, 0.1], [0.2, 0.2])
    assert [round(f, 6) for f in frac] == [0.8, 0.2]
    # Room shared in proportion to what each column has above its least: 0,1 from 0,5 + 0,3.
    frac = _widen_to_least([0.5, 0.4, 0.1], [0.1, 0.2, 0.2])
    # above least: 0,4 and 0,2 -> they give 2/3 and 1/3 of the 0,1 excess.
    assert [round(f, 6) for f in frac] == [
        round(0.5 - 0.1 * 2 / 3, 6),
        round(0.4 - 0.1 / 3, 6),
        0.2,
    ]


def _book():
    """A root section as the LaTeX builder assembles it: title, text, three TOC parts; and the
    master document's toctrees with their captions."""
    from docutils import nodes
    from sphinx import addnodes

    root = nodes.section()
    root += nodes.title("Báo cáo", "Báo cáo")
    root += nodes.paragraph("", "Bản sao trang báo cáo")
    master = nodes.document(None, None)
    for caption in ("Số liệu và phân tích kèm theo báo cáo", "Phụ lục", "Phụ lục kỹ thuật"):
        wrapper = nodes.compound(classes=["toctree-wrapper"])
        wrapper += nodes.paragraph("", caption)
        root += wrapper
        master += addnodes.toctree(caption=caption, numbered=caption.startswith("Số"))
    return root, master


def test_printed_book_opens_on_the_report_pdf_and_leaves_the_technical_annex_out():
    from docutils import nodes

    from khuyencong.outputs.sphinx_ext import TECHNICAL_PARTS, appendix, omit_parts, report_pages

    root, master = _book()
    report_pages(root, "bao-cao.pdf")
    appendix(root, master)
    omit_parts(root, master, TECHNICAL_PARTS)
    text = root.astext()
    assert "Bản sao trang báo cáo" not in text  # no off-form copy of the report
    raw = [n.astext() for n in root.findall(nodes.raw)]
    assert any(r"\includepdf[pages=-" in r and "{bao-cao.pdf}" in r for r in raw)
    assert "Phụ lục kỹ thuật" not in text and "Phụ lục" in text
    assert any(r == r"\appendix" for r in raw)  # before "Phụ lục", still there
