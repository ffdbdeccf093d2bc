"""Vietnamese number formatting: `1.905`, `84,3%`, rounding half up.

babel supplies the separators of the `vi` locale; rounding is done here first with
``ROUND_HALF_UP`` because babel (like Python's ``round``) rounds half to even, and
Vietnamese reports print 3.562,5 as 3.563.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "vi"
# One convention for a table cell without a value, in Word, on the web and in the book.
EMPTY_CELL = "—"


def round_half_up(value: float | int | Decimal, decimals: int = 0) -> Decimal:
    """Round like a Vietnamese report: 3562.5 -> 3563, 84.25 -> 84.3 (decimals=1)."""
    # str() first so that 0.1 + 0.2 style float noise does not decide the half.
    exact = Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def round_down(value: float | int | Decimal, decimals: int = 0) -> Decimal:
    """Round towards minus infinity, so that a lower bound stays one: more than 1.56 is
    written "hơn 1,5" (always true), never "hơn 1,6" (not implied)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_FLOOR)


def fmt_number(value: float | int | Decimal, decimals: int = 0, lower_bound: bool = False) -> str:
    """`1905` -> `1.905`; `62.5` with decimals=1 -> `62,5`; a lower bound is rounded down."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    rounded = round_down(value, decimals) if lower_bound else round_half_up(value, decimals)
    return format_decimal(rounded, format=pattern, locale=LOCALE)


def fmt_percent(
    ratio_percent: float | Decimal | None, decimals: int = 1, missing: str = EMPTY_CELL
) -> str:
    """A value already in percent: `84.2519` -> `84,3%`; a dash when there is no rate."""
    if ratio_percent is None or _missing(ratio_percent):
        return missing
    return f"{fmt_number(ratio_percent, decimals)}%"


def fmt_money(value_trieu: float | int | Decimal, decimals: int = 0) -> str:
    """Money in triệu đồng: `1905` -> `1.905 triệu đồng`."""
    return f"{fmt_number(value_trieu, decimals)} triệu đồng"


def fmt_ty(value_ty: float | Decimal, decimals: int = 1, lower_bound: bool = False) -> str:
    """Money in tỷ đồng: `170.8` -> `170,8 tỷ đồng`; a lower bound `1.56` -> `1,5 tỷ đồng`."""
    return f"{fmt_number(value_ty, decimals, lower_bound)} tỷ đồng"


def fmt_optional(value, decimals: int = 0, missing: str = EMPTY_CELL) -> str:
    """A number, or a dash where the data has no value (NaN, NA, None)."""
    return missing if _missing(value) else fmt_number(value, decimals)


def _missing(value) -> bool:
    try:
        return value is None or bool(value != value)
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def fmt_auto(value, max_decimals: int = 2) -> str:
    """As many decimals as the value needs, up to `max_decimals`: 2075 -> `2.075`, 62.5 -> `62,5`."""
    exact = round_half_up(value, max_decimals).normalize()
    decimals = max(0, -int(exact.as_tuple().exponent))
    return fmt_number(exact, decimals)


# metrics.direction as a report says it: below, equal to, above.
COMPARISON_WORDS = {-1: "thấp hơn", 0: "bằng", 1: "cao hơn"}

QUALIFIER_PREFIX = {"at_least": "hơn ", "estimated": "ước ", "planned": "", "exact": ""}


def fmt_qualified(text: str, qualifier: str) -> str:
    """Say what kind of figure it is: `hơn 7,7 tỷ đồng` is a lower bound, not an exact value."""
    return QUALIFIER_PREFIX.get(qualifier, "") + text


def fmt_date(value) -> str:
    """`2026-05-11` (date or ISO string) -> `11/5/2026`: the one date format of the edition
    (the long heading date of a document is `vn_long_date`)."""
    return fmt_day(value)


def fmt_count(value: float | int) -> str:
    """A count as administrative documents write it: 6 -> `06`, 2 -> `02`, 71 -> `71`.

    Whole numbers below ten take a leading zero (the seeds: "06 nhiệm vụ", "02 cơ sở");
    anything else is printed as `fmt_auto` prints it (0 stays `0`)."""
    exact = round_half_up(value, 2).normalize()
    if exact == exact.to_integral_value() and 0 < exact < 10:
        return f"{int(exact):02d}"
    return fmt_auto(value)


def fmt_day(value) -> str:
    """`2026-05-11` (date or ISO string) -> `11/5/2026`: no leading zeros, as the report writes it."""
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{d.day}/{d.month}/{d.year}"


def fmt_decision(number: str, issued=None, kind: str = "Quyết định") -> str:
    """The one citation form of a document: `Quyết định số 1113/QĐ-UBND ngày 11/5/2026`
    (without a date when none is known)."""
    when = f" ngày {fmt_day(issued)}" if issued not in (None, "") and not _missing(issued) else ""
    return f"{kind} số {number}{when}"


def fmt_cell(value, blank_zero: bool = False) -> str:
    """A number in a table cell (as many decimals as it needs, no leading zero); `EMPTY_CELL`
    where the data has no value, and for zero when `blank_zero`."""
    if value is None or (isinstance(value, str) and not value.strip()) or _missing(value):
        return EMPTY_CELL
    if blank_zero and float(value) == 0:
        return EMPTY_CELL
    return fmt_auto(value)


def en_dash_ranges(text: str) -> str:
    """Year ranges with an en dash: `2026 - 2030` -> `2026–2030`."""
    import re

    return re.sub(r"\b(\d{4})\s*-\s*(\d{4})\b", "\\1–\\2", text)


def vn_long_date(d: date | None) -> str:
    """`ngày 05 tháng 02 năm 2026`: days below 10 and months 1–2 take a leading zero (NĐ 30)."""
    if d is None:
        return "ngày … tháng … năm …"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"
