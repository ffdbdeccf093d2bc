"""Large tables: the page shows MAX_PAGE_ROWS rows and a summary; the full table is a CSV
download carried by the executed notebook and written beside the page by the build."""

from __future__ import annotations

from pathlib import Path

import nbformat

from khuyencong.content.chapters.glue import table
from khuyencong.content.downloads import MAX_PAGE_ROWS, PREFIX, downloads_of, write_downloads

HEADER = ["Hoạt động", "Số lượng"]


def rows(n: int) -> list[list[object]]:
    return [[f"Hoạt động {i} <b>&</b>", i] for i in range(1, n + 1)]


def test_small_table_is_shown_whole():
    t = table("ket_qua", rows(MAX_PAGE_ROWS), HEADER, "Kết quả")
    assert t.csv is None
    assert t.markdown.count("\n* - ") == MAX_PAGE_ROWS + 1  # header + every row


def test_large_table_is_summarised_and_offered_as_csv():
    t = table("ket_qua", rows(250), HEADER, "Kết quả")
    md = t.markdown
    assert md.count("* - ") == MAX_PAGE_ROWS + 1  # header + 100 rows
    assert "Hoạt động 100 " in md and "Hoạt động 101 " not in md
    assert f"chỉ hiển thị {MAX_PAGE_ROWS} trong tổng số 250 dòng" in md
    assert "{download}`tải tệp CSV <bang-du-lieu/ket-qua.csv>`" in md
    assert t.label == "ket-qua" and t.csv is not None
    text = t.csv
    lines = text.splitlines()
    assert len(lines) == 251 and lines[0] == "Hoạt động,Số lượng"
    assert lines[250] == "Hoạt động 250 <b>&</b>,250"  # the data as it is, not escaped


def glued(name: str, text: str) -> nbformat.NotebookNode:
    """A notebook output as myst-nb's glue(display=False) records it."""
    prefix = "application/papermill.record/"
    return nbformat.v4.new_output(
        "display_data",
        data={prefix + "text/plain": repr(text)},
        metadata={"scrapbook": {"name": PREFIX + name, "mime_prefix": prefix}},
    )


def test_downloads_travel_in_the_notebook_and_are_written_beside_it(tmp_path: Path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("publish(ch)")
    cell.outputs = [glued("ket-qua", "a,b\n1,2\n"), glued("../../x", "evil")]
    nb.cells.append(cell)
    assert downloads_of(nb) == {"ket-qua": "a,b\n1,2\n"}  # a name with a path is ignored
    nbformat.write(nb, tmp_path / "ket-qua.ipynb")
    [written] = write_downloads(tmp_path)
    assert written == tmp_path / "bang-du-lieu" / "ket-qua.csv"
    assert written.read_bytes() == "\ufeffa,b\n1,2\n".encode()
    assert not (tmp_path.parent / "x.csv").exists()
