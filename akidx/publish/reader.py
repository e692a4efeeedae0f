"""Page rules for readers, applied to every notebook page at render time.

Generic on purpose: a new notebook gets them without doing anything.

- Raw printed output (``print``, warnings, a bare ``repr`` shown as plain text) is an
  analyst's aid, not a sentence: with folded code it moves inside the code's fold
  (``cell.metadata.akidx.printed``, shown by the template), with ``--hide-code`` it is
  left out; the executed notebook keeps it either way. ``--show-code`` changes nothing.
- Code cells with nothing shown between them fold under one "コード / Code" toggle.
- Every table sits in its own region that may scroll sideways on a narrow screen, is
  reachable by keyboard and is named after the section it belongs to.
"""

from __future__ import annotations

import copy
import html
import re
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S | re.I)
_TABLE = re.compile(r"<table\b|</table>", re.I)
_TAGS = re.compile(r"<[^>]*>")


def printed_text(output: Any) -> str | None:
    """The text of an output a reader would see as raw monospace, else None (charts,
    HTML, Markdown)."""
    kind = output.get("output_type")
    if kind == "stream":
        return _ANSI.sub("", output.get("text", ""))
    if kind in ("execute_result", "display_data"):
        data = output.get("data", {})
        if set(data) <= {"text/plain"}:
            return _ANSI.sub("", str(data.get("text/plain", "")))
    return None


def reader_notebook(nb: Any, code: str) -> Any:
    """A copy of ``nb`` with the rules above for the code view ``code`` (fold, hide, show)."""
    if code == "show":
        return nb
    nb = copy.deepcopy(nb)
    cells: list[Any] = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            cells.append(cell)
            continue
        printed = [t for t in (printed_text(o) for o in cell.get("outputs", [])) if t is not None]
        cell.outputs = [o for o in cell.get("outputs", []) if printed_text(o) is None]
        text = "".join(printed) if code == "fold" else ""
        prev = cells[-1] if cells else None
        if prev is not None and prev.get("cell_type") == "code" and not prev.outputs:
            prev.source = f"{prev.source.rstrip()}\n\n{cell.source}"
            _printed(prev, _printed_of(prev) + text)
            prev.outputs = cell.outputs
            continue
        _printed(cell, text)
        cells.append(cell)
    nb.cells = cells
    return nb


def _printed_of(cell: Any) -> str:
    return cell.metadata.get("akidx", {}).get("printed", "")


def _printed(cell: Any, text: str) -> None:
    if text:
        cell.metadata.setdefault("akidx", {})["printed"] = text
    else:
        cell.metadata.get("akidx", {}).pop("printed", None)


def table_regions(page: str) -> str:
    """Each ``<table>`` of ``page`` wrapped in a focusable region named after the heading
    above it: it scrolls inside itself on a narrow screen, never the page."""
    out, pos, depth, heading = [], 0, 0, ""
    headings = [(m.start(), _label(m.group(2))) for m in _HEADING.finditer(page)]
    for m in _TABLE.finditer(page):
        opening = m.group(0).lower() != "</table>"
        if opening and depth == 0:
            heading = next((h for start, h in reversed(headings) if start < m.start()), "")
            name = f"表 / Table: {heading}" if heading else "表 / Table"
            out.append(page[pos:m.start()])
            out.append(f'<div class="akidx-table" role="region" tabindex="0" '
                       f'aria-label="{html.escape(name)}">')
            pos = m.start()
        depth += 1 if opening else -1 if depth else 0
        if not opening and depth == 0:
            out.append(page[pos:m.end()] + "</div>")
            pos = m.end()
    out.append(page[pos:])
    return "".join(out)


def _label(heading_html: str) -> str:
    text = html.unescape(_TAGS.sub("", heading_html)).replace("¶", "")
    return " ".join(text.split())
