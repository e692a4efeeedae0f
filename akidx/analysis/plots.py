"""Every chart the notebooks draw, one function each, under one name.

``from akidx.analysis import plots`` then e.g. ``plots.kpi_by_year(series, ...)``;
each returns a :class:`~akidx.analysis.charts.Chart` that ``notebook.chart`` saves
and shows. The drawing lives in :mod:`~akidx.analysis.kpi_charts` (the KPI trend)
and :mod:`~akidx.analysis.count_charts` (ratings, departments, audit, schedule).
"""

from akidx.analysis.charts import Chart
from akidx.analysis.count_charts import (
    added_by_pillar,
    departments,
    divisions,
    findings_bars,
    ratings_by_pillar,
    ratings_overall,
    schedule_grid,
)
from akidx.analysis.kpi_charts import breakdown, cumulative, kpi_by_year

__all__ = ["Chart", "added_by_pillar", "breakdown", "cumulative", "departments", "divisions",
           "findings_bars", "kpi_by_year", "ratings_by_pillar", "ratings_overall",
           "schedule_grid"]
