"""Issue 16.4: parsing is linear in the figures of one line (it was quadratic: 8,000
``1件、`` on one line took 38 s, a 2.5 MB file did not finish).

No clock: the work is counted as the Python and C function calls the parse makes
(``sys.setprofile``) and as the characters the metric rules scan, and the quotes it
keeps are measured. Doubling the figures must double the added work, not quadruple
it. The seconds are in ``benchmarks/bench_parse.py --figures 2000 4000 8000``.
"""

from __future__ import annotations

import re
import sys

import pytest

from akidx.parse import quantities, sentences
from akidx.tables.report import parse_text

SIZES = (500, 1000, 2000)


def hostile(raw_text: str, count: int, kind: str) -> str:
    """The report with ``count`` figures on one line of measure 8's sheet (the chatbot's),
    or on as many lines of one sentence."""
    line = re.compile(r"^(AIチャットボットの導入し、5,760件の問い合わせに対応し)", re.M)
    assert len(line.findall(raw_text)) == 1
    extra = {"one line": "1件、" * count, "no breaks": "令和5年度 約1件 延べ" * count,
             "many lines": "\n1件の問い合わせ" * count}[kind]
    return line.sub(lambda m: m.group(1) + extra, raw_text)


def calls(text: str) -> int:
    """Function calls (Python and C) made while parsing ``text``."""
    count = 0

    def count_call(frame, event, arg) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(count_call)
    try:
        parse_text(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("kind", ["one line", "no breaks", "many lines"])
def test_work_grows_linearly_with_the_figures(raw_text, kind):
    work = [calls(hostile(raw_text, n, kind)) for n in SIZES]
    first, second = work[1] - work[0], work[2] - work[1]  # for 500, then 1,000 more figures
    assert first > 0 and second / first < 2.4, (kind, work)  # quadratic: 4; linear: 2


@pytest.mark.parametrize("kind", ["one line", "no breaks"])
def test_words_are_looked_for_in_bounded_text(raw_text, kind, monkeypatch):
    """The characters the metric rules scan (clause per figure, sentence once per unit)
    grow linearly too: a clause or sentence scanned whole for every figure would not."""
    scanned = [0]
    real = sentences.rule_for

    def counting(unit, scope, rules):
        scanned[0] += len(scope)
        return real(unit, scope, rules)

    monkeypatch.setattr(sentences, "rule_for", counting)
    monkeypatch.setattr(quantities, "rule_for", counting)
    work = []
    for n in SIZES:
        scanned[0] = 0
        parse_text(hostile(raw_text, n, kind))
        work.append(scanned[0])
    first, second = work[1] - work[0], work[2] - work[1]
    assert first > 0 and second / first < 2.4, (kind, work)


def test_quotes_and_clauses_stay_bounded(raw_text):
    """One sentence of 4,000 figures: each keeps a window of it, not the 20,000 characters
    (the figures table would otherwise grow with the square of the line)."""
    report = parse_text(hostile(raw_text, 4000, "one line"))
    assert len(report.figures) >= 4000
    assert report.figures.quote.str.len().max() <= sentences.QUOTE_CHARS + 2
    original = parse_text(raw_text)
    assert original.figures.quote.str.len().max() < sentences.QUOTE_CHARS, \
        "the report's own quotes are whole sentences"
