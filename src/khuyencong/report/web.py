"""The report as the web edition's first page: the same content as the Word file, glued
into `notebooks/00_bao_cao.ipynb` (section headings in the page, bodies glued here)."""

from __future__ import annotations

from khuyencong.chapters import Chapter
from khuyencong.markdown import esc, md_table
from khuyencong.report.model import Report, Section, Table


def chapter(report: Report) -> Chapter:
    """Texts and Markdown blocks of the report page, under the names the page uses."""
    ch = Chapter()
    ch.text["year"], ch.text["next_year"] = str(report.year), str(report.year + 1)
    ch.md["head"] = _two_columns(
        "kc-report-head",
        [report.admin_header, f"**{esc(report.department)}**", report.number_line],
        [
            "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
            "**Độc lập - Tự do - Hạnh phúc**",
            f"*{esc(report.place_date)}*",
        ],
    )
    draft = report.draft_lines()
    ch.md["draft"] = "\n\n".join([f"**{esc(draft[0])}**", f"*{esc(draft[1])}*"]) if draft else ""
    ch.md["subject"] = "\n\n".join(
        [
            f"**{esc(report.subject)}**",
            *(esc(line) for line in report.kinh_gui()),
            esc(report.opening),
        ]
    )
    for i, section in enumerate(report.sections, start=1):
        ch.text[f"sec_{i}_title"] = section.heading
        ch.md[f"sec_{i}"] = _body(section, f"bao-cao-{i}")
    ch.md["closing"] = (
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
    ch.md["annexes"] = "\n\n".join(
        _body(a, f"phu-luc-{i}", own=True) for i, a in enumerate(report.annexes, start=1)
    )
    return ch


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
