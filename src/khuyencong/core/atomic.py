"""Write a file so that a reader sees the old content or the new, never half of it.

The bytes go to a temporary file in the target's own folder (same file system), are flushed
to disk, then `os.replace` swaps it in. A target outside the allowed root is refused before
anything is written: data-derived names (a province code from a workbook) can never escape it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from khuyencong.errors import ParameterError


def inside(root: Path, path: Path) -> Path:
    """`path` resolved, or ParameterError when it is not under `root` (after `..` and links)."""
    root_r, path_r = Path(root).resolve(), Path(path).resolve()
    if path_r != root_r and root_r not in path_r.parents:
        raise ParameterError(f"Từ chối ghi {path}: nằm ngoài thư mục {root}.")
    return path_r


def write_bytes(root: Path, path: Path, content: bytes) -> Path:
    """Atomically make `path` (under `root`) hold `content`; its folder is created if needed."""
    target = inside(root, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
