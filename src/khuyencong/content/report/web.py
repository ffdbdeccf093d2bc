"""The report as the web edition's first page: the same content as the Word file, glued
into `notebooks/bao-cao.ipynb` (section headings in the page, bodies glued here)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from khuyencong.content.chapters.glue import Glued, Md
from khuyencong.content.markdown import esc
from khuyencong.content.report.content import build_report
from khuyencong.content.report.model import Report, Section, Table, split_gaps

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset


@dataclass(frozen=True)
class ReportPage(Glued):
    """The report's page: heading block, subject, the four numbered sections (title and
    body), closing with the signature, annexes."""

    head: Md
    draft: Md  # the DỰ THẢO mark and, beside it, what is still to enter; "" once complete
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
                    f"*{text(report.place_date)}*",
                ],
            )
        ),
        draft=Md(_draft(report) if report.draft else ""),
        subject=Md(
            "\n\n".join([f"**{esc(report.subject)}**", *(text(line) for line in report.kinh_gui())])
        ),
        opening=Md(text(report.opening)),
        sec_1_title=results.heading,
        sec_1=Md(_body(results, "bao-cao-1")),
        sec_2_title=limitations.heading,
        sec_2=Md(_body(limitations, "bao-cao-2")),
        sec_3_title=next_year.heading,
        sec_3=Md(_body(next_year, "bao-cao-3")),
        sec_4_title=recommendations.heading,
        sec_4=Md(_body(recommendations, "bao-cao-4")),
        closing=Md(_closing(report)),
        annexes=Md("\n\n".join(_annex(report, i) for i in range(len(report.annexes)))),
    )


def text(line: str) -> str:
    """A line as Markdown: escaped text, each gap a highlighted "…" whose note is its tooltip."""
    return "".join(
        _spaced(piece)
        if note is None
        else f'<mark class="kc-gap" title="{html.escape(note)}">…</mark>'
        for piece, note in split_gaps(line)
    )


def _spaced(piece: str) -> str:
    """Escaped text keeping the spaces at its ends (beside a gap they separate words)."""
    if not piece.strip():
        return " " if piece else ""
    lead = " " if piece[0].isspace() else ""
    return lead + esc(piece) + (" " if piece[-1].isspace() else "")


def _draft(report: Report) -> str:
    """The framed DỰ THẢO mark, a panel listing what is still to enter (never the text), and
    one of the figures still to check or explain."""
    notes = report.gap_notes()
    panel = [
        "```{admonition} Cần điền trước khi ký",
        ":class: kc-gaps",
        "",
        *(f"- {esc(n)}" for n in notes),
        "```",
    ]
    mark = '<span class="kc-draft-mark">DỰ THẢO</span>'
    blocks = ["\n".join(panel)] if notes else []
    blocks += [checks_panel(report.checks)] if report.checks else []
    return "\n".join([mark, "", *(["\n\n".join(blocks)] if blocks else [])])


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
        text(report.final_sentence)
        + "\n\n"
        + _two_columns(
            "kc-report-sign",
            ["***Nơi nhận:***", *(text(r) for r in report.recipients)],
            [f"**{text(line)}**" for line in report.signature_lines()],
        )
    )


def _two_columns(css: str, left: list[str], right: list[str]) -> str:
    """A borderless two-column block (heading, signature): one row, paragraphs per cell."""

    def cell(lines: list[str]) -> str:
        safe = [ln if ln.startswith(("*", "- ")) or "kc-gap" in ln else text(ln) for ln in lines]
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


def _annex(report: Report, index: int) -> str:
    """ "PHỤ LỤC", its title in capitals, the "Kèm theo" line, then its tables."""
    label, title, line = report.annex_heading(index)
    head = f"**{esc(label)}**\n\n**{esc(title)}**\n\n*{text(line)}*"
    return "\n".join(
        ["``````{container} kc-report-title", head, "``````", "", _body(report.annexes[index], "")]
    )


def _body(section: Section, name: str) -> str:
    parts = []
    for i, block in enumerate(section.blocks):
        parts.append(_block(block, f"{name}-{i}"))
    for j, child in enumerate(section.children):
        mark = "**" if child.level == 2 else "***"
        parts.append(f"{mark}{esc(child.heading)}{mark}")
        parts.append(_body(child, f"{name}-{j}"))
    return "\n\n".join(p for p in parts if p)


def _block(block: str | Table, name: str) -> str:
    return html_table(block) if isinstance(block, Table) else text(block)


def html_table(table: Table) -> str:
    """A report table as the Word file lays it out: caption, one or two header rows (a group
    over paired columns), numbers right-aligned, the "Tổng cộng" row bold."""
    e = html.escape
    rowspan, num, bold = ' rowspan="2"', ' class="kc-num"', ' class="kc-total"'
    groups = table.groups or [(None, 1)] * len(table.header)
    two = table.groups is not None
    top, sub, start = [], [], 0
    for label, span in groups:
        cols = range(start, start + span)
        if label is None:
            top += [f"<th{rowspan if two else ''}>{e(table.header[c])}</th>" for c in cols]
        else:
            top.append(f'<th colspan="{span}">{e(label)}</th>')
            sub += [f"<th>{e(table.header[c])}</th>" for c in cols]
        start += span
    head = "".join(f"<tr>{''.join(r)}</tr>" for r in (top, sub) if r)
    body = []
    for i, row in enumerate(table.all_rows()):
        total = table.total is not None and i == len(table.rows)
        cells = "".join(
            f"<td{num if table.is_numeric(c) else ''}>{e(v)}</td>" for c, v in enumerate(row)
        )
        body.append(f"<tr{bold if total else ''}>{cells}</tr>")
    return "\n".join(
        [
            "```{raw} html",
            f'<table class="kc-report-table"><caption>{e(table.caption)}</caption>',
            f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table>",
            "```",
        ]
    )
