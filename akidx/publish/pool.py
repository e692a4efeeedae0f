"""The warm kernel pool: one kernel per worker, reused, replaced after a failure.

Every wait here is bounded: a kernel's start, first reply and warm-up each have a
deadline, a kernel that cannot start breaks the pool, and every worker waiting for a
kernel (now or later) then gets the same :class:`KernelStartError`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from akidx.errors import KernelStartError
from akidx.publish import kernels
from akidx.publish.kernels import (
    QUIET_LOG,
    RESET,
    WARMUP,
    Kernel,
    describe,
    kernel_argv,
    last_line,
    manager_factory,
    run_silently,
    stop_kernel,
)
from akidx.publish.sockets import CONN_PREFIX


class KernelPool:
    """Warm kernels, one per worker, reused from one notebook to the next.

    Between two notebooks a kernel is reset (:data:`RESET`: user namespace, figures,
    matplotlib and pandas settings, warning filters, environment, ``sys.path``,
    random seeds, working folder, execution count), so a notebook starts as in a
    fresh kernel, bar the state of imported modules, without paying ~1.5 s of
    start-up and imports again. A kernel whose notebook failed, or whose reset
    failed, is shut down and replaced: a broken state never reaches the next run.

    Nothing waits unbounded: a kernel that fails every start attempt
    breaks the pool, and every worker waiting in :meth:`get` (now or later) gets
    the same :class:`KernelStartError`.
    """

    def __init__(self, size: int, cwd: Path, pythonpath: Path,
                 new_manager: Callable[[], Any] | None = None, argv: list[str] | None = None,
                 attempts: int = kernels.START_ATTEMPTS,
                 ready_timeout: float = kernels.READY_TIMEOUT,
                 warmup_timeout: float = kernels.WARMUP_TIMEOUT,
                 get_timeout: float | None = None) -> None:
        """``new_manager`` makes a kernel manager (tests pass fakes); the deadlines are
        attempts per kernel, first reply, warm-up and the longest wait in :meth:`get`
        (default: one kernel's every start attempt, plus slack)."""
        self.argv = argv or kernel_argv()
        self.new_manager = new_manager or manager_factory(self.argv)
        self.cwd = cwd
        self.attempts = attempts
        self.ready_timeout = ready_timeout
        self.warmup_timeout = warmup_timeout
        self.get_timeout = get_timeout or attempts * (
            ready_timeout + warmup_timeout + 2 * kernels.SHUTDOWN_TIMEOUT) + 10
        self.env = dict(os.environ)
        # The kernels import akidx from the source tree, as the notebooks do.
        extra = [str(pythonpath), self.env.get("PYTHONPATH", "")]
        self.env["PYTHONPATH"] = os.pathsep.join(p for p in extra if p)
        # Stale folders of killed builds: removed by every build (driver, sockets.clean_stale).
        # Short (socket path limit), named by our pid so a later build can tell it is stale.
        self.conn_dir = Path(tempfile.mkdtemp(prefix=f"{CONN_PREFIX}{os.getpid()}-"))
        self._ready: asyncio.Queue[Kernel] = asyncio.Queue()
        self._broken = asyncio.Event()
        self.error: KernelStartError | None = None
        self._booting: set[asyncio.Task[None]] = set()
        self._live: list[Kernel] = []
        self._stopping: list[asyncio.Task[None]] = []
        self._count = 0
        self._closed = False
        for _ in range(max(1, size)):
            self._spawn()

    def _spawn(self) -> None:
        async def boot() -> None:
            try:
                kernel = await self._start()
            except Exception as exc:  # every waiting worker, now or later, gets it
                self.error = self.error or (exc if isinstance(exc, KernelStartError) else
                                            KernelStartError(f"{describe(exc)} (a bug?)"))
                self._broken.set()
                return
            if self._closed:
                await stop_kernel(kernel)
                return
            self._live.append(kernel)
            self._ready.put_nowait(kernel)

        task = asyncio.create_task(boot())
        self._booting.add(task)
        task.add_done_callback(self._booting.discard)

    async def _start(self) -> Kernel:
        reason = ""
        for _attempt in range(self.attempts):
            self._count += 1
            n = self._count
            log = self.conn_dir / f"k{n}.log"
            kernel = Kernel(None, None)
            try:
                kernel.km = self.new_manager()
                kernel.km.connection_file = str(self.conn_dir / f"k{n}.json")
                kernel.km.ip = str(self.conn_dir / f"k{n}")
                kernel.km.shutdown_wait_time = 2.0
                await self._boot(kernel, n, log)
                return kernel
            except asyncio.CancelledError:
                await stop_kernel(kernel)  # build cancelled (Ctrl-C): leave no kernel behind
                raise
            except Exception as exc:
                await stop_kernel(kernel)
                # A dead kernel's last words say why; a silent one has none worth showing.
                timed_out = isinstance(exc, TimeoutError)
                reason = describe(exc) if timed_out else (last_line(log) or describe(exc))
                QUIET_LOG.logger.debug("kernel k%s failed to start: %s", n, reason)
                if timed_out:  # silent for that long: a second try would only double the wait
                    break
        raise KernelStartError(
            f"Jupyter kernel `{' '.join(self.argv[:3])}` could not start: {reason}; check "
            f"that `{self.argv[0]} -m ipykernel_launcher --version` works (install the "
            f"requirements: `{self.argv[0]} -m pip install -r requirements.txt`)")

    async def _boot(self, kernel: Kernel, n: int, log: Path) -> None:
        """Start, wait for the first reply, warm up: each step with its own deadline."""
        started = time.perf_counter()
        # The kernel's own stderr goes to a log file, never to the user's terminal (shutdown
        # noise after Ctrl-C); its last line says why a kernel died at start.
        with open(log, "wb") as sink:
            # No IPython history: concurrent kernels would contend for one sqlite file.
            await asyncio.wait_for(kernel.km.start_kernel(
                cwd=str(self.cwd), env=self.env, stdout=sink, stderr=sink,
                extra_arguments=["--HistoryManager.enabled=False"]), self.ready_timeout)
        kernel.kc = kernel.km.client()
        kernel.kc.start_channels()
        await asyncio.wait_for(kernel.kc.wait_for_ready(timeout=self.ready_timeout),
                               self.ready_timeout + 1)
        kernel.kc.allow_stdin = False
        await run_silently(kernel, WARMUP, self.warmup_timeout)
        QUIET_LOG.logger.debug("kernel k%s warm in %.2f s", n, time.perf_counter() - started)

    async def get(self) -> Kernel:
        """A warm kernel, fresh or reset; raises KernelStartError if none can come."""
        if self.error is None and not self._ready.empty():
            return self._ready.get_nowait()
        getter = asyncio.ensure_future(self._ready.get())
        broken = asyncio.ensure_future(self._broken.wait())
        try:
            await asyncio.wait({getter, broken}, timeout=self.get_timeout,
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (getter, broken):
                task.cancel()
        if getter.done() and not getter.cancelled():
            if self.error is None:
                return getter.result()
            self._ready.put_nowait(getter.result())  # close() stops it
        if self.error is not None:
            raise self.error
        raise KernelStartError(f"no Jupyter kernel became available within "
                               f"{self.get_timeout:g} s; see the log with -vv")

    async def recycle(self, kernel: Kernel) -> None:
        """Reset a kernel after a successful run and make it available again."""
        try:
            await run_silently(kernel, RESET.replace("@CWD@", repr(str(self.cwd))),
                                self.ready_timeout)
        except Exception:
            self.release(kernel)
            return
        self._ready.put_nowait(kernel)

    def release(self, kernel: Kernel) -> None:
        """Shut a kernel down in the background (its run failed) and boot a replacement."""
        if kernel in self._live:
            self._live.remove(kernel)
        self._stopping.append(asyncio.create_task(stop_kernel(kernel)))
        if not self._closed:
            self._spawn()

    async def close(self) -> None:
        """Stop everything: booting kernels, live kernels; remove the socket folder."""
        self._closed = True
        for task in list(self._booting):
            task.cancel()
        await asyncio.gather(*self._booting, return_exceptions=True)
        self._stopping += [asyncio.create_task(stop_kernel(k)) for k in self._live]
        self._live.clear()
        await asyncio.gather(*self._stopping, return_exceptions=True)
        shutil.rmtree(self.conn_dir, ignore_errors=True)
