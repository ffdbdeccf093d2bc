"""Write the report of an edition as `<province>-<year>-bao-cao.docx` and `.pdf`: first in
the edition's work folder (the printed book includes the PDF's pages), then into the folder
about to be published (the web pages link to both)."""

from __future__ import annotations

import shutil
from pathlib import Path

from khuyencong.content.report.model import Report
from khuyencong.core.edition import Edition
from khuyencong.outputs.office_pdf import convert
from khuyencong.outputs.word import write_docx


def make_report(report: Report, template: bytes, edition: Edition, work: Path) -> list[Path]:
    """Write the edition's report (built once by the pipeline: the annual báo cáo or the
    tổng kết / sơ kết of a period) as a Word file and its PDF in `work` (LibreOffice profile
    included); the printed book opens on the PDF's pages.

    The same report gives the same Word bytes, so when they equal those of the previous
    build and its PDF is there, LibreOffice is not started again."""
    work.mkdir(parents=True, exist_ok=True)
    docx, pdf = work / edition.report_docx, work / "pdf" / edition.report_pdf
    fresh = write_docx(report, work / f".{edition.report_docx}.new", template)
    if docx.is_file() and pdf.is_file() and docx.read_bytes() == fresh.read_bytes():
        fresh.unlink()
        return [docx, pdf]
    pdf.unlink(missing_ok=True)  # never a PDF of another version beside this Word file
    fresh.replace(docx)
    return [docx, convert(docx, pdf.parent, work / "libreoffice-profile", report.core_date)]


def publish_report(files: list[Path], target: Path) -> list[Path]:
    """Copy the report's files to `target`; return the published paths."""
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(p, target / p.name)) for p in files]
