"""Where the templates live, and their fingerprint for the build stamps.

The package's own templates (the báo cáo's Word template `bao-cao.docx`, the home page
`home.html.j2`) sit in `khuyencong/templates/`; a province may bring its own Word template
at `data/templates/<province>/bao-cao.docx`. The book's page templates (`book/_templates/`)
and catalogues (`locale/`) belong to the project and are stamped with its pages.

A template is an input like the data: editing, adding or removing one changes the
fingerprint, so the next build renders again instead of keeping the published edition.
Names in the fingerprint are relative (`package/bao-cao.docx`), never absolute paths.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
REPORT_TEMPLATE = "bao-cao.docx"


def province_template(data_dir: Path, province: str) -> Path:
    """A department's own Word template (it may not exist)."""
    return Path(data_dir) / "templates" / province / REPORT_TEMPLATE


def template_files(data_dir: Path, province: str) -> list[tuple[str, Path]]:
    """(stable name, path) of every template an edition of `province` is rendered with."""
    package = sorted(p for p in PACKAGE_TEMPLATES.iterdir() if p.is_file())
    own = ("province/" + REPORT_TEMPLATE, province_template(data_dir, province))
    return [(f"package/{p.name}", p) for p in package] + [own]


def templates_digest(data_dir: Path, province: str) -> str:
    """Hash of the templates' names and bytes (an absent one counts as absent)."""
    h = hashlib.sha256()
    for name, path in template_files(data_dir, province):
        body = path.read_bytes() if path.is_file() else b"\0absent"
        h.update(name.encode() + b"\0" + len(body).to_bytes(8, "big") + body)
    return h.hexdigest()
