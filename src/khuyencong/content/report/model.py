"""The report as plain data: heading fields, numbered sections of paragraphs and tables,
closing fields and annexes. Writers (Word, web page) lay it out; `lines` gives its text
in reading order (what a reader of the Word or PDF file sees)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

GAP = "…"
MISSING = "(chưa có)"


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths

    def without_empty_columns(self) -> Table:
        """The table minus every column empty in every row (no column of blanks)."""
        keep = [i for i in range(len(self.header)) if any(_filled(r[i]) for r in self.rows)]
        return Table(
            self.caption,
            [self.header[i] for i in keep],
            [[r[i] for i in keep] for r in self.rows],
            [self.widths[i] for i in keep] if self.widths else None,
        )


def _filled(cell: str) -> bool:
    return bool(str(cell).strip()) and str(cell).strip() not in ("—", "-", "–")


Block = str | Table


@dataclass
class Section:
    """`number` is "I." / "1." / "a)"; level 1, 2, 3; blocks are paragraphs or tables."""

    number: str
    title: str
    level: int
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass
class Report:
    province_name: str
    year: int
    admin_header: str
    department: str
    number_line: str
    place_date: str
    subject: str
    addressees: list[str]
    opening: str
    sections: list[Section]
    final_sentence: str
    recipients: list[str]
    authority: str
    signer_title: str
    signer_name: str
    annexes: list[Section]
    missing: list[str]
    core_date: date
    # The failures of the rules on the year's figures, not explained: the report stays a draft
    # until each passes or its row is explained (shown in a panel and as Word comments).
    checks: list[str] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        return bool(self.missing or self.checks)

    def draft_lines(self) -> list[str]:
        """ "DỰ THẢO" and what the author has still to fill or explain; nothing once complete."""
        if not self.draft:
            return []
        parts = ["Còn thiếu: " + "; ".join(self.missing)] if self.missing else []
        if self.checks:
            parts.append(
                f"Số liệu còn {len(self.checks):02d} điểm chưa đạt quy tắc kiểm tra, "
                "chưa có giải trình"
            )
        return ["DỰ THẢO", "(" + ". ".join(parts) + ".)"]

    def heading_lines(self) -> list[str]:
        return [
            self.admin_header,
            self.department,
            self.number_line,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            self.place_date,
        ]

    def kinh_gui(self) -> list[str]:
        """ "Kính gửi: X" for one addressee, else one "- X;" line each."""
        if len(self.addressees) == 1:
            return [f"Kính gửi: {self.addressees[0]}."]
        if not self.addressees:
            return [f"Kính gửi: {GAP}"]
        return ["Kính gửi:", *[f"- {a};" for a in self.addressees]]

    def signature_lines(self) -> list[str]:
        return [self.authority, self.signer_title, self.signer_name]

    def lines(self) -> list[str]:
        """Every line of text in reading order (tables cell by cell)."""
        out = [*self.heading_lines()]
        out += self.draft_lines()
        out += ["BÁO CÁO", self.subject, *self.kinh_gui(), self.opening]
        for s in self.sections:
            out += _section_lines(s)
        out.append(self.final_sentence)
        out += ["Nơi nhận:", *self.recipients, *self.signature_lines()]
        for s in self.annexes:
            out += _section_lines(s)
        return out


def _section_lines(section: Section) -> list[str]:
    out = [section.heading]
    for b in section.blocks:
        if isinstance(b, Table):
            out.append(b.caption)
            out += [c for row in [b.header, *b.rows] for c in row]
        else:
            out.append(b)
    for child in section.children:
        out += _section_lines(child)
    return out
