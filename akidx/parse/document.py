"""``parse_records``: the report's text in, one list of row records per table out.

Pure: no files, no globals, no pandas (``akidx.tables`` turns the records into
typed DataFrames). Structural problems raise :class:`ParseError` with the source
line; soft anomalies are logged and kept in ``Parsed.warnings``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from akidx.errors import ParseError
from akidx.parse import chapter1, chapter2, notes, quantities
from akidx.parse.lines import Line, split_lines
from akidx.parse.metrics import rules_with
from akidx.parse.normalize import fiscal_bounds, fiscal_year_ja
from akidx.parse.vocab import ADDED_SECTION, REVISION_SECTION, TITLE_HINT

CHAPTER_RE = re.compile(r"^第\s*\d+\s*章")
SECTION_RE = re.compile(r"^\d+\s*(.+)$")
QUOTE_RE = re.compile(r"「([^「」]+)」")


@dataclass
class Parsed:
    """What the text says: the report's title and one list of row dicts per table."""

    title: str
    records: dict[str, list[dict]]
    warnings: list[str] = field(default_factory=list)


def parse_records(text: str, metrics: Sequence[dict] | None = None) -> Parsed:
    """Parse the report's text (already decoded) into row records per table.

    ``metrics``: extra metric rules (:mod:`akidx.parse.metrics`), tried before the
    built-in ones.
    """
    rules = rules_with(metrics)
    if not text.strip():
        raise ParseError("the report text is empty")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    with notes.collecting() as warnings:
        parsed = _parse(split_lines(text), rules)
    parsed.warnings = warnings
    return parsed


def _index(lines: list[Line], test, start: int = 0, default: int | None = None) -> int | None:
    return next((i for i in range(start, len(lines)) if test(lines[i].text)), default)


def _section(name: str):
    return lambda t: bool((m := SECTION_RE.match(t)) and m.group(1).strip() == name)


def _parse(lines: list[Line], rules: list[dict]) -> Parsed:
    ratings = _unique(chapter1.rating_rows(lines), "measure_id", "the rating table")
    if not ratings:
        raise ParseError("no rating table ('施策名 達成状況') found; is this the DX plan "
                         "mid-term report as text?")
    starts = chapter2.sheet_starts(lines)
    first_sheet = starts[0] if starts else len(lines)
    i_rev = _index(lines, _section(REVISION_SECTION), default=first_sheet)
    i_add = _index(lines, _section(ADDED_SECTION), i_rev, default=first_sheet)
    end_ch1 = _index(lines, CHAPTER_RE.match, i_add, default=first_sheet)
    end_ch2 = _index(lines, CHAPTER_RE.match, first_sheet + 1, default=len(lines))
    sheet_list = [(p, chapter2.parse_sheet(body))
                  for p, body in chapter2.split_sheets(lines[end_ch1:end_ch2])]
    by_id = _unique([{**s, "pillar_id": p} for p, s in sheet_list], "measure_id", "chapter 2")
    _check_complete(ratings, by_id)
    revs = _unique(chapter1.revisions(lines[i_rev:i_add]), "measure_id", "the revisions")
    added = _unique(chapter1.added_measures(lines[i_add:end_ch1]), "added_id",
                    "the added measures")
    _check_revisions(ratings, revs)
    places = _places(lines, by_id, revs, lines[i_add].no if i_add < len(lines) else 0)
    years = sorted({y["fiscal_year"] for s in by_id.values() for y in s["years"]})
    figs, kpis = quantities.extract(lines, places, years, rules)
    _start_as_of_figures(kpis, by_id)
    legend = chapter1.legend_meanings(lines)
    records = {
        "pillars": _pillars(lines),
        "measures": [_measure(r, by_id[m], legend) for m, r in ratings.items()],
        "yearly": [{"measure_id": m, "source_line": y["line"], **y}
                   for m, s in by_id.items() for y in s["years"]],
        "schedule": [{"measure_id": m, **row} for m, s in by_id.items() for row in s["schedule"]],
        "revisions": [
            {"measure_id": m, "rating": r["rating"], "item_no": n, "text": t, "source_line": no}
            for m, r in revs.items() for n, (t, no) in enumerate(r["items"], start=1)],
        "added_measures": [{**a, "source_line": a["line"].no} for a in added.values()],
        "kpis": [_kpi_record(k) for k in kpis],
        "figures": figs,
    }
    return Parsed(title=_title(lines), records=records)


def _unique(rows: list[dict], key: str, where: str) -> dict:
    out: dict = {}
    for row in rows:
        if row[key] in out:
            first = out[row[key]]["line"].no
            raise ParseError(f"{key.split('_')[0]} {row[key]} appears twice in {where} "
                             f"(first at line {first}); remove the duplicate section",
                             row["line"].no, row["line"].text)
        out[row[key]] = row
    return out


def _check_complete(ratings: dict, sheets_by_id: dict) -> None:
    for mid, row in ratings.items():
        if mid not in sheets_by_id:
            raise ParseError(f"measure {mid} is rated in chapter 1 but has no measure sheet "
                             "in chapter 2; the file looks truncated", row["line"].no,
                             row["line"].text)
    for mid, sheet in sheets_by_id.items():
        if mid not in ratings:
            raise ParseError(f"measure sheet {mid} is not in the chapter-1 rating table",
                             sheet["line"].no, sheet["line"].text)


def _check_revisions(ratings: dict, revs: dict) -> None:
    for mid, rev in revs.items():
        if mid in ratings and rev["rating"] != ratings[mid]["rating"]:
            notes.warn("measure %d: rated %s in the table (line %d) but %s in its revision "
                        "(line %d)", mid, ratings[mid]["rating"], ratings[mid]["line"].no,
                        rev["rating"], rev["line"].no)


def _places(lines: list[Line], by_id: dict, revs: dict, revs_end: int) -> quantities.Places:
    """Line spans of every measure sheet and revision entry, and of every yearly row."""
    spans, years = [], []
    heads = sorted([(s["line"].no, m) for m, s in by_id.items()]
                   + [(r["line"].no, m) for m, r in revs.items()])
    stops = {s["line"].no: s["schedule_end"] for s in by_id.values()}
    stops |= {r["line"].no: revs_end for r in revs.values()}
    nexts = [h for h, _ in heads[1:]] + [lines[-1].no + 1]
    for (head, mid), nxt in zip(heads, nexts, strict=True):
        spans.append((head, min(nxt, stops.get(head, nxt)), mid))
    for s in by_id.values():
        years += [(y["span"][0], y["span"][1], y["fiscal_year"]) for y in s["years"]]
    return quantities.Places(spans, years)


def _start_as_of_figures(kpis: list[dict], by_id: dict) -> None:
    """A total 'as of' a date (令和5年度末までに) counts from its measure's first year."""
    for k in kpis:
        sheet = by_id.get(k["measure_id"])
        if k["period_basis"] == "year_end" and sheet:
            k["period_start"] = fiscal_bounds(sheet["period_start"])[0]
            k["period_basis"] = "measure_period"


def _pillars(lines: list[Line]) -> list[dict]:
    seen: dict[int, dict] = {}
    for line in lines:
        if (p := chapter1.pillar_of(line)) and p[0] not in seen:
            seen[p[0]] = {"pillar_id": p[0], "title": p[1], "source_line": line.no}
    return sorted(seen.values(), key=lambda r: r["pillar_id"])


def _measure(row: dict, sheet: dict, legend: dict) -> dict:
    return {**sheet, "title": row["title"], "rating": row["rating"],
            "rating_label": legend.get(row["rating"], ""),
            "status": chapter1.rating_status(row["rating"], legend.get(row["rating"], "")),
            "heading_line": sheet["line"].no,
            "rating_line": row["line"].no}


def _kpi_record(k: dict) -> dict:
    fy = k["fiscal_year"]
    return {**k, "fiscal_year_ja": fiscal_year_ja(fy) if fy is not None else None,
            "period_start": k["period_start"].isoformat() if k["period_start"] else None,
            "period_end": k["period_end"].isoformat() if k["period_end"] else None}


def _title(lines: list[Line]) -> str:
    """The report's own name: the longest 「…」 mentioning 中間報告書 near the start."""
    names = [q for ln in lines[:40] for q in QUOTE_RE.findall(ln.text) if TITLE_HINT in q]
    joined = "".join(ln.text for ln in lines[:40])
    names += [q for q in QUOTE_RE.findall(joined) if TITLE_HINT in q]
    return max(names, key=len) if names else TITLE_HINT
