"""A province and its sources declared through the commands, never by editing a CSV; actual
figures that cite the programme's decision refused; another province's data leaves an edition's
bytes alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from khuyencong.cli.commands import main
from khuyencong.errors import DataValidationError
from khuyencong.inputs.dataset import load_dataset

PROJECT = Path(__file__).resolve().parents[1]
EXE = str(Path(sys.executable).with_name("khuyencong"))


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_add_province_appends_one_row_and_keeps_the_others(data_copy):
    before = (data_copy / "entities.csv").read_text(encoding="utf-8")
    result = invoke(
        "add-province", "--province", "lai-chau", "--name", "Lai Châu",
        "--region", "mien-bac-28", "--data-dir", str(data_copy),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = (data_copy / "entities.csv").read_text(encoding="utf-8")
    assert after == before + "lai-chau,province,mien-bac-28,Lai Châu,,,,authored\n"
    ent = load_dataset(data_copy).entities.set_index("entity")
    assert ent.loc["lai-chau", "name_vi"] == "Lai Châu"
    assert "Đã khai báo tỉnh Lai Châu" in result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--province", "son-la", "--name", "Sơn La"], "son-la"),  # already declared
        (["--province", "lai-chau", "--name", "Lai Châu", "--region", "khong-co"], "khong-co"),
        (["--province", "Lai Chau", "--name", "Lai Châu"], "Lai Chau"),  # not a slug
    ],
)
def test_a_refused_province_writes_nothing(data_copy, args, said):
    before = (data_copy / "entities.csv").read_bytes()
    result = invoke("add-province", *args, "--data-dir", str(data_copy))
    assert result.exit_code == 2, result.output
    assert "entities.csv" in result.output and said in result.output
    assert "Traceback" not in result.output
    assert (data_copy / "entities.csv").read_bytes() == before


def test_add_source_declares_a_document_rows_can_cite(data_copy):
    result = invoke(
        "add-source", "--source", "bc-2026", "--kind", "news",
        "--title", "Báo cáo kết quả khuyến công năm 2026", "--published", "2026-12-20",
        "--data-dir", str(data_copy),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sources = load_dataset(data_copy).sources.set_index("source_id")
    assert sources.loc["bc-2026", "title"] == "Báo cáo kết quả khuyến công năm 2026"
    again = invoke(
        "add-source", "--source", "bc-2026", "--kind", "news", "--title", "x",
        "--data-dir", str(data_copy),
    )  # fmt: skip
    assert again.exit_code == 2 and "sources.csv" in again.output


def test_actual_results_citing_the_programme_decision_are_refused(data_copy):
    """seed-003 is the 2026–2030 decision (programmes/*.yaml source_id): it plans, it does not
    report. A 2026 result marked `exact` with that source is refused at its row; the same row
    still `planned` (as new-year prefills it) is accepted."""
    row = "son-la,2026,2026,may-moc-thiet-bi,local,4,cơ sở,,{q},seed-003,\n"
    path = data_copy / "results.csv"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + row.format(q="planned"), encoding="utf-8")
    load_dataset(data_copy)
    path.write_text(original + row.format(q="exact"), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    message = str(info.value)
    n = original.count("\n") + 1  # the header is row 1, so the appended row is the last line's
    assert f"results.csv:{n}" in message and "quyết định phê duyệt chương trình" in message


def published(site: Path) -> dict[Path, bytes]:
    files = sorted(p for p in site.rglob("*") if p.is_file())
    return {p.relative_to(site): p.read_bytes() for p in files if not p.name.startswith(".")}


@pytest.mark.slow
def test_adding_a_province_leaves_son_la_2025_byte_for_byte(tmp_path):
    """Issue 18: after a province of the same region is added with 2026 results, every file of
    the published Sơn La 2025 edition is unchanged (the hidden build stamp, which records the
    hash of the inputs it was built from, is not a page and is left out of the comparison)."""
    data, out = tmp_path / "data", tmp_path / "_build"
    shutil.copytree(PROJECT / "data", data, ignore=shutil.ignore_patterns(".backup", "drafts"))
    build = [EXE, "build", "--province", "son-la", "--year", "2025", "--format", "html"]
    build += ["--data-dir", str(data), "--out", str(out), "--jobs", "1"]
    env = os.environ | {"KHUYENCONG_LOCK_TIMEOUT": "900"}
    subprocess.run(build, check=True, cwd=PROJECT, env=env, capture_output=True)
    site = out / "site" / "son-la" / "2025"
    before = published(site)
    added = subprocess.run(
        [EXE, "add-province", "--province", "lai-chau", "--name", "Lai Châu",
         "--region", "mien-bac-28", "--data-dir", str(data)],
        cwd=PROJECT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert added.returncode == 0, added.stdout + added.stderr
    with (data / "results.csv").open("a", encoding="utf-8") as f:
        f.write("lai-chau,2026,2026,may-moc-thiet-bi,local,3,cơ sở,,exact,authored,\n")
    rebuilt = subprocess.run(build, cwd=PROJECT, env=env, capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    after = published(site)
    assert after.keys() == before.keys()
    assert [str(k) for k in before if before[k] != after[k]] == []
