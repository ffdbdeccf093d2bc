"""Replace a published edition only after its new build is complete.

The new site is copied beside the old one, then swapped in with renames, so a failed
build never touches `_build/site/`, and readers never see a half-copied edition.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def publish_dir(built: Path, target: Path) -> Path:
    """Atomically (as far as the file system allows) make `target` a copy of `built`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(target.name + ".incoming")
    outgoing = target.with_name(target.name + ".outgoing")
    for leftover in (incoming, outgoing):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(built, incoming, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
    if target.exists():
        target.rename(outgoing)
    incoming.rename(target)
    if outgoing.exists():
        shutil.rmtree(outgoing)
    return target
