"""Command line: parses options and delegates; errors become one clear message and an exit code."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from khuyencong.build import build_edition
from khuyencong.errors import KhuyenCongError

# Options shared by several commands.
_DATA_DIR_OPTION = click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Thư mục dữ liệu (mặc định data/).",
)
_OUT_OPTION = click.option(
    "--out",
    "out_root",
    type=click.Path(path_type=Path),
    default=None,
    help="Thư mục kết quả (mặc định _build/).",
)
_JOBS_OPTION = click.option(
    "--jobs", type=int, default=None, help="Số chương chạy song song (mặc định: số lõi CPU)."
)
_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "all"]),
    default="all",
    show_default=True,
    help="html: trang web; pdf: bản in <tỉnh>-<năm>.pdf; all: cả hai (trang web có liên kết tải PDF).",
)


def _project_root() -> Path:
    return Path.cwd()


@click.group()
def main() -> None:
    """Sách báo cáo khuyến công: dựng lại toàn bộ báo cáo năm từ dữ liệu."""


@main.command()
@click.option(
    "--province", default="son-la", show_default=True, help="Mã tỉnh (slug), ví dụ son-la."
)
@click.option("--year", type=int, default=2025, show_default=True, help="Năm báo cáo.")
@_DATA_DIR_OPTION
@_OUT_OPTION
@_JOBS_OPTION
@click.option(
    "--strict", is_flag=True, help="Không xuất bản nếu có con số công bố bị lệch so với dữ liệu."
)
@_FORMAT_OPTION
def build(
    province: str,
    year: int,
    data_dir: Path | None,
    out_root: Path | None,
    jobs: int | None,
    strict: bool,
    fmt: str,
) -> None:
    """Kiểm tra dữ liệu, chạy các chương, dựng và xuất bản một ấn phẩm."""
    try:
        site = build_edition(
            _project_root(),
            province,
            year,
            data_dir,
            out_root,
            jobs,
            say=click.echo,
            strict=strict,
            fmt=fmt,
        )
    except KhuyenCongError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"Xong: {site / 'index.html'}")
    if fmt != "html":
        click.echo(f"Bản in: {site / f'{province}-{year}.pdf'}")


def _data_dir(data_dir: Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else _project_root() / "data"


def _fail(exc: KhuyenCongError) -> None:
    click.echo(f"Lỗi: {exc}", err=True)
    sys.exit(exc.exit_code)


@main.command("new-year")
@click.option("--province", required=True, help="Mã tỉnh (slug), ví dụ son-la.")
@click.option("--year", type=int, required=True, help="Năm báo cáo mới.")
@_DATA_DIR_OPTION
def new_year(province: str, year: int, data_dir: Path | None) -> None:
    """Tạo bản nháp số liệu một năm mới (data/drafts/<tỉnh>-<năm>/), điền sẵn theo chương trình."""
    from khuyencong.scaffold import write_draft

    try:
        written = write_draft(_data_dir(data_dir), province, year)
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
@click.option("--province", required=True, help="Mã tỉnh (slug), ví dụ son-la.")
@click.option("--year", type=int, required=True, help="Năm báo cáo.")
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Tệp Excel cần tạo (mặc định <tỉnh>-<năm>.xlsx).",
)
@click.option("--force", is_flag=True, help="Ghi đè tệp Excel đã có.")
@_DATA_DIR_OPTION
def template(
    province: str, year: int, out: Path | None, force: bool, data_dir: Path | None
) -> None:
    """Tạo sổ Excel để điền số liệu và văn bản của một tỉnh, một năm."""
    from khuyencong.workbook import write_template

    out = out or Path(f"{province}-{year}.xlsx")
    try:
        path, inputs = write_template(_data_dir(data_dir), province, year, out, force=force)
    except KhuyenCongError as exc:
        _fail(exc)
    origin = {"data": "số liệu hiện có", "draft": "bản nháp", "scaffold": "kế hoạch chương trình"}
    click.echo(f"Đã tạo sổ {path} (điền sẵn theo {origin[inputs.origin]}).")
    click.echo(f"Điền xong, chạy: khuyencong import {path}")


@main.command("import")
@click.argument("workbook", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@_DATA_DIR_OPTION
@click.option(
    "--strict",
    is_flag=True,
    help="Không nhập nếu số liệu không đạt một quy tắc nhất quán (như build --strict).",
)
def import_(workbook: Path, data_dir: Path | None, strict: bool) -> None:
    """Kiểm tra sổ Excel rồi ghi số liệu, văn bản của tỉnh, năm trong sổ vào thư mục dữ liệu."""
    from khuyencong.workbook import import_workbook

    try:
        report = import_workbook(workbook, _data_dir(data_dir), strict=strict)
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
    click.echo(f"Tiếp theo: khuyencong build --province {report.province} --year {report.year}")


@main.command()
@_OUT_OPTION
def clean(out_root: Path | None) -> None:
    """Xoá bộ nhớ đệm các chương đã chạy và thư mục dựng tạm (không xoá ấn phẩm đã xuất bản)."""
    from khuyencong.cache import Cache

    root = out_root or _project_root() / "_build"
    Cache(root / "cache").clear()
    shutil.rmtree(root / "staging", ignore_errors=True)
    click.echo(f"Đã xoá bộ nhớ đệm và thư mục tạm trong {root}")


@main.command("publish")
@click.option(
    "--edition",
    "editions",
    multiple=True,
    help="Ấn phẩm cần dựng, dạng tỉnh/năm (lặp lại được); mặc định: mọi ấn phẩm có dữ liệu.",
)
@_DATA_DIR_OPTION
@_OUT_OPTION
@_FORMAT_OPTION
@_JOBS_OPTION
@click.option(
    "--base-url",
    default=None,
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
    from khuyencong.site import parse_editions, publish_all

    try:
        chosen = parse_editions(list(editions)) if editions else None
        home = publish_all(
            _project_root(),
            data_dir,
            out_root,
            chosen,
            fmt,
            jobs,
            say=click.echo,
            base_url=base_url,
        )
    except KhuyenCongError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"Xong: {home}")
