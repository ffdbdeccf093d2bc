"""Reconcile every figure the sources state with what the data recomputes.

Each claim in `claims.csv` carries a small formula over the data. Inputs are intervals:
a figure printed with d decimals stands for every value that rounds to it (±0,5·10^-d),
and "hơn X" is a lower bound. The formula's interval is then compared with the stated
figure's interval:

- khớp: the formula on the printed inputs, rounded half up like the source, gives the figure;
- khớp trong phạm vi làm tròn: not exactly, but some values of the inputs consistent with
  their rounding give it (the intervals overlap);
- lệch: no consistent input gives it;
- không kiểm chứng được: the data cannot recompute it (no formula).

Formulas are parsed with `ast` and only a whitelist of calls and arithmetic is allowed:
data files are never executed as code.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from khuyencong.errors import FormulaError
from khuyencong.figures import metrics
from khuyencong.figures.formatting import round_half_up

MATCH, MATCH_ROUNDING, MISMATCH, UNVERIFIABLE = (
    "khớp",
    "khớp trong phạm vi làm tròn",
    "lệch",
    "không kiểm chứng được",
)
CLASSES = (MATCH, MATCH_ROUNDING, MISMATCH, UNVERIFIABLE)
COLUMNS = [
    "claim_id",
    "text_vi",
    "period",
    "source_id",
    "stated",
    "unit",
    "decimals",
    "computed",
    "lo",
    "hi",
    "status",
    "note",
]


@dataclass(frozen=True)
class Interval:
    """A value known to lie in [lo, hi], and the value computed from the printed inputs."""

    lo: float
    hi: float
    mid: float

    @staticmethod
    def exact(v: float) -> Interval:
        return Interval(v, v, v)

    @staticmethod
    def printed(v: float, decimals: int | None = None, at_least: bool = False) -> Interval:
        """What a printed figure means: ±half a unit of its last printed digit."""
        if decimals is None:
            decimals = decimals_of(v)
        half = 0.5 * 10.0**-decimals
        return Interval(v - half, math.inf if at_least else v + half, v)

    def _lift(self, other) -> Interval:
        return other if isinstance(other, Interval) else Interval.exact(float(other))

    def __add__(self, other):
        o = self._lift(other)
        return Interval(self.lo + o.lo, self.hi + o.hi, self.mid + o.mid)

    __radd__ = __add__

    def __sub__(self, other):
        o = self._lift(other)
        return Interval(self.lo - o.hi, self.hi - o.lo, self.mid - o.mid)

    def __rsub__(self, other):
        return self._lift(other) - self

    def __neg__(self):
        return Interval(-self.hi, -self.lo, -self.mid)

    def __mul__(self, other):
        o = self._lift(other)
        products = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        products = [p for p in products if not math.isnan(p)]
        return Interval(min(products), max(products), self.mid * o.mid)

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = self._lift(other)
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionError("mẫu số có thể bằng 0")
        inv = Interval(1 / o.hi, 1 / o.lo, 1 / o.mid)
        return self * inv

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


def decimals_of(v: float) -> int:
    """Decimals a stored value was written with (170.8 -> 1, 18435 -> 0)."""
    exponent = Decimal(str(v)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def classify(stated: float, decimals: int, computed: Interval | None) -> str:
    if computed is None:
        return UNVERIFIABLE
    if float(round_half_up(computed.mid, decimals)) == float(round_half_up(stated, decimals)):
        return MATCH
    if computed.overlaps(Interval.printed(stated, decimals)):
        return MATCH_ROUNDING
    return MISMATCH


class Evaluator:
    """Evaluate claim formulas over a Dataset's tables."""

    def __init__(self, data):
        self.data = data
        self.functions: dict[str, Callable[..., Any]] = {
            "ind": self.ind,
            "plan": self.plan,
            "funding": self.funding,
            "award": self.award,
            "claim": self.claim,
            "share": lambda part, whole: 100 * part / whole,
            "change": lambda before, after: 100 * (after - before) / before,
            "cagr": self.cagr,
        }

    # --- data accessors -------------------------------------------------------------
    def ind(self, entity: str, end: int, indicator: str, fund_source: str = "all") -> Interval:
        try:
            r = metrics.indicator(self.data.indicators, entity, indicator, end, fund_source)
        except KeyError:
            raise FormulaError(
                f"không tìm thấy chỉ tiêu {entity}/{end}/{indicator}/{fund_source}"
            ) from None
        return Interval.printed(float(r.value), at_least=r.qualifier == "at_least")

    def plan(
        self,
        programme: str,
        measure: str = "budget",
        year: int | None = None,
        fund_source: str | None = None,
        activity: str | None = None,
    ) -> Interval:
        t = self.data.programme_plan
        sel = t["programme"] == programme
        if year is not None:
            sel &= t["year"] == year
        if fund_source is not None:
            sel &= t["fund_source"] == fund_source
        if activity is not None:
            sel &= t["activity"] == activity
        if not sel.any():
            raise FormulaError(
                f"không có dòng kế hoạch {programme}/{year}/{fund_source}/{activity}"
            )
        # Appendix cells are the decision's own inputs: exact.
        return Interval.exact(float(t.loc[sel, measure].sum()))

    def funding(
        self, province: str, year: int, column: str, fund_source: str | None = None
    ) -> Interval:
        t = self.data.funding
        sel = (t["province"] == province) & (t["year"] == year)
        if fund_source is not None:
            sel &= t["fund_source"] == fund_source
        if not sel.any():
            raise FormulaError(f"không có dòng kinh phí {province}/{year}")
        return Interval.exact(float(t.loc[sel, column].sum()))

    def award(self, province: str, year: int, column: str, level: str = "tinh") -> Interval:
        t = self.data.awards
        rows = t[(t["province"] == province) & (t["year"] == year) & (t["level"] == level)]
        if len(rows) != 1:
            raise FormulaError(f"không có dòng bình chọn {province}/{year}/{level}")
        return Interval.exact(float(rows.iloc[0][column]))

    def claim(self, claim_id: str) -> Interval:
        t = self.data.claims
        rows = t[t["claim_id"] == claim_id]
        if len(rows) != 1:
            raise FormulaError(f"không có số liệu công bố {claim_id}")
        r = rows.iloc[0]
        return Interval.printed(float(r.value), int(r.decimals) if pd.notna(r.decimals) else None)

    @staticmethod
    def cagr(total_growth_percent, years) -> Interval:
        g = (
            total_growth_percent
            if isinstance(total_growth_percent, Interval)
            else Interval.exact(total_growth_percent)
        )

        def f(x):
            return 100 * ((1 + x / 100) ** (1 / years) - 1)

        return Interval(f(g.lo), f(g.hi), f(g.mid))

    # --- safe evaluation ------------------------------------------------------------
    def evaluate(self, formula: str) -> Interval:
        tree = ast.parse(formula, mode="eval")
        value = self._eval(tree.body)
        return value if isinstance(value, Interval) else Interval.exact(float(value))

    def _eval(self, node):
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float | str):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self._eval(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(
            node.op, ast.Add | ast.Sub | ast.Mult | ast.Div
        ):
            left, right = self._eval(node.left), self._eval(node.right)
            ops = {
                ast.Add: lambda a, b: a + b,
                ast.Sub: lambda a, b: a - b,
                ast.Mult: lambda a, b: a * b,
                ast.Div: lambda a, b: a / b,
            }
            return ops[type(node.op)](left, right)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in self.functions
        ):
            args = [self._eval(a) for a in node.args]
            kwargs = {str(k.arg): self._eval(k.value) for k in node.keywords}
            return self.functions[node.func.id](*args, **kwargs)
        raise FormulaError(f"biểu thức không được phép: {ast.unparse(node)}")


REGION_PLAN = "kinh-phi-ke-hoach"  # the region chapter's plan indicator (seed 004)


def edition_entities(data, province: str) -> set[str]:
    """What an edition of `province` speaks about: the province, its region, the country."""
    ent = data.entities.set_index("entity")
    out = {province} | set(ent.index[ent["kind"] == "country"])
    region = ent.loc[province, "region"] if province in ent.index else None
    if isinstance(region, str) and region:
        out.add(region)
    return out


def edition_horizon(data, province: str, year: int) -> int:
    """Last year an edition looks at: year+1, or the end of the programme it presents."""
    prog = data.programme_covering(province, year + 1) or data.programme_covering(province, year)
    return max(year + 1, int(prog["period_end"])) if prog else year + 1


def claims_for(data, province: str, year: int) -> pd.DataFrame:
    """The claims an edition shows: about its province, region or country, and of a period the
    edition presents (`edition_windows`); a claim of another province, of an earlier year (last
    year's award round) or of a later edition's years never appears."""
    claims = data.claims
    start = claims["period_start"].fillna(claims["period_end"])
    end = claims["period_end"]
    keep = pd.Series(False, index=claims.index)
    for entities, (first, last) in edition_windows(data, province, year):
        keep |= claims["entity"].isin(entities) & (start <= last) & (end >= first)
    return claims[keep]


def edition_windows(data, province: str, year: int) -> list[tuple[set[str], tuple[int, int]]]:
    """What an edition presents, as (entities, years): the province from its year to its horizon
    (next year's plan, the programme it presents); the last multi-year review before the year (the
    previous-period chapter); the region and the country in the latest year of the region's plan
    up to the year (the region chapter)."""
    windows = [({province}, (year, edition_horizon(data, province, year)))]
    previous = [p for p in data.multi_year_periods(province) if p[1] < year]
    if previous:
        windows.append(({province}, previous[-1]))
    others = edition_entities(data, province) - {province}
    ry = region_year(data, province, year)
    if ry is not None and others:
        windows.append((others, (ry, ry)))
    return windows


def region_year(data, province: str, year: int) -> int | None:
    """The latest year, up to `year`, of the province's region's funding plan (seed 004: 2024)."""
    ent = data.entities.set_index("entity")
    region = ent.loc[province, "region"] if province in ent.index else None
    if not isinstance(region, str) or not region:
        return None
    inds = data.indicators
    years = inds[
        (inds["entity"] == region)
        & (inds["indicator"] == REGION_PLAN)
        & (inds["fund_source"] == "all")
        & (inds["period_end"] <= year)
    ]["period_end"]
    return int(years.max()) if len(years) else None


def period_label(start: object, end: object) -> str:
    """A claim's period as printed: "2024", "2026–2030"."""
    first = int(start) if pd.notna(start) else int(end)  # type: ignore[call-overload]
    last = int(end)  # type: ignore[call-overload]
    return str(last) if first == last else f"{first}–{last}"


def reconcile(data, claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per claim: stated, recomputed (rounded like the source), interval, class."""
    ev = Evaluator(data)
    rows = []
    for c in (data.claims if claims is None else claims).itertuples():
        decimals = int(c.decimals) if pd.notna(c.decimals) else decimals_of(float(c.value))  # type: ignore[arg-type]
        computed, note = None, ""
        formula = c.formula if isinstance(c.formula, str) and c.formula.strip() else None
        if formula:
            try:
                computed = ev.evaluate(formula)
            except (FormulaError, ZeroDivisionError, SyntaxError) as exc:
                note = f"không tính được: {exc}"
        rows.append(
            {
                "claim_id": c.claim_id,
                "text_vi": c.text_vi,
                "period": period_label(c.period_start, c.period_end),
                "source_id": c.source_id,
                "stated": float(c.value),  # type: ignore[arg-type]
                "unit": c.unit,
                "decimals": decimals,
                "computed": None if computed is None else computed.mid,
                "lo": None if computed is None else computed.lo,
                "hi": None if computed is None else computed.hi,
                "status": classify(float(c.value), decimals, computed),  # type: ignore[arg-type]
                "note": note,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def summary(table: pd.DataFrame) -> dict[str, int]:
    """Number of claims per class, every class present (0 when none)."""
    counts = table["status"].value_counts()
    return {k: int(counts.get(k, 0)) for k in CLASSES}
