"""Document metadata and authored report text, read from the year's texts YAML.

Keys (all optional; what is missing stays a visible gap and makes the report a draft):

    document:
      number: "125/BC-SCT"        # số văn bản
      issue_date: 2026-01-05       # ngày ban hành
      place: Sơn La                # địa danh (default: the province's name)
      addressees: [...]            # Kính gửi
      basis: "Thực hiện Công văn số …"
      recipients: [...]            # Nơi nhận
      signer: {authority: KT. GIÁM ĐỐC, title: PHÓ GIÁM ĐỐC, name: …}
    causes: {objective: [...], subjective: [...]}
    recommendations: {ministry: [...], province: [...]}
    closing: "Với định hướng …"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from khuyencong.errors import Problem
from khuyencong.inputs.hints import shown

REPORT_KEYS = ("document", "causes", "recommendations", "closing")
DOCUMENT_STR = ("number", "place", "basis")
DOCUMENT_LISTS = ("addressees", "recipients")
SIGNER_KEYS = ("authority", "title", "name")
DOCUMENT_KEYS = (*DOCUMENT_STR, "issue_date", *DOCUMENT_LISTS, "signer")
NESTED_LISTS = {"causes": ("objective", "subjective"), "recommendations": ("ministry", "province")}

# What an author still has to fill, in the words of the draft notice.
FIELD_LABELS = {
    "number": "số văn bản",
    "issue_date": "ngày ban hành",
    "addressees": "nơi gửi (Kính gửi)",
    "basis": "văn bản yêu cầu báo cáo (Thực hiện …)",
    "recipients": "nơi nhận",
    "signer": "họ tên người ký",
    "causes": "nguyên nhân của hạn chế",
    "recommendations": "kiến nghị, đề xuất",
}


@dataclass(frozen=True)
class Signer:
    authority: str | None = None
    title: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class ReportMeta:
    number: str | None = None
    issue_date: date | None = None
    place: str | None = None
    addressees: tuple[str, ...] = ()
    basis: str | None = None
    recipients: tuple[str, ...] = ()
    signer: Signer = field(default_factory=Signer)
    causes_objective: tuple[str, ...] = ()
    causes_subjective: tuple[str, ...] = ()
    rec_ministry: tuple[str, ...] = ()
    rec_province: tuple[str, ...] = ()
    closing: str | None = None

    def missing(self) -> list[str]:
        """Labels of the fields an author has not filled yet (empty: ready to sign)."""
        s = self.signer
        gaps = {
            "number": not self.number,
            "issue_date": self.issue_date is None,
            "addressees": not self.addressees,
            "basis": not self.basis,
            "recipients": not self.recipients,
            "signer": not s.name,  # authority and title default to "GIÁM ĐỐC"
            "causes": not (self.causes_objective or self.causes_subjective),
            "recommendations": not (self.rec_ministry or self.rec_province),
        }
        return [FIELD_LABELS[k] for k, gap in gaps.items() if gap]

    @property
    def draft(self) -> bool:
        return bool(self.missing())


def parse(text: dict) -> ReportMeta:
    """The metadata of a (validated) texts YAML document; absent keys give empty fields."""
    doc = text.get("document") or {}
    signer = doc.get("signer") or {}
    causes = text.get("causes") or {}
    recs = text.get("recommendations") or {}
    return ReportMeta(
        number=_str(doc.get("number")),
        issue_date=_date(doc.get("issue_date")),
        place=_str(doc.get("place")),
        addressees=tuple(_line(a).rstrip(";.") for a in _items(doc.get("addressees"))),
        basis=_str(doc.get("basis")),
        recipients=_recipients(_items(doc.get("recipients"))),
        signer=Signer(*(_str(signer.get(k)) for k in SIGNER_KEYS)),
        causes_objective=_items(causes.get("objective")),
        causes_subjective=_items(causes.get("subjective")),
        rec_ministry=_items(recs.get("ministry")),
        rec_province=_items(recs.get("province")),
        closing=_str(text.get("closing")),
    )


def _str(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _items(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    # An item holding several lines is several items (one recipient, one cause a line).
    lines = (line for v in value if isinstance(v, str) for line in v.splitlines())
    return tuple(line.strip() for line in lines if line.strip())


def _line(text: str) -> str:
    """A list line without the dash an author may have typed: "- Như trên;" -> "Như trên;"."""
    return text.lstrip("-–• ").strip()


def _recipients(items: tuple[str, ...]) -> tuple[str, ...]:
    """One recipient a line, each ending with ";" and the last with "." (NĐ 30)."""
    lines = [_line(i).rstrip(";.") for i in items]
    return tuple(f"{x}." if i == len(lines) - 1 else f"{x};" for i, x in enumerate(lines))


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        return date.fromisoformat(value.strip())
    return None


def problems(text: dict, label: str) -> list[Problem]:
    """Vietnamese problems with the report keys of one texts YAML (file and key named)."""
    out: list[Problem] = []
    doc = text.get("document")
    if doc is not None:
        if isinstance(doc, dict):
            out += _document_problems(doc, label)
        else:
            out.append(_bad(label, "document", doc, "bảng khoá: giá trị"))
    for key, subkeys in NESTED_LISTS.items():
        value = text.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            out.append(_bad(label, key, value, f"bảng khoá {', '.join(subkeys)}"))
            continue
        out += _unknown(value, subkeys, label, key)
        out += [p for sub in subkeys if (p := _list_problem(value.get(sub), label, f"{key}.{sub}"))]
    closing = text.get("closing")
    if closing is not None and not isinstance(closing, str):
        out.append(_bad(label, "closing", closing, "một đoạn văn"))
    return out


def _document_problems(doc: dict, label: str) -> list[Problem]:
    out = _unknown(doc, DOCUMENT_KEYS, label, "document")
    for key in DOCUMENT_STR:
        if doc.get(key) is not None and not isinstance(doc[key], str):
            out.append(_bad(label, f"document.{key}", doc[key], "chuỗi văn bản"))
    out += [p for k in DOCUMENT_LISTS if (p := _list_problem(doc.get(k), label, f"document.{k}"))]
    issued = doc.get("issue_date")
    if issued is not None and not isinstance(issued, date):
        try:
            date.fromisoformat(str(issued))
        except ValueError:
            out.append(_bad(label, "document.issue_date", issued, "ngày dạng 2026-01-05"))
    signer = doc.get("signer")
    if signer is not None:
        if not isinstance(signer, dict):
            out.append(_bad(label, "document.signer", signer, "bảng authority, title, name"))
        else:
            out += _unknown(signer, SIGNER_KEYS, label, "document.signer")
            for key in SIGNER_KEYS:
                if signer.get(key) is not None and not isinstance(signer[key], str):
                    out.append(_bad(label, f"document.signer.{key}", signer[key], "chuỗi văn bản"))
    return out


def _unknown(mapping: dict, allowed: tuple[str, ...], label: str, where: str) -> list[Problem]:
    return [
        Problem(
            label,
            None,
            f"{where}.{k}",
            "khoá không có trong hợp đồng dữ liệu",
            str(k),
            ", ".join(allowed),
        )
        for k in mapping
        if k not in allowed
    ]


def _list_problem(value: object, label: str, key: str) -> Problem | None:
    if value is None or (isinstance(value, list) and all(isinstance(i, str) for i in value)):
        return None
    return _bad(label, key, value, "danh sách chuỗi")


def _bad(label: str, key: str, value: object, expected: str) -> Problem:
    return Problem(label, None, key, "giá trị không hợp lệ", shown(value), expected)
