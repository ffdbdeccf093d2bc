"""A corpus of malformed inputs, each refused by `khuyencong build` with its own message.

Every case breaks a copy of data/ in one way, runs the CLI against an output folder that
already holds a published edition, and checks: exit code 2, a message naming the file
(and the row and column where there is one), and the published folder byte-identical.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import unicodedata
import zipfile
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
        ["results.csv", "tệp quá lớn: hơn 50000 dòng số liệu (tối đa 50000)"],
    ),
]
TEXTS_2025 = "texts/son-la/2025.yaml"
PROGRAMME = "programmes/son-la-2026-2030.yaml"
FIRST_RESULT = RESULT_ROW.removesuffix(",")  # results.csv:2, note follows
LIMITATION = "limitations:\n  - Một số đề án"  # texts/son-la/2025.yaml:20-21
# 1 kB of nested anchors that would expand to 9^9 values ("billion laughs").
LAUGHS = "lol:\n  a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  {b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)
# Fewer aliases than the limit, still a million values once followed.
WIDE = "lol:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  {b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n" for a, b in zip("abcde", "bcdef", strict=True)
)


def padded(file: str, size: int) -> Callable[[Path], None]:
    """The file grown past `size` bytes by a comment (CSV: a trailing blank-cell-free filler)."""

    def mutate(data: Path) -> None:
        with (data / file).open("a", encoding="utf-8") as f:
            f.write(("# " + "x" * 1022 + "\n") * (size // 1024 + 1))

    return mutate


# Cases of issue 21: bounds before work, and the validation gaps (each message Vietnamese,
# naming the file and row; refused in bounded time and memory, see also test_bounds.py).
CASES += [
    (
        "ambiguous-quantity",
        replace("results.csv", RESULT_ROW, RESULT_ROW.replace(",local,2,", ",local,1.905,")),
        ["results.csv:2", "quantity", "gặp 1.905", "cần 1905", "thì viết 1.9050"],
    ),
    (
        "ambiguous-indicator-value",
        replace("indicators.csv", "kinh-phi-duoc-giao,all,7.7,", "kinh-phi-duoc-giao,all,7.700,"),
        ["indicators.csv:2", "value", "gặp 7.700", "cần 7700", "thì viết 7.7000"],
    ),
    (
        "ambiguous-plan-quantity",
        replace(
            "programme_plan.csv",
            "son-la-2026-2030,mo-hinh-trinh-dien,2026,national,0,0,",
            "son-la-2026-2030,mo-hinh-trinh-dien,2026,national,1.500,0,",
        ),
        ["programme_plan.csv:2", "quantity", "gặp 1.500", "cần 1500"],
    ),
    (
        "period-reversed-results",
        replace("results.csv", "son-la,2016,2020,dao-tao-nghe", "son-la,2020,2016,dao-tao-nghe"),
        ["results.csv:6", "period_start", "năm đầu kỳ sau năm cuối kỳ", "2020 > 2016"],
    ),
    (
        "period-reversed-indicators",
        replace("indicators.csv", "son-la,2016,2020,kinh-phi", "son-la,2021,2020,kinh-phi"),
        ["indicators.csv:2", "period_start", "năm đầu kỳ sau năm cuối kỳ", "2021 > 2020"],
    ),
    (
        "period-reversed-text",
        replace("texts/son-la/2016-2020.yaml", "period_start: 2016", "period_start: 2021"),
        ["texts/son-la/2016-2020.yaml:3", "period_start", "năm đầu kỳ sau năm cuối kỳ"],
    ),
    (
        "period-reversed-programme",
        replace(PROGRAMME, "period_start: 2026", "period_start: 2031"),
        ["son-la-2026-2030.yaml", "period_start", "2031 > 2030"],
    ),
    (
        "programme-quoted-year",
        replace(PROGRAMME, "period_start: 2026", 'period_start: "2026"'),
        [f"{PROGRAMME}:", "period_start", "sai kiểu giá trị", "chữ “2026”", "ngoặc kép"],
    ),
    (
        "programme-empty-period",
        replace(PROGRAMME, "period_end: 2030", "period_end:"),
        [f"{PROGRAMME}:", "period_end", "thiếu giá trị"],
    ),
    (
        "programme-title-list",
        replace(PROGRAMME, "title: Chương trình", "title: [Chương trình, x]\nx_title: Chương"),
        [f"{PROGRAMME}:", "title", "gặp một danh sách", "cần một đoạn chữ"],
    ),
    (
        "programme-totals-text",
        replace(PROGRAMME, "  total: 25965", "  total: 25.965 triệu"),
        [PROGRAMME, "stated_totals.total", "chữ “25.965 triệu”", "một số"],
    ),
    (
        "text-quoted-year",
        replace(TEXTS_2025, "period_end: 2025", "period_end: '2025'"),
        [f"{TEXTS_2025}:7", "period_end", "ngoặc kép"],
    ),
    (
        "csv-right-to-left-override",
        replace("results.csv", FIRST_RESULT + ',"Ứng dụng', FIRST_RESULT + ',"Ứng \u202edụng'),
        ["results.csv:2", "note", "U+202E", "ở ký tự thứ 5", "ký tự ẩn"],
    ),
    (
        "csv-zero-width-space",
        replace("activities.csv", ",Mô hình,1,true", ",Mô\u200bhình,1,true"),
        ["activities.csv:2", "unit_vi", "dấu cách không độ rộng U+200B"],
    ),
    (
        "csv-invisible-in-header",
        replace("funding.csv", FUNDING_HEAD, FUNDING_HEAD.replace(",note", ",no\u200bte")),
        ["funding.csv:1", "U+200B", "ở ký tự thứ 3"],
    ),
    (
        "csv-bom-inside",
        replace("entities.csv", "son-la,province,", "son-la,province,\ufeff"),
        ["entities.csv:2", "region", "U+FEFF"],
    ),
    (
        "csv-control-character",
        replace("results.csv", FIRST_RESULT + ',"Ứng', FIRST_RESULT + ',"\x07Ứng'),
        ["results.csv:2", "note", "ký tự điều khiển U+0007"],
    ),
    (
        "csv-zero-width-joiner",
        replace("funding.csv", LOCAL_2025 + "seed-000,", LOCAL_2025 + "seed-000,Tổng\u200d"),
        ["funding.csv:3", "note", "ký tự nối ẩn U+200D"],
    ),
    (
        "csv-long-field",
        replace("results.csv", FIRST_RESULT + ',"Ứng', FIRST_RESULT + ',"' + "Ứng " * 1500),
        ["results.csv:2", "note", "nội dung quá dài", "ký tự", "tối đa 5000"],
    ),
    (
        "csv-field-beyond-reader",
        replace("results.csv", FIRST_RESULT + ',"Ứng', FIRST_RESULT + ',"' + "x" * 200_000),
        ["results.csv:2", "nội dung quá dài", "tối đa 5000"],
    ),
    (
        "csv-too-many-bytes",
        padded("sources.csv", 33 * 1024 * 1024),
        ["sources.csv", "tệp quá lớn: 33 MB (tối đa 32 MB)"],
    ),
    (
        "yaml-right-to-left-override",
        replace(TEXTS_2025, LIMITATION, "limitations:\n  - Một \u202esố đề án"),
        [f"{TEXTS_2025}:21", "U+202E", "ở ký tự thứ 9 của dòng"],
    ),
    (
        "yaml-escaped-control",
        replace(TEXTS_2025, LIMITATION, 'limitations:\n  - "Một \\x1b[31m số"\n  - Một số đề án'),
        [f"{TEXTS_2025}:21", "limitations", "ký tự điều khiển U+001B"],
    ),
    (
        "yaml-long-paragraph",
        replace(TEXTS_2025, "closing: Với", "closing: " + "Với " * 50_000),
        [TEXTS_2025, "closing", "nội dung quá dài", "200"],
    ),
    (
        "yaml-billion-laughs",
        write(TEXTS_2025, LAUGHS.encode()),
        [TEXTS_2025, "quá nhiều tham chiếu"],
    ),
    (
        "yaml-alias-expansion",
        write(TEXTS_2025, WIDE.encode()),
        [TEXTS_2025, "quá lớn khi mở các tham chiếu"],
    ),
    (
        "yaml-recursive-alias",
        write(TEXTS_2025, b"source_id: seed-000\nlimitations: &a [x, *a]\n"),
        [f"{TEXTS_2025}:2", "tham chiếu vòng"],
    ),
    (
        "yaml-deep-nesting",
        write(TEXTS_2025, b"limitations: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"),
        [TEXTS_2025, "lồng nhau quá sâu"],
    ),
    (
        "yaml-big-structure-not-printed",
        replace(
            TEXTS_2025, "closing: Với", "document:\n  number: [" + "x, " * 40_000 + "x]\nx: Với"
        ),
        [TEXTS_2025, "document.number", "gặp một danh sách"],
    ),
    (
        "yaml-too-many-bytes",
        padded(TEXTS_2025, 2 * 1024 * 1024),
        [TEXTS_2025, "tệp YAML quá lớn", "tối đa 2048 kB"],
    ),
]


def template(content: bytes) -> Callable[[Path], None]:
    """A province Word template (data/templates/son-la/bao-cao.docx) with `content`."""

    def mutate(data: Path) -> None:
        own = data / "templates" / "son-la" / "bao-cao.docx"
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_bytes(content)

    return mutate


def zip_bomb() -> bytes:
    """The package's Word template plus 80 MB of zeros (deflated to about 80 kB)."""
    import io
    import zipfile

    from khuyencong.core.templates import PACKAGE_TEMPLATES

    out = io.BytesIO()
    with (
        zipfile.ZipFile(PACKAGE_TEMPLATES / "bao-cao.docx") as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
        dst.writestr("word/media/image1.png", b"\0" * (80 * 1024 * 1024))
    return out.getvalue()


def without_style(name: str) -> bytes:
    from khuyencong.outputs.word_template import make_template, stable_bytes

    doc = make_template()
    style = doc.styles[name].element
    style.getparent().remove(style)
    return stable_bytes(doc)


def link(file: str, target: str) -> Callable[[Path], None]:
    def mutate(data: Path) -> None:
        path = data / file
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)

    return mutate


# Issue 21: untrusted templates, links out of data/.
TEMPLATE_MESSAGE = "Mẫu Word data/templates/son-la/bao-cao.docx"
CASES += [
    (
        "template-not-a-zip",
        template("Tôi không phải tệp Word.".encode()),
        [TEMPLATE_MESSAGE, "không phải tệp Word .docx"],
    ),
    ("template-zip-bomb", template(zip_bomb()), [TEMPLATE_MESSAGE, "giải nén ra quá lớn"]),
    (
        "symlink-to-system-file",
        link("funding.csv", "/etc/passwd"),
        ["funding.csv", "liên kết tượng trưng"],
    ),
    ("symlinked-folder", link("texts/son-la", "/etc"), ["texts/son-la", "liên kết tượng trưng"]),
    (
        "template-missing-style",
        template(without_style("KC Chữ ký")),
        [TEMPLATE_MESSAGE, "thiếu kiểu (style) KC Chữ ký"],
    ),
    (
        "symlinked-template",
        link("templates/son-la/bao-cao.docx", "/etc/passwd"),
        ["templates/son-la/bao-cao.docx", "liên kết tượng trưng"],
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
    assert "root:" not in result.output  # nothing of a file outside data/ (/etc/passwd)
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
    if case_id.startswith("symlink"):
        assert "/etc" not in output  # the link is named, never what it points to


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


def _report_formula(wb) -> None:
    """A formula never computed in the report's sheet: it used to erase the field silently."""
    ws = wb["Văn bản báo cáo"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "Địa danh")
    ws.cell(row, 2).value = '=CONCAT("Sơn"," La")'


def _formula(wb) -> None:
    ws = wb["Kinh phí"]
    note = next(c.column for c in ws[1] if c.value == "note")
    ws.cell(3, note).value = "=1+1"


def _typed(sheet: str, code: str, value: object, row: int = 3):
    """`value` typed in the column of code `code` (hidden first row) of a table sheet."""

    def mutate(wb) -> None:
        ws = wb[sheet]
        column = next(c.column for c in ws[1] if c.value == code)
        ws.cell(row, column).value = value

    return mutate


def _labelled(sheet: str, label: str, value: object):
    """`value` in column B of the row labelled `label` (the text and report sheets)."""

    def mutate(wb) -> None:
        ws = wb[sheet]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
        ws.cell(row, 2).value = value

    return mutate


def _long_sheet(rows: int):
    def mutate(wb) -> None:
        ws = wb["Kết quả"]
        column = next(c.column for c in ws[1] if c.value == "activity")
        for r in range(3, 3 + rows):
            ws.cell(r, column).value = "x"

    return mutate


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
    (
        "formula-no-value-report-sheet",
        _report_formula,
        ["Văn bản báo cáo:", "Nội dung — ô có công thức nhưng chưa có giá trị"],
    ),
    # Issue 21: the same checks as a CSV or YAML file, on the sheet, row and header.
    (
        "wb-right-to-left-override",
        _typed("Kinh phí", "note", "Ghi \u202echú"),
        ["Kinh phí:3: Ghi chú", "U+202E", "ở ký tự thứ 5"],
    ),
    (
        "wb-c1-control-in-text-sheet",
        _labelled("Văn bản", "Tồn tại, hạn chế", "Một\x9bsố đề án"),
        ["Văn bản:", "Nội dung", "ký tự điều khiển U+009B"],
    ),
    (
        "wb-zero-width-space-in-report-sheet",
        _labelled("Văn bản báo cáo", "Họ tên người ký", "Nguyễn\u200bVăn A"),
        ["Văn bản báo cáo:", "Nội dung", "U+200B"],
    ),
    (
        "wb-long-cell",
        _typed("Kết quả", "note", "Ứng dụng " * 700),
        # 700 × 9 characters, less the trailing space a cell loses
        ["Kết quả:3: Ghi chú", "nội dung quá dài", "6299 ký tự", "tối đa 5000"],
    ),
    (
        "wb-ambiguous-quantity",
        _typed("Kết quả", "quantity", "1.905"),
        ["Kết quả:3: Số lượng", "gặp 1.905", "cần 1905", "thì viết 1.9050"],
    ),
    ("wb-too-many-rows", _long_sheet(50_001), ["Kết quả:50003", "trang quá dài", "hơn 50000"]),
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


def test_import_refuses_links_in_data(data_copy, tmp_path, published):
    from khuyencong.inputs.workbook import write_template

    book, _ = write_template(data_copy, "son-la", 2025, tmp_path / "book.xlsx")
    link("awards.csv", "/etc/passwd")(data_copy)
    args = ["import", str(book), "--data-dir", str(data_copy)]
    refused(args, data_copy, published, ["awards.csv", "liên kết tượng trưng"])


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


# ---------------------------------------------------------------------------------------------
# Issue 21: a workbook that would inflate to 1,2 GB, refused before anything is inflated, and the
# refusals of an oversized workbook within a memory limit (the old reader peaked at 5,8 GB).

BOMB_INFLATED = 1200 * 1024 * 1024  # 1 200 MB of rows once inflated
RESULTS_PART = "xl/worksheets/sheet3.xml"  # "Kết quả", the third sheet of the template


def bomb(book: Path, target: Path, inflated: int = BOMB_INFLATED, one_cell: bool = False) -> Path:
    """`book` with its results sheet replaced by `inflated` bytes of rows, deflated to a few MB
    (`one_cell`: a single cell holding them all)."""
    row = b'<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>' * 1024
    if one_cell:
        row = b"x" * len(row)
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            if info.filename != RESULTS_PART:
                out.writestr(info, src.read(info))
                continue
            part = zipfile.ZipInfo(RESULTS_PART, info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            with out.open(part, "w", force_zip64=True) as f:
                f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml')
                f.write(b'/2006/main"><sheetData>')
                if one_cell:
                    f.write(b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
                for _ in range(-(-inflated // len(row))):  # rounded up: at least `inflated`
                    f.write(row)
                if one_cell:
                    f.write(b"</t></is></c></row>")
                f.write(b"</sheetData></worksheet>")
    return target


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory, data_dir) -> Path:
    from khuyencong.inputs.workbook import write_template

    folder = tmp_path_factory.mktemp("bomb")
    book, _ = write_template(data_dir, "son-la", 2025, folder / "book.xlsx")
    return bomb(book, folder / "bom.xlsx")


@pytest.mark.slow  # builds a 1 200 MB (declared) workbook
def test_a_zip_bomb_is_refused_before_anything_is_inflated(
    zip_bomb, data_copy, published, monkeypatch
):
    assert zip_bomb.stat().st_size < 8 * 1024 * 1024  # a few MB on disk…
    with zipfile.ZipFile(zip_bomb) as archive:  # …1 200 MB once inflated
        assert archive.getinfo(RESULTS_PART).file_size >= BOMB_INFLATED
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    args = ["import", str(zip_bomb), "--data-dir", str(data_copy)]
    fragments = ["bom.xlsx", "sổ Excel quá lớn khi giải nén", "1200 MB", "tối đa 128 MB"]
    refused(args, data_copy, published, fragments)
    assert opened == []  # refused from the zip's directory: no part was read, let alone inflated


def _capped_import(book: Path, data: Path, megabytes: int = 512) -> subprocess.CompletedProcess:
    """`khuyencong import` in a process whose address space is capped at `megabytes`."""

    def cap() -> None:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    code = "from khuyencong.cli.commands import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "import", str(book), "--data-dir", str(data)],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        timeout=600,
        check=False,
    )


@pytest.mark.slow  # each runs the import in a memory-capped process
@pytest.mark.parametrize("kind", ["bomb", "long-sheet", "giant-cell"])
def test_an_oversized_workbook_is_refused_within_512_mb(kind, zip_bomb, data_copy, tmp_path):
    """Each refused in a process that cannot map more than 512 MB (a normal import needs about
    120 MB): the zip bomb by its inflated size, a sheet of 50 001 rows at its row 50 003, one
    cell of 120 MB by streaming the sheet before openpyxl would hold the cell whole."""
    from openpyxl import load_workbook

    book = zip_bomb
    if kind == "giant-cell":
        from khuyencong.inputs.workbook import write_template

        plain, _ = write_template(data_copy, "son-la", 2025, tmp_path / "so.xlsx")
        book = bomb(plain, tmp_path / "o.xlsx", 120 * 1024 * 1024, one_cell=True)
    if kind == "long-sheet":
        from khuyencong.inputs.workbook import write_template

        book, _ = write_template(data_copy, "son-la", 2025, tmp_path / "dai.xlsx")
        wb = load_workbook(book)
        _long_sheet(50_001)(wb)
        wb.save(book)
    before = snapshot(data_copy)
    done = _capped_import(book, data_copy)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    expected = {
        "bomb": "quá lớn khi giải nén",
        "long-sheet": "Kết quả:50003: trang quá dài",
        "giant-cell": "Kết quả: sổ Excel có ô quá dài",
    }[kind]
    assert expected in output and "Traceback" not in output and "MemoryError" not in output
    assert "results.csv" not in output  # the sheet is named, not the file it would replace
    assert snapshot(data_copy) == before


def test_an_invalid_issue_date_is_refused_before_any_work(data_copy, published, monkeypatch):
    monkeypatch.chdir(PROJECT)
    monkeypatch.setenv("KHUYENCONG_ISSUE_DATE", "31/12/2025")
    args = ["build", "--data-dir", str(data_copy), "--out", str(published)]
    output = refused(args, data_copy, published, ["KHUYENCONG_ISSUE_DATE", "“31/12/2025”"])
    assert "Kiểm tra dữ liệu" not in output  # refused before the data is even read
