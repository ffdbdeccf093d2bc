"""Write into a work folder only what changed: Sphinx compares dates, so a file written again
with the same bytes would make it read and write again a page that did not change."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(target: Path, data: bytes) -> Path:
    """Make `target` hold `data`, leaving it untouched (its date too) when it already does."""
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return target


def copy_if_changed(source: Path, target: Path) -> Path:
    """Copy `source` to `target` only when their bytes differ."""
    return write_if_changed(target, source.read_bytes())
