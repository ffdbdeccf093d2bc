"""Plausibility rules, drafts by default, rules that agree: a made-up Sơn La 2026 (and 2027)
entered through the Excel workbook as an author would, then mistyped.

The 2026 plan (seed 003, Phụ lục) is done as planned, except 8 of 10 trademarks (explained,
"QT5: …") and the display room (planned 1), recorded the documented way as not carried out: a
zero row with its reason. Local: 2.075 allocated, 1.755 spent; national 300 of 300. Tasks
1 + 8 = 9 = the nine contents done (machinery has two rows, one per source). Trademarks: 10 a
year over 2026–2030, 50 in all, 350 triệu đồng for 10 (35 triệu đồng each).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from filling import fill_2026, funding_rows, set_rows, set_texts
from openpyxl import load_workbook

from khuyencong.cli.commands import main
from khuyencong.content.chapters import limitations, results
from khuyencong.content.report import web
from khuyencong.content.report.content import build_report
from khuyencong.core.request import BuildRequest
from khuyencong.figures.rules import FAIL, PASS, check_rules, sheet_problems
from khuyencong.figures.rules.progress import shortfalls_into
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.scaffold import write_draft
from khuyencong.inputs.workbook import write_template
from khuyencong.outputs.word import write_docx
from khuyencong.pipeline.build import warn_rules
from khuyencong.pipeline.importing import import_workbook
from tools import glued

# Each test types a year into a workbook, imports it and builds its report: slow tier.
pytestmark = pytest.mark.slow

ROOM = "Chưa lựa chọn được địa điểm đặt phòng trưng bày."
SHORT = "QT5: Hai nhãn hiệu chưa hoàn thành hồ sơ đăng ký."
# activity, source, quantity, unit, budget, note, explanation
RESULTS = [
    ("may-moc-thiet-bi", "national", 1, "cơ sở", 300, None, None),
    ("may-moc-thiet-bi", "local", 2, "cơ sở", 600, None, None),
    ("phong-trung-bay", "local", 0, "phòng", 0, None, ROOM),
    ("trung-bay-tai-co-so-cap-tinh", "local", 5, "cơ sở", 150, None, None),
    ("ho-tro-tham-gia-hoi-cho", "local", 1, "hội chợ", 100, None, None),
    ("tham-gia-hoi-cho-quang-ba", "local", 1, "hội chợ", 100, None, None),
    ("nhan-hieu", "local", 8, "nhãn hiệu", 280, "Hai nhãn hiệu chưa hoàn thành hồ sơ.", SHORT),
    ("thiet-ke-mau-ma-bao-bi", "local", 5, "cơ sở", 175, None, None),
    ("tuyen-truyen-nang-luong", "local", 4, "hội nghị", 200, None, None),
    ("tham-du-hoi-nghi-tap-huan", "local", 1, "lượt", 50, None, None),
    ("kiem-tra-giam-sat", "local", 1, "xã/phường", 100, None, None),
]
KEYS = ("activity", "fund_source", "quantity", "unit", "budget", "note", "explanation")


def result_rows(rows, budgets=True):
    return [
        dict(zip(KEYS, r, strict=True))
        | {"qualifier": "exact", "source_id": "authored"}
        | ({} if budgets else {"budget": None})
        for r in rows
    ]


def enter(data: Path, tmp: Path, year: int, funding, rows, fill=None) -> Path:
    """Type a year into the workbook of `template` and import it."""
    path, _ = write_template(data, "son-la", year, tmp / f"son-la-{year}.xlsx", force=True)
    if fill:
        fill(path)
    wb = load_workbook(path)
    set_rows(wb["Kinh phí"], funding)
    set_rows(wb["Kết quả"], rows)
    wb.save(path)
    import_workbook(path, data)
    return path


def year_2026(data: Path, tmp: Path, local=(2075, 1755, 8), why=None, rows=RESULTS, budgets=True):
    funding = funding_rows(("national", 300, 300, 1), ("local", *local, "Số liệu thử."))
    funding[1]["explanation"] = why
    enter(data, tmp, 2026, funding, result_rows(rows, budgets), fill=fill_2026)
    return load_dataset(data)


def statuses(data, year=2026):
    return {r.code: r for r in check_rules(data, "son-la", year)}


def failed(data, year=2026):
    return {code for code, r in statuses(data, year).items() if r.status == FAIL}


def with_trademarks(quantity, explanation):
    return [(*r[:2], quantity, *r[3:6], explanation) if r[0] == "nhan-hieu" else r for r in RESULTS]


def test_the_made_up_year_passes_every_rule(data_copy, tmp_path):
    assert failed(year_2026(data_copy, tmp_path)) == set()
    assert not failed(year_2026(data_copy, tmp_path, budgets=False))


# --- a spending typed ten times too large -----------------------------------------------------


def test_spending_ten_times_too_large_fails_despite_its_note(data_copy, tmp_path):
    # Local spending 17.550 typed for 1.755 (the row keeps its note "Số liệu thử."); results
    # without budgets, so that only the funding rules speak.
    data = year_2026(data_copy, tmp_path, local=(2075, 17550, 8), budgets=False)
    rules = statuses(data)
    assert failed(data) == {"QT7", "QT9"}
    # 17.550 - 2.075 = 15.475 over; 17.550 / 2.075 = 845,78…% -> 845,8%
    assert rules["QT7"].failures == [
        "Khuyến công địa phương: thực hiện 17.550 triệu đồng, vượt kinh phí được giao "
        "15.475 triệu đồng, đạt 845,8% kinh phí được giao, chưa có giải trình."
    ]
    # 2025: 1.605 spent; (17.550 - 1.605) / 1.605 = 993,46…% -> tăng 993,5%
    assert rules["QT9"].failures == [
        "Khuyến công địa phương: kinh phí đã thực hiện 17.550 triệu đồng, năm 2025 là "
        "1.605 triệu đồng (tăng 993,5%), chưa có giải trình."
    ]
    # Named at the workbook's cell: sheet "Kinh phí", row 4 (national 3, local 4), its header.
    lines = [str(p) for p in sheet_problems(data, "son-la", 2026)]
    assert any(
        line.startswith("Kinh phí:4: Kinh phí đã thực hiện (triệu đồng) — QT7: ")
        and "ghi “QT7: lý do”" in line
        for line in lines
    ), lines
    assert not any("funding.csv" in line for line in lines)


def test_spending_explained_for_its_rules_passes(data_copy, tmp_path):
    why = "QT7, QT9: Bổ sung kinh phí đối ứng theo quyết định của UBND tỉnh."
    data = year_2026(data_copy, tmp_path, local=(2075, 17550, 8), why=why, budgets=False)
    assert failed(data) == set()
    assert "giải trình: Bổ sung kinh phí đối ứng" in " ".join(statuses(data)["QT7"].details)
    assert not build_report(data, "son-la", 2026).checks


def test_an_explanation_answers_only_the_rules_it_names(data_copy, tmp_path):
    why = "QT9: Bổ sung kinh phí đối ứng."  # QT7 not named: still unexplained
    data = year_2026(data_copy, tmp_path, local=(2075, 17550, 8), why=why, budgets=False)
    assert failed(data) == {"QT7"}


# --- a quantity typed ten times too large -----------------------------------------------------


def test_quantity_ten_times_too_large_fails_despite_its_shortfall_reason(data_copy, tmp_path):
    # Trademarks 80 typed for 8; the row keeps its note and its explanation of the shortfall
    # ("QT5: …"), which never covers an overshoot.
    data = year_2026(data_copy, tmp_path, rows=with_trademarks(80, SHORT))
    rules = statuses(data)
    assert failed(data) == {"QT10", "QT11"}
    # 80 - 10 = 70 over; 80 / 10 = 800%; the period's target 5 × 10 = 50, none done before.
    assert rules["QT10"].failures == [
        "Hỗ trợ xây dựng và đăng ký nhãn hiệu sản phẩm công nghiệp nông thôn (khuyến công địa "
        "phương): thực hiện 80/10 nhãn hiệu, vượt kế hoạch năm 70 nhãn hiệu, bằng 800% kế hoạch "
        "năm, vượt phần còn lại của mục tiêu giai đoạn 2026–2030 (50/50 nhãn hiệu), chưa có "
        "giải trình."
    ]
    # 280 / 80 = 3,5 triệu đồng a trademark against 350 / 10 = 35 in the plan.
    assert "bình quân 3,5 triệu đồng/nhãn hiệu" in rules["QT11"].failures[0]
    assert "35,0 triệu đồng/nhãn hiệu" in rules["QT11"].failures[0]
    # Row 9 of "Kết quả": rows 3… in the order typed, trademarks the seventh.
    lines = [str(p) for p in sheet_problems(data, "son-la", 2026)]
    assert any(line.startswith("Kết quả:9: Số lượng — QT10: ") for line in lines), lines


def test_quantity_explained_for_its_rules_passes(data_copy, tmp_path):
    why = "QT10, QT11: Hỗ trợ nhãn hiệu tập thể cho 80 hộ của hợp tác xã."
    data = year_2026(data_copy, tmp_path, rows=with_trademarks(80, why))
    assert failed(data) == set()


# --- a planned content not carried out ---------------------------------------------------------


def test_a_content_not_carried_out_passes_and_reads_chua_thuc_hien(data_copy, tmp_path):
    data = year_2026(data_copy, tmp_path)
    rules = statuses(data)
    assert failed(data) == set()
    # QT2: 1 + 8 = 9 tasks, nine contents done; the zero row is not a content done.
    assert rules["QT2"].status == PASS
    assert rules["QT2"].details == ["Kinh phí ghi 9 nhiệm vụ; bảng kết quả liệt kê 9 nội dung."]
    name = "Hỗ trợ phòng trưng bày giới thiệu quảng bá"
    report = " ".join(build_report(data, "son-la", 2026).lines())
    assert "chưa thực hiện (Chưa lựa chọn được địa điểm đặt phòng trưng bày)" in report
    assert "0 phòng" not in report and "kinh phí 0 triệu đồng" not in report
    table = glued(results.build(data, "son-la", 2026))["tbl_results"].replace("\\", "")
    assert "chưa thực hiện (Chưa lựa chọn được địa điểm đặt phòng trưng bày)" in table
    signals = limitations.signals_for(data, "son-la", 2026)
    assert any(
        s.startswith(name)
        and "chưa thực hiện trong năm 2026 (kế hoạch 01 phòng)" in s
        and "lý do: Chưa lựa chọn được địa điểm" in s
        for s in signals
    ), signals


# --- next year's plan includes the carried shortfalls -------------------------------------------


def texts_2027(path: Path) -> None:
    wb = load_workbook(path)
    set_texts(
        wb["Văn bản"],
        [
            ("Mã nguồn tài liệu của văn bản", "authored"),
            ("Kết quả đạt được", "Hoàn thành các nhãn hiệu còn lại của năm trước."),
        ],
    )
    wb.save(path)


def test_catching_up_last_years_shortfall_is_not_over_plan(data_copy, tmp_path):
    year_2026(data_copy, tmp_path)
    # 2026: trademarks 8 of 10 -> 2 short; display room 0 of 1 -> 1 short. 2027 plans 10 and 1.
    data = load_dataset(data_copy)
    assert shortfalls_into(data, "son-la", 2027) == {
        ("nhan-hieu", "local"): 2.0,
        ("phong-trung-bay", "local"): 1.0,
    }
    write_draft(data_copy, "son-la", 2027, carried=shortfalls_into)
    draft = (data_copy / "drafts" / "son-la-2027" / "results.csv").read_text(encoding="utf-8")
    assert "son-la,2027,2027,nhan-hieu,local,12,nhãn hiệu,350,planned" in draft  # 10 + 2
    assert "son-la,2027,2027,phong-trung-bay,local,2,phòng,250,planned" in draft  # 1 + 1

    def trademarks_2027(quantity):
        rows = [("nhan-hieu", "local", quantity, "nhãn hiệu", None, None, None)]
        funding = funding_rows(("national", 0, 0, 0), ("local", 2000, 1500, 1))
        enter(data_copy, tmp_path, 2027, funding, result_rows(rows), fill=texts_2027)
        return statuses(load_dataset(data_copy), 2027)

    rules = trademarks_2027(12)
    assert rules["QT10"].status == PASS
    trademarks = [d for r in rules.values() for d in r.details if "nhãn hiệu sản phẩm" in d]
    assert trademarks == [
        "Hỗ trợ xây dựng và đăng ký nhãn hiệu sản phẩm công nghiệp nông thôn (khuyến công địa "
        "phương): thực hiện 12 nhãn hiệu, gồm 10 theo kế hoạch năm và 2 bù phần chưa thực hiện "
        "của các năm trước."
    ]
    # One more than plan + shortfall (13 > 10 + 2) is over plan.
    assert "vượt kế hoạch năm 1 nhãn hiệu" in trademarks_2027(13)["QT10"].failures[0]


# --- drafts by default ---------------------------------------------------------------------------


def test_failures_make_a_draft_with_a_panel_and_word_comments(data_copy, tmp_path):
    data = year_2026(data_copy, tmp_path, local=(2075, 17550, 8), budgets=False)
    report = build_report(data, "son-la", 2026)
    # The mark only in the text; QT7 and QT9 each fail once: 2 points, in the panel and as
    # Word comments.
    assert report.draft and report.draft_lines() == ["DỰ THẢO"]
    assert [c[:4] for c in report.checks] == ["QT7 ", "QT9 "]
    page = web.chapter(report).draft.replace("\\", "")
    assert "{admonition} Số liệu cần kiểm tra lại hoặc giải trình" in page
    assert "vượt kinh phí được giao 15.475 triệu đồng" in page
    doc = Document(str(write_docx(report, tmp_path / "r.docx")))
    comments = [c.text for c in doc.comments if c.author == "Kiểm tra số liệu"]
    assert len(comments) == 2 and comments[0].startswith("QT7 (Kinh phí thực hiện")
    said: list[str] = []
    warn_rules(data, BuildRequest.of("son-la", 2026), said.append)
    assert said[0].startswith("Cảnh báo: 2 điểm không đạt quy tắc kiểm tra số liệu")
    assert said[1].startswith("  Kinh phí:4: Kinh phí đã thực hiện (triệu đồng) — QT7: ")


def build_args(data: Path, out: Path, *extra: str) -> list[str]:
    return [
        "build", "--province", "son-la", "--year", "2026", "--data-dir", str(data),
        "--out", str(out), "--format", "html", "--jobs", "1", *extra,
    ]  # fmt: skip


@pytest.mark.parametrize("typo", ["spending", "quantity"])
def test_strict_build_exits_3_on_either_typo(data_copy, tmp_path, typo):
    if typo == "spending":
        year_2026(data_copy, tmp_path, local=(2075, 17550, 8), budgets=False)
    else:
        year_2026(data_copy, tmp_path, rows=with_trademarks(80, SHORT))
    result = CliRunner().invoke(main, build_args(data_copy, tmp_path / "out", "--strict"))
    assert result.exit_code == 3, result.output
    assert ("QT7" if typo == "spending" else "QT10") in result.output
    assert not (tmp_path / "out" / "site" / "son-la" / "2026").exists()


@pytest.mark.slow
@pytest.mark.parametrize("typo", ["spending", "quantity"])
def test_plain_build_prints_the_failures_and_publishes_a_draft(data_copy, tmp_path, typo):
    if typo == "spending":
        year_2026(data_copy, tmp_path, local=(2075, 17550, 8), budgets=False)
        where, code = "Kinh phí:4: Kinh phí đã thực hiện (triệu đồng)", "QT7"
    else:
        year_2026(data_copy, tmp_path, rows=with_trademarks(80, SHORT))
        where, code = "Kết quả:9: Số lượng", "QT10"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, build_args(data_copy, out))
    assert result.exit_code == 0, result.output
    assert f"{where} — {code}: " in result.output
    site = out / "site" / "son-la" / "2026"
    page = (site / "notebooks" / "bao-cao.html").read_text(encoding="utf-8")
    assert "DỰ THẢO" in page and "Số liệu cần kiểm tra lại hoặc giải trình" in page
    doc = Document(str(site / "son-la-2026-bao-cao.docx"))
    assert "DỰ THẢO" in [p.text for p in doc.paragraphs]
    assert any(c.text.startswith(code) for c in doc.comments)


def test_a_build_with_nothing_to_do_repeats_the_warnings(tmp_path, monkeypatch):
    import khuyencong.cli.commands as commands
    from khuyencong.pipeline.build import RULES_NOTE

    site = tmp_path / "site"
    site.mkdir()
    lines = ["Cảnh báo: 1 điểm không đạt quy tắc kiểm tra số liệu; …", "  Kinh phí:4: … — QT7: …"]
    (site / RULES_NOTE).write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(commands, "_unchanged", lambda request, where: site)
    result = CliRunner().invoke(main, ["build", "--province", "son-la", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:3] == lines
