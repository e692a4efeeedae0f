"""What the index page shows of a report: headline KPIs, rating counts, and every
measure (and added measure) by pillar with its rating, meaning and department.

Computed once per report (pandas), stored in the build state as plain JSON so
that a no-op build writes the index without importing pandas.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from akidx.analysis.kpis import is_total
from akidx.analysis.labels import line_ref
from akidx.analysis.ratings import legend, rating_counts
from akidx.parse.vocab import METRIC_LABELS


def report_info(report: Any, sha256: str) -> dict[str, Any]:
    """Title, hash, headline KPIs (latest fiscal year per main metric) and rating counts."""
    kpis = report.kpis
    totals = kpis[kpis["fiscal_year"].notna() & is_total(kpis["breakdown"])]
    rows = []
    for metric, (ja, en) in METRIC_LABELS.items():
        found = totals[totals["metric"] == metric]
        if found.empty:
            continue
        latest = found[found["fiscal_year"] == found["fiscal_year"].max()].iloc[0]
        rows.append({"metric": metric, "en": en, "ja": ja,
                     "fiscal_year": int(latest["fiscal_year"]),
                     "fiscal_year_ja": str(latest.get("fiscal_year_ja") or ""),
                     "value": float(latest["value"]), "unit": str(latest.get("unit") or ""),
                     "approx": bool(latest.get("approx") is True),
                     "line": line_ref(latest.get("source_line"))})
    labels = legend(report.measures)
    ratings = [{"mark": r.rating, "count": int(r.count), "label": str(labels.get(r.rating, ""))}
               for r in rating_counts(report.measures).itertuples()]
    return {"title": report.title, "sha256": report.sha256 or sha256, "kpis": rows,
            "ratings": ratings, **measure_list(report, labels)}


def _text(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value).strip()


def measure_list(report: Any, labels: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Pillars, measures and added measures as plain JSON for the index's way in:
    number, title, pillar, rating mark with the legend's meaning, department."""
    pillars = [{"id": int(r.pillar_id), "title": _text(r.title)}
               for r in report.pillars.itertuples() if pd.notna(r.pillar_id)]
    measures = [{"id": int(r.measure_id), "title": _text(r.title),
                 "pillar": int(r.pillar_id) if pd.notna(r.pillar_id) else None,
                 "mark": _text(r.rating),
                 "label": labels.get(_text(r.rating)) or _text(r.rating_label),
                 "department": " ".join(p for p in (_text(r.department), _text(r.division),
                                                    _text(r.section)) if p)}
                for r in report.measures.sort_values("measure_id").itertuples()]
    added = [{"id": int(r.added_id), "title": _text(r.title),
              "pillar": int(r.pillar_id) if pd.notna(r.pillar_id) else None,
              "department": _text(r.departments)}
             for r in report.added_measures.sort_values("added_id").itertuples()]
    return {"pillars": pillars, "measures": measures, "added": added}
