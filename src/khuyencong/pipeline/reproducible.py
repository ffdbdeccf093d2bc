"""Same inputs, same bytes: what a build must pin or strip so two builds are identical.

- Executed notebooks: papermill and nbclient record start and end times, durations and
  the input and output paths, and papermill the data folder's absolute path among the
  parameters; all are stripped before a notebook is staged (or cached), so what is built
  does not depend on the folder the project sits in.
- Tools that stamp dates (matplotlib's PDF and SVG figures, XeTeX's PDF info and `\\today`)
  read SOURCE_DATE_EPOCH (and TeX Live's FORCE_SOURCE_DATE); it is pinned for the build
  and its child processes unless the caller set it. The date printed on the title page is
  not a build date: it comes from KHUYENCONG_ISSUE_DATE, else is left for the signer to fill.
- Python's hash seed is pinned for the kernels, so set iteration order cannot vary.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

# 2000-01-01T00:00:00Z: a constant (the tools want some date; it is never shown to readers).
EPOCH = "946684800"
_VOLATILE_CELL_KEYS = ("execution", "papermill", "collapsed", "scrolled")
_VOLATILE_NB_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path")
PATH_PARAMETERS = ("data_dir",)  # parameters holding a path of this machine


def pin_environment() -> None:
    """Pin the environment variables that date-stamping tools and kernels read."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    os.environ.setdefault("FORCE_SOURCE_DATE", "1")
    os.environ.setdefault("PYTHONHASHSEED", "0")


def strip_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove timestamps, durations and paths that papermill and nbclient record."""
    papermill = nb.metadata.get("papermill")
    if isinstance(papermill, dict):
        for key in _VOLATILE_NB_KEYS:
            papermill.pop(key, None)
        papermill.pop("environment_variables", None)
        for key in PATH_PARAMETERS:
            (papermill.get("parameters") or {}).pop(key, None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in _VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
            cell["source"] = _without_paths(cell["source"])
    return nb


def _without_paths(source: str) -> str:
    """The injected parameters' cell without the lines assigning a path (PATH_PARAMETERS)."""
    lines = source.splitlines(keepends=True)
    kept = [ln for ln in lines if ln.split("=")[0].strip() not in PATH_PARAMETERS]
    return "".join(kept).rstrip("\n")
