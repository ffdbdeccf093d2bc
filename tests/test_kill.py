"""Killed between any two file-system steps, `import` and publishing leave the old state or the
new one, wholly, and the next command removes or finishes what they left, saying so.

The kill is injected deterministically (crashing.py): the process ends with `os._exit` just
before its n-th file-system change, for every n from the first change to the last."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from crashing import KILLED, run_killed
from filling import fill_2026

from khuyencong.cli.commands import main
from khuyencong.core import journal
from khuyencong.core.locking import data_lock
from khuyencong.inputs.backup import list_backups
from khuyencong.inputs.workbook import write_template
from khuyencong.pipeline.importing import import_workbook
from khuyencong.pipeline.swap import publish_dir, repair

# Forked processes killed at every filesystem step: slow tier.
pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"


def files(root: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file under `root` (a link to a folder followed), by relative path."""
    root = root.resolve()
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(skip)
    }


def quiet(message: str) -> None:
    pass


# --- publishing ---------------------------------------------------------------------------


def make_site(root: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_publish_killed_at_every_step_shows_the_old_or_the_new_edition(tmp_path):
    old = make_site(tmp_path / "old", {"index.html": "cũ", "a/1.html": "một", "a/2.html": "hai"})
    new = make_site(tmp_path / "new", {"index.html": "mới", "a/1.html": "một", "b/3.html": "ba"})
    (new / ".khuyencong-stamp").write_text("dấu", encoding="utf-8")
    old_files, new_files = files(old), files(new)

    def published() -> Path:
        shutil.rmtree(tmp_path / "site", ignore_errors=True)
        return publish_dir(old, tmp_path / "site" / "son-la" / "2025", quiet)

    target = published()
    steps = run_killed(lambda: publish_dir(new, target, quiet), None)
    assert files(target) == new_files
    assert steps >= 12  # folders and files copied, link made, link renamed, old copy removed
    seen = []
    for n in range(1, steps + 1):
        target = published()
        assert run_killed(lambda t=target: publish_dir(new, t, quiet), n) == -KILLED
        state = files(target)  # what a reader finds right after the kill
        assert state in (old_files, new_files), n
        seen.append("new" if state == new_files else "old")
        left = sorted(p.name for p in target.parent.iterdir())
        said: list[str] = []
        repair(target, said.append)  # what the next build of the edition does first
        assert files(target) == state  # repairing never changes the published edition
        assert sorted(p.name for p in target.parent.iterdir()) == sorted(
            ["2025", os.readlink(target)]
        )
        assert bool(said) == (len(left) > 2), (n, left, said)
        publish_dir(new, target, quiet)  # and the next publish works
        assert files(target) == new_files
    assert "old" in seen and "new" in seen and seen == sorted(seen, key=["old", "new"].index)


def test_publish_over_an_earlier_versions_folder_killed_at_every_step(tmp_path):
    """The first publish after an upgrade turns the edition folder into a generation: killed
    in between, the next build puts the old edition back."""
    old = make_site(tmp_path / "old", {"index.html": "cũ"})
    new = make_site(tmp_path / "new", {"index.html": "mới"})

    def published() -> Path:
        shutil.rmtree(tmp_path / "site", ignore_errors=True)
        shutil.copytree(old, tmp_path / "site" / "son-la" / "2025")
        return tmp_path / "site" / "son-la" / "2025"

    target = published()
    steps = run_killed(lambda: publish_dir(new, target, quiet), None)
    for n in range(1, steps + 1):
        target = published()
        assert run_killed(lambda t=target: publish_dir(new, t, quiet), n) == -KILLED
        repair(target, quiet)
        assert files(target) in (files(old), files(new)), n
        assert len(list(target.parent.iterdir())) in (1, 2)  # the edition (and its generation)


# --- import ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def import_case(tmp_path_factory) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """A pristine data folder, a workbook of Sơn La 2026 (three tables changed, the year's
    text file created), and the data before and after its import (backups left out)."""
    root = tmp_path_factory.mktemp("import")
    pristine = root / "pristine"
    shutil.copytree(DATA, pristine)
    book, _ = write_template(pristine, "son-la", 2026, root / "son-la-2026.xlsx")
    fill_2026(book)
    after = root / "after"
    shutil.copytree(pristine, after)
    import_workbook(book, after, say=quiet)
    old, new = files(pristine), files(after, skip=(".backup/",))
    assert set(new) - set(old) == {"texts/son-la/2026.yaml"}
    assert {k for k in old if old[k] != new[k]} == {"funding.csv", "results.csv", "awards.csv"}
    return pristine, book, old, new


def fresh_data(pristine: Path, where: Path) -> Path:
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(pristine, where)
    return where


@pytest.mark.slow
def test_import_killed_at_every_step_leaves_old_or_new_data(import_case, tmp_path):
    pristine, book, old, new = import_case
    data = fresh_data(pristine, tmp_path / "data")
    steps = run_killed(lambda: import_workbook(book, data, say=quiet), None)
    assert files(data, skip=(".backup/",)) == new
    seen = []
    for n in range(1, steps + 1):
        data = fresh_data(pristine, tmp_path / "data")
        assert run_killed(lambda d=data: import_workbook(book, d, say=quiet), n) == -KILLED
        leftover = journal.needs_recovery(data)
        said: list[str] = []
        # The next command: a build (shared lock) or an import or restore (exclusive).
        with data_lock(data, said.append, shared=n % 2 == 0):
            state = files(data, skip=(".backup/",))
        assert state in (old, new), n
        assert bool(said) == leftover, (n, said)
        seen.append("new" if state == new else "old")
        assert not journal.needs_recovery(data)
        backups = list_backups(data)
        if state == old:  # no trace: no backup, nothing hidden
            assert sorted(p.name for p in data.iterdir()) == sorted(
                p.name for p in pristine.iterdir()
            )
        else:  # one complete backup of what the import replaced
            assert [(b.replaced, b.created) for b in backups] == [
                (["awards.csv", "funding.csv", "results.csv"], ["texts/son-la/2026.yaml"])
            ]
            assert files(backups[0].folder, skip=("manifest.json",)) == {
                k: old[k] for k in ("awards.csv", "funding.csv", "results.csv")
            }
    assert "old" in seen and "new" in seen and seen == sorted(seen, key=["old", "new"].index)


def test_the_next_command_says_it_finished_an_interrupted_import(import_case, tmp_path):
    pristine, book, old, new = import_case
    data = fresh_data(pristine, tmp_path / "data")
    steps = run_killed(lambda: import_workbook(book, data, say=quiet), None)
    data = fresh_data(pristine, tmp_path / "data")
    # Killed three steps before the end: committed, the staging folder still there.
    assert run_killed(lambda: import_workbook(book, data, say=quiet), steps - 2) == -KILLED
    assert (data / journal.JOURNAL).is_file()
    result = CliRunner().invoke(main, ["restore", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert (
        "Lần ghi dữ liệu trước (khuyencong import son-la 2026) bị dừng giữa chừng sau khi đã "
        "kiểm tra xong: đã ghi nốt vào data/ (awards.csv, funding.csv, results.csv, texts)."
    ) in result.output
    assert "khuyencong import son-la 2026: awards.csv, funding.csv, results.csv" in result.output
    assert files(data, skip=(".backup/",)) == new


def test_the_next_command_removes_an_uncommitted_import(import_case, tmp_path):
    pristine, book, old, _ = import_case
    data = fresh_data(pristine, tmp_path / "data")
    assert run_killed(lambda: import_workbook(book, data, say=quiet), 30) == -KILLED
    staged = [p.name for p in data.glob(f"{journal.STAGING_PREFIX}*")]
    assert len(staged) == 1 and not (data / journal.JOURNAL).exists()
    result = CliRunner().invoke(main, ["restore", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert (
        f"Đã xoá data/{staged[0]}, phần còn sót của một lần ghi dữ liệu bị dừng giữa chừng "
        "(lần đó chưa ghi gì vào dữ liệu)."
    ) in result.output
    assert "Chưa có bản sao lưu nào." in result.output
    assert files(data) == old


def test_restore_killed_at_every_step_leaves_old_or_new_data(tmp_path):
    """`restore` is the same kind of transaction: the backup's files back, what it replaces
    backed up, in one commit."""
    from khuyencong.inputs.backup import restore_backup, stage_backup

    pristine = tmp_path / "pristine"
    shutil.copytree(DATA, pristine)
    with journal.staging(pristine) as staged:  # a backup of funding.csv and results.csv
        _, change = stage_backup(pristine, staged, ["funding.csv", "results.csv"], "thử")
        journal.commit(pristine, staged, change)
    name = list_backups(pristine)[0].name
    for rel, text in (("funding.csv", "đã sửa\n"), ("results.csv", "đã sửa\n")):
        (pristine / rel).write_text(text, encoding="utf-8")
    old = files(pristine, skip=(".backup/",))
    after = fresh_data(pristine, tmp_path / "after")
    restore_backup(after, name)
    new = files(after, skip=(".backup/",))
    assert {k for k in old if old[k] != new[k]} == {"funding.csv", "results.csv"}
    data = fresh_data(pristine, tmp_path / "data")
    steps = run_killed(lambda: restore_backup(data, name), None)
    seen = []
    for n in range(1, steps + 1):
        data = fresh_data(pristine, tmp_path / "data")
        assert run_killed(lambda d=data: restore_backup(d, name), n) == -KILLED
        with data_lock(data, quiet):
            state = files(data, skip=(".backup/",))
        assert state in (old, new), n
        seen.append("new" if state == new else "old")
        assert len(list_backups(data)) == (2 if state == new else 1)
        assert not journal.needs_recovery(data)
    assert "old" in seen and "new" in seen and seen == sorted(seen, key=["old", "new"].index)
