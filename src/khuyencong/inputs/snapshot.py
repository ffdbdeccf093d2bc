"""Validate once: a checked Dataset pickled under `_build/snapshots/<key>.pkl`.

The key is the content of every file `load_dataset` reads (tables, texts, programmes) plus
the package's own source (a changed rule must re-validate). The build validates the data
only when no snapshot has its key, then tells the kernels where snapshots live
(KHUYENCONG_SNAPSHOTS); `load_dataset` in a kernel hashes the files, finds the snapshot
and unpickles it instead of re-validating. A snapshot is only ever used for files whose
content matches its key, so an edited file can never be served stale data, and the
Dataset it returns records `reads` afresh for the execution cache.

This module imports neither pandas nor pandera: hashing is all "nothing changed" needs.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from khuyencong.core.cache import package_fingerprint
from khuyencong.inputs.schemas import TABLES

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

SNAPSHOTS_ENV = "KHUYENCONG_SNAPSHOTS"
KEEP = 20  # snapshots kept per build folder (the newest)


def data_files(data_dir: Path) -> list[Path]:
    """Every file `load_dataset` reads, in a stable order (missing tables included)."""
    root = Path(data_dir)
    tables = [root / t.file for t in TABLES.values()]
    texts = sorted(root.glob("texts/*/*.yaml"))
    programmes = sorted(root.glob("programmes/*.yaml"))
    return [*tables, *texts, *programmes]


def content_key(data_dir: Path, package: str | None = None) -> str:
    """Hash of the data files' names and bytes, and of the package source."""
    root = Path(data_dir)
    h = hashlib.sha256((package or package_fingerprint()).encode())
    for path in data_files(root):
        body = path.read_bytes() if path.is_file() else b"\0absent"
        h.update(str(path.relative_to(root)).encode() + b"\0")
        h.update(len(body).to_bytes(8, "big") + body)
    return h.hexdigest()


def read_snapshot(data_dir: Path, folder: Path | None = None) -> Dataset | None:
    """The validated Dataset for the current content of `data_dir`, if one was saved."""
    folder = folder or (Path(os.environ[SNAPSHOTS_ENV]) if os.environ.get(SNAPSHOTS_ENV) else None)
    if folder is None:
        return None
    path = Path(folder) / f"{content_key(data_dir)}.pkl"
    try:
        with path.open("rb") as f:
            data = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return replace(data, root=Path(data_dir), reads=set())


def write_snapshot(data: Dataset, key: str, folder: Path) -> Path:
    """Save `data` (validated from files whose content gave `key`); keep the newest KEEP."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.pkl"
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(replace(data, reads=set()), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    old = sorted(folder.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
    for stale in old:
        stale.unlink(missing_ok=True)
    return path
