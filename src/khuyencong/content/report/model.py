"""The report as plain data: heading fields, numbered sections of paragraphs and tables,
closing fields and annexes. Writers (Word, web page) lay it out; `lines` gives its text
in reading order (what a reader of the Word or PDF file sees).

A gap the author still has to fill is written `gap(note)`: it reads "…" in the text, and the
writers show it highlighted with `note` (what to enter and where) as a comment beside it.
Tables for the body or an annex are made with `numeric_table` (typed columns, two-level
header, a "Tổng cộng" row) and placed with `place_table`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from khuyencong.figures.formatting import EMPTY_CELL, fmt_cell, fmt_percent

GAP = "…"
GAP_OPEN, GAP_CLOSE = "\ue000", "\ue001"  # private-use marks around a gap's note
GAP_TOKEN = re.compile(f"{GAP_OPEN}([^{GAP_CLOSE}]*){GAP_CLOSE}")
TOTAL_LABEL = "Tổng cộng"
ANNEX_ROWS = 8  # longer tables go to a Phụ lục
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def gap(note: str) -> str:
    """A blank for the author: "…" in the text, `note` (what to enter, where) as its comment."""
    return f"{GAP_OPEN}{note}{GAP_CLOSE}"


def plain(text: str) -> str:
    """The text as read: every gap as "…"."""
    return GAP_TOKEN.sub(GAP, text)


def split_gaps(text: str) -> list[tuple[str, str | None]]:
    """`text` as (piece, note) pairs: note None for ordinary text, the gap's note for a gap."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for mt in GAP_TOKEN.finditer(text):
        if mt.start() > pos:
            out.append((text[pos : mt.start()], None))
        out.append((GAP, mt[1]))
        pos = mt.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def gap_notes(texts: Iterable[str]) -> list[str]:
    """The notes of every gap in `texts`, in order, each once."""
    out: list[str] = []
    for t in texts:
        out += [n for n in GAP_TOKEN.findall(t) if n and n not in out]
    return out


@dataclass
class Table:
    """`groups`, when given, is the upper header row: (label, span) over consecutive columns,
    label None where the column's own header spans both rows. `numeric` marks right-aligned
    columns; `total` is the "Tổng cộng" row (bold), kept apart from `rows`."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths
    numeric: list[bool] | None = None
    groups: list[tuple[str | None, int]] | None = None
    total: list[str] | None = None

    def all_rows(self) -> list[list[str]]:
        return [*self.rows, *([self.total] if self.total else [])]

    def is_numeric(self, column: int) -> bool:
        return bool(self.numeric and self.numeric[column])

    def without_empty_columns(self) -> Table:
        """The table minus every column empty in every row (no column of blanks)."""
        keep = [i for i in range(len(self.header)) if any(_filled(r[i]) for r in self.rows)]

        def pick(values):
            return [values[i] for i in keep] if values else values

        return Table(
            self.caption,
            pick(self.header),
            [pick(r) for r in self.rows],
            pick(self.widths),
            pick(self.numeric),
            _kept_groups(self.groups, keep),
            pick(self.total),
        )


def _kept_groups(groups, keep: list[int]) -> list[tuple[str | None, int]] | None:
    if not groups:
        return None
    out: list[tuple[str | None, int]] = []
    start = 0
    for label, span in groups:
        n = sum(1 for i in range(start, start + span) if i in keep)
        start += span
        if n:
            out.append((label, n))
    return out if any(label is not None for label, _ in out) else None


def _filled(cell: str) -> bool:
    return bool(str(cell).strip()) and str(cell).strip() not in ("—", "-", "–", EMPTY_CELL)


@dataclass(frozen=True)
class Column:
    """A column of `numeric_table`: `kind` "text", "number" (right-aligned, as many decimals
    as the value needs) or "percent" (a value already in percent, `84,3%`); `group` the upper header over consecutive columns; `summed` whether
    the "Tổng cộng" row adds it up; `blank_zero` whether a zero reads as an empty cell."""

    title: str
    width: float = 10
    kind: str = "text"
    group: str | None = None
    summed: bool = False
    blank_zero: bool = False


def numeric_table(
    caption: str, columns: Sequence[Column], rows: Sequence[Sequence[object]], total: bool = True
) -> Table:
    """A table of the report (body or annex): text cells as given, numbers formatted one way
    (`fmt_cell`, empty cells `EMPTY_CELL`), a two-level header when columns have groups, and a
    bold "Tổng cộng" row summing the `summed` columns (when any is and `total`)."""
    cells = [[_cell(col, v) for col, v in zip(columns, row, strict=True)] for row in rows]
    total_row = None
    if total and any(c.summed for c in columns):
        total_row = [_total_cell(i, c, rows) for i, c in enumerate(columns)]
        first_text = next((i for i, c in enumerate(columns) if c.kind == "text"), 0)
        total_row[first_text] = TOTAL_LABEL
    groups: list[tuple[str | None, int]] | None = None
    if any(c.group for c in columns):
        groups = []
        for c in columns:
            if c.group and groups and groups[-1][0] == c.group:
                groups[-1] = (c.group, groups[-1][1] + 1)
            else:
                groups.append((c.group, 1))
    return Table(
        caption,
        [c.title for c in columns],
        cells,
        [c.width for c in columns],
        [c.kind != "text" for c in columns],
        groups,
        total_row,
    )


def gap_row(columns: Sequence[Column], note: str) -> list[str]:
    """One row of gaps for a list the author has still to enter: the first cell carries
    `note` (what to enter, where) as its comment, the others are highlighted blanks."""
    return [gap(note) if i == 0 else gap("") for i in range(len(columns))]


def _cell(col: Column, value: object) -> str:
    if col.kind == "text":
        return "" if value is None else str(value)
    if col.kind == "percent":
        return fmt_percent(value, missing=EMPTY_CELL)  # type: ignore[arg-type]
    return fmt_cell(value, blank_zero=col.blank_zero)


def _total_cell(i: int, col: Column, rows: Sequence[Sequence[object]]) -> str:
    if not col.summed:
        return ""
    values = [float(r[i]) for r in rows if fmt_cell(r[i]) != EMPTY_CELL]  # type: ignore[arg-type]
    return fmt_cell(sum(values) if values else None)


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


def annex_label(index: int) -> str:
    """How the body refers to the `index`-th annex (0-based) while annexes are collected;
    `number_annexes` drops the numeral when there is only one."""
    return f"Phụ lục {ROMAN[index]}"


def place_table(
    table: Table, title: str, annexes: list[Section], max_rows: int = ANNEX_ROWS
) -> tuple[str, list[Block]]:
    """A long table becomes an annex (the body refers to it: " (chi tiết tại Phụ lục I)"); a
    short one stays in the body. Returns the reference and the blocks for the body."""
    if len(table.rows) <= max_rows:
        return "", [table]
    label = annex_label(len(annexes))
    annexes.append(Section("", title, 1, [table]))
    return f" (chi tiết tại {label})", []


def add_annex(table: Table, title: str, annexes: list[Section]) -> str:
    """Put `table` in an annex of its own whatever its length; the body's reference label."""
    return place_table(table, title, annexes, max_rows=-1)[0].removeprefix(" (chi tiết tại ")[:-1]


def number_annexes(sections: list[Section], annexes: list[Section]) -> None:
    """With a single annex, the body says "Phụ lục", not "Phụ lục I" (NĐ 30)."""
    if len(annexes) != 1:
        return
    single = re.compile(r"Phụ lục I\b")
    for section in sections:
        section.blocks = [
            single.sub("Phụ lục", b) if isinstance(b, str) else b for b in section.blocks
        ]
        number_annexes(section.children, annexes)


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
    core_date: date | None
    annex_line: str = ""  # "(Kèm theo Báo cáo số …/BC-SCT ngày … của Sở Công Thương tỉnh …)"
    time: str = ""  # "giai đoạn 2016–2020" for a period review; "" : "năm <year>"
    # The failures of the rules on the year's figures, not explained: the report stays a draft
    # until each passes or its row is explained (a panel on the page, comments in Word).
    checks: list[str] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        """A draft while anything is missing (a field of the metadata, any gap in the text) or
        a rule on the figures fails unexplained."""
        return bool(self.missing or self.checks) or any(
            GAP_OPEN in line for line in self.raw_lines()
        )

    def draft_lines(self) -> list[str]:
        """The DỰ THẢO mark (framed in its place); nothing once complete. What is missing is
        told by the gaps' comments, what to check by the rules' comments, never in the text."""
        return ["DỰ THẢO"] if self.draft else []

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
            return ["Kính gửi: " + gap("Nhập nơi gửi báo cáo (Kính gửi), mỗi dòng một nơi.")]
        return ["Kính gửi:", *[f"- {a};" for a in self.addressees]]

    def signature_lines(self) -> list[str]:
        """Authority, title (none when the head signs) and name."""
        return [x for x in (self.authority, self.signer_title, self.signer_name) if x]

    def annex_heading(self, index: int) -> list[str]:
        """ "PHỤ LỤC" (numbered I, II … only when there are several), the title in capitals
        and the line "(Kèm theo Báo cáo số … ngày … của …)"."""
        label = "PHỤ LỤC" if len(self.annexes) == 1 else f"PHỤ LỤC {ROMAN[index]}"
        return [label, self.annexes[index].title.upper(), self.annex_line]

    def raw_lines(self) -> list[str]:
        """Every line of text in reading order (tables cell by cell), gaps as tokens."""
        out = [*self.heading_lines()]
        out += ["BÁO CÁO", self.subject, *self.kinh_gui(), self.opening]
        for s in self.sections:
            out += _section_lines(s)
        out.append(self.final_sentence)
        out += ["Nơi nhận:", *self.recipients, *self.signature_lines()]
        for i, s in enumerate(self.annexes):
            out += [*self.annex_heading(i), *_section_lines(s)[1:]]
        return out

    def lines(self) -> list[str]:
        """Every line of text in reading order (tables cell by cell), as a reader sees it."""
        return [plain(line) for line in [*self.draft_lines(), *self.raw_lines()]]

    def gap_notes(self) -> list[str]:
        """What the author still has to enter, and where: the gaps' comments, in order."""
        return gap_notes(self.raw_lines())


def _section_lines(section: Section) -> list[str]:
    out = [section.heading]
    for b in section.blocks:
        if isinstance(b, Table):
            out.append(b.caption)
            groups = [g for g, _ in b.groups or [] if g]
            out += groups + [c for row in [b.header, *b.all_rows()] for c in row]
        else:
            out.append(b)
    for child in section.children:
        out += _section_lines(child)
    return out
