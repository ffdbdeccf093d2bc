"""The report's document fields (Nghị định 30/2020/NĐ-CP) from its metadata: number, place
and date, opening, Nơi nhận, signature, the annexes' "Kèm theo" line; what the author has not
entered is a gap whose note says what to enter and where (the workbook's sheet and column).
Also the check that the issue date does not precede a document the report cites."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from khuyencong.content.report.model import Block, Section, gap
from khuyencong.errors import DataValidationError, Problem
from khuyencong.figures.formatting import fmt_day, vn_long_date
from khuyencong.inputs.report_meta import ReportMeta
from khuyencong.inputs.report_sheet import FIELDS, SHEET
from khuyencong.inputs.workbook.layout import TEXT_SECTIONS, TEXT_SHEET

LETTERS = "abcdefghik"
DEFAULT_TITLE = "GIÁM ĐỐC"  # the head of the Sở signs when the data names no other authority
ARCHIVE = "Lưu: VT"


def field_gap(path: tuple[str, ...], what: str) -> str:
    """A gap for a field of the sheet "Văn bản báo cáo" (one row per field, column Nội dung)."""
    label = next(lab for pth, lab, _ in FIELDS if pth == path)
    return gap(f"Nhập {what}: sổ Excel, trang «{SHEET}», dòng «{label}», cột «Nội dung».")


def text_gap(key: str, what: str) -> str:
    """A gap for a list of the year's text (sheet "Văn bản", one row per item)."""
    return gap(
        f"Nhập {what}: sổ Excel, trang «{TEXT_SHEET}», cột «Mục» chọn «{TEXT_SECTIONS[key]}», "
        "mỗi ý một dòng ở cột «Nội dung»."
    )


def number_line(meta: ReportMeta) -> str:
    if meta.number:
        return f"Số: {meta.number}"
    return "Số: " + field_gap(("document", "number"), "số văn bản") + "/BC-SCT"


def place_date(meta: ReportMeta, name: str) -> str:
    place = meta.place or name
    if meta.issue_date is not None:
        return f"{place}, {vn_long_date(meta.issue_date)}"
    day = field_gap(("document", "issue_date"), "ngày ban hành")
    return f"{place}, ngày {day} tháng {gap('')} năm {gap('')}"


def opening(meta: ReportMeta, name: str, subject: str) -> str:
    if meta.basis:
        basis = meta.basis.rstrip(" ;,.")
    else:
        basis = "Thực hiện " + field_gap(("document", "basis"), "văn bản yêu cầu báo cáo")
    return f"{basis}, Sở Công Thương tỉnh {name} báo cáo {subject[0].lower()}{subject[1:]} như sau:"


def final_sentence(meta: ReportMeta, name: str, subject: str) -> str:
    """ "Trên đây là báo cáo … của Sở Công Thương tỉnh …, kính báo cáo <Kính gửi>./."."""
    to = meta.addressees
    whom = (", ".join(to[:-1]) + " và " + to[-1]) if len(to) > 1 else "".join(to)
    return (
        f"Trên đây là báo cáo {subject[0].lower()}{subject[1:]} của Sở Công Thương tỉnh {name}, "
        f"kính báo cáo{' ' + whom if whom else ''}./."
    )


def addressees(meta: ReportMeta) -> list[str]:
    if meta.addressees:
        return list(meta.addressees)
    return [field_gap(("document", "addressees"), "nơi gửi báo cáo (Kính gửi), mỗi dòng một nơi")]


def recipients(meta: ReportMeta) -> list[str]:
    """Nơi nhận, one "- X;" a line: "- Như trên;" first when there is a Kính gửi, and always
    the last line "- Lưu: VT, …" (NĐ 30)."""
    lines = [r.rstrip(";.") for r in meta.recipients]
    if not lines:
        note = "nơi nhận, mỗi dòng một nơi, dòng cuối «Lưu: VT, (ký hiệu đơn vị soạn thảo)»"
        lines = [field_gap(("document", "recipients"), note), f"{ARCHIVE}, {gap('')}"]
    if meta.addressees and not lines[0].casefold().startswith("như trên"):
        lines.insert(0, "Như trên")
    if not lines[-1].startswith("Lưu"):
        lines.append(ARCHIVE)
    return [f"- {x}." if i == len(lines) - 1 else f"- {x};" for i, x in enumerate(lines)]


def letter(meta: ReportMeta, name: str, subject: str) -> dict[str, Any]:
    """The NĐ 30 frame of a báo cáo around its sections, annual or period alike: number, place
    and date, Kính gửi, opening and final sentences, Nơi nhận, signature, annex line, file date
    (the issue date, or none)."""
    authority, signer_title, signer_name = signature(meta)
    return {
        "number_line": number_line(meta),
        "place_date": place_date(meta, name),
        "addressees": addressees(meta),
        "opening": opening(meta, name, subject),
        "final_sentence": final_sentence(meta, name, subject),
        "recipients": recipients(meta),
        "authority": authority,
        "signer_title": signer_title,
        "signer_name": signer_name,
        "core_date": meta.issue_date,
        "annex_line": annex_line(meta, name),
    }


def signature(meta: ReportMeta) -> tuple[str, str, str]:
    """Authority, title (empty when the head signs) and name; "GIÁM ĐỐC" when none is given."""
    s = meta.signer
    authority = s.authority or s.title or DEFAULT_TITLE
    title = s.title if s.authority and s.title and s.title != s.authority else ""
    name = s.name or field_gap(("document", "signer", "name"), "họ tên người ký")
    return authority, title, name


def annex_line(meta: ReportMeta, name: str) -> str:
    """ "(Kèm theo Báo cáo số …/BC-SCT ngày … của Sở Công Thương tỉnh …)"."""
    number = meta.number or f"{gap('')}/BC-SCT"
    when = fmt_day(meta.issue_date) if meta.issue_date else gap("")
    return f"(Kèm theo Báo cáo số {number} ngày {when} của Sở Công Thương tỉnh {name})"


def items_or_gap(items, gap_text: str) -> list[Block]:
    """Authored sentences as dash items, or one dash item that is a gap."""
    return [f"- {i.rstrip()}" for i in items] if items else [f"- {gap_text}"]


_LONG_DATE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
_SHORT_DATE = re.compile(r"ngày (\d{1,2})/(\d{1,2})/(\d{4})")


def date_in(text: str) -> date | None:
    """The date a citation gives ("ngày 29 tháng 4 năm 2025" or "ngày 29/4/2025"), if any."""
    found = _LONG_DATE.search(text) or _SHORT_DATE.search(text)
    return date(int(found[3]), int(found[2]), int(found[1])) if found else None


def check_issue_date(meta: ReportMeta, cited: list[tuple[str, date]], where: str) -> None:
    """Refuse an issue date earlier than a document the report cites (named, both dates)."""
    if meta.issue_date is None:
        return
    problems = [
        Problem(
            where,
            None,
            "document.issue_date",
            f"ngày ban hành báo cáo ({fmt_day(meta.issue_date)}) sớm hơn ngày của {doc} "
            f"({fmt_day(when)}) mà báo cáo trích dẫn",
            fmt_day(meta.issue_date),
            f"ngày {fmt_day(when)} hoặc muộn hơn",
        )
        for doc, when in cited
        if when > meta.issue_date
    ]
    if problems:
        raise DataValidationError(problems)


def exists_by(decided: date | None, meta: ReportMeta, year: int) -> bool:
    """Whether a document dated `decided` can be cited: by the issue date, or, in a draft
    without one, by the end of the reported year."""
    if decided is None:
        return True
    return decided <= (meta.issue_date or date(year, 12, 31))


# Sections every báo cáo has, annual or period alike --------------------------------------


def numbered(children: list[Section], letters: bool = False) -> list[Section]:
    """Number the sub-sections 1., 2., … (or a), b), … with `letters`)."""
    for i, child in enumerate(children):
        child.number = f"{LETTERS[i]})" if letters else f"{i + 1}."
    return children


def limitations(text: dict, meta: ReportMeta, what: str) -> Section:
    """II. Tồn tại, hạn chế (`what`: the gap's wording) and their causes, objective and
    subjective; each left empty is a gap saying where to enter it."""
    objective = field_gap(("causes", "objective"), "nguyên nhân khách quan, mỗi ý một dòng")
    subjective = field_gap(("causes", "subjective"), "nguyên nhân chủ quan, mỗi ý một dòng")
    causes = [
        Section("", "Nguyên nhân khách quan", 3, items_or_gap(meta.causes_objective, objective)),
        Section("", "Nguyên nhân chủ quan", 3, items_or_gap(meta.causes_subjective, subjective)),
    ]
    limits = items_or_gap(text["limitations"], text_gap("limitations", what))
    children = [
        Section("", "Tồn tại, hạn chế", 2, limits),
        Section("", "Nguyên nhân", 2, children=numbered(causes, letters=True)),
    ]
    return Section("", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", 1, children=numbered(children))


def recommendations(meta: ReportMeta, name: str, heading: str) -> Section:
    """The recommendations to the ministry and to the province's People's Committee."""
    ministry = field_gap(("recommendations", "ministry"), "kiến nghị với Bộ Công Thương")
    province = field_gap(("recommendations", "province"), "kiến nghị với UBND tỉnh")
    children = [
        Section("", "Đối với Bộ Công Thương", 2, items_or_gap(meta.rec_ministry, ministry)),
        Section(
            "", f"Đối với Ủy ban nhân dân tỉnh {name}", 2, items_or_gap(meta.rec_province, province)
        ),
    ]
    return Section("", heading, 1, children=numbered(children))
