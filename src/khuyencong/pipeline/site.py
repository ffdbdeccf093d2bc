"""Every edition on one site: build each province × year that has data, and a home page.

Editions live at `<site>/<province>/<year>/`, each with its own assets, so none overwrites
another's. Links on the home page are relative, so the site works under any base path
and on an intranet; an edition whose inputs did not change is not rebuilt (see build.py).

The data are validated once for all editions (snapshot.py), the chapters of every edition
run in the same warm kernels (execute.py), and while one edition's chapters run, the
previous edition is rendered (Jupyter Book, XeLaTeX) in a background thread.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from khuyencong.core import atomic
from khuyencong.core.edition import EDITION_KINDS, Edition, check_parameters
from khuyencong.core.locking import data_lock, edition_lock
from khuyencong.core.request import BuildRequest, ProjectPaths
from khuyencong.errors import MissingDataError, ParameterError
from khuyencong.inputs.availability import has_year_data, province_name
from khuyencong.inputs.dataset import Dataset, validated
from khuyencong.pipeline.build import Executed, execute_edition, finish_edition


@dataclass(frozen=True)
class Listed:
    year: int
    href: str
    pdf: str | None
    report: str | None = None  # the báo cáo in Word (its PDF sits next to it)


def available_editions(data: Dataset) -> list[Edition]:
    """Province × year pairs with both funding rows and the year's authored text."""
    provinces = set(data.entities.loc[data.entities["kind"].isin(EDITION_KINDS), "entity"])
    pairs = {
        (p, int(y)) for p, y in zip(data.funding["province"], data.funding["year"], strict=True)
    }
    # A province known only from results ending in a year (no funding figures) also gets an edition.
    pairs |= {
        (p, int(y))
        for p, y in zip(data.results["entity"], data.results["period_end"], strict=True)
        if p in provinces and has_year_data(data, p, int(y))
    }
    return [Edition(p, y) for p, y in sorted(pairs) if p in provinces and (p, str(y)) in data.texts]


def parse_editions(specs: list[str]) -> list[Edition]:
    """`son-la/2025` strings, each checked like the build's parameters."""
    out = []
    for spec in specs:
        province, _, year = spec.partition("/")
        if not year.isdigit():
            raise ParameterError(
                f"Ấn phẩm '{spec}' không hợp lệ (cần dạng tỉnh/năm, ví dụ son-la/2025)"
            )
        out.append(check_parameters(province, int(year)))
    return out


def home_page(site: Path, names: dict[str, str]) -> Path:
    """Write `<site>/index.html` listing every published edition found under `site`."""
    provinces = []
    for province_dir in sorted(p for p in site.iterdir() if p.is_dir() and p.name in names):
        editions = []
        for year_dir in sorted(
            (p for p in province_dir.iterdir() if p.is_dir() and p.name.isdigit()), reverse=True
        ):
            if not (year_dir / "index.html").exists():
                continue
            edition = Edition(province_dir.name, int(year_dir.name))
            pdf = year_dir / edition.pdf_file
            rel = f"{province_dir.name}/{year_dir.name}/"
            docx = year_dir / f"{edition.report_name}.docx"
            editions.append(
                Listed(
                    int(year_dir.name),
                    rel + "index.html",
                    rel + pdf.name if pdf.exists() else None,
                    rel + docx.name if docx.exists() else None,
                )
            )
        if editions:
            provinces.append({"name": names[province_dir.name], "editions": editions})
    env = Environment(
        loader=PackageLoader("khuyencong"), autoescape=select_autoescape(["html", "j2"])
    )
    html = env.get_template("home.html.j2").render(provinces=provinces)
    return atomic.write_bytes(site, site / "index.html", html.encode("utf-8"))


def _prefixed(say: Callable[[str], None], ed: Edition) -> Callable[[str], None]:
    """Messages of a background rendering, named after their edition."""
    return lambda message: say(f"   ({ed.province}/{ed.year}) {message.strip()}")


def _execute_locked(
    request: BuildRequest, where: ProjectPaths, say: Callable[[str], None]
) -> tuple[Executed, ExitStack] | None:
    """Execute one edition holding its lock, as `build` does; the lock stays held (returned)
    while there is a rendering to do, so a `build` of the same edition waits for it."""
    lock = ExitStack()
    lock.enter_context(edition_lock(where.of(request.edition), say))
    try:
        job = execute_edition(request, where, say=say)
    except BaseException:
        lock.close()
        raise
    if isinstance(job, Executed):
        return job, lock
    lock.close()
    return None


def _finish(job: Executed, say: Callable[[str], None], lock: ExitStack) -> Path:
    with lock:  # released once published (or failed)
        return finish_edition(job, say)


def publish_all(
    where: ProjectPaths,
    editions: list[Edition] | None = None,
    fmt: str = "all",
    jobs: int | None = None,
    say: Callable[[str], None] = print,
    base_url: str | None = None,
) -> Path:
    """Build the chosen (default: every available) edition, then the home page."""
    with data_lock(where.data_dir, say, shared=True):  # an interrupted import finished first
        data = validated(where.data_dir, where.snapshots)
    chosen = editions or available_editions(data)
    if not chosen:
        raise MissingDataError("Không có ấn phẩm nào đủ dữ liệu để xuất bản.")
    with ThreadPoolExecutor(max_workers=1) as renderer:
        rendering: list[tuple[Future, ExitStack]] = []
        try:
            for i, ed in enumerate(chosen, start=1):
                say(f"== Ấn phẩm {i}/{len(chosen)}: {ed.province} năm {ed.year}")
                request = BuildRequest(ed, fmt=fmt, base_url=base_url, jobs=jobs)
                started = _execute_locked(request, where, say)
                if started is not None:
                    job, lock = started
                    done = renderer.submit(_finish, job, _prefixed(say, ed), lock)
                    rendering.append((done, lock))
            for done, _ in rendering:
                done.result()
        except BaseException:
            for waiting, lock in rendering:
                if waiting.cancel():  # the one being rendered finishes; the others do not start
                    lock.close()
            raise
    names = {p: province_name(data, p) for p in data.entities["entity"]}
    return home_page(where.site, names)
