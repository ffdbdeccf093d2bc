"""Sphinx extension: the project's Vietnamese catalogues (`locale/`) before the theme's.

Sphinx itself reads the `sphinx` domain from `locale_dirs` before its own catalogue. Other
domains (the theme's `booktheme`) are registered with `app.add_message_catalog` when their
extension loads, and the first catalogue registered for a domain wins, later ones only fill
its gaps. This extension is therefore listed before the theme in `sphinx.config.extensions`
(`_config.yml`): the project's wording wins and the theme's catalogue fills the rest.
"""

from __future__ import annotations

from pathlib import Path


def project_catalogues(srcdir: str | Path, locale_dirs: list[str], language: str) -> list[Path]:
    """The compiled catalogues (`<dir>/<language>/LC_MESSAGES/<domain>.mo`) other than Sphinx's."""
    found: list[Path] = []
    for locale_dir in locale_dirs:
        path = Path(srcdir, locale_dir)
        found += [
            mo
            for mo in sorted(path.glob(f"{language}/LC_MESSAGES/*.mo"))
            if mo.stem != "sphinx"  # read from locale_dirs by Sphinx itself
        ]
    return found


def setup(app):
    language = app.config.language or ""
    for mo in project_catalogues(app.srcdir, list(app.config.locale_dirs), language):
        app.add_message_catalog(mo.stem, str(mo.parents[2]))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
