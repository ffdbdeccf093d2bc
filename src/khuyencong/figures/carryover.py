"""What year+1 must deliver: the programme's plan for year+1 plus the shortfalls carried over.

The computation lives with the rules (`rules.progress`), which read the same shortfalls: a year
that catches up last year's shortfall is not "vượt kế hoạch".
"""

from __future__ import annotations

from khuyencong.figures.rules.progress import COLUMNS, carry_over
from khuyencong.figures.rules.progress import done_results as done_rows

__all__ = ["COLUMNS", "carry_over", "done_rows"]
