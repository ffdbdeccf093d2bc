"""Vietnamese number formatting: `.` between thousands, `,` before decimals, rounding half up."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from khuyencong.figures.formatting import (
    fmt_auto,
    fmt_date,
    fmt_money,
    fmt_number,
    fmt_optional,
    fmt_percent,
    fmt_qualified,
    fmt_ty,
    round_down,
    round_half_up,
)

# --- rounding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        # Seed 003, Phụ lục: local 2027 = 3.562,5 is printed 3.563 (Python's round() gives 3562).
        (3562.5, 0, Decimal("3563")),
        (2.5, 0, Decimal("3")),  # round(2.5) == 2 in Python: half to even
        (0.5, 0, Decimal("1")),
        (84.25, 1, Decimal("84.3")),
        (0.125, 2, Decimal("0.13")),
        # 2.675 is 2.67499999… as a binary float; the written value 2.675 rounds up.
        (2.675, 2, Decimal("2.68")),
        (-2.5, 0, Decimal("-3")),  # half away from zero
        (1905, 0, Decimal("1905")),
    ],
)
def test_round_half_up(value, decimals, expected):
    assert round_half_up(value, decimals) == expected


def test_round_half_up_differs_from_python_round():
    # The reason the function exists: Python rounds 3562.5 and 2.5 to the even neighbour.
    assert round(3562.5) == 3562 and round(2.5) == 2
    assert round_half_up(3562.5) == 3563 and round_half_up(2.5) == 3


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (3562.5, 0, "3.563"),  # seed 003 prints 3.563 for 3.562,5
        (2.5, 0, "3"),
        (0.125, 2, "0,13"),
        (1905, 0, "1.905"),  # seed 000: "1.905 triệu đồng"
        (1605, 0, "1.605"),
        (25965, 0, "25.965"),  # seed 003: "25.965 triệu đồng"
        (7530 + 18435, 0, "25.965"),
        (1234567.891, 2, "1.234.567,89"),
        (62.5, 1, "62,5"),
        (170.8, 1, "170,8"),
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (7.7, 1, "7,7"),
        (-8.418, 1, "-8,4"),
        (Decimal("4757.5"), 0, "4.758"),  # seed 003, local 2028: 4.757,5 → 4.758
    ],
)
def test_fmt_number(value, decimals, expected):
    assert fmt_number(value, decimals) == expected


def test_fmt_number_keeps_trailing_zeros_when_decimals_asked():
    assert fmt_number(84, 1) == "84,0"
    assert fmt_number(2, 2) == "2,00"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (84.25, 1, "84,3%"),
        # seed 000: 1.605 of 1.905 triệu đồng spent → 84,25…%
        (100 * 1605 / 1905, 1, "84,3%"),
        # seed 004: 71,5 of 170,8 tỷ đồng → 41,9%; 99,2 of 170,8 → 58,1%
        (100 * 71.5 / 170.8, 1, "41,9%"),
        (100 * 99.2 / 170.8, 1, "58,1%"),
        (49, 0, "49%"),
        (10.25, 2, "10,25%"),
        (-8.418, 1, "-8,4%"),
    ],
)
def test_fmt_percent(value, decimals, expected):
    assert fmt_percent(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA])
def test_fmt_percent_missing_is_a_dash(missing):
    assert fmt_percent(missing) == "—"
    assert fmt_percent(missing, missing="n/a") == "n/a"


def test_fmt_money_and_ty():
    assert fmt_money(1905) == "1.905 triệu đồng"
    assert fmt_money(62.5, 1) == "62,5 triệu đồng"
    assert fmt_money(3562.5) == "3.563 triệu đồng"
    assert fmt_ty(170.8) == "170,8 tỷ đồng"
    assert fmt_ty(7.7) == "7,7 tỷ đồng"
    assert fmt_ty(202.3) == "202,3 tỷ đồng"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.54, "1,5 tỷ đồng"),  # seed 001: more than 7,7 ÷ 5 = 1,54 a year
        (1.56, "1,5 tỷ đồng"),  # more than 1,56 is not "more than 1,6": rounded down
        (1.5, "1,5 tỷ đồng"),
        (1.599, "1,5 tỷ đồng"),
        (2.0, "2,0 tỷ đồng"),
    ],
)
def test_fmt_ty_of_a_lower_bound_rounds_down(value, expected):
    assert fmt_ty(value, lower_bound=True) == expected
    assert fmt_qualified(fmt_ty(value, lower_bound=True), "at_least") == "hơn " + expected


def test_round_down_and_half_up_part_at_the_half():
    assert round_down(1.56, 1) == Decimal("1.5") and round_half_up(1.56, 1) == Decimal("1.6")
    assert round_down(1905, 0) == Decimal("1905")
    assert fmt_number(1.905, 1) == "1,9" and fmt_number(1.96, 1, lower_bound=True) == "1,9"


# --- fmt_auto: as many decimals as the value needs --------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (62.5, "62,5"),  # seed 003: đoàn khảo sát trong nước, 62.5 per year
        (2075, "2.075"),  # seed 003: local 2026 total
        (2075.0, "2.075"),
        (2000, "2.000"),  # trailing zeros of an integer are kept
        (3562.5, "3.562,5"),
        (0.125, "0,13"),  # capped at 2 decimals, half up
        (1 / 3, "0,33"),
        (5000, "5.000"),
        (0, "0"),
    ],
)
def test_fmt_auto(value, expected):
    assert fmt_auto(value) == expected


def test_fmt_auto_max_decimals():
    assert fmt_auto(84.25196850393701, max_decimals=1) == "84,3"
    assert fmt_auto(84.25196850393701, max_decimals=3) == "84,252"


# --- optional values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "missing", [None, float("nan"), math.nan, np.nan, pd.NA, np.float64("nan")]
)
def test_fmt_optional_missing(missing):
    assert fmt_optional(missing) == "—"


def test_fmt_optional_custom_dash():
    assert fmt_optional(None, missing="") == ""


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1905, 0, "1.905"), (0, 0, "0"), (62.5, 1, "62,5"), (np.int64(300), 0, "300")],
)
def test_fmt_optional_present(value, decimals, expected):
    # 0 is a value, not a missing one (data contract: "Số 0 được ghi rõ là 0").
    assert fmt_optional(value, decimals) == expected


def test_fmt_optional_on_a_nullable_column():
    column = pd.array([1905, None, 0], dtype="Float64")
    assert [fmt_optional(v) for v in column] == ["1.905", "—", "0"]


# --- qualifiers and dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        ("at_least", "hơn 7,7 tỷ đồng"),  # seed 001: "hơn 7,7 tỷ đồng" is a lower bound
        ("estimated", "ước 7,7 tỷ đồng"),
        ("planned", "7,7 tỷ đồng"),
        ("exact", "7,7 tỷ đồng"),
        ("unknown-kind", "7,7 tỷ đồng"),
    ],
)
def test_fmt_qualified(qualifier, expected):
    assert fmt_qualified("7,7 tỷ đồng", qualifier) == expected


def test_fmt_qualified_composes_with_fmt_ty():
    assert fmt_qualified(fmt_ty(18.5), "at_least") == "hơn 18,5 tỷ đồng"


@pytest.mark.parametrize(
    "value",
    [
        "2026-05-11",  # seed 003: Quyết định 1113/QĐ-UBND of 11 May 2026
        datetime.date(2026, 5, 11),
        datetime.datetime(2026, 5, 11, 10, 20),
    ],
)
def test_fmt_date(value):
    assert fmt_date(value) == "11/5/2026"  # one date format for the whole edition


def test_fmt_date_has_no_leading_zeros():
    assert fmt_date("2021-07-22") == "22/7/2021"  # seed 001
    assert fmt_date("2025-01-02") == "2/1/2025"


def test_fmt_date_refuses_non_iso():
    with pytest.raises(ValueError):
        fmt_date("11/05/2026")


# Report conventions (Nghị định 30/2020/NĐ-CP as the seeds apply it) -------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (6, "06"),  # seed 000: "06 nhiệm vụ"
        (2.0, "02"),  # seed 000: "02 cơ sở"
        (9, "09"),
        (10, "10"),
        (71, "71"),  # seed 000: 71 hồ sơ
        (0, "0"),
        (1905, "1.905"),
        (2.5, "2,5"),
    ],
)
def test_fmt_count_leading_zero_below_ten(value, expected):
    from khuyencong.figures.formatting import fmt_count

    assert fmt_count(value) == expected


def test_report_figures_by_hand():
    from khuyencong.figures.formatting import fmt_count

    # 1.605 / 1.905 = 0,84251… -> 84,3% (seed 000: kinh phí đã thực hiện trên được giao)
    assert fmt_number(1905) == "1.905" and fmt_number(1605) == "1.605"
    assert fmt_percent(100 * 1605 / 1905) == "84,3%"
    assert fmt_count(6) + " nhiệm vụ" == "06 nhiệm vụ"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-05-11", "11/5/2026"),
        (datetime.date(2025, 4, 29), "29/4/2025"),
        ("2026-12-20", "20/12/2026"),
    ],
)
def test_fmt_day_has_no_leading_zeros(value, expected):
    from khuyencong.figures.formatting import fmt_day

    assert fmt_day(value) == expected


def test_en_dash_ranges():
    from khuyencong.figures.formatting import en_dash_ranges

    assert en_dash_ranges("giai đoạn 2026 - 2030") == "giai đoạn 2026–2030"
    assert en_dash_ranges("2016-2020 và 2021 -2025") == "2016–2020 và 2021–2025"
    assert (
        en_dash_ranges("công nghiệp - tiểu thủ công nghiệp") == "công nghiệp - tiểu thủ công nghiệp"
    )
