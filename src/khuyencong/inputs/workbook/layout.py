"""The workbook's layout, shared by the writer and the reader: sheet names, rows, headers.

Each table sheet shows the contract's columns (those fixed by the province-year are not shown)
under Vietnamese headers with units; the column codes sit in a hidden first row.
"""

from __future__ import annotations

from khuyencong.inputs.datafiles import FIXED_COLUMNS
from khuyencong.inputs.schemas import TABLES, Col

GUIDE_SHEET = "Hướng dẫn"
TEXT_SHEET = "Văn bản"
LIST_SHEET = "Danh mục"
META_SHEET = "_thong_tin"
FORMAT = "khuyencong-workbook-1"
SHEETS = {
    "funding": "Kinh phí",
    "results": "Kết quả",
    "awards": "Bình chọn",
    "tasks": "Nhiệm vụ",
    "award_products": "Sản phẩm được công nhận",
}
OPTIONAL_SHEETS = (
    "tasks",
    "award_products",
)  # absent from older workbooks: tables kept as they are
# What each visible sheet is for, listed on the guide sheet (a sheet missing here is listed by
# its name alone, so a new sheet is never left out of the guide).
SHEET_PURPOSES = {
    "Kinh phí": "kinh phí được giao, đã thực hiện và số nhiệm vụ, mỗi nguồn một dòng",
    "Kết quả": "kết quả thực hiện, mỗi hoạt động, mỗi nguồn kinh phí một dòng",
    "Bình chọn": "bình chọn sản phẩm công nghiệp nông thôn tiêu biểu, mỗi cấp một dòng",
    "Nhiệm vụ": "danh mục đề án, nhiệm vụ của năm, mỗi nhiệm vụ một dòng (không bắt buộc)",
    "Sản phẩm được công nhận": "sản phẩm được công nhận trong kỳ bình chọn (không bắt buộc)",
    "Văn bản": "các đoạn văn của sách: chính sách, kết quả, hạn chế, nhiệm vụ, giải pháp",
    "Văn bản báo cáo": "số, ngày, nơi gửi, nơi nhận, người ký, nguyên nhân, kiến nghị của báo cáo",
    "Danh mục": "các mã được phép và ý nghĩa của chúng",
}
CODE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
SPARE_ROWS = 200  # empty rows below the data that carry the drop-down lists and number checks

# The column that explains a figure a plausibility rule questions (schemas.EXPLANATION).
EXPLANATION_HEADER = "Giải trình (số liệu vượt, thiếu, khác thường; nội dung chưa thực hiện)"

# Vietnamese header (with unit) of every contract column of the year tables.
HEADERS: dict[str, dict[str, str]] = {
    "funding": {
        "province": "Tỉnh",
        "year": "Năm",
        "fund_source": "Nguồn kinh phí",
        "allocated": "Kinh phí được giao (triệu đồng)",
        "disbursed": "Kinh phí đã thực hiện (triệu đồng)",
        "tasks": "Số nhiệm vụ, đề án đã thực hiện",
        "source_id": "Mã nguồn tài liệu",
        "note": "Ghi chú",
        "paid": "Kinh phí đã giải ngân trong năm (triệu đồng)",
        "explanation": EXPLANATION_HEADER,
    },
    "results": {
        "entity": "Tỉnh",
        "period_start": "Năm đầu kỳ",
        "period_end": "Năm cuối kỳ",
        "activity": "Mã hoạt động",
        "fund_source": "Nguồn kinh phí",
        "quantity": "Số lượng",
        "unit": "Đơn vị tính",
        "budget": "Kinh phí (triệu đồng)",
        "qualifier": "Mức độ chắc chắn",
        "source_id": "Mã nguồn tài liệu",
        "note": "Ghi chú",
        "explanation": EXPLANATION_HEADER,
    },
    "awards": {
        "province": "Tỉnh",
        "year": "Năm",
        "level": "Cấp bình chọn",
        "dossiers": "Số hồ sơ đăng ký (hồ sơ)",
        "units": "Số đơn vị đăng ký (cơ sở)",
        "eligible": "Số hồ sơ đủ điều kiện (hồ sơ)",
        "recognised": "Số sản phẩm được công nhận (sản phẩm)",
        "source_id": "Mã nguồn tài liệu",
    },
    "tasks": {
        "province": "Tỉnh",
        "year": "Năm",
        "code": "Số hiệu nhiệm vụ",
        "name": "Tên đề án, nhiệm vụ",
        "beneficiary": "Đơn vị thụ hưởng",
        "commune": "Xã, phường",
        "activity": "Mã hoạt động",
        "fund_source": "Nguồn kinh phí",
        "support": "Kinh phí hỗ trợ được duyệt (triệu đồng)",
        "counterpart": "Vốn đối ứng (triệu đồng)",
        "status": "Tình trạng",
        "decision": "Quyết định phê duyệt (số, ngày)",
        "source_id": "Mã nguồn tài liệu",
    },
    "award_products": {
        "province": "Tỉnh",
        "year": "Năm",
        "product": "Tên sản phẩm",
        "producer": "Cơ sở sản xuất",
        "group": "Nhóm sản phẩm",
        "decision": "Quyết định công nhận (số, ngày)",
        "source_id": "Mã nguồn tài liệu",
    },
}
TEXT_CODE_COLUMNS = ("section", "text")
TEXT_HEADERS = ("Mục", "Nội dung")
TEXT_SECTIONS = {
    "source_id": "Mã nguồn tài liệu của văn bản",
    "policies": "Chính sách ban hành trong năm",
    "results_narrative": "Kết quả đạt được",
    "limitations": "Tồn tại, hạn chế",
    "lessons": "Bài học kinh nghiệm",
    "priorities": "Nhiệm vụ, định hướng năm sau",
    "solutions": "Giải pháp",
}


def sheet_columns(table: str) -> list[Col]:
    """The contract columns a table sheet shows (those fixed by the province-year are not)."""
    return [c for c in TABLES[table].columns if c.name not in FIXED_COLUMNS[table]]
