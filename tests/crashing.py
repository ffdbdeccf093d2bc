"""Kill a process between two file-system steps, deterministically (no timing).

`run_killed(fn, n)` runs `fn()` in a forked child whose n-th file-system change never
happens: just before it, the child ends with `os._exit` (no `finally`, no `atexit`, no
flush: what a kill or a power cut leaves). The changes counted are the calls that create,
write, rename, link or remove: `os.open` and `open` for writing, `os.replace`, `os.rename`,
`os.symlink`, `os.link`, `os.unlink`, `os.remove`, `os.rmdir`, `os.mkdir` (every helper,
shutil's and pathlib's included, goes through these). `n=None` runs to the end and returns
the number of steps taken, so a test can kill at every one of them in turn.
"""

from __future__ import annotations

import builtins
import io
import os
import signal
import time
from collections.abc import Callable

KILLED = 86  # the child's exit status when it was killed at its step
STEPS = ("replace", "rename", "symlink", "link", "unlink", "remove", "rmdir", "mkdir")
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _count_steps(kill_at: int | None, counter: list[int]) -> None:
    """Wrap the file-system functions of this (child) process."""

    def step() -> None:
        counter[0] += 1
        if counter[0] == kill_at:
            os._exit(KILLED)

    def wrap(real: Callable) -> Callable:
        def wrapped(*args, **kwargs):
            step()
            return real(*args, **kwargs)

        return wrapped

    for name in STEPS:
        setattr(os, name, wrap(getattr(os, name)))
    real_os_open, real_open = os.open, builtins.open

    def os_open(path, flags, *args, **kwargs):
        if flags & WRITING:
            step()
        return real_os_open(path, flags, *args, **kwargs)

    def py_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+"):
            step()
        return real_open(file, mode, *args, **kwargs)

    os.open = os_open
    builtins.open = io.open = py_open


def run_killed(fn: Callable[[], object], kill_at: int | None, timeout: float = 300) -> int:
    """Run `fn` in a child killed before its `kill_at`-th step; return the steps it took
    when it finished (`kill_at=None`), KILLED's negative when it was killed; raise when
    the child failed otherwise or did not end within `timeout` seconds."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the test
        status = 1
        try:
            os.close(read)
            counter = [0]
            _count_steps(kill_at, counter)
            fn()
            os.write(write, str(counter[0]).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    status = _wait(pid, timeout)
    with os.fdopen(read, "rb") as pipe:
        reported = pipe.read().decode()
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == KILLED:
        return -KILLED
    if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
        raise AssertionError(f"the child ended with status {status} (step {kill_at})")
    return int(reported)


def _wait(pid: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"the child did not end within {timeout} s")
        time.sleep(0.01)
