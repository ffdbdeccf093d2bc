"""System tools some tests need, found on PATH (or, for Chromium, through Playwright)."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

# Names the Chromium binary goes by in Debian, Ubuntu and Google's packages.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def in_ci() -> bool:
    """CI sets CI=true: there a missing tool is a failure, never a skip."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@functools.cache
def find_chromium() -> str | None:
    """The system Chromium on PATH, else the browser Playwright installed, else None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # Playwright missing or without its driver: no browser either way.
        return None
    return path if path and Path(path).exists() else None


def missing_tools(*names: str) -> list[str]:
    """The tools among `names` this machine lacks ("chromium" means any Chromium build)."""
    missing = []
    for name in names:
        found = find_chromium() if name == "chromium" else shutil.which(name)
        if not found:
            missing.append(name)
    return missing


def glued(result) -> dict:
    """What a chapter result glues, by name: texts, Markdown (a table's too), figures."""
    from khuyencong.content.chapters.glue import Table

    return {
        name: value.markdown if isinstance(value, Table) else value
        for name, value in result.glued()
    }
