"""`khuyencong clean`: remove what makes a later build skip work, so the next build is cold.

A build skips work thanks to the executed chapters (`cache/`), Sphinx's environment and
outputs and the LaTeX files (`staging/`), the validated data (`snapshots/`), the Word
report's folder and LibreOffice's profile (`report/`), and the stamps of each published
edition (`.khuyencong-stamp`, `.khuyencong-inputs`: "nothing changed"). All go; the
published editions themselves stay. `cache_only` keeps the earlier behaviour: the cache and
the staging folders only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from khuyencong.pipeline.swap import OWN

CACHE_ONLY = ("cache", "staging")
COLD = (*CACHE_ONLY, "snapshots", "report")


def clean_build(out_root: Path, cache_only: bool = False) -> list[str]:
    """Remove the build state under `out_root`; return what was removed (relative paths)."""
    removed = []
    for name in CACHE_ONLY if cache_only else COLD:
        if (out_root / name).exists():
            shutil.rmtree(out_root / name)
            removed.append(f"{name}/")
    if not cache_only:
        for stamp in sorted((out_root / "site").glob(f"*/*/{OWN}*")):
            if stamp.parent.name.startswith("."):
                continue  # a generation: seen through its edition's link
            stamp.unlink()
            removed.append(stamp.relative_to(out_root).as_posix())
    return removed
