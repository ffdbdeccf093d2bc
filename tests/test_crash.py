"""No traceback, ever: an unexpected error is one Vietnamese message naming the step, the file
and row when known, and a log file holding the details; a failing chapter names the data row;
Ctrl-C anywhere prints only the Vietnamese message and exits 130; `--jobs` is bounded."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from khuyencong import INTERRUPTED
from khuyencong.cli import crash, messages
from khuyencong.cli.commands import main
from khuyencong.errors import ChaptersFailedError, NotebookExecutionError, RenderError
from khuyencong.inputs.locate import data_rows, quoted_values

PROJECT = Path(__file__).resolve().parents[1]
LOG = re.compile(r"ở tệp (\S+\.log)\.")


def boom(*args, **kwargs):
    return {}["khoá không có"]  # a KeyError, as a bug would raise it


def test_an_unexpected_error_is_a_vietnamese_message_and_a_log(tmp_path, monkeypatch):
    monkeypatch.setattr("khuyencong.pipeline.build.pin_environment", boom)
    monkeypatch.chdir(PROJECT)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--year", "2025", "--out", str(out)])
    assert result.exit_code == crash.EXIT_CODE == 70
    text = result.output
    assert "Lỗi ngoài dự kiến của chương trình khi chạy lệnh build" in text
    assert "ở bước “dựng ấn phẩm”" in text  # pipeline.build called the failing function
    assert "Traceback" not in text and "KeyError" not in text
    [log] = LOG.findall(text)
    assert Path(log).parent == out / "logs"
    details = Path(log).read_text(encoding="utf-8")
    assert "Traceback" in details and "KeyError" in details and "khoá không có" in details
    assert not (out / "site").exists()


def test_the_step_is_that_of_the_innermost_package_frame(tmp_path, monkeypatch, data_copy):
    monkeypatch.setattr("khuyencong.inputs.workbook.template.check_year", boom)
    monkeypatch.chdir(tmp_path)  # no project here: the log goes to the temporary folder
    args = ["template", "--province", "son-la", "--year", "2025", "--data-dir", str(data_copy)]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 70
    assert "lệnh template, ở bước “tạo sổ Excel”" in result.output
    [log] = LOG.findall(result.output)
    assert Path(log).parent == crash.log_folder(None)
    Path(log).unlink()


def test_the_file_and_row_are_named_when_known():
    missing = FileNotFoundError(2, "No such file", "/srv/data/funding.csv")
    assert crash.where_of(missing) == "tệp funding.csv"
    try:
        yaml.safe_load(yaml.compose("a: [1"))  # a YAML error with its mark
    except yaml.YAMLError as exc:
        exc.problem_mark.name = "/srv/data/texts/son-la/2025.yaml"
        assert crash.where_of(exc) == f"tệp 2025.yaml, dòng {exc.problem_mark.line + 1}"
    assert crash.where_of(RuntimeError("x")) is None


def test_an_error_interrupted_by_ctrl_c_says_only_that(tmp_path, monkeypatch):
    """A subprocess killed by Ctrl-C fails with its own (English) text: not shown."""

    def interrupted_render(*args, **kwargs):
        messages._interrupted = True
        raise RenderError("Jupyter Book lỗi: Interrupted!")

    monkeypatch.setattr("khuyencong.pipeline.build.build_edition", interrupted_render)
    monkeypatch.chdir(PROJECT)
    result = CliRunner().invoke(main, ["build", "--year", "2025", "--out", str(tmp_path)])
    assert result.exit_code == 130
    assert INTERRUPTED in result.output
    assert "Interrupted!" not in result.output and "Lỗi:" not in result.output


SCRIPT = """
import os, signal, time
{before}
os.kill(os.getpid(), signal.SIGINT)
time.sleep(5)
print("không dừng")
"""


@pytest.mark.parametrize(
    "before",
    [
        "import khuyencong",  # while the command line is being imported
        "from khuyencong.cli.commands import main",  # all imported, before the command runs
    ],
)
def test_ctrl_c_outside_the_command_prints_only_the_message(tmp_path, before):
    script = tmp_path / "khuyencong"  # the program's name turns the quiet handler on
    script.write_text(SCRIPT.format(before=before), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(PROJECT / "src"))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    assert proc.returncode == 130
    assert proc.stderr.strip() == INTERRUPTED
    assert "Traceback" not in proc.stderr and "không dừng" not in proc.stdout


def test_importing_the_package_elsewhere_keeps_python_s_handler():
    import signal

    assert signal.getsignal(signal.SIGINT) is not sys.modules["khuyencong"]._quiet_interrupt


# ---------------------------------------------------------------------------------------------
# A failing chapter: Vietnamese, with the data row; Python's text goes to the log.


def test_a_chapter_error_hides_python_text_and_names_the_row():
    english = NotebookExecutionError("02_ket_qua", 4, "ZeroDivisionError", "division by zero")
    assert (
        str(english)
        == "Chương 02_ket_qua lỗi khi chạy (ô số 4): lỗi ngoài dự kiến của chương trình"
    )
    own = NotebookExecutionError("03_han_che", 2, "DataValidationError", "Dữ liệu đầu vào có 1 lỗi")
    assert str(own).endswith(": Dữ liệu đầu vào có 1 lỗi")
    located = NotebookExecutionError("02_ket_qua", 4, "KeyError", "'x'", "giá trị “x” ở a.csv:3")
    assert str(located).endswith("(dòng dữ liệu liên quan: giá trị “x” ở a.csv:3)")
    both = ChaptersFailedError(
        [english, NotebookExecutionError("a", 1, "E", "e", None, "chi tiết")]
    )
    assert both.details == "chi tiết"


def test_the_data_row_of_a_quoted_value(data_copy: Path):
    path = data_copy / "results.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if ",nhan-hieu,local,5,cơ sở," in text)
    lines[line - 1] = lines[line - 1].replace(",cơ sở,", ",đơn vị lạ,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert quoted_values("KeyError: 'đơn vị lạ'") == ["đơn vị lạ"]
    found = data_rows(data_copy, "KeyError: 'đơn vị lạ'")
    assert found == f"giá trị “đơn vị lạ” ở results.csv:{line}, cột unit"
    assert data_rows(data_copy, "KeyError: 'không có ở đâu'") is None
    many = data_rows(data_copy, "'son-la'")  # in many rows: the first three, and a count
    assert many is not None and many.count("; ") == 2 and "chỗ khác" in many


@pytest.mark.slow  # starts Sphinx or a kernel in another process
def test_a_failing_chapter_names_the_data_row(tmp_path: Path, data_copy: Path):
    import nbformat

    from khuyencong.pipeline.execute import execute_all

    path = data_copy / "results.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(",nhan-hieu,local,5,cơ sở,", ",nhan-hieu,local,5,hộp lạ,"), "utf-8"
    )
    line = next(i for i, t in enumerate(text.splitlines(), 1) if ",nhan-hieu,local,5,cơ sở," in t)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("data_dir = ''", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("units = {'cơ sở': 1}\nunits['hộp lạ']"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    template = tmp_path / "02_ket_qua.ipynb"
    nbformat.write(nb, template)
    params = {"province": "son-la", "year": 2025, "data_dir": str(data_copy)}
    with pytest.raises(NotebookExecutionError) as info:
        execute_all([template], tmp_path / "out", params, jobs=1, warm=False)
    message = str(info.value)
    assert f"giá trị “hộp lạ” ở results.csv:{line}, cột unit" in message
    assert "KeyError" not in message
    assert "KeyError" in info.value.details and "Traceback" not in message


# ---------------------------------------------------------------------------------------------
# --jobs: never more workers than cores or chapters.


@pytest.mark.parametrize(
    "asked, chapters, cores, jobs, note",
    [
        (None, 9, 2, 2, None),  # the default: the cores
        (None, 3, 8, 3, None),  # … but no more than the chapters
        (2, 9, 2, 2, None),
        (1, 9, 8, 1, None),
        (12, 9, 2, 2, "Ghi chú: --jobs 12 nhiều hơn cần (máy có 2 lõi): chạy 2 chương song song."),
        (
            12,
            9,
            16,
            9,
            "Ghi chú: --jobs 12 nhiều hơn cần (sách có 9 chương): chạy 9 chương song song.",
        ),
    ],
)
def test_jobs_are_bounded_by_cores_and_chapters(asked, chapters, cores, jobs, note):
    from khuyencong.core.request import bounded_jobs

    assert bounded_jobs(asked, chapters, cores) == (jobs, note)


def test_the_build_says_when_it_lowers_jobs(tmp_path, monkeypatch):
    from khuyencong.core.request import BuildRequest, ProjectPaths
    from khuyencong.pipeline import build as build_mod

    seen = {}

    def stop(jobs=None):
        seen["jobs"] = jobs
        raise KeyboardInterrupt  # nothing else is needed: stop before any worker starts

    monkeypatch.setattr(build_mod, "prestart", stop)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    said: list[str] = []
    request = BuildRequest.of("son-la", 2025, jobs=12)
    with pytest.raises(KeyboardInterrupt):
        build_mod.execute_edition(
            request, ProjectPaths.resolve(PROJECT, out_root=tmp_path), said.append
        )
    assert seen["jobs"] == 2
    assert said == ["Ghi chú: --jobs 12 nhiều hơn cần (máy có 2 lõi): chạy 2 chương song song."]
