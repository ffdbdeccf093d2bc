"""A national site over several machines: `publish --shard K/N` then `publish --merge`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khuyencong.core.edition import Edition
from khuyencong.errors import InputError, ParameterError
from khuyencong.pipeline.shards import gather, parse_shard, share

PROJECT = Path(__file__).resolve().parents[1]
EXE = str(Path(sys.executable).with_name("khuyencong"))


def test_a_shard_is_k_of_n():
    assert parse_shard("1/4") == (1, 4) and parse_shard(" 4/4 ") == (4, 4)
    for bad in ("0/4", "5/4", "1/0", "a/b", "1-4", ""):
        with pytest.raises(ParameterError, match="K/N"):
            parse_shard(bad)


def test_shares_take_every_nth_edition_of_the_sorted_list():
    eds = [Edition("son-la", 2026), Edition("lai-chau", 2025), Edition("son-la", 2025)]
    # sorted: lai-chau/2025, son-la/2025, son-la/2026 -> shard 1/2 takes the 1st and 3rd
    assert share(eds, 1, 2) == [Edition("lai-chau", 2025), Edition("son-la", 2026)]
    assert share(eds, 2, 2) == [Edition("son-la", 2025)]
    assert share(eds, 3, 3) == [Edition("son-la", 2026)] and share(eds[:1], 2, 2) == []


@given(
    st.sets(st.tuples(st.sampled_from(["a", "b-c", "son-la"]), st.integers(2000, 2100))),
    st.integers(1, 6),
)
def test_shares_partition_the_editions_whatever_their_order(pairs, n):
    eds = [Edition(p, y) for p, y in pairs]
    parts = [share(list(reversed(eds)), k, n) for k in range(1, n + 1)]
    key = lambda e: (e.province, e.year)  # noqa: E731
    assert sorted((e for part in parts for e in part), key=key) == sorted(eds, key=key)
    assert parts == [share(eds, k, n) for k in range(1, n + 1)]  # order of the input is moot


def fake_shard(root: Path, *editions: str) -> Path:
    for rel in editions:
        (root / rel).mkdir(parents=True)
        (root / rel / "index.html").write_text(rel, encoding="utf-8")
    return root


def test_gather_copies_every_shard_edition_and_refuses_an_overlap(tmp_path):
    one = fake_shard(tmp_path / "one", "son-la/2025")
    two = fake_shard(tmp_path / "two", "son-la/2026", "lai-chau/2025")
    site = tmp_path / "site"
    got = gather(site, [one, two], say=lambda _: None)
    assert [p.relative_to(site).as_posix() for p in got] == [
        "lai-chau/2025",
        "son-la/2025",
        "son-la/2026",
    ]
    assert (site / "son-la" / "2026" / "index.html").read_text(encoding="utf-8") == "son-la/2026"
    again = fake_shard(tmp_path / "three", "son-la/2025")
    with pytest.raises(InputError, match="son-la/2025"):
        gather(tmp_path / "site2", [one, again], say=lambda _: None)


def test_a_bad_shard_option_is_refused_in_vietnamese():
    from click.testing import CliRunner

    from khuyencong.cli.commands import main

    result = CliRunner().invoke(main, ["publish", "--shard", "3/2"])
    assert result.exit_code == 2 and "K/N" in result.output


def two_province_data(tmp_path: Path) -> Path:
    """The project's data plus a made-up province with Sơn La's 2025 figures: two editions."""
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data, ignore=shutil.ignore_patterns(".backup", "drafts"))
    with (data / "entities.csv").open("a", encoding="utf-8") as f:
        f.write("tinh-thu,province,mien-bac-28,Tỉnh Thử,,,,authored\n")
    for name, key in (("funding.csv", "son-la,2025,"), ("results.csv", "son-la,2025,2025,")):
        rows = [
            r for r in (data / name).read_text(encoding="utf-8").splitlines() if r.startswith(key)
        ]
        with (data / name).open("a", encoding="utf-8") as f:
            f.writelines("tinh-thu" + r[len("son-la") :] + "\n" for r in rows)
    (data / "texts" / "tinh-thu").mkdir()
    shutil.copy(data / "texts" / "son-la" / "2025.yaml", data / "texts" / "tinh-thu" / "2025.yaml")
    return data


def site_bytes(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_two_shards_merged_equal_one_publish_byte_for_byte(tmp_path):
    data = two_province_data(tmp_path)
    env = os.environ | {"KHUYENCONG_LOCK_TIMEOUT": "900"}

    def publish(out: Path, *extra: str) -> None:
        cmd = [EXE, "publish", "--data-dir", str(data), "--out", str(out), "--format", "html"]
        done = subprocess.run(
            [*cmd, "--jobs", "1", *extra], cwd=PROJECT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr

    publish(tmp_path / "single")
    publish(tmp_path / "s1", "--shard", "1/2")
    publish(tmp_path / "s2", "--shard", "2/2")
    assert not (tmp_path / "s1" / "site" / "index.html").exists()  # no home page in a shard
    publish(
        tmp_path / "merged",
        "--merge",
        str(tmp_path / "s1" / "site"),
        "--merge",
        str(tmp_path / "s2" / "site"),
    )
    single, merged = (
        site_bytes(tmp_path / "single" / "site"),
        site_bytes(tmp_path / "merged" / "site"),
    )
    assert {k.split("/")[0] for k in single} >= {"son-la", "tinh-thu", "index.html"}
    assert single.keys() == merged.keys()
    assert [k for k in single if single[k] != merged[k]] == []
