"""Assemble a staging book (pages, executed chapters, edition config) and render it.

Jupyter Book only renders here (`execute_notebooks: "off"`); it runs with warnings as
errors (-W -n --keep-going) and its return code is checked.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from khuyencong.edition import Edition
from khuyencong.errors import RenderError


def edition_config(project: Path, edition: Edition, province_name: str) -> dict:
    """The project's `_config.yml` with this edition's title and author."""
    config = yaml.safe_load((project / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"Báo cáo công tác khuyến công tỉnh {province_name} năm {edition.year}"
    config["author"] = f"Sở Công Thương tỉnh {province_name}"
    return config


def stage_pages(project: Path, staging: Path, config: dict) -> None:
    """Copy the hand-written pages and the TOC; write the edition's config."""
    shutil.copytree(project / "book", staging / "book", dirs_exist_ok=True)
    shutil.copy2(project / "_toc.yml", staging / "_toc.yml")
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (staging / "_config.yml").write_text(text, encoding="utf-8")


def jupyter_book(staging: Path, builder: str = "html") -> Path:
    """Render the staging book; return the folder holding the builder's output."""
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe), "build", str(staging), "--builder", builder, "-W", "-n", "--keep-going", "-q"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [
            ln
            for ln in (proc.stdout + proc.stderr).splitlines()
            if "WARNING" in ln or "ERROR" in ln
        ]
        detail = (
            "\n  ".join(lines[:20])
            or (proc.stderr.strip().splitlines() or ["(không có thông báo)"])[-1]
        )
        raise RenderError(f"Jupyter Book không dựng được sách (builder {builder}):\n  {detail}")
    return staging / "_build" / builder
