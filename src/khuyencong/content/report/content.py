"""The report's content computed from the Dataset: pure, no file written.

Structure of a báo cáo kết quả công tác khuyến công (Nghị định 30/2020/NĐ-CP): heading,
subject, Kính gửi, I. results, II. limitations and causes, III. next year's tasks,
IV. recommendations, Nơi nhận and signature, annexes. What the data or the author has not
given stays a visible gap (`…`, "(chưa có)") and the report is a draft (DỰ THẢO).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from khuyencong.content.report import plans
from khuyencong.content.report.model import GAP, MISSING, Block, Report, Section, Table
from khuyencong.content.report.plans import programme_order
from khuyencong.figures import metrics as m
from khuyencong.figures.cells import number, optional_number
from khuyencong.figures.formatting import (
    fmt_count,
    fmt_money,
    fmt_number,
    fmt_percent,
    vn_long_date,
)
from khuyencong.figures.narrative import not_done
from khuyencong.figures.rules import rule_failures
from khuyencong.figures.rules.common import without_zero_rows, zero_rows
from khuyencong.inputs.availability import agency_heading, province_name
from khuyencong.inputs.report_meta import ReportMeta, parse

if TYPE_CHECKING:
    from khuyencong.inputs.dataset import Dataset

SOURCE_WORDS = {"national": "quốc gia", "local": "địa phương"}
ROMAN = ("I.", "II.", "III.", "IV.", "V.")
LETTERS = "abcdefghik"


def build_report(data: Dataset, province: str, year: int) -> Report:
    """The report of `province` for `year` (texts in data/texts/<province>/<year>.yaml)."""
    entity = data.entities.set_index("entity").loc[province]
    name = province_name(data, province)
    meta = parse(data.report_text(province, str(year)))
    text = data.text(province, str(year))
    subject = f"Kết quả công tác khuyến công năm {year}; phương hướng, nhiệm vụ năm {year + 1}"
    annexes: list[Section] = []
    sections = [
        _results(data, province, year, text, annexes),
        _limitations(text, meta),
        _next_year(data, province, year, text, meta, annexes),
        _recommendations(meta, name),
    ]
    for numeral, section in zip(ROMAN, sections, strict=False):
        section.number = numeral
    admin_header, department = agency_heading(
        name, entity.get("admin_header"), entity.get("department")
    )
    return Report(
        province_name=name,
        year=year,
        admin_header=admin_header,
        department=department,
        number_line=f"Số: {meta.number}" if meta.number else f"Số: {GAP}/BC-SCT",
        place_date=_place_date(meta, name),
        subject=subject,
        addressees=list(meta.addressees),
        opening=_opening(meta, name, subject),
        sections=sections,
        final_sentence=f"Trên đây là báo cáo {subject[0].lower()}{subject[1:]} "
        f"của Sở Công Thương tỉnh {name}./.",
        recipients=[f"- {r}" for r in meta.recipients] or [f"- {GAP};"],
        authority=meta.signer.authority or GAP,
        signer_title=meta.signer.title or GAP,
        signer_name=meta.signer.name or MISSING,
        annexes=annexes,
        missing=meta.missing(),
        core_date=meta.issue_date or date(year + 1, 1, 1),
        checks=rule_failures(data, province, year),
    )


def _place_date(meta: ReportMeta, name: str) -> str:
    place = meta.place or name
    if meta.issue_date is None:
        return f"{place}, ngày {GAP} tháng {GAP} năm {GAP}"
    return f"{place}, {vn_long_date(meta.issue_date)}"


def _opening(meta: ReportMeta, name: str, subject: str) -> str:
    basis = meta.basis.rstrip(" ;,.") if meta.basis else f"Thực hiện {GAP}"
    return f"{basis}, Sở Công Thương tỉnh {name} báo cáo {subject[0].lower()}{subject[1:]} như sau:"


def _items(items) -> list[Block]:
    """Authored sentences as the dash items of an administrative document."""
    return [f"- {i.rstrip()}" for i in items]


def _numbered(children: list[Section], style: str = "arabic") -> list[Section]:
    for i, child in enumerate(children):
        child.number = f"{i + 1}." if style == "arabic" else f"{LETTERS[i]})"
    return children


# I. KẾT QUẢ THỰC HIỆN ---------------------------------------------------------------


def _results(
    data: Dataset, province: str, year: int, text: dict, annexes: list[Section]
) -> Section:
    assessment = Section("", "Đánh giá chung", 2, [*text["results_narrative"]])
    parts = [
        _documents(data, province, year, text),
        _funding(data, province, year),
        _activities(data, province, year),
        _awards(data, province, year),
        _plan_comparison(data, province, year, annexes),
        assessment,
    ]
    if data.programme_covering(province, year) is None:
        assessment.blocks.append(
            f"Kế hoạch năm {year} theo chương trình khuyến công của tỉnh chưa được đưa vào số "
            "liệu của báo cáo, nên báo cáo chưa so sánh kết quả với kế hoạch."
        )
    children = [p for p in parts if p is not None and (p.blocks or p.children)]
    return Section("", "KẾT QUẢ THỰC HIỆN", 1, children=_numbered(children))


def _documents(data: Dataset, province: str, year: int, text: dict) -> Section | None:
    policies = list(text["policies"])
    issued = _issued_documents(data, province, year)
    blocks: list[Block] = []
    if policies:
        blocks.append(policies[0])
        blocks += _items(policies[1:])
    if issued:
        blocks.append("Các văn bản đã ban hành trong năm:")
        blocks += _items(f"{d};" for d in issued)
    return Section("", "Công tác tham mưu, ban hành văn bản", 2, blocks) if blocks else None


def _issued_documents(data: Dataset, province: str, year: int) -> list[str]:
    """Documents of the year that the data cites (a programme's legal bases issued in `year`)."""
    name = province_name(data, province)
    found: list[str] = []
    for prog in data.programmes.values():
        if prog.get("province") != province:
            continue
        for basis in prog.get("legal_bases") or []:
            if f"/{year}/" in basis and str(name) in basis and basis not in found:
                found.append(_short_dates(basis))
    return found


def _short_dates(text: str) -> str:
    """`ngày 29 tháng 4 năm 2025` -> `ngày 29/4/2025` (the body's date style)."""
    return re.sub(
        r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})",
        lambda mt: f"ngày {int(mt[1])}/{int(mt[2])}/{mt[3]}",
        text,
    )


def _funding(data: Dataset, province: str, year: int) -> Section | None:
    fund = m.funding_year(data.funding, province, year)
    if fund.empty:
        return None
    blocks: list[Block] = []
    for letter, r in zip(LETTERS, fund.itertuples(), strict=False):
        blocks.append(
            f"{letter}) Kinh phí khuyến công {SOURCE_WORDS[str(r.fund_source)]}: "
            + _source_sentence(r, year)
        )
    totals = m.funding_totals(data.funding, province, year)
    if totals["unspent"] > 0:
        blocks.append(
            f"Kinh phí đã thực hiện thấp hơn kinh phí được giao {fmt_money(totals['unspent'])}."
        )
    blocks.append(_funding_table(fund, totals, year))
    return Section("", "Kinh phí khuyến công", 2, blocks)


def _source_sentence(r, year: int) -> str:
    if not r.allocated:
        return f"năm {year} tỉnh không được giao kinh phí."
    return (
        f"được giao {fmt_money(r.allocated)}; đã thực hiện {fmt_count(r.tasks)} nhiệm vụ với "
        f"kinh phí {fmt_money(r.disbursed)}, đạt {fmt_percent(r.rate)} kinh phí được giao."
    )


def _funding_table(fund: pd.DataFrame, totals: dict, year: int) -> Table:
    rows = [
        [
            f"Khuyến công {SOURCE_WORDS[str(r.fund_source)]}",
            fmt_number(number(r.allocated)),
            fmt_number(number(r.disbursed)),
            fmt_percent(optional_number(r.rate)),
            fmt_count(number(r.tasks)),
        ]
        for r in fund.itertuples()
    ]
    rows.append(
        [
            "Tổng cộng",
            fmt_number(totals["allocated"]),
            fmt_number(totals["disbursed"]),
            fmt_percent(totals["rate"]),
            fmt_count(totals["tasks"]),
        ]
    )
    return Table(
        f"Kinh phí khuyến công năm {year} theo nguồn (triệu đồng)",
        ["Nguồn kinh phí", "Được giao", "Đã thực hiện", "Tỷ lệ thực hiện", "Số nhiệm vụ"],
        rows,
        [34, 16, 16, 17, 17],
    ).without_empty_columns()


def _activities(data: Dataset, province: str, year: int) -> Section | None:
    done = m.results_for(data.results, province, year, year)
    if done.empty:
        return None
    names = data.activities.set_index("activity")
    blocks: list[Block] = []
    ordered = programme_order(done, data.activities)
    for r, zero in zip(ordered.itertuples(), zero_rows(ordered), strict=True):
        budget, activity = optional_number(r.budget), str(r.activity)
        cost = "" if budget is None or pd.isna(budget) else f", kinh phí {fmt_money(budget)}"
        unit = str(r.unit or names.loc[activity, "unit_vi"]).lower()
        amount = f"{fmt_count(number(r.quantity))} {unit}{cost}"
        if zero:  # a planned content not carried out, and why
            amount = not_done(getattr(r, "explanation", None))
        blocks.append(f"- {str(names.loc[activity, 'name_vi'])}: {amount};")
    blocks[-1] = str(blocks[-1]).rstrip(";") + "."
    tasks = m.funding_totals(data.funding, province, year)["tasks"]
    n = without_zero_rows(done)["activity"].nunique()
    if tasks and tasks != n:
        blocks.append(
            f"Kết quả trên được tổng hợp theo {fmt_count(n)} nội dung hoạt động của "
            f"{fmt_count(tasks)} nhiệm vụ; danh mục và kinh phí của từng nhiệm vụ chưa được "
            "tổng hợp trong báo cáo này."
        )
    return Section("", "Kết quả thực hiện các nội dung khuyến công", 2, blocks)


def _awards(data: Dataset, province: str, year: int) -> Section | None:
    awards = m.awards_for(data.awards, province, year)
    if awards.empty:
        return None
    a = awards.iloc[0]
    level = "cấp tỉnh" if a.level == "tinh" else ""
    rate = m.share(int(a.recognised), int(a.eligible))
    sentence = (
        f"Năm {year}, toàn tỉnh có {fmt_count(a.dossiers)} hồ sơ của {fmt_count(a.units)} đơn vị "
        f"đăng ký tham gia, trong đó {fmt_count(a.eligible)}/{fmt_count(a.dossiers)} hồ sơ đủ điều "
        f"kiện tham gia bình chọn. Kết quả, {fmt_count(a.recognised)} sản phẩm được công nhận là "
        f"sản phẩm công nghiệp nông thôn tiêu biểu {level}, bằng {fmt_percent(rate)} số hồ sơ "
        "đủ điều kiện."
    )
    title = "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu"
    return Section("", title, 2, [" ".join(sentence.split())])


def _plan_comparison(
    data: Dataset, province: str, year: int, annexes: list[Section]
) -> Section | None:
    return plans.plan_comparison(data, province, year, annexes)


# II–IV ---------------------------------------------------------------------------------


def _gap_or(items, what: str) -> list[Block]:
    return _items(items) if items else [f"{MISSING} {what}"]


def _limitations(text: dict, meta: ReportMeta) -> Section:
    causes = [
        Section(
            "",
            "Nguyên nhân khách quan",
            3,
            _gap_or(meta.causes_objective, "Đơn vị soạn thảo bổ sung nguyên nhân khách quan."),
        ),
        Section(
            "",
            "Nguyên nhân chủ quan",
            3,
            _gap_or(meta.causes_subjective, "Đơn vị soạn thảo bổ sung nguyên nhân chủ quan."),
        ),
    ]
    children = [
        Section(
            "",
            "Tồn tại, hạn chế",
            2,
            _gap_or(text["limitations"], "Đơn vị soạn thảo bổ sung tồn tại, hạn chế."),
        ),
        Section("", "Nguyên nhân", 2, children=_numbered(causes, "letter")),
    ]
    return Section("", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", 1, children=_numbered(children))


def _next_year(
    data: Dataset, province: str, year: int, text: dict, meta: ReportMeta, annexes: list[Section]
) -> Section:
    tasks = [*text["priorities"], *text["solutions"]]
    children = [
        Section(
            "",
            "Nhiệm vụ, giải pháp",
            2,
            _gap_or(tasks, "Đơn vị soạn thảo bổ sung nhiệm vụ, giải pháp."),
        ),
    ]
    plan = plans.next_year_plan(data, province, year + 1, annexes)
    if plan is not None:
        children.append(plan)
    solutions = plans.programme_solutions(data, province, year + 1)
    if solutions is not None:
        children.append(solutions)
    if meta.closing:
        children[-1].blocks.append(meta.closing)
    return Section("", f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", 1, children=_numbered(children))


def _recommendations(meta: ReportMeta, name: str) -> Section:
    children = [
        Section(
            "",
            "Đối với Bộ Công Thương",
            2,
            _gap_or(
                meta.rec_ministry, "Đơn vị soạn thảo bổ sung kiến nghị đối với Bộ Công Thương."
            ),
        ),
        Section(
            "",
            f"Đối với Ủy ban nhân dân tỉnh {name}",
            2,
            _gap_or(
                meta.rec_province,
                f"Đơn vị soạn thảo bổ sung kiến nghị đối với Ủy ban nhân dân tỉnh {name}.",
            ),
        ),
    ]
    return Section("", "KIẾN NGHỊ, ĐỀ XUẤT", 1, children=_numbered(children))
