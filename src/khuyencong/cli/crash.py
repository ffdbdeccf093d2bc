"""No traceback, ever: an unexpected error becomes one Vietnamese message and a log file.

The message names the command, the step that failed (from the package module where the
error arose), the data file and row when the error tells them, and the log file under
`_build/logs/` (the system's temporary folder when there is no project) holding Python's
own text and traceback for whoever fixes the program. Exit code 70 (EX_SOFTWARE: an
error of the program, not of the input).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import TracebackType

EXIT_CODE = 70
LOGS = "logs"

# The step of the work each part of the package does, most specific first.
STEPS = (
    ("khuyencong.inputs.workbook.template", "tạo sổ Excel"),
    ("khuyencong.inputs.workbook", "đọc sổ Excel"),
    ("khuyencong.pipeline.importing", "nhập sổ Excel vào thư mục dữ liệu"),
    ("khuyencong.inputs.backup", "sao lưu, khôi phục dữ liệu"),
    ("khuyencong.inputs.scaffold", "tạo bản nháp năm mới"),
    ("khuyencong.inputs", "đọc và kiểm tra dữ liệu"),
    ("khuyencong.figures", "tính số liệu"),
    ("khuyencong.content.report", "soạn nội dung báo cáo"),
    ("khuyencong.content", "soạn nội dung các chương"),
    ("khuyencong.outputs.docx_safety", "kiểm tra mẫu Word"),
    ("khuyencong.outputs.word", "viết báo cáo Word"),
    ("khuyencong.outputs.office_pdf", "in báo cáo ra PDF (LibreOffice)"),
    ("khuyencong.outputs.book_pdf", "dựng bản in PDF (XeLaTeX)"),
    ("khuyencong.outputs", "dựng trang web (Jupyter Book)"),
    ("khuyencong.pipeline.execute", "chạy các chương"),
    ("khuyencong.pipeline.kernels", "chạy các chương"),
    ("khuyencong.pipeline.swap", "xuất bản ấn phẩm"),
    ("khuyencong.pipeline.site", "xuất bản các ấn phẩm và trang chủ"),
    ("khuyencong.pipeline", "dựng ấn phẩm"),
    ("khuyencong.core", "chuẩn bị thư mục dự án"),
    ("khuyencong.cli", "đọc tuỳ chọn của lệnh"),
)


def _frames(tb: TracebackType | None):
    while tb is not None:
        yield tb.tb_frame
        tb = tb.tb_next


def step_of(exc: BaseException) -> str | None:
    """The step of the innermost frame of the package where `exc` arose (None if outside)."""
    for frame in reversed(list(_frames(exc.__traceback__))):
        module = str(frame.f_globals.get("__name__", ""))
        for prefix, step in STEPS:
            if module == prefix or module.startswith(prefix + "."):
                return step
    return None


def where_of(exc: BaseException) -> str | None:
    """The file (and row) the error is about, when it says: an OSError's file name, a YAML
    error's mark, or the `label` and `row` of the innermost reading function of the package."""
    filename = getattr(exc, "filename", None)
    if filename:
        return f"tệp {Path(str(filename)).name}"
    mark = getattr(exc, "problem_mark", None)
    if mark is not None and getattr(mark, "name", None):
        return f"tệp {Path(str(mark.name)).name}, dòng {mark.line + 1}"
    for frame in reversed(list(_frames(exc.__traceback__))):
        if not str(frame.f_globals.get("__name__", "")).startswith("khuyencong."):
            continue
        label = frame.f_locals.get("label")
        if isinstance(label, str) and label:
            row = frame.f_locals.get("row")
            return f"tệp {label}" + (f", dòng {row}" if isinstance(row, int) else "")
    return None


def log_folder(out_root: Path | None) -> Path:
    """`<out>/logs`, else the system's temporary folder (no project: nothing outside it)."""
    if out_root is not None:
        return Path(out_root) / LOGS
    return Path(tempfile.gettempdir()) / "khuyencong-logs"


def write_log(folder: Path, command: str, text: str) -> Path | None:
    """Write the technical details to a new log file; None when even that fails."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"loi-{command or 'khuyencong'}-{stamp}-{os.getpid()}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        argv = " ".join(sys.argv)
        path.write_text(f"Lệnh: {argv}\n\n{text}\n", encoding="utf-8")
    except OSError:
        return None
    return path


def log_note(path: Path | None) -> str:
    if path is None:
        return " Không ghi được tệp nhật ký chi tiết kỹ thuật."
    return f" Chi tiết kỹ thuật (gửi kèm khi báo lỗi) ở tệp {path}."


def unexpected(exc: BaseException, command: str, out_root: Path | None) -> str:
    """The Vietnamese message for an error the program did not expect; the log written."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log = write_log(log_folder(out_root), command, details)
    step = step_of(exc)
    where = where_of(exc)
    parts = [f"Lỗi ngoài dự kiến của chương trình khi chạy lệnh {command or 'khuyencong'}"]
    if step:
        parts.append(f", ở bước “{step}”")
    if where:
        parts.append(f" ({where})")
    parts.append(
        ". Ấn phẩm đã xuất bản và thư mục dữ liệu không bị thay đổi dở dang." + log_note(log)
    )
    return "".join(parts)


def details_note(exc: BaseException, command: str, out_root: Path | None) -> str:
    """For an expected error carrying technical `details` (a failed chapter): the log note."""
    details = getattr(exc, "details", "")
    if not details:
        return ""
    return log_note(write_log(log_folder(out_root), command, str(details)))
