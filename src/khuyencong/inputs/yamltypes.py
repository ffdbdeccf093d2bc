"""The type of every key of a programme's YAML and of a year's texts, checked before use.

A quoted year (`period_start: "2026"`), a list where a title is expected, a number where a
mapping is expected: each is refused with the file, line and key, in the author's words, instead
of failing later inside a chapter. A spec is a mapping key -> checker; a checker gives the words
of what is expected when a value does not fit, None when it does. Keys a spec does not name are
left to the file's own rules (the texts refuse them; a programme may carry more).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from khuyencong.core.edition import YEAR_MAX, YEAR_MIN
from khuyencong.errors import Problem
from khuyencong.inputs import hints
from khuyencong.inputs.schemas import FUND_SOURCES

Checker = Callable[[object], str | None]


@dataclass(frozen=True)
class ListOf:
    item: Checker | ListOf | MappingOf
    expected: str


@dataclass(frozen=True)
class MappingOf:
    fields: Mapping[str, Checker | ListOf | MappingOf]
    expected: str


Spec = Checker | ListOf | MappingOf


def mismatch(check: Spec, value: object, path: str) -> tuple[str, str, object] | None:
    """(dotted key, expected words, value found) of the first value that does not fit."""
    if isinstance(check, ListOf):
        if not isinstance(value, list):
            return path, check.expected, value
        return next((m for v in value if (m := mismatch(check.item, v, path))), None)
    if isinstance(check, MappingOf):
        if not isinstance(value, dict):
            return path, check.expected, value
        for key, entry in value.items():
            sub = check.fields.get(str(key))
            found = None if sub is None else mismatch(sub, entry, f"{path}.{key}")
            if found is not None:
                return found
        return None
    why = check(value)
    return None if why is None else (path, why, value)


def text(value: object) -> str | None:
    return None if isinstance(value, str) else "một đoạn chữ"


def year(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and YEAR_MIN <= value <= YEAR_MAX
    return None if ok else f"một năm từ {YEAR_MIN} đến {YEAR_MAX}, không đặt trong ngoặc kép"


def number(value: object) -> str | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return None if ok else "một số, không đặt trong ngoặc kép"


def whole(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return None if ok else "một số nguyên"


def iso_date(value: object) -> str | None:
    if isinstance(value, date):
        return None
    if isinstance(value, str):
        try:
            date.fromisoformat(value.strip())
            return None
        except ValueError:
            pass
    return "một ngày dạng năm-tháng-ngày, ví dụ 2026-05-11"


def optional(check: Checker) -> Checker:
    return lambda value: None if value is None else check(value)


TEXTS: dict[str, Spec] = {"period_start": year, "period_end": year}

_TARGET = MappingOf(
    {
        "activity": optional(text),
        "quantity": optional(number),
        "unit": optional(text),
        "text": text,
        "activities": ListOf(text, "danh sách mã hoạt động"),
    },
    "bảng khoá: giá trị (activity, quantity, unit, text)",
)
PROGRAMME: dict[str, Spec] = {
    **dict.fromkeys(
        ("id", "province", "title", "decision_number", "decision_title", "issuer"), text
    ),
    **dict.fromkeys(("source_id", "money_unit", "proposal", "effective"), text),
    **dict.fromkeys(("advisory_agency", "implementing_agency", "funding_sources"), text),
    "decision_date": iso_date,
    "period_start": year,
    "period_end": year,
    "stated_totals": MappingOf(
        {k: number for k in (*FUND_SOURCES, "total")},
        "bảng nguồn: số tiền (national, local, total)",
    ),
    "stated_year_totals": ListOf(
        MappingOf(
            {"year": year, "fund_source": text, "budget": number},
            "bảng khoá year, fund_source, budget",
        ),
        "danh sách các dòng {year, fund_source, budget}",
    ),
    **{
        k: ListOf(text, "danh sách các đoạn văn")
        for k in ("legal_bases",)  # the decision's other paragraph lists: dataset.py
    },
    "targets": ListOf(_TARGET, "danh sách các chỉ tiêu"),
    "reporting": MappingOf(
        {
            "by": text,
            "to": text,
            "text": text,
            "deadlines": ListOf(
                MappingOf({"day": whole, "month": whole}, "bảng khoá day, month"),
                "danh sách các hạn {day, month}",
            ),
        },
        "bảng khoá by, to, deadlines, text",
    ),
}


def problems(
    doc: dict,
    spec: Mapping[str, Spec],
    label: str,
    lines: Mapping[str, int],
    required: tuple[str, ...] = (),
) -> list[Problem]:
    """One problem per key of `doc` whose value does not fit `spec` (the innermost key named),
    per `required` key left empty, and one when the period starts after it ends.
    `lines`: dotted key -> file line."""
    out = []
    for key, check in spec.items():
        if doc.get(key) is None:
            if key in required and key in doc:
                out.append(Problem(label, lines.get(key), key, "thiếu giá trị", "ô trống", None))
            continue
        found = mismatch(check, doc[key], key)
        if found is not None:
            sub, expected, value = found
            shown = hints.shown(value)
            out.append(Problem(label, lines.get(sub), sub, "sai kiểu giá trị", shown, expected))
    start, end = doc.get("period_start"), doc.get("period_end")
    if year(start) is None and year(end) is None and start > end:  # type: ignore[operator]
        out.append(
            Problem(
                label,
                lines.get("period_start"),
                "period_start",
                "năm đầu kỳ sau năm cuối kỳ",
                f"{start} > {end}",
                "năm đầu kỳ ≤ năm cuối kỳ",
            )
        )
    return out
