"""The report's lists: the year's đề án / nhiệm vụ (data/tasks.csv) and the products recognised
in the award round (data/award_products.csv), each as an annex with its "Tổng cộng" row.

Without a list for the year the annex is still there, with a row of visible gaps to fill,
whenever the data says there was something to list (tasks in the funding table, products
recognised); the body refers to it, and never says that a list is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.content.report.model import (
    Block,
    Column,
    Section,
    add_annex,
    gap_row,
    numeric_table,
)
from khuyencong.figures import facts
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import optional_number
from khuyencong.figures.formatting import fmt_money
from khuyencong.figures.rules import SOURCE_LABELS

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

TASK_STATUS_LABELS = {
    "phe-duyet": "Đã phê duyệt",
    "dang-thuc-hien": "Đang thực hiện",
    "nghiem-thu": "Đã nghiệm thu",
    "quyet-toan": "Đã quyết toán",
}
MONEY = "Kinh phí (triệu đồng)"
TASKS_NOTE = (
    "Nhập danh mục đề án, nhiệm vụ của năm ở trang “Nhiệm vụ” của sổ Excel (mỗi nhiệm vụ một "
    "dòng: tên, đơn vị thụ hưởng, xã/phường, nội dung, nguồn, kinh phí hỗ trợ, vốn đối ứng, "
    "tình trạng, quyết định phê duyệt)."
)
PRODUCTS_NOTE = (
    "Nhập các sản phẩm được công nhận ở trang “Sản phẩm được công nhận” của sổ Excel (sản "
    "phẩm, cơ sở sản xuất, nhóm, quyết định công nhận)."
)
TASK_COLUMNS = (
    Column("TT", 5, "number"),  # a number: "Tổng cộng" goes under the name
    Column("Tên đề án, nhiệm vụ", 26),
    Column("Đơn vị thụ hưởng", 16),
    Column("Xã, phường", 10),
    Column("Nội dung", 18),
    Column("Nguồn kinh phí", 11),
    Column("Hỗ trợ", 9, "number", MONEY, summed=True),
    Column("Vốn đối ứng", 9, "number", MONEY, summed=True),
    Column("Tình trạng", 10),
    Column("Quyết định phê duyệt", 14),
)
PRODUCT_COLUMNS = (
    Column("TT", 6),
    Column("Tên sản phẩm", 34),
    Column("Cơ sở sản xuất", 30),
    Column("Nhóm sản phẩm", 10),
    Column("Quyết định công nhận", 20),
)


def tasks_annex(data: Dataset, province: str, year: int, annexes: list[Section]) -> list[Block]:
    """The body's paragraph on the year's tasks, their annex added to `annexes`; nothing when
    the year has neither a register nor tasks in its funding rows."""
    tasks = facts.tasks_of_year(data, province, year)
    counted = m.funding_totals(data.funding, province, year)["tasks"]
    title = f"Danh mục đề án, nhiệm vụ khuyến công năm {year}"
    if tasks.empty:
        if not counted:
            return []
        table = numeric_table(f"{title} (kinh phí: triệu đồng)", TASK_COLUMNS, [], False)
        table.rows.append(gap_row(TASK_COLUMNS, TASKS_NOTE))
        label = add_annex(table, title, annexes)
        return [f"Danh mục {facts.count_phrase(counted, 'nhiệm vụ')} tại {label}."]
    names = data.activities.set_index("activity")["name_vi"]
    rows = [
        [
            i + 1,
            r.name,
            r.beneficiary,
            _text(r.commune),
            str(names.get(r.activity, r.activity)),
            SOURCE_LABELS[str(r.fund_source)],
            optional_number(r.support),
            optional_number(r.counterpart),
            TASK_STATUS_LABELS.get(str(r.status), str(r.status)),
            _text(r.decision),
        ]
        for i, r in enumerate(tasks.itertuples())
    ]
    table = numeric_table(f"{title} (kinh phí: triệu đồng)", TASK_COLUMNS, rows)
    label = add_annex(table, title, annexes)
    support = float(tasks["support"].sum())
    counterpart = tasks["counterpart"].sum(min_count=1)
    sentence = (
        f"Danh mục {facts.count_phrase(len(tasks), 'nhiệm vụ')} tại {label}, với tổng kinh phí "
        f"khuyến công hỗ trợ {fmt_money(support)}"
    )
    if pd.notna(counterpart):  # some task states its counterpart capital
        sentence += f"; vốn đối ứng của các đơn vị thụ hưởng {fmt_money(float(counterpart))}"
    return [sentence + "."]


def products_annex(data: Dataset, province: str, year: int, annexes: list[Section]) -> list[Block]:
    """The body's reference to the recognised products' annex; nothing without an award round
    that recognised any."""
    awards = m.awards_for(data.awards, province, year)
    recognised = int(awards["recognised"].sum()) if len(awards) else 0
    if not recognised:
        return []
    products = facts.products_of_year(data, province, year)
    title = f"Danh sách sản phẩm công nghiệp nông thôn tiêu biểu được công nhận năm {year}"
    rows = [
        [str(i + 1), r.product, r.producer, f"Nhóm {r.group}", _text(r.decision)]
        for i, r in enumerate(products.itertuples())
    ]
    table = numeric_table(title, PRODUCT_COLUMNS, rows, False)
    if rows:
        n = facts.count_phrase(len(rows), "sản phẩm")
        table.rows.append(["", "Tổng cộng", n, "", ""])
    else:
        table.rows.append(gap_row(PRODUCT_COLUMNS, PRODUCTS_NOTE))
    label = add_annex(table, title, annexes)
    return [f"Danh sách các sản phẩm được công nhận tại {label}."]


def _text(value: object) -> str:
    """An optional text cell: empty when the data leaves it empty."""
    return "" if value is None or value != value else str(value)
