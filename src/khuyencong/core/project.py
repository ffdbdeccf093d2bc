"""Where the project is: the folder holding `_config.yml` and `_toc.yml`, found from any subfolder."""

from __future__ import annotations

from pathlib import Path

from khuyencong.errors import ProjectNotFoundError

# Both files sit at the root of a book project; data/, notebooks/ and book/ are found from there.
MARKERS = ("_config.yml", "_toc.yml")


def is_project(folder: Path) -> bool:
    return all((folder / name).is_file() for name in MARKERS)


def find_project(start: Path, explicit: Path | None = None) -> Path:
    """`explicit` if it is a project, else the nearest folder from `start` upwards that is one."""
    if explicit is not None:
        folder = Path(explicit).resolve()
        if not is_project(folder):
            raise ProjectNotFoundError(
                f"Thư mục {folder} không phải thư mục dự án sách báo cáo khuyến công "
                f"(cần có {' và '.join(MARKERS)})."
            )
        return folder
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    raise ProjectNotFoundError(
        f"Không tìm thấy dự án sách báo cáo khuyến công từ thư mục {start} trở lên "
        f"(cần thư mục có {' và '.join(MARKERS)}). Hãy chuyển vào thư mục dự án "
        "hoặc chỉ rõ bằng tuỳ chọn --project."
    )
