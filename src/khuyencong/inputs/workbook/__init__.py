"""Excel round trip: a workbook to fill one province-year's inputs, and its import into `data/`.

`template` writes the workbook (`workbook.template`); `import` reads it (`workbook.read`) and
merges its province-year into `data/` as a transaction (`pipeline.importing`). The sheets' names,
rows and headers are in `workbook.layout`.
"""

from khuyencong.inputs.workbook.read import WorkbookContent, read_workbook
from khuyencong.inputs.workbook.template import build_workbook, write_template

__all__ = [
    "WorkbookContent",
    "build_workbook",
    "read_workbook",
    "write_template",
]
