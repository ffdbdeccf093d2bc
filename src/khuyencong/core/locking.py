"""File locks: one per edition (build, publish) and one per data folder (import, restore
alone; builds shared, while they read it).

Two builds of the same edition share its staging folder and its published folder; two
imports read and rewrite the same CSV files. Each takes the lock first; a second command
waits (saying so, in Vietnamese) up to KHUYENCONG_LOCK_TIMEOUT seconds (default 600; 0: do
not wait), then gives up with BusyError. Edition locks are files in `_build/locks/`
(filelock); the data lock is an flock on the data folder itself, so that `data/` gains no
file (an import refused leaves it byte-identical, lock included).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from khuyencong.core import journal
from khuyencong.errors import BusyError

if TYPE_CHECKING:
    from khuyencong.core.request import EditionPaths

DATA_LOCK = ".khuyencong.lock"


def lock_timeout() -> float:
    raw = os.environ.get("KHUYENCONG_LOCK_TIMEOUT", "600")
    try:
        return max(0.0, float(raw))
    except ValueError:
        return 600.0


@contextmanager
def held(path: Path, what: str, say: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the lock at `path` for the block; `what` names the thing locked, for the messages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        wait = lock_timeout()
        say(f"      {what} đang được một lệnh khác dùng; chờ tối đa {wait:g} giây …")
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise BusyError(
                f"{what} đang được một lệnh khác dùng (đã chờ {wait:g} giây). "
                "Đợi lệnh đó xong rồi chạy lại."
            ) from None
    try:
        yield
    finally:
        lock.release()


def edition_lock(paths: EditionPaths, say: Callable[[str], None] = print):
    """The lock of one edition (`<out>/locks/<province>-<year>.lock`)."""
    ed = paths.edition
    when = f"giai đoạn {ed.label}" if ed.period else f"năm {ed.year}"
    return held(paths.lock, f"Ấn phẩm {ed.province} {when}", say)


@contextmanager
def data_lock(
    data_dir: Path, say: Callable[[str], None] = print, shared: bool = False
) -> Iterator[None]:
    """Hold the data folder's lock (flock on the folder) for the block.

    Imports and restores hold it alone; builds hold it `shared` while they read the data
    (any number of builds at once), so an import waits for them and a build never reads
    half of an import's files. What an interrupted import or restore left is dealt with
    first (journal.recover, under the exclusive lock), and said. A missing folder is not
    locked: the build reports it."""
    if shared and not Path(data_dir).is_dir():
        yield
        return
    for first in (True, False):
        fd = _locked(data_dir, fcntl.LOCK_SH if shared else fcntl.LOCK_EX, say)
        try:
            leftover = journal.needs_recovery(data_dir)
            if not (shared and first and leftover):
                if leftover and not shared:
                    journal.recover(data_dir, say)
                yield
                return
        finally:
            os.close(fd)  # closing the descriptor releases the flock
        with data_lock(data_dir, say):  # recovered under the exclusive lock, then shared again
            pass


def _locked(data_dir: Path, mode: int, say: Callable[[str], None]) -> int:
    """A descriptor of the folder holding its flock in `mode`, after waiting up to
    KHUYENCONG_LOCK_TIMEOUT seconds (then BusyError)."""
    what = f"Thư mục dữ liệu {Path(data_dir).name}/"
    fd = os.open(data_dir, os.O_RDONLY)
    try:
        if not _try_flock(fd, mode):
            wait = lock_timeout()
            say(f"      {what} đang được một lệnh khác dùng; chờ tối đa {wait:g} giây …")
            deadline = time.monotonic() + wait
            while not _try_flock(fd, mode):
                if time.monotonic() >= deadline:
                    raise BusyError(
                        f"{what} đang được một lệnh khác dùng (đã chờ {wait:g} giây). "
                        "Đợi lệnh đó xong rồi chạy lại."
                    )
                time.sleep(0.1)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _try_flock(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def with_edition_lock(build):
    """Decorate `build_edition(request, where, …)`: hold the edition's lock for the whole
    build, so two builds of one edition never share its staging folder or publish over each
    other (the second waits, then finds the edition unchanged)."""
    import functools

    @functools.wraps(build)
    def locked(request, where, *args, **kwargs):
        with edition_lock(where.of(request.edition), kwargs.get("say", print)):
            return build(request, where, *args, **kwargs)

    return locked
