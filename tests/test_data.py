"""The loaded dataset: its tables hold what the seeds say, and its helpers find texts and plans."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pandas as pd
import pytest
import yaml

from khuyencong.errors import DataValidationError, Problem
from khuyencong.figures.formatting import fmt_date, round_half_up
from khuyencong.inputs import cross_checks
from khuyencong.inputs import dataset as data_module
from khuyencong.inputs.dataset import Dataset, load_dataset
from khuyencong.inputs.hints import QUOTE_PARAGRAPH
from khuyencong.inputs.schemas import (
    PROGRAMME_REQUIRED_KEYS,
    PROGRAMME_TEXT_LIST_KEYS,
    TABLES,
    TEXT_LIST_KEYS,
)

PROGRAMME = "son-la-2026-2030"

# The 25 rows of the Phụ lục of seed 003, in the appendix's order.
APPENDIX_ROWS = [
    "mo-hinh-trinh-dien",
    "mo-hinh-nhan-rong",
    "mo-hinh-san-xuat-sach-hon",
    "may-moc-thiet-bi",
    "day-chuyen-cong-nghe",
    "binh-chon-san-pham-cap-tinh",
    "phong-trung-bay",
    "trung-bay-tai-co-so-quoc-gia",
    "trung-bay-tai-co-so-cap-tinh",
    "to-chuc-hoi-cho",
    "ho-tro-tham-gia-hoi-cho",
    "tham-gia-hoi-cho-quang-ba",
    "ve-may-bay-khao-sat",
    "nhan-hieu",
    "thiet-ke-mau-ma-bao-bi",
    "xu-ly-moi-truong-cum-cn",
    "dao-tao-tho-gioi-nghe-nhan",
    "thanh-lap-doanh-nghiep",
    "chuong-trinh-truyen-hinh",
    "ban-tin-an-pham",
    "tuyen-truyen-nang-luong",
    "tham-du-hoi-nghi-tap-huan",
    "doan-khao-sat-trong-nuoc",
    "doan-khao-sat-nuoc-ngoai",
    "kiem-tra-giam-sat",
]

# Total quantity and budget of each appendix row, as printed in seed 003 (column "Số lượng" and
# "Tổng kinh phí"); e.g. máy móc 23 cơ sở, 6.900 triệu đồng.
APPENDIX_TOTALS = {
    "mo-hinh-trinh-dien": (2, 2000),
    "mo-hinh-nhan-rong": (2, 200),
    "mo-hinh-san-xuat-sach-hon": (2, 1000),
    "may-moc-thiet-bi": (23, 6900),
    "day-chuyen-cong-nghe": (5, 2250),
    "binh-chon-san-pham-cap-tinh": (2, 600),
    "phong-trung-bay": (5, 1250),
    "trung-bay-tai-co-so-quoc-gia": (20, 1000),
    "trung-bay-tai-co-so-cap-tinh": (25, 750),
    "to-chuc-hoi-cho": (1, 1280),
    "ho-tro-tham-gia-hoi-cho": (5, 500),
    "tham-gia-hoi-cho-quang-ba": (9, 900),
    "ve-may-bay-khao-sat": (8, 200),
    "nhan-hieu": (50, 1750),
    "thiet-ke-mau-ma-bao-bi": (45, 1575),
    "xu-ly-moi-truong-cum-cn": (2, 600),
    "dao-tao-tho-gioi-nghe-nhan": (4, 200),
    "thanh-lap-doanh-nghiep": (6, 60),
    "chuong-trinh-truyen-hinh": (4, 200),
    "ban-tin-an-pham": (5000, 250),
    "tuyen-truyen-nang-luong": (24, 1200),
    "tham-du-hoi-nghi-tap-huan": (5, 250),
    "doan-khao-sat-trong-nuoc": (4, 250),
    "doan-khao-sat-nuoc-ngoai": (1, 300),
    "kiem-tra-giam-sat": (5, 500),
}


def test_every_table_is_loaded_with_the_contract_columns(dataset):
    assert set(dataset.tables) == set(TABLES)
    for name, table in TABLES.items():
        frame = dataset.tables[name]
        assert list(frame.columns) == [*table.column_names, "__row"], name
        assert getattr(dataset, name) is frame
        if len(frame):  # tasks.csv, award_products.csv: header only for Sơn La 2025
            assert frame["__row"].min() == 2  # the header is row 1


def test_unknown_attribute(dataset):
    with pytest.raises(AttributeError):
        _ = dataset.no_such_table
    assert not hasattr(dataset, "no_such_table")


def test_dataset_is_frozen(dataset):
    with pytest.raises(dataclasses.FrozenInstanceError):
        dataset.tables = {}  # type: ignore[misc]


def test_funding_2025(dataset):
    f = dataset.funding.set_index("fund_source")
    # seed 000: no national money; local 1.905 allocated, 1.605 spent on 06 tasks
    assert (
        f.loc["national", "allocated"],
        f.loc["national", "disbursed"],
        f.loc["national", "tasks"],
    ) == (0, 0, 0)
    assert (f.loc["local", "allocated"], f.loc["local", "disbursed"], f.loc["local", "tasks"]) == (
        1905,
        1605,
        6,
    )
    assert set(f["province"]) == {"son-la"} and set(f["year"]) == {2025}


def test_awards_2025(dataset):
    a = dataset.awards.iloc[0]
    # seed 000: 71 hồ sơ của 34 đơn vị; 67/71 đủ điều kiện; 30 sản phẩm cấp tỉnh
    assert (a["province"], a["year"], a["level"]) == ("son-la", 2025, "tinh")
    assert (a["dossiers"], a["units"], a["eligible"], a["recognised"]) == (71, 34, 67, 30)


def test_indicators_keep_the_source_unit_and_qualifier(dataset):
    ind = dataset.indicators
    row = ind[(ind["entity"] == "son-la") & (ind["indicator"] == "kinh-phi-duoc-giao")].iloc[0]
    # seed 001: "hơn 7,7 tỷ đồng" stays 7.7 tỷ đồng, marked as a lower bound
    assert (row["value"], row["unit"], row["qualifier"]) == (7.7, "ty-dong", "at_least")
    assert (row["period_start"], row["period_end"]) == (2016, 2020)


def test_unnamed_province_stays_unnamed(dataset):
    e = dataset.entities.set_index("entity")
    assert e.loc["tinh-khuyet-danh-002", "kind"] == "unnamed_province"  # seed 002 names no province
    assert e.loc["son-la", "kind"] == "province"
    assert e.loc["mien-bac-28", "kind"] == "region"


def test_the_25_programme_rows(dataset):
    act = dataset.activities
    in_programme = act[act["in_programme"]]["activity"].tolist()
    assert in_programme == APPENDIX_ROWS  # same rows, same order as the Phụ lục
    assert len(in_programme) == 25


def test_plan_has_every_row_year_and_source(dataset):
    plan = dataset.plan(PROGRAMME)
    assert "__row" not in plan.columns
    assert len(plan) == 25 * 5 * 2
    assert set(plan["activity"]) == set(APPENDIX_ROWS)
    assert sorted(set(plan["year"])) == [2026, 2027, 2028, 2029, 2030]
    assert not plan.duplicated(["activity", "year", "fund_source"]).any()


def test_plan_rows_add_up_to_the_appendix_totals(dataset):
    plan = dataset.plan(PROGRAMME)
    sums = plan.groupby("activity")[["quantity", "budget"]].sum()
    for activity, (quantity, budget) in APPENDIX_TOTALS.items():
        assert (sums.loc[activity, "quantity"], sums.loc[activity, "budget"]) == (
            quantity,
            budget,
        ), activity
    # the row totals of the Phụ lục add up to the decision's "25.965 triệu đồng"
    assert sum(b for _, b in APPENDIX_TOTALS.values()) == sums["budget"].sum() == 25965


def test_plan_of_an_unknown_programme_is_empty(dataset):
    assert dataset.plan("son-la-2031-2035").empty


def test_programme_yaml(dataset):
    prog = dataset.programmes[PROGRAMME]
    # seed 003: Quyết định 1113/QĐ-UBND ngày 11/5/2026; 25.965 = 7.530 + 18.435 triệu đồng
    assert prog["decision_number"] == "1113/QĐ-UBND"
    assert fmt_date(prog["decision_date"]) == "11/5/2026"
    assert prog["stated_totals"] == {"total": 25965, "national": 7530, "local": 18435}
    assert prog["stated_totals"]["total"] == 7530 + 18435
    assert (prog["period_start"], prog["period_end"]) == (2026, 2030)


def test_stated_year_totals_are_the_rounded_plan_sums(dataset):
    prog = dataset.programmes[PROGRAMME]
    stated = {(r["year"], r["fund_source"]): r["budget"] for r in prog["stated_year_totals"]}
    # seed 003, totals row of the Phụ lục
    assert stated == {
        (2026, "national"): 300,
        (2026, "local"): 2075,
        (2027, "national"): 1550,
        (2027, "local"): 3563,
        (2028, "national"): 1350,
        (2028, "local"): 4758,
        (2029, "national"): 1880,
        (2029, "local"): 4508,
        (2030, "national"): 2450,
        (2030, "local"): 3533,
    }
    plan = dataset.plan(PROGRAMME)
    sums = plan.groupby(["year", "fund_source"])["budget"].sum()
    for key, printed in stated.items():
        assert round_half_up(sums.loc[key]) == printed, key
    # the printed local cells add up to 18.437, two more than the stated 18.435 (rounding)
    assert sum(v for (_, s), v in stated.items() if s == "local") == 18435 + 2


def test_programme_covering(dataset):
    assert dataset.programme_covering("son-la", 2026)["id"] == PROGRAMME
    assert dataset.programme_covering("son-la", 2030)["id"] == PROGRAMME
    assert dataset.programme_covering("son-la", 2025) is None
    assert dataset.programme_covering("son-la", 2031) is None
    assert dataset.programme_covering("tinh-khuyet-danh-002", 2026) is None


def test_text_of_a_year(dataset):
    t = dataset.text("son-la", 2025)
    assert t["source_id"] == "seed-000"
    assert set(t) == {*TEXT_LIST_KEYS, "source_id"}
    # seed 000 lists four limitations (đề án chưa sát thực tiễn, quy mô nhỏ lẻ, sản phẩm chưa đa
    # dạng, thay đổi mô hình chính quyền)
    assert len(t["limitations"]) == 4
    assert all(isinstance(x, str) and x for x in t["limitations"])
    assert t["solutions"] == []  # a key the file leaves out is an empty list


def test_text_that_does_not_exist(dataset):
    t = dataset.text("son-la", "2024")
    assert t == {k: [] for k in TEXT_LIST_KEYS} | {"source_id": None}


def test_text_returns_copies(dataset):
    t = dataset.text("son-la", "2025")
    t["limitations"].append("x")
    assert "x" not in dataset.text("son-la", "2025")["limitations"]


def test_text_periods(dataset):
    assert dataset.text_periods("son-la") == ["2016-2020", "2025"]
    assert dataset.multi_year_periods("son-la") == [(2016, 2020)]  # 2025.yaml is a single year
    # seed 002's review gives no start year: truoc-2021.yaml is no span of known years
    assert dataset.text_periods("tinh-khuyet-danh-002") == ["truoc-2021"]
    assert dataset.multi_year_periods("tinh-khuyet-danh-002") == []
    assert dataset.multi_year_periods("mien-bac-28") == []


def test_accessors_record_what_they_read(data_dir):
    from khuyencong.inputs.dataset import load_dataset

    data = load_dataset(data_dir)
    assert data.reads == set()  # validation reads everything but records nothing
    _ = data.funding
    data.text("son-la", "2025")
    data.programme_covering("son-la", 2026)
    assert {"funding.csv", "texts/son-la/2025.yaml", "programmes/"} <= data.reads
    assert "awards.csv" not in data.reads


def test_text_list_must_be_strings(data_copy):
    path = data_copy / "texts" / "son-la" / "2025.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "solutions: một chuỗi, không phải danh sách\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    [p] = info.value.problems
    assert (p.file, p.column) == ("texts/son-la/2025.yaml", "solutions")
    assert p.found == "một đoạn văn (không phải danh sách)"  # never a Python type name


def test_programme_quotes_its_decision_word_for_word(dataset):
    # Seed 003: section I has 6 numbered viewpoints, II.1 five "-" items, VII 8 numbered solutions.
    prog = dataset.programmes[PROGRAMME]
    assert [len(prog[k]) for k in PROGRAMME_TEXT_LIST_KEYS] == [6, 5, 8]
    assert prog["viewpoints"][0].startswith("Phát triển hoạt động khuyến công gắn với mục tiêu")
    assert "“Mỗi xã một sản phẩm (OCOP) và xây dựng nông thôn mới”" in prog["viewpoints"][5]
    assert prog["general_objectives"][3].endswith("kinh tế xanh, kinh tế tuần hoàn, kinh tế số.")
    assert prog["solutions"][0].startswith("Tăng cường công tác lãnh đạo, chỉ đạo các cấp")
    assert prog["solutions"][6].startswith("Bảo đảm cân đối bố trí kinh phí khuyến công tỉnh")
    assert prog["solutions"][7].endswith("thông qua các hoạt động xúc tiến thương mại.")
    for key in PROGRAMME_TEXT_LIST_KEYS:  # numbering, dashes and trailing spaces dropped
        for item in prog[key]:
            assert unicodedata.is_normalized("NFC", item) and item == item.strip()
            assert not re.match(r"\d+\.|- ", item), item


def _replace_solutions(path, new: str) -> int:
    """The programme file with its `solutions` list replaced; the line its first item is on."""
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(r"^solutions:.*\n(?:  - .*\n)*", new, text, flags=re.M)
    assert n == 1
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 2


def test_programme_solutions_must_be_paragraphs_without_figures(data_copy):
    path = data_copy / "programmes" / f"{PROGRAMME}.yaml"
    _replace_solutions(path, "solutions: một chuỗi, không phải danh sách\n")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    [p] = info.value.problems
    assert (p.file, p.column) == (f"programmes/{PROGRAMME}.yaml", "solutions")
    assert p.found == "một đoạn văn (không phải danh sách)"
    assert f"programmes/{PROGRAMME}.yaml: solutions — phải là danh sách các đoạn văn" in str(
        info.value
    )
    line = _replace_solutions(
        path, "solutions:\n  - Giữ nguyên.\n  - Bố trí 2.200 triệu đồng mỗi năm.\n  - 7\n"
    )
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert [(p.row, p.column, p.found) for p in info.value.problems] == [
        (None, "solutions", "một số (7)"),
        (line + 1, "solutions", "2.200 triệu đồng"),
    ]


def test_programme_id_must_match_the_file_name(data_copy):
    old = data_copy / "programmes" / f"{PROGRAMME}.yaml"
    old.rename(data_copy / "programmes" / "son-la-2026-2030-ban-sao.yaml")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    problems = [p for p in info.value.problems if p.column == "id"]
    assert [(p.found, p.expected) for p in problems] == [(PROGRAMME, "son-la-2026-2030-ban-sao")]


def test_a_copy_loads_like_the_original(data_copy, dataset):
    copy = load_dataset(data_copy)
    assert isinstance(copy, Dataset)
    assert copy.root == data_copy
    for name in TABLES:
        assert copy.tables[name].equals(dataset.tables[name]), name


# --- the YAML folders and the cross-file rules, on hand-made inputs ----------------------------


def test_yaml_folder_keeps_each_files_problems_in_file_order(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "a.yaml").write_text("- not a mapping\n", encoding="utf-8")
    (tmp_path / "p" / "b.yaml").write_text("id: b\n", encoding="utf-8")
    (tmp_path / "p" / "c.yaml").write_text("id: c\n", encoding="utf-8")

    def check(path, label, doc):
        # b is kept with one problem of its own; c is left out.
        if path.stem == "b":
            return "kept-b", [Problem(label, None, "id", "của b")]
        return None, [Problem(label, None, "id", "của c")]

    docs, problems = data_module._load_folder(tmp_path, "p/*.yaml", check)
    assert docs == {"kept-b": {"id": "b"}}
    assert [(p.file, p.message) for p in problems] == [
        ("p/a.yaml", "YAML phải là một bảng khoá: giá trị (mapping)"),
        ("p/b.yaml", "của b"),
        ("p/c.yaml", "của c"),
    ]


def test_programme_file_checks(tmp_path):
    path = tmp_path / "programmes" / "tinh-2026-2030.yaml"
    doc = (
        {"id": "tinh-2026", "source_id": "seed-9"}
        | {k: "x" for k in PROGRAMME_REQUIRED_KEYS if k not in ("id", "source_id")}
        | {"period_start": 2026, "period_end": 2030, "decision_date": "2026-05-11"}
        | {"stated_totals": {"total": 0}}
    )
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    key, problems = data_module._check_programme(path, "programmes/x.yaml", doc, {"seed-1"})
    assert key == "tinh-2026"
    assert [(p.column, p.found, p.expected) for p in problems] == [
        ("id", "tinh-2026", "tinh-2026-2030"),
        ("source_id", "seed-9", "một source_id đã khai báo"),
    ]
    # Two keys missing: both named, and the programme is left out.
    del doc["id"], doc["title"]
    key, problems = data_module._check_programme(path, "programmes/x.yaml", doc, {"seed-9"})
    assert key is None
    assert [(p.column, p.message) for p in problems] == [
        ("id", "thiếu khoá"),
        ("title", "thiếu khoá"),
    ]
    # An id that is not a name (a list) is named in words and the programme left out.
    doc |= {"id": ["tinh-2026-2030"], "title": "x"}
    key, problems = data_module._check_programme(path, "programmes/x.yaml", doc, {"seed-9"})
    assert key is None
    assert [(p.column, p.found) for p in problems] == [("id", "một danh sách")]


def test_paragraph_lists():
    doc = {"policies": ["Một đoạn.", 7], "solutions": "một chuỗi"}
    problems = data_module._paragraph_problems("t.yaml", doc, "")
    assert [(p.column, p.found) for p in problems] == [
        ("policies", "một số (7)"),
        ("solutions", "một đoạn văn (không phải danh sách)"),
    ]
    # An unquoted "Nguyên nhân: …" reads as a key: value pair: named at its line (3), once.
    raw = "policies:\n  - Một đoạn.\n  - Nguyên nhân: thiếu vốn\n"
    problems = data_module._paragraph_problems("t.yaml", yaml.safe_load(raw), raw)
    assert [(p.row, p.column, p.message) for p in problems] == [(3, "policies", QUOTE_PARAGRAPH)]
    assert data_module._paragraph_problems("t.yaml", {"policies": ["A.", "B."]}, "") == []


def test_cross_file_rules_on_small_tables():
    funding = pd.DataFrame(
        {
            "__row": [2, 3, 4],
            "province": ["a", "a", "b"],
            "year": [2025, 2025, 2025],
            "fund_source": ["national", "local", "local"],
            "allocated": [100.0, 50.0, 10.0],
            "disbursed": [120.5, 60.0, 5.0],  # rows 2 and 3 over: left to rule QT7
            "note": [None, "bổ sung", None],
        }
    )
    plan = pd.DataFrame(
        {
            "__row": [2, 3, 4],
            "programme": ["p", "p", "q"],
            "fund_source": ["national", "local", "local"],
            "budget": [30.0, 70.0, 5.0],
        }
    )
    programmes = {"p": {"stated_totals": {"total": 100, "national": 25}}}
    problems = cross_checks.rule_problems({"funding": funding, "programme_plan": plan}, programmes)
    assert [(p.file, p.row, p.column, p.found, p.expected) for p in problems] == [
        # b 2025 has only its local row.
        (
            "funding.csv",
            None,
            "fund_source",
            "không có",
            "một dòng national (ghi 0 nếu không được giao)",
        ),
        # p: 30 + 70 = 100 as stated; national 30 against 25.
        ("programmes/p.yaml", None, "stated_totals.national", "30", "25"),
        ("programme_plan.csv", 4, "programme", "q", "p"),
    ]
    assert problems[0].message == "thiếu dòng nguồn national cho b năm 2025"


@pytest.mark.parametrize(
    "value, found",
    [("bao-moi", "bao-moi"), (None, "ô trống"), (["seed-1"], "một danh sách"), (7, "một số (7)")],
)
def test_source_id_of_a_yaml_file(value, found):
    problems = data_module._source_problems("t.yaml", {"source_id": value}, {"seed-1"})
    assert [(p.column, p.found) for p in problems] == [("source_id", found)]
    assert data_module._source_problems("t.yaml", {"source_id": "seed-1"}, {"seed-1"}) == []
