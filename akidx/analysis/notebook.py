"""What every notebook does first, and the small display helpers they share.

A notebook starts with ``report, out_dir, legend = nb.start(report_path, out_dir)``,
checks its parameter (:mod:`akidx.analysis.params`), and ends each chart with
:func:`say`. Nothing here parses: data comes from :func:`akidx.load_report`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from akidx.analysis import charts
from akidx.analysis.params import resolve
from akidx.analysis.ratings import legend
from akidx.tables.read import load_report


def start(report_path: str | os.PathLike, out_dir: str | os.PathLike,
          metrics_path: str | os.PathLike | None = None) -> tuple[Any, Path, dict[str, str]]:
    """Apply the chart style, read the report and print its title.

    Returns the report, ``out_dir`` resolved from the repository root, and the rating
    legend (mark -> meaning) as this report words it. ``metrics_path``: extra metric
    rules (YAML); by default the ``metrics_path`` parameter ``akidx build --metrics``
    injects, so every notebook honours it without a parameter of its own.
    """
    charts.setup()
    metrics_path = metrics_path or injected("metrics_path")
    report = load_report(resolve(report_path),
                         resolve(metrics_path) if metrics_path else None)
    print(report.title)
    return report, resolve(out_dir), legend(report.measures)


def injected(name: str) -> Any:
    """A papermill-injected parameter the notebook does not declare, else None."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell.user_ns.get(name) if shell is not None else None


def say(ja: str, en: str) -> None:
    """A one-line takeaway, Japanese then English."""
    from IPython.display import Markdown, display

    display(Markdown(f"**→ {ja}**  \n*{en}*"))


def show(df: pd.DataFrame) -> None:
    """A table for people: no index, text left-aligned, line breaks kept."""
    from IPython.display import display

    display(styled(df))


def styled(df: pd.DataFrame) -> Any:
    """The Styler :func:`show` displays: report text HTML-escaped (shown, never run)."""
    return df.style.hide(axis="index").format(escape="html", na_rep="").set_properties(
        **{"text-align": "left", "white-space": "pre-wrap"})
