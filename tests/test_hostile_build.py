"""End to end, with hostile text in the data: a province name holding HTML, MyST and TeX
specials builds, and the reader sees it literally in every page and in the PDF."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from khuyencong.build import build_edition
from khuyencong.request import BuildRequest, ProjectPaths

PROJECT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

NAME = "Sơn La <script>alert(1)</script> 100% & $x$ #1 {a}_b ~c^d"
ACTIVITY = "Máy <b>móc</b> 50% & $y$"


def hostile_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    entities = data / "entities.csv"
    ents = list(csv.DictReader(io.StringIO(entities.read_text(encoding="utf-8"))))
    [son_la] = [e for e in ents if e["entity"] == "son-la"]
    son_la["name_vi"] = NAME  # by column name: the file's columns may grow
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ents[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(ents)
    entities.write_text(out.getvalue(), encoding="utf-8")
    activities = data / "activities.csv"
    rows = list(csv.reader(io.StringIO(activities.read_text(encoding="utf-8"))))
    [row] = [r for r in rows if r[0] == "may-moc-thiet-bi"]
    row[2] = ACTIVITY
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    activities.write_text(out.getvalue(), encoding="utf-8")
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
    chapter = (site / "notebooks" / "02_ket_qua.html").read_text(encoding="utf-8")
    assert "Máy &lt;b&gt;móc&lt;/b&gt; 50% &amp; $y$" in chapter  # a table cell
    pdf = site / "son-la-2025.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Sơn La <script>alert(1)</script> 100% & $x$ #1 {a}_b ~c^d" in flat
    assert "Máy <b>móc</b> 50% & $y$" in flat


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
