"""khuyencong: the annual khuyến công review rebuilt from data.

Public names are few on purpose; notebooks import the modules they need.

Ctrl-C before the command line's own handling is in place (while Python imports it) or
after it (while the program shuts down) prints the same Vietnamese message and exits 130,
never a traceback: the handler below is installed first thing, and only when the program
runs as the `khuyencong` command (not when a test or a notebook imports the package).
"""

import _signal  # the C module: installing the handler must not wait for `enum` to import
import os as _os
import sys as _sys

INTERRUPTED = (
    "Đã dừng theo yêu cầu (Ctrl-C). Ấn phẩm đã xuất bản và thư mục dữ liệu không bị hỏng: "
    "vẫn là bản cũ, hoặc là bản mới đầy đủ nếu việc xuất bản đã xong trước khi dừng."
)


def _quiet_interrupt(signum, frame) -> None:  # pragma: no cover - ends the process
    _sys.stderr.write("\n" + INTERRUPTED + "\n")
    _sys.stderr.flush()
    _os._exit(130)


def install_quiet_interrupt() -> bool:
    """Ctrl-C outside the command's handling: the message and exit 130 (main thread only)."""
    try:
        _signal.signal(_signal.SIGINT, _quiet_interrupt)
    except ValueError:  # not the main thread
        return False
    return True


if _os.path.basename(_sys.argv[0] if _sys.argv else "") == "khuyencong":
    install_quiet_interrupt()

from khuyencong.errors import KhuyenCongError  # noqa: E402

__all__ = ["INTERRUPTED", "KhuyenCongError"]
__version__ = "0.1.0"
