"""Two builds of one edition and an import at once; Ctrl-C in the middle of a build.

The commands run as real processes (`khuyencong …`), as two people on one machine would."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from khuyencong.inputs.workbook import write_template

PROJECT = Path(__file__).resolve().parents[1]
EXE = str(Path(sys.executable).with_name("khuyencong"))
pytestmark = pytest.mark.slow


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [EXE, *args],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ | {"KHUYENCONG_LOCK_TIMEOUT": "900"},
    )


def test_two_builds_and_an_import_at_once(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    book, _ = write_template(data, "son-la", 2025, tmp_path / "son-la-2025.xlsx")
    out = tmp_path / "_build"
    common = ["--data-dir", str(data), "--out", str(out), "--format", "html", "--jobs", "1"]
    first = start("build", *common)
    time.sleep(1)
    second = start("build", *common)
    importer = start("import", str(book), "--data-dir", str(data))
    outputs = [p.communicate(timeout=900)[0] for p in (first, second, importer)]
    codes = [p.returncode for p in (first, second, importer)]
    assert codes == [0, 0, 0], outputs
    assert "Traceback" not in "".join(outputs)
    # The second build waited for the first (same edition), then found nothing to redo.
    assert "đang được một lệnh khác dùng" in outputs[1]
    site = out / "site" / "son-la" / "2025"
    assert (site / "index.html").is_file()
    # No leftover: the edition's link and the one generation it points to.
    assert sorted(p.name for p in site.parent.iterdir()) == sorted(["2025", os.readlink(site)])


def test_ctrl_c_during_a_build_exits_130_and_keeps_the_published_edition(tmp_path: Path):
    out = tmp_path / "_build"
    site = out / "site" / "son-la" / "2025"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>ấn phẩm đã xuất bản</p>", encoding="utf-8")
    before = snapshot(out / "site")
    proc = subprocess.Popen(
        [EXE, "build", "--out", str(out), "--format", "html", "--jobs", "1"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("[2/4]"):
            time.sleep(3)  # a chapter is running in a kernel
            proc.send_signal(signal.SIGINT)
            break
    rest, _ = proc.communicate(timeout=300)
    output = "".join(lines) + rest
    assert proc.returncode == 130, output
    assert "Đã dừng theo yêu cầu (Ctrl-C)" in output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
    assert snapshot(out / "site") == before


@pytest.mark.slow  # whole builds, interrupted
@pytest.mark.parametrize("after", [0.3, 1.0, 2.5, 4.0])
def test_ctrl_c_at_the_terminal_stops_every_process_without_a_traceback(tmp_path, after):
    """A terminal's Ctrl-C reaches the whole process group: the command, its chapter workers,
    the warm Sphinx process and its builds. Only the command speaks, and nothing of the group
    is left running."""
    proc = subprocess.Popen(
        [EXE, "build", "--out", str(tmp_path / "_build"), "--format", "all"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own group, as a terminal gives a command
    )
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGINT)
    output, _ = proc.communicate(timeout=300)
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert proc.returncode in (0, 130), output  # 0: it had finished
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # a process of the group still there
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("processes of the command left running 10 s after it ended")
