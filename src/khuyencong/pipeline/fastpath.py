"""Nothing changed: decided from hashes alone, before pandas or papermill is imported.

A finished build writes `.khuyencong-inputs` into the published edition: a hash of
everything the edition is made from (data files, package source, pages, TOC, config,
catalogues, chapter templates, the Word and home-page templates (core.templates), the versions of the libraries that compute and render,
the date printed on the title page) and of the build's options. When the next `build`
finds the same hash there, the published edition is already what the build would make.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from khuyencong.core import journal
from khuyencong.core.cache import library_versions
from khuyencong.core.edition import latest_ready_year
from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.core.templates import templates_digest
from khuyencong.inputs.links import links_inside
from khuyencong.inputs.snapshot import content_key
from khuyencong.outputs.book_pdf import issue_date
from khuyencong.pipeline.swap import needs_repair

INPUTS_STAMP = ".khuyencong-inputs"
PROJECT_FILES = ("_config.yml", "_toc.yml")
PROJECT_FOLDERS = ("book", "notebooks", "locale")
RENDERING = ("jupyter-book", "sphinx", "sphinx-book-theme", "myst-parser")


def project_files(project: Path) -> list[Path]:
    files = [project / name for name in PROJECT_FILES]
    for folder in PROJECT_FOLDERS:
        files += sorted(p for p in (project / folder).rglob("*") if p.is_file())
    return files


def inputs_stamp(request: BuildRequest, where: ProjectPaths) -> str:
    """Hash of everything the published edition depends on (see the module docstring)."""
    versions = library_versions(RENDERING)
    ed = request.edition
    options = [ed.province, ed.year, request.fmt, request.strict, request.base_url]
    if ed.period is not None:  # annual editions keep the stamp they had
        options.append(ed.label)
    options.append(str(issue_date()))
    h = hashlib.sha256(json.dumps([options, versions], sort_keys=True).encode())
    h.update(content_key(where.data_dir).encode())
    h.update(templates_digest(where.data_dir, ed.province).encode())
    for path in project_files(where.project):
        body = path.read_bytes() if path.is_file() else b"\0absent"
        h.update(str(path.relative_to(where.project)).encode() + b"\0")
        h.update(len(body).to_bytes(8, "big") + body)
    return h.hexdigest()


def published_unchanged(request: BuildRequest, where: ProjectPaths) -> Path | None:
    """The published edition's folder if it was built from exactly these inputs, else None
    (also when an interrupted import or publish left something to repair: the build does)."""
    target = where.of(request.edition).published
    if links_inside(where.data_dir):
        return None  # the full build refuses them
    if journal.needs_recovery(where.data_dir) or needs_repair(target):
        return None
    try:
        recorded = (target / INPUTS_STAMP).read_text(encoding="utf-8")
    except OSError:
        return None
    return target if recorded == inputs_stamp(request, where) else None


def latest_year_from_files(data_dir: Path, province: str) -> int | None:
    """`--year`'s default read straight from the files (no pandas): `latest_ready_year` of
    funding.csv's years and the texts/<province>/<year>.yaml files. None when the files
    cannot say (the full load then reports why)."""
    import csv
    import unicodedata

    texts = data_dir / "texts" / province
    written = [p.stem for p in texts.glob("*.yaml")] if texts.is_dir() else []
    try:
        text = (data_dir / "funding.csv").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    rows = csv.DictReader(unicodedata.normalize("NFC", text).splitlines())
    funded = [
        (row.get("year") or "").strip()
        for row in rows
        if (row.get("province") or "").strip() == province
    ]
    return latest_ready_year(
        (int(y) for y in funded if y.isdigit()), (int(y) for y in written if y.isdigit())
    )


def latest_year(province: str, where: ProjectPaths) -> int:
    """`--year`'s default: from the files when they tell (no pandas, so "nothing changed"
    stays fast); otherwise from the validated data, which also names what is missing."""
    from khuyencong.core.edition import check_province

    found = latest_year_from_files(where.data_dir, check_province(province))
    if found is not None:
        return found
    from khuyencong.inputs.availability import latest_year as from_data
    from khuyencong.inputs.dataset import load_dataset
    from khuyencong.inputs.snapshot import read_snapshot

    data = read_snapshot(where.data_dir, where.snapshots)
    return from_data(data if data is not None else load_dataset(where.data_dir), province)
