"""`khuyencong import` as a transaction: a workbook's province and year pass the CLI's parameter
check, a workbook cannot silently wipe a province-year, formula cells without a stored value are
refused, files are written atomically after a dated backup that `khuyencong restore` puts back."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from khuyencong.cli.commands import main
from khuyencong.core import atomic
from khuyencong.errors import ParameterError
from khuyencong.inputs.backup import list_backups
from khuyencong.inputs.workbook import write_template
from khuyencong.inputs.workbook.layout import META_SHEET


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def book_2025(data_copy: Path, tmp_path: Path) -> Path:
    """The workbook of Sơn La 2025 as the template writes it (prefilled with the data)."""
    path, _ = write_template(data_copy, "son-la", 2025, tmp_path / "son-la-2025.xlsx")
    return path


def run_import(book: Path, data: Path, *extra: str):
    return CliRunner().invoke(main, ["import", str(book), "--data-dir", str(data), *extra])


def clear_sheet(ws) -> None:
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.value = None


@pytest.mark.parametrize("province", ["../../x", "son-la/../../x", "Sơn La", ""])
def test_workbook_province_goes_through_the_parameter_check(
    book_2025: Path, data_copy: Path, tmp_path: Path, province: str
):
    wb = load_workbook(book_2025)
    wb[META_SHEET]["B1"] = province
    wb.save(book_2025)
    before = snapshot(tmp_path)
    result = run_import(book_2025, data_copy)
    assert result.exit_code == 2, result.output
    assert META_SHEET in result.output
    assert "Mã tỉnh không hợp lệ" in result.output or "thiếu tỉnh" in result.output
    assert "Traceback" not in result.output
    assert snapshot(tmp_path) == before  # nothing written anywhere, in data/ or beside it
    assert not (tmp_path / "x").exists()


def test_workbook_year_goes_through_the_parameter_check(book_2025: Path, data_copy: Path):
    wb = load_workbook(book_2025)
    wb[META_SHEET]["B2"] = 1850
    wb.save(book_2025)
    before = snapshot(data_copy)
    result = run_import(book_2025, data_copy)
    assert result.exit_code == 2, result.output
    assert "Năm không hợp lệ: 1850" in result.output
    assert snapshot(data_copy) == before


def test_emptied_sheets_are_refused_without_replace_empty(book_2025: Path, data_copy: Path):
    wb = load_workbook(book_2025)
    for sheet in ("Kinh phí", "Kết quả", "Bình chọn"):
        clear_sheet(wb[sheet])
    wb.save(book_2025)
    before = snapshot(data_copy)
    result = run_import(book_2025, data_copy)
    assert result.exit_code == 2, result.output
    # Sơn La 2025 has 2 funding rows (national, local) in the seeds.
    assert "xoá cả 2 dòng của son-la năm 2025 trong funding.csv" in result.output
    assert "--replace-empty" in result.output
    assert snapshot(data_copy) == before


def test_replace_empty_backs_up_and_restore_puts_back(book_2025: Path, data_copy: Path):
    awards_before = (data_copy / "awards.csv").read_bytes()
    wb = load_workbook(book_2025)
    clear_sheet(wb["Bình chọn"])
    wb.save(book_2025)
    result = run_import(book_2025, data_copy, "--replace-empty")
    assert result.exit_code == 0, result.output
    awards_now = (data_copy / "awards.csv").read_text(encoding="utf-8")
    assert "son-la,2025," not in awards_now
    backups = list_backups(data_copy)
    assert [b.replaced for b in backups] == [["awards.csv"]]
    assert (backups[0].folder / "awards.csv").read_bytes() == awards_before
    assert f"khuyencong restore {backups[0].name}" in result.output

    listed = CliRunner().invoke(main, ["restore", "--data-dir", str(data_copy)])
    assert listed.exit_code == 0 and backups[0].name in listed.output
    restored = CliRunner().invoke(main, ["restore", backups[0].name, "--data-dir", str(data_copy)])
    assert restored.exit_code == 0, restored.output
    assert (data_copy / "awards.csv").read_bytes() == awards_before
    assert len(list_backups(data_copy)) == 2  # the restore backed up what it replaced

    unknown = CliRunner().invoke(main, ["restore", "khong-co", "--data-dir", str(data_copy)])
    assert unknown.exit_code == 2 and "Không có bản sao lưu khong-co" in unknown.output


def test_formula_without_stored_value_is_refused(book_2025: Path, data_copy: Path):
    wb = load_workbook(book_2025)
    ws = wb["Kinh phí"]
    note = next(c.column for c in ws[1] if c.value == "note")
    ws.cell(4, note).value = '=CONCATENATE("a","b")'  # saved by a script: no cached value
    wb.save(book_2025)
    before = snapshot(data_copy)
    result = run_import(book_2025, data_copy)
    assert result.exit_code == 2, result.output
    assert "Kinh phí:4: Ghi chú —" in result.output
    assert "mở sổ bằng Excel" in result.output and "lưu lại" in result.output
    assert snapshot(data_copy) == before


def test_a_corrupt_workbook_names_no_python_exception(data_copy: Path, tmp_path: Path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = run_import(bad, data_copy)
    assert result.exit_code == 2
    assert "không mở được sổ Excel" in result.output
    assert "BadZipFile" not in result.output and "Error" not in result.output


def test_atomic_write_refuses_outside_root_and_leaves_no_temp(tmp_path: Path):
    root = tmp_path / "data"
    root.mkdir()
    with pytest.raises(ParameterError):
        atomic.write_bytes(root, root / ".." / "x.csv", b"x")
    assert not (tmp_path / "x.csv").exists()
    atomic.write_bytes(root, root / "texts" / "a.yaml", b"1")
    atomic.write_bytes(root, root / "texts" / "a.yaml", b"2")
    assert (root / "texts" / "a.yaml").read_bytes() == b"2"
    assert [p.name for p in (root / "texts").iterdir()] == ["a.yaml"]


def two_file_change(data: Path, tmp_path: Path) -> Path:
    """A workbook of Sơn La 2025 changing funding.csv and results.csv."""
    path, _ = write_template(data, "son-la", 2025, tmp_path / "b.xlsx")
    wb = load_workbook(path)
    wb["Kinh phí"]["C4"] = 1600  # funding.csv changes
    ws = wb["Kết quả"]
    quantity = next(c.column for c in ws[1] if c.value == "quantity")
    ws.cell(3, quantity).value = 3  # results.csv changes
    wb.save(path)
    return path


def test_a_write_failing_while_preparing_changes_nothing(
    data_copy: Path, tmp_path: Path, monkeypatch
):
    path = two_file_change(data_copy, tmp_path)
    before = snapshot(data_copy)
    real = atomic.write_bytes
    calls = []

    def failing(root, target, content):
        calls.append(Path(target).name)
        if len(calls) == 2:  # the backup of results.csv, in the staging folder: disk full
            raise OSError(28, "No space left on device", str(target))
        return real(root, target, content)

    monkeypatch.setattr(atomic, "write_bytes", failing)
    result = run_import(path, data_copy)
    monkeypatch.undo()
    assert calls == ["funding.csv", "results.csv"]
    assert result.exit_code == 1, result.output
    assert "hết chỗ trên đĩa" in result.output and "Traceback" not in result.output
    assert snapshot(data_copy) == before  # no backup, no staging folder left


def test_a_move_failing_half_way_is_finished_by_the_next_command(
    data_copy: Path, tmp_path: Path, monkeypatch
):
    import os

    from khuyencong.core.locking import data_lock

    path = two_file_change(data_copy, tmp_path)
    before = snapshot(data_copy)
    real = os.replace
    moved = []

    def failing(src, dst):
        if Path(dst).parent == data_copy.resolve():  # into data/, not into the staging folder
            if Path(dst).name == "results.csv":  # the backup and funding.csv are in place
                raise OSError(28, "No space left on device", str(dst))
            moved.append(Path(dst).name)
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    result = run_import(path, data_copy)
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert "hết chỗ trên đĩa" in result.output
    assert moved == [".khuyencong-journal.json", "funding.csv"]  # committed, then half done
    said: list[str] = []
    with data_lock(data_copy, said.append, shared=True):  # the next command, e.g. a build
        after = snapshot(data_copy)
    assert len(said) == 1 and "bị dừng giữa chừng sau khi đã kiểm tra xong" in said[0]
    assert "funding.csv, results.csv" in said[0]
    changed = {k for k in after if not k.startswith(".backup") and after[k] != before.get(k)}
    assert changed == {"funding.csv", "results.csv"}
    assert set(after) - set(before) == {
        k for k in after if k.startswith(".backup/")
    }  # the backup, and no journal or staging folder
    backup = list_backups(data_copy)[0]
    assert backup.replaced == ["funding.csv", "results.csv"]
    assert (backup.folder / "funding.csv").read_bytes() == before["funding.csv"]


def test_a_journal_edited_by_hand_moves_nothing_from_outside(data_copy: Path, tmp_path: Path):
    import json

    from khuyencong.core.journal import JOURNAL
    from khuyencong.core.locking import data_lock
    from khuyencong.errors import KhuyenCongError

    outside = tmp_path / "bi-mat.txt"
    outside.write_text("bí mật", encoding="utf-8")
    (data_copy / ".khuyencong-import-x").mkdir()
    forged = {"reason": "r", "staging": ".khuyencong-import-x", "deletes": []}
    forged["moves"] = [["../../bi-mat.txt", "funding.csv"]]
    (data_copy / JOURNAL).write_text(json.dumps(forged), encoding="utf-8")
    before = snapshot(data_copy)
    with pytest.raises(ParameterError, match="Từ chối ghi"), data_lock(data_copy, print):
        pass
    assert outside.read_text(encoding="utf-8") == "bí mật" and snapshot(data_copy) == before
    (data_copy / JOURNAL).write_text("không phải JSON", encoding="utf-8")
    with pytest.raises(KhuyenCongError, match="không đọc được"), data_lock(data_copy, print):
        pass
