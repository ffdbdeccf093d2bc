"""Command line: parses options into a request and delegates; nothing else.

A command's errors (`KhuyenCongError`) are printed once, by the group (`VNGroup.main` in
messages.py), as one Vietnamese line with their exit code; paths come from `ProjectPaths`
and `BuildRequest` (core/request.py); what a command decides lives below the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from khuyencong.cli.messages import YEAR, VNChoice, VNGroup, echo_unchanged, echo_warnings
from khuyencong.cli.options import (
    _DATA_DIR_OPTION,
    _FORMAT_OPTION,
    _JOBS_OPTION,
    _OUT_OPTION,
    _STRICT_OPTION,
    _province_option,
    edition_request,
)

# Heavy libraries (pandas, papermill, matplotlib) are imported inside the commands that
# need them, so that `--help` and "nothing changed" answer at once (see fastpath.py).
from khuyencong.errors import KhuyenCongError

if TYPE_CHECKING:
    from khuyencong.core.request import BuildRequest, ProjectPaths


def _project_root() -> Path:
    """The project given by --project, else found from the current folder upwards."""
    from khuyencong.core.project import find_project

    explicit = click.get_current_context().find_root().params.get("project")
    return find_project(Path.cwd(), explicit)


@click.group(cls=VNGroup)
@click.option(
    "--project",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="THƯ_MỤC",
    default=None,
    help="Thư mục dự án (có _config.yml và _toc.yml); mặc định: tìm từ thư mục hiện tại trở lên.",
)
def main(project: Path | None) -> None:
    """Sách báo cáo khuyến công: dựng lại toàn bộ báo cáo năm từ dữ liệu."""
    import atexit
    import gc

    from khuyencong.core.timing import record_on_exit

    record_on_exit()  # KHUYENCONG_TIMINGS: where the time went, for the benchmark
    # When the process ends, spare the interpreter's last garbage collection over everything
    # a build holds (a quarter of a second); the exit handlers still run, nothing is skipped.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


@main.command()
@_province_option(default="son-la", show_default=True)
@click.option(
    "--year",
    type=YEAR,
    default=None,
    help="Năm báo cáo (mặc định: năm gần nhất có đủ dữ liệu của tỉnh: kinh phí và văn bản).",
)
@click.option(
    "--period",
    default=None,
    metavar="GIAI_ĐOẠN",
    help="Báo cáo tổng kết (sơ kết) một giai đoạn thay cho báo cáo năm, ví dụ 2016-2020, 2026-2028.",
)
@_DATA_DIR_OPTION
@_OUT_OPTION
@_JOBS_OPTION
@_STRICT_OPTION
@_FORMAT_OPTION
def build(
    province: str,
    year: int | None,
    period: str | None,
    data_dir: Path | None,
    out_root: Path | None,
    jobs: int | None,
    strict: bool,
    fmt: str,
) -> None:
    """Kiểm tra dữ liệu, chạy các chương, dựng và xuất bản một ấn phẩm."""
    where = _paths(data_dir, out_root)
    request = edition_request(
        province, year, period, where, {"fmt": fmt, "strict": strict, "jobs": jobs}
    )
    site = _unchanged(request, where)
    if site is not None:
        echo_unchanged(site)
    else:
        site = _build(request, where)
    click.echo(f"Xong: {site / 'index.html'}")
    if request.with_pdf:
        click.echo(f"Bản in: {site / request.edition.pdf_file}")


def _build(request: BuildRequest, where: ProjectPaths) -> Path:
    from khuyencong.pipeline.warmup import warm_up

    warm_up(request, where)  # the kernels start while the pipeline is imported
    from khuyencong.outputs.office_warm import office_session
    from khuyencong.pipeline.build import build_edition

    with office_session(where.out_root, say=click.echo):  # one LibreOffice for the command
        return build_edition(request, where, say=click.echo)


def _unchanged(request: BuildRequest, where: ProjectPaths) -> Path | None:
    """The published folder if it was built from exactly these inputs (hashes only), else None."""
    from khuyencong.pipeline.fastpath import published_unchanged

    try:
        return published_unchanged(request, where)
    except (KhuyenCongError, OSError):
        return None  # the full build reports the problem


def _paths(data_dir: Path | None = None, out_root: Path | None = None) -> ProjectPaths:
    """The project's folders, from --project (or the current folder), --data-dir and --out."""
    from khuyencong.core.request import ProjectPaths

    return ProjectPaths.resolve(_project_root(), data_dir, out_root)


def _data_dir(data_dir: Path | None) -> Path:
    """--data-dir as given (no project needed), else the project's own."""
    return Path(data_dir) if data_dir is not None else _paths().data_dir


@main.command("new-year")
@_province_option(required=True)
@click.option("--year", type=YEAR, required=True, help="Năm báo cáo mới.")
@_DATA_DIR_OPTION
def new_year(province: str, year: int, data_dir: Path | None) -> None:
    """Tạo bản nháp số liệu một năm mới (data/drafts/<tỉnh>-<năm>/), điền sẵn theo chương trình."""
    from khuyencong.core.locking import data_lock
    from khuyencong.figures.rules.progress import shortfalls_into  # earlier years' shortfalls
    from khuyencong.inputs.scaffold import write_draft

    folder = _data_dir(data_dir)
    with data_lock(folder, click.echo, shared=True):  # after an interrupted import: recovered
        written = write_draft(folder, province, year, carried=shortfalls_into)
    click.echo(f"Đã tạo bản nháp {province} năm {year}:")
    for path in written:
        click.echo(f"  {path}")
    click.echo(
        f"Tiếp theo: khuyencong template --province {province} --year {year}, điền sổ Excel, "
        "rồi khuyencong import <tệp.xlsx>."
    )


@main.command("add-province")
@_province_option(required=True)
@click.option("--name", required=True, metavar="TÊN", help='Tên tỉnh như in, ví dụ "Sơn La".')
@click.option("--region", metavar="MÃ_VÙNG", default=None, help="Mã vùng khuyến công (nếu có).")
@click.option("--admin-header", metavar="TÊN", default=None, help='Dòng 1 tiêu đề, "UBND TỈNH …".')
@click.option("--department", metavar="TÊN", default=None, help='Dòng 2, "SỞ CÔNG THƯƠNG".')
@_DATA_DIR_OPTION
def add_province_(
    province: str,
    name: str,
    region: str | None,
    admin_header: str | None,
    department: str | None,
    data_dir: Path | None,
) -> None:
    """Khai báo một tỉnh mới (entities.csv), không phải sửa tệp CSV bằng tay."""
    from khuyencong.inputs.declarations import add_province

    path = add_province(_data_dir(data_dir), province, name, region, admin_header, department)
    click.echo(f"Đã khai báo tỉnh {name} ({province}) trong {path.name}.")
    click.echo(f"Tiếp theo: khuyencong new-year --province {province} --year <năm>.")


@main.command("add-source")
@click.option("--source", "source_id", required=True, metavar="MÃ", help="Mã nguồn (slug).")
@click.option(
    "--kind",
    type=VNChoice(["news", "decision", "authored"]),
    required=True,
    help="Loại: news (bài báo, báo cáo), decision (quyết định), authored (đơn vị soạn thảo).",
)
@click.option("--title", required=True, metavar="TÊN", help="Tên văn bản, ví dụ số và trích yếu.")
@click.option("--published", metavar="NGÀY", default=None, help="Ngày ban hành, YYYY-MM-DD.")
@click.option("--publisher", metavar="TÊN", default=None, help="Cơ quan ban hành.")
@_DATA_DIR_OPTION
def add_source_(
    source_id: str,
    kind: str,
    title: str,
    published: str | None,
    publisher: str | None,
    data_dir: Path | None,
) -> None:
    """Khai báo một tài liệu nguồn (sources.csv) để số liệu ghi được nguồn của mình."""
    from khuyencong.inputs.declarations import add_source

    path = add_source(_data_dir(data_dir), source_id, kind, title, published, publisher)
    click.echo(f"Đã khai báo nguồn {source_id} trong {path.name}.")


@main.command()
@_province_option(required=True)
@click.option("--year", type=YEAR, required=True, help="Năm báo cáo.")
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    metavar="TỆP_XLSX",
    default=None,
    help="Tệp Excel cần tạo (mặc định <tỉnh>-<năm>.xlsx).",
)
@click.option("--force", is_flag=True, help="Ghi đè tệp Excel đã có.")
@_DATA_DIR_OPTION
def template(
    province: str, year: int, out: Path | None, force: bool, data_dir: Path | None
) -> None:
    """Tạo sổ Excel để điền số liệu và văn bản của một tỉnh, một năm."""
    from khuyencong.core.edition import check_parameters
    from khuyencong.core.locking import data_lock
    from khuyencong.figures.rules.progress import shortfalls_into
    from khuyencong.inputs.workbook import write_template

    out = out or Path(check_parameters(province, year).workbook_file)
    folder = _data_dir(data_dir)
    with data_lock(folder, click.echo, shared=True):  # after an interrupted import: recovered
        path, inputs = write_template(
            folder, province, year, out, force=force, carried=shortfalls_into
        )
    origin = {"data": "số liệu hiện có", "draft": "bản nháp", "scaffold": "kế hoạch chương trình"}
    click.echo(f"Đã tạo sổ {path} (điền sẵn theo {origin[inputs.origin]}).")
    click.echo(f"Điền xong, chạy: khuyencong import {path}")


@main.command("import")
@click.argument(
    "workbook", type=click.Path(path_type=Path, exists=True, dir_okay=False), metavar="TỆP_XLSX"
)
@_DATA_DIR_OPTION
@click.option(
    "--replace-empty",
    is_flag=True,
    help="Cho phép một trang trống xoá hết các dòng của tỉnh, năm đó trong bảng tương ứng.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Không nhập nếu số liệu không đạt một quy tắc nhất quán (như build --strict).",
)
def import_(workbook: Path, data_dir: Path | None, replace_empty: bool, strict: bool) -> None:
    """Kiểm tra sổ Excel rồi ghi số liệu, văn bản của tỉnh, năm trong sổ vào thư mục dữ liệu."""
    from khuyencong.pipeline.importing import import_workbook

    report = import_workbook(
        workbook, _data_dir(data_dir), replace_empty=replace_empty, say=click.echo, strict=strict
    )
    echo_warnings(report.warnings)
    rows = ", ".join(f"{n} dòng {t}" for t, n in report.rows.items())
    click.echo(f"Đã nhập {report.province} năm {report.year}: {rows}.")
    if report.files:
        for path in report.files:
            click.echo(f"  đã ghi {path}")
    else:
        click.echo("  dữ liệu không thay đổi.")
    if report.backup:
        click.echo(
            f"  bản cũ lưu tại .backup/{report.backup} (khôi phục: khuyencong restore {report.backup})"
        )
    click.echo(f"Tiếp theo: khuyencong build --province {report.province} --year {report.year}")


@main.command()
@click.argument("name", required=False, metavar="[TÊN]")
@_DATA_DIR_OPTION
def restore(name: str | None, data_dir: Path | None) -> None:
    """Liệt kê các bản sao lưu dữ liệu (do import tạo), hoặc khôi phục bản TÊN."""
    from khuyencong.core.locking import data_lock
    from khuyencong.inputs.backup import list_backups, restore_backup

    folder = _data_dir(data_dir)
    if name is None:
        with data_lock(folder, click.echo, shared=True):  # an interrupted import finished
            backups = list_backups(folder)
        if not backups:
            click.echo("Chưa có bản sao lưu nào.")
        for b in backups:
            click.echo(f"  {b.name}  {b.reason}: {', '.join(b.replaced + b.created)}")
        return
    with data_lock(folder, click.echo):
        chosen, undo = restore_backup(folder, name)
    click.echo(f"Đã khôi phục {chosen.name}: {', '.join(chosen.replaced + chosen.created)}.")
    click.echo(f"Bản trước khi khôi phục lưu tại .backup/{undo.name}.")


@main.command()
@_OUT_OPTION
@click.option(
    "--cache-only",
    is_flag=True,
    help="Chỉ xoá bộ nhớ đệm các chương và thư mục dựng tạm; ấn phẩm không đổi vẫn được giữ nguyên.",
)
def clean(out_root: Path | None, cache_only: bool) -> None:
    """Xoá những gì giúp lần dựng sau bỏ qua việc, để lần dựng sau dựng lại từ đầu (không xoá ấn phẩm đã xuất bản)."""
    from khuyencong.pipeline.cleaning import clean_build

    root = _paths(None, out_root).out_root
    clean_build(root, cache_only)
    if cache_only:
        click.echo(f"Đã xoá bộ nhớ đệm và thư mục tạm trong {root}")
    else:
        click.echo(
            f"Đã xoá bộ nhớ đệm và thư mục tạm trong {root}, cùng bản chụp dữ liệu và dấu ghi "
            "nhận của các ấn phẩm: lần dựng sau sẽ dựng lại từ đầu."
        )


@main.command("publish")
@click.option(
    "--edition",
    "editions",
    multiple=True,
    metavar="TỈNH/NĂM",
    help="Ấn phẩm cần dựng, dạng tỉnh/năm hoặc tỉnh/giai đoạn (lặp lại được); mặc định: mọi ấn phẩm có dữ liệu.",
)
@_DATA_DIR_OPTION
@_OUT_OPTION
@_JOBS_OPTION
@_STRICT_OPTION
@_FORMAT_OPTION
@click.option(
    "--base-url",
    default=None,
    metavar="ĐỊA_CHỈ",
    help="Địa chỉ gốc nơi đặt trang; chỉ dùng cho địa chỉ chuẩn (canonical) của từng trang, liên kết luôn tương đối.",
)
@click.option(
    "--shard",
    default=None,
    metavar="K/N",
    help="Chỉ dựng phần thứ K trong N phần của các ấn phẩm (chia việc cho nhiều máy), không dựng trang chủ.",
)
@click.option(
    "--merge",
    "merge",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    metavar="THƯ_MỤC",
    help="Gộp các ấn phẩm từ thư mục site/ của từng phần (lặp lại được) rồi dựng trang chủ; không dựng lại.",
)
def publish(
    editions: tuple[str, ...],
    data_dir: Path | None,
    out_root: Path | None,
    jobs: int | None,
    strict: bool,
    fmt: str,
    base_url: str | None,
    shard: str | None,
    merge: tuple[Path, ...],
) -> None:
    """Dựng mọi ấn phẩm (tỉnh × năm) có dữ liệu và trang chủ liệt kê chúng."""
    from khuyencong.core.request import PublishRequest
    from khuyencong.outputs.office_warm import office_session
    from khuyencong.pipeline.shards import parse_shard
    from khuyencong.pipeline.site import merge_shards, publish_all

    where = _paths(data_dir, out_root)
    if merge:
        home = merge_shards(where, list(merge), say=click.echo)
    else:
        part = parse_shard(shard) if shard else None
        options = {"fmt": fmt, "strict": strict, "jobs": jobs, "base_url": base_url}
        request = PublishRequest.of(editions, shard=part, **options)
        with office_session(where.out_root, say=click.echo):  # one LibreOffice for all
            home = publish_all(where, request, say=click.echo)
    click.echo(f"Xong: {home}")
