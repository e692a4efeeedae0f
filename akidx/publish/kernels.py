"""Jupyter kernels for the build: starting, warming, resetting, stopping, executing.

Why not ``papermill`` per notebook: a kernel takes ~0.45 s to start, ~0.45 s to
import pandas/matplotlib/seaborn and more to load the Japanese font and draw its
first chart. Here each worker's kernel is started and warmed while the report is
parsed, then reused: between two notebooks what a notebook can change is reset
(RESET says what is and what is not), and it is replaced after a failure
(:mod:`akidx.publish.pool`). Kernels run on the build's own interpreter, talk over
IPC sockets in a private temp folder (no TCP port races between concurrent
kernels), write their own stderr to a log file there (never to the terminal) and
are shut down with a deadline, then killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import sys
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError
from traitlets import List, Unicode

# Run once per kernel before it is handed out (imports, fonts, renderers); silent, so
# execution counts start at 1 and the notebook's own state starts empty.
WARMUP = """\
def _akidx_warm():
    import importlib
    import io
    for name in ("pandas", "matplotlib.pyplot", "seaborn", "matplotlib_fontja", "IPython.display",
                 "akidx.tables.read", "akidx.tables.report", "akidx.analysis",
                 "akidx.analysis.charts", "akidx.analysis.notebook",
                 "akidx.analysis.plots", "akidx.analysis.takeaways", "akidx.analysis.views",
                 "akidx.analysis.measure_view"):
        try:
            importlib.import_module(name)
        except Exception:
            pass
    try:  # the first chart pays for font loading and both renderers: pay it now
        import matplotlib
        import matplotlib.pyplot as plt
        from akidx.analysis import charts
        charts.setup()
        fig, ax = plt.subplots()
        ax.bar([0, 1], [1, 2])
        ax.set_title("昭島市 FY2023 (R5) 〇△× 件")
        for fmt in ("png", "svg"):
            fig.savefig(io.BytesIO(), format=fmt, bbox_inches="tight")
        plt.close(fig)
        matplotlib.rcdefaults()  # notebooks set their own style: start them from defaults
    except Exception:
        pass
_akidx_warm()
del _akidx_warm
def _akidx_snapshot():  # restored by RESET
    import os, sys, warnings
    ip = get_ipython()
    ip._akidx_warm = (list(warnings.filters), dict(os.environ), list(sys.path))
_akidx_snapshot()
del _akidx_snapshot
# The warm heap (pandas, matplotlib, seaborn, akidx) never becomes garbage: freeze it
# out of the collector's view, so every full collection, %reset's two included,
# scans only what notebooks create (~60 ms -> <1 ms each).
__import__("gc").collect()
__import__("gc").freeze()
"""
# Run between two notebooks on a reused kernel. Reset: the user namespace, open
# figures, matplotlib rcParams (seaborn's theme and palette live there), pandas
# options, warning filters, os.environ, sys.path, the working folder, the execution
# count; numpy's and random's global generators are reseeded from fresh entropy, as
# in a new process. Not reset: the state of imported modules (their globals, caches,
# monkeypatches), threads or open files a notebook left behind. Modules stay imported
# (the point of reuse).
RESET = """\
get_ipython().run_line_magic("reset", "-f")
def _akidx_reset():
    import os, random, sys, warnings
    import matplotlib, matplotlib.pyplot as plt, pandas as pd
    plt.close("all")
    if "seaborn" in sys.modules:
        sys.modules["seaborn"].reset_defaults()
    matplotlib.rcdefaults()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.reset_option("all")
    filters, environ, path = get_ipython()._akidx_warm
    warnings.filters[:] = filters
    os.environ.clear()
    os.environ.update(environ)
    sys.path[:] = path
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    os.chdir(@CWD@)
    get_ipython().execution_count = 1
_akidx_reset()
get_ipython().run_line_magic("reset", "-f")
"""
START_ATTEMPTS = 2  # a second try for a kernel that was merely slow or unlucky
READY_TIMEOUT = 30.0  # from launch to the kernel's first reply
WARMUP_TIMEOUT = 60.0  # imports and a first chart, on a busy machine
SHUTDOWN_TIMEOUT = 5.0


class _Quiet(logging.LoggerAdapter):
    """Jupyter chatter ("Executing notebook", "Alternative text is missing") at DEBUG."""

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        super().log(logging.DEBUG if level <= logging.WARNING else level, msg, *args, **kwargs)


QUIET_LOG = _Quiet(logging.getLogger("akidx.publish.jupyter"), {})


def kernel_argv(python: str = sys.executable) -> list[str]:
    """The build's kernels run on the build's own interpreter: no kernelspec to install.

    (The named kernel ``akidx`` that ``make`` installs is for JupyterLab and papermill.)
    """
    return [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]


class _OwnSpec(KernelSpecManager):
    """Hands every manager the same spec, whatever kernel names are installed."""

    argv = List(Unicode())

    def get_kernel_spec(self, kernel_name: str, *args: Any, **kwargs: Any) -> KernelSpec:
        return KernelSpec(argv=list(self.argv), display_name=kernel_name, language="python")


def manager_factory(argv: list[str]) -> Callable[[], Any]:
    """Makes an ``AsyncKernelManager`` per kernel; tests pass fakes instead."""
    specs = _OwnSpec(argv=argv)
    return lambda: AsyncKernelManager(kernel_name="akidx-build", kernel_spec_manager=specs,
                                      transport="ipc")


@dataclass
class Kernel:
    km: Any  # AsyncKernelManager
    kc: Any  # AsyncKernelClient


class _Client(NotebookClient):
    """nbclient on a kernel it does not own: no start, no shutdown, no signal handlers.

    nbclient's own setup installs SIGINT handlers that shut the kernel down and let
    the build carry on; here Ctrl-C cancels the build and the pool cleans up.
    """

    @asynccontextmanager
    async def async_setup_kernel(self, **kwargs: Any):  # type: ignore[override]
        yield


async def stop_kernel(kernel: Kernel) -> None:
    """Graceful shutdown, bounded: after SHUTDOWN_TIMEOUT the process is killed."""
    with contextlib.suppress(Exception):
        if kernel.kc is not None:
            kernel.kc.stop_channels()
    if kernel.km is None:
        return
    try:
        await asyncio.wait_for(kernel.km.shutdown_kernel(now=False), SHUTDOWN_TIMEOUT)
    except Exception:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(kernel.km.shutdown_kernel(now=True), SHUTDOWN_TIMEOUT)


def last_line(log: Path) -> str:
    """The last line a dead kernel wrote (``No module named ipykernel_launcher``)."""
    try:
        lines = log.read_bytes()[-4096:].decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1].strip() if lines else ""


def describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1]}" if text else type(exc).__name__


async def run_silently(kernel: Kernel, code: str, timeout: float) -> None:
    """Execute ``code`` without output or history; raise if it fails or takes too long."""
    reply = await asyncio.wait_for(kernel.kc.execute_interactive(
        code, silent=True, store_history=False, timeout=timeout,
        output_hook=lambda msg: None,
    ), timeout + 1)
    if reply["content"].get("status") != "ok":
        raise RuntimeError(f"kernel setup failed: {reply['content'].get('ename')}")


@dataclass
class CellFailure:
    index: int  # 0-based index in the executed notebook
    ename: str
    evalue: str


def cell_seconds(timeout: float | None) -> int | None:
    """nbclient's timeout is whole seconds: ``--cell-timeout 30.5`` waits 31, ``1e-9`` 1."""
    return None if timeout is None else max(1, math.ceil(timeout))


async def execute(nb: Any, kernel: Kernel, cwd: Path, timeout: float | None) -> CellFailure | None:
    """Run every cell of ``nb`` in place; on error stop there and say which cell and why."""
    failure: list[CellFailure] = []
    current = [-1]

    def on_cell_execute(cell: Any, cell_index: int) -> None:
        current[0] = cell_index

    def on_cell_error(cell: Any, cell_index: int, execute_reply: Any) -> None:
        content = execute_reply.get("content", {})
        failure.append(CellFailure(cell_index, content.get("ename", "Error"),
                                   content.get("evalue", "")))

    client = _Client(nb, km=kernel.km, timeout=cell_seconds(timeout), log=QUIET_LOG,
                     resources={"metadata": {"path": str(cwd)}}, on_cell_error=on_cell_error,
                     on_cell_execute=on_cell_execute)
    client.kc = kernel.kc  # not a constructor argument
    try:
        await client.async_execute()
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # CellExecutionError, DeadKernelError, CellTimeoutError...
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            # nbclient turns our cancellation (Ctrl-C) into DeadKernelError: not a failure.
            raise asyncio.CancelledError from exc
        if failure:
            return failure[0]
        if isinstance(exc, CellTimeoutError):
            return CellFailure(current[0], "CellTimeoutError",
                               f"still running after {cell_seconds(timeout)} s (--cell-timeout)")
        lines = str(exc).strip().splitlines()
        return CellFailure(current[0], type(exc).__name__, lines[-1] if lines else "")
    return None
