"""A period edition (tổng kết / sơ kết of a programme period) beside the annual ones: its
identity, folders, the data it needs, and how `publish` and the home page list it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from khuyencong.core.edition import Edition, Period, parse_period, period_edition
from khuyencong.core.request import BuildRequest, ProjectPaths, parse_edition
from khuyencong.errors import MissingDataError, ParameterError
from khuyencong.inputs.availability import (
    annual_years,
    check_data_exists,
    period_totals,
    stated_periods,
)
from khuyencong.pipeline.site import (
    available_editions,
    home_page,
    listed_names,
)


def test_a_period_is_its_years_or_what_the_source_says():
    assert parse_period("2016-2020") == Period(2016, 2020)
    assert Period(2016, 2020).years == [2016, 2017, 2018, 2019, 2020]
    assert Period(2016, 2020).span == "2016–2020"
    # seed 002: "những năm qua" before 2021–2025, no start year: none is made up
    before = parse_period("truoc-2021")
    assert before == Period(None, 2020) and before.years == []
    assert before.label == "truoc-2021"
    assert before.span == "những năm trước năm 2021"


@pytest.mark.parametrize(
    "spec", ["2020-2016", "2016", "2016-2016", "1999-2003", "16-20", "", "../x"]
)
def test_bad_periods_are_refused(spec):
    with pytest.raises(ParameterError) as info:
        parse_period(spec)
    assert "Giai đoạn không hợp lệ" in str(info.value) and info.value.exit_code == 2


def test_a_period_edition_is_published_beside_the_annual_ones(tmp_path):
    where = ProjectPaths.resolve(tmp_path)
    annual = where.of(Edition("son-la", 2025))
    period = where.of(period_edition("son-la", "2016-2020"))
    assert annual.published == tmp_path / "_build" / "site" / "son-la" / "2025"  # unchanged
    assert annual.edition.pdf_file == "son-la-2025.pdf"
    assert period.published == tmp_path / "_build" / "site" / "son-la" / "2016-2020"
    assert period.edition.pdf_file == "son-la-2016-2020.pdf"
    assert period.edition.report_name == "son-la-2016-2020-bao-cao"
    assert period.lock.name == "son-la-2016-2020.lock" and annual.lock.name == "son-la-2025.lock"
    mid = BuildRequest.of_period("son-la", "2026-2028", base_url="https://x.vn/kc")
    assert mid.edition == Edition("son-la", 2028, Period(2026, 2028))
    assert mid.canonical_url() == "https://x.vn/kc/son-la/2026-2028/"


def test_the_seeds_state_their_periods(dataset):
    assert stated_periods(dataset, "son-la") == [Period(2016, 2020)]
    assert stated_periods(dataset, "tinh-khuyet-danh-002") == [Period(None, 2020)]
    assert period_totals(dataset, "son-la", Period(2016, 2020))
    assert annual_years(dataset, "son-la", Period(2016, 2020)) == []  # totals only
    assert annual_years(dataset, "son-la", Period(2021, 2025)) == [2025]
    check_data_exists(dataset, period_edition("son-la", "2016-2020"))
    check_data_exists(dataset, period_edition("tinh-khuyet-danh-002", "truoc-2021"))
    with pytest.raises(MissingDataError) as info:
        check_data_exists(dataset, period_edition("son-la", "2026-2028"))
    assert "2016-2020" in str(info.value)  # the periods that do have figures


def test_publish_lists_annual_and_period_editions(dataset):
    slugs = [e.slug for e in available_editions(dataset)]
    # the seed-002 province has no annual "báo cáo năm 2020": its review is a period edition
    assert slugs == ["son-la/2025", "son-la/2016-2020", "tinh-khuyet-danh-002/truoc-2021"]
    assert [e.slug for e in map(parse_edition, ["son-la/2025", "son-la/2026-2028"])] == [
        "son-la/2025",
        "son-la/2026-2028",
    ]
    with pytest.raises(ParameterError, match="tỉnh/giai đoạn"):
        parse_edition("son-la/2016_2020")


def test_an_unnamed_province_is_not_headed_as_a_province(dataset):
    names = listed_names(dataset)
    assert names["son-la"] == "Tỉnh Sơn La"
    assert names["tinh-khuyet-danh-002"] == "Một tỉnh không được nêu tên"  # not "Tỉnh Một tỉnh …"


def test_the_home_page_lists_editions_by_province(tmp_path):
    site = tmp_path / "site"
    for folder in ("son-la/2025", "son-la/2016-2020", "son-la/2026-2028", "x/truoc-2021"):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.html").write_text("<html></html>", encoding="utf-8")
    (site / "son-la" / "2016-2020" / "son-la-2016-2020-bao-cao.docx").write_bytes(b"docx")
    (site / "son-la" / "ghi-chu").mkdir()  # not an edition
    home_page(site, {"son-la": "Tỉnh Sơn La", "x": "Một tỉnh không được nêu tên"})
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    items = [li.get_text(" ", strip=True) for li in soup.find_all("li")]
    assert [i.split(" Báo cáo (")[0] for i in items] == [
        "Báo cáo năm 2025",
        "Báo cáo giai đoạn 2026–2028",
        "Báo cáo giai đoạn 2016–2020",
        "Báo cáo kết quả những năm trước năm 2021",
    ]
    assert [h.get_text() for h in soup.find_all("h2")] == [
        "Tỉnh Sơn La",
        "Một tỉnh không được nêu tên",
    ]
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert "son-la/2016-2020/son-la-2016-2020-bao-cao.docx" in hrefs
    assert "x/truoc-2021/index.html" in hrefs


def test_strict_checks_the_claims_of_the_period(dataset):
    from khuyencong.pipeline.build import check_claims

    # 1,203^(1/5) - 1 = 3,77% -> 3,8%, as seed 001 states it: nothing "lệch"
    check_claims(dataset, "son-la", 2020, annual=False)
