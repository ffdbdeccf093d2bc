"""End-to-end: data -> papermill -> Jupyter Book -> published edition.

Expected figures are worked out by hand from the seeds (see each comment), never read
back from the program's output.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import CHAPTERS
from docx import Document
from filling import append_rows

from khuyencong.cli.commands import main
from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.pipeline.build import build_edition

PROJECT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def page_text(site: Path, chapter: str) -> str:
    html = (site / "notebooks" / f"{chapter}.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").find("article")
    return " ".join(article.get_text(" ").split())


def all_text(site: Path) -> str:
    return "\n".join(page_text(site, c) for c in CHAPTERS)


def build(tmp_path: Path, province="son-la", year=2025, data_dir=None) -> Path:
    return build_edition(
        BuildRequest.of(province, year, jobs=2),
        ProjectPaths.resolve(PROJECT, data_dir, tmp_path / "_build"),
        say=lambda s: None,
    )


@pytest.fixture(scope="module")
def son_la_2025(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("sonla"))


def test_edition_has_index_and_one_page_per_chapter(son_la_2025):
    assert son_la_2025.name == "2025" and son_la_2025.parent.name == "son-la"
    assert (son_la_2025 / "index.html").exists()
    for chapter in CHAPTERS:
        assert (son_la_2025 / "notebooks" / f"{chapter}.html").exists(), chapter


def test_2025_funding_figures(son_la_2025):
    text = page_text(son_la_2025, "tong-quan")
    # Seed 000: "Tổng kinh phí được giao là 1.905 triệu đồng ... 06 nhiệm vụ với kinh phí 1.605 triệu đồng"
    assert "1.905 triệu đồng" in text
    assert "1.605 triệu đồng" in text
    # 1605 / 1905 = 0.842519... -> 84,3%
    assert "84,3%" in text
    results = page_text(son_la_2025, "ket-qua")
    # 1905 - 1605 = 300 triệu đồng not spent; the 6 tasks written "06" as seed 000 writes them
    assert "300 triệu đồng" in results
    assert "thực hiện 06 nhiệm vụ" in results
    # Awards: 67/71 = 94,37% eligible; 30/67 = 44,78% recognised
    assert "94,4%" in results and "44,8%" in results


def test_programme_totals_and_years(son_la_2025):
    text = page_text(son_la_2025, "chuong-trinh")
    # Seed 003: 25.965 = 7.530 (quốc gia) + 18.435 (tỉnh)
    for figure in ("25.965 triệu đồng", "7.530 triệu đồng", "18.435 triệu đồng"):
        assert figure in text
    # Per-year totals: 2026: 300 + 2.075 = 2.375; 2027: 1.550 + 3.562,5 = 5.112,5 (printed 5.113 rounded)
    assert "2.375" in text
    assert "5.112,5" in text and "5.113" in text
    # 2028: 1.350 + 4.757,5 = 6.107,5; 2029: 1.880 + 4.507,5 = 6.387,5; 2030: 2.450 + 3.532,5 = 5.982,5
    for exact in ("6.107,5", "6.387,5", "5.982,5"):
        assert exact in text
    # National share 7530/25965 = 29,0%
    assert "29,0%" in text


# Figures a page must print, each worked out by hand from a seed.
PAGE_FIGURES = [
    # Plan for 2026: national 300 (machinery) + local 2.075 = 2.375
    ("nhiem-vu", ("năm 2026", "2.375 triệu đồng", "2.075 triệu đồng")),
    # Seed 004: 71,5 / 170,8 = 41,86% -> 41,9%; 99,2 / 170,8 = 58,08% -> 58,1%
    ("khu-vuc", ("170,8 tỷ đồng", "41,9%", "58,1%")),
    # Seed 004: 99,2 / 202,3 = 49,04% -> 49,0%; "+10,25%" as printed; 170,8 / 28 = 6,1 per
    # province in 2024, against seed 000's 1.905 triệu đồng = 1,9 tỷ đồng in 2025.
    ("khu-vuc", ("49,0%", "202,3 tỷ đồng", "10,25%", "6,1 tỷ đồng", "1,9 tỷ đồng")),
    # Seed 001: more than 7,7 tỷ đồng over 2016–2020: 7,7 / 5 = 1,54 -> "hơn 1,5" a year.
    ("giai-doan-truoc", ("bình quân hơn 1,5 tỷ đồng mỗi năm", "năm 2025")),
]


@pytest.mark.parametrize(("chapter", "figures"), PAGE_FIGURES)
def test_page_prints_the_hand_worked_figures(son_la_2025, chapter, figures):
    text = page_text(son_la_2025, chapter)
    assert [f for f in figures if f not in text] == []


def test_previous_period_growth(son_la_2025):
    text = page_text(son_la_2025, "giai-doan-truoc")
    # Seed 001: +20,3% 2020 vs 2015 -> (1.203)^(1/5) - 1 = 3,77%/năm, stated "3,8%/ năm"
    assert "3,8%/năm" in text
    assert "hơn 7,7 tỷ đồng" in text and "hơn 18,5 tỷ đồng" in text
    # Seed 001: "Hỗ trợ đào tạo nghề cho 230 lao động": one table row, quantity then unit.
    assert (
        "Hỗ trợ đào tạo nghề cho lao động của các cơ sở công nghiệp nông thôn 230 lao động" in text
    )


def test_reconciliation_chapter(son_la_2025):
    text = page_text(son_la_2025, "doi-soat")
    # The four classes are named, and the table lists 8,5 (stated) next to 8,4 (recomputed, 8,418 rounded).
    for cls in ("khớp", "khớp trong phạm vi làm tròn", "lệch", "không kiểm chứng được"):
        assert cls in text
    # Seed 004: (186,5 - 170,8) / 186,5 = 8,418% -> 8,4 against the stated 8,5; the inputs'
    # rounding reaches 1 - 170,75/186,55 = 8,470% >= 8,45, so the row is "within rounding".
    decline = re.search(
        r"\(170,8 so với 186,5 tỷ đồng\)\. (\S+) (\S+) \S+ – \S+ (khớp trong phạm vi làm tròn)",
        text,
    )
    assert decline and decline.groups() == ("8,5", "8,4", "khớp trong phạm vi làm tròn")
    # Seed 003: 2.075 + 3.563 + 4.758 + 4.508 + 3.533 = 18.437 (stated 18.435).
    assert "18.437" in text


def test_no_code_paths_tracebacks_or_parameters(son_la_2025):
    for page in [
        *(son_la_2025 / "notebooks").glob("*.html"),
        *(son_la_2025 / "book").glob("*.html"),
    ]:
        html = page.read_text(encoding="utf-8")
        article = str(BeautifulSoup(html, "html.parser").find("article"))
        text = BeautifulSoup(article, "html.parser").get_text(" ")
        assert "cell_input" not in article, page.name
        assert "tag_parameters" not in article and "injected-parameters" not in article, page.name
        # The yearly-workflow page shows authors the commands to type (`khuyencong import`),
        # so "import " marks leaked Python code only on the chapter pages.
        code_marks = ("import ",) if page.parent.name == "notebooks" else ()
        for forbidden in (
            *code_marks,
            "Traceback",
            "data_dir",
            "/work/",
            "/tmp/",
            "load_dataset",
            "<Figure size",
        ):
            assert forbidden not in text, (page.name, forbidden)


def test_changed_data_flows_into_every_dependent_figure(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    funding = (data / "funding.csv").read_text(encoding="utf-8")
    funding = funding.replace("son-la,2025,local,1905,1605,6", "son-la,2025,local,2000,1700,7")
    assert "2000,1700,7" in funding
    (data / "funding.csv").write_text(funding, encoding="utf-8")
    indicators = (data / "indicators.csv").read_text(encoding="utf-8")
    indicators = indicators.replace(
        "kinh-phi-ke-hoach,national,71.5,", "kinh-phi-ke-hoach,national,80,"
    )
    (data / "indicators.csv").write_text(indicators, encoding="utf-8")

    site = build(tmp_path, data_dir=data)
    text = all_text(site)
    # 1700 / 2000 = 85,0%; 2000 - 1700 = 300 unspent; 7 tasks
    assert "2.000 triệu đồng" in text and "1.700 triệu đồng" in text and "85,0%" in text
    assert "1.905" not in text and "1.605" not in text and "84,3%" not in text
    assert "thực hiện 07 nhiệm vụ" in text  # 2 + 5, written 07 as in the seeds
    # Region: 80 / 170,8 = 46,84% -> 46,8%
    assert "46,8%" in text and "41,9%" not in text


def make_second_province(data: Path) -> None:
    """A made-up province and year, generated here: no seed, no programme for the year."""
    append_rows(
        data,
        "entities.csv",
        "tinh-thu-nghiem,province,,Thử Nghiệm,UBND TỈNH THỬ NGHIỆM,SỞ CÔNG THƯƠNG,,authored",
    )
    append_rows(
        data,
        "funding.csv",
        "tinh-thu-nghiem,2031,national,500,450,2,authored,",
        "tinh-thu-nghiem,2031,local,1000,800,5,authored,",
    )
    append_rows(
        data,
        "results.csv",
        "tinh-thu-nghiem,2031,2031,may-moc-thiet-bi,local,4,cơ sở,600,exact,authored,",
        "tinh-thu-nghiem,2031,2031,nhan-hieu,local,3,nhãn hiệu,,exact,authored,",
    )
    texts = data / "texts" / "tinh-thu-nghiem"
    texts.mkdir(parents=True)
    doc = {
        "source_id": "authored",
        "period_start": 2031,
        "period_end": 2031,
        "limitations": ["Hạn chế thử nghiệm <script>alert(1)</script>"],
        "priorities": ["Ưu tiên thử nghiệm"],
    }
    (texts / "2031.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def test_made_up_province_and_year(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    make_second_province(data)
    site = build(tmp_path, province="tinh-thu-nghiem", year=2031, data_dir=data)
    assert site == tmp_path / "_build" / "site" / "tinh-thu-nghiem" / "2031"
    text = all_text(site)
    # 500 + 1000 = 1.500 allocated; 450 + 800 = 1.250 spent; 1250/1500 = 83,33% -> 83,3%; 2 + 5 = 7 tasks
    assert "1.500 triệu đồng" in text and "1.250 triệu đồng" in text and "83,3%" in text
    assert "tỉnh Thử Nghiệm" in text
    assert "Sơn La" not in page_text(site, "tong-quan")
    # National 450/500 = 90,0%; local 800/1000 = 80,0%
    assert "90,0%" in text and "80,0%" in text
    # Its report, without any document metadata, is a draft with visible gaps.
    report = Document(str(site / "tinh-thu-nghiem-2031-bao-cao.docx"))
    lines = [p.text for p in report.paragraphs]
    cells = " ".join(c.text for t in report.tables for row in t.rows for c in row.cells)
    assert "DỰ THẢO" in lines and "Kính gửi: …." in lines
    assert "Số: …/BC-SCT" in cells and "Thử Nghiệm, ngày … tháng … năm …" in cells
    assert "GIÁM ĐỐC" in cells and "(chưa có)" not in cells  # default title, name a gap
    assert (site / "tinh-thu-nghiem-2031-bao-cao.pdf").read_bytes()[:4] == b"%PDF"
    # Authored text is shown as text, never as markup.
    html = (site / "notebooks" / "han-che.html").read_text(encoding="utf-8")
    assert (
        "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )


def test_cli_refuses_missing_year_and_publishes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(PROJECT)
    out = tmp_path / "_build"
    result = CliRunner().invoke(
        main, ["build", "--province", "son-la", "--year", "2019", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "2019" in result.output and "funding.csv" in result.output
    assert not (out / "site").exists()


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_broken_data_leaves_published_site_byte_identical(son_la_2025, tmp_path):
    from khuyencong.errors import DataValidationError

    site_root = son_la_2025.parents[1]  # <out>/site
    before = snapshot(site_root)
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    funding = (data / "funding.csv").read_text(encoding="utf-8")
    (data / "funding.csv").write_text(funding.replace("1905,1605", "1.905,1605"), encoding="utf-8")
    original = (data / "funding.csv").read_bytes()
    with pytest.raises(DataValidationError) as err:
        build_edition(
            BuildRequest.of("son-la", 2025),
            ProjectPaths.resolve(PROJECT, data, site_root.parent),
            say=lambda s: None,
        )
    message = str(err.value)
    assert (
        "funding.csv" in message
        and "allocated" in message
        and "1.905" in message
        and "1905" in message
    )
    assert snapshot(site_root) == before
    assert (data / "funding.csv").read_bytes() == original


def test_two_builds_give_the_same_html(son_la_2025, tmp_path):
    again = build(tmp_path)
    pages = sorted(p.relative_to(son_la_2025) for p in son_la_2025.rglob("*.html"))
    assert pages == sorted(p.relative_to(again) for p in again.rglob("*.html"))
    for page in pages:
        assert (son_la_2025 / page).read_bytes() == (again / page).read_bytes(), page


def test_a_first_build_links_its_stylesheets_as_a_rebuild_does(son_la_2025):
    # A rebuild finds myst-nb's stylesheet already in the output folder and links it with a
    # `?v=` checksum; a first build must do the same, or the two publish different bytes.
    linked = 0
    for page in son_la_2025.rglob("*.html"):
        links = re.findall(r'href="[^"]*mystnb\.[0-9a-f]+\.css([^"]*)"', page.read_text("utf-8"))
        assert all(q.startswith("?v=") for q in links), page
        linked += bool(links)
    assert linked >= 9  # at least the report page and the eight chapters link it


def broken_project(tmp_path: Path) -> Path:
    """A copy of the project whose chapter 03 raises while papermill runs it."""
    import nbformat

    project = tmp_path / "project"
    project.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(PROJECT / name, project / name)
    for folder in ("book", "notebooks"):
        shutil.copytree(PROJECT / folder, project / folder)
    path = project / "notebooks" / "han-che.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell('raise ValueError("chương hỏng có chủ đích")'))
    nbformat.write(nb, path)
    return project


def test_failing_chapter_names_notebook_and_keeps_published_edition(tmp_path, monkeypatch):
    project = broken_project(tmp_path)
    out = tmp_path / "out"
    site = out / "site" / "son-la" / "2025"
    site.mkdir(parents=True)
    (site / "index.html").write_text("ấn phẩm cũ", encoding="utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(
        main, ["build", "--data-dir", str(PROJECT / "data"), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "han-che" in result.output
    said = r"Chương han-che lỗi khi chạy \(ô số \d+\): chương hỏng có chủ đích"
    assert re.search(said, result.output)
    assert "ValueError" not in result.output  # no Python vocabulary
    assert "Traceback" not in result.output
    assert (site / "index.html").read_text(encoding="utf-8") == "ấn phẩm cũ"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    # The staging folder stays for inspection, with the chapters that did run.
    staged = out / "staging" / "son-la" / "2025" / "notebooks"
    assert (staged / "tong-quan.ipynb").exists()


def test_two_failing_chapters_are_both_reported_and_the_others_kept(tmp_path):
    import nbformat

    from khuyencong.errors import ChaptersFailedError
    from khuyencong.pipeline.execute import execute_all

    project = broken_project(tmp_path)  # 03 raises
    path = project / "notebooks" / "khu-vuc.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, path)
    templates = sorted((project / "notebooks").glob("*.ipynb"))
    out = tmp_path / "out"
    params = {"province": "son-la", "year": 2025, "data_dir": str(PROJECT / "data")}
    with pytest.raises(ChaptersFailedError) as err:
        execute_all(templates, out, params, jobs=2)
    assert sorted(e.notebook for e in err.value.errors) == ["han-che", "khu-vuc"]
    message = str(err.value)
    assert "2 chương lỗi" in message
    assert "han-che" in message and "chương hỏng có chủ đích" in message
    assert "khu-vuc" in message and "lỗi ngoài dự kiến" in message
    assert "division by zero" not in message and "division by zero" in err.value.details
    assert "Error" not in message  # ValueError, ZeroDivisionError: the class names are left out
    assert (out / "tong-quan.ipynb").exists() and (out / "doi-soat.ipynb").exists()
