"""KPI series: one metric by fiscal year, per-month rates, cumulative checks.

Everything is computed from the report's tables; nothing here knows a value of
one particular edition, so the notebooks run unchanged on altered copies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from akidx.parse.normalize import fiscal_year_ja, fiscal_year_label, fiscal_year_of

_DAYS_PER_MONTH = 365.25 / 12


def is_total(breakdown: pd.Series) -> pd.Series:
    """True where a KPI row is a total (no breakdown category)."""
    return breakdown.isna() | (breakdown.astype("string").str.strip() == "")


def months_covered(start: Any, end: Any, fiscal_year: Any = None) -> float:
    """Months between two ISO dates (inclusive), to 0.1; a whole fiscal year if unknown."""
    if pd.isna(start) or pd.isna(end) or not str(start) or not str(end):
        return 12.0 if fiscal_year is not None and not pd.isna(fiscal_year) else float("nan")
    days = (dt.date.fromisoformat(str(end)) - dt.date.fromisoformat(str(start))).days + 1
    return round(days / _DAYS_PER_MONTH, 1)


def kpi_series(kpis: pd.DataFrame, metric: str) -> pd.DataFrame:
    """One row per fiscal year of ``metric``: the total (or the sum of its breakdowns),
    months covered, per-month rate, change from the previous year and a partial flag.

    ``basis`` says what the value counts: ``total`` (a total row) or the breakdown
    categories summed (``sum: 紛失``). ``comparable`` is False for a year whose basis is
    not the one most years share (with no such majority, every year of several is
    False): a sum of 漏えい in one year and of 紛失 in the next counts different things.
    ``yoy``/``yoy_pct`` are left empty unless both years are consecutive and comparable.
    """
    rows = kpis[(kpis["metric"] == metric) & kpis["fiscal_year"].notna()]
    out = []
    for year, g in rows.groupby("fiscal_year", sort=True):
        total = g[is_total(g["breakdown"])]
        part = total if len(total) else g
        start, end = part["period_start"].dropna(), part["period_end"].dropna()
        start = start.min() if len(start) else pd.NA
        end = end.max() if len(end) else pd.NA
        months = months_covered(start, end, year)
        value = float(part["value"].sum()) if len(total) == 0 else float(total["value"].iloc[0])
        basis = ("total" if len(total) else
                 "sum: " + " + ".join(sorted(str(b).strip() for b in g["breakdown"].unique())))
        out.append({
            "fiscal_year": int(year), "fiscal_year_label": fiscal_year_label(int(year)),
            "fiscal_year_ja": fiscal_year_ja(int(year)), "value": value,
            "unit": part["unit"].iloc[0], "approx": bool(part["approx"].fillna(False).any()),
            "from_breakdown": len(total) == 0, "basis": basis, "period_start": start,
            "period_end": end, "months": months,
            "per_month": value / months if months else float("nan"),
            "partial": bool(months < 11.5), "source_line": int(part["source_line"].min()),
        })
    df = pd.DataFrame(out, columns=[
        "fiscal_year", "fiscal_year_label", "fiscal_year_ja", "value", "unit", "approx",
        "from_breakdown", "basis", "period_start", "period_end", "months", "per_month",
        "partial", "source_line"])
    counts = df["basis"].value_counts()
    majority = counts.index[0] if len(counts) and (
        len(counts) == 1 or counts.iloc[0] > counts.iloc[1]) else None
    df["comparable"] = (df["basis"] == majority) if len(df) > 1 else True
    df["comparable"] = df["comparable"].astype(bool)
    prev = df["value"].shift()
    same = (df["fiscal_year"].diff() == 1) & df["comparable"] & df["comparable"].shift(
        fill_value=False)
    df["yoy"] = (df["value"] - prev).where(same)
    df["yoy_pct"] = (100 * (df["value"] - prev) / prev).where(same & (prev != 0))
    return df


def kpi_breakdown(kpis: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Breakdown rows of ``metric`` by fiscal year (empty when it has none)."""
    rows = kpis[(kpis["metric"] == metric) & ~is_total(kpis["breakdown"])]
    return rows[["fiscal_year", "fiscal_year_ja", "breakdown", "value", "unit",
                 "source_line"]].sort_values(["fiscal_year", "breakdown"]).reset_index(drop=True)


def cumulative_check(kpis: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Each cumulative figure the report states for ``metric`` against the sum of
    the yearly values in its period, with the cumulative figure's source line."""
    cols = ["metric", "stated", "period_start", "period_end", "years", "sum_of_years",
            "difference", "approx", "matches", "source_line", "quote"]
    rows = kpis[(kpis["metric"] == metric) & kpis["fiscal_year"].isna()
                & is_total(kpis["breakdown"])]
    series = kpi_series(kpis, metric)
    out = []
    for _, r in rows.iterrows():
        years = series
        if not pd.isna(r["period_start"]):
            years = years[years["fiscal_year"] >= fiscal_year_of(
                dt.date.fromisoformat(str(r["period_start"])))]
        if not pd.isna(r["period_end"]):
            years = years[years["fiscal_year"] <= fiscal_year_of(
                dt.date.fromisoformat(str(r["period_end"])))]
        total = float(years["value"].sum()) if len(years) else float("nan")
        diff = float(r["value"]) - total if len(years) else float("nan")
        out.append({
            "metric": metric, "stated": float(r["value"]), "period_start": r["period_start"],
            "period_end": r["period_end"],
            "years": "、".join(years["fiscal_year_ja"]), "sum_of_years": total,
            "difference": diff, "approx": bool(r["approx"]) if not pd.isna(r["approx"]) else False,
            "matches": bool(len(years)) and diff == 0, "source_line": r["source_line"],
            "quote": r["quote"],
        })
    return pd.DataFrame(out, columns=cols)


def related_kpis(kpis: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The other metrics' rows of the measure(s) that report ``metric``."""
    mids = set(kpis.loc[kpis["metric"] == metric, "measure_id"].dropna())
    return kpis[kpis["measure_id"].isin(mids) & (kpis["metric"] != metric)]


def all_cumulative_checks(kpis: pd.DataFrame) -> pd.DataFrame:
    """:func:`cumulative_check` of every metric, one after the other (by metric id)."""
    checks = [cumulative_check(kpis, m) for m in sorted(kpis["metric"].dropna().unique())]
    return pd.concat(checks, ignore_index=True) if checks else cumulative_check(kpis, "")


def unit_of(series: pd.DataFrame) -> str:
    """The unit a :func:`kpi_series` counts in ('' when it has no year)."""
    return series["unit"].iloc[0] if len(series) else ""


def per_month_digits(series: pd.DataFrame) -> int:
    """Decimals for per-month rates: none from 20 up, one from 2, else two (small counts)."""
    peak = series["per_month"].max() if len(series) else 0
    return 0 if peak >= 20 else 1 if peak >= 2 else 2
