"""Small pure helpers the notebooks share: KPI series, rating counts, audit checks.

Everything is computed from the report's tables; nothing here knows a value of
one particular edition, so the notebooks run unchanged on altered copies.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from akidx.config import ROOT
from akidx.normalize import fiscal_year_ja, fiscal_year_label, fiscal_year_of, to_ascii
from akidx.vocab import NOT_ACHIEVED, RATING_MARKS

FINDING_COLUMNS = ["check", "measure_id", "finding", "source_line"]
AUDIT_CHECKS = ("cumulative", "title", "phone", "rating", "figure_year")
_DAYS_PER_MONTH = 365.25 / 12


def check_param(name: str, value: Any, valid: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``valid``, else raise ValueError listing them."""
    valid = list(valid)
    if value in valid or str(value) in [str(v) for v in valid]:
        return next(v for v in valid if str(v) == str(value))
    shown = ", ".join(repr(v) for v in valid) or "(none in this report)"
    raise ValueError(f"unknown {name} {value!r}; valid values: {shown}")


def resolve(path: str | os.PathLike) -> Path:
    """A relative path is taken relative to the repository root, not the cwd."""
    p = Path(path)
    return p if p.is_absolute() else ROOT / p


def _is_total(breakdown: pd.Series) -> pd.Series:
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
        total = g[_is_total(g["breakdown"])]
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
    rows = kpis[(kpis["metric"] == metric) & ~_is_total(kpis["breakdown"])]
    return rows[["fiscal_year", "fiscal_year_ja", "breakdown", "value", "unit",
                 "source_line"]].sort_values(["fiscal_year", "breakdown"]).reset_index(drop=True)


def cumulative_check(kpis: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Each cumulative figure the report states for ``metric`` against the sum of
    the yearly values in its period, with the cumulative figure's source line."""
    cols = ["metric", "stated", "period_start", "period_end", "years", "sum_of_years",
            "difference", "approx", "matches", "source_line", "quote"]
    rows = kpis[(kpis["metric"] == metric) & kpis["fiscal_year"].isna()
                & _is_total(kpis["breakdown"])]
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


def rating_counts(measures: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Count and share (0-1) of each rating mark, overall or per value of ``by``.

    Every mark appears in every group, with 0 when absent.
    """
    keys = [by] if by else []
    df = measures.assign(rating=pd.Categorical(measures["rating"], categories=RATING_MARKS))
    counts = df.groupby([*keys, "rating"], observed=False).size().rename("count").reset_index()
    totals = counts.groupby(keys)["count"].transform("sum") if keys else counts["count"].sum()
    counts["share"] = (counts["count"] / totals).fillna(0.0)
    counts["rating"] = counts["rating"].astype("string")
    return counts


def fmt_number(value: Any, digits: int = 0) -> str:
    """12236.0 -> '12,236'; NA -> ''."""
    if value is None or pd.isna(value):
        return ""
    return f"{float(value):,.{digits}f}"


def fy_both(year: Any) -> str:
    """2023 -> '令和5年度 (FY2023)'; NA -> '累計'."""
    if year is None or pd.isna(year):
        return "累計 (cumulative)"
    return f"{fiscal_year_ja(int(year))} (FY{int(year)})"


# --- audit --------------------------------------------------------------------------------

def _norm_title(text: Any, drop_parens: bool = False) -> str:
    """Title for comparison: ASCII digits, no spaces, no leading 'N.' number and,
    with ``drop_parens``, no parenthetical (an abbreviation drops it)."""
    if text is None or pd.isna(text):
        return ""
    t = re.sub(r"\s+", "", to_ascii(str(text)))
    if drop_parens:
        t = re.sub(r"[（(][^）)]*[）)]", "", t)
    return re.sub(r"^\d+[.．、]", "", t)


def _finding(check: str, measure_id: Any, finding: str, line: Any) -> dict:
    return {"check": check, "measure_id": measure_id, "finding": finding, "source_line": line}


def audit_cumulative(kpis: pd.DataFrame) -> list[dict]:
    """Stated cumulative totals that differ from the sum of the yearly figures."""
    out = []
    for metric in sorted(kpis["metric"].dropna().unique()):
        mid = kpis.loc[kpis["metric"] == metric, "measure_id"].dropna()
        for _, c in cumulative_check(kpis, metric).iterrows():
            if c["years"] and not c["matches"] and not c["approx"]:
                out.append(_finding(
                    "cumulative", mid.iloc[0] if len(mid) else pd.NA,
                    f"{metric}: stated cumulative {fmt_number(c['stated'])} ≠ sum of "
                    f"{c['years']} {fmt_number(c['sum_of_years'])} "
                    f"(difference {fmt_number(c['difference'])})", c["source_line"]))
    return out


def audit_titles(measures: pd.DataFrame) -> list[dict]:
    """Chapter-1 titles that the measure sheet's heading or project name contradicts."""
    out = []
    for _, m in measures.iterrows():
        title = _norm_title(m["title"])
        heading, name = _norm_title(m["sheet_heading"]), _norm_title(m["sheet_title"])
        if heading and heading != title:
            out.append(_finding("title", m["measure_id"],
                                f"chapter 1 「{m['title']}」 vs sheet heading "
                                f"「{m['sheet_heading']}」", m["heading_line"]))
        # The project name may shorten the title (a prefix, or without its parenthetical).
        short = _norm_title(m["title"], True) == _norm_title(m["sheet_title"], True)
        if name and name != title and not title.startswith(name) and not short:
            out.append(_finding("title", m["measure_id"],
                                f"chapter 1 「{m['title']}」 vs project name "
                                f"「{m['sheet_title']}」", m["heading_line"]))
    return out


def _line(m: pd.Series, column: str) -> int:
    """The line of the evidence when the table has it, else the sheet heading's."""
    value = m.get(column)
    return int(value) if value is not None and pd.notna(value) else m["heading_line"]


def audit_phones(measures: pd.DataFrame) -> list[dict]:
    """Sheets whose phone differs from the one most sheets of the same
    department/division/section print (all of them when there is no majority)."""
    out = []
    df = measures.assign(section=measures["section"].fillna(""))
    keys = ["department", "division", "section"]
    for key, g in df[df["phone"].notna() & (df["phone"] != "")].groupby(keys):
        counts = g["phone"].value_counts()
        if len(counts) < 2:
            continue
        majority = counts.index[0] if counts.iloc[0] > counts.iloc[1] else None
        where = "/".join(k for k in key if k)
        odd = g if majority is None else g[g["phone"] != majority]
        for _, m in odd.iterrows():
            others = ", ".join(f"{p} ×{n}" for p, n in counts.items() if p != m["phone"])
            out.append(_finding("phone", m["measure_id"],
                                f"{where}: phone {m['phone']} here, other sheets print "
                                f"{others}", _line(m, "phone_line")))
    return out


def audit_ratings(measures: pd.DataFrame, yearly: pd.DataFrame) -> list[dict]:
    """Measures rated 〇 whose yearly result or outlook says the target was not reached."""
    out = []
    good = measures[measures["rating"] == RATING_MARKS[0]]
    for _, m in good.iterrows():
        texts = [(f"{y['fiscal_year_ja']} result", y["result"], y["source_line"])
                 for _, y in yearly[yearly["measure_id"] == m["measure_id"]].iterrows()]
        texts.append(("outlook", m["outlook"], _line(m, "outlook_line")))
        for where, text, line in texts:
            flat = re.sub(r"\s+", "", str(text)) if not pd.isna(text) else ""
            hits = [w for w in NOT_ACHIEVED if w in flat]
            if hits:
                out.append(_finding("rating", m["measure_id"],
                                    f"rated {m['rating']} but the {where} says "
                                    f"「{hits[0]}」", line))
    return out


def audit_figures(figures: pd.DataFrame, kpis: pd.DataFrame | None = None) -> list[dict]:
    """Figures inside measure sheets that carry no fiscal year (a figure that is a
    KPI with a stated period, e.g. a cumulative total, is not one)."""
    rows = figures[figures["fiscal_year"].isna() & figures["measure_id"].notna()]
    if kpis is not None and len(kpis):
        dated = kpis[kpis["period_start"].notna() | kpis["fiscal_year"].notna()]
        known = set(zip(dated["source_line"], dated["value"], strict=True))
        rows = rows[[(ln, v) not in known
                     for ln, v in zip(rows["source_line"], rows["value"], strict=True)]]
    out = []
    for _, f in rows.iterrows():
        number = fmt_number(f["value"], 0 if float(f["value"]).is_integer() else 1)
        unit = "" if pd.isna(f["unit"]) else str(f["unit"])
        out.append(_finding("figure_year", f["measure_id"],
                            f"{number}{unit} without a fiscal year: "
                            f"「{_around(str(f['quote']), number)}」", f["source_line"]))
    return out


def _around(quote: str, number: str, width: int = 30) -> str:
    """The part of ``quote`` around ``number`` (with or without its commas)."""
    text = re.sub(r"\s+", "", to_ascii(quote))
    at = max(text.find(number), text.find(number.replace(",", "")))
    start = max(0, at - width) if at >= 0 else 0
    snippet = text[start:start + 2 * width + len(number)]
    return ("…" if start else "") + snippet + ("…" if start + len(snippet) < len(text) else "")


def audit_findings(report: Any) -> pd.DataFrame:
    """All audit findings: check, measure_id, finding, source_line (sorted by line)."""
    t = report.tables
    found = (audit_cumulative(t["kpis"]) + audit_titles(t["measures"])
             + audit_phones(t["measures"]) + audit_ratings(t["measures"], t["yearly"])
             + audit_figures(t["figures"], t["kpis"]))
    df = pd.DataFrame(found, columns=FINDING_COLUMNS)
    df = df.astype({"check": "string", "measure_id": "Int64", "finding": "string",
                    "source_line": "Int64"})
    return df.sort_values(["check", "source_line"], kind="stable").reset_index(drop=True)
