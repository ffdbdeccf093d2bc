"""Dated backups of what `import` replaces, and their restore.

When an import changes files of `data/`, their current bytes are kept in
`data/.backup/<YYYYMMDD-HHMMSS>/<same relative path>`, with `manifest.json` listing the
files replaced and the files the import created (restore deletes those). The backup is
prepared in the import's staging folder and moved in by the same transaction as the new
files (journal.py): it exists exactly when the import happened. `khuyencong restore` lists
the backups and puts one back, itself backing up what it overwrites.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from khuyencong.core import atomic, journal
from khuyencong.errors import ParameterError
from khuyencong.inputs.links import refuse_links

BACKUP_DIR = ".backup"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Backup:
    name: str  # the folder name, e.g. 20261126-051502
    folder: Path
    replaced: list[str]  # paths relative to data/
    created: list[str]
    reason: str


def _new_name(data_dir: Path) -> str:
    """A dated name not yet used in `data/.backup/` (the caller holds the data lock)."""
    root = data_dir / BACKUP_DIR
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name, n = stamp, 1
    while (root / name).exists():
        n += 1
        name = f"{stamp}-{n}"
    return name


def stage_backup(
    data_dir: Path, staged: Path, rels: list[str], reason: str
) -> tuple[Backup, journal.Change]:
    """Copy the current bytes of `rels` (relative to `data_dir`) into a new dated backup,
    prepared in the staging folder `staged`; return it (at its final place) and the move
    that puts it there when the transaction commits."""
    data_dir = Path(data_dir).resolve()
    name = _new_name(data_dir)
    folder = staged / "backup" / name
    folder.mkdir(parents=True)
    replaced, created = [], []
    for rel in sorted(set(rels)):
        source = atomic.inside(data_dir, data_dir / rel)
        if source.is_file():
            atomic.write_bytes(folder, folder / rel, source.read_bytes())
            replaced.append(rel)
        else:
            created.append(rel)
    manifest = {"reason": reason, "replaced": replaced, "created": created}
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic.write_bytes(folder, folder / MANIFEST, text.encode("utf-8"))
    backup = Backup(name, data_dir / BACKUP_DIR / name, replaced, created, reason)
    move = (folder.relative_to(staged).as_posix(), f"{BACKUP_DIR}/{name}")
    return backup, journal.Change(reason, [move])


def list_backups(data_dir: Path) -> list[Backup]:
    """Every backup of `data_dir`, oldest first."""
    root = Path(data_dir) / BACKUP_DIR
    found = []
    for folder in sorted(p for p in root.glob("*") if (p / MANIFEST).is_file()):
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        found.append(
            Backup(
                folder.name,
                folder,
                doc.get("replaced", []),
                doc.get("created", []),
                doc.get("reason", ""),
            )
        )
    return found


def restore_backup(data_dir: Path, name: str) -> tuple[Backup, Backup]:
    """Put backup `name` back into `data_dir`, in one transaction (journal.py) with the backup
    of what it replaces; return it and that backup. Call it holding the data lock."""
    data_dir = Path(data_dir).resolve()
    refuse_links(data_dir)  # a link in a backup would copy a file from outside into data/
    chosen = {b.name: b for b in list_backups(data_dir)}.get(name)
    if chosen is None:
        known = ", ".join(b.name for b in list_backups(data_dir)) or "chưa có bản nào"
        raise ParameterError(f"Không có bản sao lưu {name!s} trong {BACKUP_DIR}/ (có: {known}).")
    reason = f"trước khi khôi phục {name}"
    with journal.staging(data_dir) as staged:
        undo, change = stage_backup(data_dir, staged, chosen.replaced + chosen.created, reason)
        moves = list(change.moves)
        for rel in chosen.replaced:
            atomic.inside(data_dir, data_dir / rel)
            source = atomic.inside(chosen.folder, chosen.folder / rel)
            atomic.write_bytes(staged, staged / "new" / rel, source.read_bytes())
            moves.append((f"new/{rel}", rel))
        for rel in chosen.created:
            atomic.inside(data_dir, data_dir / rel)
        journal.commit(
            data_dir, staged, journal.Change(f"khôi phục {name}", moves, list(chosen.created))
        )
    return chosen, undo
