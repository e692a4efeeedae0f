"""What every notebook does first, and the small display helpers they share.

A notebook starts with ``report, out_dir, legend = nb.start(report_path, out_dir)``,
checks its parameter with :func:`check_pillar` or :func:`check_metric`, and ends each
chart with :func:`say`. Nothing here parses: data comes from :func:`akidx.load_report`.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from akidx import analysis as an
from akidx import charts
from akidx.vocab import METRIC_LABELS, RATING_MARKS


def start(report_path: str | os.PathLike, out_dir: str | os.PathLike) -> tuple[
        Any, Path, dict[str, str]]:
    """Apply the chart style, read the report and print its title.

    Returns the report, ``out_dir`` resolved from the repository root, and the rating
    legend (mark -> meaning) as this report words it.
    """
    import akidx

    charts.setup()
    report = akidx.load_report(an.resolve(report_path))
    print(report.title)
    return report, an.resolve(out_dir), rating_legend(report.measures)


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


def wrap(text: Any, width: int = 18) -> str:
    """Break a long label into lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(str(text), width))


def line_ref(line: Any) -> str:
    """Source line 1587 -> 'L1587'; NA -> ''."""
    return "" if line is None or pd.isna(line) else f"L{int(line)}"


@dataclass(frozen=True)
class PillarScope:
    """The measures a ``pillar`` parameter selects."""

    pillar: int | str  # "all" or a pillar number
    valid: list[Any]  # "all" and every pillar number of the report
    names: dict[int, str]  # 1 -> '1. 市民サービスの…'
    measures: pd.DataFrame
    label: str  # for titles: '全基本方針 / all pillars' or '基本方針1. …'

    @property
    def ids(self) -> set[int]:
        return set(self.measures["measure_id"])

    @property
    def pillars(self) -> list[int]:
        """The pillar numbers in scope."""
        return [p for p in self.valid if p != "all" and self.pillar in ("all", p)]


def check_pillar(report: Any, pillar: Any) -> PillarScope:
    """Check ``pillar`` against the report's pillars (ValueError listing them) and
    select its measures; prints what was selected."""
    valid = ["all", *sorted(int(p) for p in report.pillars["pillar_id"].dropna())]
    pillar = an.check_param("pillar", pillar, valid)
    names = {int(r.pillar_id): f"{int(r.pillar_id)}. {r.title}"
             for r in report.pillars.itertuples()}
    measures = report.measures if pillar == "all" else report.measures[
        report.measures["pillar_id"] == pillar]
    label = "全基本方針 / all pillars" if pillar == "all" else f"基本方針{names[pillar]}"
    print(f"pillar={pillar!r}: {len(measures)} measures ({label})")
    return PillarScope(pillar, valid, names, measures, label)


def kpi_metrics(kpis: pd.DataFrame) -> list[str]:
    """The metrics a KPI trend can show: those with at least one fiscal-year figure."""
    return sorted(kpis.loc[kpis["fiscal_year"].notna(), "metric"].dropna().unique())


def check_metric(report: Any, metric: Any) -> tuple[str, str, str]:
    """Check ``metric`` (ValueError listing :func:`kpi_metrics`); returns it with its
    Japanese and English labels."""
    metric = an.check_param("metric", metric, kpi_metrics(report.kpis))
    en, ja = METRIC_LABELS.get(metric, (metric, metric))
    return metric, ja, en
