"""Several files of a folder changed all at once, or not at all, even if the process is killed.

`import` and `restore` change `data/` in three steps:

1. *prepare*: every new file, and the backup of what it replaces, is written in a hidden
   staging folder inside the data folder (`.khuyencong-import-XXXX/`, so on the same file
   system), and flushed to disk;
2. *commit*: the journal `.khuyencong-journal.json` (what goes where, what is deleted) is
   written atomically (temporary file, fsync, rename): from this rename on, the change has
   happened;
3. *apply*: each staged file or folder is renamed into its place, the files to delete are
   deleted, the staging folder is deleted, then the journal.

Every step of 3 can be repeated. A process killed before 2 leaves the data as they were (and
a staging folder); killed after, it leaves a journal. `recover` removes the first and
finishes the second, saying which; `locking.data_lock` runs it before any command reads or
changes the folder, so a reader sees the old files or the new ones, never a mix.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from khuyencong.core import atomic
from khuyencong.errors import KhuyenCongError

JOURNAL = ".khuyencong-journal.json"
STAGING_PREFIX = ".khuyencong-import-"


@dataclass(frozen=True)
class Change:
    """What a commit does: `moves` (path in the staging folder -> path under the root, a
    file or a folder), then `deletes` (paths under the root); `reason` names the command."""

    reason: str
    moves: list[tuple[str, str]] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)


@contextmanager
def staging(root: Path) -> Iterator[Path]:
    """A new staging folder inside `root`, removed afterwards unless a journal still needs it
    (a commit whose apply was interrupted: the next command finishes it)."""
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        yield folder
    finally:
        if _pending_staging(Path(root)) != folder.name:
            shutil.rmtree(folder, ignore_errors=True)


def _pending_staging(root: Path) -> str | None:
    try:
        return str(json.loads((root / JOURNAL).read_text(encoding="utf-8"))["staging"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def commit(root: Path, staged: Path, change: Change) -> list[Path]:
    """Make `change` (prepared in `staged`) happen in `root`; return the paths it changed."""
    root = Path(root).resolve()
    for source, _ in change.moves:
        _fsync_tree(staged / source)
    doc = {
        "reason": change.reason,
        "staging": staged.name,
        "moves": [list(m) for m in change.moves],
        "deletes": list(change.deletes),
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    atomic.write_bytes(root, root / JOURNAL, text.encode("utf-8"))
    _fsync_dir(root)
    return apply(root, doc)


def apply(root: Path, doc: dict) -> list[Path]:
    """Step 3 for the journal `doc`; every part of it can run again after an interruption."""
    staged = atomic.inside(root, root / str(doc["staging"]))
    changed = []
    for source, target in doc["moves"]:
        origin = atomic.inside(staged, staged / source)  # a journal edited by hand: refused
        place = atomic.inside(root, root / target)
        if origin.exists():
            place.parent.mkdir(parents=True, exist_ok=True)
            os.replace(origin, place)
            _fsync_dir(place.parent)
        changed.append(place)
    for rel in doc["deletes"]:
        place = atomic.inside(root, root / rel)
        place.unlink(missing_ok=True)
        changed.append(place)
    _fsync_dir(root)
    shutil.rmtree(staged, ignore_errors=True)  # before the journal: a staging folder left
    (root / JOURNAL).unlink()  # without a journal is then always an uncommitted change
    _fsync_dir(root)
    return changed


def needs_recovery(root: Path) -> bool:
    """Whether `root` holds a journal or a staging folder (one directory listing)."""
    try:
        names = os.listdir(root)
    except OSError:
        return False
    return any(_leftover(name) for name in names)


def _leftover(name: str) -> bool:
    return name == JOURNAL or name.startswith((STAGING_PREFIX, f".{JOURNAL}."))


def recover(root: Path, say: Callable[[str], None] = print) -> None:
    """Finish a committed change, remove what an uncommitted one left; say what was done.
    Call it holding the folder's exclusive lock."""
    root = Path(root).resolve()
    if (root / JOURNAL).is_file():
        try:
            doc = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
            changed = apply(root, doc)
        except (ValueError, KeyError, TypeError):  # not a journal this tool wrote
            raise KhuyenCongError(
                f"Tệp nhật ký {root.name}/{JOURNAL} của một lần ghi dữ liệu bị dừng giữa chừng "
                "không đọc được. Kiểm tra thư mục dữ liệu (khôi phục bằng khuyencong restore "
                "nếu cần) rồi xoá tệp nhật ký đó."
            ) from None
        names = ", ".join(sorted({p.relative_to(root).parts[0] for p in changed} - {".backup"}))
        say(
            f"Lần ghi dữ liệu trước ({doc.get('reason', '')}) bị dừng giữa chừng sau khi đã "
            f"kiểm tra xong: đã ghi nốt vào {root.name}/ ({names})."
        )
    for name in sorted(os.listdir(root)):
        if not _leftover(name) or name == JOURNAL:
            continue
        path = root / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        say(
            f"Đã xoá {root.name}/{name}, phần còn sót của một lần ghi dữ liệu bị dừng giữa "
            "chừng (lần đó chưa ghi gì vào dữ liệu)."
        )


def _fsync_tree(path: Path) -> None:
    """Flush a staged file, or every file of a staged folder, to disk."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    for file in files:
        fd = os.open(file, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
