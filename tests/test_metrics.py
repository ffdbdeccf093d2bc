"""Metric functions on tiny hand-made frames, then on the real data checked against the seeds.

Every expected number is worked out by hand from the seed texts (quoted in the comments),
never copied from what the program prints.
"""

from __future__ import annotations

import pandas as pd
import pytest
from seed_003 import PLAN_2026_ACTIVITIES

from khuyencong.figures import metrics as m
from khuyencong.figures.formatting import fmt_number, fmt_percent

PROGRAMME = "son-la-2026-2030"


def unchanged(*frames: pd.DataFrame):
    """Snapshot frames; calling the returned function asserts none of them changed."""
    before = [f.copy(deep=True) for f in frames]

    def check():
        for old, new in zip(before, frames, strict=True):
            pd.testing.assert_frame_equal(old, new)

    return check


# ============================================================================================
# Scalars
# ============================================================================================


def test_execution_rate():
    # seed 000: allocated 1.905, spent 1.605 triệu đồng
    assert m.execution_rate(1905, 1605) == pytest.approx(100 * 1605 / 1905)
    assert fmt_percent(m.execution_rate(1905, 1605)) == "84,3%"
    assert m.execution_rate(200, 200) == 100.0
    assert m.execution_rate(100, 0) == 0.0


def test_execution_rate_with_nothing_allocated_is_none():
    # seed 000: "không được giao kinh phí khuyến công quốc gia" → no rate, not 0 % and not a crash
    assert m.execution_rate(0, 0) is None
    assert m.execution_rate(0.0, 0.0) is None


def test_share_region_split():
    # seed 004: national 71,5 of 170,8 tỷ đồng "chiếm 41,9%"; local 99,2 "chiếm 58,1%"
    assert m.share(71.5, 170.8) == pytest.approx(41.86, abs=0.005)
    assert fmt_percent(m.share(71.5, 170.8)) == "41,9%"
    assert fmt_percent(m.share(99.2, 170.8)) == "58,1%"
    # seed 004: phân bổ đợt 1 18,3 of 71,5 "(chiếm 25,6%)"
    assert fmt_percent(m.share(18.3, 71.5)) == "25,6%"
    # seed 004: 99,2 of 202,3 "chiếm 49%"
    assert fmt_percent(m.share(99.2, 202.3), 0) == "49%"


def test_share_of_zero_whole_raises():
    with pytest.raises(ZeroDivisionError):
        m.share(1, 0)


def test_shares():
    out = m.shares({"national": 71.5, "local": 99.2})
    # the parts' own sum is 71,5 + 99,2 = 170,7 (rounded inputs), not the stated 170,8
    assert out["national"] == pytest.approx(100 * 71.5 / 170.7)
    assert out["local"] == pytest.approx(100 * 99.2 / 170.7)
    assert sum(out.values()) == pytest.approx(100.0)
    assert fmt_percent(out["national"]) == "41,9%"
    assert fmt_percent(out["local"]) == "58,1%"
    assert list(out) == ["national", "local"]


def test_shares_of_nothing_are_zero():
    assert m.shares({"national": 0, "local": 0}) == {"national": 0.0, "local": 0.0}
    assert m.shares({}) == {}


def test_change_percent():
    # seed 004: plan 2024 170,8 vs 2023 186,5 tỷ đồng: (170.8 - 186.5) / 186.5 = -8.418… %
    assert m.change_percent(186.5, 170.8) == pytest.approx(-8.418, abs=0.001)
    assert fmt_percent(m.change_percent(186.5, 170.8), 2) == "-8,42%"
    # The article says "thấp hơn 8,5%", computed from unrounded inputs; rounded inputs give 8,4.
    assert fmt_percent(-m.change_percent(186.5, 170.8)) == "8,4%"
    assert m.change_percent(100, 150) == 50.0


def test_change_percent_from_zero_raises():
    with pytest.raises(ZeroDivisionError):
        m.change_percent(0, 10)


def test_average_annual_growth():
    # seed 001: +20,3 % from 2015 to 2020, "ước tăng trưởng bình quân 3,8%/năm"
    expected = 100 * (1.203 ** (1 / 5) - 1)  # = 3.77 %
    assert m.average_annual_growth(20.3, 5) == pytest.approx(expected)
    assert m.average_annual_growth(20.3, 5) == pytest.approx(3.77, abs=0.005)
    assert fmt_percent(m.average_annual_growth(20.3, 5)) == "3,8%"
    assert m.average_annual_growth(21, 2) == pytest.approx(10.0)  # 1.1 ** 2 = 1.21
    assert m.average_annual_growth(0, 3) == 0.0


@pytest.mark.parametrize("years", [0, -5])
def test_average_annual_growth_needs_positive_years(years):
    with pytest.raises(ValueError):
        m.average_annual_growth(20.3, years)


def test_trieu_to_ty_and_in_ty():
    # seed 000: "Tổng kinh phí được giao 1.905 triệu đồng" = 1,905 tỷ đồng
    assert m.trieu_to_ty(1905) == pytest.approx(1.905)
    assert m.in_ty(1905, "trieu-dong") == pytest.approx(1.905)
    assert m.in_ty(7.7, "ty-dong") == 7.7  # seed 001 writes tỷ đồng: kept as written
    with pytest.raises(ValueError):
        m.in_ty(28, "tỉnh, thành phố")


def test_per_member_average_region_2024():
    # seed 004: 170,8 tỷ đồng for the 28 provinces of the northern region: 170,8 ÷ 28 = 6,1
    assert m.per_member_average(170.8, 28) == pytest.approx(6.1)
    assert fmt_number(m.per_member_average(170.8, 28), 1) == "6,1"
    assert m.per_member_average(186.5, 28) == pytest.approx(6.6607, abs=1e-4)  # 2023's plan
    with pytest.raises(ValueError):
        m.per_member_average(170.8, 0)


def test_yearly_average_counts_both_ends():
    # seed 001: "hơn 7,7 tỷ đồng" over 2016–2020, five years: 7,7 ÷ 5 = 1,54
    assert m.yearly_average(7.7, 2016, 2020) == pytest.approx(1.54)
    assert m.yearly_average(3.0, 2025, 2025) == 3.0  # one year: the year itself
    with pytest.raises(ValueError):
        m.yearly_average(7.7, 2020, 2016)


@pytest.mark.parametrize(
    ("value", "reference", "at_least", "expected"),
    [
        (1.9, 6.1, False, -1),  # Sơn La 2025 (1,9 tỷ đồng) below the region's 6,1 per province
        (6.1, 6.1, False, 0),
        (2.0, 1.5, False, 1),
        (1.4, 1.5, True, -1),  # below "hơn 1,5": surely below
        (1.9, 1.5, True, None),  # 1,9 against "hơn 1,5": the true average may be either side
        (1.5, 1.5, True, None),  # "hơn 1,5" may be 1,54: not equal for sure
    ],
)
def test_direction(value, reference, at_least, expected):
    assert m.direction(value, reference, at_least) == expected


def test_award_rates():
    # seed 000: 71 hồ sơ, "67/71 hồ sơ đủ điều kiện", 30 sản phẩm được công nhận
    rates = m.award_rates(71, 67, 30)
    assert rates["eligible_of_dossiers"] == pytest.approx(100 * 67 / 71)
    assert rates["recognised_of_eligible"] == pytest.approx(100 * 30 / 67)
    assert rates["recognised_of_dossiers"] == pytest.approx(100 * 30 / 71)
    assert fmt_percent(rates["eligible_of_dossiers"]) == "94,4%"  # 94,366…
    assert fmt_percent(rates["recognised_of_eligible"]) == "44,8%"  # 44,776…
    assert fmt_percent(rates["recognised_of_dossiers"]) == "42,3%"  # 42,253…


# ============================================================================================
# Tiny frames
# ============================================================================================


@pytest.fixture
def funding():
    return pd.DataFrame(
        {
            "province": ["x", "x", "x", "y"],
            "year": [2024, 2024, 2025, 2024],
            "fund_source": ["local", "national", "local", "local"],
            "allocated": [100.0, 50.0, 10.0, 7.0],
            "disbursed": [80.0, 50.0, 0.0, 7.0],
            "tasks": [2, 1, 0, 1],
        }
    )


def test_funding_year_orders_national_first(funding):
    check = unchanged(funding)
    out = m.funding_year(funding, "x", 2024)
    check()
    assert out["fund_source"].tolist() == ["national", "local"]
    assert out["allocated"].tolist() == [50.0, 100.0]
    assert out["disbursed"].tolist() == [50.0, 80.0]
    assert out["tasks"].tolist() == [1, 2]
    assert out["rate"].tolist() == pytest.approx([100.0, 80.0])
    assert list(out.index) == [0, 1]


def test_funding_totals(funding):
    check = unchanged(funding)
    t = m.funding_totals(funding, "x", 2024)
    check()
    assert t["allocated"] == 50 + 100
    assert t["disbursed"] == 50 + 80
    assert t["unspent"] == 150 - 130
    assert t["tasks"] == 1 + 2
    assert t["rate"] == pytest.approx(100 * 130 / 150)
    assert t["national_allocated"] == 50
    assert t["local_allocated"] == 100


def test_funding_totals_without_rows(funding):
    t = m.funding_totals(funding, "x", 2030)
    assert t["allocated"] == 0 and t["disbursed"] == 0 and t["tasks"] == 0
    assert t["rate"] is None


@pytest.fixture
def results():
    return pd.DataFrame(
        {
            "entity": ["x", "x", "x", "y", "x"],
            "period_start": pd.array([2025, 2025, None, 2025, 2016], dtype="Int64"),
            "period_end": pd.array([2025, 2025, 2020, 2025, 2020], dtype="Int64"),
            "activity": ["a1", "a2", "a1", "a1", "a3"],
            "quantity": [2.0, 5.0, 188.0, 9.0, 16.0],
            "unit": ["cơ sở", "cơ sở", "đề án", "cơ sở", "cơ sở"],
            "budget": pd.array([None, 40.0, None, None, None], dtype="Float64"),
            "__row": [2, 3, 4, 5, 6],
        }
    )


@pytest.fixture
def activities():
    return pd.DataFrame(
        {
            "activity": ["a1", "a2", "a3"],
            "group": [1, 2, 2],
            "name_vi": ["Máy móc", "Nhãn hiệu", "Bao bì"],
            "unit_vi": ["Cơ sở", "Nhãn hiệu", "Cơ sở"],
        }
    )


@pytest.fixture
def groups():
    return pd.DataFrame({"group": [1, 2, 3], "name_vi": ["Nhóm một", "Nhóm hai", "Nhóm ba"]})


def test_results_for(results):
    check = unchanged(results)
    out = m.results_for(results, "x", 2025, 2025)
    check()
    assert out["activity"].tolist() == ["a1", "a2"]
    assert "__row" not in out.columns
    assert list(out.index) == [0, 1]


def test_results_for_unknown_start(results):
    out = m.results_for(results, "x", None, 2020)
    assert out["quantity"].tolist() == [188.0]  # the row with an empty period_start only
    assert m.results_for(results, "x", 2016, 2020)["activity"].tolist() == ["a3"]
    assert m.results_for(results, "z", 2025, 2025).empty


def test_results_by_group_and_count(results, activities, groups):
    rows = m.results_for(results, "x", 2025, 2025)
    check = unchanged(rows, activities, groups)
    joined = m.results_by_group(rows, activities, groups)
    check()
    assert joined["group"].tolist() == [1, 2]
    assert joined["group_name"].tolist() == ["Nhóm một", "Nhóm hai"]
    assert joined["activity_name"].tolist() == ["Máy móc", "Nhãn hiệu"]

    two = m.results_by_group(pd.concat([rows, rows.iloc[[1]]]), activities, groups)
    counts = m.count_by_group(two)
    # the same activity twice (two units) counts once
    assert dict(zip(counts["group"], counts["activities"], strict=True)) == {1: 1, 2: 1}


def test_count_by_group_distinct_activities(results, activities, groups):
    rows = results[results["entity"] == "x"].drop(columns="__row")
    joined = m.results_by_group(rows, activities, groups)
    check = unchanged(joined)
    counts = m.count_by_group(joined)
    check()
    # a1 (twice: 2025 and the undated row) in group 1; a2 and a3 in group 2
    assert dict(zip(counts["group"], counts["activities"], strict=True)) == {1: 1, 2: 2}


@pytest.fixture
def plan():
    return pd.DataFrame(
        {
            "programme": ["p"] * 6,
            "activity": ["a1", "a1", "a1", "a2", "a2", "a2"],
            "year": [2026, 2026, 2027, 2026, 2026, 2027],
            "fund_source": ["national", "local", "local", "national", "local", "national"],
            "quantity": [1.0, 2.0, 1.0, 0.0, 0.0, 3.0],
            "budget": [100.0, 200.0, 62.5, 0.0, 0.0, 30.0],
        }
    )


def test_plan_totals(plan):
    check = unchanged(plan)
    t = m.plan_totals(plan)
    check()
    assert list(t.columns) == ["national", "local", "total"]
    assert t.loc[2026].tolist() == [100.0, 200.0, 300.0]
    assert t.loc[2027].tolist() == [30.0, 62.5, 92.5]


def test_plan_totals_with_one_source_only(plan):
    t = m.plan_totals(plan[plan["fund_source"] == "local"])
    assert t.loc[2026].tolist() == [0.0, 200.0, 200.0]
    assert t.loc[2027].tolist() == [0.0, 62.5, 62.5]


def test_plan_source_totals(plan):
    check = unchanged(plan)
    assert m.plan_source_totals(plan) == {
        "national": 100 + 30,
        "local": 200 + 62.5,
        "total": 130 + 262.5,
    }
    check()


def test_plan_for_year_drops_zero_rows(plan):
    check = unchanged(plan)
    y26 = m.plan_for_year(plan, 2026)
    check()
    assert y26["activity"].tolist() == ["a1"]  # a2 is planned with 0 in 2026
    row = y26.iloc[0]
    assert (row["quantity_national"], row["quantity_local"], row["quantity_total"]) == (1, 2, 3)
    assert (row["budget_national"], row["budget_local"], row["budget_total"]) == (100, 200, 300)
    assert list(y26.columns) == [
        "activity",
        "quantity_national",
        "quantity_local",
        "quantity_total",
        "budget_national",
        "budget_local",
        "budget_total",
    ]


def test_plan_for_year_fills_a_missing_source(plan):
    only_national = plan[plan["fund_source"] == "national"]
    y27 = m.plan_for_year(only_national, 2027)
    assert y27["activity"].tolist() == ["a2"]
    assert y27.iloc[0]["quantity_local"] == 0 and y27.iloc[0]["budget_local"] == 0
    assert y27.iloc[0]["budget_total"] == 30


def test_cumulative_plan(plan):
    check = unchanged(plan)
    c = m.cumulative_plan(plan, 2026).set_index("activity")
    check()
    assert c.loc["a1"].tolist() == [1 + 2 + 1, 100 + 200 + 62.5, 1 + 2, 100 + 200]
    assert c.loc["a2"].tolist() == [3, 30, 0, 0]  # nothing before 2027: 0, not NaN


def test_plan_by_group(plan, activities):
    check = unchanged(plan, activities)
    g = m.plan_by_group(plan, activities).set_index("group")
    check()
    assert g.loc[1].tolist() == [100, 200 + 62.5, 362.5]
    assert g.loc[2].tolist() == [30, 0, 30]


def test_indicator_lookup_and_errors():
    ind = pd.DataFrame(
        {
            "entity": ["r", "r", "r", "r"],
            "indicator": ["k", "k", "k", "dup"],
            "period_end": [2024, 2024, 2023, 2024],
            "fund_source": ["all", "national", "all", "all"],
            "value": [170.8, 71.5, 186.5, 1.0],
        }
    )
    ind = pd.concat([ind, ind.iloc[[3]]], ignore_index=True)
    check = unchanged(ind)
    assert m.indicator(ind, "r", "k", 2024)["value"] == 170.8
    assert m.indicator(ind, "r", "k", 2024, "national")["value"] == 71.5
    assert m.indicator(ind, "r", "k", 2023)["value"] == 186.5
    with pytest.raises(KeyError):
        m.indicator(ind, "r", "k", 2022)  # no row
    with pytest.raises(KeyError):
        m.indicator(ind, "r", "dup", 2024)  # two rows: ambiguous
    check()


def test_real_funding_2025(dataset):
    funding = dataset.funding
    check = unchanged(funding)
    t = m.funding_totals(funding, "son-la", 2025)
    check()
    # seed 000: "Tổng kinh phí được giao là 1.905 triệu đồng, ... 06 nhiệm vụ với kinh phí 1.605 triệu đồng"
    assert t["allocated"] == 1905
    assert t["disbursed"] == 1605
    assert t["unspent"] == 1905 - 1605 == 300
    assert t["tasks"] == 6
    assert fmt_percent(t["rate"]) == "84,3%"  # 1605 / 1905 = 84,25…%
    # seed 000: "không được giao kinh phí khuyến công quốc gia"
    assert t["national_allocated"] == 0
    assert t["local_allocated"] == 1905


def test_real_funding_year_2025(dataset):
    rows = m.funding_year(dataset.funding, "son-la", 2025)
    assert rows["fund_source"].tolist() == ["national", "local"]
    assert pd.isna(rows.loc[0, "rate"])  # nothing allocated nationally: no rate, not 0 %
    assert fmt_percent(rows.loc[0, "rate"]) == "—"
    assert fmt_percent(rows.loc[1, "rate"]) == "84,3%"


def test_real_results_2025(dataset):
    rows = m.results_for(dataset.results, "son-la", 2025, 2025)
    # seed 000: máy móc tại 02 cơ sở; mẫu mã bao bì 05 cơ sở; nhãn hiệu 05 cơ sở; 05 trường
    got = dict(zip(rows["activity"], rows["quantity"], strict=True))
    assert got == {
        "may-moc-thiet-bi": 2,
        "thiet-ke-mau-ma-bao-bi": 5,
        "nhan-hieu": 5,
        "tuyen-truyen-nang-luong": 5,
    }
    joined = m.results_by_group(rows, dataset.activities, dataset.content_groups)
    counts = m.count_by_group(joined)
    # máy móc → nhóm 1; mẫu mã, nhãn hiệu → nhóm 2; tuyên truyền năng lượng → nhóm 5
    assert dict(zip(counts["group"], counts["activities"], strict=True)) == {1: 1, 2: 2, 5: 1}


def test_real_results_2016_2020(dataset):
    rows = m.results_for(dataset.results, "son-la", 2016, 2020)
    got = {
        (a, u): q for a, u, q in zip(rows["activity"], rows["unit"], rows["quantity"], strict=True)
    }
    # seed 001: 230 lao động; 2 lớp cho 150 cán bộ; 1 mô hình; 16 cơ sở; 28 sản phẩm;
    # 2 lần bình chọn (2017, 2019); 2 hội nghị kết nối cung cầu
    assert got[("dao-tao-nghe-lao-dong", "lao động")] == 230
    assert got[("tap-huan-nang-luc-quan-ly", "lớp")] == 2
    assert got[("tap-huan-nang-luc-quan-ly", "cán bộ")] == 150
    assert got[("mo-hinh-trinh-dien", "mô hình")] == 1
    assert got[("may-moc-thiet-bi", "cơ sở")] == 16
    assert got[("nhan-hieu", "sản phẩm")] == 28
    assert got[("binh-chon-san-pham-cap-tinh", "lần")] == 2
    assert got[("hoi-nghi-ket-noi-cung-cau", "hội nghị")] == 2
    assert len(rows) == 8


def test_real_results_unnamed_province(dataset):
    # seed 002: 188 đề án, of which 146 machinery projects; the article gives no start year
    rows = m.results_for(dataset.results, "tinh-khuyet-danh-002", None, 2020)
    assert dict(zip(rows["activity"], rows["quantity"], strict=True)) == {
        "tong-de-an": 188,
        "may-moc-thiet-bi": 146,
    }


def test_real_award_rates(dataset):
    a = dataset.awards
    row = a[(a["province"] == "son-la") & (a["year"] == 2025) & (a["level"] == "tinh")].iloc[0]
    assert (row["dossiers"], row["units"], row["eligible"], row["recognised"]) == (71, 34, 67, 30)
    rates = m.award_rates(row["dossiers"], row["eligible"], row["recognised"])
    assert fmt_percent(rates["eligible_of_dossiers"]) == "94,4%"  # 67 / 71
    assert fmt_percent(rates["recognised_of_eligible"]) == "44,8%"  # 30 / 67


def test_real_indicators_region_2024(dataset):
    ind = dataset.indicators
    check = unchanged(ind)
    total = m.indicator(ind, "mien-bac-28", "kinh-phi-ke-hoach", 2024)
    national = m.indicator(ind, "mien-bac-28", "kinh-phi-ke-hoach", 2024, "national")
    local = m.indicator(ind, "mien-bac-28", "kinh-phi-ke-hoach", 2024, "local")
    before = m.indicator(ind, "mien-bac-28", "kinh-phi-ke-hoach", 2023)
    check()
    # seed 004: 170,8 tỷ đồng (2024), 186,5 (2023), KCQG 71,5, KCĐP 99,2
    assert (total["value"], before["value"], national["value"], local["value"]) == (
        170.8,
        186.5,
        71.5,
        99.2,
    )
    assert total["unit"] == "ty-dong"
    assert fmt_percent(m.share(national["value"], total["value"])) == "41,9%"
    assert fmt_percent(m.share(local["value"], total["value"])) == "58,1%"
    assert m.change_percent(before["value"], total["value"]) == pytest.approx(-8.42, abs=0.005)


def test_real_region_members_and_half_year_change(dataset):
    ind = dataset.indicators
    # seed 004: "của 28 tỉnh, thành phố khu vực phía Bắc là 170,8 tỷ đồng"; 170,8 ÷ 28 = 6,1
    members = m.indicator(ind, "mien-bac-28", "so-tinh-thanh-pho", 2024)
    total = m.indicator(ind, "mien-bac-28", "kinh-phi-ke-hoach", 2024)
    assert (members["value"], members["qualifier"]) == (28, "exact")
    assert fmt_number(m.per_member_average(total["value"], int(members["value"])), 1) == "6,1"
    # seed 004: "cao hơn 10,25% so với cùng kỳ", an estimate of the half year
    change = m.indicator(ind, "mien-bac-28", "kinh-phi-uoc-thuc-hien-6-thang-so-cung-ky", 2024)
    assert (change["value"], change["unit"], change["qualifier"]) == (10.25, "percent", "estimated")


def test_real_previous_period_yearly_average(dataset):
    # seed 001: "từ năm 2016-2020 là hơn 7,7 tỷ đồng" (Trung ương và địa phương): over 5 years
    # 7,7 ÷ 5 = 1,54 -> "hơn 1,5"; seed 000: 1.905 triệu đồng in 2025 = 1,905 tỷ đồng
    r = m.indicator(dataset.indicators, "son-la", "kinh-phi-duoc-giao", 2020)
    assert (int(r["period_start"]), r["qualifier"], r["unit"]) == (2016, "at_least", "ty-dong")
    average = m.yearly_average(m.in_ty(r["value"], r["unit"]), 2016, 2020)
    assert average == pytest.approx(1.54)
    allocated = m.funding_totals(dataset.funding, "son-la", 2025)["allocated"]
    assert m.trieu_to_ty(allocated) == pytest.approx(1.905)  # 0 national + 1.905 local


def test_real_growth_2015_2020(dataset):
    g = m.indicator(dataset.indicators, "son-la", "tang-truong-gtsx-cong-nghiep", 2020)
    years = int(g["period_end"]) - int(g["period_start"])  # 2020 - 2015 = 5
    assert years == 5
    assert fmt_percent(m.average_annual_growth(g["value"], years)) == "3,8%"  # seed 001


@pytest.fixture(scope="module")
def real_plan(dataset):
    return dataset.plan(PROGRAMME)


# fmt: off
# Per-year budgets worked out by hand from the appendix of seed 003 (cells are pairs
# national, local per year; blank = 0).
PLAN_YEARS = {
    # 2026 national: máy móc 300. local: máy móc 600 + phòng trưng bày 250 + trưng bày cấp tỉnh 150
    # + tham gia hội chợ 100 + quảng bá 100 + nhãn hiệu 350 + bao bì 175 + tuyên truyền năng lượng 200
    # + tham dự hội nghị 50 + kiểm tra 100
    2026: (300, 600 + 250 + 150 + 100 + 100 + 350 + 175 + 200 + 50 + 100),
    # 2027 national: sản xuất sạch hơn 500 + máy móc 600 + dây chuyền 450. local: máy móc 900
    # + dây chuyền 450 + phòng 250 + trưng bày quốc gia 250 + cấp tỉnh 150 + tham gia 100 + quảng bá 200
    # + nhãn hiệu 350 + bao bì 350 + đào tạo 50 + truyền hình 50 + tuyên truyền 250 + tham dự 50
    # + đoàn trong nước 62.5 + kiểm tra 100
    2027: (
        500 + 600 + 450,
        900 + 450 + 250 + 250 + 150 + 100 + 200 + 350 + 350 + 50 + 50 + 250 + 50 + 62.5 + 100,
    ),
    # 2028 national: máy móc 600 + dây chuyền 450 + xử lý môi trường 300. local: mô hình 1000
    # + nhân rộng 100 + máy móc 900 + bình chọn 300 + phòng 250 + quốc gia 250 + cấp tỉnh 150
    # + tham gia 100 + quảng bá 200 + vé máy bay 100 + nhãn hiệu 350 + bao bì 350 + đào tạo 50
    # + thành lập DN 20 + truyền hình 50 + bản tin 125 + tuyên truyền 250 + tham dự 50 + đoàn 62.5
    # + kiểm tra 100
    2028: (
        600 + 450 + 300,
        1000 + 100 + 900 + 300 + 250 + 250 + 150 + 100 + 200 + 100 + 350 + 350 + 50 + 20 + 50
        + 125 + 250 + 50 + 62.5 + 100,
    ),
    # 2029 national: máy móc 600 + hội chợ 1280. local: sản xuất sạch hơn 500 + máy móc 900
    # + dây chuyền 450 + phòng 250 + quốc gia 250 + cấp tỉnh 150 + tham gia 100 + quảng bá 200
    # + nhãn hiệu 350 + bao bì 350 + đào tạo 50 + thành lập DN 20 + truyền hình 50 + bản tin 125
    # + tuyên truyền 250 + tham dự 50 + đoàn trong nước 62.5 + đoàn nước ngoài 300 + kiểm tra 100
    2029: (
        600 + 1280,
        500 + 900 + 450 + 250 + 250 + 150 + 100 + 200 + 350 + 350 + 50 + 20 + 50 + 125 + 250
        + 50 + 62.5 + 300 + 100,
    ),
    # 2030 national: mô hình 1000 + nhân rộng 100 + máy móc 600 + dây chuyền 450 + xử lý 300.
    # local: máy móc 900 + bình chọn 300 + phòng 250 + quốc gia 250 + cấp tỉnh 150 + tham gia 100
    # + quảng bá 200 + vé máy bay 100 + nhãn hiệu 350 + bao bì 350 + đào tạo 50 + thành lập DN 20
    # + truyền hình 50 + tuyên truyền 250 + tham dự 50 + đoàn 62.5 + kiểm tra 100
    2030: (
        1000 + 100 + 600 + 450 + 300,
        900 + 300 + 250 + 250 + 150 + 100 + 200 + 100 + 350 + 350 + 50 + 20 + 50 + 250 + 50
        + 62.5 + 100,
    ),
}

# fmt: on

# The Phụ lục's totals row, as printed: "300 | 2.075 | 1.550 | 3.563 | 1.350 | 4.758 | 1.880 | 4.508
# | 2.450 | 3.533"; the local cells are rounded half up from the exact sums.
STATED_YEARS = {
    2026: (300, 2075),
    2027: (1550, 3562.5),  # printed 3.563
    2028: (1350, 4757.5),  # printed 4.758
    2029: (1880, 4507.5),  # printed 4.508
    2030: (2450, 3532.5),  # printed 3.533
}


@pytest.mark.parametrize("year", sorted(PLAN_YEARS))
def test_real_plan_totals_per_year(real_plan, year):
    check = unchanged(real_plan)
    t = m.plan_totals(real_plan)
    check()
    national, local = PLAN_YEARS[year]
    assert (national, local) == STATED_YEARS[year]  # the hand sums agree with the printed row
    assert t.loc[year, "national"] == pytest.approx(national)
    assert t.loc[year, "local"] == pytest.approx(local)
    assert t.loc[year, "total"] == pytest.approx(national + local)


def test_real_plan_totals_print_like_the_appendix(real_plan):
    t = m.plan_totals(real_plan)
    printed = [fmt_number(v) for y in range(2026, 2031) for v in t.loc[y, ["national", "local"]]]
    # seed 003, totals row (rounded half up: 3.562,5 → 3.563, 4.757,5 → 4.758, …)
    assert printed == [
        "300",
        "2.075",
        "1.550",
        "3.563",
        "1.350",
        "4.758",
        "1.880",
        "4.508",
        "2.450",
        "3.533",
    ]


def test_real_plan_source_totals(real_plan):
    totals = m.plan_source_totals(real_plan)
    # seed 003, VI.2: "Tổng kinh phí hỗ trợ: 25.965 triệu đồng ... quốc gia: 7.530 ... tỉnh: 18.435"
    assert totals["national"] == pytest.approx(300 + 1550 + 1350 + 1880 + 2450) == 7530
    assert totals["local"] == pytest.approx(2075 + 3562.5 + 4757.5 + 4507.5 + 3532.5) == 18435
    assert totals["total"] == pytest.approx(7530 + 18435) == 25965


def test_real_plan_for_year_2026(real_plan):
    y = m.plan_for_year(real_plan, 2026).set_index("activity")
    # seed 003: ten rows have a non-zero 2026 cell (see PLAN_YEARS[2026])
    assert sorted(y.index) == sorted(PLAN_2026_ACTIVITIES)
    # máy móc 2026: quantities 1 | 2, budgets 300 | 600
    row = y.loc["may-moc-thiet-bi"]
    assert (row["quantity_national"], row["quantity_local"], row["quantity_total"]) == (1, 2, 3)
    assert (row["budget_national"], row["budget_local"], row["budget_total"]) == (300, 600, 900)
    assert y["budget_total"].sum() == pytest.approx(300 + 2075)


def test_real_plan_for_a_year_outside_the_programme(real_plan):
    assert m.plan_for_year(real_plan, 2025).empty


def test_real_cumulative_plan_machinery(real_plan):
    c = m.cumulative_plan(real_plan, 2027).set_index("activity")
    row = c.loc["may-moc-thiet-bi"]
    # seed 003: quantities 1,2 | 2,3 | 2,3 | 2,3 | 2,3 = 23 cơ sở; budgets 300,600 | 600,900 | … = 6.900
    assert row["quantity_period"] == 1 + 2 + 2 + 3 + 2 + 3 + 2 + 3 + 2 + 3 == 23
    assert row["budget_period"] == 300 + 600 + 600 + 900 + 600 + 900 + 600 + 900 + 600 + 900 == 6900
    assert row["quantity_to_date"] == 1 + 2 + 2 + 3  # 2026 + 2027
    assert row["budget_to_date"] == 300 + 600 + 600 + 900
    assert len(c) == 25
    assert c["budget_period"].sum() == pytest.approx(25965)
    # seed 003: bản tin 5.000 (2.500 in 2028, 2.500 in 2029); đoàn trong nước 4 × 62,5 = 250
    assert c.loc["ban-tin-an-pham", "quantity_period"] == 2500 + 2500
    assert c.loc["doan-khao-sat-trong-nuoc", "budget_period"] == 4 * 62.5


def test_real_plan_by_group(real_plan, dataset):
    g = m.plan_by_group(real_plan, dataset.activities).set_index("group")
    # group 3 = xử lý môi trường cụm CN: 300 national in 2028 and 2030
    assert g.loc[3].tolist() == [300 + 300, 0, 600]
    # group 4 = đào tạo 4 × 50 + thành lập doanh nghiệp 3 × 20, all local
    assert g.loc[4].tolist() == [0, 200 + 60, 260]
    # group 6 = tham dự 250 + đoàn trong nước 250 + đoàn nước ngoài 300 + kiểm tra 500, all local
    assert g.loc[6, "total"] == 250 + 250 + 300 + 500
    # group 1 national: mô hình 1000 + nhân rộng 100 + sạch hơn 500 + máy móc 300 + 4 × 600
    # + dây chuyền 3 × 450
    assert g.loc[1, "national"] == 1000 + 100 + 500 + 300 + 4 * 600 + 3 * 450
    # group 2 national: only the hội chợ of 2029, 1.280
    assert g.loc[2, "national"] == 1280
    assert g["total"].sum() == pytest.approx(25965)
