"""Replace a published edition only after its new build is complete.

The new site is copied beside the old one (hidden `.<year>.incoming`), then swapped in with
two renames while SIGINT is held back, so a failed or interrupted build never leaves a
half-copied edition or a leftover folder in `_build/site/`: readers see the old edition or
the new one.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path


def publish_dir(built: Path, target: Path) -> Path:
    """Atomically (as far as the file system allows) make `target` a copy of `built`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(f".{target.name}.incoming")
    outgoing = target.with_name(f".{target.name}.outgoing")
    for leftover in (incoming, outgoing, *_legacy(target)):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        shutil.copytree(built, incoming, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
        with sigint_held():
            if target.exists():
                target.rename(outgoing)
            incoming.rename(target)
    finally:
        if not target.exists() and outgoing.exists():
            outgoing.rename(target)  # the swap did not happen: the old edition stays
        for leftover in (incoming, outgoing):
            shutil.rmtree(leftover, ignore_errors=True)
    return target


def _legacy(target: Path) -> list[Path]:
    """Folders an older version left beside the edition (`2025.incoming`, `2025.outgoing`)."""
    return [target.with_name(target.name + s) for s in (".incoming", ".outgoing")]


class sigint_held:
    """Hold SIGINT back during the two renames; it is delivered right after."""

    def __enter__(self) -> None:
        self.mask = hasattr(signal, "pthread_sigmask")
        if self.mask:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def __exit__(self, *exc: object) -> None:
        if self.mask:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
