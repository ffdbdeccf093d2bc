"""`khuyencong new-year`: a draft of a new year's inputs, prefilled from the programme, never
overwriting data. Every test works on a private copy of data/."""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from seed_003 import PLAN_2026_ACTIVITIES

from khuyencong.cli.commands import main
from khuyencong.errors import ExistingDataError, ParameterError
from khuyencong.inputs.dataset import load_dataset
from khuyencong.inputs.scaffold import draft_dir, write_draft


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_draft_of_2026_is_prefilled_from_the_programme(data_copy: Path):
    before = digests(data_copy)
    written = write_draft(data_copy, "son-la", 2026)
    folder = data_copy / "drafts" / "son-la-2026"
    assert folder == draft_dir(data_copy, "son-la", 2026)
    assert {p.relative_to(folder).as_posix() for p in written} == {
        "funding.csv",
        "results.csv",
        "awards.csv",
        "texts/son-la/2026.yaml",
    }
    # The canonical data is untouched: the draft lives in its own folder.
    assert {k: v for k, v in digests(data_copy).items() if not k.startswith("drafts")} == before

    funding = rows(folder / "funding.csv")
    assert list(funding[0]) == [
        "province",
        "year",
        "fund_source",
        "allocated",
        "disbursed",
        "tasks",
        "source_id",
        "note",
        "paid",
        "explanation",
    ]
    by_source = {r["fund_source"]: r for r in funding}
    # Seed 003, Phụ lục, row "Tổng kinh phí dự kiến…", year 2026: national 300, local 2.075.
    assert by_source["national"]["allocated"] == "300"
    assert by_source["local"]["allocated"] == "2075"
    for r in funding:
        assert (r["province"], r["year"]) == ("son-la", "2026")
        assert r["disbursed"] == "" and r["tasks"] == ""
        assert "theo kế hoạch chương trình" in r["note"]
        assert "cần cập nhật số thực tế" in r["note"]

    results = {(r["activity"], r["fund_source"]): r for r in rows(folder / "results.csv")}
    # Seed 003, 2026 cells with a non-zero quantity or budget: ten activities.
    assert {a for a, _ in results} == set(PLAN_2026_ACTIVITIES)
    # "Hỗ trợ ứng dụng máy móc…" 2026: quantities 1 (national) + 2 (local), budgets 300 + 600.
    national, local = (
        results[("may-moc-thiet-bi", "national")],
        results[("may-moc-thiet-bi", "local")],
    )
    assert (national["quantity"], national["unit"], national["budget"]) == ("1", "cơ sở", "300")
    assert (local["quantity"], local["unit"], local["budget"]) == ("2", "cơ sở", "600")
    # "Xây dựng và đăng ký nhãn hiệu" 2026: local 10 nhãn hiệu, 350 triệu đồng.
    trademarks = results[("nhan-hieu", "local")]
    assert (trademarks["quantity"], trademarks["budget"]) == ("10", "350")
    for r in results.values():
        assert (r["entity"], r["period_start"], r["period_end"]) == ("son-la", "2026", "2026")
        assert r["qualifier"] == "planned"
        assert "CẦN ĐIỀN số thực hiện" in r["note"]

    assert (folder / "awards.csv").read_text(encoding="utf-8") == (
        "province,year,level,dossiers,units,eligible,recognised,source_id\n"
    )
    text_file = folder / "texts" / "son-la" / "2026.yaml"
    raw = text_file.read_text(encoding="utf-8")
    assert raw.startswith("# ")
    doc = yaml.safe_load(raw)
    assert (doc["period_start"], doc["period_end"], doc["source_id"]) == (2026, 2026, "authored")
    for key in ("policies", "results_narrative", "limitations", "priorities"):
        assert len(doc[key]) == 1 and doc[key][0].startswith("CẦN ĐIỀN: ")
    for path in written:
        data = path.read_bytes()
        assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")


def test_draft_is_invisible_to_the_data_set(data_copy: Path):
    write_draft(data_copy, "son-la", 2026)
    data = load_dataset(data_copy)
    assert 2026 not in set(data.funding["year"])
    assert ("son-la", "2026") not in data.texts


def test_a_year_with_data_is_refused(data_copy: Path):
    before = digests(data_copy)
    with pytest.raises(ExistingDataError) as info:
        write_draft(data_copy, "son-la", 2025)
    assert info.value.exit_code == 2
    assert "son-la năm 2025" in str(info.value) and "funding.csv" in str(info.value)
    assert digests(data_copy) == before


def test_an_existing_draft_is_never_overwritten(data_copy: Path):
    write_draft(data_copy, "son-la", 2026)
    funding = data_copy / "drafts" / "son-la-2026" / "funding.csv"
    funding.write_text(funding.read_text(encoding="utf-8") + "# sửa tay\n", encoding="utf-8")
    before = digests(data_copy)
    with pytest.raises(ExistingDataError, match="không ghi đè"):
        write_draft(data_copy, "son-la", 2026)
    assert digests(data_copy) == before


def test_a_year_outside_any_programme_leaves_money_blank(data_copy: Path):
    write_draft(data_copy, "son-la", 2035)
    folder = draft_dir(data_copy, "son-la", 2035)
    funding = rows(folder / "funding.csv")
    assert [r["fund_source"] for r in funding] == ["national", "local"]
    assert all(r["allocated"] == "" and "CẦN ĐIỀN" in r["note"] for r in funding)
    assert rows(folder / "results.csv") == []


def test_a_draft_failing_half_way_leaves_no_half_draft(data_copy: Path, monkeypatch):
    real, swapped = os.replace, []

    def full_disk(src, dst):
        if len(swapped) == 1:  # funding.csv is in place; results.csv fails at its swap
            raise OSError(28, "No space left on device", str(dst))
        swapped.append(Path(dst).name)
        real(src, dst)

    before = digests(data_copy)
    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_draft(data_copy, "son-la", 2026)
    monkeypatch.undo()
    assert swapped == ["funding.csv"]
    assert digests(data_copy) == before and not draft_dir(data_copy, "son-la", 2026).exists()
    assert len(write_draft(data_copy, "son-la", 2026)) == 4  # the next run is not refused


def test_unknown_province_is_a_parameter_error(data_copy: Path):
    with pytest.raises(ParameterError, match="khong-co"):
        write_draft(data_copy, "khong-co", 2026)
    assert not (data_copy / "drafts").exists()


@pytest.mark.slow  # a workbook round trip or a whole command
def test_cli_new_year_and_refusal(data_copy: Path):
    args = ["new-year", "--province", "son-la", "--year", "2026", "--data-dir", str(data_copy)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "khuyencong template --province son-la --year 2026" in result.output
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2
    assert "Lỗi:" in again.stderr and "không ghi đè" in again.stderr
    existing = CliRunner().invoke(
        main, ["new-year", "--province", "son-la", "--year", "2025", "--data-dir", str(data_copy)]
    )
    assert existing.exit_code == 2 and "son-la năm 2025" in existing.stderr
