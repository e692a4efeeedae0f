"""Chapter 2: one measure sheet (中間報告書) per measure."""

from __future__ import annotations

import re

from akidx.errors import ParseError
from akidx.parse import notes
from akidx.parse.chapter1 import NUMBERED_RE, pillar_of
from akidx.parse.lines import Line, boxes, drop_vertical, join, join_boxes, vertical_at
from akidx.parse.normalize import ERA_FY_RE, ERA_YEAR_RE, year_of
from akidx.parse.table_cells import group_cells, items, split_wide_narrow
from akidx.parse.vocab import (
    DEPT_LABELS,
    LIST_BULLET,
    NONE_MARKS,
    SHEET_MARKER,
    SHEET_NAME_HEADER,
    SHEET_OUTLOOK_HEADER,
    SHEET_OVERVIEW_HEADER,
    SHEET_OVERVIEW_MARKER,
    SHEET_PERIOD_HEADER,
    SHEET_SCHEDULE_HEADER,
    SHEET_SCHEDULE_ROW,
    SHEET_YEAR_HEADER,
)

_L = DEPT_LABELS
BASIC_RE = re.compile(
    rf"^(?P<title>.*?)\s*(?<!\S){_L['department']}\s+(?P<department>\S+)"
    rf"\s+{_L['division']}\s+(?P<division>.+?)\s+{_L['section']}(?:\s+(?P<section>.*?))?"
    rf"(?:\s*{_L['phone']}\s*(?P<phone>[\d\-()]+))?\s*$"
)


def sheet_starts(lines: list[Line]) -> list[int]:
    """Indices of sheet headings: a numbered line followed by the vertical 基本データ."""
    return [i for i, ln in enumerate(lines)
            if NUMBERED_RE.match(ln.text) and vertical_at(lines, i + 1, SHEET_MARKER)]


def split_sheets(lines: list[Line]) -> list[tuple[int | None, list[Line]]]:
    """(pillar id, sheet lines) for every sheet; a sheet ends at the next heading."""
    starts = sheet_starts(lines)
    out = []
    pillar = None
    bounds = [*starts, len(lines)]
    for k, start in enumerate(starts):
        for ln in lines[(bounds[k - 1] if k else 0) : start]:
            pillar = p[0] if (p := pillar_of(ln)) else pillar
        body = lines[start : bounds[k + 1]]
        cut = next((j for j, ln in enumerate(body) if pillar_of(ln)), len(body))
        out.append((pillar, body[:cut]))
    return out


def _find(body: list[Line], test, what: str, head: Line, start: int = 0) -> int:
    for i in range(start, len(body)):
        if test(body[i].text):
            return i
    raise ParseError(f"the sheet of measure {NUMBERED_RE.match(head.text).group(1)} "
                     f"has no {what!r} (truncated or reordered?)", head.no, head.text)


def parse_sheet(sheet: list[Line]) -> dict:
    """All fields of one measure sheet."""
    head = sheet[0]
    m = NUMBERED_RE.match(head.text)
    body = drop_vertical(sheet[1:], (SHEET_MARKER, SHEET_OVERVIEW_MARKER))
    i_name = _find(body, lambda t: t == SHEET_NAME_HEADER, SHEET_NAME_HEADER, head)
    i_period = _find(body, lambda t: t == SHEET_PERIOD_HEADER, SHEET_PERIOD_HEADER, head, i_name)
    i_over = _find(body, lambda t: t == SHEET_OVERVIEW_HEADER, SHEET_OVERVIEW_HEADER, head,
                   i_period)
    i_out = _find(body, lambda t: t == SHEET_OUTLOOK_HEADER, SHEET_OUTLOOK_HEADER, head, i_over)
    i_sched = _find(body, lambda t: t.startswith(SHEET_SCHEDULE_HEADER), SHEET_SCHEDULE_HEADER,
                    head, i_out)
    year_idx = [i for i in range(i_over, i_out) if SHEET_YEAR_HEADER in body[i].text]
    mid = int(m.group(1))
    purpose, goal = split_wide_narrow(body[i_over + 1 : year_idx[0] if year_idx else i_out])
    sheet_info = {
        "measure_id": mid, "sheet_heading": m.group(2).strip(), "line": head,
        **_basic(body[i_name + 1 : i_period], head),
        **_period(body[i_period + 1 : i_over], head),
        "purpose": join_boxes(purpose), "goal": join_boxes(goal),
        "years": _years(body, year_idx, i_out),
        "outlook": join_boxes(body[i_out + 1 : i_sched]),
        "outlook_line": body[i_out].no,
        "phone_line": next((ln.no for ln in body[i_name:i_period]
                            if DEPT_LABELS["phone"] in ln.text), body[i_name].no),
        "schedule": _schedule(body[i_sched:], mid),
        "schedule_end": sheet[-1].no + 1,
    }
    return sheet_info


def _era(m: re.Match, line: Line) -> int:
    """The Western year of an era match, or a ParseError naming the line (令和0年)."""
    try:
        return year_of(m)
    except ValueError as err:
        raise ParseError(f"cannot read the year {m.group()!r}: {err}", line.no, line.text) from err


def _basic(lines: list[Line], head: Line) -> dict:
    text = " ".join(join(box) for box in boxes(lines))
    m = BASIC_RE.match(text)
    if not m:
        raise ParseError("cannot read the basic data (部/課/係/電話) of this measure sheet",
                         lines[0].no if lines else head.no, text or head.text)
    title = NUMBERED_RE.match(m.group("title"))
    return {
        "sheet_title": (title.group(2) if title else m.group("title")).strip(),
        "department": m.group("department"), "division": m.group("division").strip(),
        "section": (m.group("section") or "").strip(), "phone": m.group("phone") or "",
    }


def _period(lines: list[Line], head: Line) -> dict:
    text = " ".join(join(box) for box in boxes(lines)).strip()
    years = list(ERA_YEAR_RE.finditer(text))
    if not years:
        raise ParseError("cannot read the project period (事業期間) of this measure sheet",
                         lines[0].no if lines else head.no, text or head.text)
    last = years[1] if len(years) > 1 else years[0]
    law = text[last.end() :].lstrip("度 ").strip()
    return {
        "period_start": _era(years[0], lines[0]),
        "period_end": _era(last, lines[0]),
        "period_ja": text[: last.end()] + ("度" if text[last.end() :].startswith("度") else ""),
        "related_law": "" if law in NONE_MARKS else law,
    }


def _years(body: list[Line], year_idx: list[int], end: int) -> list[dict]:
    out = []
    for k, i in enumerate(year_idx):
        fy = ERA_FY_RE.search(body[i].text)
        stop = year_idx[k + 1] if k + 1 < len(year_idx) else end
        result, goal = split_wide_narrow(body[i + 1 : stop])
        out.append({
            "fiscal_year": _era(fy, body[i]),
            "fiscal_year_ja": f"{fy.group(1)}{fy.group(2)}年度",
            "result": join_boxes(result), "goal": join_boxes(goal), "line": body[i].no,
            "span": (body[i].no, body[stop].no if stop < len(body) else body[-1].no + 1),
        })
    return out


def _schedule(lines: list[Line], mid: int) -> list[dict]:
    header = lines[0]
    years = [(_era(m, header), f"{m.group(1)}{m.group(2)}年度")
             for m in ERA_FY_RE.finditer(header.text)]
    rest = lines[1:]
    if rest and rest[0].text.startswith(SHEET_SCHEDULE_ROW):
        label = rest[0]
        tail = label.text[len(SHEET_SCHEDULE_ROW) :].strip()
        rest = ([Line.of(label.no, tail, label.ends)] if tail else []) + rest[1:]
    entries = items(rest)
    cells = group_cells(entries, len(years))
    if cells is None:
        notes.warn("measure %d: could not assign %d schedule items to %d years (line %d); "
                   "they are listed without a fiscal year", mid, len(entries), len(years),
                   header.no)
        years, cells = [(None, None)], [entries]
    return [
        {"fiscal_year": fy, "fiscal_year_ja": ja, "item_no": n,
         "plan": text.removeprefix(LIST_BULLET).strip(), "source_line": no}
        for (fy, ja), cell in zip(years, cells, strict=True)
        for n, (text, no) in enumerate(cell, start=1)
    ]
