"""Write the report of an edition as `<province>-<year>-bao-cao.docx` and `.pdf`: first in
the edition's work folder (the printed book includes the PDF's pages), then into the folder
about to be published (the web pages link to both)."""

from __future__ import annotations

import shutil
from pathlib import Path

from khuyencong.content.report.model import Report
from khuyencong.core.edition import Edition
from khuyencong.outputs.office_pdf import convert
from khuyencong.outputs.word import template_for, write_docx


def make_report(report: Report, data_root: Path, edition: Edition, work: Path) -> list[Path]:
    """Write the edition's report (built once by the pipeline: the annual báo cáo or the
    tổng kết / sơ kết of a period) as a Word file and its PDF in `work` (LibreOffice profile
    included); the printed book opens on the PDF's pages."""
    work.mkdir(parents=True, exist_ok=True)
    docx = write_docx(report, work / edition.report_docx, template_for(data_root, edition.province))
    pdf = convert(docx, work / "pdf", work / "libreoffice-profile", report.core_date)
    return [docx, pdf]


def publish_report(files: list[Path], target: Path) -> list[Path]:
    """Copy the report's files to `target`; return the published paths."""
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(p, target / p.name)) for p in files]
