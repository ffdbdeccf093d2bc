"""The request object and the folders of a build: defaults resolved once, names derived once.

Expected paths and names are written out by hand from the layout the README documents
(`_build/site/<tỉnh>/<năm>/`, `son-la-2025.pdf`, `son-la-2025-bao-cao.docx`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from khuyencong.content.downloads import safe_name
from khuyencong.core.edition import Edition, is_report_year, latest_ready_year
from khuyencong.core.request import BuildRequest, EditionPaths, ProjectPaths, draft_folder
from khuyencong.errors import ParameterError
from khuyencong.inputs.availability import agency_heading, province_name

P = Path("/p")


def test_project_paths_default_to_data_and_build_inside_the_project():
    where = ProjectPaths.resolve(P)
    assert where == ProjectPaths(Path("/p"), Path("/p/data"), Path("/p/_build"))
    assert where.snapshots == Path("/p/_build/snapshots")
    assert where.cache == Path("/p/_build/cache")
    assert where.site == Path("/p/_build/site")


def test_given_folders_are_kept_and_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    where = ProjectPaths.resolve(Path("du-an"), Path("so-lieu"), Path("/q/out"))
    assert where.project == tmp_path.resolve() / "du-an"
    assert where.data_dir == tmp_path.resolve() / "so-lieu"
    assert where.out_root == Path("/q/out")


def test_edition_paths_of_son_la_2025():
    paths = ProjectPaths.resolve(P).of(Edition("son-la", 2025))
    assert isinstance(paths, EditionPaths) and paths.data_dir == Path("/p/data")
    assert paths.published == Path("/p/_build/site/son-la/2025")
    assert paths.staging == Path("/p/_build/staging/son-la/2025")
    assert paths.report == Path("/p/_build/report/son-la/2025")
    assert paths.lock == Path("/p/_build/locks/son-la-2025.lock")
    assert paths.pdf == Path("/p/_build/site/son-la/2025/son-la-2025.pdf")
    other = ProjectPaths.resolve(P, out_root=Path("/o")).of(Edition("mien-bac-28", 2024))
    assert other.published == Path("/o/site/mien-bac-28/2024")
    assert other.pdf.name == "mien-bac-28-2024.pdf"


def test_published_file_names():
    edition = Edition("son-la", 2025)
    assert edition.printed_name == "son-la-2025"
    assert edition.pdf_file == "son-la-2025.pdf"
    assert edition.report_name == "son-la-2025-bao-cao"


def test_build_request_checks_the_edition_and_derives_the_rest():
    request = BuildRequest.of("son-la", "2025", base_url="https://kc.gov.vn/bao-cao/")
    assert request == BuildRequest(Edition("son-la", 2025), "all", False, request.base_url, None)
    assert request.canonical_url() == "https://kc.gov.vn/bao-cao/son-la/2025/"
    assert BuildRequest.of("son-la", 2025, base_url="https://kc.gov.vn").canonical_url() == (
        "https://kc.gov.vn/son-la/2025/"
    )
    assert BuildRequest.of("son-la", 2025).canonical_url() is None
    assert request.with_pdf and BuildRequest.of("son-la", 2025, fmt="pdf").with_pdf
    assert not BuildRequest.of("son-la", 2025, fmt="html").with_pdf
    with pytest.raises(ParameterError, match="Mã tỉnh không hợp lệ"):
        BuildRequest.of("../etc", 2025)
    with pytest.raises(ParameterError, match="Năm không hợp lệ: 1999"):
        BuildRequest.of("son-la", 1999)


@pytest.mark.parametrize(
    "value, expected",
    [
        (2000, True),
        (2100, True),
        ("2025", True),
        (" 2025 ", True),
        (1999, False),
        (2101, False),
        ("20x5", False),
        ("02025", False),
        (2025.0, False),
        (-2025, False),
    ],
)
def test_one_rule_for_a_report_year(value, expected):
    assert is_report_year(value) is expected


def test_the_same_rule_on_the_command_line_and_in_check_parameters():
    from click.testing import CliRunner

    from khuyencong.cli.commands import main

    result = CliRunner().invoke(main, ["new-year", "--province", "son-la", "--year", "2101"])
    assert result.exit_code == 2
    assert "năm không hợp lệ '2101' (cần bốn chữ số, từ 2000 đến 2100, ví dụ 2025)" in (
        result.output
    )
    with pytest.raises(ParameterError, match="cần bốn chữ số, từ 2000 đến 2100"):
        BuildRequest.of("son-la", 2101)


def test_latest_ready_year_needs_funding_and_text():
    # Funding for 2024–2026, texts for 2023 and 2025: only 2025 has both.
    assert latest_ready_year([2024, 2025, 2025, 2026], [2023, 2025]) == 2025
    assert latest_ready_year([2024, 2026], [2024, 2026]) == 2026
    assert latest_ready_year([2026], [2025]) is None
    assert latest_ready_year([], []) is None


def test_province_name_is_the_printed_name(dataset):
    # entities.csv: son-la,province,mien-bac-28,Sơn La,…
    assert province_name(dataset, "son-la") == "Sơn La"
    assert province_name(dataset, "mien-bac-28") == "28 tỉnh, thành phố khu vực phía Bắc"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("tbl-results", True),
        ("a" * 80, True),
        ("a" * 81, False),
        ("tbl_results", False),
        ("../../x", False),
        ("Tbl", False),
        ("", False),
    ],
)
def test_a_download_name_is_a_slug(name, expected):
    assert safe_name(name) is expected


def test_an_unknown_format_is_refused_when_the_request_is_made():
    with pytest.raises(ParameterError) as err:
        BuildRequest.of("son-la", 2025, fmt="docx")
    assert "docx" in str(err.value) and "html, pdf, all" in str(err.value)


def test_agency_heading_from_the_entity_or_by_default():
    # Empty cells arrive as NaN or None: the heading is written from the name.
    assert agency_heading("Sơn La", float("nan"), None) == ("UBND TỈNH SƠN LA", "SỞ CÔNG THƯƠNG")
    assert agency_heading("Sơn La", "  ", "") == ("UBND TỈNH SƠN LA", "SỞ CÔNG THƯƠNG")
    given = agency_heading("Sơn La", " UBND TỈNH SƠN LA ", "SỞ CÔNG THƯƠNG TỈNH SƠN LA")
    assert given == ("UBND TỈNH SƠN LA", "SỞ CÔNG THƯƠNG TỈNH SƠN LA")


def test_the_draft_folder_is_named_once():
    # `new-year` writes it, `template` reads it: <data>/drafts/<province>-<year>/
    where = ProjectPaths.resolve(Path("/p"))
    assert where.of(Edition("son-la", 2026)).draft == Path("/p/data/drafts/son-la-2026")
    assert draft_folder(Path("/d"), Edition("son-la", 2026)) == Path("/d/drafts/son-la-2026")
