"""The checkers of issue 21, one by one: every typed text (textguard), YAML within bounds
(yamlread), the type of every YAML key (yamltypes), a CSV refused while it is read, a workbook's
zip directory, and a rule's details summarised in the chapter."""

from __future__ import annotations

import csv
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from khuyencong.inputs import textguard, validation, yamlread, yamltypes
from khuyencong.inputs.workbook import bounds

# ---------------------------------------------------------------------------------------------
# textguard: the same words for a CSV cell, a YAML value and a workbook cell

ALLOWED_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs"), blacklist_characters="\ufffe\uffff"
    )
    | st.sampled_from("\t\n\r"),
    max_size=200,
)
REFUSED = st.sampled_from(
    ["\u202e", "\u202d", "\u2066", "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\x00",
     "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\ufffe", "\U000e0041"]
)  # fmt: skip


@given(ALLOWED_TEXT.filter(lambda t: len(t) <= textguard.MAX_FIELD))
def test_text_without_invisible_characters_passes(text):
    assert textguard.problem("a.csv", 2, "note", text) is None


@given(ALLOWED_TEXT, REFUSED, ALLOWED_TEXT)
def test_an_invisible_character_is_found_at_its_place(before, ch, after):
    problem = textguard.problem("a.csv", 2, "note", before + ch + after)
    assert problem is not None and (problem.file, problem.row, problem.column) == (
        "a.csv",
        2,
        "note",
    )
    assert problem.found == f"{textguard.describe(ch)} ở ký tự thứ {len(before) + 1}"
    assert f"U+{ord(ch):04X}" in problem.found


def test_vietnamese_needs_none_of_the_refused_characters():
    """Every letter of Vietnamese, precomposed (NFC) or decomposed (NFD: base letter and
    combining marks, category Mn), and its usual punctuation pass."""
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    tones = "\u0300\u0301\u0303\u0309\u0323"
    words = [b + t for b in letters + letters.upper() for t in ("", *tones)]
    text = " ".join(words) + " – “…” ‘,’ № 1.905 84,3% §"
    for form in ("NFC", "NFD"):
        assert textguard.first_refused(unicodedata.normalize(form, text)) is None


def test_field_length_is_bounded_and_described_not_printed():
    problem = textguard.problem("t.yaml", 3, "closing", "x" * 200_000)
    assert problem is not None and problem.found == "200000 ký tự"
    assert len(str(problem)) < 200


def test_line_problems_name_each_line_once_and_stop_at_fifty():
    text = "a\u202e\u202e\nb\nc\u200b\n" + "\u200b\n" * 100
    problems = textguard.line_problems("t.yaml", text)
    assert [p.row for p in problems[:2]] == [1, 3]
    assert problems[0].found.endswith("ở ký tự thứ 2 của dòng")
    assert len(problems) == 50


def test_the_known_ranges_are_what_a_scan_of_unicode_finds():
    """The refused characters written as ranges (no scan per command) are exactly those the
    category rule picks out of this Python's Unicode database."""
    known = textguard.KNOWN_RANGES.get(unicodedata.unidata_version)
    assert known is None or known == textguard.scanned_ranges()
    assert "14.0.0" in textguard.KNOWN_RANGES  # Python 3.11's, the project's Python


def test_the_pattern_finds_exactly_the_refused_characters_of_every_plane():
    pattern = textguard._pattern()
    codes = (c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    wrong = [c for c in codes if bool(pattern.match(chr(c))) != textguard.refused_char(chr(c))]
    assert wrong == []
    # by hand: the right-to-left override, the zero-width space and NUL are refused,
    # a Vietnamese letter, a tab and the ordinary space are not
    assert [bool(pattern.match(ch)) for ch in "\u202e\u200b\x00ệ\t "] == [1, 1, 1, 0, 0, 0]


# ---------------------------------------------------------------------------------------------
# yamlread: aliases counted while composing, the expansion computed without expanding


def _laughs(levels: int, width: int) -> str:
    names = [f"l{i}" for i in range(levels + 1)]
    lines = [f"{names[0]}: &{names[0]} [{', '.join(['x'] * width)}]"]
    for a, b in zip(names, names[1:], strict=False):
        lines.append(f"{b}: &{b} [{', '.join([f'*{a}'] * width)}]")
    return "\n".join(lines) + "\n"


@given(st.integers(1, 4), st.integers(1, 6))
def test_expanded_size_counts_every_value_an_alias_reaches(levels, width):
    """Level 0 holds `width` scalars; level k holds `width` aliases of level k-1. Counting the
    document, its mapping, keys and lists: a list of level k has S(k) = 1 + width·S(k-1) values
    once expanded, S(0) = 1 + width."""
    size = 1 + width
    total = 1 + 1 + size  # the document's mapping, key l0, list l0
    for _ in range(levels):
        size = 1 + width * size
        total += 1 + size  # key lk, list lk
    node = yaml.compose(_laughs(levels, width), Loader=yaml.SafeLoader)
    assert yamlread.expanded_size(node, limit=10**9) == total


def test_billion_laughs_is_refused_in_bounded_memory_without_building_it():
    text = _laughs(9, 9)  # 9^10 values once expanded, about one kilobyte written
    assert len(text) < 1500
    doc, node, problems = yamlread.load(text, "t.yaml")
    assert doc is None and node is None
    assert [p.message for p in problems] == ["YAML dùng quá nhiều tham chiếu (*tên)"]


def test_a_few_aliases_are_tolerated():
    doc, _, problems = yamlread.load("a: &x [1, 2]\nb: *x\n", "t.yaml")
    assert problems == [] and doc == {"a": [1, 2], "b": [1, 2]}


def test_an_escaped_control_character_is_named_with_its_key_and_line():
    text = 'document:\n  signer:\n    name: "Nguyễn\\u200bVăn A"\n'
    _, _, problems = yamlread.load(text, "t.yaml")
    assert [(p.row, p.column) for p in problems] == [(3, "document.signer.name")]
    assert "U+200B" in str(problems[0].found)


# ---------------------------------------------------------------------------------------------
# yamltypes: a quoted year, a list where a text is expected, a number written as text


@pytest.mark.parametrize(
    ("doc", "column", "found", "expected"),
    [
        ({"period_start": "2026"}, "period_start", "chữ “2026”", "ngoặc kép"),
        ({"title": ["a", "b"]}, "title", "một danh sách", "một đoạn chữ"),
        ({"stated_totals": {"local": "18.435"}}, "stated_totals.local", "chữ “18.435”", "một số"),
        ({"stated_totals": [1]}, "stated_totals", "một danh sách", "bảng nguồn"),
        ({"decision_date": "11/5/2026"}, "decision_date", "chữ “11/5/2026”", "2026-05-11"),
        ({"reporting": {"deadlines": [{"day": "20", "month": 6}]}}, "reporting.deadlines.day",
         "chữ “20”", "số nguyên"),
        ({"targets": [{"text": "a", "quantity": True}]}, "targets.quantity",
         "giá trị đúng/sai", "một số"),
        ({"legal_bases": ["a", 5]}, "legal_bases", "một số (5)", "một đoạn chữ"),
        ({"period_end": True}, "period_end", "giá trị đúng/sai", "một năm"),
    ],
)  # fmt: skip
def test_programme_key_types(doc, column, found, expected):
    problems = yamltypes.problems(doc, yamltypes.PROGRAMME, "p.yaml", {column: 7})
    assert len(problems) == 1
    p = problems[0]
    assert (p.row, p.column, p.found) == (7, column, found) and expected in str(p.expected)


def test_the_data_programme_and_texts_have_the_right_types(data_dir):
    for path in sorted(data_dir.glob("programmes/*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert yamltypes.problems(doc, yamltypes.PROGRAMME, path.name, {}) == []
    for path in sorted(data_dir.glob("texts/*/*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert yamltypes.problems(doc, yamltypes.TEXTS, path.name, {}) == []


@given(st.integers(2000, 2100), st.integers(2000, 2100))
def test_a_period_is_refused_exactly_when_it_starts_after_it_ends(start, end):
    doc = {"period_start": start, "period_end": end}
    problems = yamltypes.problems(doc, yamltypes.TEXTS, "t.yaml", {})
    assert bool(problems) == (start > end)


# ---------------------------------------------------------------------------------------------
# CSV: refused by its size before it is read, and at row MAX_ROWS + 1 while it is read


def test_a_long_csv_is_refused_at_the_first_row_past_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "awards.csv"
    line = "son-la,2025,tinh,1,1,1,1,seed-000\n"
    path.write_text(
        "province,year,level,dossiers,units,eligible,recognised,source_id\n" + line * 200_000
    )
    consumed = 0
    real_reader = csv.reader

    class Counting:
        def __init__(self, *args, **kwargs):
            self.reader = real_reader(*args, **kwargs)

        def __iter__(self):
            return self

        def __next__(self):
            nonlocal consumed
            row = next(self.reader)
            consumed += 1
            return row

        @property
        def line_num(self):
            return self.reader.line_num

    monkeypatch.setattr(validation.csv, "reader", Counting)
    header, rows, problems = validation.read_rows(path, "awards.csv")
    assert (header, rows) == ([], [])
    assert [p.message for p in problems] == ["tệp quá lớn: hơn 50000 dòng số liệu (tối đa 50000)"]
    assert consumed == validation.MAX_ROWS + 2  # the header, 50 000 rows, and one more: no more


def test_an_oversized_csv_is_refused_by_its_size_alone(tmp_path, monkeypatch):
    path = tmp_path / "awards.csv"
    with path.open("wb") as f:
        f.truncate(validation.MAX_BYTES + 1)  # sparse: nothing to read
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read"))
    _, _, problems = validation.read_rows(path, "awards.csv")
    assert [str(p) for p in problems] == [
        "awards.csv: tệp quá lớn: 32 MB (tối đa 32 MB) (cần tách hoặc rút gọn tệp; báo cáo một "
        "tỉnh, một năm chỉ cần vài trăm dòng)"
    ]


def test_period_problems_in_any_table_with_both_columns():
    import pandas as pd

    frame = pd.DataFrame(
        {"period_start": [2016, 2021, None], "period_end": [2020, 2020, 2020], "__row": [2, 3, 4]}
    ).astype({"period_start": "Int64", "period_end": "Int64"})
    problems = validation.period_problems(frame, "x.csv")
    assert [(p.row, p.found) for p in problems] == [(3, "2021 > 2020")]


# ---------------------------------------------------------------------------------------------
# A workbook's zip directory


def test_check_zip_counts_declared_sizes_only(tmp_path, monkeypatch):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", b"\0" * (bounds.MAX_UNZIPPED_BYTES // 2))
        z.writestr("b.xml", b"\0" * (bounds.MAX_UNZIPPED_BYTES // 2))
    bounds.check_zip(path)  # exactly the limit: accepted
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("c.xml", b"\0")
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("inflated"))
    with pytest.raises(bounds.WorkbookError, match="quá lớn khi giải nén"):
        bounds.check_zip(path)


def test_check_zip_leaves_a_file_that_is_not_a_zip_to_the_reader(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"not a zip")
    assert bounds.check_zip(path) is None


# ---------------------------------------------------------------------------------------------
# Rule details in the chapter


def test_summarised_keeps_ten_details_and_counts_the_rest():
    from khuyencong.figures.rules import summarised

    assert summarised(["a", "b"]) == ["a", "b"]
    out = summarised([f"d{i}" for i in range(20_000)])
    assert out[:10] == [f"d{i}" for i in range(10)]
    assert out[10] == "… và 19.990 trường hợp khác."  # 20 000 − 10, thousands with a dot


@pytest.mark.slow  # 20 000 result rows through every rule
def test_twenty_thousand_result_rows_make_a_short_rules_table(data_copy):
    """20 000 valid rows whose units differ from the catalogue (QT3 fails on each): the rule's
    cell in the chapter holds ten details and a count, not a paragraph of megabytes."""
    from khuyencong.content.chapters.reconciliation import _rules
    from khuyencong.inputs.dataset import load_dataset

    with (data_copy / "results.csv").open("a", encoding="utf-8") as f:
        for i in range(20_000):
            f.write(f"son-la,2025,2025,may-moc-thiet-bi,local,1,đơn vị {i},,exact,seed-000,\n")
    rules = _rules(load_dataset(data_copy), "son-la", 2025)
    shown = rules.tbl_rules.markdown + (rules.tbl_rules.csv or "")
    # 20 000 rows + the 2 of the data whose unit already differs (“cơ sở” for “Nhãn hiệu”,
    # “trường” for “Hội nghị”) = 20 002 failures, 10 shown: 19 992 counted (Markdown escapes ".")
    assert "… và 19\\.992 trường hợp khác\\." in shown
    assert len(shown) < 20_000  # before: every one of the 20 000 details in one cell


def test_a_problem_prints_at_most_120_characters_of_what_was_found():
    from khuyencong.errors import Problem

    line = str(Problem("a.csv", 2, "note", "giá trị không hợp lệ", "y" * 4_000, "z"))
    assert line == f"a.csv:2: note — giá trị không hợp lệ (gặp {'y' * 119}…, cần z)"


def test_a_required_programme_key_left_empty_is_refused():
    doc = {"period_start": None, "title": None}
    problems = yamltypes.problems(
        doc, yamltypes.PROGRAMME, "p.yaml", {"period_start": 9}, ("period_start",)
    )
    assert [(p.row, p.column, p.message) for p in problems] == [
        (9, "period_start", "thiếu giá trị")
    ]


@given(st.lists(st.integers(0, 40), min_size=1, max_size=30), st.integers(1, 16))
def test_longest_run_across_chunk_boundaries(runs, chunk):
    """Runs of text separated by "<", read in chunks of any size: the longest run is found
    wherever the chunks cut it (computed here by hand as the max of the run lengths)."""
    import io

    data = b"<".join(b"x" * n for n in runs)
    old = bounds._CHUNK
    bounds._CHUNK = chunk
    try:
        assert bounds._longest_run(io.BytesIO(data)) == max(runs)
    finally:
        bounds._CHUNK = old


def test_text_runs_leave_a_damaged_zip_to_the_reader(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert bounds.check_text_runs(path) is None
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b"x" * (bounds.MAX_TEXT_RUN + 10) + b"</a>")
    raw = bytearray(path.read_bytes())
    raw[100:110] = b"\xff" * 10  # the deflated stream broken: the reader's message, not ours
    path.write_bytes(bytes(raw))
    assert bounds.check_text_runs(path) is None


def test_a_texts_yaml_is_composed_once_for_all_its_paragraph_checks():
    from khuyencong.inputs import hints, prose

    raw = (
        "policies:\n"
        "  - Một đoạn: có dấu hai chấm\n"  # line 2: read by YAML as a key: value pair
        "  - Đoạn thường\n"
        "limitations:\n"
        "  - Tăng so với năm trước\n"  # line 5
    )
    hints.composed.cache_clear()
    assert hints.mapping_item_lines(raw, "policies") == [2]
    assert hints.mapping_item_lines(raw, "limitations") == []
    assert prose.item_lines(raw) == {("policies", 0): 2, ("policies", 1): 3, ("limitations", 0): 5}
    info = hints.composed.cache_info()
    assert (info.misses, info.hits) == (1, 2)
    assert hints.mapping_item_lines("policies: [a\n", "policies") == []  # not YAML: no line
    assert prose.item_lines("policies: [a\n") == {}


def test_the_lines_of_a_loaded_text_are_kept_and_equal_a_fresh_composition(monkeypatch):
    text = "document:\n  number: 12/BC-SCT\n  place: Sơn La\nclosing: Kết thúc\n"
    # by hand: the keys' lines, 1-based
    expected = {"document": 1, "document.number": 2, "document.place": 3, "closing": 4}
    assert yamlread.lines_of(text + "\n") == expected  # never loaded: composed here
    doc, _, problems = yamlread.load(text, "t.yaml")
    assert problems == [] and doc is not None
    monkeypatch.setattr(yamlread, "_compose", None)  # the kept lines need no composition
    lines = yamlread.lines_of(text)
    assert lines == expected
    lines["closing"] = 99  # a caller's copy
    assert yamlread.lines_of(text) == expected
