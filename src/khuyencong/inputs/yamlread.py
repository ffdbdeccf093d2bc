"""An author's YAML file read within bounds: its size, its aliases, its nesting and every value.

Refused before anything is built from the document: a file larger than MAX_BYTES, more than
MAX_ALIASES aliases (`*name`), a document that would expand to more than MAX_NODES values once
its aliases are followed (a "billion laughs" of nested anchors fits in one kilobyte), a cycle of
aliases, nesting deeper than the parser can follow, and any value too long or holding an
invisible character (`textguard`, with the file line and the key). Problems describe what was
found, never print the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from khuyencong.errors import DataValidationError, Problem
from khuyencong.inputs import hints, textguard

MAX_BYTES = 2 * 1024 * 1024  # a year's texts are a few kilobytes, a programme a few dozen
MAX_ALIASES = 50  # authors do not need aliases; a few are tolerated
MAX_NODES = 100_000  # values in the document with every alias followed


class _Refused(yaml.YAMLError):
    def __init__(self, line: int | None, message: str, found: str | None = None):
        super().__init__(message)
        self.line, self.message, self.found = line, message, found


class _Loader(yaml.SafeLoader):
    """The safe loader, counting aliases as it composes (before any value is built)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                line = self.peek_event().start_mark.line + 1
                found = f"hơn {MAX_ALIASES} tham chiếu (*tên)"
                raise _Refused(line, "YAML dùng quá nhiều tham chiếu (*tên)", found)
        return super().compose_node(parent, index)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class Cycle(ValueError):
    """An anchor holding an alias to itself (`&a [x, *a]`): `node` is where it closes."""

    def __init__(self, node: yaml.Node):
        super().__init__(node.start_mark.line + 1)
        self.node = node


def expanded_size(root: yaml.Node, limit: int = MAX_NODES) -> int:
    """Values in the document with every alias followed (shared nodes counted each time they
    are reached), computed on the shared graph without expanding it; `limit + 1` as soon as it
    exceeds `limit`; Cycle for an anchor holding an alias to itself."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_: set[int] = set()
    while stack:
        node, done = stack.pop()
        if done:
            total = 1 + sum(sizes[id(c)] for c in _children(node))
            sizes[id(node)] = min(total, limit + 1)
            open_.discard(id(node))
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_:
            raise Cycle(node)
        open_.add(id(node))
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_:
                raise Cycle(node)
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _compose(text: str) -> tuple[yaml.Node | None, _Loader]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except RecursionError:
        raise _Refused(None, "YAML lồng nhau quá sâu", "quá nhiều cấp lồng nhau") from None
    if node is not None:
        try:
            size = expanded_size(node)
        except Cycle as cycle:
            line = cycle.node.start_mark.line + 1
            raise _Refused(line, "YAML có tham chiếu vòng (*tên trỏ về chính nó)") from None
        if size > MAX_NODES:
            found = f"hơn {MAX_NODES} giá trị khi mở các tham chiếu (*tên)"
            raise _Refused(None, "YAML quá lớn khi mở các tham chiếu", found)
    return node, loader


def scalars(root: yaml.Node) -> Iterator[tuple[str, int, str]]:
    """(dotted key, file line, text) of every scalar (keys included), each node once."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            yield path, node.start_mark.line + 1, str(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                inner = f"{path}.{name}" if path else name
                stack += [(value, inner), (key, inner)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, path) for item in node.value]


def key_lines(root: yaml.Node | None) -> dict[str, int]:
    """File line of each dotted key of the document (the first place it is written)."""
    lines: dict[str, int] = {}
    for path, line, _ in scalars(root) if root is not None else ():
        lines.setdefault(path, line)
    return lines


# The key lines of the texts `load` accepted last (text -> lines): the checks that follow the
# load ask `lines_of` for them, which would otherwise compose the same text once more.
_LOADED: dict[str, dict[str, int]] = {}
_LOADED_KEPT = 8


def lines_of(text: str) -> dict[str, int]:
    """File line of each dotted key of a document `load` accepted ({} for any other)."""
    if text in _LOADED:
        return dict(_LOADED[text])
    try:
        node, loader = _compose(text)
        loader.dispose()
    except (yaml.YAMLError, RecursionError):
        return {}
    return key_lines(node)


def load(text: str, label: str) -> tuple[object, yaml.Node | None, list[Problem]]:
    """The document, its composed node tree (for lines) and its problems (document None then).

    `text` is the file's decoded text."""
    problems = textguard.line_problems(label, text)
    if problems:
        return None, None, problems
    try:
        node, loader = _compose(text)
        try:
            doc = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except RecursionError:
        return None, None, [Problem(label, None, None, "YAML lồng nhau quá sâu")]
    except _Refused as exc:
        return None, None, [Problem(label, exc.line, None, exc.message, exc.found)]
    except yaml.YAMLError as exc:
        row, why = hints.yaml_error(exc)
        return None, None, [Problem(label, row, None, f"không đọc được YAML: {why}")]
    problems = []
    for path, line, value in scalars(node) if node is not None else ():
        found = textguard.problem(label, line, path or None, value)
        if found is not None:
            problems.append(found)
    if problems:
        return None, None, problems
    while len(_LOADED) >= _LOADED_KEPT:
        del _LOADED[next(iter(_LOADED))]
    _LOADED[text] = key_lines(node)
    return doc, node, []


def too_big(path: Path, label: str) -> Problem | None:
    """A file refused by its size alone, before it is read."""
    size = path.stat().st_size
    if size <= MAX_BYTES:
        return None
    found = f"{size // 1024} kB"
    return Problem(label, None, None, "tệp YAML quá lớn", found, f"tối đa {MAX_BYTES // 1024} kB")


def load_file(path: Path, label: str) -> object:
    """A YAML file of `data/` read within bounds, or DataValidationError naming the file."""
    problem = too_big(path, label)
    if problem is not None:
        raise DataValidationError([problem])
    raw = path.read_bytes()
    try:
        text = hints.nfc(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        row = hints.line_of(raw, exc.start)
        raise DataValidationError([Problem(label, row, None, "tệp không phải UTF-8")]) from None
    doc, _, problems = load(text, label)
    if problems:
        raise DataValidationError(problems)
    return doc
