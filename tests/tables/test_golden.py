"""Golden files for whole-report tables (pytest-regressions style).

``tests/golden/<table>.csv`` holds each table as parsed from the committed
report, reviewed by hand against the text when it was written. A change in the
parser that changes a table fails here with a diff. To accept a deliberate
change, regenerate and review the diff line by line before committing::

    AKIDX_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/tables/test_golden.py
    git diff tests/tables/golden/
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from akidx.tables.report import parse_text
from akidx.tables.schema import TABLES

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def report(raw_text):
    return parse_text(raw_text)


@pytest.mark.parametrize("table", list(TABLES))
def test_table_matches_golden_file(report, table):
    got = report.tables[table].to_csv(index=False, lineterminator="\n")
    path = GOLDEN / f"{table}.csv"
    if os.environ.get("AKIDX_REGEN_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                              f"golden/{table}.csv", "parsed", lineterm=""))
        pytest.fail(f"{table} differs from its golden file:\n{diff[:4000]}")
