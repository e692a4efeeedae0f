"""The index's way in: every measure by pillar, with its rating in words and its page.

The build state's :class:`~akidx.tables.summary.Headline` in (its pillars, measures and
added measures, from :func:`akidx.analysis.headline.measure_list`), escaped HTML out:
no pandas, so a no-op build writes it too. A run whose parameters hold a ``measure_id``
or ``added_id`` is a measure's page: listed here, not among the index's cards.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from akidx.publish.state import BuildState, RunRecord
from akidx.tables.summary import AddedItem, Headline, MeasureItem

RATING_CLASSES = {"〇": "good", "△": "fair", "×": "poor"}  # colour, beside the words


def href(path: str) -> str:
    """A relative link to ``path`` (a run name may hold ``#``, ``%``, spaces, quotes)."""
    return escape(quote(path, safe="/"))


ID_PARAMS = ("measure_id", "added_id")  # runs of one measure: listed by pillar, not as cards


def is_id_page(entry: RunRecord | None) -> bool:
    return entry is not None and any(k in entry.params for k in ID_PARAMS)


def id_pages(state: BuildState, names: list[str]) -> dict[tuple[str, str], str]:
    """``("measure_id", "13") -> "html/measure-13.html"`` for every built measure page."""
    pages = {}
    for name in names:
        entry = state.runs.get(name)
        for key in ID_PARAMS:
            if entry is not None and key in entry.params:
                pages.setdefault((key, str(entry.params[key])), f"html/{name}.html")
    return pages


def measures_html(head: Headline, pages: dict[tuple[str, str], str]) -> str:
    """Every measure by pillar: link, rating mark with its meaning in words, department;
    the pillar's added measures (追加施策) after them."""
    if not head.measures:
        return "<p class='muted'>施策の一覧はありません / <span lang='en'>no measures</span></p>"
    known = {p.id for p in head.pillars}
    groups = [(p.id, escape(f"基本方針{p.id}. {p.title}")) for p in head.pillars]
    if any(m.pillar not in known for m in head.measures):
        groups.append((None, "基本方針なし / <span lang='en'>no pillar</span>"))
    parts = []
    for pid, heading in groups:
        items = [_measure_item(m, pages.get(("measure_id", str(m.id))))
                 for m in head.measures if (m.pillar if m.pillar in known else None) == pid]
        added = [_added_item(a, pages.get(("added_id", str(a.id))))
                 for a in head.added if a.pillar == pid]
        if added:
            items.append("<li class='added-head'>追加施策 / <span lang='en'>added measures"
                         "</span></li>" + "".join(added))
        parts.append(f"<section class='pillar'><h3>{heading}</h3>"
                     f"<ul class='measures'>{''.join(items)}</ul></section>")
    return "\n".join(parts)


def _link(text: str, page: str | None) -> str:
    return f"<a href='{href(page)}'>{text}</a>" if page else (
        f"{text} <span class='muted'>（ページなし / <span lang='en'>no page</span>）</span>")


def _measure_item(m: MeasureItem, page: str | None) -> str:
    mark = m.mark or "—"
    rating = (f"<span class='mrating {RATING_CLASSES.get(mark, '')}'><span class='mark'>"
              f"{escape(mark)}</span> {escape(m.label)}</span>")
    dept = f"<span class='dept'>{escape(m.department)}</span>" if m.department else ""
    return (f"<li>{_link(escape(m.name), page)}"
            f"<div class='mfacts'>{rating}{dept}</div></li>")


def _added_item(a: AddedItem, page: str | None) -> str:
    dept = f"<span class='dept'>{escape(a.department)}</span>" if a.department else ""
    return (f"<li>{_link(escape(a.name), page)}"
            f"<div class='mfacts'>{dept}</div></li>")
