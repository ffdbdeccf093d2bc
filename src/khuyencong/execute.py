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

from khuyencong.errors import KhuyenCongError, NotebookExecutionError

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
    nbformat.write(hide_parameter_cells(nb), output)
    return output


def execute_all(
    templates: list[Path],
    out_dir: Path,
    parameters: dict,
    jobs: int | None = None,
    on_done: Callable[[Path], None] = lambda p: None,
) -> list[Path]:
    """Execute every template; report each as it finishes; raise the first error after all ran."""
    jobs = jobs or os.cpu_count() or 1
    errors: list[KhuyenCongError] = []
    outputs = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_quiet_kernel_stderr) as pool:
        futures = {pool.submit(execute_one, t, out_dir / t.name, parameters): t for t in templates}
        for fut in as_completed(futures):
            try:
                outputs.append(fut.result())
                on_done(futures[fut])
            except KhuyenCongError as exc:
                errors.append(exc)
    if errors:
        raise errors[0]
    return outputs
