"""Every edition on one site: build each province × year (and each period reviewed) that has
data, and a home page.

Editions live at `<site>/<province>/<year>/` (a period review at `<site>/<province>/<period>/`,
e.g. `son-la/2016-2020/`), each with its own assets, so none overwrites
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
from khuyencong.core.edition import EDITION_KINDS, Edition, parse_period
from khuyencong.core.locking import data_lock, edition_lock
from khuyencong.core.request import BuildRequest, ProjectPaths, PublishRequest
from khuyencong.errors import MissingDataError, ParameterError
from khuyencong.inputs.availability import (
    annual_years,
    period_totals,
    province_name,
    stated_periods,
)
from khuyencong.inputs.dataset import Dataset, validated
from khuyencong.outputs import sphinx_run
from khuyencong.pipeline.build import DRAFT_MARK, Executed, execute_edition, finish_edition
from khuyencong.pipeline.reproducible import pin_environment
from khuyencong.pipeline.shards import gather, share


@dataclass(frozen=True)
class Listed:
    year: int
    href: str
    pdf: str | None
    report: str | None = None  # the báo cáo in Word (its PDF sits next to it)
    title: str = ""  # "Báo cáo năm 2025", "Báo cáo giai đoạn 2016–2020"
    draft: bool = False  # its báo cáo is still a DỰ THẢO


def available_editions(data: Dataset) -> list[Edition]:
    """Province × year pairs with both funding rows and the year's authored text, then each
    period a province's data state (figures for the whole period, or annual data in it)."""
    provinces = set(data.entities.loc[data.entities["kind"].isin(EDITION_KINDS), "entity"])
    pairs = {
        (p, int(y)) for p, y in zip(data.funding["province"], data.funding["year"], strict=True)
    }
    annual = [
        Edition(p, y) for p, y in sorted(pairs) if p in provinces and (p, str(y)) in data.texts
    ]
    periods = [
        Edition(p, period.last, period)
        for p in sorted(provinces)
        for period in stated_periods(data, p)
        if period_totals(data, p, period) or annual_years(data, p, period)
    ]
    return annual + periods


def edition_of_folder(province: str, name: str) -> Edition | None:
    """The edition a published folder holds (`2025`, `2016-2020`, `truoc-2021`), None if none."""
    if name.isdigit():
        return Edition(province, int(name))
    try:
        period = parse_period(name)
    except ParameterError:
        return None
    return Edition(province, period.last, period)


def listed_title(edition: Edition) -> str:
    """The home page's name of an edition."""
    if edition.period is None:
        return f"Báo cáo năm {edition.year}"
    if edition.period.first is None:
        return f"Báo cáo kết quả {edition.period.span}"
    return f"Báo cáo giai đoạn {edition.period.span}"


def _listed(province_dir: Path) -> list[Listed]:
    """The editions published under one province's folder: years newest first, then periods."""
    found = []
    for folder in province_dir.iterdir():
        edition = edition_of_folder(province_dir.name, folder.name)
        if edition is None or not (folder / "index.html").exists():
            continue
        pdf = folder / edition.pdf_file
        rel = f"{province_dir.name}/{folder.name}/"
        docx = folder / edition.report_docx
        found.append(
            (
                (edition.period is not None, -edition.year),
                Listed(
                    edition.year,
                    rel + "index.html",
                    rel + pdf.name if pdf.exists() else None,
                    rel + docx.name if docx.exists() else None,
                    listed_title(edition),
                    (folder / DRAFT_MARK).is_file(),
                ),
            )
        )
    return [listed for _, listed in sorted(found, key=lambda pair: pair[0])]


def home_page(site: Path, names: dict[str, str]) -> Path:
    """Write `<site>/index.html` listing every published edition found under `site`."""
    provinces = []
    for province_dir in sorted(p for p in site.iterdir() if p.is_dir() and p.name in names):
        editions = _listed(province_dir)
        if editions:
            provinces.append({"name": names[province_dir.name], "editions": editions})
    env = Environment(
        loader=PackageLoader("khuyencong"), autoescape=select_autoescape(["html", "j2"])
    )
    html = env.get_template("home.html.j2").render(provinces=provinces)
    return atomic.write_bytes(site, site / "index.html", html.encode("utf-8"))


def _prefixed(say: Callable[[str], None], ed: Edition) -> Callable[[str], None]:
    """Messages of a background rendering, named after their edition."""
    return lambda message: say(f"   ({ed.slug}) {message.strip()}")


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
    where: ProjectPaths, request: PublishRequest, say: Callable[[str], None] = print
) -> Path:
    """Build the chosen (default: every available) edition, then the home page; with a shard
    (K, N) only the K-th share of them and no home page (`merge_shards` writes it)."""
    pin_environment()  # before any process starts: the kernels and Sphinx inherit it
    sphinx_run.start_server()  # the warm Sphinx process imports while the data are checked
    with data_lock(where.data_dir, say, shared=True):  # an interrupted import finished first
        data = validated(where.data_dir, where.snapshots)
    chosen = list(request.editions) or available_editions(data)
    if not chosen:
        raise MissingDataError("Không có ấn phẩm nào đủ dữ liệu để xuất bản.")
    shard = request.shard
    if shard is not None:
        chosen = share(chosen, *shard)
        say(f"Phần {shard[0]}/{shard[1]}: {len(chosen)} ấn phẩm.")
    with ThreadPoolExecutor(max_workers=1) as renderer:
        rendering: list[tuple[Future, ExitStack]] = []
        try:
            for i, ed in enumerate(chosen, start=1):
                say(f"== Ấn phẩm {i}/{len(chosen)}: {ed.slug}")
                started = _execute_locked(request.build(ed), where, say)
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
    if shard is not None:
        return where.site
    return home_page(where.site, listed_names(data))


def merge_shards(
    where: ProjectPaths, shards: list[Path], say: Callable[[str], None] = print
) -> Path:
    """Gather the editions the shards published into the site, then write its home page."""
    data = validated(where.data_dir, where.snapshots)
    gathered = gather(where.site, shards, say)
    say(f"Đã gộp {len(gathered)} ấn phẩm từ {len(shards)} phần.")
    return home_page(where.site, listed_names(data))


def listed_names(data: Dataset) -> dict[str, str]:
    """Each entity's heading on the home page: "Tỉnh Sơn La"; an entity a source leaves
    unnamed keeps its description ("Một tỉnh không được nêu tên"), never made a name."""
    kinds = data.entities.set_index("entity")["kind"]
    return {
        p: province_name(data, p)
        if kinds[p] == "unnamed_province"
        else f"Tỉnh {province_name(data, p)}"
        for p in data.entities["entity"]
    }
