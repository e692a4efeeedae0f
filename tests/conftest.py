"""Shared fixtures. Others may add fixtures: append only, keep it small."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

RAW_PATH = Path(__file__).resolve().parent.parent / "data" / "raw" / (
    "akishima-dx-midterm-report-2024.txt")


@pytest.fixture(scope="session")
def raw_path() -> Path:
    """The report text as committed in data/raw (never modify it)."""
    return RAW_PATH


@pytest.fixture(scope="session")
def raw_text(raw_path: Path) -> str:
    """The report decoded independently of akidx (the file is UTF-8 with LF only)."""
    return raw_path.read_bytes().decode("utf-8")


def _random_bytes(seed: int, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(4096))


# (id, file content — None: no file, "dir": a directory — and words the error must contain)
BAD_INPUTS = [
    ("missing", None, ["no such file"]),
    ("directory", "dir", ["directory"]),
    ("empty", b"", ["empty"]),
    ("whitespace", " \n\t\r\n\u3000\n".encode(), ["whitespace"]),
    ("whitespace-utf16", "\ufeff \n \n".encode("utf-16"), ["whitespace"]),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", ["PDF", "pdftotext"]),
    ("random", _random_bytes(20241), ["binary"]),
    ("random-no-nul", _random_bytes(20242, low=1), ["decoded"]),
    ("control-chars", b"\x01\x02\x03\x04 abc \x05\x06\x07\x08" * 50, ["binary"]),
    ("utf-8-bom-invalid", b"\xef\xbb\xbf\x8e\x73\x96\xf0\n", ["not valid utf-8"]),
    # A high surrogate followed by text, not by its low half: invalid, not truncated.
    ("utf-16-bom-lone-surrogate",
     b"\xff\xfe" + "令和".encode("utf-16-le") + b"\x00\xd8" + "\n本文\n".encode("utf-16-le"),
     ["not valid utf-16"]),
]


@pytest.fixture(params=BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def bad_input(request, tmp_path) -> tuple[Path, list[str]]:
    """A report path that cannot be read, and words its error message must contain."""
    _, content, words = request.param
    path = tmp_path / "input.txt"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path, words
