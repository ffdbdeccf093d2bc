"""Command line: parses options and delegates; errors become one clear message and an exit code."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from khuyencong.build import build_edition
from khuyencong.errors import KhuyenCongError


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
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Thư mục dữ liệu (mặc định data/).",
)
@click.option(
    "--out",
    "out_root",
    type=click.Path(path_type=Path),
    default=None,
    help="Thư mục kết quả (mặc định _build/).",
)
@click.option(
    "--jobs", type=int, default=None, help="Số chương chạy song song (mặc định: số lõi CPU)."
)
@click.option(
    "--strict", is_flag=True, help="Không xuất bản nếu có con số công bố bị lệch so với dữ liệu."
)
def build(
    province: str,
    year: int,
    data_dir: Path | None,
    out_root: Path | None,
    jobs: int | None,
    strict: bool,
) -> None:
    """Kiểm tra dữ liệu, chạy các chương, dựng và xuất bản một ấn phẩm."""
    try:
        site = build_edition(
            _project_root(), province, year, data_dir, out_root, jobs, say=click.echo, strict=strict
        )
    except KhuyenCongError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"Xong: {site / 'index.html'}")
