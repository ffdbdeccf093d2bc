"""Nothing changed: decided from hashes alone, before pandas or papermill is imported.

A finished build writes `.khuyencong-inputs` into the published edition: a hash of
everything the edition is made from (data files, package source, pages, TOC, config,
catalogues, chapter templates, the versions of the libraries that compute and render,
the date printed on the title page) and of the build's options. When the next `build`
finds the same hash there, the published edition is already what the build would make.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from khuyencong.cache import library_versions
from khuyencong.edition import Edition
from khuyencong.pdf import issue_date
from khuyencong.snapshot import content_key

INPUTS_STAMP = ".khuyencong-inputs"
PROJECT_FILES = ("_config.yml", "_toc.yml")
PROJECT_FOLDERS = ("book", "notebooks", "locale")
RENDERING = ("jupyter-book", "sphinx", "sphinx-book-theme", "myst-parser")


def project_files(project: Path) -> list[Path]:
    files = [project / name for name in PROJECT_FILES]
    for folder in PROJECT_FOLDERS:
        files += sorted(p for p in (project / folder).rglob("*") if p.is_file())
    return files


def inputs_stamp(
    project: Path,
    data_dir: Path,
    edition: Edition,
    fmt: str,
    strict: bool = False,
    base_url: str | None = None,
) -> str:
    """Hash of everything the published edition depends on (see the module docstring)."""
    versions = library_versions(RENDERING)
    options = [edition.province, edition.year, fmt, strict, base_url, str(issue_date())]
    h = hashlib.sha256(json.dumps([options, versions], sort_keys=True).encode())
    h.update(content_key(data_dir).encode())
    for path in project_files(project):
        body = path.read_bytes() if path.is_file() else b"\0absent"
        h.update(str(path.relative_to(project)).encode() + b"\0")
        h.update(len(body).to_bytes(8, "big") + body)
    return h.hexdigest()


def published_unchanged(
    project: Path,
    edition: Edition,
    data_dir: Path,
    out_root: Path,
    fmt: str,
    strict: bool = False,
    base_url: str | None = None,
) -> Path | None:
    """The published edition's folder if it was built from exactly these inputs, else None."""
    target = out_root / "site" / edition.province / str(edition.year)
    try:
        recorded = (target / INPUTS_STAMP).read_text(encoding="utf-8")
    except OSError:
        return None
    if recorded != inputs_stamp(project, data_dir, edition, fmt, strict, base_url):
        return None
    return target


def latest_year_from_files(data_dir: Path, province: str) -> int | None:
    """`--year`'s default read straight from the files (no pandas): the latest year with
    funding rows in funding.csv and a texts/<province>/<year>.yaml, as `edition.latest_year`
    finds it in a loaded Dataset. None when the files cannot say (the full load reports why)."""
    import csv
    import unicodedata

    texts = data_dir / "texts" / province
    written = {p.stem for p in texts.glob("*.yaml")} if texts.is_dir() else set()
    try:
        text = (data_dir / "funding.csv").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    rows = csv.DictReader(unicodedata.normalize("NFC", text).splitlines())
    years = {
        (row.get("year") or "").strip()
        for row in rows
        if (row.get("province") or "").strip() == province
    }
    ready = [int(y) for y in years if y.isdigit() and y in written]
    return max(ready) if ready else None
