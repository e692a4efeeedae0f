"""What every notebook does first, and the display helpers they share.

A notebook starts with ``report, out_dir, legend = nb.start(report_path, out_dir)``,
checks its parameter (:mod:`akidx.analysis.params`), shows each chart with
:func:`chart` (saved files, alt text, takeaway), each table with :func:`show` and
each other takeaway with :func:`say`. Report text is untrusted: what these show is
escaped, so a title containing ``<script>`` or ``**`` reads as those characters.
Nothing here parses: data comes from :func:`akidx.load_report`.
"""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path
from typing import Any

import pandas as pd

from akidx.analysis import charts
from akidx.analysis.ratings import legend
from akidx.config import resolve_path
from akidx.tables.read import load_report


def start(report_path: str | os.PathLike, out_dir: str | os.PathLike,
          metrics_path: str | os.PathLike | None = None) -> tuple[Any, Path, dict[str, str]]:
    """Apply the chart style and read the report (printing nothing: the page's heading
    says what it is).

    Returns the report, ``out_dir`` resolved by the one path rule as an output
    (:func:`akidx.config.resolve_path`: never into the install folder), and the rating
    legend (mark -> meaning) as this report words it. ``metrics_path``: extra metric
    rules (YAML); by default the ``metrics_path`` parameter ``akidx build --metrics``
    injects, so every notebook honours it without a parameter of its own.
    """
    charts.setup()
    metrics_path = metrics_path or injected("metrics_path")
    report = load_report(resolve_path(report_path),
                         resolve_path(metrics_path) if metrics_path else None)
    return report, resolve_path(out_dir, output=True), legend(report.measures)


def say_html(ja: str, en: str) -> str:
    """A takeaway as HTML, every character of its text escaped: Japanese bold, English
    italic under it."""
    return (f'<p class="akidx-takeaway"><strong>→ {html.escape(ja)}</strong><br>\n'
            f"<em>{html.escape(en)}</em></p>")


def injected(name: str) -> Any:
    """A papermill-injected parameter the notebook does not declare, else None."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell.user_ns.get(name) if shell is not None else None


def say(ja: str, en: str) -> None:
    """A one-line takeaway, Japanese then English, shown as text (HTML, plain text)."""
    from IPython.display import display

    display({"text/html": say_html(ja, en), "text/plain": f"→ {ja}\n{en}"}, raw=True)


MISSING = "—"  # how a table shows a value the report does not give
EMPTY = ("該当なし。", "None.")


def for_readers(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as text with every missing or blank value a dash: never ``<NA>`` or ``nan``."""
    def cell(value: Any) -> Any:
        if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
            return MISSING
        return MISSING if isinstance(value, str) and not value.strip() else value

    return df.astype(object).map(cell) if not df.empty else df


def table_html(df: pd.DataFrame) -> str:
    """A table for people as HTML: no index, text left-aligned, line breaks kept, missing
    values as a dash, cell values and headers escaped."""
    styler = for_readers(df).style.hide(axis="index").set_properties(
        **{"text-align": "left", "white-space": "pre-wrap"})
    return styler.format(escape="html").format_index(escape="html", axis=1).to_html()


def show(df: pd.DataFrame, empty: tuple[str, str] = EMPTY) -> None:
    """Display :func:`table_html` (with the frame's plain text for other front ends); an
    empty table is the sentence ``empty`` (Japanese, English) instead of a bare header."""
    from IPython.display import display

    if df.empty:
        say_plain(*empty)
        return
    display({"text/html": table_html(df),
             "text/plain": for_readers(df).to_string(index=False)}, raw=True)


def say_plain(ja: str, en: str) -> None:
    """A short sentence in both languages, as a paragraph (not a bold takeaway)."""
    from IPython.display import display

    display({"text/html": f'<p class="akidx-note">{html.escape(ja)} / '
                          f'<span lang="en">{html.escape(en)}</span></p>',
             "text/plain": f"{ja} / {en}"}, raw=True)


def save_table(df: pd.DataFrame, out_dir: str | os.PathLike, name: str) -> None:
    """Save a table beside the charts as ``<name>.csv`` (for spreadsheet users); returns
    nothing, so a cell ending with it shows no path."""
    charts.save_csv(df, out_dir, name)


def alt_text(title: str, takeaway: tuple[str, str]) -> str:
    """A chart's text alternative: its title, then its takeaway in Japanese and English."""
    ja, en = takeaway
    return f"{title}: {ja} {en}"


def chart(made: charts.Chart, out_dir: str | os.PathLike,
          takeaway: tuple[str, str]) -> None:
    """Save a chart (PNG, SVG, CSV via :func:`charts.save`), show the saved PNG with
    :func:`alt_text` in its output metadata, then say the takeaway.

    Returns nothing, so that a cell ending with it shows no output of its own (the
    files' paths are in a temporary staging folder during a build)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    paths = charts.save(made.fig, out_dir, made.name, made.data, show=False)
    plt.close(made.fig)
    png = paths["png"]
    meta = {"width": charts.screen_width(png), "alt": alt_text(made.title, takeaway)}
    display({"image/png": base64.b64encode(png.read_bytes()).decode("ascii")},
            metadata={"image/png": meta}, raw=True)
    say(*takeaway)
