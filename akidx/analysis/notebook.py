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
from akidx.parse.vocab import RATING_MARKS
from akidx.tables.read import load_report


def start(report_path: str | os.PathLike, out_dir: str | os.PathLike) -> tuple[
        Any, Path, dict[str, str]]:
    """Apply the chart style, read the report and print its title.

    Returns the report, ``out_dir`` resolved from the repository root, and the rating
    legend (mark -> meaning) as this report words it.
    """
    charts.setup()
    report = load_report(resolve(report_path))
    print(report.title)
    return report, resolve(out_dir), rating_legend(report.measures)


def rating_legend(measures: pd.DataFrame) -> dict[str, str]:
    """``{'〇': '予定どおり実施されている', ...}`` from the report, in mark order."""
    pairs = measures[["rating", "rating_label"]].dropna().drop_duplicates("rating")
    labels = dict(zip(pairs["rating"], pairs["rating_label"], strict=True))
    return {m: labels[m] for m in RATING_MARKS if m in labels}


def say(ja: str, en: str) -> None:
    """A one-line takeaway, Japanese then English."""
    from IPython.display import Markdown, display

    display(Markdown(f"**→ {ja}**  \n*{en}*"))


def show(df: pd.DataFrame) -> None:
    """A table for people: no index, text left-aligned, line breaks kept."""
    from IPython.display import display

    display(df.style.hide(axis="index").set_properties(
        **{"text-align": "left", "white-space": "pre-wrap"}))
