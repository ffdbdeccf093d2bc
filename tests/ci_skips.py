"""pytest plugin: with CI=true a skipped test is a failed test (nothing hides in CI).

`@pytest.mark.requires_tools("xelatex", ...)` marks a test that needs system tools: when one
is missing the test fails under CI=true and is skipped elsewhere, with a reason saying so.

Loaded by conftest.py; tests/test_harness.py loads it into an inner pytest run to check it.
"""

from __future__ import annotations

import pytest

from tools import in_ci, missing_tools


def _reason(longrepr: object) -> str:
    # A skip's longrepr is (file, line, "Skipped: reason").
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def _fail_if_skipped(report: pytest.TestReport | pytest.CollectReport) -> None:
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true: không được bỏ qua phép thử trong CI ({_reason(report.longrepr)})"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    _fail_if_skipped(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    report = yield
    _fail_if_skipped(report)
    return report


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "requires_tools(*names): needs these system tools; fails under CI=true when one is missing",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """requires_tools: fail in CI when a tool is missing, skip (and say so) elsewhere."""
    for mark in item.iter_markers("requires_tools"):
        missing = missing_tools(*mark.args)
        if not missing:
            continue
        what = f"thiếu công cụ hệ thống {', '.join(missing)} (make system cài đặt)"
        if in_ci():
            pytest.fail(f"{what}: CI=true nên phép thử này phải chạy", pytrace=False)
        pytest.skip(f"{what}: bỏ qua vì không chạy trong CI (với CI=true phép thử này báo lỗi)")
