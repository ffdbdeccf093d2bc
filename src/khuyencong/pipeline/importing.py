"""`khuyencong import`, second step: the workbook's province-year merged into `data/`.

The province-year's rows are put in place of the old ones in a temporary copy of the data
folder, the whole copy is loaded with `load_dataset` (exactly the rules and messages of the CSV
validation), and each problem is reported against the sheet, the Excel row and the Vietnamese
header it comes from. Only when everything is valid are the changed files, and the backup of
what they replace, moved into `data/` in one transaction (core/journal.py: a process killed at
any point leaves the old files or, after the next command, the new ones); otherwise `data/`
stays byte-identical.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from khuyencong.core import atomic, journal
from khuyencong.core.locking import DATA_LOCK, data_lock
from khuyencong.errors import (
    DataValidationError,
    ImportRefusedError,
    Problem,
    WorkbookError,
    WorkbookRulesError,
)
from khuyencong.figures.rules import rule_problems
from khuyencong.inputs import report_sheet
from khuyencong.inputs.backup import BACKUP_DIR, stage_backup
from khuyencong.inputs.datafiles import (
    FIXED_COLUMNS,
    YEAR_TABLES,
    fixed_values,
    merge_rows,
    text_header,
    texts_yaml,
    year_row_count,
)
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.links import refuse_links
from khuyencong.inputs.prose import item_lines
from khuyencong.inputs.schemas import TABLES
from khuyencong.inputs.workbook.layout import HEADERS, SHEETS, TEXT_SECTIONS, TEXT_SHEET
from khuyencong.inputs.workbook.read import WorkbookContent, read_workbook
from khuyencong.pipeline.swap import sigint_held


@dataclass
class ImportReport:
    province: str
    year: int
    rows: dict[str, int]
    files: list[Path]
    backup: str | None = None  # name of the backup of the replaced files (data/.backup/<name>)
    warnings: list[Problem] = field(default_factory=list)  # consistency rules not satisfied


def _header_of(table: str, column: str | None) -> str | None:
    if column is None:
        return None
    # Only the sheet's own headers: the province and years are fixed by the workbook, not shown.
    names = [c for c in column.split(" + ") if c not in FIXED_COLUMNS[table]]
    return " + ".join(HEADERS[table].get(c, c) for c in names) or None


def _map_problem(
    p: Problem, content: WorkbookContent, line_maps: dict[str, dict[int, int]], text_label: str
) -> Problem:
    """A problem of the merged data set, pointed at the sheet, row and header it comes from."""
    for table in YEAR_TABLES:
        if p.file != TABLES[table].file or table not in line_maps:
            continue
        sheet = SHEETS[table]
        if p.row in line_maps[table]:
            row = line_maps[table][p.row]
        elif p.row is None and f"{content.province} năm {content.year}" in p.message:
            row = None
        else:
            return p  # a row the workbook does not hold
        return Problem(sheet, row, _header_of(table, p.column), p.message, p.found, p.expected)
    if p.file == text_label and report_sheet.is_report_key(p.column):
        return report_sheet.on_sheet(p)
    if p.file == text_label:
        label = TEXT_SECTIONS.get(p.column or "", p.column)
        row = line_maps.get("texts", {}).get(p.row or 0) or content.text_rows.get(p.column or "")
        return Problem(TEXT_SHEET, row, label, p.message, p.found, p.expected)
    return p


def _wipe_guard(table: str, old: int, new: int, content: WorkbookContent) -> None:
    """Refuse an import that would remove every row a province-year has in a table."""
    if old and not new:
        raise ImportRefusedError(
            f"Trang “{SHEETS[table]}” của sổ không có dòng nào: nhập sổ sẽ xoá cả {old} dòng của "
            f"{content.province} năm {content.year} trong {TABLES[table].file}. Chưa ghi gì vào "
            "thư mục dữ liệu. Nếu đúng là muốn xoá, chạy lại với --replace-empty."
        )


def import_workbook(
    path: str | Path,
    data_dir: str | Path,
    replace_empty: bool = False,
    say=print,
    strict: bool = False,
) -> ImportReport:
    """Check a workbook and write its province-year into `data_dir`, or raise WorkbookError.

    The whole data set is validated (load_dataset) on a temporary copy first; `data_dir` is only
    changed when there is no problem at all, and then only the files that change: each written
    atomically, after a dated backup of what it replaces (`data/.backup/`), under the data lock.
    """
    data_dir = Path(data_dir).resolve()
    refuse_links(data_dir)  # before copying: a copy would follow the links
    content = read_workbook(path)
    with data_lock(data_dir, say):
        return _import(content, data_dir, replace_empty, strict)


def _import(
    content: WorkbookContent, data_dir: Path, replace_empty: bool, strict: bool = False
) -> ImportReport:
    """Under the data lock: merge into a temporary copy of `data_dir`, check it, move it in."""
    province, year = content.province, content.year
    with journal.staging(data_dir) as tmp:
        work = tmp / data_dir.name
        skip = ("drafts", BACKUP_DIR, f"{journal.STAGING_PREFIX}*", journal.JOURNAL, DATA_LOCK)
        shutil.copytree(data_dir, work, ignore=shutil.ignore_patterns(*skip))
        changed, line_maps = _merge_tables(content, work, replace_empty)
        if content.texts is not None:
            changed.append(_text_rel(content))
            line_maps["texts"] = _merge_texts(content, work)
        warnings = _check(content, work, line_maps, strict)
        written, backup = _move_in(work, data_dir, changed, f"khuyencong import {province} {year}")
    counts = {t: len(rows) for t, rows in content.tables.items()}
    return ImportReport(province, year, counts, written, backup=backup, warnings=warnings)


def _text_rel(content: WorkbookContent) -> Path:
    return Path("texts") / content.province / f"{content.year}.yaml"


def _merge_tables(
    content: WorkbookContent, work: Path, replace_empty: bool
) -> tuple[list[Path], dict[str, dict[int, int]]]:
    """Each sheet's rows in place of the province-year's in the copy `work`: the files changed
    and, per table, each new row's CSV line -> its Excel row (for "Sheet:row" messages)."""
    province, year = content.province, content.year
    changed: list[Path] = []
    line_maps: dict[str, dict[int, int]] = {}
    for table, rows in content.tables.items():
        rel = Path(TABLES[table].file)
        source = work / rel
        text = source.read_bytes().decode("utf-8-sig") if source.exists() else ""
        if not replace_empty:
            _wipe_guard(table, year_row_count(text, table, province, year), len(rows), content)
        records = [fixed_values(table, province, year) | r.cells for r in rows]
        merged, lines = merge_rows(text, table, province, year, records)
        source.write_bytes(merged.encode("utf-8"))  # a throwaway copy: `_move_in` is atomic
        line_maps[table] = {line: r.row for line, r in zip(lines, rows, strict=True)}
        changed.append(rel)
    return changed, line_maps


def _merge_texts(content: WorkbookContent, work: Path) -> dict[int, int]:
    """The text sheet as the province-year's YAML in the copy `work` (its header comments and
    report keys kept); each paragraph's YAML line -> its Excel row."""
    province, year = content.province, content.year
    target = atomic.inside(work, work / _text_rel(content))
    header = text_header(target) or (
        f"# Văn bản báo cáo khuyến công {province} năm {year}, nhập từ sổ Excel "
        "(khuyencong import).\n# Không gõ số liệu (tiền, tỷ lệ) vào lời văn: số liệu "
        "lấy từ các bảng."
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    texts = report_sheet.keep_report_keys(content.texts, target) or {}
    written_yaml = texts_yaml(texts, header)
    target.write_bytes(written_yaml.encode("utf-8"))
    return {
        line: content.item_rows[key][i]
        for (key, i), line in item_lines(written_yaml).items()
        if i < len(content.item_rows.get(key, []))
    }


def _check(
    content: WorkbookContent, work: Path, line_maps: dict[str, dict[int, int]], strict: bool
) -> list[Problem]:
    """The merged copy validated as a build would: the rules' warnings, or WorkbookError
    (WorkbookRulesError when only consistency rules broke under --strict: exit code 3)."""
    label = _text_rel(content).as_posix()
    problems = list(content.problems)
    warnings: list[Problem] = []
    try:
        checked = load_dataset(work)
    except DataValidationError as exc:
        problems += [_map_problem(p, content, line_maps, label) for p in exc.problems]
    else:
        # The consistency rules build reports, on the same rows: warnings, refusals if strict.
        found = rule_problems(checked, content.province, content.year)
        warnings = [_map_problem(p, content, line_maps, label) for p in found]
        if strict:
            problems += warnings
    if problems:
        order = {s: i for i, s in enumerate([*SHEETS.values(), TEXT_SHEET])}
        problems.sort(key=lambda p: (order.get(p.file, -1), p.row or 0, p.column or ""))
        only_rules = strict and all(p in warnings for p in problems)
        raise (WorkbookRulesError if only_rules else WorkbookError)(problems)
    return warnings


def _move_in(
    work: Path, data_dir: Path, changed: list[Path], reason: str
) -> tuple[list[Path], str | None]:
    """Move the changed files of the validated copy `work` (in the staging folder) into
    `data_dir`, with the backup of what they replace, in one transaction; return the files
    written and the backup's name."""
    todo = [
        rel
        for rel in changed
        if not (data_dir / rel).exists()
        or (data_dir / rel).read_bytes() != (work / rel).read_bytes()
    ]
    if not todo:
        return [], None
    staged = work.parent
    backup, change = stage_backup(data_dir, staged, [r.as_posix() for r in todo], reason)
    moves = [*change.moves]
    moves += [((work / rel).relative_to(staged).as_posix(), rel.as_posix()) for rel in todo]
    with sigint_held():  # Ctrl-C waits until every file is in place
        journal.commit(data_dir, staged, journal.Change(reason, moves))
    return [data_dir / rel for rel in todo], backup.name
