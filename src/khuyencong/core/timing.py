"""Where a command's time goes: each step of the pipeline adds its wall time under a name.

`timed("…")` decorates a step (validation, chapters, Sphinx, XeLaTeX, Word, LibreOffice);
with `KHUYENCONG_TIMINGS=<file.json>` set, the command writes the totals there when it exits
(`make bench` reads them). Steps that run in parallel (the HTML and the PDF) each count their
own wall time, so the totals may add up to more than the command took.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

ENV = "KHUYENCONG_TIMINGS"
P = ParamSpec("P")
R = TypeVar("R")
_totals: dict[str, float] = {}
_lock = threading.Lock()


def add(name: str, seconds: float) -> None:
    with _lock:
        _totals[name] = _totals.get(name, 0.0) + seconds


def totals() -> dict[str, float]:
    with _lock:
        return dict(_totals)


def timed(name: str | Callable[..., str]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Add the decorated step's wall time to `name` (or to `name(*args, **kwargs)`)."""

    def decorate(step: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(step)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            start = time.perf_counter()
            try:
                return step(*args, **kwargs)
            finally:
                add(name(*args, **kwargs) if callable(name) else name, time.perf_counter() - start)

        return run

    return decorate


def _write(path: str) -> None:
    Path(path).write_text(json.dumps(totals(), ensure_ascii=False, sort_keys=True), "utf-8")


def record_on_exit(environ: Any = os.environ) -> None:
    """Write the totals at exit when the environment asks for them."""
    path = environ.get(ENV)
    if path:
        atexit.register(_write, path)
