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
