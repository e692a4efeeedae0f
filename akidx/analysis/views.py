"""Tables for people: the frames notebooks show with ``notebook.show``.

Bilingual headers, numbers with thousands separators, 約 for approximate figures,
source lines as ``L123``. Each function takes the computed table it formats, so one
table shown in two notebooks (the cumulative checks) is one function.
"""

from __future__ import annotations

import pandas as pd

from akidx.analysis.audit import CHECK_EN, CHECK_JA
from akidx.analysis.kpis import per_month_digits, unit_of
from akidx.analysis.labels import approx_number, fmt_number, fy_both, line_ref
from akidx.analysis.ratings import rating_wide
from akidx.parse.vocab import METRIC_LABELS, RATING_MARKS, RATING_STATUS

SUM_OF_YEARS = "年度の値の合計 / sum of years"


def _approx(values: pd.Series, approx: pd.Series) -> list[str]:
    return [approx_number(v, a) for v, a in zip(values, approx, strict=True)]


def _ticks(matches: pd.Series, years: pd.Series) -> list[str]:
    """✓/✗ for a checked cumulative figure, — for one no yearly value falls in."""
    return [("✓" if ok else "✗") if y else "—" for ok, y in zip(matches, years, strict=True)]


def _period(start: pd.Series, end: pd.Series, whole: str = "") -> list[str]:
    return [f"{s} – {e}" if pd.notna(s) else whole for s, e in zip(start, end, strict=True)]


def kpi_table(series: pd.DataFrame) -> pd.DataFrame:
    """A ``kpi_series`` by year: value, period, months, per month, change, basis."""
    digits = per_month_digits(series)
    return pd.DataFrame({
        "年度 / fiscal year": series["fiscal_year"].map(fy_both),
        f"値 / value（{unit_of(series)}）": _approx(series["value"], series["approx"]),
        "対象期間 / period": _period(series["period_start"], series["period_end"],
                                  "年度全体 / whole year"),
        "月数 / months": series["months"].map(lambda m: f"{m:g}"),
        "月平均 / per month": series["per_month"].map(lambda v: fmt_number(v, digits)),
        "前年度比 / YoY": [f"{d:+,.0f}" + (f"（{p:+.0f}%）" if pd.notna(p) else "")
                          if pd.notna(d) else ""
                          for d, p in zip(series["yoy"], series["yoy_pct"], strict=True)],
        "値の内容 / basis": [("合計 / total" if b == "total" else
                              b.removeprefix("sum: ") + " の合計 / sum of parts")
                             + ("" if ok else "（比較不可 / not comparable）")
                             for b, ok in zip(series["basis"], series["comparable"],
                                              strict=True)],
        "行 / line": series["source_line"].map(line_ref),
    })


def metric_label(metric: str) -> str:
    """A metric id as people read it: 'AIチャットボット問い合わせ件数 / AI chatbot inquiries'
    (a metric a ``--metrics`` file adds without a label keeps its id)."""
    ja, en = METRIC_LABELS.get(metric, (metric, metric))
    return metric if ja == en == metric else f"{ja} / {en}"


def cumulative_table(cum: pd.DataFrame, per_metric: bool = False) -> pd.DataFrame:
    """``cumulative_check`` rows: stated, years, sum, ✓/✗ and line; ``per_metric`` (the
    audit of every metric) adds the metric first, else period, difference and quote."""
    cols: dict[str, object] = {"指標 / metric": cum["metric"].map(metric_label)} \
        if per_metric else {}
    cols["報告書の累計 / stated"] = _approx(cum["stated"], cum["approx"])
    if not per_metric:
        cols["対象期間 / period"] = _period(cum["period_start"], cum["period_end"])
    cols["年度 / years"] = cum["years"]
    cols[SUM_OF_YEARS] = cum["sum_of_years"].map(fmt_number)
    if not per_metric:
        cols["差 / difference"] = cum["difference"].map(
            lambda d: "" if pd.isna(d) else f"{d:+,.0f}")
    cols["一致 / matches"] = _ticks(cum["matches"], cum["years"])
    cols["行 / line"] = cum["source_line"].map(line_ref)
    if not per_metric:
        cols["引用 / quote"] = cum["quote"]
    return pd.DataFrame(cols)


def related_table(related: pd.DataFrame) -> pd.DataFrame:
    """The other metrics of the same measure (``kpis.related_kpis``), with units."""
    return pd.DataFrame({
        "指標 / metric": related["metric"].map(metric_label),
        "内訳 / part": related["breakdown"].fillna(""),
        "年度 / fiscal year": related["fiscal_year"].map(fy_both),
        "値 / value": [approx_number(v, a) + u for v, a, u in
                       zip(related["value"], related["approx"], related["unit"].fillna(""),
                           strict=True)],
        "行 / line": related["source_line"].map(line_ref),
    })


def findings_table(findings: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Audit findings with the measure's number and title and the source line."""
    titles = measures.set_index("measure_id")["title"]
    return pd.DataFrame({
        "点検 / check": [f"{CHECK_JA.get(c, c)} / {CHECK_EN.get(c, c)}" for c in findings["check"]],
        "施策 / measure": [f"{int(m)}. {titles.get(m, '')}" if pd.notna(m) else ""
                          for m in findings["measure_id"]],
        "指摘 / finding": findings["finding"],
        "行 / line": findings["source_line"].map(line_ref),
    })


def pillar_table(by_pillar: pd.DataFrame) -> pd.DataFrame:
    """Per pillar (``ratings.pillar_counts``): each mark's count and share, and the total."""
    counts = rating_wide(by_pillar, "pillar_id")
    names = dict(zip(by_pillar["pillar_id"], by_pillar["pillar"], strict=False))
    tot = counts.sum(axis=1)
    table = counts.copy()
    table["計 / total"] = tot
    for mark in RATING_MARKS:
        table[mark] = [f"{k}（{k / t:.0%}）" for k, t in zip(counts[mark], tot, strict=True)]
    table.insert(0, "基本方針 / pillar", [names.get(p, p) for p in table.index])
    return table.rename(columns={m: mark_heading(m) for m in RATING_MARKS})


def mark_heading(mark: str) -> str:
    """A rating mark as a column heading a screen reader can say: '〇 件数 / 〇 on track'."""
    status = RATING_STATUS.get(mark, "").replace("_", " ")
    return f"{mark} 件数 / {mark} {status}".rstrip()


def revisions_table(flagged: pd.DataFrame) -> pd.DataFrame:
    """△/× measures (``ratings.flagged_revisions``) with their revision text."""
    return pd.DataFrame({
        "番号 / No.": flagged["measure_id"].astype(int),
        "施策 / measure": flagged["title"],
        "達成状況 / rating": flagged["rating"],
        "見直しの内容 / revision": flagged["revision"].fillna("（記載なし / none）"),
        "行 / line": flagged["rating_line"].map(line_ref),
    })


def added_table(added: pd.DataFrame) -> pd.DataFrame:
    """Added measures: number, title, pillar, divisions, targets one per line."""
    return pd.DataFrame({
        "追加番号 / added No.": added["added_id"].map(lambda n: f"追加{n}"),
        "施策 / measure": added["title"],
        "基本方針 / pillar": added["pillar_id"].astype(int),
        "主な担当課 / divisions": added["departments"],
        "達成目標 / targets": added["targets"].str.replace("；", "\n"),
    })


def contacts_table(contacts: pd.DataFrame) -> pd.DataFrame:
    """``departments.contacts`` with Japanese and English headers."""
    return contacts.rename(columns={
        "department": "部 / department", "division": "課 / division", "section": "係 / section",
        "phone": "電話（内線） / phone (ext.)", "measures": "施策番号 / measures",
        "ratings": "達成状況 / ratings"})


def _label(info: pd.DataFrame, m: int) -> str:
    return f"{info.loc[m, 'rating']} {m}. {info.loc[m, 'title']}"


def flagged_plans(schedule: pd.DataFrame, flagged: pd.DataFrame,
                  measures: pd.DataFrame) -> pd.DataFrame:
    """The plans of the measures in ``flagged`` (rows of ``schedules.flagged_rows``), one
    column per year, items as '・' lines."""
    years = list(flagged.columns)
    rows = (schedule[schedule["measure_id"].isin(flagged.index)]
            .sort_values(["measure_id", "fiscal_year", "item_no"]))
    plans = rows.groupby(["measure_id", "fiscal_year"])["plan"].agg(
        lambda t: "\n".join(f"・{x}" for x in t)).unstack(fill_value="")
    plans = plans.reindex(index=flagged.index, columns=years, fill_value="")
    plans.columns = [fy_both(y) for y in years]
    info = measures.set_index("measure_id")
    plans.insert(0, "施策 / measure", [_label(info, m) for m in plans.index])
    return plans


def plans_table(schedule: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Every schedule item with its measure's mark, year and source line."""
    table = schedule.sort_values(["measure_id", "fiscal_year", "item_no"])
    rating = measures.set_index("measure_id")["rating"]
    return pd.DataFrame({
        "番号 / No.": table["measure_id"].astype(int),
        "達成状況 / rating": table["measure_id"].map(rating),
        "年度 / fiscal year": [fy_both(y) if pd.notna(y) else "年度なし / no year"
                              for y in table["fiscal_year"]],
        "予定 / plan": table["plan"],
        "行 / line": table["source_line"].map(line_ref),
    })



def unclassified_table(unclassified: pd.DataFrame) -> pd.DataFrame:
    """``audit.unclassified_figures`` for people: ja/en headings, the source line."""
    return pd.DataFrame({
        "施策 / measure": unclassified["measure_id"].astype("Int64"),
        "数値 / figure": unclassified["figure"],
        "年度 / fiscal year": [fy_both(y) if pd.notna(y) else "年度なし / no year"
                              for y in unclassified["fiscal_year"]],
        "前後の文 / excerpt": unclassified["excerpt"],
        "行 / line": unclassified["source_line"].map(line_ref),
    })


def legend_table(legend: dict[str, str]) -> pd.DataFrame:
    """The rating legend as the report words it: each mark and its meaning."""
    return pd.DataFrame({"記号 / mark": list(legend), "意味 / meaning": list(legend.values())})
