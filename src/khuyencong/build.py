"""The build pipeline, top to bottom: check, load, stage, execute, render, publish."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from khuyencong.cache import Cache
from khuyencong.data import Dataset
from khuyencong.downloads import write_downloads
from khuyencong.edition import Edition, chapter_notebooks, check_data_exists, check_parameters
from khuyencong.errors import ReconciliationError
from khuyencong.execute import execute_all, prestart
from khuyencong.fastpath import INPUTS_STAMP, inputs_stamp
from khuyencong.locking import with_edition_lock
from khuyencong.prune import prune_pages
from khuyencong.publish import publish_dir
from khuyencong.reconcile import MISMATCH, reconcile
from khuyencong.render import edition_config, render_edition, stage_pages
from khuyencong.report.content import build_report
from khuyencong.report.render import render_report
from khuyencong.reproducible import pin_environment
from khuyencong.snapshot import SNAPSHOTS_ENV, validated
from khuyencong.sources_page import write_sources_page

STAMP = ".khuyencong-stamp"


@dataclass(frozen=True)
class Executed:
    """An edition whose chapters ran and which still has to be rendered and published."""

    staging: Path
    target: Path
    fmt: str
    stamp: str
    inputs: str
    data: Dataset
    edition: Edition
    report_dir: Path  # the report's Word and LibreOffice working folder


@with_edition_lock
def build_edition(
    project: Path,
    province: str,
    year: int,
    data_dir: Path | None = None,
    out_root: Path | None = None,
    jobs: int | None = None,
    say: Callable[[str], None] = print,
    strict: bool = False,
    fmt: str = "all",
    base_url: str | None = None,
) -> Path:
    """Build one edition and publish it at `<out_root>/site/<province>/<year>/`; return that folder.

    Links inside an edition are relative, so it works under any base path; `base_url`
    (e.g. https://congthuong.sonla.gov.vn/khuyen-cong) only adds canonical URLs to its pages.
    """
    job = execute_edition(
        project, province, year, data_dir, out_root, jobs, say, strict, fmt, base_url
    )
    return job if isinstance(job, Path) else finish_edition(job, say)


def execute_edition(
    project: Path,
    province: str,
    year: int,
    data_dir: Path | None = None,
    out_root: Path | None = None,
    jobs: int | None = None,
    say: Callable[[str], None] = print,
    strict: bool = False,
    fmt: str = "all",
    base_url: str | None = None,
) -> Executed | Path:
    """Check, stage and execute; return what `finish_edition` renders, or the published
    folder itself when nothing rendered would change."""
    project = Path(project).resolve()
    pin_environment()  # dates stamped by matplotlib and XeTeX, kernels' hash seed
    edition: Edition = check_parameters(province, year)
    data_dir = Path(data_dir or project / "data").resolve()
    out_root = Path(out_root or project / "_build").resolve()

    inputs = inputs_stamp(project, data_dir, edition, fmt, strict, base_url)
    prestart(jobs)  # the workers start their kernels while the data is checked
    say(f"[1/4] Kiểm tra dữ liệu trong {data_dir.name}/ …")
    snapshots = out_root / "snapshots"

    def refuse(data: Dataset) -> None:
        check_data_exists(data, edition)
        if strict:
            check_claims(data, edition.province, edition.year)

    data = validated(data_dir, snapshots, check=refuse)
    entity = data.entities.set_index("entity").loc[edition.province]
    province_name = str(entity["name_vi"])

    # The staging folder is kept between builds: Sphinx reuses its environment for pages
    # whose sources did not change (unchanged chapters are not even rewritten).
    staging = out_root / "staging" / edition.province / str(edition.year)
    staging.mkdir(parents=True, exist_ok=True)
    config = edition_config(
        project,
        edition,
        province_name,
        admin_header=entity.get("admin_header"),  # type: ignore[arg-type]
        department=entity.get("department"),  # type: ignore[arg-type]
        with_pdf=fmt != "html",
        place_date=build_report(data, edition.province, edition.year).place_date,
    )
    if base_url:
        url = f"{base_url.rstrip('/')}/{edition.province}/{edition.year}/"
        config["sphinx"]["config"]["html_baseurl"] = url
    stage_pages(project, staging, config)
    write_sources_page(data, staging)  # generated from sources.csv, never typed by hand

    templates = chapter_notebooks(project)
    say(f"[2/4] Chạy {len(templates)} chương bằng papermill …")
    params = {"province": edition.province, "year": edition.year, "data_dir": str(data_dir)}
    execute_all(
        templates,
        staging / "notebooks",
        params,
        jobs=jobs,
        on_done=lambda t, reused: say(
            f"      ✓ {t.stem}" + (" (dùng lại, dữ liệu không đổi)" if reused else "")
        ),
        cache=Cache(out_root / "cache"),
        env={SNAPSHOTS_ENV: str(snapshots)},
    )

    write_downloads(staging / "notebooks")  # full CSV of the tables shortened in the pages
    prune_pages(staging / "notebooks")  # blocks without data and the headings they leave empty
    target = out_root / "site" / edition.province / str(edition.year)
    stamp = edition_stamp(staging, fmt)
    if (target / STAMP).is_file() and (target / STAMP).read_text(encoding="utf-8") == stamp:
        say("[3/4] Không có gì thay đổi: giữ nguyên ấn phẩm đã xuất bản.")
        (target / INPUTS_STAMP).write_text(inputs, encoding="utf-8")
        return target
    report_dir = out_root / "report" / edition.province / str(edition.year)
    return Executed(staging, target, fmt, stamp, inputs, data, edition, report_dir)


def finish_edition(job: Executed, say: Callable[[str], None] = print) -> Path:
    """Render the executed edition and swap it in at its published folder."""
    say("[3/4] Dựng ấn phẩm bằng Jupyter Book …")
    built = render_edition(job.staging, job.fmt, job.target, say=say)
    say("      • báo cáo (Word, PDF qua LibreOffice) …")
    ed = job.edition
    render_report(job.data, ed.province, ed.year, built, job.report_dir)

    (built / STAMP).write_text(job.stamp, encoding="utf-8")
    (built / INPUTS_STAMP).write_text(job.inputs, encoding="utf-8")
    say(f"[4/4] Xuất bản tại {job.target}")
    return publish_dir(built, job.target)


def edition_stamp(staging: Path, fmt: str) -> str:
    """Fingerprint of everything rendered: pages, executed chapters, config, TOC, format."""
    files = sorted(
        p
        for p in staging.rglob("*")
        if p.is_file() and "_build" not in p.relative_to(staging).parts
    )
    h = hashlib.sha256(fmt.encode())
    for p in files:
        h.update(str(p.relative_to(staging)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def check_claims(data, province: str | None = None, year: int | None = None) -> None:
    """Refuse to publish (used with --strict) when a figure of the edition is "lệch" or one of
    its consistency rules is broken. Without an edition, every claim is checked."""
    from khuyencong.reconcile import claims_for
    from khuyencong.rules import broken, check_rules

    scoped = None if province is None or year is None else claims_for(data, province, year)
    table = reconcile(data, scoped)
    bad = table[table["status"] == MISMATCH]
    lines = [
        f"{r.claim_id}: công bố {r.stated:g}, tính lại {r.computed:g}" for r in bad.itertuples()
    ]
    if province is not None and year is not None:
        for rule in broken(check_rules(data, province, year)):
            lines += [f"{rule.code} ({rule.name_vi}): {d}" for d in rule.details]
    if lines:
        raise ReconciliationError(
            "Có con số lệch hoặc quy tắc nhất quán không đạt (--strict):\n  " + "\n  ".join(lines)
        )
