"""No figures in authored prose: a validation rule shared by `load_dataset` and `import`.

Money amounts and percentages come from the tables through glue; typed into a paragraph they
would drift from the data unnoticed. Years, counts of documents and legal references
("Nghị định 45/2012/NĐ-CP", "ngày 29/4/2025") are fine. The same patterns serve the test that
keeps `notebooks/` and `book/` free of figures.
"""

from __future__ import annotations

import re

import yaml

from khuyencong.errors import Problem
from khuyencong.inputs.hints import composed

# A money amount or a percentage: "92,6%", "2.200 triệu đồng", "1,9 tỷ đồng", "40 %".
FIGURE = re.compile(
    r"\d+(?:[.,]\d+)*\s*%|\d+(?:[.,]\d+)*\s*(?:triệu|tỷ)(?:\s*đồng)?", re.IGNORECASE
)


def figures_in(text: str) -> list[str]:
    """The money amounts and percentages written in a paragraph, as written."""
    return [m.group(0) for m in FIGURE.finditer(text)]


def item_lines(raw: str) -> dict[tuple[str, int], int]:
    """File line (1-based) of each paragraph of a texts YAML: (key, index) -> line."""
    root = composed(raw)
    out: dict[tuple[str, int], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        if isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                out[(str(key.value), i)] = item.start_mark.line + 1
    return out


def prose_problems(doc: dict, keys: tuple[str, ...], label: str, raw: str = "") -> list[Problem]:
    """One problem per paragraph that carries a figure, at its file line and key."""
    lines = item_lines(raw) if raw else {}
    problems = []
    for key in keys:
        items = doc.get(key) or []
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            found = figures_in(item) if isinstance(item, str) else []
            if found:
                problems.append(
                    Problem(
                        label,
                        lines.get((key, i)),
                        key,
                        "lời văn có số liệu (tiền, tỷ lệ); số liệu phải lấy từ các bảng",
                        ", ".join(found),
                        "lời văn không có số tiền, tỷ lệ",
                    )
                )
    return problems
