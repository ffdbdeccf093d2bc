"""Load every input file of `data/` into one validated, read-only Dataset.

Nothing here writes to `data/`. Problems from all files are gathered and raised together
as one DataValidationError, so an author fixes everything in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from khuyencong.core.timing import timed
from khuyencong.errors import Problem
from khuyencong.inputs import cross_checks, hints, report_meta, yamlread, yamltypes
from khuyencong.inputs.links import link_problem, refuse_links
from khuyencong.inputs.prose import prose_problems
from khuyencong.inputs.schemas import (
    PROGRAMME_REQUIRED_KEYS,
    PROGRAMME_TEXT_LIST_KEYS,
    TABLES,
    TEXT_KEYS,
    TEXT_LIST_KEYS,
    TEXT_REPORT_KEYS,
)
from khuyencong.inputs.snapshot import content_key, read_snapshot, write_snapshot
from khuyencong.inputs.validation import empty_table, raise_if, validate_table


@dataclass(frozen=True)
class Dataset:
    """All inputs. Tables are DataFrames in the contract's columns (plus `__row`).

    Every accessor records which input it used in `reads` (paths relative to the data
    folder; a folder path ending in "/" stands for its listing). The build cache keys a
    chapter on the content of exactly these inputs, so what a chapter reads is derived from
    running it, never declared by hand.
    """

    root: Path
    tables: dict[str, pd.DataFrame]
    programmes: dict[str, dict]
    texts: dict[tuple[str, str], dict]
    reads: set[str] = field(default_factory=set, compare=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            self.reads.add(TABLES[name].file)
            return tables[name]
        raise AttributeError(name)

    def text(self, entity: str, period: str) -> dict:
        """Authored text of an entity for a period ('2025', '2016-2020'); empty lists if none."""
        self.reads.add(f"texts/{entity}/{period}.yaml")
        found = self.texts.get((entity, str(period)), {})
        return {k: list(found.get(k) or []) for k in TEXT_LIST_KEYS} | {
            "source_id": found.get("source_id")
        }

    def report_text(self, entity: str, period: str) -> dict:
        """The report keys of a texts YAML (document, causes, …) as written; {} if none."""
        self.reads.add(f"texts/{entity}/{period}.yaml")
        found = self.texts.get((entity, str(period)), {})
        return {k: found[k] for k in TEXT_REPORT_KEYS if k in found}

    def text_periods(self, entity: str) -> list[str]:
        """Every period an entity has authored text for ('2025', '2016-2020'), sorted."""
        self.reads.add(f"texts/{entity}/")
        return sorted(period for ent, period in self.texts if ent == entity)

    def multi_year_periods(self, entity: str) -> list[tuple[int, int]]:
        """Multi-year periods ('2016-2020') an entity has authored text for, oldest first."""
        spans = [p.split("-", 1) for p in self.text_periods(entity) if "-" in p]
        return sorted((int(a), int(b)) for a, b in spans if a.isdigit() and b.isdigit())

    def programme_covering(self, province: str, year: int) -> dict | None:
        """The programme of a province whose period contains `year`, if any."""
        self.reads.add("programmes/")
        self.reads.update(f"programmes/{pid}.yaml" for pid in self.programmes)
        for prog in self.programmes.values():
            if prog["province"] == province and prog["period_start"] <= year <= prog["period_end"]:
                return prog
        return None

    def plan(self, programme_id: str) -> pd.DataFrame:
        plan = self.programme_plan
        return plan[plan["programme"] == programme_id].drop(columns="__row")


def _rel(path: Path, root: Path) -> str:
    """File name as an author sees it (relative to the data folder)."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return path.name


def _load_yaml(path: Path, root: Path) -> tuple[dict | None, list[Problem]]:
    label = _rel(path, root)
    link = link_problem(path, label)
    if link is not None:  # never read (nor quote) a file outside the data folder
        return None, [link]
    too_big = yamlread.too_big(path, label)
    if too_big is not None:
        return None, [too_big]
    data = path.read_bytes()
    try:
        raw = hints.nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                label,
                hints.line_of(data, exc.start),
                None,
                "không đọc được YAML: tệp không phải UTF-8",
                None,
                "UTF-8 (lưu lại tệp với bảng mã UTF-8)",
            )
        ]
    doc, _, problems = yamlread.load(raw, label)
    if problems:
        return None, problems
    if not isinstance(doc, dict):
        return None, [
            Problem(
                label,
                None,
                None,
                "YAML phải là một bảng khoá: giá trị (mapping)",
                hints.kind_vi(doc),
                "các dòng dạng khoá: giá trị",
            )
        ]
    return doc, []


def _load_folder(
    root: Path, pattern: str, check: Callable[[Path, str, dict], tuple[Hashable, list[Problem]]]
) -> tuple[dict, list[Problem]]:
    """Every YAML file of `root` matching `pattern`, keyed as `check` says, and all their problems.

    `check(path, label, doc)` gives the document's key (None to leave it out) and its problems;
    problems stay in file order, each file's reading problems before its content's.
    """
    docs, problems = {}, []
    for path in sorted(root.glob(pattern)):
        doc, probs = _load_yaml(path, root)
        problems += probs
        if doc is None:
            continue
        key, probs = check(path, _rel(path, root), doc)
        problems += probs
        if key is not None:
            docs[key] = doc
    return docs, problems


def _source_problems(label: str, doc: dict, source_ids: set[str]) -> list[Problem]:
    """The document's `source_id` must be declared in sources.csv (a list or a blank is named)."""
    value = doc.get("source_id")
    if isinstance(value, str) and value in source_ids:
        return []
    found = value if isinstance(value, str) else hints.kind_vi(value)
    return [
        Problem(
            label,
            None,
            "source_id",
            "mã nguồn không có trong sources.csv",
            found,
            "một source_id đã khai báo",
        )
    ]


def _unknown_keys(label: str, doc: dict) -> list[Problem]:
    return [
        Problem(label, None, key, "khoá không có trong hợp đồng dữ liệu", key, ", ".join(TEXT_KEYS))
        for key in doc
        if key not in TEXT_KEYS
    ]


def _paragraph_problems(
    label: str, doc: dict, raw: str, keys: tuple[str, ...] = TEXT_LIST_KEYS
) -> list[Problem]:
    """Each list of paragraphs is a list of plain strings without figures (`raw`: the file's
    NFC text)."""
    problems = []
    for key in keys:
        items = doc.get(key) or []
        lines = hints.mapping_item_lines(raw, key) if isinstance(items, list) else []
        problems += [Problem(label, line, key, hints.QUOTE_PARAGRAPH) for line in lines]
        if lines or (isinstance(items, list) and all(isinstance(i, str) for i in items)):
            continue
        odd = (
            items
            if not isinstance(items, list)
            else next(i for i in items if not isinstance(i, str))
        )
        problems.append(
            Problem(
                label,
                None,
                key,
                "phải là danh sách các đoạn văn (mỗi đoạn một dòng “- …”)",
                hints.kind_vi(odd),
                "danh sách các đoạn văn",
            )
        )
    return problems + prose_problems(doc, keys, label, raw)


def _check_text(
    path: Path, label: str, doc: dict, source_ids: set[str]
) -> tuple[tuple[str, str], list[Problem]]:
    """A texts/<entity>/<period>.yaml, keyed (entity, period)."""
    raw = hints.nfc(path.read_bytes().decode("utf-8-sig"))
    problems = _unknown_keys(label, doc) + _paragraph_problems(label, doc, raw)
    problems += yamltypes.problems(doc, yamltypes.TEXTS, label, yamlread.lines_of(raw))
    problems += report_meta.problems(doc, label)
    problems += _source_problems(label, doc, source_ids)
    return (path.parent.name, path.stem), problems


def _check_programme(
    path: Path, label: str, doc: dict, source_ids: set[str]
) -> tuple[str | None, list[Problem]]:
    """A programmes/<id>.yaml, keyed by its id; left out when a required key is missing."""
    missing = [k for k in PROGRAMME_REQUIRED_KEYS if k not in doc]
    if missing:
        return None, [Problem(label, None, k, "thiếu khoá", "không có", k) for k in missing]
    raw = hints.nfc(path.read_bytes().decode("utf-8-sig"))
    lines = yamlread.lines_of(raw)
    typed = yamltypes.problems(doc, yamltypes.PROGRAMME, label, lines, PROGRAMME_REQUIRED_KEYS)
    if typed:  # left out: the plan's checks and the chapters read these values as typed
        return None, typed
    pid, problems = doc["id"], _source_problems(label, doc, source_ids)
    problems += _paragraph_problems(label, doc, raw, PROGRAMME_TEXT_LIST_KEYS)
    if pid == path.stem:
        return pid, problems
    found = pid if isinstance(pid, str) else hints.kind_vi(pid)
    problems.insert(0, Problem(label, None, "id", "id phải trùng tên tệp", found, path.stem))
    return (pid if isinstance(pid, str) else None), problems


def load_dataset(data_dir: str | Path) -> Dataset:
    """Read and validate everything under `data_dir`; raise DataValidationError listing all problems.

    In a build's kernels (KHUYENCONG_SNAPSHOTS set) the snapshot the build validated for
    exactly these files' content is used instead (see snapshot.py).
    """
    refuse_links(Path(data_dir))
    snapshot = read_snapshot(Path(data_dir))
    if snapshot is not None:
        return snapshot
    root = Path(data_dir)
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES.values():
        path = root / table.file
        if not path.exists() and table.optional:
            tables[table.name] = empty_table(table)
            continue
        if not path.exists():
            problems.append(
                Problem(table.file, None, None, "thiếu tệp dữ liệu", "không có", table.file)
            )
            continue
        frame, probs = validate_table(table, path, table.file)
        problems += probs
        if frame is not None:
            tables[table.name] = frame
    problems += cross_checks.reference_problems(tables)
    source_ids = set(tables["sources"]["source_id"]) if "sources" in tables else set()
    texts, probs = _load_folder(root, "texts/*/*.yaml", partial(_check_text, source_ids=source_ids))
    problems += probs
    programmes, probs = _load_folder(
        root, "programmes/*.yaml", partial(_check_programme, source_ids=source_ids)
    )
    problems += probs
    # Cross-row rules only make sense on files whose rows all read correctly.
    broken = {p.file for p in problems}
    problems += cross_checks.rule_problems(
        {k: v for k, v in tables.items() if TABLES[k].file not in broken}, programmes
    )
    raise_if(problems)
    return Dataset(root=root, tables=tables, programmes=programmes, texts=texts)


@timed("kiểm tra dữ liệu")
def validated(
    data_dir: Path, folder: Path, check: Callable[[Dataset], None] | None = None
) -> Dataset:
    """The checked Dataset: from its snapshot if there is one, else validated and saved.

    `check` (the build's own refusals) runs on it first: data it refuses write nothing."""
    refuse_links(data_dir)
    key = content_key(data_dir)
    found = read_snapshot(data_dir, folder)
    data = found if found is not None else load_dataset(data_dir)
    if check is not None:
        check(data)
    if found is None and content_key(data_dir) == key:  # files unchanged while read
        write_snapshot(data, key, folder)
    return data
