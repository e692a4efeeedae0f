"""Warm Jupyter kernels and notebook execution, all on one asyncio loop.

Why not ``papermill`` per notebook: a kernel takes ~0.45 s to start and another
~0.45 s to import pandas/matplotlib/seaborn. Here every notebook still gets a
fresh kernel (no state leaks from one notebook to the next), but that kernel was
started and warmed while the previous notebook ran. Kernels talk over IPC
sockets in a private temp folder (no TCP port races between concurrent kernels)
and are shut down with a deadline, then killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import tempfile
import time
from collections import deque
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

# Imported once per kernel before it is handed out; silent, so execution counts start at 1.
WARMUP = """\
def _akidx_warm():
    import importlib
    for name in ("pandas", "matplotlib.pyplot", "seaborn", "akidx"):
        try:
            importlib.import_module(name)
        except Exception:
            pass
_akidx_warm()
del _akidx_warm
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
    """Hands out warm kernels, keeping up to ``ahead`` more booting in the background."""

    def __init__(self, kernel_name: str, demand: int, ahead: int, cwd: Path, pythonpath: Path):
        self.kernel_name = kernel_name
        self.cwd = cwd
        self.env = dict(os.environ)
        # The kernels import akidx from the source tree, as the notebooks do.
        extra = [str(pythonpath), self.env.get("PYTHONPATH", "")]
        self.env["PYTHONPATH"] = os.pathsep.join(p for p in extra if p)
        self.conn_dir = Path(tempfile.mkdtemp(prefix="akidx-k-"))  # short: socket path limit
        self._remaining = demand
        self._ahead = max(1, ahead)
        self._booting: deque[asyncio.Task[Kernel]] = deque()
        self._stopping: list[asyncio.Task[None]] = []
        self._count = 0
        self._fill()

    def _fill(self) -> None:
        while len(self._booting) < min(self._ahead, self._remaining):
            self._booting.append(asyncio.create_task(self._start()))
            self._remaining -= 1

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
                await kernel.kc.execute_interactive(
                    WARMUP, silent=True, store_history=False, timeout=READY_TIMEOUT,
                    output_hook=lambda msg: None,
                )
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
        """A warm kernel; starts booting the next one right away."""
        task = self._booting.popleft() if self._booting else asyncio.create_task(self._start())
        self._fill()
        return await task

    def release(self, kernel: Kernel) -> None:
        """Shut a used kernel down in the background (never reused: fresh state per run)."""
        self._stopping.append(asyncio.create_task(stop_kernel(kernel)))

    async def close(self) -> None:
        """Stop everything: booting kernels, used kernels; remove the socket folder."""
        self._remaining = 0
        booting = list(self._booting)
        self._booting.clear()
        for task in booting:
            task.cancel()
        for task in booting:
            with contextlib.suppress(BaseException):
                self.release(await task)
        await asyncio.gather(*self._stopping, return_exceptions=True)
        shutil.rmtree(self.conn_dir, ignore_errors=True)


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
