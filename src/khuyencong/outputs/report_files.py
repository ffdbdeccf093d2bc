"""Write the report of an edition as `<province>-<year>-bao-cao.docx` and `.pdf` into the
folder about to be published (the web pages link to both)."""

from __future__ import annotations

import shutil
from pathlib import Path

from khuyencong.content.report.model import Report
from khuyencong.core.edition import Edition
from khuyencong.outputs.office_pdf import convert
from khuyencong.outputs.word import template_for, write_docx


def render_report(
    report: Report, data_root: Path, edition: Edition, target: Path, work: Path
) -> list[Path]:
    """Write the edition's report (built once by the pipeline) as a Word file and its PDF in
    `work` (LibreOffice profile included), copy both to `target`; return the published paths."""
    work.mkdir(parents=True, exist_ok=True)
    docx = write_docx(report, work / edition.report_docx, template_for(data_root, edition.province))
    pdf = convert(docx, work / "pdf", work / "libreoffice-profile", report.core_date)
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(p, target / p.name)) for p in (docx, pdf)]
