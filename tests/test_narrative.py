"""Sentences computed from the data: every figure in them checked against the seeds by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from khuyencong.figures import metrics as m
from khuyencong.figures.narrative import award_sentence, behind_plan_signals, funding_signals


def totals(allocated, disbursed, national_allocated):
    return {
        "allocated": allocated,
        "disbursed": disbursed,
        "unspent": allocated - disbursed,
        "tasks": 1,
        "rate": m.execution_rate(allocated, disbursed),
        "national_allocated": national_allocated,
        "local_allocated": allocated - national_allocated,
    }


def test_funding_signals_son_la_2025(dataset):
    out = funding_signals(m.funding_totals(dataset.funding, "son-la", 2025), 2025)
    # seed 000: no national money; 1.605 of 1.905 spent (84,3 %), 1.905 - 1.605 = 300 left
    assert out == [
        "Năm 2025 tỉnh không được giao kinh phí khuyến công quốc gia; toàn bộ hoạt động dựa vào "
        "kinh phí khuyến công địa phương.",
        "Kinh phí đã thực hiện 1.605 triệu đồng trên tổng 1.905 triệu đồng được giao (đạt 84,3%), "
        "thấp hơn kinh phí được giao 300 triệu đồng.",
    ]


def test_no_signal_when_everything_was_spent_with_national_money():
    assert funding_signals(totals(1000, 1000, 400), 2026) == []


def test_only_the_unspent_signal():
    out = funding_signals(totals(2500.5, 1000, 500), 2026)
    assert len(out) == 1
    # 2.500,5 rounds half up to 2.501; 1.000 / 2.500,5 = 39,99… % → 40,0 %; 1.500,5 → 1.501
    assert "trên tổng 2.501 triệu đồng" in out[0]
    assert "(đạt 40,0%)" in out[0]
    assert "thấp hơn kinh phí được giao 1.501 triệu đồng" in out[0]


def test_no_unspent_signal_without_allocation():
    # nothing allocated at all: no rate, so no "chưa thực hiện hết" sentence
    out = funding_signals(totals(0, 0, 0), 2026)
    assert out == [
        "Năm 2026 tỉnh không được giao kinh phí khuyến công quốc gia; toàn bộ hoạt động dựa vào "
        "kinh phí khuyến công địa phương."
    ]


def test_overspending_is_not_reported_as_unspent():
    assert funding_signals(totals(1000, 1200, 500), 2026) == []


def test_behind_plan_signals():
    comparison = pd.DataFrame(
        {
            "activity_name": ["Máy móc thiết bị", "Nhãn hiệu", "Bao bì"],
            "unit": ["Cơ sở", "Nhãn hiệu", "Cơ sở"],
            "quantity_planned": [3.0, 10.0, 5.0],
            "quantity_actual": [2.0, 10.0, 6.0],
        }
    )
    before = comparison.copy(deep=True)
    out = behind_plan_signals(comparison, 2026)
    pd.testing.assert_frame_equal(comparison, before)
    # only the first row is below plan (2 < 3); 10 = 10 and 6 > 5 are not
    assert out == [
        "Máy móc thiết bị: thực hiện 02 Cơ sở, thấp hơn kế hoạch năm 2026 của chương trình "
        "(03 Cơ sở)."
    ]


def test_behind_plan_signals_with_nothing_planned():
    empty = pd.DataFrame(columns=["activity_name", "unit", "quantity_planned", "quantity_actual"])
    assert behind_plan_signals(empty, 2026) == []


def test_award_sentence_son_la_2025():
    # seed 000: 71 hồ sơ của 34 đơn vị; 67/71 đủ điều kiện; 30 sản phẩm được công nhận
    rates = m.award_rates(71, 67, 30)
    s = award_sentence(71, 34, 67, 30, rates)
    assert s == (
        "71 hồ sơ của 34 đơn vị đăng ký, 67 hồ sơ đủ điều kiện (94,4%), 30 sản phẩm được công nhận "
        "(44,8% số hồ sơ đủ điều kiện)."
    )


def test_award_sentence_formats_thousands():
    rates = {"eligible_of_dossiers": 100 * 1500 / 2000, "recognised_of_eligible": 100 * 1 / 8}
    s = award_sentence(2000, 1200, 1500, 1000, rates)
    assert s.startswith("2.000 hồ sơ của 1.200 đơn vị đăng ký, 1.500 hồ sơ đủ điều kiện (75,0%)")
    assert "(12,5% số hồ sơ đủ điều kiện)" in s


def test_award_sentence_needs_the_rates():
    with pytest.raises(KeyError):
        award_sentence(71, 34, 67, 30, {})
