"""Warm Jupyter kernels and notebook execution, all on one asyncio loop.

Why not ``papermill`` per notebook: a kernel takes ~0.45 s to start, ~0.45 s to
import pandas/matplotlib/seaborn and more to load the Japanese font and draw its
first chart. Here each worker's kernel is started and warmed while the report is
parsed, then reused: between two notebooks what a notebook can change is reset
(RESET says what is and what is not), and it is replaced after a failure. Kernels
talk over IPC sockets in a private temp folder (no TCP port races between
concurrent kernels) and are shut down with a deadline, then killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import tempfile
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

# Run once per kernel before it is handed out (imports, fonts, renderers); silent, so
# execution counts start at 1 and the notebook's own state starts empty.
WARMUP = """\
def _akidx_warm():
    import importlib
    import io
    for name in ("pandas", "matplotlib.pyplot", "seaborn", "matplotlib_fontja", "IPython.display",
                 "akidx.tables.read", "akidx.tables.report", "akidx.analysis",
                 "akidx.analysis.charts", "akidx.analysis.notebook"):
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
START_ATTEMPTS = 3
READY_TIMEOUT = 60.0
SHUTDOWN_TIMEOUT = 5.0


class _Quiet(logging.LoggerAdapter):
    """Jupyter chatter ("Executing notebook", "Alternative text is missing") at DEBUG."""

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        super().log(logging.DEBUG if level <= logging.WARNING else level, msg, *args, **kwargs)


QUIET_LOG = _Quiet(logging.getLogger("akidx.build.jupyter"), {})


@dataclass
class Kernel:
    km: AsyncKernelManager
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
        kernel.kc.stop_channels()
    try:
        await asyncio.wait_for(kernel.km.shutdown_kernel(now=False), SHUTDOWN_TIMEOUT)
    except Exception:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(kernel.km.shutdown_kernel(now=True), SHUTDOWN_TIMEOUT)


class KernelPool:
    """Warm kernels, one per worker, reused from one notebook to the next.

    Between two notebooks a kernel is reset (:data:`RESET`: user namespace, figures,
    matplotlib and pandas settings, warning filters, environment, ``sys.path``,
    random seeds, working folder, execution count), so a notebook starts as in a
    fresh kernel, bar the state of imported modules, without paying ~1.5 s of
    start-up and imports again. A kernel whose notebook failed, or whose reset
    failed, is shut down and replaced: a broken state never reaches the next run.
    """

    def __init__(self, kernel_name: str, size: int, cwd: Path, pythonpath: Path):
        self.kernel_name = kernel_name
        self.cwd = cwd
        self.env = dict(os.environ)
        # The kernels import akidx from the source tree, as the notebooks do.
        extra = [str(pythonpath), self.env.get("PYTHONPATH", "")]
        self.env["PYTHONPATH"] = os.pathsep.join(p for p in extra if p)
        self.conn_dir = Path(tempfile.mkdtemp(prefix="akidx-k-"))  # short: socket path limit
        self._ready: asyncio.Queue[Kernel | BaseException] = asyncio.Queue()
        self._booting: set[asyncio.Task[None]] = set()
        self._live: list[Kernel] = []
        self._stopping: list[asyncio.Task[None]] = []
        self._count = 0
        for _ in range(max(1, size)):
            self._spawn()

    def _spawn(self) -> None:
        async def boot() -> None:
            try:
                kernel = await self._start()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # handed to the worker that waits for a kernel
                self._ready.put_nowait(exc)
                return
            self._live.append(kernel)
            self._ready.put_nowait(kernel)

        task = asyncio.create_task(boot())
        self._booting.add(task)
        task.add_done_callback(self._booting.discard)

    async def _start(self) -> Kernel:
        for attempt in range(1, START_ATTEMPTS + 1):
            self._count += 1
            n = self._count
            km = AsyncKernelManager(kernel_name=self.kernel_name, transport="ipc")
            km.connection_file = str(self.conn_dir / f"k{n}.json")
            km.ip = str(self.conn_dir / f"k{n}")
            km.shutdown_wait_time = 2.0
            kernel = Kernel(km, None)
            started = time.perf_counter()
            try:
                # No IPython history: concurrent kernels would contend for one sqlite file.
                await km.start_kernel(cwd=str(self.cwd), env=self.env,
                                      extra_arguments=["--HistoryManager.enabled=False"])
                kernel.kc = km.client()
                kernel.kc.start_channels()
                await kernel.kc.wait_for_ready(timeout=READY_TIMEOUT)
                kernel.kc.allow_stdin = False
                await _run_silently(kernel, WARMUP)
                QUIET_LOG.logger.debug("kernel k%s warm in %.2f s", n,
                                       time.perf_counter() - started)
                return kernel
            except asyncio.CancelledError:
                await stop_kernel(kernel)  # build cancelled (Ctrl-C): leave no kernel behind
                raise
            except Exception:
                await stop_kernel(kernel)
                if attempt == START_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    async def get(self) -> Kernel:
        """A warm kernel, fresh or reset; raises if one could not be started."""
        got = await self._ready.get()
        if isinstance(got, BaseException):
            raise got
        return got

    async def recycle(self, kernel: Kernel) -> None:
        """Reset a kernel after a successful run and make it available again."""
        try:
            await _run_silently(kernel, RESET.replace("@CWD@", repr(str(self.cwd))))
        except Exception:
            self.release(kernel)
            return
        self._ready.put_nowait(kernel)

    def release(self, kernel: Kernel) -> None:
        """Shut a kernel down in the background (its run failed) and boot a replacement."""
        if kernel in self._live:
            self._live.remove(kernel)
        self._stopping.append(asyncio.create_task(stop_kernel(kernel)))
        self._spawn()

    async def close(self) -> None:
        """Stop everything: booting kernels, live kernels; remove the socket folder."""
        for task in list(self._booting):
            task.cancel()
        await asyncio.gather(*self._booting, return_exceptions=True)
        self._stopping += [asyncio.create_task(stop_kernel(k)) for k in self._live]
        self._live.clear()
        await asyncio.gather(*self._stopping, return_exceptions=True)
        shutil.rmtree(self.conn_dir, ignore_errors=True)


async def _run_silently(kernel: Kernel, code: str) -> None:
    """Execute ``code`` without output or history; raise if it fails."""
    reply = await kernel.kc.execute_interactive(
        code, silent=True, store_history=False, timeout=READY_TIMEOUT,
        output_hook=lambda msg: None,
    )
    if reply["content"].get("status") != "ok":
        raise RuntimeError(f"kernel setup failed: {reply['content'].get('ename')}")


@dataclass
class CellFailure:
    index: int  # 0-based index in the executed notebook
    ename: str
    evalue: str


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

    client = _Client(nb, km=kernel.km, timeout=timeout, log=QUIET_LOG,
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
        lines = str(exc).strip().splitlines()
        return CellFailure(current[0], type(exc).__name__, lines[-1] if lines else "")
    return None
