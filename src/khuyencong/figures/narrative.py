"""Sentences computed from data: the signals a reviewer looks for, in Vietnamese.

Templates are jinja2 so that wording can change without touching the arithmetic; every
number is formatted by `formatting` before it reaches a template.
"""

from __future__ import annotations

from jinja2 import Environment, StrictUndefined

from khuyencong.figures.formatting import fmt_count, fmt_money, fmt_percent

_ENV = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)

_UNSPENT = _ENV.from_string(
    "Kinh phí đã thực hiện {{ disbursed }} trên tổng {{ allocated }} được giao (đạt {{ rate }}), "
    "thấp hơn kinh phí được giao {{ unspent }}."
)
_NO_NATIONAL = _ENV.from_string(
    "Năm {{ year }} tỉnh không được giao kinh phí khuyến công quốc gia; toàn bộ hoạt động dựa vào "
    "kinh phí khuyến công địa phương."
)
_BEHIND_PLAN = _ENV.from_string(
    "{{ activity }}: thực hiện {{ actual }} {{ unit }}, thấp hơn kế hoạch năm {{ year }} của chương "
    "trình ({{ planned }} {{ unit }})."
)
_NOT_DONE = _ENV.from_string(
    "{{ activity }}: chưa thực hiện trong năm {{ year }} (kế hoạch {{ planned }} {{ unit }})"
    "{% if reason %}; lý do: {{ reason }}{% endif %}."
)
_AWARD = _ENV.from_string(
    "{{ dossiers }} hồ sơ của {{ units }} đơn vị đăng ký, {{ eligible }} hồ sơ đủ điều kiện"
    "{% if eligible_rate %} ({{ eligible_rate }}){% endif %}, {{ recognised }} sản phẩm được công nhận"
    "{% if recognised_rate %} ({{ recognised_rate }} số hồ sơ đủ điều kiện){% endif %}."
)


def funding_signals(totals: dict, year: int) -> list[str]:
    """Limitations that the funding figures show by themselves."""
    out = []
    if totals["national_allocated"] == 0:
        out.append(_NO_NATIONAL.render(year=year))
    if totals["unspent"] > 0 and totals["rate"] is not None:
        out.append(
            _UNSPENT.render(
                disbursed=fmt_money(totals["disbursed"]),
                allocated=fmt_money(totals["allocated"]),
                rate=fmt_percent(totals["rate"]),
                unspent=fmt_money(totals["unspent"]),
            )
        )
    return out


def behind_plan_signals(comparison, year: int) -> list[str]:
    """One sentence per activity whose actual quantity is below the year's plan ("chưa thực
    hiện" with its reason when nothing was done).

    `comparison` has columns activity_name, unit, quantity_planned, quantity_actual (and
    `explanation`, the rows' giải trình, when known).
    """
    out = []
    for r in comparison.itertuples():
        if r.quantity_actual == 0 and r.quantity_planned > 0:
            reason = getattr(r, "explanation", None)
            out.append(
                _NOT_DONE.render(
                    activity=r.activity_name,
                    planned=fmt_count(r.quantity_planned),
                    unit=r.unit,
                    year=year,
                    reason=str(reason).rstrip(". ") if isinstance(reason, str) else "",
                )
            )
        elif r.quantity_actual < r.quantity_planned:
            out.append(
                _BEHIND_PLAN.render(
                    activity=r.activity_name,
                    actual=fmt_count(r.quantity_actual),
                    planned=fmt_count(r.quantity_planned),
                    unit=r.unit,
                    year=year,
                )
            )
    return out


def award_sentence(dossiers: int, units: int, eligible: int, recognised: int, rates: dict) -> str:
    return _AWARD.render(
        dossiers=fmt_count(dossiers),
        units=fmt_count(units),
        eligible=fmt_count(eligible),
        recognised=fmt_count(recognised),
        # No rate over zero cases: the clause is left out rather than printed as a dash.
        eligible_rate=fmt_percent(rates["eligible_of_dossiers"], missing=""),
        recognised_rate=fmt_percent(rates["recognised_of_eligible"], missing=""),
    )


def not_done(reason: object = None) -> str:
    """A planned content recorded as not carried out (a zero row): "chưa thực hiện" and its
    reason, never "0 cơ sở, kinh phí 0 triệu đồng"."""
    why = str(reason).strip().rstrip(".") if isinstance(reason, str) and reason.strip() else ""
    return f"chưa thực hiện ({why})" if why else "chưa thực hiện"
