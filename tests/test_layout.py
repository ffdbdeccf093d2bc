"""Size limits of the developers' guide: modules ≤ 400 lines, functions ≤ 50 lines in src/.

Every module and function is within them; a change that crosses one fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "khuyencong"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def _functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, number of lines) of every function, method and nested function."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            yield name, (node.end_lineno or node.lineno) - node.lineno + 1
            yield from _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")
        else:
            yield from _functions(node, prefix)


def offenders(source: str, module: str) -> dict[str, int]:
    """The module (`name`) and its functions (`name:function`) over the limits, with their size."""
    found: dict[str, int] = {}
    lines = len(source.splitlines())
    if lines > MAX_MODULE_LINES:
        found[module] = lines
    for name, size in _functions(ast.parse(source)):
        if size > MAX_FUNCTION_LINES:
            found[f"{module}:{name}"] = size
    return found


def all_offenders() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted(SRC.rglob("*.py")):
        found |= offenders(path.read_text(encoding="utf-8"), path.relative_to(SRC).as_posix())
    return found


def _function_of(n: int) -> str:
    body = "".join(f"    x{i} = {i}\n" for i in range(n - 2))
    return f"def f():\n{body}    return 0\n"


def test_the_limits_are_measured_as_the_guide_counts_them():
    assert _function_of(50).count("\n") == 50
    assert offenders(_function_of(50), "m.py") == {}
    assert offenders(_function_of(51), "m.py") == {"m.py:f": 51}
    method = "class C:\n" + "".join("    " + ln + "\n" for ln in _function_of(51).splitlines())
    assert offenders(method, "m.py") == {"m.py:C.f": 51}
    assert offenders("x = 1\n" * 401, "m.py") == {"m.py": 401}
    assert offenders("x = 1\n" * 400, "m.py") == {}


def test_no_long_module_or_function():
    found = all_offenders()
    assert not found, (
        f"Over the limits ({MAX_MODULE_LINES} lines per module, {MAX_FUNCTION_LINES} per "
        f"function), split them: {found}"
    )
