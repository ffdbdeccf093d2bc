"""Options shared by several commands of the command line (cli/commands.py)."""

from __future__ import annotations

from pathlib import Path

import click

from khuyencong.cli.messages import JOBS, VNChoice
from khuyencong.core.request import FORMATS, BuildRequest, ProjectPaths


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

_STRICT_OPTION = click.option(
    "--strict", is_flag=True, help="Không xuất bản nếu có con số lệch hay quy tắc không đạt."
)


def _province_option(**kwargs):
    """`--province`: the edition's province code, as the data names it."""
    return click.option(
        "--province", metavar="MÃ_TỈNH", help="Mã tỉnh (slug), ví dụ son-la.", **kwargs
    )


def edition_request(
    province: str, year: int | None, period: str | None, where: ProjectPaths, options: dict
) -> BuildRequest:
    """The edition asked for: a period (`--period`), a year, or the latest ready year."""
    from khuyencong.errors import ParameterError

    if period is not None:
        if year is not None:
            raise ParameterError("Chỉ chọn một trong --year và --period.")
        return BuildRequest.of_period(province, period, **options)
    if year is None:
        from khuyencong.pipeline.fastpath import latest_year

        year = latest_year(province, where)
        click.echo(f"Năm báo cáo: {year} (năm gần nhất có đủ dữ liệu của {province}).")
    return BuildRequest.of(province, year, **options)
