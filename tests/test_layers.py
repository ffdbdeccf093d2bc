"""The package's floors (README, "Code layout"): a module imports only from its own floor or
below, so a change low down never has to know about the pipeline or the command line.

Every module must be placed on a floor here; a new module without a floor fails the test.
Imports under `if TYPE_CHECKING:` are annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "khuyencong"

# Module (or package prefix) -> floor; the longest matching prefix wins.
FLOORS = {
    # 0 base: errors, text and number formatting, the contract's declarations, the edition's
    # identity, the request, files written atomically, locks.
    "": 0,
    "errors": 0,
    "hints": 0,
    "escape": 0,
    "formatting": 0,
    "cells": 0,
    "schemas": 0,
    "markdown": 0,
    "prose": 0,
    "atomic": 0,
    "reproducible": 0,
    "project": 0,
    "edition": 0,
    "request": 0,
    "messages": 0,
    "locking": 0,
    "cache": 0,
    "publish": 0,
    "prune": 0,
    "catalogue": 0,
    "kernelside": 0,
    "downloads": 0,
    # 1 input: reading and validating data/, writing it back.
    "validation": 1,
    "data": 1,
    "snapshot": 1,
    "datafiles": 1,
    "backup": 1,
    "report.metadata": 1,
    "report.sheet": 1,
    # 2 figures: pure computations on the Dataset.
    "metrics": 2,
    "narrative": 2,
    "reconcile": 2,
    "rules": 2,
    "carryover": 2,
    "charts": 2,
    # 3 content: chapters and the báo cáo.
    "chapters": 3,
    "report": 3,
    "view": 3,
    "sources_page": 3,
    # 4 pipeline and data entry.
    "kernels": 4,
    "execute": 4,
    "fastpath": 4,
    "pdf": 4,
    "sphinx_ext": 4,
    "render": 4,
    "build": 4,
    "site": 4,
    "scaffold": 4,
    "workbook": 4,
    # 5 the command line.
    "cli": 5,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def floor(module: str) -> int | None:
    for prefix in sorted(FLOORS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + ".") or (prefix == "" and not module):
            return FLOORS[prefix]
    return None


def is_module(name: str) -> bool:
    path = SRC.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(source: str) -> set[str]:
    """The package's modules a source imports, at any depth, outside `if TYPE_CHECKING:`."""
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_If(self, node: ast.If) -> None:
            if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                self.generic_visit(node)

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            module = node.module or ""
            if module == "khuyencong" or module.startswith("khuyencong."):
                package = module.removeprefix("khuyencong").lstrip(".")
                for alias in node.names:  # `from khuyencong.report import metadata`: a module
                    sub = ".".join(p for p in (package, alias.name) if p)
                    found.add(sub if is_module(sub) else package)

        def visit_Import(self, node: ast.Import) -> None:
            for alias in node.names:
                if alias.name.startswith("khuyencong."):
                    found.add(alias.name.removeprefix("khuyencong."))

    Visitor().visit(ast.parse(source))
    return found


def upward_imports() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = module_name(path)
        own = floor(name)
        for target in sorted(imports(path.read_text(encoding="utf-8"))):
            theirs = floor(target)
            if own is None or theirs is None or theirs > own:
                found.append(f"{name or 'khuyencong'} ({own}) -> {target} ({theirs})")
    return found


def test_the_floors_are_read_as_declared():
    assert floor("chapters.results") == 3 and floor("report.metadata") == 1
    assert floor("report.web") == 3 and floor("cli") == 5 and floor("nowhere") is None
    source = (
        "from typing import TYPE_CHECKING\n"
        "from khuyencong.build import x\n"
        "from khuyencong import metrics\n"
        "from khuyencong.report import metadata, Report\n"
        "if TYPE_CHECKING:\n"
        "    from khuyencong.cli import main\n"
        "def f():\n"
        "    import khuyencong.render\n"
    )
    assert imports(source) == {"build", "metrics", "render", "report.metadata", "report"}


def test_no_module_imports_from_a_higher_floor():
    assert upward_imports() == []
