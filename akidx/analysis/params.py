"""Checking a notebook's parameters against the report, with the valid values listed.

A wrong ``metric`` or ``pillar`` stops the notebook in its first cells with a
message a user can act on; relative paths follow :func:`akidx.config.resolve_path`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from akidx.parse.vocab import METRIC_LABELS


def check_param(name: str, value: Any, valid: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``valid``, else raise ValueError listing them."""
    valid = list(valid)
    if value in valid or str(value) in [str(v) for v in valid]:
        return next(v for v in valid if str(v) == str(value))
    shown = ", ".join(repr(v) for v in valid) or "(none in this report)"
    raise ValueError(f"unknown {name} {value!r}; valid values: {shown}")


def check_measure(report: Any, measure_id: Any) -> int:
    """Check ``measure_id`` against the report's measures (ValueError listing them)."""
    return check_param("measure_id", measure_id,
                       sorted(int(m) for m in report.measures["measure_id"].dropna()))


def check_added(report: Any, added_id: Any) -> int:
    """Check ``added_id`` against the report's added measures (ValueError listing them)."""
    return check_param("added_id", added_id,
                       sorted(int(m) for m in report.added_measures["added_id"].dropna()))


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
    select its measures (the page's title says which: nothing is printed)."""
    valid = ["all", *sorted(int(p) for p in report.pillars["pillar_id"].dropna())]
    pillar = check_param("pillar", pillar, valid)
    names = {int(r.pillar_id): f"{int(r.pillar_id)}. {r.title}"
             for r in report.pillars.itertuples()}
    measures = report.measures if pillar == "all" else report.measures[
        report.measures["pillar_id"] == pillar]
    label = "全基本方針 / all pillars" if pillar == "all" else f"基本方針{names[pillar]}"
    return PillarScope(pillar, valid, names, measures, label)


def kpi_metrics(kpis: pd.DataFrame) -> list[str]:
    """The metrics a KPI trend can show: those with at least one fiscal-year figure."""
    return sorted(kpis.loc[kpis["fiscal_year"].notna(), "metric"].dropna().unique())


def check_metric(report: Any, metric: Any) -> tuple[str, str, str]:
    """Check ``metric`` (ValueError listing :func:`kpi_metrics`); returns it with its
    Japanese and English labels."""
    metric = check_param("metric", metric, kpi_metrics(report.kpis))
    ja, en = METRIC_LABELS.get(metric, (metric, metric))
    return metric, ja, en
