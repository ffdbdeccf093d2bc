"""Measure build times: the plain pipeline against ours, cold, warm and incremental.

    python benchmarks/build_times.py [--reps 3] [--batch 10]

Everything runs on a scratch copy of the project in a temporary folder, on this machine,
in one run. Each scenario is a separate command; its wall time is measured around it and
its peak memory is the largest total RSS of its process tree (sampled every 50 ms).

(a) plain: papermill on each chapter in turn, then `jupyter-book build --all` from clean;
(b) our cold build (empty cache, no staging); (c) our rebuild with nothing changed;
(d) our rebuild after one data file read by one chapter changed (claims.csv, read only by
    the reconciliation chapter); (e) a batch of generated editions built by one
    `khuyencong publish` command, at half and full batch size to show how it grows.
All builds are HTML only, so that (a) and ours do the same work.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(cmd: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak MB of the process tree, and the command's output."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = [0.0]

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
            while proc.poll() is None:
                procs = [root, *root.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):  # a process may end meanwhile
                        total += p.memory_info().rss
                peak[0] = max(peak[0], total / 2**20)
                time.sleep(0.05)
        except psutil.Error:
            pass

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - start
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out[-3000:]}")
    return wall, peak[0], out


def scratch_project(root: Path) -> Path:
    project = root / "project"
    project.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(PROJECT / name, project / name)
    for folder in ("book", "notebooks", "data"):
        shutil.copytree(PROJECT / folder, project / folder)
    return project


def plain_pipeline(project: Path, work: Path) -> tuple[float, float]:
    """papermill each chapter in turn, then a full Jupyter Book build, timed as one."""
    from khuyencong.edition import Edition, chapter_notebooks
    from khuyencong.render import edition_config, stage_pages

    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    stage_pages(project, work, edition_config(project, Edition("son-la", 2025), "Sơn La"))
    total, peak = 0.0, 0.0
    for t in chapter_notebooks(project):
        out = work / "notebooks" / t.name
        out.parent.mkdir(exist_ok=True)
        cmd = [
            str(BIN / "papermill"),
            str(t),
            str(out),
            "-p",
            "province",
            "son-la",
            "-p",
            "year",
            "2025",
            "-p",
            "data_dir",
            str(project / "data"),
            "-k",
            "python3",
            "--no-progress-bar",
        ]
        wall, mb, _ = run(cmd, t.parent)
        total, peak = total + wall, max(peak, mb)
    wall, mb, _ = run([str(BIN / "jupyter-book"), "build", str(work), "--all", "-q"], project)
    return total + wall, max(peak, mb)


def ours(project: Path, out: Path, *extra: str) -> tuple[float, float, str]:
    return run(
        [str(BIN / "khuyencong"), "build", "--format", "html", "--out", str(out), *extra], project
    )


def generate_editions(project: Path, n: int) -> list[str]:
    """n made-up editions (provinces × years) appended to the scratch data."""
    data = project / "data"
    specs = []
    with (
        (data / "entities.csv").open("a", encoding="utf-8") as ents,
        (data / "funding.csv").open("a", encoding="utf-8") as fund,
    ):
        for i in range(n):
            province, year = f"tinh-thu-{i // 2 + 1}", 2031 + i % 2
            if i % 2 == 0:
                ents.write(
                    f"{province},province,Thử {i // 2 + 1},UBND TỈNH THỬ {i // 2 + 1},SỞ CÔNG THƯƠNG,,authored\n"
                )
            fund.write(f"{province},{year},national,{100 + i},{90 + i},1,authored,\n")
            fund.write(f"{province},{year},local,{1000 + 10 * i},{800 + 10 * i},3,authored,\n")
            texts = data / "texts" / province
            texts.mkdir(parents=True, exist_ok=True)
            (texts / f"{year}.yaml").write_text(
                "source_id: authored\npriorities: [Ưu tiên]\n", encoding="utf-8"
            )
            specs.append(f"{province}/{year}")
    return specs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reps", type=int, default=3, help="repetitions per scenario (median reported)"
    )
    parser.add_argument("--batch", type=int, default=10, help="editions in the batch scenario")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="khuyencong-bench-") as tmp:
        root = Path(tmp)
        project = scratch_project(root)
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in "abcde"}
        notes = {}
        for rep in range(args.reps):
            print(f"lần {rep + 1}/{args.reps} …", file=sys.stderr)
            results["a"].append(plain_pipeline(project, root / "plain"))
            out = root / f"out{rep}"
            wall, mb, _ = ours(project, out)
            results["b"].append((wall, mb))
            wall, mb, _ = ours(project, out)
            results["c"].append((wall, mb))
            # One more (skipped) blank line: claims.csv changes, its rows do not.
            with (project / "data" / "claims.csv").open("a", encoding="utf-8") as f:
                f.write("\n")
            wall, mb, log = ours(project, out)
            results["d"].append((wall, mb))
            notes["d"] = sum(
                1 for line in log.splitlines() if "✓" in line and "dùng lại" not in line
            )
        specs = generate_editions(project, args.batch)
        for size in sorted({max(1, args.batch // 2), args.batch}):
            out = root / f"batch{size}"
            cmd = [str(BIN / "khuyencong"), "publish", "--format", "html", "--out", str(out)]
            for spec in specs[:size]:
                cmd += ["--edition", spec]
            wall, mb, _ = run(cmd, project)
            notes[f"e{size}"] = (wall, mb)
        results["e"].append(notes[f"e{args.batch}"])

    med = {
        k: (statistics.median(w for w, _ in v), max(m for _, m in v))
        for k, v in results.items()
        if v
    }
    base = med["a"][0]
    labels = {
        "a": "(a) quy trình thường: papermill lần lượt + jupyter-book từ đầu",
        "b": "(b) khuyencong build, lần đầu (không có bộ đệm)",
        "c": "(c) dựng lại, không có gì thay đổi",
        "d": f"(d) dựng lại sau khi đổi claims.csv ({notes['d']} chương chạy lại)",
        "e": f"(e) {args.batch} ấn phẩm trong một lệnh publish",
    }
    print(f"\n{'kịch bản':<66} {'giây (trung vị)':>15} {'so với (a)':>11} {'RAM đỉnh MB':>12}")
    for k, label in labels.items():
        wall, mb = med[k]
        print(f"{label:<66} {wall:>15.1f} {wall / base:>10.2f}× {mb:>12.0f}")
    print("\n(e) theo số ấn phẩm:")
    for key in sorted((k for k in notes if k.startswith("e")), key=lambda k: int(k[1:])):
        n = int(key[1:])
        wall, _ = notes[key]
        print(f"  {n:>3} ấn phẩm: {wall:7.1f} s, {wall / n:6.1f} s/ấn phẩm")
    print(
        f"\nMáy: {psutil.cpu_count()} lõi, {psutil.virtual_memory().total / 2**30:.0f} GB; lặp {args.reps} lần."
    )


if __name__ == "__main__":
    main()
