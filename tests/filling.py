"""Typing into a workbook of `khuyencong template` as an author would (tests of the round trip)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

# The funding sheet's columns an author fills, in the order `funding_rows` takes them.
FUNDING_COLUMNS = ("fund_source", "allocated", "disbursed", "tasks", "note")


def column(ws, code: str) -> int:
    """Column index of a contract column, from the workbook's hidden code row."""
    for cell in ws[1]:
        if cell.value == code:
            return cell.column
    raise AssertionError(f"{code} not in {ws.title}")


def set_rows(ws, records: list[dict[str, object]]) -> None:
    """Replace a table sheet's data rows (row 3 on) by `records` (contract column -> value)."""
    for row in ws.iter_rows(min_row=3, max_col=len(ws[1])):
        for cell in row:
            if ws.cell(1, cell.column).value:
                cell.value = None
    for r, rec in enumerate(records, start=3):
        for code, value in rec.items():
            ws.cell(r, column(ws, code), value)


def set_texts(ws, rows: list[tuple[str, str]]) -> None:
    for row in ws.iter_rows(min_row=3, max_col=2):
        for cell in row:
            cell.value = None
    for r, (section, text) in enumerate(rows, start=3):
        ws.cell(r, 1, section)
        ws.cell(r, 2, text)


def funding_rows(*rows: tuple[object, ...]) -> list[dict[str, object]]:
    """Funding sheet rows from (source, allocated, disbursed, tasks[, note]), source `authored`."""
    return [
        dict(zip(FUNDING_COLUMNS, row, strict=False)) | {"source_id": "authored"} for row in rows
    ]


def fill_2026(path: Path) -> None:
    """A made-up 2026 for Sơn La typed into the template, as an author would."""
    wb = load_workbook(path)
    set_rows(
        wb["Kinh phí"],
        funding_rows(("national", 300, 250, 1), ("local", 2000, 1800, 5, "Số liệu thử.")),
    )
    set_rows(
        wb["Kết quả"],
        [
            {
                "activity": "may-moc-thiet-bi",
                "fund_source": "local",
                "quantity": 2,
                "unit": "cơ sở",
                "budget": 550.5,
                "qualifier": "exact",
                "source_id": "authored",
            },
            {
                "activity": "nhan-hieu",
                "fund_source": "local",
                "quantity": 8,
                "unit": "nhãn hiệu",
                "qualifier": "exact",
                "source_id": "authored",
                "note": "Xây dựng, đăng ký nhãn hiệu.",
            },
        ],
    )
    set_rows(
        wb["Bình chọn"],
        [
            {
                "level": "tinh",
                "dossiers": 40,
                "units": 20,
                "eligible": 38,
                "recognised": 15,
                "source_id": "authored",
            }
        ],
    )
    set_texts(
        wb["Văn bản"],
        [
            ("Mã nguồn tài liệu của văn bản", "authored"),
            ("Chính sách ban hành trong năm", "Kế hoạch khuyến công năm."),
            ("Kết quả đạt được", "Các cơ sở được hỗ trợ máy móc."),
            ("Kết quả đạt được", "Nhiều nhãn hiệu được đăng ký."),
            ("Tồn tại, hạn chế", "Quy mô cơ sở còn nhỏ."),
            ("Nhiệm vụ, định hướng năm sau", "Tiếp tục tuyên truyền."),
        ],
    )
    wb.save(path)


def append_rows(data: Path, name: str, *lines: str) -> None:
    """Add CSV lines (in the file's column order) to `data/<name>`: a made-up edition's rows."""
    with (data / name).open("a", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in lines)


def with_explanations(data: Path, name: str) -> None:
    """Give `data/<name>` its optional `explanation` column (empty on every row), as an import
    that fills one would: rows appended afterwards carry the explanation as their last cell."""
    path = data / name
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines[0].split(",")[-1] == "explanation":
        return
    path.write_text(
        "\n".join([lines[0] + ",explanation", *(line + "," for line in lines[1:])]) + "\n",
        encoding="utf-8",
    )


def explain(data: Path, name: str, starts: str, text: str) -> None:
    """Write `text` as the explanation of every row of `data/<name>` that starts with `starts`."""
    with_explanations(data, name)
    path = data / name
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line + text if line.startswith(starts) else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def explain_units_2025(data: Path) -> None:
    """The author's explanation of Sơn La 2025's two results in another unit than the
    catalogue's (seed 000 counts trademarks by establishment, the energy talks by school), so
    that rule QT3 passes and a complete report is final."""
    explain(data, "results.csv", "son-la,2025,2025,nhan-hieu,", "QT3: Bài báo đếm theo cơ sở.")
    explain(data, "results.csv", "son-la,2025,2025,tuyen-truyen", "QT3: Bài báo đếm theo trường.")


# The 2026 plan (seed 003) done as planned, except 8 of 10 trademarks (with a note) and the
# one display room (not done). Local budgets: 600 + 150 + 100 + 100 + 280 + 175 + 200 + 50 + 100
# = 1.755 = local disbursed; national: 300 = 300. Tasks: 1 + 8 = 9 = the 9 distinct activities
# listed (machinery has two rows, one per source).
RESULTS_2026 = [
    ("may-moc-thiet-bi", "national", 1, "cơ sở", 300, None),
    ("may-moc-thiet-bi", "local", 2, "cơ sở", 600, None),
    ("trung-bay-tai-co-so-cap-tinh", "local", 5, "cơ sở", 150, None),
    ("ho-tro-tham-gia-hoi-cho", "local", 1, "hội chợ", 100, None),
    ("tham-gia-hoi-cho-quang-ba", "local", 1, "hội chợ", 100, None),
    ("nhan-hieu", "local", 8, "nhãn hiệu", 280, "Hai nhãn hiệu chưa hoàn thành hồ sơ."),
    ("thiet-ke-mau-ma-bao-bi", "local", 5, "Cơ sở", 175, None),
    ("tuyen-truyen-nang-luong", "local", 4, "hội nghị", 200, None),
    ("tham-du-hoi-nghi-tap-huan", "local", 1, "lượt", 50, None),
    ("kiem-tra-giam-sat", "local", 1, "xã/phường", 100, None),
]


def fill_2026_by_source(path: Path) -> None:
    wb = load_workbook(path)
    set_rows(wb["Kinh phí"], funding_rows(("national", 300, 300, 1), ("local", 2075, 1755, 8)))
    keys = ("activity", "fund_source", "quantity", "unit", "budget", "note")
    set_rows(
        wb["Kết quả"],
        [
            dict(zip(keys, r, strict=True)) | {"qualifier": "exact", "source_id": "authored"}
            for r in RESULTS_2026
        ],
    )
    wb.save(path)


# A made-up task register and product list for Sơn La 2025 (the seeds list neither), consistent
# with data/funding.csv and results.csv (rule QT8): six local tasks, as the funding row says,
# over the four activities with results, whose support adds up to the 1.605 triệu đồng spent:
# 400 + 405 + 300 + 200 + 150 + 150 = 1.605.
TASKS_2025 = [
    ("ĐP-01", "Máy sấy chè", "HTX Chè A", "Xã A", "may-moc-thiet-bi", 400),
    ("ĐP-02", "Máy ép dầu", "Cơ sở B", "Xã B", "may-moc-thiet-bi", 405),
    ("ĐP-03", "Bao bì chè", "HTX Chè A", "Xã A", "thiet-ke-mau-ma-bao-bi", 300),
    ("ĐP-04", "Nhãn hiệu mật ong", "Cơ sở C", "Phường C", "nhan-hieu", 200),
    ("ĐP-05", "Nhãn hiệu cà phê", "Công ty D", "Xã D", "nhan-hieu", 150),
    ("ĐP-06", "Tuyên truyền tiết kiệm năng lượng", "Trung tâm", "Phường E", "tuyen-truyen-nang-luong", 150),
]  # fmt: skip


def fill_lists_2025(data: Path) -> None:
    """Sơn La 2025's task register and one recognised product, so its report has no list gap."""
    with (data / "tasks.csv").open("a", encoding="utf-8") as f:
        for code, name, who, where, activity, support in TASKS_2025:
            row = f"son-la,2025,{code},{name},{who},{where},{activity},local,{support},"
            f.write(row + ",nghiem-thu,,authored\n")
    with (data / "award_products.csv").open("a", encoding="utf-8") as f:
        f.write("son-la,2025,Chè Shan tuyết,HTX Chè A,1,,authored\n")
