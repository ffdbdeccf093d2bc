"""What a build was asked for, and where everything it reads and writes lives.

The command line turns its options into a `BuildRequest` (the edition and how to build it)
and a `ProjectPaths` (the project, its data folder, its build folder) once; the build, the
"nothing changed" check, the locks and `publish` take these instead of re-deriving
folders and file names. The defaults `<project>/data` and `<project>/_build` are resolved
here only. No pandas: the "nothing changed" path uses this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from khuyencong.core.edition import Edition, check_parameters, env_issue_date
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

    def of(self, edition: Edition) -> EditionPaths:
        return EditionPaths(self.project, self.data_dir, self.out_root, edition)


@dataclass(frozen=True)
class EditionPaths(ProjectPaths):
    """The folders and files of one edition."""

    edition: Edition

    def _own(self, folder: str) -> Path:
        return self.out_root / folder / self.edition.province / str(self.edition.year)

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
        return self.out_root / "locks" / f"{ed.province}-{ed.year}.lock"

    @property
    def pdf(self) -> Path:
        """The printed edition as published."""
        return self.published / self.edition.pdf_file


# What a build can publish: the site, the printed book, or both (the default).
FORMATS = ("html", "pdf", "all")


@dataclass(frozen=True)
class BuildRequest:
    """What was asked: an edition, its formats (html, pdf, all), `strict` (refuse a figure
    that does not reconcile), `base_url` (canonical addresses only) and parallel chapters."""

    edition: Edition
    fmt: str = "all"
    strict: bool = False
    base_url: str | None = None
    jobs: int | None = None

    def __post_init__(self) -> None:
        env_issue_date()  # an invalid date in the environment is refused before any work
        if self.fmt not in FORMATS:
            raise ParameterError(
                f"Định dạng không hợp lệ: {self.fmt} (cần một trong {', '.join(FORMATS)})."
            )

    @classmethod
    def of(cls, province: str, year: int, **options) -> BuildRequest:
        """The request for `province` and `year`, checked before either reaches a path."""
        return cls(check_parameters(province, year), **options)

    @property
    def with_pdf(self) -> bool:
        return self.fmt != "html"

    def canonical_url(self) -> str | None:
        """`<base_url>/<province>/<year>/`, the edition's canonical address, if a base is set."""
        if not self.base_url:
            return None
        return f"{self.base_url.rstrip('/')}/{self.edition.province}/{self.edition.year}/"
