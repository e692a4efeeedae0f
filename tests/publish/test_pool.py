"""The kernel pool never leaves a worker waiting: fault injection with fake kernels.

No real kernel starts here (quick loop): a fake manager dies at start, never answers,
hangs in warm-up or fails its reset. Every test is bounded by ``asyncio.wait_for``, so
a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from fakekernels import Fleet

from akidx.errors import KernelStartError
from akidx.publish import kernels, sockets
from akidx.publish.pool import KernelPool

BOUND = 10.0  # seconds: far above what every test needs, far below "forever"


def make_pool(fleet: Fleet, tmp_path: Path, size: int = 2, **deadlines) -> KernelPool:
    deadlines = {"ready_timeout": 0.3, "warmup_timeout": 0.3, **deadlines}
    return KernelPool(size, tmp_path, tmp_path, new_manager=fleet, **deadlines)


def bounded(coro):
    return asyncio.run(asyncio.wait_for(coro, BOUND))


async def gets(pool: KernelPool, n: int) -> list[object]:
    """``n`` workers waiting for a kernel at once: what each gets (kernel or error)."""
    return await asyncio.gather(*(pool.get() for _ in range(n)), return_exceptions=True)


# (what every kernel does, words of the error, start attempts per kernel, why)
CASES = [
    ("start-fails", "No such kernel named akidx", 2, "the launch itself fails (no kernelspec)"),
    ("dies", "Kernel died before replying", 2, "the process exits before its first reply"),
    ("silent", "no answer in time", 1, "the kernel never answers: no second wait"),
    ("warmup-hangs", "no answer in time", 1, "the warm-up never returns"),
]


@pytest.mark.parametrize("mode, reason, attempts, why", CASES, ids=[c[0] for c in CASES])
def test_kernels_that_cannot_start_fail_every_waiting_worker(tmp_path, mode, reason, attempts,
                                                             why):
    fleet = Fleet(default=mode)

    async def scenario() -> tuple[list[object], float]:
        pool = make_pool(fleet, tmp_path)
        started = time.perf_counter()
        try:
            got = await gets(pool, 3)  # more waiters than kernels: none may be forgotten
            again = await gets(pool, 1)  # and a later one too
            return got + again, time.perf_counter() - started
        finally:
            await pool.close()
            assert not pool.conn_dir.exists()

    got, seconds = bounded(scenario())
    assert all(isinstance(g, KernelStartError) for g in got), (why, got)
    message = str(got[0])
    assert reason in message and "ipykernel_launcher" in message and "pip install" in message
    assert "\n" not in message
    assert seconds < 5, why
    assert len(fleet.made) == 2 * attempts  # then it gives up
    assert fleet.alive == []  # every fake kernel that started was shut down


def test_a_second_attempt_can_succeed(tmp_path):
    fleet = Fleet("dies", "dies")

    async def scenario() -> list[object]:
        pool = make_pool(fleet, tmp_path)
        try:
            return await gets(pool, 2)
        finally:
            await pool.close()

    got = bounded(scenario())
    assert all(isinstance(g, kernels.Kernel) for g in got)
    assert fleet.alive == []


def test_failed_reset_replaces_the_kernel(tmp_path):
    fleet = Fleet()
    fleet.reset_fails = True

    async def scenario() -> tuple[object, object]:
        pool = make_pool(fleet, tmp_path, size=1)
        try:
            first = await pool.get()
            await pool.recycle(first)  # reset fails: shut down, a new one boots
            second = await pool.get()
            return first, second
        finally:
            await pool.close()

    first, second = bounded(scenario())
    assert first is not second and not first.km.alive
    assert len(fleet.made) == 2 and fleet.alive == []


@pytest.mark.parametrize("via", ["reset", "release"])
def test_replacement_that_cannot_start_fails_the_waiting_worker(tmp_path, via):
    fleet = Fleet("ok", default="start-fails")
    fleet.reset_fails = True

    async def scenario() -> object:
        pool = make_pool(fleet, tmp_path, size=1)
        try:
            kernel = await pool.get()
            if via == "reset":
                await pool.recycle(kernel)
            else:
                pool.release(kernel)  # its notebook failed
            return (await gets(pool, 2))
        finally:
            await pool.close()

    got = bounded(scenario())
    assert all(isinstance(g, KernelStartError) for g in got)
    assert fleet.alive == []


def test_get_has_its_own_deadline(tmp_path):
    """A worker waits at most get_timeout, even if a kernel is never handed back."""
    fleet = Fleet()

    async def scenario() -> object:
        pool = make_pool(fleet, tmp_path, size=1, get_timeout=0.5)
        try:
            await pool.get()  # taken and never recycled nor released
            return (await gets(pool, 1))[0]
        finally:
            await pool.close()

    got = bounded(scenario())
    assert isinstance(got, KernelStartError) and "within 0.5 s" in str(got)
    assert fleet.alive == []


def test_close_while_booting_leaves_nothing(tmp_path):
    fleet = Fleet(default="silent")

    async def scenario() -> Path:
        pool = make_pool(fleet, tmp_path, ready_timeout=60)
        await asyncio.sleep(0.1)
        await pool.close()  # Ctrl-C: booting kernels are cancelled and stopped
        return pool.conn_dir

    conn_dir = bounded(scenario())
    assert not conn_dir.exists() and fleet.alive == []


def test_stale_socket_folders_are_removed(tmp_path):
    dead = tmp_path / f"{sockets.CONN_PREFIX}999999999-abc"  # no such process
    mine = tmp_path / f"{sockets.CONN_PREFIX}1-abc"  # pid 1 is alive
    for folder in (dead, mine):
        folder.mkdir()
        (folder / "k1.json").write_text("{}")
    sockets.clean_stale(tmp_path)
    assert not dead.exists() and mine.exists()
