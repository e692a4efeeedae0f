"""What the notebooks call: computations on the tables, charts, takeaways, helpers.

``kpis`` (KPI series and cumulative checks), ``ratings`` (〇/△/× counts), ``audit``
(the report's consistency checks), ``labels`` (formatting), ``params`` (parameter
checks), ``headline`` (the index page's figures), ``charts`` (the chart style and
saving) and ``notebook`` (a notebook's first cell and display helpers).

``from akidx import analysis as an`` gives the computations as ``an.<name>``.
"""

from akidx.analysis.audit import (
    AUDIT_CHECKS,
    FINDING_COLUMNS,
    audit_cumulative,
    audit_figures,
    audit_findings,
    audit_phones,
    audit_ratings,
    audit_titles,
    coverage_sentences,
    unclassified_figures,
)
from akidx.analysis.kpis import cumulative_check, kpi_breakdown, kpi_series, months_covered
from akidx.analysis.labels import fmt_number, fy_both, line_ref, wrap
from akidx.analysis.params import (
    PillarScope,
    check_metric,
    check_param,
    check_pillar,
    kpi_metrics,
    resolve,
)
from akidx.analysis.ratings import rating_counts

__all__ = [
    "AUDIT_CHECKS", "FINDING_COLUMNS", "audit_cumulative", "audit_figures", "audit_findings",
    "audit_phones", "audit_ratings", "audit_titles", "check_metric", "check_param",
    "check_pillar", "PillarScope", "cumulative_check",
    "fmt_number", "fy_both", "kpi_breakdown", "kpi_metrics", "kpi_series", "line_ref",
    "months_covered", "rating_counts", "resolve", "wrap", "coverage_sentences",
    "unclassified_figures",
]
