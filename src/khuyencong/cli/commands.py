"""Command line: parses options and delegates; errors become one clear message and an exit code."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from khuyencong.cli.messages import JOBS, YEAR, VNChoice, VNGroup
from khuyencong.core.request import FORMATS

# Heavy libraries (pandas, papermill, matplotlib) are imported inside the commands that
# need them, so that `--help` and "nothing changed" answer at once (see fastpath.py).
from khuyencong.errors import KhuyenCongError

if TYPE_CHECKING:
    from khuyencong.core.request import BuildRequest, ProjectPaths


# Options shared by several commands.
def _folder_option(*names: str, help: str):
    """An option naming a folder; left out, the project's own (see request.ProjectPaths)."""
    return click.option(
        *names, type=click.Path(path_type=Path), metavar="THƯ_MỤC", default=None, help=help
    )


_DATA_DIR_OPTION = _folder_option("--data-dir", help="Thư mục dữ liệu (mặc định data/).")
_OUT_OPTION = _folder_option("--out", "out_root", help="Thư mục kết quả (mặc định _build/).")
_JOBS_OPTION = click.option(
    "--jobs", type=JOBS, default=None, help="Số chương chạy song song (mặc định: số lõi CPU)."
)
_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=VNChoice(list(FORMATS)),
    default="all",
    show_default=True,
    help="html: trang web; pdf: bản in <tỉnh>-<năm>.pdf; all: cả hai (trang web có liên kết tải PDF).",
)


def _province_option(**kwargs):
    """`--province`: the edition's province code, as the data names it."""
    return click.option(
        "--province", metavar="MÃ_TỈNH", help="Mã tỉnh (slug), ví dụ son-la.", **kwargs
    )


def _project_root() -> Path:
    """The project given by --project, else found from the current folder upwards."""
    from khuyencong.core.project import find_project

    explicit = click.get_current_context().find_root().params.get("project")
    try:
        return find_project(Path.cwd(), explicit)
    except KhuyenCongError as exc:
        _fail(exc)


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


@main.command()
@_province_option(default="son-la", show_default=True)
@click.option(
    "--year",
    type=YEAR,
    default=None,
    help="Năm báo cáo (mặc định: năm gần nhất có đủ dữ liệu của tỉnh: kinh phí và văn bản).",
)
@_DATA_DIR_OPTION
@_OUT_OPTION
@_JOBS_OPTION
@click.option(
    "--strict", is_flag=True, help="Không xuất bản nếu có con số công bố bị lệch so với dữ liệu."
)
@_FORMAT_OPTION
def build(
    province: str,
    year: int | None,
    data_dir: Path | None,
    out_root: Path | None,
    jobs: int | None,
    strict: bool,
    fmt: str,
) -> None:
    """Kiểm tra dữ liệu, chạy các chương, dựng và xuất bản một ấn phẩm."""
    from khuyencong.core.request import BuildRequest

    where = _paths(data_dir, out_root)
    try:
        if year is None:
            year = _latest_year(province, where)
            click.echo(f"Năm báo cáo: {year} (năm gần nhất có đủ dữ liệu của {province}).")
        request = BuildRequest.of(province, year, fmt=fmt, strict=strict, jobs=jobs)
    except KhuyenCongError as exc:
        _fail(exc)
    site = _unchanged(request, where)
    if site is not None:
        click.echo("Không có gì thay đổi: giữ nguyên ấn phẩm đã xuất bản.")
        _repeat_rule_warnings(site)
    else:
        site = _build(request, where)
    click.echo(f"Xong: {site / 'index.html'}")
    if request.with_pdf:
        click.echo(f"Bản in: {site / request.edition.pdf_file}")


def _repeat_rule_warnings(site: Path) -> None:
    """The rules' warnings of the published edition: its báo cáo is still a draft."""
    note = site / ".khuyencong-rules"  # pipeline.build.RULES_NOTE, read without importing pandas
    text = note.read_text(encoding="utf-8") if note.is_file() else ""
    for line in text.splitlines():
        click.echo(line)


def _build(request: BuildRequest, where: ProjectPaths) -> Path:
    from khuyencong.pipeline.build import build_edition

    try:
        return build_edition(request, where, say=click.echo)
    except KhuyenCongError as exc:
        _fail(exc)


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


def _latest_year(province: str, where: ProjectPaths) -> int:
    """From the files when they tell (no pandas, so "nothing changed" stays fast); otherwise
    from the validated data, which also names what is missing."""
    from khuyencong.core.edition import check_province
    from khuyencong.pipeline.fastpath import latest_year_from_files

    found = latest_year_from_files(where.data_dir, check_province(province))
    if found is not None:
        return found
    from khuyencong.inputs.availability import latest_year
    from khuyencong.inputs.dataset import load_dataset
    from khuyencong.inputs.snapshot import read_snapshot

    data = read_snapshot(where.data_dir, where.snapshots)
    return latest_year(data if data is not None else load_dataset(where.data_dir), province)


def _fail(exc: KhuyenCongError) -> NoReturn:
    click.echo(f"Lỗi: {exc}", err=True)
    sys.exit(exc.exit_code)


@main.command("new-year")
@_province_option(required=True)
@click.option("--year", type=YEAR, required=True, help="Năm báo cáo mới.")
@_DATA_DIR_OPTION
def new_year(province: str, year: int, data_dir: Path | None) -> None:
    """Tạo bản nháp số liệu một năm mới (data/drafts/<tỉnh>-<năm>/), điền sẵn theo chương trình."""
    from khuyencong.figures.rules.progress import shortfalls_into
    from khuyencong.inputs.scaffold import write_draft

    try:  # the year's plan plus what the programme's earlier years left undone
        written = write_draft(_data_dir(data_dir), province, year, carried=shortfalls_into)
    except KhuyenCongError as exc:
        _fail(exc)
    click.echo(f"Đã tạo bản nháp {province} năm {year}:")
    for path in written:
        click.echo(f"  {path}")
    click.echo(
        f"Tiếp theo: khuyencong template --province {province} --year {year}, điền sổ Excel, "
        "rồi khuyencong import <tệp.xlsx>."
    )


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
    from khuyencong.figures.rules.progress import shortfalls_into
    from khuyencong.inputs.workbook import write_template

    out = out or Path(f"{province}-{year}.xlsx")
    try:
        path, inputs = write_template(
            _data_dir(data_dir), province, year, out, force=force, carried=shortfalls_into
        )
    except KhuyenCongError as exc:
        _fail(exc)
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

    try:
        report = import_workbook(
            workbook,
            _data_dir(data_dir),
            replace_empty=replace_empty,
            say=click.echo,
            strict=strict,
        )
    except KhuyenCongError as exc:
        _fail(exc)
    if report.warnings:
        click.echo(f"Cảnh báo: {len(report.warnings)} điểm không đạt quy tắc nhất quán:", err=True)
        for problem in report.warnings:
            click.echo(f"  {problem}", err=True)
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
        backups = list_backups(folder)
        if not backups:
            click.echo("Chưa có bản sao lưu nào.")
        for b in backups:
            click.echo(f"  {b.name}  {b.reason}: {', '.join(b.replaced + b.created)}")
        return
    try:
        with data_lock(folder, click.echo):
            chosen, undo = restore_backup(folder, name)
    except KhuyenCongError as exc:
        _fail(exc)
    click.echo(f"Đã khôi phục {chosen.name}: {', '.join(chosen.replaced + chosen.created)}.")
    click.echo(f"Bản trước khi khôi phục lưu tại .backup/{undo.name}.")


@main.command()
@_OUT_OPTION
def clean(out_root: Path | None) -> None:
    """Xoá bộ nhớ đệm các chương đã chạy và thư mục dựng tạm (không xoá ấn phẩm đã xuất bản)."""
    from khuyencong.core.cache import Cache

    root = Path(out_root) if out_root is not None else _paths().out_root
    Cache(root / "cache").clear()
    shutil.rmtree(root / "staging", ignore_errors=True)
    click.echo(f"Đã xoá bộ nhớ đệm và thư mục tạm trong {root}")


@main.command("publish")
@click.option(
    "--edition",
    "editions",
    multiple=True,
    metavar="TỈNH/NĂM",
    help="Ấn phẩm cần dựng, dạng tỉnh/năm (lặp lại được); mặc định: mọi ấn phẩm có dữ liệu.",
)
@_DATA_DIR_OPTION
@_OUT_OPTION
@_FORMAT_OPTION
@_JOBS_OPTION
@click.option(
    "--base-url",
    default=None,
    metavar="ĐỊA_CHỈ",
    help="Địa chỉ gốc nơi đặt trang; chỉ dùng cho địa chỉ chuẩn (canonical) của từng trang, liên kết luôn tương đối.",
)
def publish(
    editions: tuple[str, ...],
    data_dir: Path | None,
    out_root: Path | None,
    fmt: str,
    jobs: int | None,
    base_url: str | None,
) -> None:
    """Dựng mọi ấn phẩm (tỉnh × năm) có dữ liệu và trang chủ liệt kê chúng."""
    from khuyencong.pipeline.site import parse_editions, publish_all

    try:
        chosen = parse_editions(list(editions)) if editions else None
        home = publish_all(
            _paths(data_dir, out_root), chosen, fmt, jobs, say=click.echo, base_url=base_url
        )
    except KhuyenCongError as exc:
        _fail(exc)
    click.echo(f"Xong: {home}")
