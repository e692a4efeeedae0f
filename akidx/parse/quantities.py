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
    text, offs, nos = "", [], []

    def flush() -> None:
        nonlocal text, offs, nos
        if text.strip():
            out.append((text, offs, nos))
        text, offs, nos = "", [], []

    for line in lines:
        if line.blank or line.text.startswith(LIST_BULLET):
            flush()
        if line.blank:
            continue
        offs.append(len(text))
        nos.append(line.no)
        for part in _SENTENCE_END.split(line.text) if "。" in line.text else (line.text,):
            text += part
            if part.endswith("。"):
                flush()
                offs, nos = [0], [line.no]
        if line.ends:
            flush()
    flush()
    return out


def extract(lines: list[Line], places: Places, reported_years: list[int],
            rules: list[dict] = METRICS) -> tuple[list, list]:
    """(figures records, kpi records) for the whole report; ``rules``: the metric rules."""
    figures, kpis = [], []
    for text, offs, nos in sentences(lines):
        if not _DIGIT_RE.search(text):
            continue
        masked = MASK_RE.sub(lambda m: "\0" * len(m.group()), text)
        period = _checked(_date_range, text, nos[0])
        for m in FIGURE_RE.finditer(masked):
            line = nos[bisect.bisect_right(offs, m.start()) - 1]
            fig = _figure(text, m, line, places, period)
            figures.append(fig)
            kpi = _kpi(fig, text, m, period, reported_years, rules)
            fig["metric"] = kpi["metric"] if kpi else None
            if kpi:
                kpis.append(kpi)
    return figures, _finish_kpis(kpis)


def _figure(text: str, m: re.Match, line: int, places: Places, period) -> dict:
    before = text[: m.start()].replace(" ", "")
    after = text[m.end() : m.end() + 3]
    section_year = fy = Places.lookup(places.years, line)
    if fy is None and period is None:
        fy = _checked(_stated_year, text[: m.start()], line)
    elif fy is None and period.point:
        fy = fiscal_year_of(period.end)
    return {
        "value": parse_number(m.group("num")), "unit": m.group("unit"),
        "measure_id": Places.lookup(places.measures, line), "fiscal_year": fy,
        "approx": before.endswith(APPROX_WORDS) or after.startswith("程度"),
        "source_line": line, "quote": text.strip(),
        "_section_year": section_year is not None,
    }


def _checked(read, text: str, line: int):
    """``read(text)``, or None with a warning when the text holds an impossible date."""
    try:
        return read(text)
    except ValueError as err:
        notes.warn("line %d: ignoring an unreadable date (%s)", line, err)
        return None


def _stated_year(before: str) -> int | None:
    """The fiscal year the sentence states before a figure (nearest first)."""
    fys = list(ERA_FY_RE.finditer(before))
    if fys and not before[fys[-1].end() :].lstrip().startswith(DEADLINE_WORDS):
        return year_of(fys[-1])
    yms = list(ERA_MONTH_RE.finditer(before))
    if yms and not fys:
        return fiscal_year_of(date_of(yms[-1]))
    return None


def _date_range(text: str) -> Period | None:
    """``AからBまで``, ``令和5年度末まで`` (end only) or ``令和3年11月現在`` (one day)."""
    dates = list(ERA_DATE_RE.finditer(text))
    if len(dates) >= 2 and RANGE_WORDS[0] in text[dates[0].end() : dates[1].start()]:
        return Period(date_of(dates[0]), date_of(dates[1]), "stated")
    for fy in ERA_FY_RE.finditer(text):
        if text[fy.end() :].startswith(AS_OF_WORDS):
            return Period(None, fiscal_bounds(year_of(fy))[1],
                          "year_end")
    for ym in ERA_MONTH_RE.finditer(text):
        if text[ym.end() :].lstrip(" )）").startswith(AS_OF_MONTH_WORDS):
            first = date_of(ym)
            last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
            return Period(last, last, "stated")
    return None


def _clause(text: str, start: int) -> str:
    pattern = "|".join(map(re.escape, CLAUSE_BREAKS))
    bounds = [0] + [c.end() for c in re.finditer(pattern, text)] + [len(text) + 1]
    k = bisect.bisect_right(bounds, start) - 1
    return text[bounds[k] : bounds[k + 1]]


def _rule(unit: str, clause: str, sentence: str, rules: list[dict]) -> dict | None:
    for scope in (clause, sentence):
        for rule in rules:
            if (unit in rule["units"] and all(w in scope for w in rule["all"])
                    and (not rule["any"] or any(w in scope for w in rule["any"]))):
                return rule
    return None


def _kpi(fig: dict, text: str, m: re.Match, period, years: list[int],
         rules: list[dict]) -> dict | None:
    clause = _clause(text, m.start())
    rule = _rule(fig["unit"], clause, text, rules)
    if rule is None:
        return None
    cumulative = period is not None or (
        fig["fiscal_year"] is None and any(w in text[: m.start()] for w in CUMULATIVE_WORDS))
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
