"""Write the report of an edition as `<province>-<year>-bao-cao.docx` and `.pdf`: first in
the edition's work folder (the printed book includes the PDF's pages), then into the folder
about to be published (the web pages link to both)."""

from __future__ import annotations

import shutil
from pathlib import Path

from khuyencong.content.report.period import edition_report
from khuyencong.core.edition import Edition
from khuyencong.outputs.office_pdf import convert
from khuyencong.outputs.word import template_for, write_docx


def make_report(data, edition: Edition, work: Path) -> list[Path]:
    """Build the Word file and its PDF in `work` (LibreOffice profile included): the annual
    báo cáo or, for a period edition, the tổng kết / sơ kết."""
    report = edition_report(data, edition)
    work.mkdir(parents=True, exist_ok=True)
    docx = write_docx(
        report, work / f"{edition.report_name}.docx", template_for(data.root, edition.province)
    )
    pdf = convert(docx, work / "pdf", work / "libreoffice-profile", report.core_date)
    return [docx, pdf]


def publish_report(files: list[Path], target: Path) -> list[Path]:
    """Copy the report's files to `target`; return the published paths."""
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(p, target / p.name)) for p in files]


def render_report(data, edition: Edition, target: Path, work: Path) -> list[Path]:
    """Build the Word file and its PDF in `work`, copy both to `target`."""
    return publish_report(make_report(data, edition, work), target)
