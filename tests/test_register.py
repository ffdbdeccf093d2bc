"""The year's whole story and the đề án register, entered through the Excel workbook.

A made-up 2026 for Sơn La is typed into `khuyencong template`'s workbook and imported; the
report built from the result must carry the year against 2025, the cumulative progress toward
the 2026–2030 targets, the shortfalls carried into 2027, and the task and product lists as
annexes with their totals. Expected values: seed 000 (2025), seed 003 (the programme's
appendix) and the rows typed here, worked out by hand in the comments.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from filling import column, fill_2026, fill_2026_by_source, funding_rows, set_rows
from openpyxl import load_workbook

from khuyencong.content.report.content import build_report
from khuyencong.content.report.model import Table, plain
from khuyencong.figures.rules import FAIL, NOT_APPLICABLE, PASS, check_rules
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.workbook import write_template
from khuyencong.pipeline.importing import import_workbook

PROJECT = Path(__file__).resolve().parents[1]
TRADEMARKS = "Hỗ trợ xây dựng và đăng ký nhãn hiệu sản phẩm công nghiệp nông thôn"
ROOM = "Hỗ trợ phòng trưng bày giới thiệu quảng bá"
MACHINERY = "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến"


@pytest.fixture
def workbook(tmp_path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    path, _ = write_template(data, "son-la", 2026, tmp_path / "son-la-2026.xlsx")
    fill_2026(path)
    return path, data


def table_of(rep, caption_start: str) -> Table:
    found = [
        b
        for s in _walk([*rep.sections, *rep.annexes])
        for b in s.blocks
        if isinstance(b, Table) and b.caption.startswith(caption_start)
    ]
    assert len(found) == 1, caption_start
    return found[0]


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s.children)


def row_of(table: Table, name_start: str) -> list[str]:
    return next(r for r in table.rows if any(c.startswith(name_start) for c in r[:2]))


@pytest.mark.slow  # a workbook round trip or a whole command
def test_2026_report_tells_the_whole_year(workbook):
    path, data = workbook
    fill_2026_by_source(path)  # seed 003's 2026 plan done but 8 of 10 trademarks, no room
    import_workbook(path, data)
    rep = build_report(load_dataset(data), "son-la", 2026)
    lines = rep.lines()
    # 2025 (seed 000): 1.905 allocated, 1.605 spent. 2026: 300 + 2.075 = 2.375 allocated,
    # 300 + 1.755 = 2.055 spent. 470 / 1905 = 24,67…% → 24,7%; 450 / 1605 = 28,03…% → 28,0%;
    # local 170 / 1905 = 8,92…% → 8,9%; quốc gia had nothing in 2025: no rate.
    assert (
        "So với năm 2025, kinh phí được giao tăng 24,7% (từ 1.905 triệu đồng lên 2.375 triệu "
        "đồng); kinh phí đã thực hiện tăng 28,0% (từ 1.605 triệu đồng lên 2.055 triệu đồng); "
        "kinh phí khuyến công địa phương được giao tăng 8,9% (từ 1.905 triệu đồng lên 2.075 "
        "triệu đồng)."
    ) in lines
    # Cumulative progress toward the 2026–2030 targets (seed 003): trademarks 10 a year = 50,
    # 8 done → 16,0%, 42 left; machinery 23, 1 + 2 = 3 done → 13,04…% → 13,0%, 20 left;
    # display room 5, none done.
    progress = table_of(rep, "Tiến độ thực hiện mục tiêu giai đoạn 2026–2030 đến hết năm 2026")
    assert row_of(progress, TRADEMARKS)[1:] == ["nhãn hiệu", "50", "08", "16,0%", "42"]
    assert row_of(progress, MACHINERY)[1:] == ["cơ sở", "23", "03", "13,0%", "20"]
    assert row_of(progress, ROOM)[1:] == ["phòng", "05", "0", "0,0%", "05"]
    # Section III: 2027 plan (seed 003: 10 trademarks, 1 room) with what 2026 left behind
    # (10 − 8 = 2 trademarks, 1 room): 12 and 2, in whole units; nothing else is behind.
    carried = table_of(rep, "Nội dung chưa hoàn thành năm 2026 chuyển sang năm 2027")
    assert [r[1:] for r in carried.rows] == [
        ["Khuyến công địa phương", "phòng", "01", "01", "02"],
        ["Khuyến công địa phương", "nhãn hiệu", "10", "02", "12"],
    ]
    assert any(s.title == "Nội dung chuyển sang năm 2027" for s in rep.sections[2].children)


# The register typed for the test. Funding: quốc gia 300 allocated, 300 spent, 01 task;
# địa phương 2.075 allocated, 880 spent, 02 tasks. Results: machinery 01 (quốc gia, 300),
# machinery 02 (địa phương, 600), trademarks 08 (địa phương, 280).
TASKS = [
    ("QG-01", "Máy sấy chè", "HTX Chè Tà Xùa", "Xã Tà Xùa", "may-moc-thiet-bi", "national", 300, 450, "nghiem-thu", "QĐ 15/QĐ-SCT"),
    ("ĐP-01", "Dây chuyền chế biến cà phê", "Công ty Cà phê Chiềng Ban", "Xã Chiềng Ban", "may-moc-thiet-bi", "local", 600, 900.5, "quyet-toan", "QĐ 16/QĐ-SCT"),
    ("ĐP-02", "Nhãn hiệu mật ong Mộc Châu", "Cơ sở Mật ong Mộc Châu", "Phường Mộc Châu", "nhan-hieu", "local", 280, None, "dang-thuc-hien", None),
]  # fmt: skip
TASK_KEYS = (
    "code",
    "name",
    "beneficiary",
    "commune",
    "activity",
    "fund_source",
    "support",
    "counterpart",
    "status",
    "decision",
)
PRODUCTS = [
    ("Chè Shan tuyết Tà Xùa", "HTX Chè Tà Xùa", "1", "QĐ 20/QĐ-UBND"),
    ("Mật ong bạc hà", "Cơ sở Mật ong Mộc Châu", "2", None),
]


def fill_register(path: Path, tasks=TASKS) -> None:
    wb = load_workbook(path)
    set_rows(wb["Kinh phí"], funding_rows(("national", 300, 300, 1), ("local", 2075, 880, 2)))
    result = {"qualifier": "exact", "source_id": "authored"}
    set_rows(
        wb["Kết quả"],
        [
            {"activity": "may-moc-thiet-bi", "fund_source": "national", "quantity": 1}
            | {"unit": "cơ sở", "budget": 300}
            | result,
            {"activity": "may-moc-thiet-bi", "fund_source": "local", "quantity": 2}
            | {"unit": "cơ sở", "budget": 600}
            | result,
            {"activity": "nhan-hieu", "fund_source": "local", "quantity": 8}
            | {"unit": "nhãn hiệu", "budget": 280, "note": "Hai nhãn hiệu chưa xong."}
            | result,
        ],
    )
    award = {"level": "tinh", "dossiers": 40, "units": 20, "eligible": 38, "recognised": 2}
    set_rows(wb["Bình chọn"], [award | {"source_id": "authored"}])
    set_rows(
        wb["Nhiệm vụ"],
        [dict(zip(TASK_KEYS, t, strict=True)) | {"source_id": "authored"} for t in tasks],
    )
    set_rows(
        wb["Sản phẩm được công nhận"],
        [
            dict(zip(("product", "producer", "group", "decision"), p, strict=True))
            | {"source_id": "authored"}
            for p in PRODUCTS
        ],
    )
    wb.save(path)


def test_register_sheets_offer_drop_downs(workbook):
    path, data = workbook
    wb = load_workbook(path)
    lists = wb["Danh mục"]

    def listed(ws, code: str) -> list[str]:
        letter = ws.cell(1, column(ws, code)).column_letter
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list" and any(letter in str(r) for r in dv.sqref.ranges):
                ref = dv.formula1.split("!")[1].replace("$", "")
                return [c.value for row in lists[ref] for c in row]
        raise AssertionError(f"no drop-down on {ws.title}.{code}")

    tasks = wb["Nhiệm vụ"]
    assert listed(tasks, "fund_source") == ["national", "local"]
    assert listed(tasks, "status") == ["phe-duyet", "dang-thuc-hien", "nghiem-thu", "quyet-toan"]
    assert "nhan-hieu" in listed(tasks, "activity")
    assert listed(wb["Sản phẩm được công nhận"], "group") == ["1", "2", "3", "4"]


@pytest.mark.slow  # a workbook round trip or a whole command
def test_task_and_product_lists_enter_through_the_workbook(workbook):
    path, data = workbook
    fill_register(path)
    report = import_workbook(path, data)
    assert report.rows["tasks"] == 3 and report.rows["award_products"] == 2
    assert not [w for w in report.warnings if "QT8" in w.message]
    dataset = load_dataset(data)
    qt8 = next(r for r in check_rules(dataset, "son-la", 2026) if r.code == "QT8")
    assert qt8.status == PASS, qt8.details

    rep = build_report(dataset, "son-la", 2026)
    tasks = table_of(rep, "Danh mục đề án, nhiệm vụ khuyến công năm 2026")
    assert any(tasks in a.blocks for a in rep.annexes)
    assert tasks.rows[0][:3] == ["1", "Máy sấy chè", "HTX Chè Tà Xùa"]
    assert tasks.rows[0][5:9] == ["Khuyến công quốc gia", "300", "450", "Đã nghiệm thu"]
    assert tasks.rows[2][7] == "—"  # no counterpart entered: the empty-cell mark, not 0
    # Tổng cộng: support 300 + 600 + 280 = 1.180; counterpart 450 + 900,5 = 1.350,5.
    assert tasks.total is not None
    assert tasks.total[:2] == ["", "Tổng cộng"] and tasks.total[6:8] == ["1.180", "1.350,5"]
    text = " ".join(rep.lines())
    assert (
        "Danh mục 03 nhiệm vụ tại Phụ lục" in text
        and "tổng kinh phí khuyến công hỗ trợ 1.180 triệu đồng" in text
        and "vốn đối ứng của các đơn vị thụ hưởng 1.351 triệu đồng" in text  # 1.350,5 half up
    )
    products = table_of(rep, "Danh sách sản phẩm công nghiệp nông thôn tiêu biểu")
    assert products.rows[:2] == [
        ["1", "Chè Shan tuyết Tà Xùa", "HTX Chè Tà Xùa", "Nhóm 1", "QĐ 20/QĐ-UBND"],
        ["2", "Mật ong bạc hà", "Cơ sở Mật ong Mộc Châu", "Nhóm 2", ""],
    ]
    assert products.rows[-1] == ["", "Tổng cộng", "02 sản phẩm", "", ""]


@pytest.mark.slow  # a workbook round trip or a whole command
def test_a_register_that_disagrees_is_flagged(workbook):
    path, data = workbook
    # ĐP-02 priced 300 instead of 280, and a third local task for an activity without result:
    # 03 tasks listed against 02 in the funding table; 600 + 300 + 100 = 1.000 against 880.
    wrong = [*TASKS[:2], (*TASKS[2][:6], 300, *TASKS[2][7:])]
    wrong.append(
        ("ĐP-03", "Bao bì chè", "HTX Chè Tà Xùa", None, "thiet-ke-mau-ma-bao-bi", "local")
        + (100, 50, "phe-duyet", None)
    )
    fill_register(path, wrong)
    report = import_workbook(path, data)
    qt8 = [w for w in report.warnings if w.message.startswith("QT8")]
    found = {(w.file, w.row, w.column) for w in qt8}
    # The funding sheet's local row (row 4), and the Nhiệm vụ sheet's fourth task (row 6).
    assert ("Kinh phí", 4, "Số nhiệm vụ, đề án đã thực hiện") in found
    assert ("Kinh phí", 4, "Kinh phí đã thực hiện (triệu đồng)") in found
    assert ("Nhiệm vụ", 6, "Mã hoạt động") in found
    result = next(r for r in check_rules(load_dataset(data), "son-la", 2026) if r.code == "QT8")
    assert result.status == FAIL
    assert (
        "Khuyến công địa phương: bảng kinh phí ghi 02 nhiệm vụ, danh mục có 03 nhiệm vụ."
        in result.failures
    )
    assert (
        "Khuyến công địa phương: kinh phí đã thực hiện 880 triệu đồng, tổng kinh phí hỗ trợ "
        "của danh mục nhiệm vụ 1.000 triệu đồng." in result.failures
    )


def test_son_la_2025_shows_gaps_for_its_lists_and_no_sentence(dataset):
    # Seed 000 lists neither the 06 tasks nor the 30 products: both annexes hold one row of
    # gaps; the body refers to them and says nothing about a missing list.
    rep = build_report(dataset, "son-la", 2025)
    for caption in ("Danh mục đề án, nhiệm vụ", "Danh sách sản phẩm công nghiệp nông thôn"):
        t = table_of(rep, caption)
        assert [[plain(c) for c in row] for row in t.rows] == [["…"] * len(t.header)]
        assert "trang “" in t.rows[0][0]  # the first gap says where to enter the list
    text = " ".join(rep.lines())
    assert "Danh mục 06 nhiệm vụ tại Phụ lục" in text
    for meta in ("chưa có danh mục", "chưa được tổng hợp", "chưa được đưa vào"):
        assert meta not in text
    qt8 = next(r for r in check_rules(dataset, "son-la", 2025) if r.code == "QT8")
    assert qt8.status == NOT_APPLICABLE


@pytest.mark.slow  # a workbook round trip or a whole command
def test_a_workbook_without_the_new_sheets_leaves_the_lists_as_they_are(workbook):
    # A workbook made before the register existed: its import neither refuses nor empties them.
    path, data = workbook
    fill_register(path)
    import_workbook(path, data)
    before = (data / "tasks.csv").read_bytes(), (data / "award_products.csv").read_bytes()
    wb = load_workbook(path)
    del wb["Nhiệm vụ"], wb["Sản phẩm được công nhận"]
    wb.save(path)
    report = import_workbook(path, data)
    assert "tasks" not in report.rows and "award_products" not in report.rows
    assert ((data / "tasks.csv").read_bytes(), (data / "award_products.csv").read_bytes()) == before


def test_a_bad_task_row_is_named_by_file_row_and_column(data_copy):
    from khuyencong.errors import DataValidationError

    with (data_copy / "tasks.csv").open("a", encoding="utf-8") as f:
        f.write(
            "son-la,2025,ĐP-01,Máy sấy,HTX A,,may-moc-thiet-bi,local,1.905,,nghiem-thu,,authored\n"
        )
        f.write("son-la,2025,ĐP-02,Bao bì,HTX B,,thiet-ke-mau-ma-bao-bi,local,80,,xong,,authored\n")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    found = {(p.file, p.row, p.column) for p in info.value.problems}
    # "1.905" is the Vietnamese way of writing 1905 (refused with the canonical form);
    # "xong" is not a status of the contract.
    assert ("tasks.csv", 2, "support") in found and ("tasks.csv", 3, "status") in found
