"""Reuse an executed chapter when nothing it depends on has changed.

The key has two parts:
- a *static* part known before running: the template's bytes, the parameters (but not the
  data folder's path), the package's own source and the versions of the libraries that
  compute and render (see VERSIONED);
- the *inputs* the chapter actually read last time, recorded by the Dataset while the
  notebook ran (glued under READS_KEY), each hashed by content.

An entry is reused only when the static key matches and every recorded input still has the
same hash. A chapter that reads `funding.csv` therefore re-runs when `funding.csv` changes,
and not when `awards.csv` does; nothing about what a chapter reads is declared by hand.
"""

from __future__ import annotations

import ast
import hashlib
import json
import platform
import shutil
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: hashing inputs must stay light (fastpath.py)
    import nbformat

READS_KEY = "khuyencong_reads"
VERSIONED = (
    "pandas",
    "numpy",
    "matplotlib",
    "babel",
    "jinja2",
    "pyyaml",
    "papermill",
    "ipykernel",
    "myst-nb",
)
PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # the whole khuyencong package


def _sha(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def package_fingerprint(root: Path = PACKAGE_ROOT) -> str:
    """The package's own source: any edit to a function re-runs the chapters."""
    files = sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)
    return _sha(*(str(p.relative_to(root)).encode() + p.read_bytes() for p in files))


def library_versions(extra: tuple[str, ...] = ()) -> dict[str, str]:
    """Python's and each library's version ("absent" if not installed): VERSIONED, then `extra`."""
    return dict(_versions(tuple(extra)))


@cache
def _versions(extra: tuple[str, ...]) -> dict[str, str]:
    """Read once per process (a build asks for them once per chapter)."""
    versions = {"python": platform.python_version()}
    for name in (*VERSIONED, *extra):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def static_key(template: Path, parameters: dict, package: str | None = None) -> str:
    """Everything but the data: template, parameters, package source, library versions."""
    params = {k: v for k, v in sorted(parameters.items()) if k != "data_dir"}
    return _sha(
        template.read_bytes(),
        json.dumps(params, sort_keys=True, default=str).encode(),
        (package or package_fingerprint()).encode(),
        json.dumps(library_versions(), sort_keys=True).encode(),
    )


def input_hash(data_dir: Path, name: str) -> str:
    """Content of one input ("absent" if missing); a folder ("x/") hashes its listing."""
    path = data_dir / name
    if name.endswith("/"):
        listing = sorted(p.name for p in path.iterdir()) if path.is_dir() else []
        return _sha(json.dumps(listing).encode())
    return _sha(path.read_bytes()) if path.is_file() else "absent"


def recorded_reads(nb: nbformat.NotebookNode) -> list[str] | None:
    """The inputs the executed chapter read, from its glued READS_KEY output."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            scrap = out.get("metadata", {}).get("scrapbook", {})
            if scrap.get("name") == READS_KEY:
                # myst-nb prefixes glued mimetypes (application/papermill.record/text/plain).
                return list(
                    ast.literal_eval(out["data"][scrap.get("mime_prefix", "") + "text/plain"])
                )
    return None


class Cache:
    """Executed notebooks under `<root>/<static key>/`, with the hashes of their inputs."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def lookup(self, key: str, data_dir: Path) -> Path | None:
        entry = self.root / key
        try:
            inputs = json.loads((entry / "inputs.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if all(input_hash(data_dir, name) == digest for name, digest in inputs.items()):
            return entry / "notebook.ipynb"
        return None

    def store(self, key: str, executed: Path, data_dir: Path) -> None:
        import nbformat

        reads = recorded_reads(nbformat.read(executed, as_version=4))
        if reads is None:  # a chapter that does not say what it read is never reused
            return
        entry = self.root / key
        entry.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(executed, entry / "notebook.ipynb")
        inputs = {name: input_hash(data_dir, name) for name in sorted(reads)}
        (entry / "inputs.json").write_text(json.dumps(inputs, indent=1), encoding="utf-8")

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
