"""Run chapter templates with papermill, the only executor of this project.

Chapters run in parallel in a pool of worker processes that lives as long as this process
(so a `publish` of many editions shares it); each worker executes its notebooks through
papermill in one warm kernel of its own (kernels.py), started when the worker starts.
`warm=False` gives every notebook a freshly started kernel instead (papermill's default).
After execution the parameter cells are tagged `remove-cell`, so the book never shows them,
and the timings papermill and nbclient record are dropped, so the same inputs give the
same bytes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from khuyencong.core.cache import Cache, package_fingerprint, static_key
from khuyencong.core.timing import timed
from khuyencong.core.unchanged import copy_if_changed
from khuyencong.errors import ChaptersFailedError, KhuyenCongError, NotebookExecutionError
from khuyencong.inputs.locate import data_rows
from khuyencong.outputs.prune import prune_notebook
from khuyencong.pipeline.reproducible import strip_notebook

if TYPE_CHECKING:  # imported where a notebook runs: the worker processes (not the command)
    import nbformat
    import papermill as pm

HIDDEN_TAGS = {"parameters", "injected-parameters"}
TIMINGS = ("start_time", "end_time", "duration")


def hide_parameter_cells(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if HIDDEN_TAGS & set(tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    return nb


def drop_timings(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what differs between two runs on the same inputs: the times papermill and
    nbclient record, the paths of this run and the injected cell's random id."""
    run = nb.metadata.get("papermill", {})
    for meta in (run, *(c.metadata.get("papermill", {}) for c in nb.cells)):
        for key in (*TIMINGS, "input_path", "output_path"):
            meta.pop(key, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    return nb


def _quiet_kernel_stderr() -> None:
    """Kernels inherit this worker's stderr and print start-up noise there; errors still
    reach us through papermill's exception, so the raw stream is not needed."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def _start_worker(warm: bool) -> None:
    _quiet_kernel_stderr()
    if warm:
        from khuyencong.pipeline.kernels import warm_kernel

        # Started now, while the parent validates and stages; if it fails, it is retried,
        # and reported, at the first notebook.
        with contextlib.suppress(Exception):
            warm_kernel()


def execute_one(
    template: Path, output: Path, parameters: dict, warm: bool = False, env: dict | None = None
) -> Path:
    """Execute one template into `output`; raise NotebookExecutionError with the cell's message.

    The chapter runs into a file beside `output`, which it replaces, pruned (`prune_notebook`),
    only if its bytes changed: Sphinx reads and writes again only the pages whose chapter did."""
    import nbformat
    import papermill as pm

    output.parent.mkdir(parents=True, exist_ok=True)
    engine = {}
    if warm:
        from khuyencong.pipeline import kernels

        kernels.NOTEBOOK_ENV = dict(env or {})
        engine = {"engine_name": kernels.ENGINE}
    else:
        os.environ.update(env or {})
    run = output.with_name(f".{output.stem}.run.ipynb")
    try:
        pm.execute_notebook(
            str(template),
            str(run),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(template.parent),
            **engine,
        )
        nb = nbformat.read(run, as_version=4)
        nbformat.write(strip_notebook(drop_timings(hide_parameter_cells(nb))), run)
        prune_notebook(run)
        return copy_if_changed(run, output)
    except pm.PapermillExecutionError as exc:
        raise failed_chapter(template.stem, exc, Path(parameters["data_dir"])) from None
    finally:
        run.unlink(missing_ok=True)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def failed_chapter(
    name: str, exc: pm.PapermillExecutionError, data_dir: Path
) -> NotebookExecutionError:
    """The chapter's error: its cell, the data rows holding a value its message quotes, and
    Python's own text (with the traceback) kept apart for the log file."""
    row = data_rows(data_dir, str(exc.evalue)) if exc.evalue else None
    trace = _ANSI.sub("", "\n".join(exc.traceback or []))
    details = f"Chương {name}, ô số {exc.exec_count}\n{exc.ename}: {exc.evalue}\n{trace}"
    return NotebookExecutionError(name, exc.exec_count, exc.ename, exc.evalue, row, details)


_POOLS: dict[tuple[int, bool], ProcessPoolExecutor] = {}


def worker_pool(
    jobs: int | None = None, warm: bool = True, kernels_now: int | None = None
) -> ProcessPoolExecutor:
    """The process-wide pool of `jobs` workers (each with its warm kernel), created once.

    `kernels_now` (a build's warm-up: the chapters that will run) makes it smaller: that many
    workers, each starting its kernel at once; with 0, one worker, whose kernel starts at its
    first chapter if one comes. Later calls with the same `jobs` are given this pool."""
    jobs = jobs or os.cpu_count() or 1
    pool = _POOLS.get((jobs, warm))
    if pool is None or getattr(pool, "_broken", False):
        workers = jobs if kernels_now is None else max(1, min(jobs, kernels_now))
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(warm and kernels_now != 0,),
        )
        _POOLS[(jobs, warm)] = pool
    return pool


def prestart(jobs: int | None = None, kernels_now: int | None = None) -> None:
    """Start the workers and their kernels now, so they warm up while the data is checked
    (only `kernels_now` workers when fewer chapters than `jobs` will run: see warmup.py).

    Also before the build takes the data folder's lock: forked workers would otherwise
    inherit its descriptor and keep the folder locked as long as they live."""
    pool = worker_pool(jobs, default_warm(), kernels_now)
    for _ in range(pool._max_workers):  # type: ignore[attr-defined]
        pool.submit(os.getpid)


def default_warm() -> bool:
    """Warm kernels unless KHUYENCONG_FRESH_KERNELS=1 asks for one fresh kernel per notebook."""
    return os.environ.get("KHUYENCONG_FRESH_KERNELS", "") not in ("1", "true")


def chapter_keys(templates: list[Path], parameters: dict) -> dict[Path, str]:
    """Each chapter's cache key: everything but the data, whose files the cache looks up."""
    package = package_fingerprint()
    return {t: static_key(t, parameters, package) for t in templates}


@timed("kernel + chương (papermill)")
def execute_all(
    templates: list[Path],
    out_dir: Path,
    parameters: dict,
    jobs: int | None = None,
    on_done: Callable[[Path, bool], None] = lambda p, reused: None,
    cache: Cache | None = None,
    warm: bool | None = None,
    env: dict[str, str] | None = None,
) -> list[Path]:
    """Execute every template (reusing cached ones); report each as it finishes.

    Independent chapters run in parallel; a failing chapter does not stop the others, whose
    results are kept (and cached). The first error is raised once all have finished.
    `env` is given to each notebook's kernel (e.g. KHUYENCONG_SNAPSHOTS, see snapshot.py).
    """
    warm = default_warm() if warm is None else warm
    data_dir = Path(parameters["data_dir"])
    keys = chapter_keys(templates, parameters)
    outputs, pending = [], []
    for t in templates:
        hit = cache.lookup(keys[t], data_dir) if cache else None
        if hit is None:
            pending.append(t)
            continue
        outputs.append(copy_if_changed(hit, out_dir / t.name))
        on_done(t, True)
    errors: list[KhuyenCongError] = []
    if pending:

        def done(t: Path, output: Path) -> None:
            outputs.append(output)
            if cache:
                cache.store(keys[t], out_dir / t.name, data_dir)
            on_done(t, False)

        pool = worker_pool(jobs, warm)
        errors = _run_pending(pool, pending, out_dir, parameters, warm, env, done)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ChaptersFailedError(errors)
    return outputs


def _run_pending(
    pool: Executor,
    pending: list[Path],
    out_dir: Path,
    parameters: dict,
    warm: bool,
    env: dict[str, str] | None,
    done: Callable[[Path, Path], None],
) -> list[KhuyenCongError]:
    """Run the chapters not in the cache; call `done` for each success, return the errors."""
    errors: list[KhuyenCongError] = []
    futures = {
        pool.submit(execute_one, t, out_dir / t.name, parameters, warm, env): t for t in pending
    }
    try:
        for fut in as_completed(futures):
            t = futures[fut]
            try:
                output = fut.result()
            except KhuyenCongError as exc:
                errors.append(exc)
                continue
            except BrokenProcessPool:
                raise NotebookExecutionError(
                    t.stem, None, "BrokenProcessPool", "tiến trình chạy chương bị dừng đột ngột"
                ) from None
            done(t, output)
    except BaseException:  # Ctrl-C: do not start the chapters still waiting
        for fut in futures:
            fut.cancel()
        raise
    return errors
