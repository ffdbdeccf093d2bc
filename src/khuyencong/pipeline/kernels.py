"""Warm kernels: one Jupyter kernel per worker process, reused by papermill for every chapter.

Starting a kernel and importing pandas, matplotlib and the package costs more than a
chapter's whole computation, so each worker starts one kernel, preloads those libraries
once (`khuyencong.pipeline.kernelside.preload`) and hands it to papermill through the
`khuyencong-warm` engine for every notebook it executes, across chapters and editions.
Before each notebook the kernel's user namespace, figures, rcParams, working folder and
execution counter are reset (`kernelside.reset`), so a notebook sees exactly what a fresh
kernel would show it and no state leaks from one chapter or edition to the next.

A kernel that died (or was left in a state the reset cannot undo) is replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from multiprocessing import util as mp_util

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

ENGINE = "khuyencong-warm"
KERNEL_NAME = "python3"
START_TIMEOUT = 60
# The same history setting nbclient gives the kernels it starts itself.
EXTRA_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]


class WarmKernel:
    """A started kernel with a connected client, preloaded once."""

    def __init__(self, cwd: str | None = None):
        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        run_sync(self.km.start_kernel)(extra_arguments=EXTRA_ARGUMENTS, cwd=cwd or os.getcwd())
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=START_TIMEOUT)
        self.kc.allow_stdin = False
        self.run("import khuyencong.pipeline.kernelside as _k; _k.preload(); del _k")

    def run(self, code: str) -> None:
        """Execute `code` silently (no output, no history, execution counter untouched)."""
        reply = run_sync(self.kc.execute_interactive)(
            code,
            silent=True,
            store_history=False,
            timeout=START_TIMEOUT,
            output_hook=lambda msg: None,
        )
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")

    def reset(self, cwd: str, env: dict[str, str] | None = None) -> None:
        call = f"_k.reset({json.dumps(cwd)}, {json.dumps(env or {})})"
        self.run(f"import khuyencong.pipeline.kernelside as _k; {call}")

    def alive(self) -> bool:
        return bool(run_sync(self.km.is_alive)())

    def shutdown(self) -> None:
        try:
            self.kc.stop_channels()
            _kill_now(self.km)
            run_sync(self.km.shutdown_kernel)(now=True)  # its files and sockets
        except Exception:  # noqa: BLE001 - the worker is ending; nothing else to do
            pass


def _kill_now(km: AsyncKernelManager) -> None:
    """Kill the kernel's process group and reap the kernel at once: `shutdown_kernel` alone
    polls every 0,1 s until it sees the process gone, which costs each command's end 0,1 s."""
    provisioner = km.provisioner
    process = getattr(provisioner, "process", None)
    if provisioner is None or process is None:
        return
    run_sync(provisioner.kill)()
    with contextlib.suppress(subprocess.TimeoutExpired):  # then shutdown_kernel waits on
        process.wait(timeout=5)


_KERNEL: WarmKernel | None = None
# Environment given to each notebook's kernel (e.g. where the validated snapshots are).
NOTEBOOK_ENV: dict[str, str] = {}


def warm_kernel() -> WarmKernel:
    """This process's kernel, started on first use and shut down when the process ends."""
    global _KERNEL
    if _KERNEL is not None and not _KERNEL.alive():
        _KERNEL.shutdown()
        _KERNEL = None
    if _KERNEL is None:
        _KERNEL = WarmKernel()
        mp_util.Finalize(None, _shutdown, exitpriority=100)
    return _KERNEL


def _shutdown() -> None:
    global _KERNEL
    if _KERNEL is not None:
        _KERNEL.shutdown()
        _KERNEL = None


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine, executing in this process's warm kernel."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=START_TIMEOUT,
        execution_timeout=None,
        **kwargs,
    ):
        kernel = warm_kernel()
        try:
            # papermill has already moved this process into the notebook's folder.
            kernel.reset(os.getcwd(), NOTEBOOK_ENV)
        except Exception:  # noqa: BLE001 - a kernel we cannot reset is replaced, not trusted
            _shutdown()
            kernel = warm_kernel()
            kernel.reset(os.getcwd(), NOTEBOOK_ENV)
        client = PapermillNotebookClient(
            nb_man,
            km=kernel.km,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client.kc = kernel.kc  # reuse the connected client: setup_kernel keeps a given one
        return client.execute()


papermill_engines.register(ENGINE, WarmEngine)
