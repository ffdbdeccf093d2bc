"""A new report year: the inputs an author fills in, prefilled from the programme's plan.

`khuyencong new-year` never touches the canonical data: the contract wants numbers where a new
year has none yet, so the scaffold is written to a *draft* folder `data/drafts/<province>-<year>/`
(same files and columns as the contract). The author fills it, usually through the Excel
workbook of `khuyencong template`, and `khuyencong import` writes the canonical files.

The files are written with the helpers of `datafiles` (each one atomically).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from khuyencong.core.edition import YEAR_RULE, Edition, is_report_year
from khuyencong.core.request import draft_folder
from khuyencong.errors import ExistingDataError, ParameterError
from khuyencong.inputs import yamlread
from khuyencong.inputs.availability import province_name
from khuyencong.inputs.datafiles import (
    YEAR_TABLES,
    csv_text,
    fixed_values,
    is_year_row,
    texts_yaml,
    typed,
    write_text,
)
from khuyencong.inputs.dataset import Dataset, load_dataset
from khuyencong.inputs.schemas import FUND_SOURCES, TABLES
from khuyencong.inputs.validation import coerce_cell, read_rows

# Words that mark a scaffold value the author has not replaced yet; `import` refuses them.
PLACEHOLDER = "CẦN ĐIỀN"
PLACEHOLDER_MARKERS = (PLACEHOLDER, "cần cập nhật số thực tế")
AUTHORED_SOURCE = "authored"
TEXT_PLACEHOLDERS = {
    "policies": f"{PLACEHOLDER}: các chính sách, văn bản về khuyến công ban hành trong năm (mỗi văn bản một đoạn).",
    "results_narrative": f"{PLACEHOLDER}: đánh giá kết quả đạt được (không gõ số liệu vào lời văn; số liệu lấy từ các bảng).",
    "limitations": f"{PLACEHOLDER}: tồn tại, hạn chế và nguyên nhân.",
    "priorities": f"{PLACEHOLDER}: nhiệm vụ, giải pháp trọng tâm năm sau.",
}


@dataclass
class YearInputs:
    """One province-year's inputs: rows per table (contract column -> value, None = blank), texts."""

    province: str
    year: int
    rows: dict[str, list[dict[str, object]]]
    texts: dict[str, object]
    origin: str  # "data", "draft" or "scaffold": where the content came from
    notes: list[str] = field(default_factory=list)


# ============================================================================================
# Where a province-year's inputs come from
# ============================================================================================


def check_year(dataset: Dataset, province: str, year: int) -> str:
    """The province's Vietnamese name; ParameterError when the province or the year is unknown."""
    entities = dataset.tables["entities"]
    match = entities[entities["entity"] == province]
    if match.empty:
        known = ", ".join(entities["entity"])
        raise ParameterError(f"Không có tỉnh mã '{province}' trong entities.csv (có: {known}).")
    if not is_report_year(year):
        raise ParameterError(f"Năm không hợp lệ: {year} (cần {YEAR_RULE})")
    return province_name(dataset, province)


def draft_dir(data_dir: Path, province: str, year: int) -> Path:
    return draft_folder(data_dir, Edition(province, year))


def default_source(dataset: Dataset) -> str | None:
    sources = set(dataset.tables["sources"]["source_id"])
    return AUTHORED_SOURCE if AUTHORED_SOURCE in sources else None


def existing_inputs(dataset: Dataset, province: str, year: int) -> YearInputs | None:
    """The province-year's rows and text already in the data, or None when there are none."""
    rows: dict[str, list[dict[str, object]]] = {}
    for name in YEAR_TABLES:
        frame = dataset.tables[name].drop(columns="__row")
        records = [{str(k): typed(v) for k, v in r.items()} for r in frame.to_dict("records")]
        rows[name] = [r for r in records if is_year_row(name, r, province, year)]
    doc = dataset.texts.get((province, str(year)))
    if not any(rows.values()) and doc is None:
        return None
    return YearInputs(province, year, rows, dict(doc or {}), "data")


def draft_inputs(data_dir: Path, province: str, year: int) -> YearInputs | None:
    """The draft folder written by `new-year` (maybe edited), read cell by cell; None if absent."""
    folder = draft_dir(data_dir, province, year)
    if not folder.is_dir():
        return None
    rows: dict[str, list[dict[str, object]]] = {}
    for name in YEAR_TABLES:
        table = TABLES[name]
        path = folder / table.file
        rows[name] = []
        if not path.exists():
            continue
        header, lines, _ = read_rows(path, table.file)
        cols = {c.name: c for c in table.columns}
        for _, cells in lines:
            rec: dict[str, object] = {}
            for name_, cell in zip(header, cells, strict=False):
                col = cols.get(name_)
                if col is None:
                    continue
                value, reason = coerce_cell(cell, col)
                rec[name_] = cell if reason else value  # unreadable cells stay as typed
            rows[name].append(rec)
    text_path = folder / "texts" / province / f"{year}.yaml"
    texts: dict[str, object] = {}
    if text_path.exists():
        label = text_path.relative_to(data_dir).as_posix()
        found = yamlread.load_file(text_path, label)  # an author's draft: read within bounds
        texts = found if isinstance(found, dict) else {}
    return YearInputs(province, year, rows, texts, "draft")


def _funding_row(
    province: str, year: int, fund: str, values: dict[str, object]
) -> dict[str, object]:
    blank: dict[str, object] = {"allocated": None, "disbursed": None, "tasks": None}
    return fixed_values("funding", province, year) | {"fund_source": fund} | blank | values


def _unplanned_funding(province: str, year: int, source: str | None) -> list[dict[str, object]]:
    """Funding rows to fill, one per fund source, when no programme covers the year."""
    note = f"{PLACEHOLDER} kinh phí được giao, đã thực hiện và số nhiệm vụ."
    values: dict[str, object] = {"source_id": source, "note": note}
    return [_funding_row(province, year, fund, values) for fund in FUND_SOURCES]


def _planned_funding(
    province: str, year: int, programme: dict, plan: pd.DataFrame
) -> list[dict[str, object]]:
    """Funding rows allocated as the programme's plan of the year says, spending to fill."""
    prog_id = programme["id"]
    note = f"Kinh phí được giao theo kế hoạch chương trình {prog_id}, cần cập nhật số thực tế."
    rows = []
    for fund in FUND_SOURCES:
        budget = plan.loc[plan["fund_source"] == fund, "budget"].sum()
        values = {"allocated": float(budget), "source_id": programme["source_id"], "note": note}
        rows.append(_funding_row(province, year, fund, values))
    return rows


def _planned_results(
    dataset: Dataset,
    province: str,
    year: int,
    programme: dict,
    plan: pd.DataFrame,
    carried: Mapping[tuple[str, str], float],
) -> list[dict[str, object]]:
    """One row per activity and fund source the plan schedules, plus the shortfall carried from
    the programme's earlier years (`carried`): results are reported by source."""
    prog_id = programme["id"]
    activities = dataset.tables["activities"].set_index("activity")
    totals: dict[tuple[str, str], list[float]] = {}
    for (activity, fund), rows in plan.groupby(["activity", "fund_source"], sort=False):
        totals[(str(activity), str(fund))] = [
            float(rows["quantity"].sum()),
            float(rows["budget"].sum()),
        ]
    for key in carried:
        totals.setdefault(key, [0.0, 0.0])
    results = []
    for (activity, fund), (quantity, budget) in totals.items():
        short = float(carried.get((activity, fund), 0.0))
        if quantity + short == 0 and budget == 0:
            continue
        unit = str(activities.loc[activity, "unit_vi"])
        extra = (
            f" Số lượng gồm {short:g} bù phần chưa thực hiện của các năm trước." if short else ""
        )
        results.append(
            fixed_values("results", province, year)
            | {
                "activity": activity,
                "fund_source": fund,
                "quantity": quantity + short,
                "unit": unit[:1].lower() + unit[1:],
                "budget": budget,
                "qualifier": "planned",
                "source_id": programme["source_id"],
                "note": f"{PLACEHOLDER} số thực hiện (số lượng, kinh phí đang là kế hoạch của chương "
                f"trình {prog_id}; khi điền số thực hiện, sửa cả mức độ chắc chắn, nguồn và ghi "
                f"chú).{extra}",
            }
        )
    return results


# The shortfall that each (activity, fund source) carries into a year from the programme's
# earlier years: computed above this floor (figures.rules.progress) and handed in.
Carried = Callable[[Dataset, str, int], Mapping[tuple[str, str], float]]


def scaffold_inputs(
    dataset: Dataset, province: str, year: int, carried: Carried | None = None
) -> YearInputs:
    """A new year's inputs prefilled from the province's programme covering the year, if any:
    the year's plan plus the shortfalls carried over (`carried`), so that catching up is part of
    the year's plan."""
    source = default_source(dataset)
    programme = dataset.programme_covering(province, year)
    if programme is None:
        notes = [f"Không có chương trình khuyến công nào của {province} bao gồm năm {year}."]
        funding, results = _unplanned_funding(province, year, source), []
    else:
        notes = [f"Điền sẵn theo kế hoạch năm {year} của chương trình {programme['id']}."]
        plan = dataset.plan(programme["id"])
        plan = plan[plan["year"] == year]
        funding = _planned_funding(province, year, programme, plan)
        shortfalls = carried(dataset, province, year) if carried is not None else {}
        results = _planned_results(dataset, province, year, programme, plan, shortfalls)
    texts: dict[str, object] = {"source_id": source, "period_start": year, "period_end": year}
    texts |= {key: [item] for key, item in TEXT_PLACEHOLDERS.items()}
    year_rows: dict[str, list[dict[str, object]]] = {t: [] for t in YEAR_TABLES} | {
        "funding": funding,
        "results": results,
    }
    return YearInputs(province, year, year_rows, texts, "scaffold", notes)


def inputs_for(
    data_dir: Path, dataset: Dataset, province: str, year: int, carried: Carried | None = None
) -> YearInputs:
    """What a workbook is prefilled with: existing data, else the draft, else a fresh scaffold."""
    return (
        existing_inputs(dataset, province, year)
        or draft_inputs(data_dir, province, year)
        or scaffold_inputs(dataset, province, year, carried)
    )


# ============================================================================================
# new-year
# ============================================================================================


def write_draft(
    data_dir: str | Path, province: str, year: int, carried: Carried | None = None
) -> list[Path]:
    """Write the scaffold of a new year to `data/drafts/<province>-<year>/`; the files written.

    Refuses (ExistingDataError) when the data already has rows or text for the province-year,
    or when the draft folder exists: nothing is ever overwritten.
    """
    data_dir = Path(data_dir)
    dataset = load_dataset(data_dir)
    check_year(dataset, province, year)
    folder = draft_dir(data_dir, province, year)
    existing = existing_inputs(dataset, province, year)
    if existing is not None:
        where = [TABLES[n].file for n in YEAR_TABLES if existing.rows[n]] + (
            [f"texts/{province}/{year}.yaml"] if existing.texts else []
        )
        raise ExistingDataError(
            f"Dữ liệu đã có số liệu của {province} năm {year} ({', '.join(where)}); không tạo bản "
            f"nháp để tránh ghi đè. Sửa số liệu bằng: khuyencong template --province {province} "
            f"--year {year}, rồi khuyencong import <tệp.xlsx>."
        )
    if folder.exists():
        raise ExistingDataError(
            f"Thư mục nháp {folder} đã có; không ghi đè. Điền tiếp bản nháp đó (khuyencong template "
            f"--province {province} --year {year} lấy nội dung của nó), hoặc xoá thư mục rồi chạy lại."
        )
    inputs = scaffold_inputs(dataset, province, year, carried)
    folder.mkdir(parents=True)
    try:
        return _write_inputs(folder, inputs)
    except BaseException:  # a full disk, Ctrl-C: no half draft that the next run would refuse
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _write_inputs(folder: Path, inputs: YearInputs) -> list[Path]:
    """The draft's tables and text file, each written atomically; the files written."""
    province, year = inputs.province, inputs.year
    written = []
    for name in YEAR_TABLES:
        table = TABLES[name]
        if table.optional and not inputs.rows[name]:
            continue  # the task register, the product list: filled in the workbook if at all
        path = folder / table.file
        write_text(folder, path, csv_text(table.column_names, inputs.rows[name]))
        written.append(path)
    header = (
        f"# Văn bản báo cáo khuyến công {province} năm {year} (bản nháp do khuyencong new-year tạo).\n"
        f"# Thay mỗi dòng '{PLACEHOLDER}' bằng các đoạn văn thật; diễn đạt lại hoặc trích tài liệu nguồn.\n"
        "# Không gõ số liệu (tiền, tỷ lệ) vào lời văn: số liệu lấy từ các bảng."
    )
    text_path = folder / "texts" / province / f"{year}.yaml"
    write_text(folder, text_path, texts_yaml(inputs.texts, header))
    written.append(text_path)
    return written
