"""Every error the package raises on purpose is declared in errors.py, under KhuyenCongError."""

from __future__ import annotations

import ast
import inspect
import pickle
from pathlib import Path

import pytest

import khuyencong
from khuyencong import errors
from khuyencong.core.request import parse_edition
from khuyencong.errors import ExistingFileError, KhuyenCongError, ParameterError

SRC = Path(khuyencong.__file__).parent


def test_no_exception_class_outside_errors_py():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith(("Error", "Exception")):
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}")
    assert found == []


def test_every_error_is_a_khuyencong_error():
    classes = [
        c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__
    ]
    named = [c for c in classes if c.__name__.endswith("Error")]
    assert len(named) >= 12
    for cls in named:
        assert issubclass(cls, KhuyenCongError), cls.__name__


def test_existing_file_error_keeps_its_file_across_processes():
    err = pickle.loads(pickle.dumps(ExistingFileError("son-la-2026.xlsx", "Tệp đã có")))
    assert (err.file, str(err), err.exit_code) == ("son-la-2026.xlsx", "Tệp đã có", 2)


@pytest.mark.parametrize("spec", ["son-la", "son-la/", "son-la/hai-nghin"])
def test_malformed_edition_name_is_a_parameter_error(spec):
    with pytest.raises(ParameterError, match=f"Ấn phẩm '{spec}' không hợp lệ"):
        parse_edition(spec)


# The exit codes the README promises: 2 for what the author fixes, 3 for --strict, 75 when busy.
EXIT_CODES = {
    "KhuyenCongError": 1,
    "InputError": 2,
    "DataValidationError": 2,
    "MissingDataError": 2,
    "ParameterError": 2,
    "ExistingDataError": 2,
    "ExistingFileError": 2,
    "ProjectNotFoundError": 2,
    "ImportRefusedError": 2,
    "WorkbookError": 2,
    "WorkbookRulesError": 3,
    "ReconciliationError": 3,
    "NotebookExecutionError": 1,
    "ChaptersFailedError": 1,
    "RenderError": 1,
    "TemplateError": 2,
    "FormulaError": 1,
    "BusyError": 75,
}


def test_each_error_has_its_exit_code():
    declared = {
        name: cls.exit_code
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if cls.__module__ == errors.__name__ and issubclass(cls, KhuyenCongError)
    }
    assert declared == EXIT_CODES


def test_a_failed_chapter_is_named_without_the_python_class():
    from khuyencong.errors import NotebookExecutionError

    err = NotebookExecutionError("ket-qua", 4, "ZeroDivisionError", "division by zero")
    # Python's English text is not shown (it goes to the log file, see test_crash.py).
    assert str(err) == "Chương ket-qua lỗi khi chạy (ô số 4): lỗi ngoài dự kiến của chương trình"
    assert err.ename == "ZeroDivisionError"  # kept for whoever debugs, not shown
    vn = NotebookExecutionError("ket-qua", 4, "ValueError", "chương hỏng có chủ đích")
    assert str(vn) == "Chương ket-qua lỗi khi chạy (ô số 4): chương hỏng có chủ đích"
    bare = NotebookExecutionError("han-che", None, "KeyError", "")
    assert str(bare) == "Chương han-che lỗi khi chạy (không rõ ô): không có thông báo chi tiết"
