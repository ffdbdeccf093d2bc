"""Cells of a validated table, typed for the code that formats them.

pandas types a value read from a row (`itertuples`, `.iloc[0]`) as any pandas scalar; the
data contract has already checked each column, so these accessors state what the column
holds and fail loudly (TypeError) if a value is not what the contract promised.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def number(value: object) -> float:
    """A numeric cell (NaN stays NaN)."""
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    raise TypeError(f"expected a number, got {value!r}")


def optional_number(value: object) -> float | None:
    """A numeric cell that may be empty: None for None and pandas' NA, NaN stays NaN."""
    return None if value is None or value is pd.NA else number(value)


def integer(value: object) -> int:
    """A whole-number cell (counts, years, decimals)."""
    return int(number(value))
