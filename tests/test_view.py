"""Markdown built for the chapters: authored text is escaped, tables are numbered list-tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from khuyencong.content import view
from khuyencong.content.chapters.glue import Glued, Table, table
from khuyencong.content.markdown import esc, md_list, md_table

# A character that MyST/HTML would interpret, not preceded by a backslash.
UNESCAPED = re.compile(r"(?<!\\)[<>`*_\[\]$|]")


def test_esc_script_tag():
    out = esc("<script>alert(1)</script>")
    assert "<" in out and ">" in out  # still shown to the reader
    assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c in "<>")
    assert not re.search(r"(?<!\\)<", out)
    assert "<script>" not in out
    assert out == r"\<script\>alert\(1\)\</script\>"


@pytest.mark.parametrize(
    "text",
    [
        "*in đậm* và _nghiêng_",
        "`code` [liên kết](http://x) ![ảnh](y.png)",
        "$\\frac{1}{2}$ và {math}`x`",
        "| ô | bảng |",
        "# tiêu đề",
        "<img src=x onerror=alert(1)>",
        "a & b < c > d",
    ],
)
def test_esc_neutralises_markup(text):
    out = esc(text)
    assert not UNESCAPED.search(out), out
    assert out.replace("\\", "") == text.replace("\\", "")  # nothing lost but the escapes


def test_esc_flattens_whitespace_and_accepts_numbers():
    assert esc("Sơn La\n  tỉnh\tmiền núi") == "Sơn La tỉnh miền núi"
    assert esc(1905) == "1905"
    assert esc("1.905") == r"1\.905"  # a "1." at line start would start a list
    assert esc("84,3%") == r"84,3\%"


def test_esc_leaves_vietnamese_letters_alone():
    text = "Khuyến công địa phương Sở Công Thương"
    assert esc(text) == text


def test_md_list():
    assert md_list(["một", "hai *ba*"]) == "- một\n- hai \\*ba\\*"
    assert md_list(("<b>x</b>",)) == r"- \<b\>x\</b\>"


def test_md_list_empty_placeholder():
    assert md_list([]) == "- (chưa có nội dung)"
    assert md_list(iter([])) == "- (chưa có nội dung)"


def test_md_list_item_on_one_line():
    assert md_list(["dòng một\ndòng hai"]) == "- dòng một dòng hai"


def test_md_table():
    out = md_table(
        [["Khuyến công địa phương", "1.905", ""], ["<b>TW</b>", "0", "x"]],
        ["Nguồn", "Kinh phí (triệu đồng)", "Ghi chú"],
        "Kinh phí năm 2025",
        "bang-kinh-phi",
        widths=[50, 30, 20],
    )
    lines = out.splitlines()
    assert lines[0] == "```{list-table} Kinh phí năm 2025"
    assert ":header-rows: 1" in lines
    assert ":name: bang-kinh-phi" in lines
    assert ":widths: 50 30 20" in lines
    assert lines[-1] == "```"
    # header + 2 rows, each a "* -" line followed by "  -" lines, one per further cell
    assert sum(1 for line in lines if line.startswith("* - ")) == 3
    assert sum(1 for line in lines if line.startswith("  - ")) == 3 * 2
    assert "* - Nguồn" in lines
    assert r"  - 1\.905" in lines
    assert r"* - \<b\>TW\</b\>" in lines
    assert "  - —" in lines  # an empty cell shows the one empty-cell mark, not an empty bullet
    body = "\n".join(lines[1:-1])
    assert not re.search(r"(?<!\\)<", body)


def test_md_table_without_widths_and_escaped_caption():
    out = md_table([[1, 2]], ["a", "b"], "Bảng: *kế hoạch*", "bang-ke-hoach")
    assert ":widths:" not in out
    assert out.splitlines()[0] == r"```{list-table} Bảng\: \*kế hoạch\*"
    assert out.splitlines()[3] == ""  # options end with a blank line before the rows


def test_publish_glues_texts_escaped_markdown_as_built_and_figures(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    glued = {}
    monkeypatch.setattr(
        view, "glue", lambda name, obj, display=True: glued.update({name: (obj, display)})
    )
    from matplotlib.figure import Figure

    @dataclass(frozen=True)
    class Page(Glued):
        ten: str
        bang_kinh_phi: Table
        hinh: Figure
        bo_trong: Table | None

    fig, _ = plt.subplots()
    page = Page(
        "<script>x</script>",
        table("bang_kinh_phi", [["a", "1"]], ["x", "y"], "Kinh phí"),
        fig,
        None,
    )
    view.publish(page)
    assert all(display is False for _, display in glued.values())
    assert glued["ten"][0].data == r"\<script\>x\</script\>"
    assert ":name: bang-kinh-phi" in glued["bang_kinh_phi"][0].data
    assert glued["hinh"][0] is fig
    assert "bo_trong" not in glued  # a block left None is not glued (the page prunes it)
    assert fig.number not in plt.get_fignums()


def test_md_table_without_rows_still_has_a_body():
    out = md_table([], ["a", "b"], "Trống", "bang-trong")
    assert "Không có số liệu" in out and out.count("* - ") == 2


def test_show_runs_the_registry_chapter_on_the_data_and_glues_it(monkeypatch, data_dir):
    published = []
    monkeypatch.setattr(view, "publish", lambda chapter, reads: published.append((chapter, reads)))
    view.show("limitations", "son-la", "2025", str(data_dir))  # papermill may pass the year as text
    [(chapter, reads)] = published
    assert type(chapter).__name__ == "Limitations"
    # Sơn La 2025's authored limitations come from its texts file, which the chapter read
    assert "texts/son-la/2025.yaml" in reads
