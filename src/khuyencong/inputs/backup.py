"""Dated backups of what `import` replaces, and their restore.

Before an import changes files of `data/`, their current bytes are copied to
`data/.backup/<YYYYMMDD-HHMMSS>/<same relative path>`, with `manifest.json` listing the
files replaced and the files the import created (restore deletes those). `khuyencong
restore` lists the backups and puts one back, itself backing up what it overwrites.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from khuyencong.core import atomic
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


def _new_folder(data_dir: Path) -> Path:
    root = data_dir / BACKUP_DIR
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder, n = root / stamp, 1
    while folder.exists():
        n += 1
        folder = root / f"{stamp}-{n}"
    folder.mkdir(parents=True)
    return folder


def make_backup(data_dir: Path, rels: list[str], reason: str) -> Backup:
    """Copy the current bytes of `rels` (relative to `data_dir`) into a new dated backup."""
    data_dir = Path(data_dir).resolve()
    folder = _new_folder(data_dir)
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
    return Backup(folder.name, folder, replaced, created, reason)


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
    """Put backup `name` back into `data_dir`; return it and the backup of what it replaced."""
    data_dir = Path(data_dir).resolve()
    refuse_links(data_dir)  # a link in a backup would copy a file from outside into data/
    chosen = {b.name: b for b in list_backups(data_dir)}.get(name)
    if chosen is None:
        known = ", ".join(b.name for b in list_backups(data_dir)) or "chưa có bản nào"
        raise ParameterError(f"Không có bản sao lưu {name!s} trong {BACKUP_DIR}/ (có: {known}).")
    undo = make_backup(data_dir, chosen.replaced + chosen.created, f"trước khi khôi phục {name}")
    for rel in chosen.replaced:
        atomic.write_bytes(data_dir, data_dir / rel, (chosen.folder / rel).read_bytes())
    for rel in chosen.created:
        atomic.inside(data_dir, data_dir / rel).unlink(missing_ok=True)
    return chosen, undo


def roll_back(data_dir: Path, backup: Backup) -> None:
    """Put `backup` back without making a new one (an import that failed half-way)."""
    data_dir = Path(data_dir).resolve()
    for rel in backup.replaced:
        atomic.write_bytes(data_dir, data_dir / rel, (backup.folder / rel).read_bytes())
    for rel in backup.created:
        atomic.inside(data_dir, data_dir / rel).unlink(missing_ok=True)
