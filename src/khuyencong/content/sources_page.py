"""The "Nguồn tài liệu" page, generated from `sources.csv` for each edition.

Nothing on it is typed by hand: the list of sources, their dates and notes come from the data,
so the page never copies a figure that could drift from the tables.
"""

from __future__ import annotations

from pathlib import Path

from khuyencong.content.markdown import esc
from khuyencong.core.unchanged import write_if_changed
from khuyencong.figures.formatting import fmt_date

KIND_LABELS = {"news": "Bài báo", "decision": "Quyết định", "authored": "Đơn vị soạn thảo"}
INTRO = """# Nguồn tài liệu

Mọi con số trong báo cáo này đều mang một **mã nguồn**. Mã nguồn cho biết con số được lấy từ câu văn
hay ô bảng nào của tài liệu nào, hoặc là nội dung do đơn vị soạn thảo đưa vào. Một con số không có mã
nguồn thì không được đưa vào báo cáo. Khi cần kiểm tra, người đọc tra mã nguồn trong bảng dưới đây rồi
đối chiếu với tài liệu gốc; các đoạn trích nguyên văn đi kèm số liệu giúp tìm đúng câu trong tài liệu.
"""
NOTES = """## Lưu ý khi dùng các nguồn

- **Con số "hơn …"** được ghi là cận dưới, không phải giá trị chính xác.
- **Các tỷ lệ, tỷ trọng và tổng cộng** mà tài liệu in ra được lưu riêng và đối chiếu với số tính lại từ
  dữ liệu đầu vào (chương "Đối soát số liệu"). Tỷ lệ tài liệu tính từ số chưa làm tròn có thể lệch ở chữ
  số cuối so với số tính lại từ số đã làm tròn.
- **Văn bản của báo cáo** (chính sách, kết quả, hạn chế, nhiệm vụ, giải pháp) được diễn đạt lại hoặc
  trích nguyên văn từ tài liệu nguồn, mỗi phần ghi rõ mã nguồn.
"""


def _cell(value: object) -> str:
    return esc(str(value)) if isinstance(value, str) and value.strip() else "không ghi"


def sources_markdown(data) -> str:
    """The whole page: introduction, one table row per source, the general notes."""
    rows = [
        "| Mã nguồn | Loại | Tài liệu | Ngày | Cơ quan ban hành, đăng tải | Ghi chú |",
        "|---|---|---|---|---|---|",
    ]
    for r in data.sources.itertuples():
        published = fmt_date(r.published) if isinstance(r.published, str) and r.published else None
        rows.append(
            f"| `{r.source_id}` | {KIND_LABELS.get(r.kind, esc(r.kind))} | {esc(r.title)} | "
            f"{published or 'không ghi'} | {_cell(r.publisher)} | {_cell(r.note)} |"
        )
    return "\n".join([INTRO, "## Danh mục nguồn", "", *rows, "", NOTES])


PAGE = Path("book", "sources.md")  # in the staging folder; the project's copy is a placeholder


def write_sources_page(data, staging: Path) -> Path:
    """Write the generated page over the staged `book/sources.md` (only when it changes)."""
    return write_if_changed(staging / PAGE, sources_markdown(data).encode("utf-8"))
