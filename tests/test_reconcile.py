"""Reconciliation of stated figures; expected classes worked out by hand from the seeds."""

from __future__ import annotations

import pytest

from khuyencong.errors import FormulaError, KhuyenCongError
from khuyencong.figures.reconcile import (
    MATCH,
    MATCH_ROUNDING,
    MISMATCH,
    UNVERIFIABLE,
    Evaluator,
    Interval,
    classify,
    reconcile,
    summary,
)


@pytest.fixture(scope="module")
def table(dataset):
    return reconcile(dataset).set_index("claim_id")


def test_local_total_against_rounded_year_totals(table):
    # Seed 003: 2.075 + 3.563 + 4.758 + 4.508 + 3.533 = 18.437, stated 18.435.
    # Each printed total is ±0,5, so the sum lies in [18.434,5; 18.439,5] which holds 18.435.
    row = table.loc["ct2630-kcdp-tu-tong-cac-nam"]
    assert row.computed == 18437 and row.status == MATCH_ROUNDING
    # Against the appendix's own cells the local total is exact: 18.435.
    assert table.loc["ct2630-kinh-phi-kcdp"].status == MATCH
    # 3.562,5 rounds half up to the printed 3.563.
    assert table.loc["ct2630-2027-local"].computed == 3562.5
    assert table.loc["ct2630-2027-local"].status == MATCH


def test_decline_against_2023_plan(table):
    # Seed 004: (186,5 - 170,8) / 186,5 = 8,418% -> prints 8,4, not the stated 8,5;
    # with the inputs' rounding the decline reaches 1 - 170,75/186,55 = 8,470% >= 8,45.
    row = table.loc["mb28-2024-ke-hoach-giam-so-2023"]
    assert abs(row.computed - 8.418) < 0.0005 and row.status == MATCH_ROUNDING


def test_region_sum_and_shares(table):
    # 71,5 + 99,2 = 170,7 against the stated 170,8: within [170,6; 170,8] once rounded inputs are widened.
    row = table.loc["mb28-2024-tong-bang-hai-nguon"]
    assert abs(row.computed - 170.7) < 1e-9 and row.status == MATCH_ROUNDING
    # 71,5 / 170,8 = 41,86% -> 41,9%; 99,2 / 170,8 = 58,08% -> 58,1%
    assert table.loc["mb28-2024-ty-trong-kcqg"].status == MATCH
    assert table.loc["mb28-2024-ty-trong-kcdp"].status == MATCH


def test_average_growth(table):
    # (1 + 0,203)^(1/5) - 1 = 3,77% -> 3,8%
    row = table.loc["sl-2016-2020-tang-truong-binh-quan"]
    assert abs(row.computed - 3.7655) < 0.001 and row.status == MATCH


def test_figure_without_base_is_unverifiable(table):
    # "cao hơn 10,25% so với cùng kỳ": the article gives no figure for the same period of 2023.
    assert table.loc["mb28-2024-6t-so-cung-ky"].status == UNVERIFIABLE


def test_summary_counts_every_class(table):
    counts = summary(table.reset_index())
    assert set(counts) == {MATCH, MATCH_ROUNDING, MISMATCH, UNVERIFIABLE}
    assert sum(counts.values()) == len(table)


def test_classify_mismatch():
    # 41,9 stated, recomputed 45 from exact inputs: no rounding explains it.
    assert classify(41.9, 1, Interval.exact(45.0)) == MISMATCH
    assert classify(41.9, 1, Interval.exact(41.86)) == MATCH


def test_interval_arithmetic():
    a = Interval.printed(71.5)  # [71,45; 71,55]
    b = Interval.printed(99.2)  # [99,15; 99,25]
    s = a + b
    assert abs(s.lo - 170.6) < 1e-9 and abs(s.hi - 170.8) < 1e-9
    q = a / Interval.printed(170.8)
    assert q.lo < 71.5 / 170.8 < q.hi


def test_changed_stated_value_becomes_mismatch(data_copy):
    from khuyencong.inputs.dataset import load_dataset

    path = data_copy / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [
        ln.replace(",41.9,", ",45.0,") if ln.startswith("mb28-2024-ty-trong-kcqg,") else ln
        for ln in lines
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = reconcile(load_dataset(data_copy)).set_index("claim_id")
    assert t.loc["mb28-2024-ty-trong-kcqg"].status == MISMATCH


@pytest.mark.parametrize("formula", ["__import__('os')", "open('x')", "ind.__class__", "[1, 2]"])
def test_formulas_are_not_executed_as_code(dataset, formula):
    with pytest.raises(FormulaError) as info:
        Evaluator(dataset).evaluate(formula)
    assert isinstance(info.value, KhuyenCongError)


def test_claims_are_scoped_to_the_periods_an_edition_presents(dataset):
    """data/claims.csv by (entity, period): region 2023–2024 (1) and 2024 (10), Sơn La 2015–2020
    (1, the previous-period chapter), 2025 (1, the award round), 2026 (2), 2026–2030 (57) and
    2027…2030 (2 each, 8): 1 + 10 + 1 + 1 + 2 + 57 + 8 = 80. The 2025 edition presents 2025, the
    2026–2030 programme, 2016–2020 and the region's 2024: all 80. The 2026 edition presents
    2026–2030, still 2016–2020 (the last review before 2026) and the region's 2024, but not
    2025: 80 − 1 = 79, and the period is a column of the table."""
    from khuyencong.figures.reconcile import claims_for, reconcile

    c25 = claims_for(dataset, "son-la", 2025)
    c26 = claims_for(dataset, "son-la", 2026)
    assert (len(c25), len(c26)) == (80, 79)
    award = (c25["period_start"] == 2025) & (c25["period_end"] == 2025)
    assert award.sum() == 1
    assert not ((c26["period_start"] == 2025) & (c26["period_end"] == 2025)).any()
    periods = set(reconcile(dataset, c26)["period"])
    assert {"2024", "2023–2024", "2015–2020", "2026–2030", "2027"} <= periods
    assert "2025" not in periods
