"""Chapter 1: the rating table and its legend, the revisions, the added measures."""

from __future__ import annotations

import re
import unicodedata

from akidx.errors import ParseError
from akidx.parse.lines import Line, boxes, join, join_boxes
from akidx.parse.vocab import (
    ADDED_LABELS,
    ADDED_PREFIX,
    DEPARTMENT_JOIN,
    LIST_BULLET,
    PILLAR_PREFIX,
    RATING_ALIASES,
    RATING_LEGEND_HEADER,
    RATING_LEGEND_SEPARATOR,
    RATING_STATUS,
    RATING_TABLE_HEADER,
    REVISION_TAG,
    STATUS_WORDS,
    TARGET_JOIN,
)

NUMBERED_RE = re.compile(r"^(\d+)\s*[.．]\s*(.+)$")
PILLAR_RE = re.compile(rf"^{PILLAR_PREFIX}\s*(\d+)\s*[:：]\s*(.+)$")
ADDED_RE = re.compile(rf"^{ADDED_PREFIX}\s*(\d+)\s*[.．]\s*(.+)$")
REVISION_RE = re.compile(rf"^(\d+)\s*[.．]\s*(.+?)\s*{re.escape(REVISION_TAG)}\s*(\S+?)\s*】")


def canonical_mark(mark: str, line: Line, what: str) -> str:
    """The canonical rating mark for ``mark``, or a ParseError naming the line."""
    if mark not in RATING_ALIASES:
        known = " ".join(dict.fromkeys(RATING_ALIASES.values()))
        raise ParseError(f"unknown rating mark {mark!r} for {what}; expected one of {known}",
                         line.no, line.text)
    return RATING_ALIASES[mark]


def _looks_like_mark(token: str) -> bool:
    """A single symbol (〇 △ × ◎ ...), not a letter, kana, kanji or digit."""
    return len(token) == 1 and not unicodedata.category(token).startswith(("L", "Nd"))


def pillar_of(line: Line) -> tuple[int, str] | None:
    """(pillar id, title) when the line is a 基本方針 heading."""
    if not line.text.startswith(PILLAR_PREFIX):
        return None
    m = PILLAR_RE.match(line.text)
    return (int(m.group(1)), m.group(2).strip()) if m else None


def legend_meanings(lines: list[Line]) -> dict[str, str]:
    """{mark: meaning} from the legend (``〇・・・予定どおり実施されている``)."""
    legend: dict[str, str] = {}
    start = next((i for i, ln in enumerate(lines) if ln.text == RATING_LEGEND_HEADER), None)
    if start is None:
        return legend
    for line in lines[start + 1 :]:
        mark, sep, meaning = line.text.partition(RATING_LEGEND_SEPARATOR)
        if not sep:
            break
        legend[canonical_mark(mark.strip(), line, "the legend")] = meaning.strip()
    return legend


def rating_status(mark: str, meaning: str) -> str:
    """The ASCII status of a rating: from its legend ``meaning`` when that says one of
    ``STATUS_WORDS``, else from the mark (``RATING_STATUS``); '' when neither knows it."""
    for words, status in STATUS_WORDS:
        if words in meaning:
            return status
    return RATING_STATUS.get(mark, "")


def rating_rows(lines: list[Line]) -> list[dict]:
    """Rows of the chapter-1 table: measure number, title, rating mark, line."""
    rows: list[dict] = []
    in_table = False
    pending: list[Line] = []
    for line in lines:
        if line.text == RATING_TABLE_HEADER:
            in_table, pending = True, []
            continue
        if not in_table or line.blank:
            continue
        numbered = NUMBERED_RE.match(line.text)
        if pending and numbered:
            raise ParseError("no rating mark at the end of this row of the rating table",
                             pending[0].no, pending[0].text)
        if not pending and not numbered:
            in_table = False  # the table ended
            continue
        pending.append(line)
        head, _, mark = join(pending).rpartition(" ")
        if not head or not _looks_like_mark(mark):
            continue  # the title wraps onto the next line
        m = NUMBERED_RE.match(head)
        mid = int(m.group(1))
        rows.append({"measure_id": mid, "title": m.group(2).strip(), "line": pending[0],
                     "rating": canonical_mark(mark, line, f"measure {mid}")})
        pending = []
    return rows


def revisions(lines: list[Line]) -> list[dict]:
    """Revision items (``・``) under each △/× measure heading of section 3."""
    out: list[dict] = []
    current: dict | None = None
    item: list[Line] = []

    def flush() -> None:
        if current is not None and item:
            current["items"].append((join(item).removeprefix(LIST_BULLET).strip(), item[0].no))

    for line in lines:
        if line.blank or pillar_of(line):
            continue
        m = REVISION_RE.match(line.text)
        if m:
            flush()
            item = []
            mid = int(m.group(1))
            current = {"measure_id": mid, "title": m.group(2), "line": line, "items": [],
                       "rating": canonical_mark(m.group(3), line, f"measure {mid}")}
            out.append(current)
        elif current is not None:
            if line.text.startswith(LIST_BULLET):
                flush()
                item = []
            item.append(line)
    flush()
    return out


def added_measures(lines: list[Line]) -> list[dict]:
    """The added measures (``追加N.title``) of section 4 with their labelled fields."""
    out: list[dict] = []
    pillar: int | None = None
    for i, line in enumerate(lines):
        if p := pillar_of(line):
            pillar = p[0]
        elif m := ADDED_RE.match(line.text):
            end = next((j for j in range(i + 1, len(lines))
                        if ADDED_RE.match(lines[j].text) or pillar_of(lines[j])), len(lines))
            fields = _labelled(lines[i + 1 : end])
            out.append({"added_id": int(m.group(1)), "title": m.group(2).strip(),
                        "pillar_id": pillar, "line": line, **fields})
    return out


def _label_at(lines: list[Line], i: int) -> tuple[str, str, int] | None:
    """(field, inline value, lines used) when a label starts at ``lines[i]``."""
    text = lines[i].text
    two = text + lines[i + 1].text if i + 1 < len(lines) else ""
    for field, labels in ADDED_LABELS.items():
        for label in labels:
            if text == label:
                return field, "", 1
            if text.startswith(label + " "):
                return field, text[len(label) :].strip(), 1
            if two == label:  # 期待される / 効果 printed on two lines
                return field, "", 2
    return None


def _labelled(lines: list[Line]) -> dict[str, str]:
    """Collect the lines under each label; years (the Gantt bars) are dropped."""
    parts: dict[str, list[Line]] = {}
    field: str | None = None
    i = 0
    while i < len(lines):
        found = _label_at(lines, i)
        if found:
            field, inline, used = found
            parts.setdefault(field, [])
            if inline:
                parts[field].append(Line.of(lines[i].no, inline, True))
            i += used
            continue
        if field is not None:
            parts[field].append(lines[i])
        i += 1
    prose = {f: join_boxes(parts.get(f, [])) for f in ("situation", "actions", "effects")}
    targets = TARGET_JOIN.join(join(b) for b in boxes(parts.get("targets", [])))
    depts = join(parts.get("departments", []))
    depts = DEPARTMENT_JOIN.join(d.strip() for d in re.split(r"[、,，]", depts) if d.strip())
    return {**prose, "targets": targets, "departments": depts}
