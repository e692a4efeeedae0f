"""Fake kernel managers for fault injection: no process, any failure on demand.

Modes: ``ok``; ``start-fails`` (the launch raises, as with no kernelspec); ``dies``
(exits before its first reply); ``silent`` (never answers, whatever the timeout);
``warmup-hangs`` (answers, then never finishes the warm-up). ``Fleet.reset_fails``
makes every reset between two notebooks fail.
"""

from __future__ import annotations

import asyncio


class FakeClient:
    def __init__(self, km: FakeManager) -> None:
        self.km = km

    def start_channels(self) -> None:
        pass

    def stop_channels(self) -> None:
        pass

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        if self.km.mode == "dies":
            self.km.alive = False
            raise RuntimeError("Kernel died before replying to kernel_info")
        if self.km.mode == "silent":
            await asyncio.Event().wait()  # never answers, whatever the timeout says

    async def execute_interactive(self, code: str, **kwargs) -> dict:
        if self.km.mode == "warmup-hangs" and "_akidx_warm" in code:
            await asyncio.Event().wait()
        if "_akidx_reset" in code and self.km.fleet.reset_fails:
            return {"content": {"status": "error", "ename": "NameError"}}
        return {"content": {"status": "ok"}}


class Fleet:
    """Makes fake managers; ``modes`` is what the next kernels do (then ``default``)."""

    def __init__(self, *modes: str, default: str = "ok") -> None:
        self.modes = list(modes)
        self.default = default
        self.made: list[FakeManager] = []
        self.reset_fails = False

    def __call__(self) -> FakeManager:
        km = FakeManager(self, self.modes.pop(0) if self.modes else self.default)
        self.made.append(km)
        return km

    @property
    def alive(self) -> list[FakeManager]:
        return [km for km in self.made if km.alive]


class FakeManager:
    def __init__(self, fleet: Fleet, mode: str) -> None:
        self.fleet, self.mode, self.alive = fleet, mode, False

    async def start_kernel(self, **kwargs) -> None:
        if self.mode == "start-fails":
            raise RuntimeError("No such kernel named akidx")
        self.alive = True

    def client(self) -> FakeClient:
        return FakeClient(self)

    async def shutdown_kernel(self, now: bool = False) -> None:
        self.alive = False
