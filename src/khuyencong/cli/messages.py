"""Every message of the command line in Vietnamese, Click's own included.

Click writes its usage errors, bad option values, help headings and "Aborted!" in English
and raises a traceback for anything unexpected. `VNGroup` (the `khuyencong` group) runs
commands without Click's standalone handling and turns each Click exception into one
Vietnamese line and an exit code: 2 for a usage error, 130 for Ctrl-C (SIGINT), as shells
expect; the commands' own errors (`KhuyenCongError`) are caught here too, once for all
commands, and printed as `Lỗi: …` with their exit code. Option types carry Vietnamese messages of their own (`YEAR`, `JOBS`, `choice`).
"""

from __future__ import annotations

import errno
import re
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from khuyencong import INTERRUPTED
from khuyencong.cli import crash
from khuyencong.core.edition import YEAR_RULE, is_report_year
from khuyencong.errors import KhuyenCongError

_interrupted = False
_command: dict[str, Any] = {}  # the running command's name and options, for error reports

_HEADINGS = {"Options": "Tuỳ chọn", "Commands": "Lệnh", "Arguments": "Đối số"}
_EXTRA = [("[default: ", "[mặc định: "), ("[required]", "[bắt buộc]"), ("default: ", "mặc định: ")]
_USAGE = [
    (r"No such command '(.*)'\.", r"Không có lệnh '\1'. Các lệnh: khuyencong --help."),
    (r"Got unexpected extra arguments? \((.*)\)", r"Thừa đối số: \1."),
    (r"Missing argument '(.*)'\.", r"Thiếu đối số \1."),
    (r"(?:File|Path|Directory) '(.*)' does not exist\.", r"Không có tệp '\1'."),
    (r"(?:File|Path) '(.*)' is a directory\.", r"'\1' là thư mục, cần một tệp."),
    (r"Missing command\.", "Thiếu tên lệnh (ví dụ: khuyencong build)."),
    (r"Option '(.*)' requires an argument\.", r"Tuỳ chọn \1 cần một giá trị."),
    (r"Option '(.*)' does not take a value\.", r"Tuỳ chọn \1 không nhận giá trị."),
]


class VNFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Cách dùng: " if prefix is None else prefix)

    def section(self, name: str):
        return super().section(_HEADINGS.get(name, name))

    def write_dl(self, rows: Iterable[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        def vn(text: str) -> str:
            for en, vi in _EXTRA:
                text = text.replace(en, vi)
            return text

        super().write_dl([(a, vn(b)) for a, b in rows], *args, **kwargs)


class VNContext(click.Context):
    formatter_class = VNFormatter


def _vn_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = "Hiện hướng dẫn này rồi thoát."
    return option


class VNCommand(click.Command):
    context_class = VNContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TUỲ CHỌN]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _vn_help(super().get_help_option(ctx))

    def invoke(self, ctx: click.Context) -> Any:
        root = ctx.find_root().params.get("project")
        _command.update(name=ctx.info_name, params=dict(ctx.params), project=root)
        return super().invoke(ctx)


class VNGroup(click.Group):
    context_class = VNContext
    command_class = VNCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TUỲ CHỌN]")
        kwargs.setdefault("subcommand_metavar", "LỆNH [ĐỐI SỐ]...")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _vn_help(super().get_help_option(ctx))

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Run a command; Click's exceptions become Vietnamese messages and exit codes."""
        global _interrupted
        _interrupted = False
        _command.clear()
        previous = signal.getsignal(signal.SIGINT)
        try:
            signal.signal(signal.SIGINT, _on_sigint)
        except ValueError:  # not the main thread: keep Python's default handler
            previous = None
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            code = exc.exit_code
        except click.UsageError as exc:
            click.echo(f"Lỗi: {usage_message(exc)}", err=True)
            code = 2
        except KhuyenCongError as exc:  # every command's own errors: one line, their exit code
            click.echo(INTERRUPTED if _interrupted else f"Lỗi: {exc}", err=True)
            code = exc.exit_code
        except SystemExit:  # a command's own exit
            if not _interrupted:
                raise
            click.echo(INTERRUPTED, err=True)
            code = 130
        except (KeyboardInterrupt, click.Abort):
            click.echo(INTERRUPTED, err=True)
            code = 130
        except Exception as exc:  # no traceback, ever
            code = _report(exc)
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        if _interrupted and code not in (0, 130, None):
            code = 130  # a failure caused by the interrupt (a killed subprocess) is the interrupt
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _report(exc: Exception) -> int:
    """An error no command reported: one Vietnamese line, a log file for an unexpected one;
    the exit code. An error caused by Ctrl-C (a killed subprocess) is the interrupt."""
    if _interrupted:
        click.echo(INTERRUPTED, err=True)
        return 130
    if isinstance(exc, OSError):
        message, code = os_message(exc), 1
    elif isinstance(exc, KhuyenCongError):  # one a command did not report itself
        message, code = f"{exc}{technical_note(exc)}", exc.exit_code
    else:
        name = str(_command.get("name") or "")
        message, code = crash.unexpected(exc, name, _out_root()), crash.EXIT_CODE
    click.echo(f"Lỗi: {message}", err=True)
    return code


def _out_root() -> Path | None:
    """The running command's build folder (--out, else the project's _build), if known."""
    params = _command.get("params") or {}
    if params.get("out_root"):
        return Path(params["out_root"]).resolve()
    from khuyencong.core.project import find_project

    try:
        return find_project(Path.cwd(), _command.get("project")) / "_build"
    except (KhuyenCongError, OSError):
        return None


def technical_note(exc: BaseException) -> str:
    """For an error carrying technical details (a failed chapter): where they were logged."""
    return crash.details_note(exc, str(_command.get("name") or ""), _out_root())


def _on_sigint(signum: int, frame: Any) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def interrupted() -> bool:
    return _interrupted


def usage_message(exc: click.UsageError) -> str:
    """A Click usage error in Vietnamese (the message of our own types is already Vietnamese)."""
    if isinstance(exc, click.NoSuchOption):
        hint = ""
        if exc.possibilities:
            hint = f" Có phải ý bạn là {', '.join(sorted(exc.possibilities))}?"
        return f"Không có tuỳ chọn {exc.option_name}.{hint} Xem: khuyencong --help."
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        name = exc.param.opts[0] if exc.param.opts else exc.param.name
        return f"Thiếu {'tuỳ chọn' if isinstance(exc.param, click.Option) else 'đối số'} {name}."
    if isinstance(exc, click.BadParameter):
        name = ""
        if exc.param is not None:
            name = f"{exc.param.opts[0] if exc.param.opts else exc.param.name}: "
        return f"{name}{_vn(exc.message)}"
    return _vn(exc.message)


def _vn(message: str) -> str:
    for pattern, repl in _USAGE:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, repl, message)
    if re.search(r"[ạảãáàậẩẫấầặẳẵắằệểễếềịỉĩíìọỏõóòộổỗốồợởỡớờụủũúùựửữứừỵỷỹýỳđ]", message):
        return message
    return "Cách gọi lệnh không đúng. Xem: khuyencong <lệnh> --help."


_ERRNO = {
    errno.EACCES: "không có quyền",
    errno.EPERM: "không có quyền",
    errno.ENOSPC: "hết chỗ trên đĩa",
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.EISDIR: "là một thư mục, không phải tệp",
}


def os_message(exc: OSError) -> str:
    what = _ERRNO.get(exc.errno or 0, "lỗi hệ thống tệp")
    where = exc.filename or ""
    return f"Không đọc, ghi được {where}: {what}." if where else f"Lỗi đọc, ghi tệp: {what}."


class _VNParam(click.ParamType):
    def fail_vn(self, message: str, param, ctx):
        self.fail(message, param, ctx)


class YearType(_VNParam):
    name = "năm"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        if not is_report_year(value):
            self.fail_vn(f"năm không hợp lệ '{value}' (cần {YEAR_RULE}, ví dụ 2025)", param, ctx)
        return int(str(value).strip())


class JobsType(_VNParam):
    name = "số"

    def convert(self, value, param, ctx):
        if isinstance(value, int) and value >= 1:
            return value
        text = str(value).strip()
        if not text.isdigit() or int(text) < 1:
            self.fail_vn(
                f"số chương song song không hợp lệ '{value}' (cần số nguyên ≥ 1)", param, ctx
            )
        return int(text)


class VNChoice(click.Choice):
    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        self.fail(
            f"giá trị không hợp lệ '{value}' (chọn một trong: {', '.join(map(str, self.choices))})",
            param,
            ctx,
        )


YEAR = YearType()
JOBS = JobsType()


def echo_unchanged(site: Path) -> None:
    """A build with nothing to do says so and repeats the rules' warnings kept with the
    published edition (its báo cáo is still a draft)."""
    click.echo("Không có gì thay đổi: giữ nguyên ấn phẩm đã xuất bản.")
    note = site / ".khuyencong-rules"  # pipeline.build.RULES_NOTE, read without importing pandas
    text = note.read_text(encoding="utf-8") if note.is_file() else ""
    for line in text.splitlines():
        click.echo(line)


def echo_warnings(problems: list) -> None:
    """The rules' warnings of an import, one per line on stderr; nothing without any."""
    if problems:
        click.echo(f"Cảnh báo: {len(problems)} điểm không đạt quy tắc nhất quán:", err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
