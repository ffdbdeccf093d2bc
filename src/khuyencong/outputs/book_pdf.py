"""The printed edition: LaTeX helpers and XeLaTeX compilation.

Jupyter Book's `latex` builder writes `<name>.tex` into the staging folder; `compile_pdf`
runs latexmk with XeLaTeX on it and turns a LaTeX failure into a RenderError carrying
the LaTeX error line. The page layout (Nghị định 30/2020/NĐ-CP: A4, margins, TeX Gyre
Termes 13 pt, page numbers centred at the top) lives in `_config.yml`
(`sphinx.config.latex_elements`); this module only adds what is edition-specific
(title page). What Sphinx cannot express in configuration (introduction chapter,
appendix, long tables) is the extension `khuyencong.outputs.sphinx_ext`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

from khuyencong.core import escape
from khuyencong.core.edition import env_issue_date
from khuyencong.core.timing import timed
from khuyencong.errors import RenderError
from khuyencong.figures.formatting import vn_long_date


def tex_escape(text: object) -> str:
    """Plain text made inert in LaTeX (every special character spelled out)."""
    return escape.tex(text)


def issue_date(today: date | None = None) -> date | None:
    """The date printed on the title page: `today` or KHUYENCONG_ISSUE_DATE (YYYY-MM-DD).

    Never the build date (the same inputs give the same PDF): without a date, the title page
    leaves "ngày … tháng … năm …" for the signer to fill, as administrative drafts do."""
    return today if today is not None else env_issue_date()


def title_macros(
    *,
    admin_header: str,
    department: str,
    place: str,
    subject: str,
    author: str,
    today: date | None,
    place_date: str | None = None,
) -> str:
    """LaTeX definitions used by the title page in `_config.yml` (`\\kctitlepage`)."""
    values = {
        "kcAdminHeader": admin_header,
        "kcDepartment": department,
        # The report's own place and date of issue (a gap until the author sets it).
        "kcPlaceDate": place_date or f"{place}, {vn_long_date(today)}",
        "kcSubject": subject,
        "kcAuthor": author,
    }
    return "".join(f"\\newcommand{{\\{k}}}{{{tex_escape(v)}}}\n" for k, v in values.items())


# --------------------------------------------------------------------------------------
# Compilation


def latexmk_available() -> bool:
    return bool(shutil.which("latexmk") and shutil.which("xelatex"))


def _latex_errors(log: str) -> list[str]:
    """The LaTeX error lines of a log: `file:line: message` or `! message`, with its `l.N` line."""
    lines = log.splitlines()
    found: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith("! ") or re.match(r"^\S+:\d+: ", line):
            context = next(
                (ln.strip() for ln in lines[i + 1 : i + 12] if re.match(r"^l\.\d+ ", ln)), ""
            )
            found.append(f"{line.strip()} {context}".strip())
    return found


@timed("XeLaTeX")
def compile_pdf(latex_dir: Path, name: str, timeout: int = 600) -> Path:
    """Run latexmk (XeLaTeX) on `<latex_dir>/<name>.tex`; return the PDF or raise RenderError."""
    tex = latex_dir / f"{name}.tex"
    if not tex.exists():
        raise RenderError(f"Không thấy tệp LaTeX {tex.name} để dựng bản PDF.")
    if not latexmk_available():
        raise RenderError(
            "Thiếu latexmk hoặc xelatex để dựng bản PDF (cài bằng `make system` hoặc "
            "apt-get install texlive-xetex latexmk fonts-texgyre)."
        )
    cmd = [
        "latexmk",
        "-xelatex",
        "-interaction=nonstopmode",
        "-halt-on-error",
        "-file-line-error",
        "-g",  # always run: a failed earlier run must not be reported again
        "-norc",  # Sphinx's latexmkrc would route the index through xindy; there is no index
        f"{name}.tex",
    ]
    try:
        proc = subprocess.run(cmd, cwd=latex_dir, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(f"XeLaTeX chạy quá {timeout} giây khi dựng bản PDF.") from None
    pdf = latex_dir / f"{name}.pdf"
    if proc.returncode != 0 or not pdf.exists():
        log_file = latex_dir / f"{name}.log"
        log = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
        errors = _latex_errors(log) or _latex_errors(proc.stdout)
        detail = errors[0] if errors else (proc.stdout + proc.stderr).strip()[-500:]
        raise RenderError(f"XeLaTeX không dựng được bản PDF ({tex.name}):\n  {detail}")
    return pdf
