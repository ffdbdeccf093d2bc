"""The build pipeline, top to bottom: check, load, stage, execute, render, publish."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from khuyencong.data import load_dataset
from khuyencong.edition import Edition, chapter_notebooks, check_data_exists, check_parameters
from khuyencong.errors import ReconciliationError
from khuyencong.execute import execute_all
from khuyencong.publish import publish_dir
from khuyencong.reconcile import MISMATCH, reconcile
from khuyencong.render import edition_config, jupyter_book, stage_pages


def build_edition(
    project: Path,
    province: str,
    year: int,
    data_dir: Path | None = None,
    out_root: Path | None = None,
    jobs: int | None = None,
    say: Callable[[str], None] = print,
    strict: bool = False,
) -> Path:
    """Build one edition and publish it at `<out_root>/site/<province>/<year>/`; return that folder."""
    project = Path(project).resolve()
    edition: Edition = check_parameters(province, year)
    data_dir = Path(data_dir or project / "data").resolve()
    out_root = Path(out_root or project / "_build").resolve()

    say(f"[1/4] Kiểm tra dữ liệu trong {data_dir.name}/ …")
    data = load_dataset(data_dir)
    check_data_exists(data, edition)
    if strict:
        check_claims(data)
    province_name = data.entities.set_index("entity").loc[edition.province, "name_vi"]

    staging = out_root / "staging" / edition.province / str(edition.year)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    stage_pages(project, staging, edition_config(project, edition, province_name))

    templates = chapter_notebooks(project)
    say(f"[2/4] Chạy {len(templates)} chương bằng papermill …")
    params = {"province": edition.province, "year": edition.year, "data_dir": str(data_dir)}
    execute_all(
        templates,
        staging / "notebooks",
        params,
        jobs=jobs,
        on_done=lambda t: say(f"      ✓ {t.stem}"),
    )

    say("[3/4] Dựng trang HTML bằng Jupyter Book …")
    html = jupyter_book(staging, "html")

    target = out_root / "site" / edition.province / str(edition.year)
    say(f"[4/4] Xuất bản tại {target}")
    return publish_dir(html, target)


def check_claims(data) -> None:
    """Refuse to publish when a stated figure is "lệch" (used with --strict)."""
    table = reconcile(data)
    bad = table[table["status"] == MISMATCH]
    if len(bad):
        lines = [
            f"{r.claim_id}: công bố {r.stated:g}, tính lại {r.computed:g}" for r in bad.itertuples()
        ]
        raise ReconciliationError(
            "Có con số lệch so với dữ liệu (--strict):\n  " + "\n  ".join(lines)
        )
