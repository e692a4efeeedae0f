"""Inputs that are not a report file are refused at once: devices, FIFOs, huge files.

Each read runs in a thread joined with a bound: the old code read /dev/zero until
memory ran out and waited forever on a FIFO.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from akidx import cli
from akidx.errors import InputError
from akidx.publish import build
from akidx.tables import read


def bounded(call, seconds: float = 10.0) -> BaseException | None:
    result: list[BaseException | None] = []

    def target() -> None:
        try:
            call()
            result.append(None)
        except BaseException as exc:  # noqa: BLE001 (handed to the test)
            result.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {seconds} s"
    return result[0]


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def too_large(tmp_path: Path) -> Path:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(read.MAX_REPORT_BYTES + 1)  # sparse: costs no disk
    return path


# (input, words of the error, why)
CASES = [
    (lambda tmp: Path("/dev/zero"), "is not a regular file", "endless zeros"),
    (lambda tmp: Path("/dev/urandom"), "is not a regular file", "endless random bytes"),
    (fifo, "is not a regular file", "a FIFO: opening it waits for a writer"),
    (too_large, "is larger than 16 MiB", "far above any report"),
]


@pytest.mark.parametrize("where, words, why", CASES, ids=[c[2] for c in CASES])
def test_read_text_refuses(tmp_path, where, words, why):
    path = where(tmp_path)
    error = bounded(lambda: read.read_text(path))
    assert isinstance(error, InputError) and words in str(error), (why, error)
    assert str(path) in str(error) and "\n" not in str(error)


@pytest.mark.parametrize("where, words, why", CASES, ids=[c[2] for c in CASES])
def test_parse_and_build_refuse_in_one_line(tmp_path, capsys, where, words, why):
    path = where(tmp_path)
    assert bounded(lambda: cli.main(["parse", str(path), "--out", str(tmp_path / "o")])) is None
    err = capsys.readouterr().err
    assert err.startswith("akidx: error: ") and words in err and err.count("\n") == 1, why
    error = bounded(lambda: build(report=path, out_dir=tmp_path / "out"))
    assert isinstance(error, InputError) and words in str(error), why
    assert not (tmp_path / "o").exists() and not (tmp_path / "out").exists()


def test_a_report_at_the_limit_is_read(tmp_path, monkeypatch, raw_path):
    monkeypatch.setattr(read, "MAX_REPORT_BYTES", raw_path.stat().st_size)
    text, _, _ = read.read_text(raw_path)
    assert text.startswith(raw_path.read_text(encoding="utf-8")[:20])
