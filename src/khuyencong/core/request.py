"""What a build was asked for, and where everything it reads and writes lives.

The command line turns its options into a `BuildRequest` (the edition and how to build it)
and a `ProjectPaths` (the project, its data folder, its build folder) once; the build, the
"nothing changed" check, the locks and `publish` take these instead of re-deriving
folders and file names. The defaults `<project>/data` and `<project>/_build` are resolved
here only. No pandas: the "nothing changed" path uses this module.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from khuyencong.core.edition import Edition, check_parameters, env_issue_date, period_edition
from khuyencong.errors import ParameterError


@dataclass(frozen=True)
class ProjectPaths:
    """The folders shared by every edition: absolute, defaults resolved."""

    project: Path
    data_dir: Path
    out_root: Path

    @classmethod
    def resolve(
        cls, project: Path, data_dir: Path | None = None, out_root: Path | None = None
    ) -> ProjectPaths:
        """From the command line's options: `--data-dir` defaults to `<project>/data`,
        `--out` to `<project>/_build`."""
        project = Path(project).resolve()
        return cls(
            project,
            Path(data_dir or project / "data").resolve(),
            Path(out_root or project / "_build").resolve(),
        )

    @property
    def snapshots(self) -> Path:
        """Validated data sets, shared by the build and its kernels (snapshot.py)."""
        return self.out_root / "snapshots"

    @property
    def cache(self) -> Path:
        """Executed chapters (cache.py)."""
        return self.out_root / "cache"

    @property
    def site(self) -> Path:
        """The published site: the home page and `<province>/<year>/` under it."""
        return self.out_root / "site"

    @property
    def staging_root(self) -> Path:
        """Every edition's staging folder (`EditionPaths.staging`) under it."""
        return self.out_root / "staging"

    def of(self, edition: Edition) -> EditionPaths:
        return EditionPaths(self.project, self.data_dir, self.out_root, edition)


@dataclass(frozen=True)
class EditionPaths(ProjectPaths):
    """The folders and files of one edition."""

    edition: Edition

    def _own(self, folder: str) -> Path:
        return self.out_root / folder / self.edition.province / self.edition.label

    @property
    def staging(self) -> Path:
        """Kept between builds, so Sphinx re-reads only the pages that changed."""
        return self._own("staging")

    @property
    def published(self) -> Path:
        return self._own("site")

    @property
    def report(self) -> Path:
        """The báo cáo's working folder (Word file, LibreOffice profile)."""
        return self._own("report")

    @property
    def lock(self) -> Path:
        ed = self.edition
        return self.out_root / "locks" / f"{ed.printed_name}.lock"

    @property
    def pdf(self) -> Path:
        """The printed edition as published."""
        return self.published / self.edition.pdf_file

    @property
    def draft(self) -> Path:
        """The edition's draft inputs, before they are data (`new-year`; see `draft_folder`)."""
        return draft_folder(self.data_dir, self.edition)


def draft_folder(data_dir: Path, edition: Edition) -> Path:
    """`<data>/drafts/<province>-<year>/`: a new year's inputs written by `new-year`, read by
    `template`, never by a build."""
    return Path(data_dir) / "drafts" / edition.printed_name


def bounded_jobs(
    asked: int | None, chapters: int, cores: int | None = None
) -> tuple[int, str | None]:
    """Chapters run in parallel: `--jobs` (default: the cores), never more than the cores nor
    the chapters (each worker holds a kernel of several hundred MB); with a Vietnamese note
    when what was asked is lowered."""
    cores = cores or os.cpu_count() or 1
    limit = max(1, min(cores, chapters))
    if asked is None or asked <= limit:
        return (limit if asked is None else asked), None
    why = f"máy có {cores} lõi" if cores <= chapters else f"sách có {chapters} chương"
    return limit, f"Ghi chú: --jobs {asked} nhiều hơn cần ({why}): chạy {limit} chương song song."


# What a build can publish: the site, the printed book, or both (the default).
FORMATS = ("html", "pdf", "all")


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ParameterError(f"Định dạng không hợp lệ: {fmt} (cần một trong {', '.join(FORMATS)}).")


@dataclass(frozen=True)
class BuildRequest:
    """What was asked: an edition, its formats (html, pdf, all), `strict` (refuse a figure
    that does not reconcile), `base_url` (canonical addresses only) and parallel chapters."""

    edition: Edition
    fmt: str = "all"
    strict: bool = False
    base_url: str | None = None
    jobs: int | None = None
    shard: tuple[int, int] | None = None  # (K, N): only the K-th of N shares, no home page

    def __post_init__(self) -> None:
        env_issue_date()  # an invalid date in the environment is refused before any work
        check_format(self.fmt)

    @classmethod
    def of(cls, province: str, year: int, **options) -> BuildRequest:
        """The request for `province` and `year`, checked before either reaches a path."""
        return cls(check_parameters(province, year), **options)

    @classmethod
    def of_period(cls, province: str, period: str, **options) -> BuildRequest:
        """The request for the period edition of `province` (`2016-2020`, `truoc-2021`)."""
        return cls(period_edition(province, period), **options)

    @property
    def with_pdf(self) -> bool:
        return self.fmt != "html"

    def canonical_url(self) -> str | None:
        """`<base_url>/<province>/<year>/`, the edition's canonical address, if a base is set."""
        if not self.base_url:
            return None
        return f"{self.base_url.rstrip('/')}/{self.edition.slug}/"


@dataclass(frozen=True)
class PublishRequest:
    """What `publish` was asked: the editions (empty: every edition with data) and the
    options each of their builds takes, the same as `build`'s."""

    editions: tuple[Edition, ...] = ()
    fmt: str = "all"
    strict: bool = False
    base_url: str | None = None
    jobs: int | None = None
    shard: tuple[int, int] | None = None  # (K, N): only the K-th of N shares, no home page

    def __post_init__(self) -> None:
        check_format(self.fmt)

    @classmethod
    def of(cls, specs: Iterable[str] = (), **options) -> PublishRequest:
        """From `son-la/2025` or `son-la/2016-2020` strings, each checked like the build's
        parameters."""
        return cls(tuple(parse_edition(spec) for spec in specs), **options)

    def build(self, edition: Edition) -> BuildRequest:
        """The request of one of the editions, with these options."""
        return BuildRequest(edition, self.fmt, self.strict, self.base_url, self.jobs)


def parse_edition(spec: str) -> Edition:
    """`son-la/2025` or `son-la/2016-2020`, checked like the build's parameters."""
    province, _, when = spec.partition("/")
    if when.isdigit():
        return check_parameters(province, int(when))
    try:
        return period_edition(province, when)
    except ParameterError:
        raise ParameterError(
            f"Ấn phẩm '{spec}' không hợp lệ (cần dạng tỉnh/năm, ví dụ son-la/2025, "
            "hoặc tỉnh/giai đoạn, ví dụ son-la/2016-2020)"
        ) from None
