"""Measure build times: the plain pipeline against ours, cold, warm, incremental and in batch.

    python benchmarks/build_times.py [--reps 3] [--batch 10 20] [--quick]

Everything runs on a scratch copy of the project in a temporary folder, on this machine,
in one run. Each scenario is a separate command; its wall time is measured around it and
its peak memory is the largest total RSS of its process tree (sampled every 50 ms), which
includes the workers and their kernels.

(a)  plain: papermill on each chapter in turn (a fresh kernel each), then
     `jupyter-book build --all` from clean (HTML);
(b)  our cold HTML build: a new process, empty cache, no staging, no snapshot;
(b') our cold HTML + PDF build (`--format all`);
(c)  our rebuild with nothing changed;
(d)  our rebuild after one data file read by one chapter changed (claims.csv, read only by
     the reconciliation chapter: one more blank line, so the chapter re-runs, its page does not
     change);
(d') our rebuild after one claim's wording in claims.csv changed (the reconciliation chapter
     re-runs and its page, only it, is rendered again);
(e)  batches of generated editions built by one `khuyencong publish` command (HTML + PDF),
     each batch from a clean output folder, with a straight-line extrapolation to
     34 provinces × 5 years.
Beside each of our scenarios, the split of its time by step (validation, kernels and chapters,
Sphinx, XeLaTeX, Word, LibreOffice; `khuyencong.core.timing`) and the pandoc floor: pandoc
alone (the binary of `pypandoc_binary`, a bench dependency, else one on the PATH) turning the
same executed pages into HTML, one process per page. "Render only" compares it with our
Sphinx HTML step of (b) on the same pages.
Last, issue 22's targets, each with the figure measured in this run and whether it is met.
Scenarios (a)–(d) are repeated `--reps` times and the median is reported; (e) is repeated
`--batch-reps` times (default: as many as `--reps`). `--quick` runs one repetition of
everything and batches of 2 and 4, to check the script, not to report figures.
The machine's load average is printed with the table: on a shared machine absolute
times are inflated; the ratios to (a), measured in the same run, are the fairer figure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
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


SPLITS: dict[str, list[dict[str, float]]] = {}  # scenario -> the split of each repetition


def run(cmd: list[str], cwd: Path, split: str | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak MB of the process tree, and the command's output; with `split`, the
    command's time by step is kept under that scenario's name."""
    timings = Path(tempfile.mkstemp(suffix=".json")[1])
    env = os.environ | {"KHUYENCONG_TIMINGS": str(timings)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
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
    if split is not None and timings.stat().st_size:
        SPLITS.setdefault(split, []).append(json.loads(timings.read_text(encoding="utf-8")))
    timings.unlink(missing_ok=True)
    return wall, peak[0], out


def scratch_project(root: Path) -> Path:
    project = root / "project"
    project.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(PROJECT / name, project / name)
    for folder in ("book", "notebooks", "data", "locale"):
        if (PROJECT / folder).is_dir():
            shutil.copytree(PROJECT / folder, project / folder)
    return project


def plain_pipeline(project: Path, work: Path) -> tuple[float, float]:
    """papermill each chapter in turn, then a full Jupyter Book build, timed as one."""
    from khuyencong.content.chapters.registry import chapter_notebooks
    from khuyencong.core.edition import Edition
    from khuyencong.outputs.book import edition_config, stage_pages

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


def ours(
    project: Path, out: Path, fmt: str = "html", split: str | None = None
) -> tuple[float, float, str]:
    cmd = [str(BIN / "khuyencong"), "build", "--format", fmt, "--out", str(out)]
    return run(cmd, project, split)


def pandoc_path() -> str | None:
    """pandoc from the `pypandoc_binary` wheel, else the PATH's; None when there is none."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def pandoc_floor(out: Path) -> float | None:
    """Seconds for pandoc alone to turn the executed pages of a build into HTML (None: no pandoc)."""
    pandoc = pandoc_path()
    pages = sorted(out.glob("staging/**/notebooks/*.ipynb"))
    if pandoc is None or not pages:
        return None
    start = time.perf_counter()
    for page in pages:
        subprocess.run(
            [pandoc, "-f", "ipynb", "-t", "html", "-s", "-o", str(page.with_suffix(".html"))],
            input=page.read_bytes(),
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - start


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
                    f"{province},province,,Thử {i // 2 + 1},UBND TỈNH THỬ {i // 2 + 1},SỞ CÔNG THƯƠNG,,authored\n"
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


LABELS = {
    "a": "(a) plain: papermill chapter by chapter + jupyter-book from clean",
    "b": "(b) khuyencong build, cold, HTML",
    "b'": "(b') khuyencong build, cold, HTML + PDF",
    "c": "(c) rebuild, nothing changed",
    "d": "(d) rebuild after claims.csv changed",
    "d'": "(d') rebuild after one claim's wording changed",
}
# The claim whose wording (d') changes: Sơn La 2025's, shown by the reconciliation page only.
CLAIM_TEXT = ("(viết 67/71)", "(viết 67/71 hồ sơ)")


def repeat_scenarios(project: Path, root: Path, reps: int) -> tuple[dict, int]:
    """(a), (b), (b'), (c), (d), `reps` times each; the number of chapters (d) re-ran."""
    results: dict[str, list[tuple[float, float]]] = {k: [] for k in LABELS}
    rerun = 0
    for rep in range(reps):
        print(f"repetition {rep + 1}/{reps} …", file=sys.stderr)
        results["a"].append(plain_pipeline(project, root / "plain"))
        wall, mb, _ = ours(project, root / f"pdf{rep}", "all", "b'")
        results["b'"].append((wall, mb))
        out = root / f"out{rep}"
        results["b"].append(ours(project, out, split="b")[:2])
        floor = pandoc_floor(out)
        if floor is not None:
            SPLITS.setdefault("pandoc", []).append({"pandoc (HTML)": floor})
        results["c"].append(ours(project, out, split="c")[:2])
        # One more (skipped) blank line: claims.csv changes, its rows do not.
        with (project / "data" / "claims.csv").open("a", encoding="utf-8") as f:
            f.write("\n")
        wall, mb, log = ours(project, out, split="d")
        results["d"].append((wall, mb))
        rerun = sum(1 for line in log.splitlines() if "✓" in line and "dùng lại" not in line)
        claims = project / "data" / "claims.csv"
        old, new = CLAIM_TEXT if rep % 2 == 0 else CLAIM_TEXT[::-1]
        text = claims.read_text(encoding="utf-8")
        assert old in text, f"(d') needs {old!r} in claims.csv"
        claims.write_text(text.replace(old, new), encoding="utf-8")
        results["d'"].append(ours(project, out, split="d'")[:2])
    return results, rerun


def batches(project: Path, root: Path, sizes: list[int], reps: int) -> dict[int, list]:
    """Wall time and peak memory of one `publish` (HTML + PDF) per batch size, `reps` times."""
    specs = generate_editions(project, max(sizes))
    found: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
    for rep in range(reps):
        for n in sizes:
            print(f"batch of {n}, repetition {rep + 1}/{reps} …", file=sys.stderr)
            cmd = [str(BIN / "khuyencong"), "publish", "--format", "all"]
            cmd += ["--out", str(root / f"batch{n}-{rep}")]
            for spec in specs[:n]:
                cmd += ["--edition", spec]
            wall, mb, _ = run(cmd, project)
            found[n].append((wall, mb))
    return found


def report(results: dict, rerun: int, found: dict[int, list], reps: int, load: tuple) -> None:
    med = {
        k: (statistics.median(w for w, _ in v), max(m for _, m in v)) for k, v in results.items()
    }
    base = med["a"][0]
    print(f"\n| scenario | seconds (median of {reps}) | ratio to (a) | peak memory MB |")
    print("|---|---:|---:|---:|")
    for k, label in LABELS.items():
        wall, mb = med[k]
        if k == "d":
            label += f" ({rerun} chapter re-run)"
        print(f"| {label} | {wall:.2f} | {wall / base:.2f} | {mb:.0f} |")
    sizes = sorted(found)
    per = {}
    for n in sizes:
        wall = statistics.median(w for w, _ in found[n])
        mb = max(m for _, m in found[n])
        per[n] = wall
        runs = len(found[n])
        print(
            f"| (e) {n} editions in one publish, HTML + PDF (median of {runs}) "
            f"| {wall:.1f} | {wall / base:.2f} | {mb:.0f} |"
        )
    print()
    for n in sizes:
        print(f"(e) {n} editions: {per[n] / n:.1f} s per edition")
    if sizes:
        big = sizes[-1]
        line = f"\n34 provinces × 5 years = 170 editions ≈ {170 * per[big] / big / 60:.0f} min"
        line += f" at the per-edition time of the {big}-edition batch"
        if len(sizes) >= 2 and per[big] > per[sizes[0]]:
            small = sizes[0]
            marginal = (per[big] - per[small]) / (big - small)
            total = per[big] + marginal * (170 - big)
            line += f"; ≈ {total / 60:.0f} min at its marginal {marginal:.1f} s ({small} → {big})"
        print(line + ".")
    split_table(med)
    targets(med, {n: statistics.median(w for w, _ in found[n]) for n in sizes}, found)
    cpus, ram = psutil.cpu_count(), psutil.virtual_memory().total / 2**30
    print(
        f"\nMachine: {cpus} cores, {ram:.0f} GB; load average before/after: "
        f"{load[0]:.1f} / {os.getloadavg()[0]:.1f}."
    )


def split_table(med: dict) -> None:
    """Where each of our scenarios spends its time (median of the repetitions, per step)."""
    steps = sorted({s for runs in SPLITS.values() for split in runs for s in split})
    if not steps:
        return
    print("\n| scenario | " + " | ".join(steps) + " |")
    print("|---|" + "---:|" * len(steps))
    for key, runs in SPLITS.items():
        cells = [
            f"{statistics.median(r.get(s, 0.0) for r in runs):.2f}"
            if any(s in r for r in runs)
            else ""
            for s in steps
        ]
        label = LABELS.get(key, "pandoc alone on the same executed pages (HTML)")
        print(f"| {label} | " + " | ".join(cells) + " |")
    floor = SPLITS.get("pandoc")
    if floor and "b" in med:
        ratio = med["b"][0] / statistics.median(r["pandoc (HTML)"] for r in floor)
        print(f"\n(b) against the pandoc floor: {ratio:.1f}×")
    print("Steps that run side by side (HTML and PDF) each count their own wall time.")


def _median_step(scenario: str, step: str) -> float | None:
    runs = [r[step] for r in SPLITS.get(scenario, []) if step in r]
    return statistics.median(runs) if runs else None


def targets(med: dict, batch: dict[int, float], found: dict[int, list]) -> None:
    """Issue 22's targets beside what this run measured."""
    peak = max([mb for _, mb in med.values()] + [m for v in found.values() for _, m in v])
    sphinx, floor = _median_step("b", "Sphinx (html)"), _median_step("pandoc", "pandoc (HTML)")
    rows = [
        ("cold HTML (b)", med["b"][0], 6.0, "s"),
        ("(a) ÷ (b), at least", med["a"][0] / med["b"][0], 5.0, "×"),
        ("HTML + PDF + report (b')", med["b'"][0], 10.0, "s"),
        ("one data file changed (d)", med["d"][0], 3.0, "s"),
        ("one claim's wording changed (d')", med["d'"][0], 3.0, "s"),
        ("nothing changed (c)", med["c"][0], 0.3, "s"),
        ("peak memory", peak / 1024, 1.5, "GB"),
    ]
    if 10 in batch:
        rows.append(("10 editions in one publish (e)", batch[10], 50.0, "s"))
    if sphinx is not None and floor:
        rows.append(("render only: Sphinx HTML ÷ pandoc", sphinx / floor, 3.0, "×"))
    print("\n| target | measured | limit | met |\n|---|---:|---:|:---:|")
    for name, value, limit, unit in rows:
        met = value >= limit if name.endswith("at least") else value <= limit
        print(f"| {name} | {value:.2f} {unit} | {limit:g} {unit} | {'yes' if met else 'no'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="repetitions of (a)–(d) (median)")
    parser.add_argument(
        "--batch", type=int, nargs="+", default=[10, 20], help="batch sizes for (e)"
    )
    parser.add_argument("--batch-reps", type=int, default=None, help="repetitions of (e)")
    parser.add_argument("--quick", action="store_true", help="one repetition, batches 2 and 4")
    parser.add_argument("--skip-batch", action="store_true", help="leave (e) out")
    args = parser.parse_args()
    if args.quick:
        args.reps, args.batch, args.batch_reps = 1, [2, 4], 1
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="khuyencong-bench-") as tmp:
        root = Path(tmp)
        project = scratch_project(root)
        results, rerun = repeat_scenarios(project, root, args.reps)
        found = {}
        if not args.skip_batch:
            found = batches(project, root, args.batch, args.batch_reps or args.reps)
    report(results, rerun, found, args.reps, load)


if __name__ == "__main__":
    main()
