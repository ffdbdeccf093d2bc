"""The package's floors (README, "Code layout"): one folder per floor, and a module imports only
from its own floor or below, without cycles, so a change low down never has to know about the
pipeline or the command line.

Every module sits in a floor's folder (only the package's `__init__` and `errors` sit at the
top, on the base floor). Imports at any depth count, function-level ones included; imports
under `if TYPE_CHECKING:` are annotations only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "khuyencong"

# Folder -> floor, from the base up; "" is the package's top (its __init__ and errors).
FLOORS = {
    "": 0,
    "errors": 0,
    "core": 0,
    "inputs": 1,
    "figures": 2,
    "content": 3,
    "outputs": 4,
    "pipeline": 5,
    "cli": 6,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def floor(module: str) -> int | None:
    return FLOORS.get(module.partition(".")[0])


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
                for alias in node.names:  # `from khuyencong.figures import metrics`: a module
                    sub = ".".join(p for p in (package, alias.name) if p)
                    found.add(sub if is_module(sub) else package)

        def visit_Import(self, node: ast.Import) -> None:
            for alias in node.names:
                if alias.name.startswith("khuyencong."):
                    found.add(alias.name.removeprefix("khuyencong."))

    Visitor().visit(ast.parse(source))
    return found


def import_graph() -> dict[str, set[str]]:
    return {
        module_name(path): imports(path.read_text(encoding="utf-8")) - {module_name(path)}
        for path in sorted(SRC.rglob("*.py"))
    }


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for name, targets in graph.items():
        own = floor(name)
        for target in sorted(targets):
            theirs = floor(target)
            if own is None or theirs is None or theirs > own:
                found.append(f"{name or 'khuyencong'} ({own}) -> {target} ({theirs})")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each once, found by depth-first search from each module."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                loop = path[path.index(nxt) :]
                if frozenset(loop) not in seen:
                    seen.add(frozenset(loop))
                    found.append([*loop, nxt])
            elif len(path) < 40:
                visit(nxt, [*path, nxt])

    for start in graph:
        visit(start, [start])
    return found


def test_the_floors_are_read_as_declared():
    assert floor("content.chapters.results") == 3 and floor("inputs.report_meta") == 1
    assert floor("cli.commands") == 6 and floor("errors") == 0 and floor("nowhere") is None
    source = (
        "from typing import TYPE_CHECKING\n"
        "from khuyencong.pipeline.build import x\n"
        "from khuyencong.figures import metrics\n"
        "from khuyencong.inputs import report_meta, Whatever\n"
        "if TYPE_CHECKING:\n"
        "    from khuyencong.cli.commands import main\n"
        "def f():\n"
        "    import khuyencong.outputs.book\n"
    )
    assert imports(source) == {
        "pipeline.build",
        "figures.metrics",
        "outputs.book",
        "inputs.report_meta",
        "inputs",
    }


def test_every_module_sits_in_a_floor_folder():
    assert [m for m in import_graph() if floor(m) is None] == []


def test_no_module_imports_from_a_higher_floor():
    assert upward_imports(import_graph()) == []


def test_a_doctored_graph_shows_an_upward_import_and_a_cycle():
    graph = {"inputs.a": {"figures.b"}, "figures.b": {"figures.c"}, "figures.c": {"figures.b"}}
    assert upward_imports(graph) == ["inputs.a (1) -> figures.b (2)"]
    assert cycles(graph) == [["figures.b", "figures.c", "figures.b"]]


def test_no_import_cycle_even_through_function_level_imports():
    assert cycles(import_graph()) == []
