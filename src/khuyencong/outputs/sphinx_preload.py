"""Imported by the warm Sphinx process (`sphinx_run`) before it forks any build: what a
`jupyter-book build` process imports before it reads a page (Sphinx with its builders,
writers and built-in extensions, Jupyter Book's default extensions, the theme, ours)."""

from __future__ import annotations

import contextlib
import gc
import importlib

import sphinx.application
from jupyter_book.config import get_default_sphinx_config

MODULES = (
    *sphinx.application.builtin_extensions,
    *getattr(sphinx.application, "_first_party_extensions", ()),
    *get_default_sphinx_config()["extensions"],
    "jupyter_book.sphinx",
    "myst_nb.sphinx_ext",
    "pydata_sphinx_theme",
    "sphinx_book_theme",
    "sphinx_jupyterbook_latex",
    "sphinx_multitoc_numbering",
    "sphinx.builders.html",
    "sphinx.builders.latex",
    "sphinx.writers.html5",
    "sphinx.writers.latex",
    "IPython",
    "khuyencong.outputs.catalogue",
    "khuyencong.outputs.sphinx_ext",
)

for _name in MODULES:
    # An optional module missing here is only imported later, by the build that needs it.
    with contextlib.suppress(ImportError):
        importlib.import_module(_name)

# Everything imported so far lives as long as the process: out of the garbage collector's
# sight, it is neither rescanned by each forked build (nor copied into it by the scan) nor
# collected once more when the fork server ends with the command.
gc.freeze()
