"""What the index page shows of a report: headline KPIs, rating counts, and every
measure (and added measure) by pillar with its rating, meaning and department.

Computed once per report (pandas) as a :class:`akidx.tables.summary.Headline`; the build
keeps it in its state as JSON, so a no-op build writes the index without pandas.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from akidx.analysis.kpis import is_total
from akidx.analysis.labels import line_ref
from akidx.analysis.ratings import legend, rating_counts
from akidx.parse.vocab import METRIC_LABELS
from akidx.tables.summary import (
    AddedItem,
    Headline,
    HeadlineKpi,
    MeasureItem,
    Pillar,
    RatingCount,
)


def headline(report: Any, sha256: str) -> Headline:
    """Title, hash, headline KPIs (latest fiscal year per main metric), rating counts and
    the measures by pillar."""
    labels = legend(report.measures)
    ratings = [RatingCount(mark=r.rating, count=int(r.count), label=str(labels.get(r.rating, "")))
               for r in rating_counts(report.measures).itertuples()]
    pillars, measures, added = measure_list(report, labels)
    return Headline(title=report.title, sha256=report.sha256 or sha256,
                    kpis=headline_kpis(report.kpis), ratings=ratings, pillars=pillars,
                    measures=measures, added=added)


def headline_kpis(kpis: pd.DataFrame) -> list[HeadlineKpi]:
    """Each main metric's total of its latest fiscal year."""
    totals = kpis[kpis["fiscal_year"].notna() & is_total(kpis["breakdown"])]
    rows = []
    for metric, (ja, en) in METRIC_LABELS.items():
        found = totals[totals["metric"] == metric]
        if found.empty:
            continue
        latest = found[found["fiscal_year"] == found["fiscal_year"].max()].iloc[0]
        rows.append(HeadlineKpi(metric=metric, ja=ja, en=en,
                                fiscal_year=int(latest["fiscal_year"]),
                                fiscal_year_ja=_text(latest.get("fiscal_year_ja")),
                                value=float(latest["value"]), unit=_text(latest.get("unit")),
                                approx=bool(latest.get("approx") is True),
                                line=line_ref(latest.get("source_line"))))
    return rows


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def _pillar(value: Any) -> int | None:
    return int(value) if pd.notna(value) else None


def measure_list(report: Any, labels: dict[str, str]
                 ) -> tuple[list[Pillar], list[MeasureItem], list[AddedItem]]:
    """Pillars, measures and added measures for the index's way in: number, title,
    pillar, rating mark with the legend's meaning, department."""
    pillars = [Pillar(id=int(r.pillar_id), title=_text(r.title))
               for r in report.pillars.itertuples() if pd.notna(r.pillar_id)]
    measures = [MeasureItem(id=int(r.measure_id), title=_text(r.title),
                            pillar=_pillar(r.pillar_id), mark=_text(r.rating),
                            label=labels.get(_text(r.rating)) or _text(r.rating_label),
                            department=" ".join(p for p in (_text(r.department),
                                                            _text(r.division),
                                                            _text(r.section)) if p))
                for r in report.measures.sort_values("measure_id").itertuples()]
    added = [AddedItem(id=int(r.added_id), title=_text(r.title), pillar=_pillar(r.pillar_id),
                       department=_text(r.departments))
             for r in report.added_measures.sort_values("added_id").itertuples()]
    return pillars, measures, added
