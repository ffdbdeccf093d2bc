"""The warm office converter (outputs/office_warm.py, office_bridge.py): one LibreOffice
listener per command, driven through UNO by a bridge run with the system Python.

Fast tests: the bridge's requests and answers, the command lines, the comment-free copy,
and the one-shot fallback when the bridge's Python has no `uno` (the project's own Python
has none: it stands in for a system without python3-uno) or is missing. Slow tests start
LibreOffice: the warm PDF is the one-shot PDF byte for byte, reports converted one after
another through one listener are each the same as alone, and no LibreOffice process is left
after the command, whether it ended, failed on a corrupt file, was interrupted, or killed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from docx import Document
from test_containment import INSTALLATION, tree_state
from test_report import soffice_or_skip

from khuyencong.content.report.period import edition_report
from khuyencong.core.edition import Edition, Period
from khuyencong.errors import RenderError
from khuyencong.outputs import office_bridge, office_pdf, office_warm
from khuyencong.outputs.office_pdf import XDG, convert
from khuyencong.outputs.office_warm import (
    OfficeConverter,
    bridge_command,
    has_comments,
    listener_command,
    office_session,
    printable,
    warm_up,
    without_comments,
)
from khuyencong.outputs.word import write_docx

SRC = Path(__file__).resolve().parents[1] / "src"


# --- the bridge's protocol and the command lines ----------------------------------------------


def test_a_request_is_one_json_line_with_both_paths():
    line = office_bridge.encode_request("/a/bào cáo.docx", "/b/bào cáo.pdf")
    assert line.endswith("\n") and line.count("\n") == 1
    assert json.loads(line) == {"docx": "/a/bào cáo.docx", "pdf": "/b/bào cáo.pdf"}
    assert json.loads(office_bridge.encode_quit()) == {"quit": True}


def test_answers_decode_to_ok_error_and_lost():
    assert office_bridge.decode_answer(office_bridge.encode_answer()) == (True, "", False)
    refused = office_bridge.encode_answer("không mở được tệp")
    assert office_bridge.decode_answer(refused) == (False, "không mở được tệp", False)
    gone = office_bridge.encode_answer("Binary URP bridge disposed", lost=True)
    assert office_bridge.decode_answer(gone) == (False, "Binary URP bridge disposed", True)
    # What is no answer (a stray line of output) is an error that quotes it, never an ok.
    ok, error, lost = office_bridge.decode_answer("Warning: failed to launch javaldx\n")
    assert not ok and "javaldx" in error and not lost
    assert office_bridge.decode_answer('{"ok": "yes"}')[0] is False


def test_the_listener_command_line_is_contained_and_accepts_on_its_pipe(tmp_path):
    profile = tmp_path / "office" / "profile-0"
    cmd = listener_command("/usr/bin/soffice", profile, "khuyencong-1-abc")
    assert cmd[0] == "/usr/bin/soffice"
    for flag in ("--headless", "--invisible", "--norestore", "--nologo", "--nodefault"):
        assert flag in cmd
    assert f"-env:UserInstallation={profile.resolve().as_uri()}" in cmd
    shared = (profile.resolve() / "shared-packages").as_uri()
    assert f"-env:UNO_SHARED_PACKAGES_CACHE={shared}" in cmd
    assert cmd[-1] == "--accept=pipe,name=khuyencong-1-abc;urp;StarOffice.ComponentContext"


def test_the_bridge_runs_isolated_with_the_given_python():
    cmd = bridge_command("/usr/bin/python3", "khuyencong-1-abc", 60)
    assert cmd == [
        "/usr/bin/python3",
        "-I",
        "-B",
        str(SRC / "khuyencong" / "outputs" / "office_bridge.py"),
        "khuyencong-1-abc",
        "60",
    ]


def test_the_bridge_imports_nothing_of_the_package():
    source = (SRC / "khuyencong" / "outputs" / "office_bridge.py").read_text(encoding="utf-8")
    assert "khuyencong" not in "".join(
        line for line in source.splitlines() if line.startswith(("import ", "from "))
    )


# --- comments: the listener prints a copy without them ----------------------------------------


def commented_docx(path: Path) -> Path:
    doc = Document()
    first = doc.add_paragraph("Đoạn thứ nhất.")
    doc.add_paragraph("Đoạn thứ hai.")
    doc.add_comment(first.runs, text="QT7: cần giải trình", author="khuyencong")
    doc.save(str(path))
    return path


def test_a_copy_without_comments_keeps_the_text(tmp_path):
    original = commented_docx(tmp_path / "bao-cao.docx")
    assert has_comments(original)
    copy = without_comments(original, tmp_path / "in")
    assert copy.name == original.name and copy.parent == tmp_path / "in"
    assert not has_comments(copy)
    assert [p.text for p in Document(str(copy)).paragraphs] == ["Đoạn thứ nhất.", "Đoạn thứ hai."]
    assert has_comments(original)  # the original is untouched


def test_a_file_that_is_no_word_file_has_no_comments(tmp_path):
    (tmp_path / "hong.docx").write_bytes(b"khong phai zip")
    assert not has_comments(tmp_path / "hong.docx")
    assert printable(tmp_path / "hong.docx", tmp_path / "in") == tmp_path / "hong.docx"


def test_only_a_file_with_comments_is_copied(tmp_path):
    plain = tmp_path / "plain.docx"
    Document().save(str(plain))
    assert printable(plain, tmp_path / "in") == plain and not (tmp_path / "in").exists()
    commented = commented_docx(tmp_path / "bao-cao.docx")
    assert printable(commented, tmp_path / "in") == tmp_path / "in" / "bao-cao.docx"


# --- the one-shot fallback ---------------------------------------------------------------------


@pytest.fixture
def one_shot_calls(monkeypatch) -> list[Path]:
    """Replace the one-shot conversion (it would start LibreOffice) by a recorder writing a
    stand-in PDF."""
    calls: list[Path] = []

    def fake(docx: Path, outdir: Path, profile: Path) -> Path:
        calls.append(docx)
        pdf = outdir / f"{docx.stem}.pdf"
        pdf.write_bytes(b"%PDF-1.7 stand-in")
        return pdf

    monkeypatch.setattr(office_pdf, "one_shot", fake)
    return calls


def test_without_a_session_the_report_is_printed_one_shot(tmp_path, one_shot_calls):
    warm_up()  # no session: nothing starts
    assert office_pdf.WARM is None
    docx = tmp_path / "a.docx"
    pdf = convert(docx, tmp_path / "pdf", tmp_path / "profile", None)
    assert one_shot_calls == [docx] and pdf == tmp_path / "pdf" / "a.pdf"


def test_a_python_without_uno_falls_back_to_one_shot_with_one_note(tmp_path, one_shot_calls):
    said: list[str] = []
    # The project's own Python cannot import uno: it stands for a system without python3-uno.
    converter = OfficeConverter(tmp_path / "office", python=sys.executable, say=said.append)
    with converter:
        monkey_session(converter)
        for name in ("a", "b"):
            convert(tmp_path / f"{name}.docx", tmp_path / "pdf", tmp_path / "profile", None)
    assert [p.name for p in one_shot_calls] == ["a.docx", "b.docx"]
    assert converter.unusable is not None and "python3-uno" in converter.unusable
    assert len(said) == 1 and said[0].strip().startswith("Ghi chú: in báo cáo ra PDF")
    assert converter._bridge is None and converter._office is None  # nothing left running


def test_a_missing_python_falls_back_without_starting_anything(tmp_path, one_shot_calls):
    said: list[str] = []
    missing = str(tmp_path / "khong-co" / "python3")
    with OfficeConverter(tmp_path / "office", python=missing, say=said.append) as converter:
        assert converter.convert(tmp_path / "a.docx", tmp_path / "a.pdf") is False
    assert missing in (converter.unusable or "") and "python3-uno" in said[0]
    assert converter.profile is None  # no profile was even taken


def test_when_every_profile_is_in_use_the_command_falls_back(tmp_path, monkeypatch):
    monkeypatch.setattr(office_warm, "SLOTS", 1)
    with OfficeConverter(tmp_path / "office", python=sys.executable, say=lambda s: None) as first:
        assert first._take_slot() == tmp_path / "office" / "profile-0"
        second = OfficeConverter(tmp_path / "office", python=sys.executable, say=lambda s: None)
        assert second._take_slot() is None
        assert not second.ready() and "đang được lệnh khác dùng" in (second.unusable or "")
    third = OfficeConverter(tmp_path / "office", python=sys.executable, say=lambda s: None)
    assert third._take_slot() == tmp_path / "office" / "profile-0"  # released by close
    third.close()


def test_an_interruption_while_starting_reaches_the_waiting_thread(tmp_path, monkeypatch):
    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(OfficeConverter, "_try_launch", interrupted)
    converter = OfficeConverter(tmp_path / "office", say=lambda s: None)
    with converter, pytest.raises(KeyboardInterrupt):
        converter.ready()


def monkey_session(converter: OfficeConverter) -> None:
    office_warm._CURRENT, office_pdf.WARM = converter, converter.convert


@pytest.fixture(autouse=True)
def _no_session_left():
    yield
    office_warm._CURRENT = office_pdf.WARM = None


def test_a_session_is_the_current_converter_only_inside(tmp_path):
    with office_session(tmp_path / "_build") as converter:
        assert office_warm._CURRENT is converter and converter.convert == office_pdf.WARM
        assert converter.root == tmp_path / "_build" / "office"
    assert office_warm._CURRENT is None and office_pdf.WARM is None
    assert converter._started is None  # nothing was started: no report was printed


# --- with LibreOffice ------------------------------------------------------------------------


def uno_or_skip() -> None:
    """The system Python with uno is required in CI (make system installs python3-uno)."""
    soffice_or_skip()
    found = subprocess.run(
        [office_warm.UNO_PYTHON, "-I", "-c", "import uno"], capture_output=True, check=False
    )
    if found.returncode == 0:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("python3-uno thiếu trong CI: make system cài gói này")
    pytest.skip("python3-uno chưa cài: LibreOffice chạy nền không dùng được")


def running(marker: str) -> list[str]:
    """The command lines of the processes naming `marker` (a profile's path, a pipe)."""
    found = subprocess.run(["pgrep", "-af", marker], capture_output=True, text=True, check=False)
    return [line for line in found.stdout.splitlines() if "pgrep" not in line]


@pytest.fixture(scope="module")
def reports(dataset, tmp_path_factory) -> list[Path]:
    """The 2025 báo cáo of Sơn La (a draft, with its rules' comments) and its 2016–2020
    tổng kết, as Word files."""
    folder = tmp_path_factory.mktemp("docx")
    editions = [Edition("son-la", 2025), Edition("son-la", 2020, Period(2016, 2020))]
    return [write_docx(edition_report(dataset, ed), folder / ed.report_docx) for ed in editions]


@pytest.mark.slow  # LibreOffice, one-shot and warm
def test_the_warm_pdf_is_the_one_shot_pdf_byte_for_byte(reports, tmp_path):
    uno_or_skip()
    docx = reports[0]
    assert has_comments(docx)  # the listener prints its comment-free copy
    alone = convert(docx, tmp_path / "one-shot", tmp_path / "profile", None)  # no session
    with office_session(tmp_path / "_build") as converter:
        warm_up()
        warm = convert(docx, tmp_path / "warm", tmp_path / "unused", None)
        assert converter.unusable is None
    assert warm.read_bytes() == alone.read_bytes()
    assert not (tmp_path / "unused").exists()  # the one-shot profile was never needed
    assert sorted(p.name for p in (tmp_path / "warm").iterdir()) == [warm.name]  # copy removed


@pytest.mark.slow  # LibreOffice, three listeners
def test_reports_through_one_listener_are_each_as_alone(reports, tmp_path):
    uno_or_skip()
    with office_session(tmp_path / "_build"):
        together = [convert(d, tmp_path / "together", tmp_path / "p", None) for d in reports]
    for i, docx in enumerate(reports):
        with office_session(tmp_path / f"_build-{i}"):
            alone = convert(docx, tmp_path / f"alone-{i}", tmp_path / "p", None)
        assert together[i].read_bytes() == alone.read_bytes(), docx.name
    assert together[0].read_bytes() != together[1].read_bytes()
    # Opened read-only: no LibreOffice lock file left anywhere.
    assert [p for p in tmp_path.rglob(".~lock*")] == []
    assert [p for p in reports[0].parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.slow  # LibreOffice
def test_a_corrupt_file_is_a_vietnamese_error_and_nothing_is_left_running(reports, tmp_path):
    uno_or_skip()
    corrupt = tmp_path / "son-la-2025-bao-cao.docx"
    corrupt.write_bytes(reports[0].read_bytes()[:20000])  # a Word file cut short
    with office_session(tmp_path / "_build") as converter:
        warm_up()
        with pytest.raises(RenderError) as info:
            convert(corrupt, tmp_path / "pdf", tmp_path / "p", None)
        assert str(info.value).startswith(
            "LibreOffice không in được báo cáo son-la-2025-bao-cao.docx ra PDF:"
        )
        assert converter.unusable is None  # the listener still serves the next report
        good = convert(reports[1], tmp_path / "pdf", tmp_path / "p", None)
        assert good.read_bytes().startswith(b"%PDF")
        assert running(converter.pipe)  # the bridge and the listener, while the command runs
    assert running(converter.pipe) == [] and running(str(converter.profile)) == []
    assert not (tmp_path / "p").exists()  # all went through the listener


@pytest.mark.slow  # LibreOffice
def test_ctrl_c_stops_the_listener(tmp_path):
    uno_or_skip()
    with pytest.raises(KeyboardInterrupt), office_session(tmp_path / "_build") as converter:
        warm_up()
        assert converter.ready() and running(converter.pipe)
        raise KeyboardInterrupt
    assert running(converter.pipe) == [] and running(str(converter.profile)) == []


KILLED_COMMAND = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from khuyencong.outputs.office_warm import office_session
    with office_session(Path(sys.argv[1])) as converter:
        assert converter.ready(), converter.unusable
        print(converter.pipe, flush=True)
        time.sleep(120)
    """
)


@pytest.mark.slow  # LibreOffice
def test_a_killed_command_leaves_no_libreoffice_behind(tmp_path):
    uno_or_skip()
    env = dict(os.environ, PYTHONPATH=str(SRC))
    command = subprocess.Popen(
        [sys.executable, "-c", KILLED_COMMAND, str(tmp_path / "_build")],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert command.stdout is not None
    pipe = command.stdout.readline().strip()
    assert pipe.startswith("khuyencong-") and running(pipe)
    command.send_signal(signal.SIGKILL)  # no clean-up in the command itself
    command.wait()
    deadline = time.monotonic() + 30
    while running(pipe) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert running(pipe) == []  # the bridge saw its input end and terminated LibreOffice


@pytest.mark.slow  # LibreOffice
def test_the_listener_writes_nothing_outside_the_build_folder(reports, tmp_path, monkeypatch):
    uno_or_skip()
    uno_dir = subprocess.run(
        [office_warm.UNO_PYTHON, "-I", "-c", "import uno; print(uno.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # A fresh, empty home for this process: anything LibreOffice put in $HOME or $XDG_* shows.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in XDG:
        monkeypatch.setenv(var, str(home / var.lower()))
    watched = [*INSTALLATION, Path(uno_dir).parent / "__pycache__"]  # uno's bytecode too
    before = tree_state(watched)
    with office_session(tmp_path / "_build"):
        warm_up()
        pdf = convert(reports[0], tmp_path / "_build" / "pdf", tmp_path / "_build" / "p", None)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert list(home.iterdir()) == []
    assert tree_state(watched) == before
    assert sorted(p.name for p in (tmp_path / "_build").iterdir()) == ["office", "pdf"]
    office = tmp_path / "_build" / "office"
    assert sorted(p.name for p in office.iterdir()) == [
        "profile-0",
        "profile-0-home",
        "profile-0.lock",
    ]
    assert (office / "profile-0" / "user").is_dir()


# --- the commands open one session each --------------------------------------------------------


def test_build_and_publish_print_through_one_session(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import khuyencong.pipeline.build as build_mod
    import khuyencong.pipeline.site as site_mod
    from khuyencong.cli.commands import main

    seen: list[object] = []

    def during(*args, **kwargs):
        seen.append(office_pdf.WARM)
        return tmp_path / "site"

    monkeypatch.setattr(build_mod, "build_edition", during)
    monkeypatch.setattr(site_mod, "publish_all", during)
    monkeypatch.setattr("khuyencong.pipeline.fastpath.published_unchanged", lambda *a, **k: None)
    monkeypatch.chdir(SRC.parent)
    out = ["--out", str(tmp_path / "_build")]
    assert CliRunner().invoke(main, ["build", "--year", "2025", *out]).exit_code == 0
    assert CliRunner().invoke(main, ["publish", *out]).exit_code == 0
    assert len(seen) == 2 and all(getattr(w, "__self__", None) is not None for w in seen)
    assert seen[0].__self__.root == tmp_path / "_build" / "office"  # type: ignore[union-attr]
    assert office_pdf.WARM is None  # closed with the command


@pytest.mark.slow  # LibreOffice, warm then one-shot
def test_a_listener_that_died_gives_way_to_the_one_shot_way(reports, tmp_path):
    uno_or_skip()
    said: list[str] = []
    with office_session(tmp_path / "_build", say=said.append) as converter:
        assert converter.ready()
        first = convert(reports[1], tmp_path / "warm", tmp_path / "p", None)
        for line in running(f"soffice.bin.*{converter.pipe}"):
            os.kill(int(line.split()[0]), signal.SIGKILL)  # LibreOffice crashes
        again = convert(reports[1], tmp_path / "after", tmp_path / "p", None)
        assert (tmp_path / "p").is_dir()  # printed by a LibreOffice of its own
        assert converter.unusable and "đã dừng" in converter.unusable
    assert again.read_bytes() == first.read_bytes()
    assert len(said) == 1 and "LibreOffice chạy nền đã dừng" in said[0]
    assert running(converter.pipe) == []


def test_a_listener_that_exits_at_once_is_not_waited_for(tmp_path, monkeypatch, one_shot_calls):
    uno_or_skip()  # the bridge itself runs: it waits for a listener that never comes
    fake = tmp_path / "fake-office"
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")  # as a second instance would
    fake.chmod(0o755)
    monkeypatch.setattr(office_warm, "soffice", lambda: str(fake))
    said: list[str] = []
    started = time.monotonic()
    with office_session(tmp_path / "_build", say=said.append) as converter:
        convert(tmp_path / "a.docx", tmp_path / "pdf", tmp_path / "p", None)
    assert time.monotonic() - started < office_warm.START_WAIT / 4  # not the bridge's wait
    assert one_shot_calls == [tmp_path / "a.docx"]
    assert "LibreOffice đã thoát (mã 0)" in (converter.unusable or "") and len(said) == 1
    assert running(converter.pipe) == []


@pytest.mark.slow  # LibreOffice
def test_a_command_ending_while_the_listener_starts_leaves_nothing(tmp_path):
    uno_or_skip()
    started = time.monotonic()
    with office_session(tmp_path / "_build") as converter:
        warm_up()
        time.sleep(0.3)  # the bridge waits for LibreOffice, which is starting
    assert time.monotonic() - started < office_warm.STOP_WAIT  # terminated, not waited for
    time.sleep(0.5)  # the launching thread notices and ends too
    assert running(converter.pipe) == [] and running(str(tmp_path / "_build")) == []
