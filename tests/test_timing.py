"""Where a command's time goes (khuyencong.core.timing), for `make bench`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from khuyencong.core import timing


def test_a_timed_step_adds_its_wall_time_under_its_name(monkeypatch):
    monkeypatch.setattr(timing, "_totals", {})
    clock = iter([10.0, 12.5, 20.0, 20.25])  # two calls: 2,5 s then 0,25 s
    monkeypatch.setattr(timing.time, "perf_counter", lambda: next(clock))

    @timing.timed(lambda builder: f"Sphinx ({builder})")
    def render(builder: str) -> str:
        return builder

    assert render("html") == "html" and render("html") == "html"
    assert timing.totals() == {"Sphinx (html)": 2.75}


def test_the_totals_are_written_at_exit_only_when_asked(tmp_path: Path):
    out = tmp_path / "t.json"
    probe = (
        "from khuyencong.core import timing\n"
        "timing.record_on_exit()\n"
        "timing.add('Word', 0.5); timing.add('Word', 0.25)\n"
    )
    env = {"KHUYENCONG_TIMINGS": str(out), "PYTHONPATH": ":".join(sys.path)}
    subprocess.run([sys.executable, "-c", probe], check=True, env=env)
    assert json.loads(out.read_text(encoding="utf-8")) == {"Word": 0.75}
    subprocess.run(
        [sys.executable, "-c", probe], check=True, env={"PYTHONPATH": ":".join(sys.path)}
    )
    assert not (tmp_path / "other.json").exists()
