"""Runs inside a warm kernel (see kernels.py): preload once, reset before every notebook.

The reset puts back what a notebook can change and a fresh kernel would not show it: the
user namespace and its In/Out history, the execution counter, open figures, matplotlib's
rcParams, warning filters and registries (a warning shown once would otherwise stay hidden),
the environment variables, `sys.path` and the working folder.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings

# Imported once per kernel: everything a chapter notebook imports.
PRELOADED = (
    "pandas",
    "numpy",
    "matplotlib.pyplot",
    "myst_nb",
    "IPython.display",
    "khuyencong.inputs.dataset",
    "khuyencong.content.view",
    "khuyencong.content.chapters.overview",
    "khuyencong.content.chapters.results",
    "khuyencong.content.chapters.limitations",
    "khuyencong.content.chapters.priorities",
    "khuyencong.content.chapters.programme",
    "khuyencong.content.chapters.previous",
    "khuyencong.content.chapters.region",
    "khuyencong.content.chapters.reconciliation",
)

_state: dict = {}


def preload() -> None:
    """Import the libraries, then remember the state every notebook must start from."""
    for name in PRELOADED:
        importlib.import_module(name)
    import matplotlib

    _state["rc"] = matplotlib.rcParams.copy()
    _state["filters"] = list(warnings.filters)
    _state["environ"] = dict(os.environ)
    _state["path"] = list(sys.path)


def reset(cwd: str, env: dict[str, str]) -> None:
    """Give the next notebook a kernel indistinguishable from a freshly started one."""
    import matplotlib
    import matplotlib.pyplot as plt
    from IPython import get_ipython

    plt.close("all")
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)  # user namespace, In/Out, execution_count = 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated rcParams are in the copy too
        matplotlib.rcParams.update(_state["rc"])
    warnings.filters[:] = _state["filters"]  # type: ignore[index]
    warnings._filters_mutated()  # type: ignore[attr-defined]
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    os.environ.clear()
    os.environ.update(_state["environ"])
    os.environ.update(env)
    sys.path[:] = _state["path"]
    os.chdir(cwd)
