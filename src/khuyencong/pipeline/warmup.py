"""Start what a build waits for as soon as a command knows that it builds.

The worker processes start their warm kernels (execute.py) and the fork server imports Sphinx
(outputs/sphinx_run.py) while the command itself is still importing the pipeline and then
checks the data: the kernels are what the chapters wait for, and on a machine of few cores
the command's imports leave a core idle. This module imports little, so that it runs first.
`build.execute_edition` does the same again, which then finds everything started.
"""

from __future__ import annotations

from pathlib import Path

from khuyencong.content.chapters.registry import chapter_notebooks
from khuyencong.core.request import BuildRequest, bounded_jobs
from khuyencong.outputs import sphinx_run
from khuyencong.pipeline.execute import prestart
from khuyencong.pipeline.reproducible import pin_environment


def warm_up(request: BuildRequest, project: Path) -> None:
    """Pin the build's environment, then start the chapters' workers (as many as the build
    will ask for) and the warm Sphinx process."""
    pin_environment()  # before any process starts: the kernels and Sphinx inherit it
    jobs, _ = bounded_jobs(request.jobs, len(chapter_notebooks(project)))
    prestart(jobs)
    sphinx_run.prestart()
