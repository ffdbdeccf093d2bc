"""A corpus of malformed inputs, each refused by `khuyencong build` with its own message.

Every case breaks a copy of data/ in one way, runs the CLI against an output folder that
already holds a published edition, and checks: exit code 2, a message naming the file
(and the row and column where there is one), and the published folder byte-identical.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from khuyencong.cli import main

PROJECT = Path(__file__).resolve().parents[1]
LOCAL_2025 = "son-la,2025,local,1905,1605,6,"


def replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def append(file: str, line: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        with (data / file).open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    return mutate


def write(file: str, content: bytes) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        (data / file).write_bytes(content)

    return mutate


def delete(file: str) -> Callable[[Path], None]:
    return lambda data: (data / file).unlink()


FUNDING_HEAD = "province,year,fund_source,allocated,disbursed,tasks,source_id,note"
# (id, mutation, fragments every one of which the message must contain)
CASES = [
    (
        "vn-thousands",
        replace("funding.csv", LOCAL_2025, "son-la,2025,local,1.905,1605,6,"),
        ["funding.csv:3", "allocated", "1.905", "1905"],
    ),
    (
        "vn-decimal-comma",
        replace("indicators.csv", ",170.8,", ',"170,8",'),
        ["indicators.csv", "value", "170,8", "170.8"],
    ),
    (
        "text-in-number",
        replace("funding.csv", LOCAL_2025, "son-la,2025,local,mot nghin,1605,6,"),
        ["funding.csv:3", "allocated", "mot nghin", "số"],
    ),
    (
        "negative-money",
        replace("funding.csv", LOCAL_2025, "son-la,2025,local,-5,0,6,"),
        ["funding.csv:3", "allocated", "-5", "≥ 0"],
    ),
    (
        "float-in-int",
        replace("funding.csv", LOCAL_2025, "son-la,2025,local,1905,1605,6.5,"),
        ["funding.csv:3", "tasks", "6.5", "số nguyên"],
    ),
    (
        "year-too-small",
        replace("funding.csv", LOCAL_2025, "son-la,1890,local,1905,1605,6,"),
        ["funding.csv:3", "year", "1890", "≥ 2000"],
    ),
    (
        "year-too-large",
        replace("awards.csv", "son-la,2025,tinh", "son-la,2999,tinh"),
        ["awards.csv:2", "year", "2999", "≤ 2100"],
    ),
    (
        "unknown-fund-source",
        replace("funding.csv", LOCAL_2025, "son-la,2025,tinh,1905,1605,6,"),
        ["funding.csv:3", "fund_source", "tinh", "national, local"],
    ),
    (
        "disbursed-above-allocated",
        replace(
            "funding.csv",
            LOCAL_2025
            + "seed-000,Tổng kinh phí được giao 1.905 triệu đồng; thực hiện 06 nhiệm vụ với kinh phí 1.605 triệu đồng.",
            "son-la,2025,local,1605,1905,6,seed-000,",
        ),
        ["funding.csv:3", "disbursed", "1905 > 1605"],
    ),
    (
        "missing-required",
        replace("funding.csv", LOCAL_2025, "son-la,2025,local,,1605,6,"),
        ["funding.csv:3", "allocated", "ô trống"],
    ),
    (
        "duplicated-row",
        append("funding.csv", "son-la,2025,local,1905,1605,6,seed-000,"),
        ["funding.csv", "trùng khoá"],
    ),
    (
        "unknown-column",
        replace("funding.csv", FUNDING_HEAD, FUNDING_HEAD + ",extra"),
        ["funding.csv:1", "extra", "cột không có"],
    ),
    (
        "missing-column",
        replace(
            "awards.csv",
            "province,year,level,dossiers,units,eligible,recognised,source_id",
            "province,year,level,dossiers,units,eligible,source_id",
        ),
        ["awards.csv:1", "recognised", "thiếu cột"],
    ),
    (
        "duplicated-column",
        replace("content_groups.csv", "group,name_vi", "group,group"),
        ["content_groups.csv", "group"],
    ),
    ("empty-file", write("awards.csv", b""), ["awards.csv", "tệp rỗng"]),
    ("only-blank-lines", write("awards.csv", b"\r\n\r\n"), ["awards.csv", "tệp rỗng"]),
    (
        "not-utf8",
        write(
            "awards.csv",
            "province,year\nSơn La,2025\n".encode("cp1258", errors="replace") + b"\xff\xfe",
        ),
        ["awards.csv", "UTF-8"],
    ),
    ("missing-file", delete("awards.csv"), ["awards.csv", "thiếu tệp"]),
    (
        "wrong-cell-count",
        replace("funding.csv", LOCAL_2025, "son-la,2025,local,1905,1605,6,seed-000,x,y,"),
        ["funding.csv:3", "số ô khác số cột"],
    ),
    (
        "unknown-activity",
        replace(
            "results.csv", "son-la,2025,2025,may-moc-thiet-bi,", "son-la,2025,2025,may-moc-bay,"
        ),
        ["results.csv:2", "activity", "may-moc-bay", "activities.csv"],
    ),
    (
        "unknown-source-id",
        replace(
            "funding.csv",
            "son-la,2025,local,1905,1605,6,seed-000",
            "son-la,2025,local,1905,1605,6,seed-999",
        ),
        ["funding.csv:3", "source_id", "seed-999", "sources.csv"],
    ),
    (
        "unknown-entity",
        replace("awards.csv", "son-la,2025,tinh", "ha-noi,2025,tinh"),
        ["awards.csv:2", "province", "ha-noi", "entities.csv"],
    ),
    (
        "unknown-qualifier",
        replace("results.csv", ",exact,seed-000,", ",chinh-xac,seed-000,"),
        ["results.csv", "qualifier", "chinh-xac", "at_least"],
    ),
    (
        "bad-slug",
        replace("entities.csv", "son-la,province,", "Sơn La,province,"),
        ["entities.csv:2", "entity", "Sơn La", "viết thường"],
    ),
    (
        "unknown-award-level",
        replace("awards.csv", "son-la,2025,tinh", "son-la,2025,huyen"),
        ["awards.csv:2", "level", "huyen"],
    ),
    (
        "bad-bool",
        replace("activities.csv", ",Mô hình,1,true", ",Mô hình,1,co"),
        ["activities.csv:2", "in_programme", "co", "true hoặc false"],
    ),
    (
        "unknown-group",
        replace("activities.csv", "mo-hinh-trinh-dien,1,", "mo-hinh-trinh-dien,9,"),
        ["activities.csv:2", "group", "9", "content_groups.csv"],
    ),
    (
        "plan-total-mismatch",
        replace(
            "programme_plan.csv",
            "son-la-2026-2030,mo-hinh-trinh-dien,2026,national,0,0,",
            "son-la-2026-2030,mo-hinh-trinh-dien,2026,national,0,10,",
        ),
        ["son-la-2026-2030.yaml", "stated_totals", "25975", "25965"],
    ),
    (
        "plan-unknown-programme",
        append("programme_plan.csv", "son-la-2031-2035,may-moc-thiet-bi,2031,local,1,300,seed-003"),
        ["programme_plan.csv", "programme", "son-la-2031-2035"],
    ),
    (
        "missing-fund-source-row",
        replace("funding.csv", "son-la,2025,national,0,0,0,", "son-la,2024,national,0,0,0,"),
        ["funding.csv", "fund_source", "local", "2024"],
    ),
    (
        "yaml-syntax",
        replace("texts/son-la/2025.yaml", "limitations:", "limitations: [unclosed"),
        ["texts/son-la/2025.yaml", "YAML"],
    ),
    (
        "yaml-unknown-key",
        append("texts/son-la/2025.yaml", "tom_tat: [x]"),
        ["texts/son-la/2025.yaml", "tom_tat", "khoá không có"],
    ),
    (
        "yaml-not-list",
        append("texts/son-la/2025.yaml", "solutions: mot doan van"),
        ["texts/son-la/2025.yaml", "solutions", "danh sách"],
    ),
    (
        "yaml-unknown-source",
        replace("texts/son-la/2025.yaml", "source_id: seed-000", "source_id: bao-moi"),
        ["texts/son-la/2025.yaml", "source_id", "bao-moi"],
    ),
    (
        "yaml-not-mapping",
        write("texts/son-la/2025.yaml", b"- a\n- b\n"),
        ["texts/son-la/2025.yaml", "mapping"],
    ),
    (
        "programme-missing-key",
        replace("programmes/son-la-2026-2030.yaml", "decision_number: 1113/QĐ-UBND\n", ""),
        ["son-la-2026-2030.yaml", "decision_number", "thiếu khoá"],
    ),
    (
        "yaml-python-tag",
        write("texts/son-la/2025.yaml", b"source_id: !!python/object/apply:os.system ['true']\n"),
        ["texts/son-la/2025.yaml", "YAML"],
    ),
]


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """An output folder holding a (stand-in) published edition of Sơn La 2025."""
    site = tmp_path / "out" / "site" / "son-la" / "2025"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>ấn phẩm đã xuất bản</p>", encoding="utf-8")
    return tmp_path / "out"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_corpus_has_at_least_30_cases():
    assert len(CASES) >= 30
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case_id, mutate, fragments", CASES, ids=[c[0] for c in CASES])
def test_malformed_input_is_refused(case_id, mutate, fragments, tmp_path, published, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    mutate(data)
    inputs = snapshot(data)
    before = snapshot(published / "site")
    monkeypatch.chdir(PROJECT)
    result = CliRunner().invoke(main, ["build", "--data-dir", str(data), "--out", str(published)])
    assert result.exit_code == 2, result.output
    for fragment in fragments:
        assert fragment in result.output, (case_id, fragment, result.output)
    assert "Traceback" not in result.output
    assert snapshot(published / "site") == before
    assert snapshot(data) == inputs  # no input is modified
