"""matplotlib charts with Vietnamese labels and Vietnamese number formatting on the axes.

DejaVu Sans (shipped with matplotlib) covers every Vietnamese diacritic; figures are
returned, not shown, so the notebook glues them with their alt text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from khuyencong.core import escape
from khuyencong.figures.formatting import fmt_number

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",
        "pdf.fonttype": 42,
    }
)

if __import__("IPython").get_ipython() is not None:
    # In a kernel, glued figures carry PNG (web) and PDF (print: vector, fonts embedded).
    # No creation date in the PDF: the same inputs give the same bytes.
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("png", "pdf", metadata={"CreationDate": None})
COLORS = ("#1f5fa8", "#d98c1f", "#4c9a5b", "#8a3b8f", "#7a7a7a")
_VN_AXIS = FuncFormatter(lambda v, _pos: fmt_number(v, 0 if abs(v) >= 10 or v == int(v) else 1))


def _labels(categories: Sequence[str], series: Mapping[str, Sequence[float]], *texts: str):
    """Every text a chart shows, escaped for matplotlib (data names may hold `$`)."""
    return (
        [escape.mpl(c) for c in categories],
        {escape.mpl(k): v for k, v in series.items()},
        *(escape.mpl(t) for t in texts),
    )


def _finish(fig, ax, title: str, label: str, *, horizontal: bool = False):
    """Title, value-axis label in Vietnamese numbers, room for the value labels, legend."""
    ax.set_title(title)
    if horizontal:
        ax.set_xlabel(label)
        ax.xaxis.set_major_formatter(_VN_AXIS)
        ax.margins(x=0.15)
    else:
        ax.set_ylabel(label)
        ax.yaxis.set_major_formatter(_VN_AXIS)
        ax.margins(y=0.15)
        ax.legend(frameon=False)
    fig.tight_layout()
    return fig


def grouped_bars(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    title: str,
    ylabel: str,
    value_decimals: int = 0,
):
    """Bars side by side per category, one colour per series, each bar labelled with its value."""
    categories, series, title, ylabel = _labels(categories, series, title, ylabel)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    n = len(series)
    width = 0.8 / max(n, 1)
    for i, (label, values) in enumerate(series.items()):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(categories))]
        bars = ax.bar(xs, values, width, label=label, color=COLORS[i % len(COLORS)])
        ax.bar_label(
            bars, labels=[fmt_number(v, value_decimals) for v in values], fontsize=8, padding=2
        )
    ax.set_xticks(range(len(categories)), categories)
    return _finish(fig, ax, title, ylabel)


def stacked_bars(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    title: str,
    ylabel: str,
):
    """Stacked bars per category with the stack's total above each bar."""
    categories, series, title, ylabel = _labels(categories, series, title, ylabel)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    bottoms = [0.0] * len(categories)
    for i, (label, values) in enumerate(series.items()):
        ax.bar(categories, values, bottom=bottoms, label=label, color=COLORS[i % len(COLORS)])
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    for x, total in enumerate(bottoms):
        ax.annotate(
            fmt_number(total),
            (x, total),
            ha="center",
            va="bottom",
            fontsize=8,
            xytext=(0, 2),
            textcoords="offset points",
        )
    return _finish(fig, ax, title, ylabel)


def horizontal_bars(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str):
    """One horizontal bar per label (long Vietnamese labels read better this way)."""
    labels, _, title, xlabel = _labels(labels, {}, title, xlabel)
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(labels) + 1.2))
    bars = ax.barh(list(labels)[::-1], list(values)[::-1], color=COLORS[0])
    ax.bar_label(bars, labels=[fmt_number(v) for v in list(values)[::-1]], fontsize=8, padding=2)
    return _finish(fig, ax, title, xlabel, horizontal=True)
