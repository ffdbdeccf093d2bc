"""figures/period.py on small tables worked out by hand, and on the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from khuyencong.figures import period as p


def results_frame(rows):
    frame = pd.DataFrame(
        rows,
        columns=[
            "entity",
            "period_start",
            "period_end",
            "activity",
            "fund_source",
            "quantity",
            "unit",
            "budget",
        ],
    )
    frame["period_start"] = frame["period_start"].astype("Int64")
    frame["period_end"] = frame["period_end"].astype("Int64")
    frame["budget"] = frame["budget"].astype(float)
    return frame


RESULTS = results_frame(
    [
        ("x", 2026, 2026, "nhan-hieu", "local", 4, "Nhãn hiệu", 100.0),
        ("x", 2027, 2027, "nhan-hieu", "local", 6, "Nhãn hiệu", None),
        ("x", 2027, 2027, "nhan-hieu", "national", 1, "Nhãn hiệu", 50.0),
        ("x", 2028, 2028, "may-moc-thiet-bi", "local", 3, "Cơ sở", 900.0),
        ("x", 2026, 2028, "may-moc-thiet-bi", "all", 3, "Cơ sở", None),  # entered for the period
        ("y", 2027, 2027, "nhan-hieu", "local", 9, "Nhãn hiệu", None),  # another entity
        ("x", None, 2020, "tong-de-an", "all", 188, "đề án", None),  # no start given
    ]
)


def test_coverage_says_which_years_have_annual_data():
    c = p.coverage([2026, 2027, 2028], [2025, 2026, 2028])
    assert c.annual == (2026, 2028) and c.missing == (2027,) and not c.complete
    assert p.coverage([2026, 2027], [2026, 2027]).complete
    assert not p.coverage([], []).complete  # a period without known years
    assert p.year_list([2026, 2027, 2028]) == "2026, 2027 và 2028"
    assert p.year_list([2027]) == "2027"


def test_funding_by_year_and_source_with_the_period_total():
    funding = pd.DataFrame(
        {
            "province": ["x", "x", "x", "x", "y"],
            "year": [2026, 2026, 2027, 2028, 2026],
            "fund_source": ["national", "local", "local", "national", "local"],
            "allocated": [300.0, 2000.0, 3500.0, 1000.0, 7.0],
            "disbursed": [300.0, 1900.0, 3400.0, 900.0, 7.0],
            "tasks": [1, 5, 8, 2, 1],
        }
    )
    by_year = p.funding_by_year(funding, "x", [2026, 2027, 2028])
    assert list(by_year.index) == [2026, 2027, 2028]
    assert by_year.loc[2026, "allocated"] == 300 + 2000
    assert by_year.loc[2027, "allocated_national"] == 0  # no row: nothing allocated
    assert by_year.loc[2028, "disbursed_local"] == 0
    total = p.funding_total(by_year)
    # 2.300 + 3.500 + 1.000 = 6.800 allocated; 2.200 + 3.400 + 900 = 6.500 disbursed
    assert total["allocated"] == 6800 and total["disbursed"] == 6500
    assert total["allocated_national"] == 300 + 1000 and total["tasks"] == 1 + 5 + 8 + 2


def test_plan_budget_by_year_within_the_period():
    plan = pd.DataFrame(
        {
            "activity": ["a", "a", "b", "b", "a"],
            "year": [2026, 2026, 2027, 2029, 2030],
            "fund_source": ["national", "local", "local", "local", "local"],
            "quantity": [1.0, 1.0, 2.0, 2.0, 5.0],
            "budget": [300.0, 600.0, 62.5, 100.0, 1000.0],
        }
    )
    out = p.plan_budget_by_year(plan, [2026, 2027, 2028])
    assert list(out.index) == [2026, 2027]
    assert out.loc[2026, "planned"] == 900 and out.loc[2027, "planned_local"] == 62.5


def test_period_results_take_the_stated_figures_before_the_sum_of_the_years():
    rows, origin = p.period_results(RESULTS, "x", 2026, 2028, [2026, 2027, 2028])
    assert origin == p.STATED and rows["quantity"].tolist() == [3]
    # without the row entered for the period, the sum of the annual rows
    annual = RESULTS.drop(index=4)
    rows, origin = p.period_results(annual, "x", 2026, 2028, [2026, 2027, 2028])
    assert origin == p.ANNUAL
    got = {(r.activity, r.fund_source): r.quantity for r in rows.itertuples()}
    assert got == {
        ("may-moc-thiet-bi", "local"): 3,
        ("nhan-hieu", "local"): 4 + 6,
        ("nhan-hieu", "national"): 1,
    }
    budgets = {(r.activity, r.fund_source): r.budget for r in rows.itertuples()}
    assert budgets[("nhan-hieu", "local")] == 100  # 100 + (not given): the given part
    # a period whose start the source does not give: its own rows, no year invented
    rows, origin = p.period_results(RESULTS, "x", None, 2020, [])
    assert origin == p.STATED and rows["quantity"].tolist() == [188]
    assert p.period_results(RESULTS, "z", 2026, 2028, [2026])[1] is None


def test_the_stated_figures_are_reconciled_with_the_sum_of_the_years():
    stated = p.stated_results(RESULTS, "x", 2026, 2028)
    summed = p.cumulative_results(RESULTS, "x", [2026, 2027, 2028])
    table = p.annual_against_stated(stated, summed)
    assert table.to_dict("records") == [
        {"activity": "may-moc-thiet-bi", "unit": "Cơ sở", "stated": 3, "annual": 3, "equal": True}
    ]
    summed = p.cumulative_results(RESULTS, "x", [2026, 2027])  # 2028 left out: 0 ≠ 3
    assert p.annual_against_stated(stated, summed).empty  # nothing to set against


def test_progress_toward_each_target_is_the_sum_of_the_years():
    plan = pd.DataFrame(
        {
            "activity": ["nhan-hieu"] * 5 + ["may-moc-thiet-bi"] * 5 + ["khac"] * 5,
            "year": [2026, 2027, 2028, 2029, 2030] * 3,
            "fund_source": ["local"] * 15,
            "quantity": [5, 10, 10, 10, 15, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0],
            "budget": [0.0] * 15,
        }
    )
    activities = pd.DataFrame(
        {"activity": ["nhan-hieu", "may-moc-thiet-bi"], "unit_vi": ["Nhãn hiệu", "Cơ sở"]}
    )
    summed = p.cumulative_results(RESULTS.drop(index=4), "x", [2026, 2027, 2028])
    done = p.done_in_catalogue_unit(summed, activities)
    out = p.target_progress(plan, done, 2028).set_index("activity")
    assert list(out.index) == ["may-moc-thiet-bi", "nhan-hieu"]  # no target: left out
    # nhãn hiệu: 4 + 6 + 1 = 11 done; planned to 2028: 5 + 10 + 10 = 25; target 50
    assert out.loc["nhan-hieu", "done"] == 11
    assert out.loc["nhan-hieu", "planned"] == 25 and out.loc["nhan-hieu", "target"] == 50
    assert out.loc["nhan-hieu", "share_planned"] == pytest.approx(44.0)  # 11/25
    assert out.loc["nhan-hieu", "share_target"] == pytest.approx(22.0)  # 11/50
    # máy móc: 3 of 6 planned to 2028 (50%), of 10 in all (30%)
    assert out.loc["may-moc-thiet-bi", "share_planned"] == pytest.approx(50.0)
    assert out.loc["may-moc-thiet-bi", "share_target"] == pytest.approx(30.0)


def test_a_row_in_another_unit_is_not_added_to_a_target():
    rows = results_frame(
        [
            ("x", 2026, 2026, "nhan-hieu", "local", 5, "cơ sở", None),
            ("x", 2026, 2026, "nhan-hieu", "local", 2, "nhãn hiệu", None),
        ]
    )
    activities = pd.DataFrame({"activity": ["nhan-hieu"], "unit_vi": ["Nhãn hiệu"]})
    done = p.done_in_catalogue_unit(p.cumulative_results(rows, "x", [2026]), activities)
    assert done.to_dict() == {"nhan-hieu": 2}


def test_yearly_quantities_are_the_annex_by_year():
    table = p.yearly_quantities(RESULTS, "x", [2026, 2027, 2028]).set_index("activity")
    assert table.loc["nhan-hieu", ["2026", "2027", "2028", "total"]].tolist() == [4, 7, 0, 11]
    assert table.loc["may-moc-thiet-bi", "total"] == 3  # the period row is not a year


def test_the_seeds_period_indicators(dataset):
    inds = p.period_indicators(dataset.indicators, "son-la", 2016, 2020)
    got = {r.indicator: (r.value, r.unit, r.qualifier) for r in inds.itertuples()}
    assert got == {
        "kinh-phi-duoc-giao": (7.7, "ty-dong", "at_least"),
        "von-doi-ung": (18.5, "ty-dong", "at_least"),
        "tang-truong-gtsx-cong-nghiep": (20.3, "percent", "exact"),  # 2020 against 2015
    }
    assert p.period_indicators(dataset.indicators, "tinh-khuyet-danh-002", None, 2020).empty


def test_next_period():
    assert p.next_period(2016, 2020, None) == (2021, 2025)
    assert p.next_period(2026, 2028, 2030) == (2029, 2030)  # mid-term: the rest of the programme
    assert p.next_period(2026, 2030, 2030) == (2031, 2035)
    assert p.next_period(None, 2020, None) == (2021, 2025)


def test_award_rounds_count_once_toward_the_award_target():
    done = pd.Series({"nhan-hieu": 11.0})
    assert p.with_award_rounds(done, "binh-chon", 2).to_dict() == {"nhan-hieu": 11, "binh-chon": 2}
    counted = pd.Series({"binh-chon": 1.0})  # a result row already counts the round
    assert p.with_award_rounds(counted, "binh-chon", 1).to_dict() == {"binh-chon": 1}
    assert p.with_award_rounds(done, "binh-chon", 0).to_dict() == {"nhan-hieu": 11}
