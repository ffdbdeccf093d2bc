"""The test harness itself: in CI nothing is skipped silently, tools are found, not assumed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tools import CHROMIUM_NAMES, find_chromium, missing_tools

pytest_plugins = ["pytester"]

HERE = Path(__file__).resolve().parent
INNER = """
import subprocess

import pytest

def test_passes():
    assert "khuyến công".upper() == "KHUYẾN CÔNG"

def test_skipped():
    pytest.skip("thiếu công cụ")

@pytest.mark.xfail(reason="đã biết")
def test_expected_failure():
    assert False
"""


def run_inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str | None):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.syspath_prepend(str(HERE))
    pytester.makepyfile(test_inner=INNER)
    return pytester.runpytest_inprocess("-p", "ci_skips", "-p", "no:cacheprovider")


def test_a_skip_fails_the_session_in_ci(pytester, monkeypatch):
    result = run_inner(pytester, monkeypatch, "true")
    result.assert_outcomes(passed=1, failed=1, xfailed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*CI=true*thiếu công cụ*"])


def test_a_skip_is_only_a_skip_outside_ci(pytester, monkeypatch):
    result = run_inner(pytester, monkeypatch, None)
    result.assert_outcomes(passed=1, skipped=1, xfailed=1)
    assert result.ret == pytest.ExitCode.OK


def test_missing_tools_names_what_is_absent(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert missing_tools("xelatex", "pdftotext") == ["xelatex", "pdftotext"]


def test_chromium_is_found_on_path_under_any_of_its_names(tmp_path, monkeypatch):
    fake = tmp_path / "chromium-browser"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    find_chromium.cache_clear()
    try:
        assert "chromium-browser" in CHROMIUM_NAMES
        assert find_chromium() == str(fake)
    finally:
        find_chromium.cache_clear()


def test_requires_tools_fails_in_ci_and_skips_with_a_reason_elsewhere(pytester, monkeypatch):
    monkeypatch.syspath_prepend(str(HERE))
    pytester.makepyfile(
        test_tool="""
import subprocess

import pytest

@pytest.mark.requires_tools("khong-co-cong-cu-nay")
def test_needs_a_tool():
    pass
"""
    )
    monkeypatch.delenv("CI", raising=False)
    outside = pytester.runpytest_inprocess("-p", "ci_skips", "-rs")
    outside.assert_outcomes(skipped=1)
    outside.stdout.fnmatch_lines(["*khong-co-cong-cu-nay*không chạy trong CI*"])
    monkeypatch.setenv("CI", "true")
    inside = pytester.runpytest_inprocess("-p", "ci_skips")
    inside.assert_outcomes(errors=1)
    inside.stdout.fnmatch_lines(["*khong-co-cong-cu-nay*CI=true*"])


def test_a_fast_test_cannot_start_libreoffice_xelatex_or_chromium():
    # conftest's guard: these belong to the slow tier, so `make check` stays fast
    for tool in ("soffice", "/usr/bin/xelatex", "chromium"):
        with pytest.raises(pytest.fail.Exception, match="started by a test not marked slow"):
            subprocess.run([tool, "--version"], capture_output=True)
