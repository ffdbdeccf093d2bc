"""Write the report of an edition as `<province>-<year>-bao-cao.docx` and `.pdf` into the
folder about to be published (the web pages link to both)."""

from __future__ import annotations

import shutil
from pathlib import Path

from khuyencong.report.content import build_report
from khuyencong.report.docx_writer import template_for, write_docx
from khuyencong.report.pdf import convert


def report_name(province: str, year: int) -> str:
    """`son-la-2025-bao-cao`: the report's file name without extension."""
    return f"{province}-{year}-bao-cao"


def render_report(data, province: str, year: int, target: Path, work: Path) -> list[Path]:
    """Build the Word file and its PDF in `work` (LibreOffice profile included), copy both to
    `target`; return the published paths."""
    report = build_report(data, province, year)
    name = report_name(province, year)
    work.mkdir(parents=True, exist_ok=True)
    docx = write_docx(report, work / f"{name}.docx", template_for(data.root, province))
    pdf = convert(docx, work / "pdf", work / "libreoffice-profile", report.core_date)
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(p, target / p.name)) for p in (docx, pdf)]
