"""Run Jupyter Book's Sphinx build in a warm process instead of a new `jupyter-book` process.

A `jupyter-book build` process spends about a second importing Sphinx, Jupyter Book,
MyST-NB, the theme and the extensions before it reads a page, once per builder and per
edition. Here those imports are paid once per command: a fork server (multiprocessing's
`forkserver`, started early by `start_server`) imports them, and every build runs in a process
forked from it. One fresh fork per build rather than one Sphinx application kept alive,
because docutils and Sphinx keep global registries (Jupyter Book itself warns that its
build is not re-entrant): each build starts from the same clean state a new process would
have, so the bytes are the same as those of `jupyter-book build` (a test compares).

The build is Jupyter Book's own entry point (`jupyter_book.sphinx.build_sphinx`) with the
options `jupyter-book build --builder B -W -n --keep-going -q` gives it.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from khuyencong.errors import RenderError

# Imported by the fork server before it forks any build: `sphinx_preload` (what a new
# `jupyter-book` process would import), and `__main__`, so that a forked build finds the
# command's main module imported instead of running it again (multiprocessing's spawn
# preparation).
PRELOAD = ("__main__", "khuyencong.outputs.sphinx_preload")
# Builds that may run at once (the HTML and the LaTeX builder of an edition).
BUILDERS_AT_ONCE = 2

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _context() -> multiprocessing.context.BaseContext:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(PRELOAD))
    return ctx


def start_server() -> None:
    """Start the fork server now (it imports Sphinx meanwhile). Called from the main thread,
    it starts with Ctrl-C ignored (an ignored signal stays ignored in the program it runs):
    the command handles the interruption, and the fork server ends with the command, without
    printing Python's traceback of an import it was interrupted in."""
    from multiprocessing import forkserver

    _context()  # its preloaded modules
    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def _build_process() -> None:
    """A build process stops at Ctrl-C, as the command does, and silently: what a build says
    is captured by `build_here`, and the command says the rest."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def warm_pool() -> ProcessPoolExecutor:
    """The command's pool of build processes (one fork of the warm server per build)."""
    global _pool
    with _pool_lock:
        if _pool is None or getattr(_pool, "_broken", False):
            _pool = ProcessPoolExecutor(
                max_workers=BUILDERS_AT_ONCE,
                mp_context=_context(),
                initializer=_build_process,
                max_tasks_per_child=1,
            )
        return _pool


def prestart() -> None:
    """Ask for the first build process now, in the background (the fork server, started
    here if `start_server` did not, forks it once its imports are done, hence the thread),
    so that it is ready when the chapters have run."""
    threading.Thread(target=lambda: warm_pool().submit(int), daemon=True).start()


def sphinx_args(staging: Path, builder: str, output: Path) -> dict:
    """`build_sphinx`'s arguments for `jupyter-book build <staging> --builder <builder>
    --path-output <output> -W -n --keep-going -q`."""
    source = staging.absolute()
    return {
        "sourcedir": source,
        "outputdir": output.absolute() / "_build" / builder,
        "use_external_toc": True,
        "noconfig": True,
        "path_config": str(source / "_config.yml"),
        "confoverrides": {
            "external_toc_path": (source / "_toc.yml").as_posix(),
            "latex_individualpages": False,
            "nitpicky": True,
        },
        "builder": builder,
        "warningiserror": True,
        "keep_going": True,
        "quiet": True,
    }


def build_here(args: dict) -> tuple[int, str]:
    """Run one Sphinx build in this process; its exit status and what it printed."""
    from jupyter_book.sphinx import build_sphinx

    printed = io.StringIO()
    with contextlib.redirect_stderr(printed), contextlib.redirect_stdout(printed):
        result = build_sphinx(**args)
    if isinstance(result, BaseException):
        return 1, printed.getvalue() + f"\n{type(result).__name__}: {result}"
    return int(result or 0), printed.getvalue()


def build(staging: Path, builder: str, output: Path) -> tuple[int, str]:
    """Build `staging` with `builder` into `<output>/_build/<builder>` in a warm process."""
    try:
        return warm_pool().submit(build_here, sphinx_args(staging, builder, output)).result()
    except BrokenProcessPool:
        raise RenderError(
            f"Tiến trình dựng sách (Sphinx, builder {builder}) bị dừng đột ngột; chạy lại lệnh."
        ) from None
