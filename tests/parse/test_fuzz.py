"""Damaged copies of the report: the parser returns tables or a ParseError, nothing else.

A traceback from any other exception would reach the user of the CLI as a crash,
so hypothesis cuts, repeats and rewrites random parts of the text and checks
that every failure is a ParseError naming a line of the damaged text.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akidx.errors import ParseError
from akidx.tables.report import parse_text
from akidx.tables.schema import TABLES

DIGITS = "0123456789０１２３４５６７８９"


@st.composite
def damaged(draw, text: str) -> str:
    lines = text.split("\n")
    kind = draw(st.sampled_from(["cut", "repeat", "digit", "mark", "truncate"]))
    a = draw(st.integers(0, len(lines) - 1))
    b = draw(st.integers(a, min(len(lines), a + 200)))
    if kind == "cut":
        lines = lines[:a] + lines[b:]
    elif kind == "repeat":
        lines = lines[:b] + lines[a:b] + lines[b:]
    elif kind == "truncate":
        lines = lines[:a]
    else:
        pool = DIGITS if kind == "digit" else "〇△×◎○□？ "
        spots = [i for i, ch in enumerate(text) if ch in pool]
        i = draw(st.sampled_from(spots))
        return text[:i] + draw(st.sampled_from(pool)) + text[i + 1 :]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_copies_parse_or_fail_cleanly(raw_text, data):
    text = data.draw(damaged(raw_text))
    try:
        report = parse_text(text)
    except ParseError as err:
        assert "\n" not in str(err)
        assert err.line is None or 1 <= err.line <= text.count("\n") + 1
        return
    for name, fields in TABLES.items():
        assert list(report.tables[name].columns) == [f.name for f in fields]
