"""Sentences of the report, and each one indexed once for the figures in it.

The report is read as one stream of sentences (:func:`sentences`). A
:class:`Sentence` finds once what its figures need (clause breaks, era years and
months, cumulative words, the metric rule of its words per unit), so reading a
figure costs the same however long its sentence is: parsing stays linear in the
text (a line of 8,000 figures took 38 s when each figure rescanned it).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from akidx.parse.lines import Line
from akidx.parse.normalize import ERA_FY_RE, ERA_MONTH_RE, date_of, fiscal_year_of, year_of
from akidx.parse.vocab import CLAUSE_BREAKS, CUMULATIVE_WORDS, DEADLINE_WORDS, LIST_BULLET

_SENTENCE_END = re.compile(r"(?<=。)")


@dataclass(frozen=True)
class Period:
    """Dates a sentence gives a figure, and what they rest on (kpis.period_basis)."""

    start: dt.date | None
    end: dt.date
    basis: str  # "stated" (both dates in the text) or "year_end" (…年度末まで: end only)

    @property
    def point(self) -> bool:
        return self.start == self.end  # a stock counted on one date (…年11月現在)


def sentences(lines: list[Line]) -> list[tuple[str, list[int], list[int]]]:
    """(text, offsets, line numbers): sentences end at 。, at a box end or before ・."""
    out = []
    parts: list[str] = []  # of the sentence being read: joined once, when it ends
    size, offs, nos = 0, [], []

    def flush() -> None:
        nonlocal parts, size, offs, nos
        text = "".join(parts)
        if text.strip():
            out.append((text, offs, nos))
        parts, size, offs, nos = [], 0, [], []

    for line in lines:
        if line.blank or line.text.startswith(LIST_BULLET):
            flush()
        if line.blank:
            continue
        offs.append(size)
        nos.append(line.no)
        for part in _SENTENCE_END.split(line.text) if "。" in line.text else (line.text,):
            parts.append(part)
            size += len(part)
            if part.endswith("。"):
                flush()
                offs, nos = [0], [line.no]
        if line.ends:
            flush()
    flush()
    return out


# Bounds that keep the work per figure constant, whatever the length of its sentence
# (a line of 8,000 figures parsed in 38 s when each figure scanned the whole sentence).
# Far above the report's own (longest quote 157 characters, longest clause 89).
QUOTE_CHARS = 400  # a longer sentence is quoted as this window around the figure
CLAUSE_CHARS = 200  # a clause's words are looked for this far either side of the figure


class Sentence:
    """One sentence, indexed once: its clauses, era years and months, cumulative words, the
    metric rule its words give each unit; what a figure needs is then a lookup."""

    def __init__(self, text: str, period: Period | None, rules: list[dict]) -> None:
        self.text, self.period, self.rules = text, period, rules
        self.quote = text.strip()
        breaks = "|".join(map(re.escape, CLAUSE_BREAKS))
        self.bounds = [0] + [c.end() for c in re.finditer(breaks, text)] + [len(text) + 1]
        self.fys = list(ERA_FY_RE.finditer(text))
        self.fy_ends = [fy.end() for fy in self.fys]
        self.deadlines = [word_after(text, fy.end(), DEADLINE_WORDS) for fy in self.fys]
        self.yms = list(ERA_MONTH_RE.finditer(text))
        self.ym_ends = [ym.end() for ym in self.yms]
        found = [text.find(w) for w in CUMULATIVE_WORDS]
        self.cumulative_from = min((i + len(w) for i, w in zip(found, CUMULATIVE_WORDS,
                                                               strict=True) if i >= 0),
                                   default=len(text) + 1)
        self._rules: dict[str, dict | None] = {}

    def clause(self, start: int) -> str:
        """The clause around ``start`` (between 、/うち breaks), at most CLAUSE_CHARS each side."""
        k = bisect.bisect_right(self.bounds, start) - 1
        return self.text[max(self.bounds[k], start - CLAUSE_CHARS):
                         min(self.bounds[k + 1], start + CLAUSE_CHARS)]

    def quote_at(self, m: re.Match) -> str:
        """The sentence, or a window of it around the figure when it is very long."""
        if len(self.quote) <= QUOTE_CHARS:
            return self.quote
        a = max(0, m.start() - QUOTE_CHARS // 2)
        b = min(len(self.text), a + QUOTE_CHARS)
        return ("…" if a else "") + self.text[a:b].strip() + ("…" if b < len(self.text) else "")

    def rule(self, unit: str) -> dict | None:
        """The first rule whose words the whole sentence holds, for figures in ``unit``."""
        if unit not in self._rules:
            self._rules[unit] = rule_for(unit, self.text, self.rules)
        return self._rules[unit]

    def stated_year(self, end: int) -> int | None:
        """The fiscal year the sentence states before ``end`` (nearest first)."""
        k = bisect.bisect_right(self.fy_ends, end)
        if k:
            deadline = self.deadlines[k - 1]
            if deadline is None or deadline > end:
                return year_of(self.fys[k - 1])
            return None
        k = bisect.bisect_right(self.ym_ends, end)
        return fiscal_year_of(date_of(self.yms[k - 1])) if k else None


def word_after(text: str, start: int, words: tuple[str, ...]) -> int | None:
    """Where the first of ``words`` after the whitespace at ``start`` ends, else None."""
    while start < len(text) and text[start].isspace():
        start += 1
    ends = [start + len(w) for w in words if text.startswith(w, start)]
    return min(ends) if ends else None


def rule_for(unit: str, scope: str, rules: list[dict]) -> dict | None:
    for rule in rules:
        if (unit in rule["units"] and all(w in scope for w in rule["all"])
                and (not rule["any"] or any(w in scope for w in rule["any"]))):
            return rule
    return None


