"""Start what a build waits for as soon as a command knows that it builds.

The worker processes start their warm kernels (execute.py) while the command itself is still
importing the pipeline and then checks the data: the kernels are what the chapters wait for,
and on a machine of few cores the command's imports leave a core idle. Only the kernels worth
starting for the chapters to run start (the execution cache holds the others, which is known
from hashes alone): one per CHAPTERS_PER_KERNEL of them, so a rebuild after one data file
changed starts one kernel, not one per core.

The fork server of the warm Sphinx process (outputs/sphinx_run.py) starts importing Sphinx
now too; its first build process is asked for once the data are accepted
(`build.execute_edition`), by when the fork server is ready: a command ending while the fork
server forks would leave that process without the command's semaphores, and a fork server
asked for nothing just ends with the command.

This module imports little, so that it runs first. `build.execute_edition` prestarts the
workers again, which then finds them started.
"""

from __future__ import annotations

from pathlib import Path

from khuyencong.content.chapters.registry import ANNUAL, PERIOD, chapter_notebooks
from khuyencong.core.cache import Cache
from khuyencong.core.edition import Edition
from khuyencong.core.request import BuildRequest, EditionPaths, ProjectPaths, bounded_jobs
from khuyencong.outputs import sphinx_run
from khuyencong.pipeline.execute import chapter_keys, prestart
from khuyencong.pipeline.reproducible import pin_environment

# Starting a warm kernel costs about 1,3 s of processor time (Python, ipykernel, pandas,
# matplotlib, the package), running a chapter 0,15–0,5 s: a second kernel for two chapters
# costs more than it saves on two cores (one data file changed: 2,86 → 2,62 s with one kernel).
CHAPTERS_PER_KERNEL = 3


def kernels_for(chapters: int, jobs: int) -> int:
    """Kernels worth starting for `chapters` chapters to run with `jobs` workers at most."""
    return min(jobs, -(-chapters // CHAPTERS_PER_KERNEL))


def chapter_plan(edition: Edition, project: Path, data_dir: Path) -> tuple[list[Path], dict]:
    """The chapter templates an edition executes and the parameters papermill gives them."""
    templates = chapter_notebooks(project, ANNUAL if edition.period is None else PERIOD)
    when = {"year": edition.year} if edition.period is None else {"period": edition.label}
    return templates, {"province": edition.province, **when, "data_dir": str(data_dir)}


def chapters_to_run(paths: EditionPaths) -> int:
    """How many of the edition's chapters the execution cache cannot give (hashes only)."""
    keys = chapter_keys(*chapter_plan(paths.edition, paths.project, paths.data_dir))
    cache = Cache(paths.cache)
    return sum(1 for key in keys.values() if cache.lookup(key, paths.data_dir) is None)


def warm_up(request: BuildRequest, where: ProjectPaths) -> None:
    """Pin the build's environment, then start the chapters' workers (for the `jobs` the build
    will ask for, `kernels_for` the chapters that will run) and the warm Sphinx process's
    fork server."""
    pin_environment()  # before any process starts: the kernels and Sphinx inherit it
    paths = where.of(request.edition)
    jobs, _ = bounded_jobs(request.jobs, len(chapter_notebooks(paths.project)))
    prestart(jobs, kernels_now=kernels_for(chapters_to_run(paths), jobs))
    sphinx_run.start_server()  # the process only: it imports Sphinx meanwhile
