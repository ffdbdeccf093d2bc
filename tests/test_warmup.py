"""What a build does before its first chapter, kept cheap: library versions read once, the
warm-up starting only the kernels that chapters will need (the execution cache's hashes)."""

from __future__ import annotations

from pathlib import Path

from khuyencong.core import cache as cache_mod
from khuyencong.core.cache import package_fingerprint
from khuyencong.pipeline import execute

PROJECT = Path(__file__).resolve().parents[1]


def test_library_versions_are_read_once_per_process_and_given_as_copies(monkeypatch):
    read: list[str] = []
    monkeypatch.setattr(cache_mod.metadata, "version", lambda name: read.append(name) or "1.0")
    cache_mod._versions.cache_clear()
    try:
        first = cache_mod.library_versions()
        first["pandas"] = "changed by a caller"
        second = cache_mod.library_versions()
        assert second["pandas"] == "1.0" and read == list(cache_mod.VERSIONED)
        assert cache_mod.library_versions(("sphinx",))["sphinx"] == "1.0"
        assert read == [
            *cache_mod.VERSIONED,
            *cache_mod.VERSIONED,
            "sphinx",
        ]  # another list, read once
    finally:
        cache_mod._versions.cache_clear()  # the real versions for the other tests


def test_the_warm_up_counts_the_chapters_the_cache_cannot_give(tmp_path):
    import json

    from khuyencong.core.edition import Edition
    from khuyencong.core.request import ProjectPaths
    from khuyencong.pipeline.warmup import chapter_plan, chapters_to_run

    paths = ProjectPaths.resolve(PROJECT, out_root=tmp_path).of(Edition("son-la", 2025))
    templates, parameters = chapter_plan(paths.edition, paths.project, paths.data_dir)
    assert parameters == {"province": "son-la", "year": 2025, "data_dir": str(paths.data_dir)}
    assert chapters_to_run(paths) == len(templates)  # an empty cache gives none
    # Two chapters in the cache: one read nothing, one read funding.csv as it is now.
    package = package_fingerprint()
    for template, reads in ((templates[0], {}), (templates[1], {"funding.csv": None})):
        entry = paths.cache / cache_mod.static_key(template, parameters, package)
        entry.mkdir(parents=True)
        hashes = {n: cache_mod.input_hash(paths.data_dir, n) for n in reads}
        (entry / "inputs.json").write_text(json.dumps(hashes), encoding="utf-8")
    assert chapters_to_run(paths) == len(templates) - 2
    (entry / "inputs.json").write_text(json.dumps({"funding.csv": "other"}), encoding="utf-8")
    assert chapters_to_run(paths) == len(templates) - 1  # funding.csv changed since


def test_the_warm_up_pool_has_a_worker_per_chapter_to_run_and_serves_the_build():
    jobs = 7  # a pool no other test uses
    try:
        pool = execute.worker_pool(jobs, True, kernels_now=2)
        assert pool._max_workers == 2  # type: ignore[attr-defined]
        assert pool._initargs == (True,)  # type: ignore[attr-defined]  # kernels at once
        assert execute.worker_pool(jobs, True) is pool  # what execute_all asks for later
    finally:
        execute._POOLS.pop((jobs, True)).shutdown()
    try:
        pool = execute.worker_pool(jobs, True, kernels_now=0)  # every chapter in the cache
        assert pool._max_workers == 1  # type: ignore[attr-defined]
        assert pool._initargs == (False,)  # type: ignore[attr-defined]  # kernel when needed
    finally:
        execute._POOLS.pop((jobs, True)).shutdown()


def test_one_kernel_per_three_chapters_to_run_within_the_jobs():
    from khuyencong.pipeline.warmup import kernels_for

    # (chapters to run, jobs) -> kernels: none for none, then one per three chapters begun
    cases = {(0, 2): 0, (1, 2): 1, (2, 2): 1, (3, 2): 1, (4, 2): 2, (9, 2): 2, (9, 8): 3}
    assert {case: kernels_for(*case) for case in cases} == cases
