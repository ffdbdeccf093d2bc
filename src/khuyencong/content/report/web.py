"""The report as the web edition's first page: the same content as the Word file, glued
into `notebooks/00_bao_cao.ipynb` (section headings in the page, bodies glued here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong.content.chapters.glue import Glued, Md
from khuyencong.content.markdown import esc, md_table
from khuyencong.content.report.content import build_report
from khuyencong.content.report.model import Report, Section, Table

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset


@dataclass(frozen=True)
class ReportPage(Glued):
    """The report's page: heading block, subject, the four numbered sections (title and
    body), closing with the signature, annexes."""

    head: Md
    draft: Md  # the DỰ THẢO mark; "" once the report is complete
    subject: Md  # subject and addressees, centred like the Word file's title block
    opening: Md
    sec_1_title: str
    sec_1: Md
    sec_2_title: str
    sec_2: Md
    sec_3_title: str
    sec_3: Md
    sec_4_title: str
    sec_4: Md
    closing: Md
    annexes: Md


def build(data: Dataset, province: str, year: int) -> ReportPage:
    return chapter(build_report(data, province, year))


def chapter(report: Report) -> ReportPage:
    """Texts and Markdown blocks of the report page, under the names the page uses."""
    results, limitations, next_year, recommendations = report.sections
    return ReportPage(
        head=Md(
            _two_columns(
                "kc-report-head",
                [report.admin_header, f"**{esc(report.department)}**", report.number_line],
                [
                    "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
                    "**Độc lập - Tự do - Hạnh phúc**",
                    f"*{esc(report.place_date)}*",
                ],
            )
        ),
        draft=Md(_draft(report)),
        subject=Md(
            "\n\n".join([f"**{esc(report.subject)}**", *(esc(line) for line in report.kinh_gui())])
        ),
        opening=Md(esc(report.opening)),
        sec_1_title=results.heading,
        sec_1=Md(_body(results, "bao-cao-1")),
        sec_2_title=limitations.heading,
        sec_2=Md(_body(limitations, "bao-cao-2")),
        sec_3_title=next_year.heading,
        sec_3=Md(_body(next_year, "bao-cao-3")),
        sec_4_title=recommendations.heading,
        sec_4=Md(_body(recommendations, "bao-cao-4")),
        closing=Md(_closing(report)),
        annexes=Md(
            "\n\n".join(
                _body(a, f"phu-luc-{i}", own=True) for i, a in enumerate(report.annexes, start=1)
            )
        ),
    )


def _draft(report: Report) -> str:
    """The DỰ THẢO mark, what is missing, and a panel of the figures still to check or explain."""
    lines = report.draft_lines()
    if not lines:
        return ""
    parts = [f"**{esc(lines[0])}**", f"*{esc(lines[1])}*"]
    if report.checks:
        parts.append(checks_panel(report.checks))
    return "\n\n".join(parts)


def checks_panel(checks: list[str]) -> str:
    """The rules' failures as a warning panel, one item each."""
    items = "\n".join(f"- {esc(c)}" for c in checks)
    return "\n".join(
        [
            "```{admonition} Số liệu cần kiểm tra lại hoặc giải trình trước khi ban hành",
            ":class: warning kc-checks",
            "",
            items,
            "```",
        ]
    )


def _closing(report: Report) -> str:
    return (
        esc(report.final_sentence)
        + "\n\n"
        + _two_columns(
            "kc-report-sign",
            ["***Nơi nhận:***", *report.recipients],
            [
                f"**{esc(report.authority)}**",
                f"**{esc(report.signer_title)}**",
                f"**{esc(report.signer_name)}**",
            ],
        )
    )


def _two_columns(css: str, left: list[str], right: list[str]) -> str:
    """A borderless two-column block (heading, signature): one row, paragraphs per cell."""

    def cell(lines: list[str]) -> str:
        safe = [ln if ln.startswith("*") else esc(ln) for ln in lines]
        return "\n\n    ".join(safe)

    return "\n".join(
        [
            "```{list-table}",
            ":header-rows: 0",
            f":class: {css}",
            ":widths: 45 55",
            "",
            f"* - {cell(left)}",
            f"  - {cell(right)}",
            "```",
        ]
    )


def _body(section: Section, name: str, own: bool = False) -> str:
    parts = [f"**{esc(section.heading)}**"] if own else []
    for i, block in enumerate(section.blocks):
        parts.append(_block(block, f"{name}-{i}"))
    for j, child in enumerate(section.children):
        mark = "**" if child.level == 2 else "***"
        parts.append(f"{mark}{esc(child.heading)}{mark}")
        parts.append(_body(child, f"{name}-{j}"))
    return "\n\n".join(p for p in parts if p)


def _block(block: str | Table, name: str) -> str:
    if isinstance(block, Table):
        widths = [round(w) for w in block.widths] if block.widths else None
        return md_table(block.rows, block.header, block.caption, name, widths)
    return esc(block)
