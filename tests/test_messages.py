"""Every message of the command line in Vietnamese: Click's usage errors, bad option values,
help, Ctrl-C (exit 130); locks that make a second build of one edition wait or give up;
a publish interrupted at any point leaves the old edition or the new one, nothing else."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from khuyencong.cli.commands import main
from khuyencong.cli.messages import usage_message
from khuyencong.core.edition import Edition
from khuyencong.core.locking import edition_lock
from khuyencong.core.request import ProjectPaths, PublishRequest
from khuyencong.pipeline import swap as publish

ENGLISH = ("Usage", "Error", "Invalid value", "Aborted", "Traceback", "is not a valid", "Options")


@pytest.mark.parametrize(
    "args, expected",
    [
        (["build", "--year", "20x5"], "--year: năm không hợp lệ '20x5'"),
        (["build", "--year", "1999"], "từ 2000 đến 2100"),
        (["build", "--jobs", "-3"], "--jobs: số chương song song không hợp lệ '-3'"),
        (["build", "--jobs", "hai"], "cần số nguyên ≥ 1"),
        (["build", "--format", "docx"], "chọn một trong: html, pdf, all"),
        (["buld"], "Không có lệnh 'buld'"),
        (["build", "--provnce", "son-la"], "Có phải ý bạn là --province?"),
        (["new-year", "--province", "son-la"], "Thiếu tuỳ chọn --year"),
        (["import"], "Thiếu đối số"),
        (["import", "khong-co.xlsx"], "Không có tệp 'khong-co.xlsx'"),
        (["build", "--year"], "Tuỳ chọn --year cần một giá trị"),
        (["build", "thua"], "Thừa đối số: thua"),
    ],
)
def test_click_errors_are_vietnamese(args, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    for word in ENGLISH:
        assert word not in result.output, (word, result.output)


def test_help_is_vietnamese():
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Cách dùng: ") and "build [TUỲ CHỌN]" in result.output
    assert "Tuỳ chọn:" in result.output and "[mặc định: son-la]" in result.output
    assert "Hiện hướng dẫn này" in result.output
    assert "Show this message" not in result.output


# Click's own names for what an option takes, and the English names of the arguments.
CLICK_TYPE_NAMES = re.compile(r"\b(TEXT|PATH|FILE|DIRECTORY|INTEGER|FLOAT|NAME|WORKBOOK)\b")


@pytest.mark.parametrize(
    "command", ["", "build", "publish", "import", "template", "new-year", "restore", "clean"]
)
def test_help_names_what_each_option_takes_in_vietnamese(command):
    result = CliRunner().invoke(main, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert CLICK_TYPE_NAMES.findall(result.output) == []


def test_ctrl_c_exits_130_in_vietnamese(monkeypatch, tmp_path):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    # The CLI imports the build lazily: replace it where it is looked up.
    monkeypatch.setattr("khuyencong.pipeline.build.build_edition", interrupted)
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--year", "2025", "--out", str(out)])
    assert result.exit_code == 130
    assert "Đã dừng theo yêu cầu (Ctrl-C)" in result.output
    assert "Aborted" not in result.output


def test_unknown_usage_message_falls_back_to_vietnamese():
    import click

    assert "Xem: khuyencong" in usage_message(click.UsageError("Something new in Click 9."))


def test_second_build_of_an_edition_gives_up_when_locked(tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setenv("KHUYENCONG_LOCK_TIMEOUT", "0.3")
    project = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(project)
    paths = ProjectPaths.resolve(project, out_root=out).of(Edition("son-la", 2025))
    with edition_lock(paths, say=lambda s: None):
        result = CliRunner().invoke(main, ["build", "--out", str(out), "--format", "html"])
    assert result.exit_code == 75, result.output
    assert "Ấn phẩm son-la năm 2025 đang được một lệnh khác dùng" in result.output
    assert "chờ tối đa 0.3 giây" in result.output
    assert not (out / "site").exists()


def test_import_waits_for_the_data_lock_then_gives_up(data_copy, tmp_path, monkeypatch):
    from khuyencong.core.locking import data_lock
    from khuyencong.inputs.workbook import write_template

    book, _ = write_template(data_copy, "son-la", 2025, tmp_path / "b.xlsx")
    monkeypatch.setenv("KHUYENCONG_LOCK_TIMEOUT", "0.2")
    with data_lock(data_copy, say=lambda s: None):
        result = CliRunner().invoke(main, ["import", str(book), "--data-dir", str(data_copy)])
    assert result.exit_code == 75, result.output
    assert "Thư mục dữ liệu data/ đang được một lệnh khác dùng" in result.output


def site_with(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(text, encoding="utf-8")
    return root


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("where", ["copy", "symlink", "replace"])
def test_interrupted_publish_leaves_old_edition_and_no_leftovers(tmp_path, monkeypatch, where):
    target = tmp_path / "site" / "son-la" / "2025"
    publish.publish_dir(site_with(tmp_path / "old", "cũ"), target)
    old = os.readlink(target)
    built = site_with(tmp_path / "built", "mới")

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(
        *{"copy": (publish.shutil, "copytree"), "symlink": (os, "symlink")}.get(
            where, (os, "replace")
        ),
        interrupted,
    )
    with pytest.raises(KeyboardInterrupt):
        publish.publish_dir(built, target)
    monkeypatch.undo()
    assert (target / "index.html").read_text(encoding="utf-8") == "cũ"
    assert os.readlink(target) == old
    assert listing(target.parent) == sorted(["2025", old])  # no copy, no link left


def test_publish_replaces_the_edition_and_cleans_legacy_leftovers(tmp_path):
    target = site_with(tmp_path / "site" / "son-la" / "2025", "cũ")  # an earlier version's
    site_with(tmp_path / "site" / "son-la" / "2025.incoming", "dở dang")
    built = site_with(tmp_path / "built", "mới")
    said: list[str] = []
    publish.publish_dir(built, target, said.append)
    assert (target / "index.html").read_text(encoding="utf-8") == "mới"
    assert listing(target.parent) == sorted(["2025", os.readlink(target)])
    assert os.readlink(target) == f".2025.gen-{publish.tree_digest(built)}"
    assert said == [
        "Đã dọn phần còn sót của một lần xuất bản son-la/2025 bị dừng giữa chừng: 2025.incoming"
    ]


def test_an_edition_hidden_by_an_earlier_version_is_put_back(tmp_path):
    """Killed between the two renames of an earlier version: only `.incoming` and `.outgoing`."""
    parent = tmp_path / "site" / "son-la"
    site_with(parent / ".2025.outgoing", "cũ")
    site_with(parent / ".2025.incoming", "mới, chưa chắc đủ")
    said: list[str] = []
    publish.repair(parent / "2025", said.append)
    assert (parent / "2025" / "index.html").read_text(encoding="utf-8") == "cũ"
    assert listing(parent) == [".2025.gen-legacy", "2025"]
    assert said == [
        "Ấn phẩm son-la/2025 bị ẩn do một lần xuất bản bị dừng giữa chừng: đã khôi phục.",
        "Đã dọn phần còn sót của một lần xuất bản son-la/2025 bị dừng giữa chừng: .2025.incoming",
    ]


def test_builds_share_the_data_lock_and_an_import_waits_for_them(data_copy, monkeypatch):
    from khuyencong.core.locking import data_lock
    from khuyencong.errors import BusyError

    monkeypatch.setenv("KHUYENCONG_LOCK_TIMEOUT", "0.2")
    said: list[str] = []
    with data_lock(data_copy, said.append, shared=True):
        with data_lock(data_copy, said.append, shared=True):
            assert said == []  # a second build reads at once
        busy = "Thư mục dữ liệu data/ đang được một lệnh khác dùng"
        with pytest.raises(BusyError, match=busy), data_lock(data_copy, said.append):
            pass  # an import: not while a build reads
    with data_lock(data_copy, said.append):
        pass  # released with the build
    assert len(said) == 1 and "chờ tối đa 0.2 giây" in said[0]


class Stop(Exception):
    pass


@pytest.mark.slow  # a workbook round trip or a whole command
def test_a_build_holds_the_data_lock_while_its_chapters_read_the_data(tmp_path, monkeypatch):
    from khuyencong.core.locking import data_lock
    from khuyencong.core.request import BuildRequest
    from khuyencong.errors import BusyError
    from khuyencong.pipeline import build as build_mod

    project = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(project / "data", data)
    monkeypatch.setenv("KHUYENCONG_LOCK_TIMEOUT", "0")

    def chapters(request, paths, say):
        assert paths.data_dir == data
        with pytest.raises(BusyError), data_lock(paths.data_dir, say=lambda s: None):
            pass  # an import at this point waits
        raise Stop

    monkeypatch.setattr(build_mod, "run_chapters", chapters)
    where = ProjectPaths.resolve(project, data, tmp_path / "_build")
    with pytest.raises(Stop):
        build_mod.build_edition(BuildRequest.of("son-la", 2025), where, say=lambda s: None)
    with data_lock(data, say=lambda s: None):
        pass  # the build let go of it


@pytest.mark.slow  # a workbook round trip or a whole command
def test_publish_takes_each_edition_lock_like_build(tmp_path, monkeypatch):
    from khuyencong.errors import BusyError
    from khuyencong.pipeline.site import publish_all

    project = Path(__file__).resolve().parents[1]
    monkeypatch.setenv("KHUYENCONG_LOCK_TIMEOUT", "0")
    where = ProjectPaths.resolve(project, out_root=tmp_path / "out")
    son_la = Edition("son-la", 2025)
    with edition_lock(where.of(son_la), say=lambda s: None), pytest.raises(BusyError) as err:
        publish_all(where, PublishRequest((son_la,), fmt="html"), say=lambda s: None)
    assert "Ấn phẩm son-la năm 2025 đang được một lệnh khác dùng" in str(err.value)
    assert not (where.site / "son-la").exists()
