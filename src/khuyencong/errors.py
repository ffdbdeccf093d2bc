"""One base exception; typed subclasses carry where the problem is.

Every message is Vietnamese and meant for a report author, not a programmer.
Fields are plain attributes (not only the message) so that they survive pickling
across worker processes, as papermill's own execution error does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class KhuyenCongError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file: `file:row: column — message (found X, expected Y)`."""

    file: str
    row: int | None
    column: str | None
    message: str
    found: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        col = f" {self.column} —" if self.column else ""
        detail = []
        if self.found is not None:  # what an author typed, cut: a message stays a line
            found = str(self.found)
            detail.append(f"gặp {found if len(found) <= 120 else found[:119] + '…'}")
        if self.expected is not None:
            detail.append(f"cần {self.expected!s}")
        tail = f" ({', '.join(detail)})" if detail else ""
        return f"{where}:{col} {self.message}{tail}"


MAX_SHOWN = 50  # problems listed in one message; the rest are counted


def listed(problems: list[Problem], limit: int = MAX_SHOWN) -> list[str]:
    """One indented line per problem, at most `limit`, then "… và K lỗi khác"."""
    lines = [f"  {p}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  … và {len(problems) - limit} lỗi khác (tổng cộng {len(problems)} lỗi)")
    return lines


class InputError(KhuyenCongError):
    """What was asked cannot be done until the author changes an input or an option: exit code 2."""

    exit_code = 2


class DataValidationError(InputError):
    """One or more input files do not satisfy the data contract."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        head = f"Dữ liệu đầu vào có {len(self.problems)} lỗi:"
        return "\n".join([head, *listed(self.problems)])

    def __reduce__(self):
        return (type(self), (self.problems,))


class MissingDataError(InputError):
    """The requested province or year has no data to build an edition from."""


class ParameterError(InputError):
    """A command-line parameter (province, year) is not acceptable."""


# A letter only Vietnamese writes: a message holding one is meant for the author.
_VIETNAMESE = re.compile(
    r"[ăâđêôơưạảãáàậẩẫấầặẳẵắằẹẻẽéèệểễếềịỉĩíìọỏõóòộổỗốồợởỡớờụủũúùựửữứừỵỷỹýỳ]", re.I
)


def is_vietnamese(text: str) -> bool:
    return _VIETNAMESE.search(text) is not None


class NotebookExecutionError(KhuyenCongError):
    """A chapter notebook failed while papermill executed it.

    The message is Vietnamese: the cell's own message when it is one (an error of this
    package, a check of the chapter), else a plain statement; never Python's English text,
    which goes with the traceback into `details` (written to a log file by the command
    line). `row` names the data row holding the value the error is about, when one does."""

    def __init__(
        self,
        notebook: str,
        cell: int | None,
        ename: str,
        evalue: str,
        row: str | None = None,
        details: str = "",
    ):
        self.notebook, self.cell, self.ename, self.evalue = notebook, cell, ename, evalue
        self.row, self.details = row, details
        where = f"ô số {cell}" if cell is not None else "không rõ ô"
        text = str(evalue).strip()
        if not text:
            detail = "không có thông báo chi tiết"
        elif is_vietnamese(text):
            detail = text
        else:
            detail = "lỗi ngoài dự kiến của chương trình"
        if row:
            detail += f" (dòng dữ liệu liên quan: {row})"
        super().__init__(f"Chương {notebook} lỗi khi chạy ({where}): {detail}")  # no class name

    def __reduce__(self):
        args = (self.notebook, self.cell, self.ename, self.evalue, self.row, self.details)
        return (type(self), args)


class ChaptersFailedError(KhuyenCongError):
    """Several chapters failed; each is named with its cell's error (the others were kept)."""

    def __init__(self, errors: list[KhuyenCongError]):
        self.errors = list(errors)
        lines = "\n  ".join(str(e) for e in self.errors)
        self.details = "\n\n".join(str(getattr(e, "details", "")) for e in self.errors).strip()
        super().__init__(f"{len(self.errors)} chương lỗi khi chạy:\n  {lines}")

    def __reduce__(self):
        return (type(self), (self.errors,))


class TemplateError(InputError):
    """A Word template (data/templates/<province>/bao-cao.docx) is refused before rendering."""


class RenderError(KhuyenCongError):
    """Jupyter Book could not render the executed chapters."""


class ReconciliationError(KhuyenCongError):
    """`--strict`: a figure stated by a source does not match what the data recomputes."""

    exit_code = 3


class ExistingDataError(InputError):
    """The province-year already has data or a draft: a scaffold never overwrites either."""


class ExistingFileError(InputError):
    """An output file is already there and overwriting it was not asked for (--force)."""

    def __init__(self, file: str, message: str):
        self.file = file
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (self.file, str(self)))


class WorkbookError(DataValidationError):
    """A workbook to import has problems; nothing was written to the data folder."""

    def render(self) -> str:
        head = f"Sổ Excel có {len(self.problems)} lỗi (chưa ghi gì vào thư mục dữ liệu):"
        return "\n".join([head, *listed(self.problems)])


class WorkbookRulesError(WorkbookError):
    """`import --strict`: the workbook reads well but breaks a consistency rule."""

    exit_code = 3


class FormulaError(KhuyenCongError):
    """A claim's formula uses something outside the whitelist or names data that does not exist."""


class ProjectNotFoundError(InputError):
    """The command was run outside a project (no `_config.yml` and `_toc.yml` found)."""


class BusyError(KhuyenCongError):
    """Another command holds the lock of the same edition or data folder for too long."""

    exit_code = 75


class ImportRefusedError(InputError):
    """An import that would destroy data (all of a province-year's rows) without --replace-empty."""
