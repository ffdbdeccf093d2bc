"""End to end, with hostile text in the data: a province name holding HTML, MyST and TeX
specials builds, and the reader sees it literally in every page and in the PDF."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document

from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.pipeline.build import build_edition

PROJECT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

NAME = "Sơn La <script>alert(1)</script> 100% & $x$ #1 {a}_b ~c^d"
ACTIVITY = "Máy <b>móc</b> 50% & $y$"
GROUP = "Nhóm <u>gạch</u> & $g$ {g}_h"
HEADER = "UBND <em>TỈNH</em> & $h$"
# Authored prose may hold no money or percentage figure (the data contract), so no "%" here.
PROSE = "Nội dung <i>nghiêng</i> & $z$ #2 {b}_c ~d^e *sao* `huyền`"


def set_cell(path: Path, key: str, value: str, **where: str) -> None:
    """Set column `key` of the row matching `where` (column names: the file's columns may grow)."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    [row] = [r for r in rows if all(r[k] == v for k, v in where.items())]
    row[key] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def hostile_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    set_cell(data / "entities.csv", "name_vi", NAME, entity="son-la")
    set_cell(data / "entities.csv", "admin_header", HEADER, entity="son-la")
    set_cell(data / "activities.csv", "name_vi", ACTIVITY, activity="may-moc-thiet-bi")
    set_cell(data / "content_groups.csv", "name_vi", GROUP, group="2")
    texts = data / "texts" / "son-la" / "2025.yaml"
    doc = yaml.safe_load(texts.read_text(encoding="utf-8"))
    for key in ("policies", "limitations", "priorities"):
        doc[key] = [PROSE, *doc[key]]
    texts.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def build_son_la_2025(data: Path, tmp_path: Path) -> Path:
    """Sơn La 2025 from `data`, published under `tmp_path`."""
    return build_edition(
        BuildRequest.of("son-la", 2025, jobs=2),
        ProjectPaths.resolve(PROJECT, data, tmp_path / "_build"),
        say=print,
    )


def test_hostile_names_are_shown_literally_in_html_and_pdf(tmp_path):
    data = hostile_data(tmp_path)
    site = build_son_la_2025(data, tmp_path)
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) > 10
    escaped = "Sơn La &lt;script&gt;alert(1)&lt;/script&gt; 100% &amp; $x$ #1 {a}_b ~c^d"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, page
        assert "<b>móc</b>" not in html, page
        assert "&amp;lt;" not in html, page  # escaped once, never twice
        if page.name != "index.html" or page.parent != site:  # the root is a bare redirect
            assert escaped in html, page  # page title and header
    chapter = (site / "notebooks" / "ket-qua.html").read_text(encoding="utf-8")
    assert "Máy &lt;b&gt;móc&lt;/b&gt; 50% &amp; $y$" in chapter  # a table cell
    pdf = site / "son-la-2025.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Sơn La <script>alert(1)</script> 100% & $x$ #1 {a}_b ~c^d" in flat
    assert "Máy <b>móc</b> 50% & $y$" in flat
    # Every other free-text field: shown literally on the pages, in the book PDF and the báo cáo.
    html = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    for raw in (GROUP, HEADER, PROSE):
        assert raw not in html
    assert "Nội dung &lt;i&gt;nghiêng&lt;/i&gt; &amp; $z$ #2 {b}_c ~d^e *sao* `huyền`" in html
    assert "Nhóm &lt;u&gt;gạch&lt;/u&gt; &amp; $g$ {g}_h" in html
    assert PROSE in flat and HEADER in flat
    report = Document(str(site / "son-la-2025-bao-cao.docx"))
    words = "\n".join(p.text for p in report.paragraphs) + "\n".join(
        cell.text for table in report.tables for row in table.rows for cell in row.cells
    )
    assert PROSE in words and HEADER in words


def test_a_results_table_of_many_rows_is_summarised_with_a_csv(tmp_path):
    """300 result rows for Sơn La 2025: the page shows 100 and links the CSV; the PDF builds."""
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    extra = "".join(
        f"son-la,2025,2025,may-moc-thiet-bi,local,1,thiết bị loại {i},,exact,seed-000,\n"
        for i in range(300)
    )
    with (data / "results.csv").open("a", encoding="utf-8") as f:
        f.write(extra)
    site = build_son_la_2025(data, tmp_path)
    pages = [p for p in site.rglob("*.html") if "trong tổng số" in p.read_text(encoding="utf-8")]
    assert pages, "no page says the table was shortened"
    html = pages[0].read_text(encoding="utf-8")
    assert "thiết bị loại 299" not in html  # beyond the first 100 rows
    csvs = list(site.glob("_downloads/*/*.csv"))
    assert csvs
    full = "\n".join(p.read_text(encoding="utf-8-sig") for p in csvs)
    assert "thiết bị loại 299" in full  # the download holds every row
    assert all(p.stat().st_size < 2_000_000 for p in site.rglob("*.html"))
    assert (site / "son-la-2025.pdf").is_file()
