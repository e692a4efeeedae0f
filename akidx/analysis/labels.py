"""How numbers, years and lines read in tables and takeaways (pure formatting)."""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

from akidx.parse.normalize import fiscal_year_ja


def fmt_number(value: Any, digits: int = 0) -> str:
    """12236.0 -> '12,236'; NA -> ''."""
    if value is None or pd.isna(value):
        return ""
    return f"{float(value):,.{digits}f}"


def approx_number(value: Any, approx: Any) -> str:
    """12236, approximate -> '約12,236' (an unknown ``approx`` counts as exact)."""
    return ("約" if not pd.isna(approx) and bool(approx) else "") + fmt_number(value)


def fy_both(year: Any) -> str:
    """2023 -> '令和5年度 (FY2023)'; NA -> '累計'."""
    if year is None or pd.isna(year):
        return "累計 (cumulative)"
    return f"{fiscal_year_ja(int(year))} (FY{int(year)})"


def wrap(text: Any, width: int = 18) -> str:
    """Break a long label into lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(str(text), width))


def line_ref(line: Any, old: bool = False) -> str:
    """Source line 1587 -> 'L1587' (the pages link it to that line of ``source.html``);
    NA -> ''. ``old``: a line of the baseline edition (compare), '旧L1587', never linked
    (``source.html`` is the report being built, not the baseline)."""
    if line is None or pd.isna(line):
        return ""
    return f"{'旧' if old else ''}L{int(line)}"
