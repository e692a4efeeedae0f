"""How a Report and its tables look in JupyterLab: a summary and readable tables.

Display only: nothing here changes the data. Report text is untrusted input, so
every string that reaches HTML is escaped (``html.escape``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from akidx.parse.vocab import RATING_MARKS, RATING_STATUS

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

TEXT_WIDTH = 40  # characters of a text cell shown before "…" (display only)
ROWS = 20  # rows a view shows unless told otherwise
_CELL_CSS = [{"selector": "td, th", "props": "white-space: nowrap; text-align: left;"},
             {"selector": "caption", "props": "text-align: left; font-weight: bold;"}]


def summary_html(report: Any) -> str:
    """Title, source, sha256, rows and columns per table, measures per rating; escaped.

    ``report`` is a :class:`akidx.Report` (not imported: report.py imports this module).
    """
    esc = html.escape
    head = [f"<strong>{esc(report.title)}</strong>"]
    if report.source:
        head.append(f"source: <code>{esc(report.source)}</code>")
    if report.sha256:
        head.append(f"sha256: <code>{esc(report.sha256)}</code>")
    rows = "".join(
        f"<tr><td><code>{esc(name)}</code></td><td>{len(df)}</td><td>{len(df.columns)}</td></tr>"
        for name, df in report.tables.items())
    table = ("<table><thead><tr><th>table</th><th>rows</th><th>columns</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    parts = ["<br>".join(head), table]
    counts = _rating_rows(report)
    if counts:
        shown = ", ".join(f"{esc(mark)} ({esc(status)}) {n}" for mark, status, n in counts)
        parts.append(f"<p>ratings: {shown}</p>")
    if report.warnings:
        parts.append(f"<p>{len(report.warnings)} parse warning(s): "
                     "<code>report.warnings</code></p>")
    parts.append("<p>tables: <code>report.measures</code> …; readable view: "
                  "<code>report.view(\"measures\")</code></p>")
    return f"<div class=\"akidx-report\">{''.join(parts)}</div>"


def _rating_rows(report: Any) -> list[tuple[str, str, int]]:
    """``[(mark, status, measures)]`` in mark order, marks absent from the report left out."""
    measures = report.tables.get("measures")
    if measures is None or "rating" not in measures:
        return []
    counts = measures["rating"].value_counts()
    status = dict(RATING_STATUS)
    if "status" in measures:  # the report's own reading of its legend, when parsed
        status.update(measures.dropna(subset=["rating", "status"])
                      .drop_duplicates("rating").set_index("rating")["status"])
    marks = [m for m in RATING_MARKS if m in counts] + [m for m in counts.index
                                                         if m not in RATING_MARKS]
    return [(m, status.get(m, ""), int(counts[m])) for m in marks]


def shorten(value: object, width: int = TEXT_WIDTH) -> str:
    """One line of at most ``width`` characters, ``…`` marking a cut."""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def whole_numbers(series: pd.Series) -> bool:
    """True for a float column whose every value is a whole number (5760.0, not 1.5)."""
    if not pd.api.types.is_float_dtype(series):
        return False
    values = series.dropna().astype("float64")
    return bool(((values % 1) == 0).all())


def view(df: pd.DataFrame, rows: int | None = ROWS, width: int = TEXT_WIDTH,
         name: str = "") -> Styler:
    """A readable, escaped display of ``df``: one line a row, long text cut to ``width``,
    whole-number float columns without ``.0``, empty cells blank, no index column; the
    caption says how many rows are shown. The data is untouched.

    >>> akidx.view(report.kpis.query("fiscal_year == 2023"), rows=None)
    """
    shown = df if rows is None else df.head(rows)
    styler = shown.style.format(na_rep="", escape="html")
    for col in shown.columns:
        if whole_numbers(df[col]):
            styler = styler.format("{:.0f}", subset=[col], na_rep="")
        elif pd.api.types.is_string_dtype(df[col]) or df[col].dtype == object:
            styler = styler.format(lambda v, w=width: html.escape(shorten(v, w)),
                                   subset=[col], na_rep="")
    caption = f"{len(shown)} of {len(df)} rows" if len(shown) < len(df) else f"{len(df)} rows"
    caption = f"{html.escape(name)}: {caption}" if name else caption
    return styler.hide(axis="index").set_table_styles(_CELL_CSS).set_caption(caption)
