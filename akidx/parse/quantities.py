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
from akidx.parse.sentences import Period, Sentence, rule_for, sentences
from akidx.parse.vocab import (
    APPROX_WORDS,
    AS_OF_MONTH_WORDS,
    AS_OF_WORDS,
    CUMULATIVE_WORDS,
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
FIGURE_RE = re.compile(
    rf"(?<![\d.,])(?P<num>{NUMBER})\s*"
    + UNIT_GLUE + "(?P<unit>" + "|".join(map(re.escape, UNITS)) + ")"
)


@dataclass(frozen=True)
class Places:
    """Where things are, by source line: measure spans and yearly-row spans."""

    measures: list[tuple[int, int, int]]  # (first line, end line exclusive, measure_id)
    years: list[tuple[int, int, int]]  # (first line, end line exclusive, fiscal year)

    @staticmethod
    def lookup(spans: list[tuple[int, int, int]], line: int) -> int | None:
        return next((v for a, b, v in spans if a <= line < b), None)


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


def _kpi(fig: dict, sentence: Sentence, m: re.Match, years: list[int]) -> dict | None:
    clause = sentence.clause(m.start())
    rule = rule_for(fig["unit"], clause, sentence.rules) or sentence.rule(fig["unit"])
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
