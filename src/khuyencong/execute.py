"""Run chapter templates with papermill, the only executor of this project.

Each notebook runs in its own process (independent kernels, so chapters run in parallel).
After execution the parameter cells are tagged `remove-cell`, so the book never shows them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
import papermill as pm

from khuyencong.cache import Cache, package_fingerprint, static_key
from khuyencong.errors import ChaptersFailedError, KhuyenCongError, NotebookExecutionError
from khuyencong.reproducible import strip_notebook

HIDDEN_TAGS = {"parameters", "injected-parameters"}


def hide_parameter_cells(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if HIDDEN_TAGS & set(tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    return nb


def _quiet_kernel_stderr() -> None:
    """Kernels inherit this worker's stderr and print start-up noise there; errors still
    reach us through papermill's exception, so the raw stream is not needed."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def execute_one(template: Path, output: Path, parameters: dict) -> Path:
    """Execute one template into `output`; raise NotebookExecutionError with the cell's message."""
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(
            str(template),
            str(output),
            parameters=parameters,
            kernel_name="python3",
            progress_bar=False,
            cwd=str(template.parent),
        )
    except pm.PapermillExecutionError as exc:
        raise NotebookExecutionError(template.stem, exc.exec_count, exc.ename, exc.evalue) from None
    nb = nbformat.read(output, as_version=4)
    nbformat.write(strip_notebook(hide_parameter_cells(nb)), output)
    return output


def execute_all(
    templates: list[Path],
    out_dir: Path,
    parameters: dict,
    jobs: int | None = None,
    on_done: Callable[[Path, bool], None] = lambda p, reused: None,
    cache: Cache | None = None,
) -> list[Path]:
    """Execute every template (reusing cached ones); report each as it finishes.

    Independent chapters run in parallel; a failing chapter does not stop the others, whose
    results are kept (and cached). The first error is raised once all have finished.
    """
    jobs = jobs or os.cpu_count() or 1
    data_dir = Path(parameters["data_dir"])
    package = package_fingerprint()
    keys = {t: static_key(t, parameters, package) for t in templates}
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
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(pending)), initializer=_quiet_kernel_stderr
        ) as pool:
            futures = {
                pool.submit(execute_one, t, out_dir / t.name, parameters): t for t in pending
            }
            try:
                for fut in as_completed(futures):
                    t = futures[fut]
                    try:
                        outputs.append(fut.result())
                    except KhuyenCongError as exc:
                        errors.append(exc)
                        continue
                    if cache:
                        cache.store(keys[t], out_dir / t.name, data_dir)
                    on_done(t, False)
            except BaseException:  # Ctrl-C: do not start the chapters still waiting
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ChaptersFailedError(errors)
    return outputs


def copy_if_changed(source: Path, target: Path) -> Path:
    """Copy only when the bytes differ, so Sphinx sees an unchanged page as unchanged."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
    return target
