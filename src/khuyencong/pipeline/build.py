"""The build pipeline, top to bottom: check, load, stage, execute, render, publish."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from khuyencong.content.chapters.registry import PERIOD, chapter_notebooks, toc_pages
from khuyencong.content.downloads import write_downloads
from khuyencong.content.report.model import Report, plain
from khuyencong.content.report.period import edition_report
from khuyencong.content.sources_page import write_sources_page
from khuyencong.core import atomic
from khuyencong.core.cache import Cache
from khuyencong.core.locking import data_lock, with_edition_lock
from khuyencong.core.request import BuildRequest, EditionPaths, ProjectPaths, bounded_jobs
from khuyencong.core.templates import templates_digest
from khuyencong.errors import ReconciliationError, listed
from khuyencong.figures.reconcile import MISMATCH, reconcile
from khuyencong.figures.rules import sheet_problems
from khuyencong.inputs.availability import check_data_exists
from khuyencong.inputs.dataset import Dataset, validated
from khuyencong.inputs.snapshot import SNAPSHOTS_ENV
from khuyencong.inputs.workbook.layout import EXPLANATION_HEADER
from khuyencong.outputs import sphinx_run
from khuyencong.outputs.book import edition_config, render_edition, stage_pages
from khuyencong.outputs.prune import prune_pages
from khuyencong.outputs.report_files import make_report, publish_report
from khuyencong.outputs.word import check_report_template
from khuyencong.pipeline.execute import execute_all, prestart
from khuyencong.pipeline.fastpath import INPUTS_STAMP, inputs_stamp
from khuyencong.pipeline.reproducible import pin_environment
from khuyencong.pipeline.swap import publish_dir, repair
from khuyencong.pipeline.warmup import chapter_plan

STAMP = ".khuyencong-stamp"
DRAFT_MARK = ".khuyencong-draft"  # beside a published draft: the home page marks it DỰ THẢO
RULES_NOTE = ".khuyencong-rules"  # the rules' warnings of the published edition, for the console


@dataclass(frozen=True)
class Executed:
    """An edition whose chapters ran and which still has to be rendered and published."""

    request: BuildRequest
    paths: EditionPaths
    stamp: str  # of everything rendered (edition_stamp)
    inputs: str  # of everything the edition is made from (fastpath.inputs_stamp)
    data: Dataset
    report: Report  # built once per edition: the title page's heading, the Word and PDF files
    template: bytes  # the Word template of the report, read while the data folder was locked


@with_edition_lock
def build_edition(
    request: BuildRequest, where: ProjectPaths, say: Callable[[str], None] = print
) -> Path:
    """Build one edition and publish it at `<out>/site/<province>/<year>/`; return that folder.

    Links inside an edition are relative, so it works under any base path; `base_url`
    (e.g. https://congthuong.sonla.gov.vn/khuyen-cong) only adds canonical URLs to its pages.
    """
    job = execute_edition(request, where, say)
    return job if isinstance(job, Path) else finish_edition(job, say)


def execute_edition(
    request: BuildRequest, where: ProjectPaths, say: Callable[[str], None] = print
) -> Executed | Path:
    """Check, stage and execute; return what `finish_edition` renders, or the published
    folder itself when nothing rendered would change."""
    pin_environment()  # dates stamped by matplotlib and XeTeX, kernels' hash seed
    paths = where.of(request.edition)
    repair(paths.published, say)  # what an interrupted publish left (the edition lock is held)
    jobs, note = bounded_jobs(request.jobs, len(chapter_notebooks(paths.project)))
    if note:
        say(note)
    request = replace(request, jobs=jobs)
    prestart(request.jobs)  # the workers start their kernels while the data is checked
    with data_lock(paths.data_dir, say, shared=True):  # an import waits until the data is read
        inputs = inputs_stamp(request, where)
        say(f"[1/4] Kiểm tra dữ liệu trong {paths.data_dir.name}/ …")
        data = checked_data(request, paths)
        warn_rules(data, request, say)
        # refused before rendering when unsafe; read now, while the data folder is locked
        template = check_report_template(paths.data_dir, request.edition.province).read_bytes()
        # The warm Sphinx process imports Sphinx while the pages are staged and the chapters
        # run; not before: a command refusing its data would end while it starts.
        sphinx_run.prestart()
        report = stage_edition(request, paths, data)
        run_chapters(request, paths, say)
    templates = templates_digest(paths.data_dir, request.edition.province)
    stamp = edition_stamp(paths.staging, request.fmt, templates)
    target = paths.published
    if (target / STAMP).is_file() and (target / STAMP).read_text(encoding="utf-8") == stamp:
        say("[3/4] Không có gì thay đổi: giữ nguyên ấn phẩm đã xuất bản.")
        atomic.write_bytes(target.resolve(), target / INPUTS_STAMP, inputs.encode("utf-8"))
        return target
    return Executed(request, paths, stamp, inputs, data, report, template)


def checked_data(request: BuildRequest, paths: EditionPaths) -> Dataset:
    """The validated data set (from its snapshot when there is one), refused when the edition
    lacks its data, or, with --strict, when one of its figures does not reconcile."""
    edition = request.edition

    def refuse(data: Dataset) -> None:
        check_data_exists(data, edition)
        if request.strict and edition.period is None:
            check_claims(data, edition.province, edition.year)
        elif request.strict:  # a period: the claims about it, no annual rules
            check_claims(data, edition.province, edition.year, annual=False)

    return validated(paths.data_dir, paths.snapshots, check=refuse)


def rule_warnings(data: Dataset, request: BuildRequest) -> list[str]:
    """Each broken rule where the author fixes or explains it (the workbook's sheet, row and
    column), under a line saying that the báo cáo is published only as a draft; [] when none."""
    edition = request.edition
    if edition.period is not None:  # a period edition: no annual rules
        return []
    found = sheet_problems(data, edition.province, edition.year)
    if not found:
        return []
    head = (
        f"Cảnh báo: {len(found)} điểm không đạt quy tắc kiểm tra số liệu; báo cáo chỉ được xuất "
        f"bản dưới dạng DỰ THẢO cho đến khi sửa số liệu hoặc ghi giải trình ở cột “{EXPLANATION_HEADER}” "
        "của dòng:"
    )
    return [head, *listed(found)]


def warn_rules(data: Dataset, request: BuildRequest, say: Callable[[str], None]) -> None:
    """The rules' warnings on the console (kept with the published edition, so that a build
    with nothing to do repeats them: see `RULES_NOTE`)."""
    for line in rule_warnings(data, request):
        say(line)


def stage_edition(request: BuildRequest, paths: EditionPaths, data: Dataset) -> Report:
    """Write the edition's pages and config into its staging folder; return the edition's
    report (built here once, and rendered as Word and PDF by `finish_edition`).

    The staging folder is kept between builds: Sphinx reuses its environment for pages whose
    sources did not change (unchanged chapters are not even rewritten)."""
    edition = request.edition
    # The title page is headed and dated like the báo cáo it accompanies.
    report = edition_report(data, edition)
    paths.staging.mkdir(parents=True, exist_ok=True)
    config = edition_config(
        paths.project,
        edition,
        report.province_name,
        admin_header=report.admin_header,
        department=report.department,
        with_pdf=request.with_pdf,
        place_date=plain(report.place_date),
        draft=report.draft,
    )
    url = request.canonical_url()
    if url:
        config["sphinx"]["config"]["html_baseurl"] = url
    # a period edition has its own table of contents; an annual one copies `_toc.yml`
    toc = {} if edition.period is None else {"toc": period_toc(paths.project)}
    stage_pages(paths.project, paths.staging, config, **toc)
    write_sources_page(data, paths.staging)  # generated from sources.csv, never typed by hand
    return report


def run_chapters(request: BuildRequest, paths: EditionPaths, say: Callable[[str], None]) -> None:
    """Execute the chapters into the staging folder (reusing cached ones), then write their
    CSV downloads and drop the blocks left without data."""
    templates, parameters = chapter_plan(request.edition, paths.project, paths.data_dir)
    say(f"[2/4] Chạy {len(templates)} chương bằng papermill …")
    notebooks = paths.staging / "notebooks"
    execute_all(
        templates,
        notebooks,
        parameters,
        jobs=request.jobs,
        on_done=lambda t, reused: say(
            f"      ✓ {t.stem}" + (" (dùng lại, dữ liệu không đổi)" if reused else "")
        ),
        cache=Cache(paths.cache),
        env={SNAPSHOTS_ENV: str(paths.snapshots)},
    )
    written = write_downloads(notebooks)  # full CSV of the tables shortened in the pages
    prune_pages(notebooks)  # blocks without data and the headings they leave empty
    keep = {notebooks / t.name for t in templates} | set(written)
    for stale in [p for p in notebooks.rglob("*") if p.is_file() and p not in keep]:
        stale.unlink()  # left by an earlier build (a table no longer shortened, say)


def finish_edition(job: Executed, say: Callable[[str], None] = print) -> Path:
    """Render the executed edition and swap it in at its published folder."""
    say("[3/4] Dựng ấn phẩm bằng Jupyter Book …")
    say("      • báo cáo (Word, PDF qua LibreOffice), song song …")
    # The báo cáo depends on the data only: it is made in its own thread, beside Sphinx (which
    # runs in another process) instead of before it.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bao-cao") as reports:
        ed = job.request.edition
        files = reports.submit(make_report, job.report, job.template, ed, job.paths.report)
        built = render_edition(
            job.paths, job.request.fmt, say=say, report_pdf=lambda: files.result()[1]
        )
        publish_report(files.result(), built)

    (built / DRAFT_MARK).unlink(missing_ok=True)
    if job.report.draft:
        (built / DRAFT_MARK).write_text("DỰ THẢO\n", encoding="utf-8")
    (built / STAMP).write_text(job.stamp, encoding="utf-8")
    (built / RULES_NOTE).write_text(
        "\n".join(rule_warnings(job.data, job.request)), encoding="utf-8"
    )
    (built / INPUTS_STAMP).write_text(job.inputs, encoding="utf-8")
    say(f"[4/4] Xuất bản tại {job.paths.published}")
    return publish_dir(built, job.paths.published, say)


def period_toc(project: Path) -> dict:
    """The project's `_toc.yml` with the period chapters (registry) in place of the annual
    ones: the period's báo cáo as the root, its chapters as the analysis part."""
    import yaml

    toc = yaml.safe_load((project / "_toc.yml").read_text(encoding="utf-8"))
    pages = toc_pages(PERIOD)
    toc["root"] = pages.pop(None)[0]
    parts = []
    for part in toc.get("parts", []):
        files = [c for c in part.get("chapters", []) if not c["file"].startswith("notebooks/")]
        if part.get("caption") in pages:
            files = [{"file": f} for f in pages.pop(part["caption"])] + files
        if files:
            parts.append({**part, "chapters": files})
    toc["parts"] = parts
    return toc


def edition_stamp(staging: Path, fmt: str, templates: str = "") -> str:
    """Fingerprint of everything rendered: pages (the book's page templates and catalogues
    among them), executed chapters, config, TOC, format, and the package's and province's
    templates (`templates`: core.templates.templates_digest)."""
    files = sorted(
        p
        for p in staging.rglob("*")
        if p.is_file() and "_build" not in p.relative_to(staging).parts
    )
    h = hashlib.sha256(fmt.encode() + b"\0" + templates.encode())
    for p in files:
        h.update(str(p.relative_to(staging)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def check_claims(
    data, province: str | None = None, year: int | None = None, annual: bool = True
) -> None:
    """Refuse to publish (used with --strict) when a figure of the edition is "lệch" or one of
    its consistency rules is broken. Without an edition, every claim is checked; for a period
    (`annual` False), the claims of the province ending in its last year, without the rules."""
    from khuyencong.figures.reconcile import claims_for
    from khuyencong.figures.rules import broken, check_rules, summarised

    scoped = None if province is None or year is None else claims_for(data, province, year)
    if not annual and scoped is not None:
        scoped = scoped[(scoped["entity"] == province) & (scoped["period_end"] == year)]
    table = reconcile(data, scoped)
    bad = table[table["status"] == MISMATCH]
    lines = [
        f"{r.claim_id}: công bố {r.stated:g}, tính lại {r.computed:g}" for r in bad.itertuples()
    ]
    if province is not None and year is not None and annual:
        for rule in broken(check_rules(data, province, year)):
            lines += [f"{rule.code} ({rule.name_vi}): {d}" for d in summarised(rule.details)]
    if lines:
        raise ReconciliationError(
            "Có con số lệch hoặc quy tắc nhất quán không đạt (--strict):\n  " + "\n  ".join(lines)
        )
