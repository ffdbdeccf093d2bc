"""Warm kernels: same bytes as fresh kernels, no state carried from one notebook to the next,
a failing chapter named with the others kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import CHAPTERS

from khuyencong.content.chapters.registry import chapter_notebooks
from khuyencong.errors import NotebookExecutionError
from khuyencong.pipeline.execute import execute_all

PROJECT = Path(__file__).resolve().parents[1]
PARAMS = {"province": "son-la", "year": 2025, "data_dir": str(PROJECT / "data")}
pytestmark = pytest.mark.slow


def notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def test_warm_kernels_give_the_same_bytes_as_fresh_kernels(tmp_path):
    templates = chapter_notebooks(PROJECT)
    execute_all(templates, tmp_path / "fresh", PARAMS, jobs=2, warm=False)
    execute_all(templates, tmp_path / "warm1", PARAMS, jobs=2, warm=True)
    # The same kernels again, now that each has run several chapters.
    execute_all(templates, tmp_path / "warm2", PARAMS, jobs=2, warm=True)
    for name in CHAPTERS:
        fresh = (tmp_path / "fresh" / f"{name}.ipynb").read_bytes()
        assert (tmp_path / "warm1" / f"{name}.ipynb").read_bytes() == fresh, name
        assert (tmp_path / "warm2" / f"{name}.ipynb").read_bytes() == fresh, name
    # The outputs are real: a glued figure (PNG) and glued texts.
    assert b"image/png" in (tmp_path / "warm2" / "ket-qua.ipynb").read_bytes()


LEAKER = (
    "import os, matplotlib.pyplot as plt\n"
    "LEAK = 42\n"
    "plt.rcParams['lines.linewidth'] = 9\n"
    "os.environ['KHUYENCONG_LEAK'] = '1'\n"
    "plt.figure()\n"
    "open('pid-a.txt', 'w').write(str(os.getpid()))"
)
CHECKER = (
    "import os, matplotlib.pyplot as plt\n"
    "open(f'pid-{name}.txt', 'w').write(str(os.getpid()))\n"
    "assert 'LEAK' not in globals(), 'LEAK'\n"
    "assert plt.rcParams['lines.linewidth'] != 9, 'rcParams'\n"
    "assert 'KHUYENCONG_LEAK' not in os.environ, 'environ'\n"
    "assert plt.get_fignums() == [], 'figures'"
)


def test_no_state_leaks_between_chapters_or_editions(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    a = notebook(folder / "a.ipynb", LEAKER)
    b = notebook(folder / "b.ipynb", "name = 'b'", CHECKER)
    c = notebook(folder / "c.ipynb", "name = 'c'", CHECKER)
    # One worker: a, then b run in the same kernel (one "edition") ...
    execute_all([a, b], tmp_path / "out1", PARAMS, jobs=1, warm=True)
    # ... and c in the same kernel again, in a later call (the next "edition").
    execute_all([c], tmp_path / "out2", PARAMS, jobs=1, warm=True)
    pids = {(folder / f"pid-{n}.txt").read_text() for n in "abc"}
    assert len(pids) == 1  # the test means something only if the kernel was shared
    executed = nbformat.read(tmp_path / "out1" / "b.ipynb", as_version=4)
    counts = [cell.execution_count for cell in executed.cells if cell.cell_type == "code"]
    assert counts == [1, 2, 3]  # injected parameters, then the two cells: a fresh counter


def test_failing_chapter_is_named_and_the_kernel_serves_the_next(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    a = notebook(folder / "a.ipynb", LEAKER)
    bad = notebook(folder / "bad.ipynb", "BROKEN = 1", "raise ValueError('chương hỏng')")
    b = notebook(folder / "b.ipynb", "name = 'b'", "assert 'BROKEN' not in globals()", CHECKER)
    with pytest.raises(NotebookExecutionError) as err:
        execute_all([a, bad, b], tmp_path / "out", PARAMS, jobs=1, warm=True)
    assert err.value.notebook == "bad" and "chương hỏng" in str(err.value)
    assert (tmp_path / "out" / "a.ipynb").exists() and (tmp_path / "out" / "b.ipynb").exists()
    assert (folder / "pid-a.txt").read_text() == (folder / "pid-b.txt").read_text()


def test_a_dead_kernel_is_replaced(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    killer = notebook(
        folder / "k.ipynb", "import os\nopen('pid-k.txt','w').write(str(os.getpid()))"
    )
    after = notebook(folder / "b.ipynb", "name = 'b'", CHECKER)
    execute_all([killer], tmp_path / "out1", PARAMS, jobs=1, warm=True)
    import os
    import signal

    os.kill(int((folder / "pid-k.txt").read_text()), signal.SIGKILL)
    execute_all([after], tmp_path / "out2", PARAMS, jobs=1, warm=True)
    assert (folder / "pid-b.txt").read_text() != (folder / "pid-k.txt").read_text()


def test_chapters_use_the_snapshot_in_their_kernel(tmp_path):
    """With KHUYENCONG_SNAPSHOTS, a kernel loads the build's snapshot, never re-validates."""
    from khuyencong.inputs.dataset import validated
    from khuyencong.inputs.snapshot import SNAPSHOTS_ENV

    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    snapshots = tmp_path / "snapshots"
    validated(data, snapshots)
    folder = tmp_path / "nb"
    folder.mkdir()
    probe = notebook(
        folder / "p.ipynb",
        "import khuyencong.inputs.dataset as d, khuyencong.inputs.validation as v\n"
        "def refuse(*a, **k):\n"
        "    raise AssertionError('re-validated')\n"
        "saved, d.validate_table = d.validate_table, refuse\n"
        "try:\n"
        "    ds = d.load_dataset(data_dir)\n"
        "finally:\n"
        "    d.validate_table = saved\n"
        "assert ds.reads == set()\n"
        "assert float(ds.funding['allocated'].sum()) > 0\n"
        "assert ds.reads == {'funding.csv'}",
    )
    params = dict(PARAMS, data_dir=str(data))
    execute_all([probe], tmp_path / "out", params, jobs=1, env={SNAPSHOTS_ENV: str(snapshots)})


def test_shutdown_kills_and_reaps_the_kernel_and_removes_its_files(tmp_path):
    import os

    from khuyencong.pipeline.kernels import WarmKernel

    kernel = WarmKernel(cwd=str(tmp_path))
    process = kernel.km.provisioner.process  # type: ignore[union-attr]
    connection = Path(kernel.km.connection_file)
    assert process.poll() is None and connection.is_file()
    kernel.shutdown()
    assert process.returncode is not None  # reaped by the shutdown, not left a zombie
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)
    assert not connection.exists()
