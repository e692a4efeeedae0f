"""The report's own consistency: each check returns findings with their source line."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from akidx.analysis.kpis import cumulative_check
from akidx.analysis.labels import fmt_number
from akidx.parse.normalize import to_ascii
from akidx.parse.vocab import NOT_ACHIEVED, RATING_MARKS

FINDING_COLUMNS = ["check", "measure_id", "finding", "source_line"]
AUDIT_CHECKS = ("cumulative", "title", "phone", "rating", "figure_year")
CHECK_JA = {"cumulative": "累計と年度の値", "title": "施策名の不一致", "phone": "電話番号の不一致",
            "rating": "達成状況と本文", "figure_year": "年度のない数値"}  # for charts and takeaways
CHECK_EN = {"cumulative": "cumulative vs years", "title": "title mismatch",
            "phone": "phone mismatch", "rating": "rating vs text",
            "figure_year": "figure without a year"}  # for tables


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


def checks_of(check: str) -> list[str]:
    """The checks a ``check`` parameter selects ("all" or one of :data:`AUDIT_CHECKS`)."""
    return list(AUDIT_CHECKS) if check == "all" else [check]


def findings_per_check(findings: pd.DataFrame, checks: list[str]) -> pd.DataFrame:
    """Number of findings of each check in ``checks`` (0 for a clean check), in that order."""
    return (findings["check"].value_counts().reindex(checks, fill_value=0).rename("count")
            .reset_index())
UNCLASSIFIED_COLUMNS = ["measure_id", "figure", "fiscal_year", "excerpt", "source_line"]


def unclassified_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures no metric rule classified (``figures.metric`` empty), with their line:
    what a new edition says that the KPI rules do not understand yet."""
    rows = figures[figures["metric"].isna()] if "metric" in figures else figures.iloc[:0]
    out = []
    for _, f in rows.iterrows():
        number = fmt_number(f["value"], 0 if float(f["value"]).is_integer() else 1)
        unit = "" if pd.isna(f["unit"]) else str(f["unit"])
        out.append({"measure_id": f["measure_id"], "figure": f"{number}{unit}",
                    "fiscal_year": f["fiscal_year"],
                    "excerpt": f"「{_around(str(f['quote']), number)}」",
                    "source_line": f["source_line"]})
    df = pd.DataFrame(out, columns=UNCLASSIFIED_COLUMNS)
    return df.astype({"measure_id": "Int64", "figure": "string", "fiscal_year": "Int64",
                      "excerpt": "string", "source_line": "Int64"})


def coverage_sentences(figures: pd.DataFrame) -> tuple[str, str]:
    """The KPI rules' coverage as a takeaway, Japanese and English."""
    total = len(figures)
    classified = int(figures["metric"].notna().sum()) if "metric" in figures else 0
    share = f"{classified / total:.0%}" if total else "—"
    return (f"単位つきの数値{total}件のうち{classified}件（{share}）をKPIに分類しました。"
            f"残る{total - classified}件は上の表のとおりです（指標にするには --metrics の"
            "YAMLに規則を追加）。",
            f"{classified} of {total} figures with a unit ({share}) are classified as KPIs; "
            f"the other {total - classified} are listed above (add a rule to a --metrics YAML "
            "file to make one a KPI).")
