"""Every number with a unit (the audit trail) and the KPIs among them.

The report is read as one stream of sentences. Each figure gets the measure and
fiscal year of the place it stands in (a sheet's yearly row) or that its
sentence states (令和5年度は…), and a cumulative period when the sentence gives
a date range (…から…までに延べ). The metric comes from the words of the figure's
clause, or failing that its sentence (rules in ``vocab.METRICS``, plus any the
user gives: :mod:`akidx.parse.metrics`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from akidx.parse import notes
from akidx.parse.lines import Line
from akidx.parse.normalize import (
    ERA_DATE_RE,
    ERA_FY_RE,
    ERA_MONTH_RE,
    ERA_SPAN,
    NUMBER,
    date_of,
    fiscal_bounds,
    fiscal_year_of,
    parse_number,
    year_of,
)
from akidx.parse.vocab import (
    APPROX_WORDS,
    AS_OF_MONTH_WORDS,
    AS_OF_WORDS,
    CLAUSE_BREAKS,
    CUMULATIVE_WORDS,
    DEADLINE_WORDS,
    LIST_BULLET,
    METRICS,
    PARTICLES,
    RANGE_WORDS,
    UNIT_GLUE,
    UNITS,
)

# Numbers that are not figures: dates, Western years in brackets, 第N, list numbers.
MASK_RE = re.compile(
    ERA_SPAN + r"|[（(]\s*\d{4}\s*[）)]|第\s*[\d.]+|^\s*(?:追加)?\d+\s*[.．](?!\d)"
)
_DIGIT_RE = re.compile(r"\d")
_SENTENCE_END = re.compile(r"(?<=。)")
FIGURE_RE = re.compile(
    rf"(?<![\d.,])(?P<num>{NUMBER})\s*"
    + UNIT_GLUE + "(?P<unit>" + "|".join(map(re.escape, UNITS)) + ")"
)


@dataclass(frozen=True)
class Period:
    """Dates a sentence gives a figure, and what they rest on (kpis.period_basis)."""

    start: dt.date | None
    end: dt.date
    basis: str  # "stated" (both dates in the text) or "year_end" (…年度末まで: end only)

    @property
    def point(self) -> bool:
        return self.start == self.end  # a stock counted on one date (…年11月現在)


@dataclass(frozen=True)
class Places:
    """Where things are, by source line: measure spans and yearly-row spans."""

    measures: list[tuple[int, int, int]]  # (first line, end line exclusive, measure_id)
    years: list[tuple[int, int, int]]  # (first line, end line exclusive, fiscal year)

    @staticmethod
    def lookup(spans: list[tuple[int, int, int]], line: int) -> int | None:
        return next((v for a, b, v in spans if a <= line < b), None)


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


def extract(lines: list[Line], places: Places, reported_years: list[int],
            rules: list[dict] = METRICS) -> tuple[list, list]:
    """(figures records, kpi records) for the whole report; ``rules``: the metric rules.

    Linear in the text: each sentence is indexed once (:class:`Sentence`), then each
    figure looks at a bounded window of it."""
    figures, kpis = [], []
    for text, offs, nos in sentences(lines):
        if not _DIGIT_RE.search(text):
            continue
        masked = MASK_RE.sub(lambda m: "\0" * len(m.group()), text)
        sentence = Sentence(text, _checked(_date_range, text, nos[0]), rules)
        for m in FIGURE_RE.finditer(masked):
            line = nos[bisect.bisect_right(offs, m.start()) - 1]
            fig = _figure(sentence, m, line, places)
            figures.append(fig)
            kpi = _kpi(fig, sentence, m, reported_years)
            fig["metric"] = kpi["metric"] if kpi else None
            if kpi:
                kpis.append(kpi)
    return figures, _finish_kpis(kpis)


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
        self.deadlines = [_word_after(text, fy.end(), DEADLINE_WORDS) for fy in self.fys]
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
            self._rules[unit] = _rule(unit, self.text, self.rules)
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


def _word_after(text: str, start: int, words: tuple[str, ...]) -> int | None:
    """Where the first of ``words`` after the whitespace at ``start`` ends, else None."""
    while start < len(text) and text[start].isspace():
        start += 1
    ends = [start + len(w) for w in words if text.startswith(w, start)]
    return min(ends) if ends else None


def _tail(text: str, end: int, count: int) -> str:
    """The last ``count`` characters before ``end`` that are not spaces (U+0020)."""
    kept: list[str] = []
    while end > 0 and len(kept) < count:
        end -= 1
        if text[end] != " ":
            kept.append(text[end])
    return "".join(reversed(kept))


def _figure(sentence: Sentence, m: re.Match, line: int, places: Places) -> dict:
    text, period = sentence.text, sentence.period
    before = _tail(text, m.start(), max(map(len, APPROX_WORDS)))
    after = text[m.end() : m.end() + 3]
    section_year = fy = Places.lookup(places.years, line)
    if fy is None and period is None:
        fy = _checked(sentence.stated_year, m.start(), line)
    elif fy is None and period.point:
        fy = fiscal_year_of(period.end)
    return {
        "value": parse_number(m.group("num")), "unit": m.group("unit"),
        "measure_id": Places.lookup(places.measures, line), "fiscal_year": fy,
        "approx": before.endswith(APPROX_WORDS) or after.startswith("程度"),
        "source_line": line, "quote": sentence.quote_at(m),
        "_section_year": section_year is not None,
    }


def _checked(read, arg, line: int):
    """``read(arg)``, or None with a warning when the text holds an impossible date."""
    try:
        return read(arg)
    except ValueError as err:
        notes.warn("line %d: ignoring an unreadable date (%s)", line, err)
        return None


def _date_range(text: str) -> Period | None:
    """``AからBまで``, ``令和5年度末まで`` (end only) or ``令和3年11月現在`` (one day)."""
    dates = list(ERA_DATE_RE.finditer(text))
    if len(dates) >= 2 and RANGE_WORDS[0] in text[dates[0].end() : dates[1].start()]:
        return Period(date_of(dates[0]), date_of(dates[1]), "stated")
    for fy in ERA_FY_RE.finditer(text):
        if text.startswith(AS_OF_WORDS, fy.end()):
            return Period(None, fiscal_bounds(year_of(fy))[1],
                          "year_end")
    for ym in ERA_MONTH_RE.finditer(text):
        if text.startswith(AS_OF_MONTH_WORDS, _skip(text, ym.end(), " )）")):
            first = date_of(ym)
            last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
            return Period(last, last, "stated")
    return None


def _skip(text: str, start: int, chars: str) -> int:
    """The first index from ``start`` on whose character is not one of ``chars``."""
    while start < len(text) and text[start] in chars:
        start += 1
    return start


def _rule(unit: str, scope: str, rules: list[dict]) -> dict | None:
    for rule in rules:
        if (unit in rule["units"] and all(w in scope for w in rule["all"])
                and (not rule["any"] or any(w in scope for w in rule["any"]))):
            return rule
    return None


def _kpi(fig: dict, sentence: Sentence, m: re.Match, years: list[int]) -> dict | None:
    clause = sentence.clause(m.start())
    rule = _rule(fig["unit"], clause, sentence.rules) or sentence.rule(fig["unit"])
    if rule is None:
        return None
    period = sentence.period
    cumulative = period is not None or (
        fig["fiscal_year"] is None and sentence.cumulative_from <= m.start())
    start = end = basis = None
    fy = fig["fiscal_year"]
    if cumulative and not fig["_section_year"]:
        fy = None
        if period is not None:
            start, end, basis = period.start, period.end, period.basis
        elif years:  # 延べ with no dates: the years the report reports on
            start, end = fiscal_bounds(min(years))[0], fiscal_bounds(max(years))[1]
            basis = "reported_years"
    return {
        "metric": rule["metric"], "breakdown": _breakdown(rule, clause, m),
        "measure_id": fig["measure_id"], "fiscal_year": fy,
        "period_start": start, "period_end": end, "period_basis": basis,
        "value": fig["value"], "unit": fig["unit"],
        "approx": fig["approx"], "source_line": fig["source_line"], "quote": fig["quote"],
    }


def _breakdown(rule: dict, clause: str, m: re.Match) -> str:
    for word in rule.get("breakdown", ()):
        if word in clause:
            return word
    if not rule.get("breakdown_before"):
        return ""
    label = clause[: clause.find(m.group("num"))].strip()
    for word in (*CUMULATIVE_WORDS, *APPROX_WORDS):
        label = label.removesuffix(word).strip()
    label = label.rstrip("（(").rstrip("".join(PARTICLES)).lstrip(LIST_BULLET).strip()
    cut = max(label.rfind(p) for p in ("に", "は", "、"))
    return label[cut + 1 :].strip() if cut >= 0 else label


def _finish_kpis(rows: list[dict]) -> list[dict]:
    """Dedupe, give yearly rows their period, and start partial years where service began."""
    seen, out = set(), []
    for r in rows:
        key = (r["metric"], r["breakdown"], r["measure_id"], r["fiscal_year"], r["period_start"],
               r["value"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    starts = {r["metric"]: r["period_start"] for r in out
              if r["fiscal_year"] is None and r["period_basis"] == "stated"}
    for r in out:
        fy = r["fiscal_year"]
        if fy is None:
            continue
        r["period_start"], r["period_end"] = fiscal_bounds(fy)
        r["period_basis"] = "fiscal_year"
        began = starts.get(r["metric"])
        if began and fiscal_year_of(began) == fy and began > r["period_start"]:
            r["period_start"], r["period_basis"] = began, "service_start"
    return out
