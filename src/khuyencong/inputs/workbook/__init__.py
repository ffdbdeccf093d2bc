"""Excel round trip: a workbook to fill one province-year's inputs, and its import into `data/`.

`template` writes the workbook (`workbook.template`); `import` reads it (`workbook.read`) and
merges its province-year into `data/` as a transaction (`pipeline.importing`). The sheets' names,
rows and headers are in `workbook.layout`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from khuyencong.inputs.workbook.read import WorkbookContent, read_workbook
    from khuyencong.inputs.workbook.template import build_workbook, write_template

# Imported on first use (openpyxl with them), so that what needs only the sheets' layout
# (`workbook.layout`: the build, for the rules' warnings) does not import openpyxl.
_MODULES = {
    "WorkbookContent": "read",
    "read_workbook": "read",
    "build_workbook": "template",
    "write_template": "template",
}

__all__ = [
    "WorkbookContent",
    "build_workbook",
    "read_workbook",
    "write_template",
]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
