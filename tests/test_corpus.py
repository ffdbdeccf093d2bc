"""A corpus of malformed inputs, each refused by `khuyencong build` with its own message.

Every case breaks a copy of data/ in one way, runs the CLI against an output folder that
already holds a published edition, and checks: exit code 2, a message naming the file
(and the row and column where there is one), and the published folder byte-identical.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from khuyencong.cli.commands import main

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
        "yaml-source-id-list",
        replace("texts/son-la/2025.yaml", "source_id: seed-000", "source_id: [seed-000]"),
        ["texts/son-la/2025.yaml", "source_id", "gặp một danh sách"],
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


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def cp1258(text: str) -> bytes:
    """Text as Excel saves it in the Windows Vietnamese code page: tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def many_bad_rows(n: int) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        with (data / "awards.csv").open("a", encoding="utf-8") as f:
            for i in range(n):
                f.write(f"son-la,2025,cap-{i},1,1,1,1,seed-000\n")

    return mutate


def huge(rows: int) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        line = "son-la,2025,2025,may-moc-thiet-bi,1,cái,,exact,seed-000,\n"
        with (data / "results.csv").open("a", encoding="utf-8") as f:
            f.write(line * rows)

    return mutate


RESULT_ROW = "son-la,2025,2025,may-moc-thiet-bi,local,2,cơ sở,,exact,seed-000,"
# Cases of issue 13: hostile or clumsy input (Unicode, Excel habits, YAML, size).
CASES += [
    (
        "nfd-duplicate-key",
        append("results.csv", nfd(RESULT_ROW + "bản sao gõ trên máy Mac")),
        ["results.csv", "trùng khoá", "cơ sở"],
    ),
    (
        "cp1258-csv",
        write("content_groups.csv", cp1258("group,name_vi\n1,Mô hình trình diễn\n")),
        ["content_groups.csv:2", "UTF-8", "CP1258", "CSV UTF-8"],
    ),
    (
        "semicolon-csv",
        write(
            "awards.csv",
            b"province;year;level;dossiers;units;eligible;recognised;source_id\n"
            b"son-la;2025;tinh;1;1;1;1;seed-000\n",
        ),
        ["awards.csv:1", "chấm phẩy", "List separator"],
    ),
    (
        "yaml-colon-in-paragraph",
        replace(
            "texts/son-la/2025.yaml",
            "limitations:\n",
            "limitations:\n  - Nguyên nhân: thiếu vốn đối ứng.\n",
        ),
        ["texts/son-la/2025.yaml:", "limitations", "ngoặc kép", "Nguyên nhân: …"],
    ),
    (
        "yaml-colon-in-scalar",
        replace(
            "texts/son-la/2025.yaml",
            "limitations:\n",
            "limitations: Nguyên nhân: thiếu vốn\nx:\n",
        ),
        ["texts/son-la/2025.yaml:", "ngoặc kép"],
    ),
    (
        "yaml-not-utf8",
        write("texts/son-la/2025.yaml", cp1258("source_id: seed-000\nghi_chu: Sơn La\n")),
        ["texts/son-la/2025.yaml:2", "UTF-8"],
    ),
    (
        "yaml-list-of-mappings-not-named",
        append("texts/son-la/2025.yaml", "solutions:\n  - {a: 1}"),
        ["texts/son-la/2025.yaml", "solutions", "ngoặc kép"],
    ),
    (
        "too-many-problems",
        many_bad_rows(120),
        ["Dữ liệu đầu vào có", "… và", "lỗi khác (tổng cộng"],
    ),
    (
        "size-guard",
        huge(50_001),
        ["results.csv", "tệp quá lớn: 50", "dòng số liệu (tối đa 50000)"],
    ),
]
# No message may name a Python type or exception, or print a Python container.
PYTHON_WORDS = re.compile(
    r"[A-Z][A-Za-z]+(Error|Exception)\b|NoneType|\bgặp (list|dict|str|int)\b|\{'|\['"
)


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


def refused(args: list[str], data: Path, published: Path, fragments: list[str]) -> str:
    """`khuyencong <args>` exits 2 naming every fragment, in plain Vietnamese, and leaves the
    input folder `data` and the published site as they were; gives the output."""
    inputs, before = snapshot(data), snapshot(published / "site")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    for fragment in fragments:
        assert fragment in result.output, (fragment, result.output)
    assert "Traceback" not in result.output
    assert not PYTHON_WORDS.search(result.output), result.output
    assert snapshot(data) == inputs  # no input is modified
    assert snapshot(published / "site") == before
    return result.output


# Each case runs the whole command on a copy of data/ (a second, several on a busy machine):
# the corpus runs in the slow tier (`make test`), but for one case per kind of input, which
# `make check` keeps.
FAST_CASES = {"vn-thousands", "yaml-syntax", "province-absolute"}


def tiered(cases: list) -> list:
    return [
        pytest.param(*case, id=case[0], marks=() if case[0] in FAST_CASES else pytest.mark.slow)
        for case in cases
    ]


def test_the_fast_cases_are_cases():
    assert {c[0] for c in CASES + WORKBOOK_CASES} >= FAST_CASES


@pytest.mark.parametrize("case_id, mutate, fragments", tiered(CASES))
def test_malformed_input_is_refused(case_id, mutate, fragments, data_copy, published, monkeypatch):
    mutate(data_copy)
    monkeypatch.chdir(PROJECT)
    args = ["build", "--data-dir", str(data_copy), "--out", str(published)]
    output = refused(args, data_copy, published, fragments)
    assert len(output.splitlines()) <= 60  # at most 50 problems listed


# ---------------------------------------------------------------------------------------------
# Workbooks (khuyencong import) and command-line arguments: refused, data/ and the site intact.


def _meta(cell: str, value: object):
    def mutate(wb) -> None:
        wb["_thong_tin"][cell] = value

    return mutate


def _empty_sheets(*names: str):
    def mutate(wb) -> None:
        for name in names:
            for row in wb[name].iter_rows(min_row=3):
                for cell in row:
                    cell.value = None

    return mutate


def _formula(wb) -> None:
    ws = wb["Kinh phí"]
    note = next(c.column for c in ws[1] if c.value == "note")
    ws.cell(3, note).value = "=1+1"


WORKBOOK_CASES = [
    ("province-escape", _meta("B1", "../../x"), ["_thong_tin", "Mã tỉnh không hợp lệ"]),
    ("province-absolute", _meta("B1", "/etc"), ["_thong_tin", "Mã tỉnh không hợp lệ"]),
    ("year-text", _meta("B2", "20x5"), ["_thong_tin", "thiếu tỉnh, năm"]),
    (
        "emptied-sheets",
        _empty_sheets("Kinh phí", "Kết quả", "Bình chọn"),
        ["funding.csv", "xoá cả 2 dòng", "--replace-empty"],
    ),
    ("emptied-results", _empty_sheets("Kết quả"), ["results.csv", "--replace-empty"]),
    ("formula-no-value", _formula, ["Kinh phí:3: Ghi chú", "mở sổ bằng Excel"]),
]


@pytest.mark.parametrize("case_id, mutate, fragments", tiered(WORKBOOK_CASES))
def test_malformed_workbook_is_refused(case_id, mutate, fragments, data_copy, tmp_path, published):
    from openpyxl import load_workbook

    from khuyencong.inputs.workbook import write_template

    book, _ = write_template(data_copy, "son-la", 2025, tmp_path / "book.xlsx")
    wb = load_workbook(book)
    mutate(wb)
    wb.save(book)
    around = sorted(p.name for p in tmp_path.iterdir())
    refused(["import", str(book), "--data-dir", str(data_copy)], data_copy, published, fragments)
    assert sorted(p.name for p in tmp_path.iterdir()) == around  # nothing written beside data/


def test_corrupt_workbook_is_refused(data_copy, tmp_path, published):
    book = tmp_path / "hong.xlsx"
    book.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    args = ["import", str(book), "--data-dir", str(data_copy)]
    output = refused(args, data_copy, published, ["không mở được sổ Excel"])
    assert "BadZip" not in output


ARG_CASES = [
    (["--year", "20x5"], "năm không hợp lệ '20x5'"),
    (["--jobs", "-3"], "số chương song song không hợp lệ '-3'"),
    (["--province", "../../x"], "Mã tỉnh không hợp lệ"),
    (["--format", "docx"], "chọn một trong: html, pdf, all"),
]


@pytest.mark.parametrize("args, fragment", ARG_CASES, ids=[a[0][0] + a[0][1] for a in ARG_CASES])
def test_bad_arguments_are_refused_in_vietnamese(args, fragment, data_copy, published, monkeypatch):
    monkeypatch.chdir(PROJECT)
    build = ["build", "--data-dir", str(data_copy), "--out", str(published), *args]
    assert "Usage" not in refused(build, data_copy, published, [fragment])
