"""Consistency rules on a made-up 2026 for Sơn La; every expected value worked out by hand.

The 2026 plan (seed 003, Phụ lục): machinery 1 national (300 triệu đồng) + 2 local (600);
trademarks 10 local (350); energy-saving outreach 4 local (200); ... (ten activities in all).
"""

from __future__ import annotations

import pandas as pd
import pytest
from filling import with_explanations

from khuyencong.content.chapters import reconciliation, results
from khuyencong.errors import DataValidationError, ReconciliationError
from khuyencong.figures import metrics as m
from khuyencong.figures.reconcile import claims_for
from khuyencong.figures.rules import (
    FAIL,
    NOT_APPLICABLE,
    PASS,
    UNVERIFIABLE,
    check_rules,
    plan_comparison,
    same_unit,
)
from khuyencong.inputs.dataset import load_dataset
from khuyencong.pipeline.build import check_claims
from tools import glued

HEAD = "entity,period_start,period_end,activity,fund_source,quantity,unit,budget,qualifier,source_id,note"


def year_2026(
    data_dir, results_rows, funding=((300, 300, 1), (2000, 950, 2)), awards=None, explain=""
):
    """Append 2026 rows; funding as (allocated, disbursed, tasks) for national then local.

    An overspent source gets a note; `explain` is its giải trình (explanation column)."""
    with_explanations(data_dir, "funding.csv")
    with (data_dir / "funding.csv").open("a", encoding="utf-8") as f:
        for source, (alloc, spent, tasks) in zip(("national", "local"), funding, strict=True):
            note = "Vượt do bổ sung trong năm." if spent > alloc else ""
            why = explain if spent > alloc else ""
            f.write(f"son-la,2026,{source},{alloc},{spent},{tasks},authored,{note},{why}\n")
    with (data_dir / "results.csv").open("a", encoding="utf-8") as f:
        for row in results_rows:
            f.write(f"son-la,2026,2026,{row}\n")
    if awards:
        with (data_dir / "awards.csv").open("a", encoding="utf-8") as f:
            f.write(f"son-la,2026,tinh,{awards},authored\n")
    (data_dir / "texts" / "son-la" / "2026.yaml").write_text(
        "source_id: authored\nlimitations: [Hạn chế]\npriorities: [Ưu tiên]\n", encoding="utf-8"
    )
    return load_dataset(data_dir)


BALANCED = [
    "may-moc-thiet-bi,national,1,cơ sở,300,exact,authored,",
    "may-moc-thiet-bi,local,2,cơ sở,600,exact,authored,",
    "nhan-hieu,local,8,nhãn hiệu,350,exact,authored,",
]


def by_code(data, year=2026, province="son-la"):
    return {r.code: r for r in check_rules(data, province, year)}


def test_results_by_source_add_up(data_copy):
    data = year_2026(data_copy, BALANCED)
    rule = by_code(data)["QT1"]
    # national 300 = 300; local 600 + 350 = 950 = 950; total 1.250 = 300 + 950
    assert rule.status == PASS
    assert any("Khuyến công địa phương" in d and "950" in d for d in rule.details)
    assert any("Tổng các nguồn" in d and "1.250" in d for d in rule.details)


def test_budgets_against_disbursed_mismatch_is_flagged(data_copy):
    # Local budgets 600 + 350 + 1.210 = 2.160 against 2.200 disbursed: 40 short.
    rows = [*BALANCED, "tuyen-truyen-nang-luong,local,4,hội nghị,1210,exact,authored,"]
    data = year_2026(data_copy, rows, funding=((300, 300, 1), (2500, 2200, 4)))
    rule = by_code(data)["QT1"]
    assert rule.status == FAIL
    assert any("2.160" in d and "2.200" in d and "chênh -40" in d for d in rule.details)
    problem = rule.problems[0]
    assert (problem.file, problem.column, problem.found, problem.expected) == (
        "funding.csv",
        "disbursed",
        "2.160",
        "2.200",
    )


def test_planned_row_is_flagged_by_name_and_not_counted(data_copy):
    rows = [*BALANCED[:2], "nhan-hieu,local,10,nhãn hiệu,350,planned,seed-003,"]
    data = year_2026(data_copy, rows)
    rule = by_code(data)["QT4"]
    assert rule.status == FAIL
    assert "Hỗ trợ xây dựng và đăng ký nhãn hiệu sản phẩm công nghiệp nông thôn" in rule.details[0]
    cmp = plan_comparison(data, "son-la", 2026).set_index(["activity", "fund_source"])
    # Planned 10, nothing done: the planned row is not an achievement.
    assert cmp.loc[("nhan-hieu", "local"), "actual"] == 0
    assert cmp.loc[("nhan-hieu", "local"), "gap"] == -10


def test_unit_mismatch_is_flagged(data_copy):
    rows = [*BALANCED[:2], "nhan-hieu,local,8,cơ sở,350,exact,authored,"]
    data = year_2026(data_copy, rows)
    rule = by_code(data)["QT3"]
    assert rule.status == FAIL
    assert "“cơ sở”" in rule.details[0] and "“Nhãn hiệu”" in rule.details[0]
    ch = results.build(data, "son-la", 2026)
    table = glued(ch)["tbl_plan"].replace("\\", "")
    assert "không so sánh được" in table
    assert "80,0%" not in table  # never 8 cơ sở against 10 nhãn hiệu


def test_units_compare_after_nfc_and_case():
    import unicodedata

    assert same_unit("Cơ sở", "cơ sở")
    assert same_unit(unicodedata.normalize("NFD", "Nhãn hiệu"), "nhãn hiệu ")
    assert not same_unit("trường", "Hội nghị")


def test_tasks_against_listed_activities(data_copy):
    # 1 + 2 = 3 tasks; 2 distinct activities listed (machinery, trademarks).
    data = year_2026(data_copy, BALANCED)
    rule = by_code(data)["QT2"]
    # Without a task register, 3 tasks for 2 contents cannot be verified (one task may cover
    # two contents): reported, never failed.
    assert (
        rule.status == UNVERIFIABLE
        and "3 nhiệm vụ" in rule.details[0]
        and "2 nội dung" in rule.details[0]
    )
    # Sơn La 2025: 06 tasks, 4 activities listed in seed 000.
    assert "6 nhiệm vụ" in by_code(load_dataset(data_copy), 2025)["QT2"].details[0]


def test_shortfalls_against_plan_are_shown(data_copy):
    data = year_2026(data_copy, BALANCED)
    rule = by_code(data)["QT5"]
    assert rule.status == FAIL
    text = " ".join(rule.details)
    # Trademarks 8 of 10: 2 short; machinery done as planned (1 + 2) is not listed.
    assert "thực hiện 8/10 nhãn hiệu, thấp hơn kế hoạch 2 nhãn hiệu" in text
    assert "ứng dụng máy móc" not in text


def test_awards_zero_eligible_and_order(data_copy):
    data = year_2026(data_copy, BALANCED, awards="5,3,0,0")
    assert by_code(data)["QT6"].status == PASS
    rates = m.award_rates(5, 0, 0)
    assert rates["recognised_of_eligible"] is None and rates["eligible_of_dossiers"] == 0.0
    ch = results.build(data, "son-la", 2026)  # no ZeroDivisionError
    assert "0 sản phẩm được công nhận" in glued(ch)["awards_sentence"]
    assert "—" not in glued(ch)["awards_sentence"]


def test_awards_more_eligible_than_registered(data_copy):
    data = year_2026(data_copy, BALANCED, awards="10,5,12,3")
    rule = by_code(data)["QT6"]
    assert rule.status == FAIL and rule.problems[0].column == "eligible"


def test_overspending_needs_its_explanation_not_a_note(data_copy):
    # Local: allocated 2.000, spent 2.595 with a note only: QT7 is not satisfied by a note.
    data = year_2026(data_copy, BALANCED, funding=((300, 300, 1), (2000, 2595, 2)))
    rule = by_code(data)["QT7"]
    assert rule.status == FAIL
    # 2595 - 2000 = 595 over; 2595 / 2000 = 129,75% -> 129,8%
    assert "vượt kinh phí được giao 595 triệu đồng, đạt 129,8%" in rule.failures[0]
    assert (rule.problems[0].file, rule.problems[0].column) == ("funding.csv", "disbursed")


def test_overspending_with_an_explanation_is_never_negative(data_copy):
    # Local: allocated 2.000, spent 2.595 (explained): 595 over, nothing unspent.
    data = year_2026(
        data_copy,
        BALANCED,
        funding=((300, 300, 1), (2000, 2595, 2)),
        explain="QT7: Bổ sung kinh phí theo quyết định của UBND tỉnh.",
    )
    ch = results.build(data, "son-la", 2026)
    unspent = glued(ch)["funding_sentence"].split("kinh phí đã thực hiện: ")[1]
    assert unspent.startswith("0 triệu đồng")
    assert "vượt kinh phí được giao 595 triệu đồng" in unspent
    assert "-" not in unspent
    assert by_code(data)["QT7"].status == PASS


def test_no_plan_means_not_applicable(dataset):
    assert by_code(dataset, 2025)["QT5"].status == NOT_APPLICABLE


def test_2026_chapter_differs_from_2025_and_catches_a_typo(data_copy):
    # Local disbursed typed 9.500 instead of 950: budgets 950 against 9.500.
    data = year_2026(data_copy, BALANCED, funding=((300, 300, 1), (10000, 9500, 2)))
    ch25 = reconciliation.build(data, "son-la", 2025)
    ch26 = reconciliation.build(data, "son-la", 2026)
    assert glued(ch25)["tbl_rules"] != glued(ch26)["tbl_rules"]
    table = glued(ch26)["tbl_rules"].replace("\\", "")
    assert "950" in table and "9.500" in table and "chênh -8.550" in table
    with pytest.raises(ReconciliationError) as info:
        check_claims(data, "son-la", 2026)
    assert info.value.exit_code == 3 and "QT1" in str(info.value)


def test_made_up_province_shows_none_of_son_la_claims(data_copy):
    with (data_copy / "entities.csv").open("a", encoding="utf-8") as f:
        f.write("tinh-thu,province,,Tỉnh thử,,,,authored\n")
        f.write("tinh-thu-vung,province,mien-bac-28,Tỉnh thử trong vùng,,,,authored\n")
    data = load_dataset(data_copy)
    assert claims_for(data, "tinh-thu", 2026).empty
    # In the northern region: only the region's 11 claims of seed 004, none of Sơn La's.
    in_region = claims_for(data, "tinh-thu-vung", 2026)
    assert len(in_region) == 11 and set(in_region["entity"]) == {"mien-bac-28"}
    ch = reconciliation.build(data, "tinh-thu", 2026)
    assert glued(ch)["n_claims"] == "0" and "tbl_claims" not in glued(ch)  # left out, not empty


def test_figures_in_prose_are_refused_at_their_line(data_copy):
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "solutions:\n  - Giữ nguyên.\n  - Tỷ lệ giải ngân đạt 92,6%, tổng kinh phí 2.200 triệu đồng.\n",
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    text = str(info.value)
    assert f"texts/son-la/2025.yaml:{len(lines)}: solutions — lời văn có số liệu" in text
    assert "92,6%, 2.200 triệu đồng" in text


def test_strict_build_exits_3_on_a_broken_rule(data_copy):
    from click.testing import CliRunner

    from khuyencong.cli.commands import main

    year_2026(data_copy, [*BALANCED[:2], "nhan-hieu,local,8,cơ sở,350,exact,authored,"])
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--province",
            "son-la",
            "--year",
            "2026",
            "--data-dir",
            str(data_copy),
            "--strict",
        ],
    )
    assert result.exit_code == 3, result.output
    assert "QT3" in result.output


@pytest.fixture
def filled(data_copy, tmp_path):
    from openpyxl import load_workbook
    from test_workbook import fill_2026

    from khuyencong.inputs.workbook import write_template

    path, _ = write_template(data_copy, "son-la", 2026, tmp_path / "son-la-2026.xlsx")
    fill_2026(path)
    return path, load_workbook(path)


def test_import_refuses_figures_in_prose_at_sheet_row_column(filled, data_copy):
    from khuyencong.errors import WorkbookError
    from khuyencong.pipeline.importing import import_workbook

    path, wb = filled
    # Row 6 is the second paragraph of "Kết quả đạt được" (rows 3 source, 4 policy, 5 result).
    wb["Văn bản"]["B6"] = "Tỷ lệ giải ngân đạt 92,6%, tổng kinh phí 2.200 triệu đồng."
    wb.save(path)
    before = (data_copy / "results.csv").read_bytes()
    with pytest.raises(WorkbookError) as info:
        import_workbook(path, data_copy)
    assert "Văn bản:6: Kết quả đạt được — lời văn có số liệu" in str(info.value)
    assert (data_copy / "results.csv").read_bytes() == before


@pytest.mark.slow  # a workbook round trip or a whole command
def test_import_applies_the_rules_of_build(filled, data_copy):
    from khuyencong.errors import WorkbookError
    from khuyencong.pipeline.importing import import_workbook

    path, wb = filled
    wb["Kết quả"]["F4"] = "planned"  # the trademarks row (Excel row 4) left as planned
    assert wb["Kết quả"]["F2"].value == "Mức độ chắc chắn"
    wb.save(path)
    with pytest.raises(WorkbookError) as info:
        import_workbook(path, data_copy, strict=True)
    assert "Kết quả:4: Mức độ chắc chắn — QT4: năm báo cáo còn dòng kế hoạch" in str(info.value)
    assert info.value.exit_code == 3  # as build --strict
    report = import_workbook(path, data_copy)  # without --strict: imported, with warnings
    assert any(p.file == "Kết quả" and p.row == 4 for p in report.warnings)


def test_carry_over_with_no_result_yet(data_copy):
    from khuyencong.figures.carryover import carry_over

    data = year_2026(data_copy, [])
    table = carry_over(data, "son-la", 2026).set_index(["activity", "fund_source"])
    # Nothing done in 2026: trademarks 10 short + 10 planned for 2027 = 20; machinery national
    # 1 short + 2 planned = 3, local 2 short + 3 planned = 5.
    assert table.loc[("nhan-hieu", "local"), "needed"] == 20
    assert table.loc[("may-moc-thiet-bi", "national"), "needed"] == 3
    assert table.loc[("may-moc-thiet-bi", "local"), "needed"] == 5


class _Plan2030:
    """A made-up province `t` for 2030 with four activities, small enough to work out by hand."""

    activities = pd.DataFrame(
        {
            "activity": ["a", "b", "c", "d"],
            "name_vi": ["A", "B", "C", "D"],
            "unit_vi": ["cơ sở", "hội nghị", "bộ", "lớp"],
            "group": [1, 1, 0, 1],
            "row": [2, 1, None, 3],
        }
    )
    results = pd.DataFrame(
        [
            # entity, start, end, activity, fund_source, quantity, unit, budget, qualifier, note
            ("t", 2030, 2030, "a", "national", 2, "cơ sở", 18.0, "exact", None),
            ("t", 2030, 2030, "a", "local", 1, "cơ sở", None, "exact", None),
            ("t", 2030, 2030, "a", "local", 1, "cơ sở", 5.0, "planned", None),
            ("t", 2030, 2030, "b", "all", 4, "Hội nghị", 25.0, "estimated", "lý do"),
            ("t", 2030, 2030, "c", "local", 5, "cái", 7.0, "exact", None),
            ("t", 2029, 2029, "a", "local", 9, "cơ sở", 9.0, "exact", None),  # another year
        ],
        columns=HEAD.replace("source_id,", "").split(","),
    ).assign(explanation=lambda t: "QT5: " + t["note"])  # b's "lý do" as its giải trình

    def programme_covering(self, province, year):
        # The programme's first year: nothing carried from earlier years.
        return {"id": "p", "period_start": 2030} if (province, year) == ("t", 2030) else None

    def plan(self, programme_id):
        return pd.DataFrame(
            [
                ("a", 2030, "national", 2, 20.0),
                ("a", 2030, "local", 3, 30.0),
                ("b", 2030, "national", 1, 10.0),
                ("b", 2030, "local", 2, 20.0),
                ("d", 2030, "national", 0, 0.0),  # nothing planned, nothing done: no row
                ("a", 2031, "local", 8, 80.0),  # another year
            ],
            columns=["activity", "year", "fund_source", "quantity", "budget"],
        )


def test_plan_comparison_by_hand():
    cmp = plan_comparison(_Plan2030(), "t", 2030)
    cols = ["activity", "fund_source", "planned", "actual", "gap", "comparable", "explained"]
    assert [tuple(r) for r in cmp[cols].itertuples(index=False)] == [
        # group 0 first: c done in another unit (cái, not bộ), never planned.
        ("c", "local", 0.0, 5.0, 5.0, False, False),
        # group 1, appendix row 1: b pooled (all): planned 1 + 2 = 3, done 4 (unit case aside).
        ("b", "all", 3.0, 4.0, 1.0, True, True),
        # row 2: a national as planned; a local 1 done of 3 (the planned row does not count).
        ("a", "national", 2.0, 2.0, 0.0, True, False),
        ("a", "local", 3.0, 1.0, -2.0, True, False),
    ]
    assert cmp["budget_planned"].tolist() == [0.0, 30.0, 20.0, 30.0]
    # a local: the one done row has no budget, so the done budget is unknown, not 0.
    assert cmp["budget_actual"].tolist()[:3] == [7.0, 25.0, 18.0]
    assert cmp["budget_actual"].isna().tolist() == [False, False, False, True]
    assert plan_comparison(_Plan2030(), "t", 2031).empty  # no programme covers it


def test_tasks_against_a_register(data_copy):
    from khuyencong.figures.rules import RuleResult
    from khuyencong.figures.rules.funding import tasks

    data = year_2026(data_copy, BALANCED)  # 1 + 2 = 3 tasks, 2 contents listed

    def outcome(register):
        res = RuleResult("QT2", "", "")
        tasks(res, data, "son-la", 2026, register)
        return res

    # A register of three tasks (one covers two contents) verifies 3; one of two does not.
    assert outcome(pd.DataFrame({"task": ["a", "b", "c"]})).status == PASS
    failed = outcome(pd.DataFrame({"task": ["a", "b"]}))
    assert failed.status == FAIL and "Danh mục nhiệm vụ có 2 nhiệm vụ" in failed.details[0]
    assert outcome(None).status == UNVERIFIABLE


@pytest.mark.slow  # a workbook round trip or a whole command
def test_tasks_read_the_years_register_from_tasks_csv(data_copy):
    from filling import fill_lists_2025

    def qt2():
        return next(
            r for r in check_rules(load_dataset(data_copy), "son-la", 2025) if r.code == "QT2"
        )

    # Seed 000: 06 tasks, 04 contents listed; no register for 2025: not verifiable.
    assert qt2().status == UNVERIFIABLE
    # The made-up register lists six tasks: 6 = 6, verified.
    fill_lists_2025(data_copy)
    assert qt2().status == PASS and "Danh mục nhiệm vụ có 6 nhiệm vụ" in qt2().details[0]
    # One task left out of the register: 6 counted, 5 listed, a failure (no longer unverifiable).
    path = data_copy / "tasks.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if ",ĐP-06," not in line) + "\n", "utf-8")
    assert qt2().status == FAIL and "Danh mục nhiệm vụ có 5 nhiệm vụ" in qt2().details[0]
