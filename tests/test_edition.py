"""Edition parameters are checked before any path is built; missing data is named."""

from __future__ import annotations

import re

import pytest

from khuyencong.content.chapters.registry import chapter_notebooks
from khuyencong.core.edition import Edition, check_parameters
from khuyencong.errors import KhuyenCongError, MissingDataError, ParameterError
from khuyencong.inputs.availability import check_data_exists
from khuyencong.inputs.dataset import load_dataset

# ---------------------------------------------------------------------------------------------
# check_parameters
# ---------------------------------------------------------------------------------------------


def test_good_parameters():
    e = check_parameters("son-la", 2025)
    assert e == Edition("son-la", 2025)
    assert e.slug == "son-la/2025"


@pytest.mark.parametrize("year", [2000, 2100, "2025"])
def test_years_in_range(year):
    assert check_parameters("son-la", year).year == int(year)
    assert isinstance(check_parameters("son-la", year).year, int)


@pytest.mark.parametrize(
    "province",
    [
        "../../etc",
        "Son La",
        "",
        None,
        "sơn-la",
        "son_la",
        "son-la/../..",
        "/etc/passwd",
        "-son-la",
        "son--la",
        "son-la-",
        "a" * 61,
    ],
)
def test_bad_province_is_refused(province):
    with pytest.raises(ParameterError) as info:
        check_parameters(province, 2025)
    assert repr(province) in str(info.value)
    assert info.value.exit_code == 2


def test_province_with_a_trailing_newline_is_refused():
    with pytest.raises(ParameterError):
        check_parameters("son-la\n", 2025)


@pytest.mark.parametrize("year", [1999, 2101, 0, -2025])
def test_year_out_of_range_is_refused(year):
    with pytest.raises(ParameterError) as info:
        check_parameters("son-la", year)
    assert str(year) in str(info.value)
    assert isinstance(info.value, KhuyenCongError)


# ---------------------------------------------------------------------------------------------
# check_data_exists
# ---------------------------------------------------------------------------------------------


def test_data_for_son_la_2025_exists(dataset):
    assert check_data_exists(dataset, Edition("son-la", 2025)) is None


def test_missing_year_is_named(dataset):
    with pytest.raises(MissingDataError) as info:
        check_data_exists(dataset, Edition("son-la", 2024))
    message = str(info.value)
    assert "2024" in message
    assert "funding.csv" in message
    assert "texts/son-la/2024.yaml" in message
    assert "2025" in message  # the years that do have data
    assert info.value.exit_code == 2


def test_unnamed_province_has_no_annual_edition(dataset):
    # Seed 002: results of "the past years" up to 2020 (start not given), no funding figures:
    # a multi-year source is never an annual report (its edition is the period one).
    for year in (2020, 2025):
        with pytest.raises(MissingDataError) as info:
            check_data_exists(dataset, Edition("tinh-khuyet-danh-002", year))
        assert "các năm có dữ liệu: không có" in str(info.value)


@pytest.mark.parametrize("province", ["ha-giang", "mien-bac-28"])
def test_missing_province_is_named(dataset, province):
    # a region is not a province an edition can be built for
    with pytest.raises(MissingDataError) as info:
        check_data_exists(dataset, Edition(province, 2025))
    assert f"'{province}'" in str(info.value)
    assert "son-la" in str(info.value)  # the provinces that do have data


def test_missing_text_only(data_copy):
    (data_copy / "texts" / "son-la" / "2025.yaml").unlink()
    data = load_dataset(data_copy)
    with pytest.raises(MissingDataError) as info:
        check_data_exists(data, Edition("son-la", 2025))
    message = str(info.value)
    assert "texts/son-la/2025.yaml" in message
    assert "funding.csv" not in message


def test_missing_funding_only(data_copy):
    path = data_copy / "funding.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    data = load_dataset(data_copy)
    with pytest.raises(MissingDataError) as info:
        check_data_exists(data, Edition("son-la", 2025))
    message = str(info.value)
    assert "funding.csv" in message and "2025" in message
    assert "không có)" in message  # no year at all has funding rows
    assert "yaml" not in message


# ---------------------------------------------------------------------------------------------
# Table of contents
# ---------------------------------------------------------------------------------------------


def test_chapter_notebooks(project):
    notebooks = chapter_notebooks(project)
    # read _toc.yml as text, independently of yaml parsing
    listed = re.findall(
        r"^\s*(?:- file|root): (notebooks/\S+)\s*$",
        (project / "_toc.yml").read_text(encoding="utf-8"),
        re.M,
    )
    assert notebooks == [project / f"{f}.ipynb" for f in listed]
    for p in notebooks:
        assert p.is_file(), p
        assert p.parent == project / "notebooks"


def test_chapter_notebooks_follow_the_registry(tmp_path, monkeypatch):
    from khuyencong.content.chapters import registry

    entry = registry.ChapterEntry("a", "09_a", "m", "A", registry.ANALYSIS)
    monkeypatch.setattr(registry, "CHAPTERS", (registry.CHAPTERS[0], entry))
    assert chapter_notebooks(tmp_path) == [
        tmp_path / "notebooks/bao-cao.ipynb",
        tmp_path / "notebooks/09_a.ipynb",
    ]
