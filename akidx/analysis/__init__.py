"""What the notebooks call: computations on the tables, charts, takeaways, helpers.

Computations: ``kpis`` (KPI series and cumulative checks), ``ratings`` (〇/△/× counts,
revisions, added measures), ``departments`` (units and contacts), ``schedules`` (the
schedule grid), ``audit`` (the report's consistency checks). Presentation:
``plots`` (one function per chart, drawn in ``kpi_charts`` and ``count_charts``
with the style of ``charts``), ``takeaways`` (the ja/en sentence under each chart),
``views`` (tables for people), ``labels`` (formatting). Also ``params`` (parameter
checks), ``headline`` (the index page's figures) and ``notebook`` (a notebook's first
cell and display helpers).

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
    checks_of,
    coverage_sentences,
    findings_per_check,
    unclassified_figures,
)
from akidx.analysis.departments import contacts, multi_phone_units, with_units
from akidx.analysis.kpis import (
    all_cumulative_checks,
    cumulative_check,
    kpi_breakdown,
    kpi_series,
    months_covered,
    per_month_digits,
    related_kpis,
    unit_of,
)
from akidx.analysis.labels import approx_number, fmt_number, fy_both, line_ref, wrap
from akidx.analysis.params import (
    PillarScope,
    check_added,
    check_measure,
    check_metric,
    check_param,
    check_pillar,
    kpi_metrics,
)
from akidx.analysis.ratings import (
    added_in,
    added_per_pillar,
    flagged_revisions,
    pillar_counts,
    rating_counts,
    rating_wide,
)
from akidx.analysis.schedules import flagged_rows, plan_grid, schedule_in, schedule_years

__all__ = [
    "AUDIT_CHECKS", "FINDING_COLUMNS", "audit_cumulative", "audit_figures", "audit_findings",
    "audit_phones", "audit_ratings", "audit_titles", "check_added", "check_measure",
    "check_metric", "check_param",
    "check_pillar", "checks_of", "findings_per_check", "PillarScope", "cumulative_check",
    "all_cumulative_checks", "contacts", "multi_phone_units", "with_units",
    "approx_number", "fmt_number", "fy_both", "kpi_breakdown", "kpi_metrics", "kpi_series",
    "line_ref", "months_covered", "per_month_digits", "related_kpis", "unit_of",
    "flagged_rows", "plan_grid", "schedule_in", "schedule_years",
    "added_in", "added_per_pillar", "flagged_revisions", "pillar_counts", "rating_counts",
    "rating_wide", "wrap", "coverage_sentences", "unclassified_figures",
]
