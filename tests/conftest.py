"""Shared fixtures. Others may add fixtures: append only, keep it small."""

from __future__ import annotations

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
