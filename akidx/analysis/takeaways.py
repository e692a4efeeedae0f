"""The takeaway under each chart or table: one pure function each, returning the
sentences ``(ja, en)`` computed from the same data the chart draws.

Nothing here knows a figure of one edition: every number, name and year comes from
the frames passed in (see ``tests/analysis/test_takeaways.py`` for each wording).
"""

from __future__ import annotations

import pandas as pd

from akidx.analysis.audit import CHECK_JA
from akidx.analysis.departments import multi_phone_units
from akidx.analysis.kpis import per_month_digits, unit_of
from akidx.analysis.labels import fmt_number, fy_both
from akidx.analysis.ratings import rating_wide
from akidx.analysis.schedules import flagged_rows
from akidx.parse.vocab import RATING_MARKS

Takeaway = tuple[str, str]
NO_CUMULATIVE: Takeaway = ("報告書にこの指標の累計値はありません。",
                           "The report states no cumulative figure for this metric.")
NO_BREAKDOWN: Takeaway = ("この指標に内訳はありません。", "This metric has no breakdown.")
NO_RELATED: Takeaway = ("同じ施策に他の指標はありません。", "The measure reports no other metric.")
BASIS_JA = {"total": "合計 / total"}


def kpi_takeaway(series: pd.DataFrame) -> Takeaway:
    """The latest year against the one before (``kpi_series`` rows): the change when
    both count the same thing, per-month rates when one is partial, else why not."""
    if len(series) < 2:
        return (f"年度の値は{len(series)}件のみです。",
                f"Only {len(series)} fiscal year(s) reported.")
    unit = unit_of(series)
    a, b = series.iloc[-2], series.iloc[-1]
    va, vb = fmt_number(a["value"]), fmt_number(b["value"])
    if pd.notna(b["yoy"]):
        return _change(a, b, unit, per_month_digits(series))
    if not (a["comparable"] and b["comparable"]):
        ba, bb = (BASIS_JA.get(r["basis"], r["basis"].removeprefix("sum: ")) for r in (a, b))
        return (f"{b['fiscal_year_ja']}は{vb}{unit}、{a['fiscal_year_ja']}は{va}{unit}ですが、"
                f"数えている内訳が異なる（{ba} と {bb}）ため、前年度比は示しません。",
                f"{b['fiscal_year_label']}: {vb}, {a['fiscal_year_label']}: {va}; they count "
                f"different breakdown categories ({ba} vs {bb}), so no year-on-year change "
                "is given.")
    return (f"{b['fiscal_year_ja']}は{vb}{unit}です（前年度の値はなく、"
            f"直近は{a['fiscal_year_ja']}の{va}{unit}）。",
            f"{b['fiscal_year_label']}: {vb}; no figure for the year before "
            f"(latest earlier: {a['fiscal_year_label']}, {va}).")


def _change(a: pd.Series, b: pd.Series, unit: str, digits: int) -> Takeaway:
    """Year-on-year change from ``a`` to ``b``; per-month rates when one is partial."""
    va, vb = fmt_number(a["value"]), fmt_number(b["value"])
    ja = f"{b['fiscal_year_ja']}は{vb}{unit}で、前年度（{va}{unit}）から{b['yoy']:+,.0f}{unit}"
    en = f"{b['fiscal_year_label']}: {vb} vs {va} the year before ({b['yoy']:+,.0f}"
    if pd.notna(b["yoy_pct"]):
        ja += f"（{b['yoy_pct']:+.0f}%）"
        en += f", {b['yoy_pct']:+.0f}%"
    ja += "です。"
    en += ")."
    if a["partial"] or b["partial"]:
        p = a if a["partial"] else b
        pa, pb = (fmt_number(r["per_month"], digits) for r in (a, b))
        rate = ((b["per_month"] - a["per_month"]) / a["per_month"] if a["per_month"]
                else float("nan"))
        ja += (f" ただし{p['fiscal_year_ja']}は{p['months']:g}か月分のみで、"
               f"月平均では{pa}→{pb}（{rate:+.0%}）です。")
        en += f" One year is partial; per month {pa} → {pb} ({rate:+.0%})."
    return ja, en


def cumulative_takeaway(check: pd.Series, unit: str) -> Takeaway:
    """One stated cumulative figure (a ``cumulative_check`` row) against its years."""
    if not check["years"]:
        stated = fmt_number(check["stated"])
        return (f"報告書の累計{stated}{unit}（{check['source_line']}行目）は、"
                "その期間に年度の値がないため照合できません。",
                f"The stated cumulative {stated} (line {check['source_line']}) cannot be "
                "checked: no yearly value falls in its period.")
    verdict = ("一致します" if check["matches"]
               else f"{check['difference']:+,.0f}{unit}の差があります")
    stated, summed = fmt_number(check["stated"]), fmt_number(check["sum_of_years"])
    return (f"報告書の累計{stated}{unit}（{check['source_line']}行目）は、"
            f"{check['years'] or '年度の値なし'}の合計{summed}{unit}と{verdict}。",
            f"The stated cumulative {stated} (line {check['source_line']}) "
            + ("matches" if check["matches"] else "does not match")
            + f" the sum of the yearly values, {summed}.")


def cumulative_overview(cum: pd.DataFrame) -> Takeaway:
    """How many stated cumulative figures (of every metric) could be checked, and matched."""
    checked = cum[cum["years"] != ""]
    matched = int(checked["matches"].sum())
    return (f"累計値{len(cum)}件のうち{len(checked)}件を年度の値と照合し、"
            f"{matched}件が一致しました。",
            f"{len(checked)} of {len(cum)} stated cumulative figures could be checked against "
            f"yearly values; {matched} match.")


def related_takeaway(related: pd.DataFrame) -> Takeaway:
    """The other metrics the same measure reports (``kpis.related_kpis``)."""
    if related.empty:
        return NO_RELATED
    others = sorted(related["metric"].unique())
    return (f"同じ施策の他の指標: {'、'.join(others)}",
            f"Other metrics of the same measure: {', '.join(others)}.")


def breakdown_takeaway(parts: pd.DataFrame, unit: str) -> Takeaway:
    """Every breakdown figure (``kpi_breakdown``), and whether the categories change."""
    if parts.empty:
        return NO_BREAKDOWN
    same = parts.groupby("fiscal_year")["breakdown"].agg(frozenset).nunique() == 1
    return ("内訳: " + "、".join(f"{fy_both(y)} {b} {fmt_number(v)}{unit}"
                               for y, b, v in parts[["fiscal_year", "breakdown", "value"]].values)
            + ("" if same else "（年度によって項目が異なります）"),
            f"{len(parts)} breakdown rows across {parts['fiscal_year'].nunique()} year(s)"
            + ("." if same else "; the categories differ from year to year."))


def findings_takeaway(per: pd.DataFrame) -> Takeaway:
    """Findings in total (``audit.findings_per_check``) and the checks that found none."""
    total = int(per["count"].sum())
    clean = [c for c, k in zip(per["check"], per["count"], strict=True) if not k]
    return (f"指摘は計{total}件です。"
            + (f"問題なし: {'、'.join(CHECK_JA.get(c, c) for c in clean)}。" if clean else ""),
            f"{total} findings in total"
            + (f"; no findings for {', '.join(clean)}." if clean else "."))


def ratings_takeaway(overall: pd.DataFrame) -> Takeaway:
    """Measures per mark (``rating_counts``), the share of 〇."""
    n = int(overall["count"].sum())
    c = dict(zip(overall["rating"], overall["count"], strict=True))
    ok, tri, bad = (c.get(m, 0) for m in RATING_MARKS)
    return (f"{n}施策のうち{ok}施策（{ok / max(n, 1):.0%}）が〇、△が{tri}、×が{bad}施策です。",
            f"{ok} of {n} measures ({ok / max(n, 1):.0%}) are rated 〇, {tri} △ and {bad} ×.")


def pillar_takeaway(by_pillar: pd.DataFrame) -> Takeaway:
    """The pillar with the highest share of 〇 and the one with the highest of △/×."""
    counts = rating_wide(by_pillar, "pillar_id")
    tot = counts.sum(axis=1)
    good = RATING_MARKS[0]
    best = (counts[good] / tot).idxmax()
    worst = ((tot - counts[good]) / tot).idxmax()
    best_of = f"{counts.loc[best, good]}/{tot[best]}"
    worst_of = f"{tot[worst] - counts.loc[worst, good]}/{tot[worst]}"
    return (f"〇の割合が最も高いのは基本方針{best}（{best_of}）、"
            f"△・×が最も多いのは基本方針{worst}（{worst_of}）です。",
            f"Pillar {best} has the highest share of 〇 ({best_of}); "
            f"pillar {worst} has the most △/× ({worst_of}).")


def revisions_takeaway(flagged: pd.DataFrame) -> Takeaway:
    """How many △/× measures (``ratings.flagged_revisions``) chapter 1 revises."""
    revised = len(flagged) - int(flagged["revision"].isna().sum())
    return (f"△・×の{len(flagged)}施策のうち、見直し内容の記載があるのは{revised}施策です。",
            f"{revised} of the {len(flagged)} measures rated △/× have a revision in chapter 1.")


def added_takeaway(added: pd.DataFrame, per: pd.DataFrame) -> Takeaway:
    """Added measures in total and the pillar with most (``ratings.added_per_pillar``)."""
    if not len(added):
        return "追加施策はありません。", f"{len(added)} measures were added."
    most = per.loc[per["count"].idxmax(), "pillar_id"]
    return (f"追加施策は{len(added)}件で、基本方針{most}が最多です。",
            f"{len(added)} measures were added; most in pillar {most}.")


def department_takeaway(counts: pd.DataFrame, by: str = "department") -> Takeaway:
    """The department with most measures, its share and its △/× measures."""
    wide = rating_wide(counts, by, by_total=True)
    top = wide.sum(axis=1)
    flagged = int(wide.iloc[0][list(RATING_MARKS[1:])].sum())
    share = top.iloc[0] / top.sum()
    return (f"施策が最も多いのは{top.index[0]}で{int(top.iloc[0])}施策（全体の{share:.0%}）、"
            f"うち△・×は{flagged}施策です。",
            f"{top.index[0]} owns the most measures: {int(top.iloc[0])} "
            f"({share:.0%}), {flagged} of them rated △/×.")


def division_takeaway(counts: pd.DataFrame, by: str = "unit") -> Takeaway:
    """How many divisions have △/× measures, and which has most."""
    wide = rating_wide(counts, by, by_total=True)
    bad = wide[list(RATING_MARKS[1:])].sum(axis=1)
    bad = bad[bad > 0].sort_values(ascending=False)
    return (f"{len(wide)}課のうち、△・×の施策があるのは{len(bad)}課"
            + (f"（最多: {bad.index[0]} {int(bad.iloc[0])}施策）" if len(bad) else "") + "です。",
            f"{len(bad)} of {len(wide)} divisions have measures rated △/×"
            + (f" (most: {bad.index[0]}, {int(bad.iloc[0])})." if len(bad) else "."))


def contacts_takeaway(contacts: pd.DataFrame) -> Takeaway:
    """Distinct contacts (``departments.contacts``), units printing several phones."""
    multi = multi_phone_units(contacts)
    return (f"連絡先は{len(contacts)}件です。"
            + (f"同じ部署（部・課・係）で電話番号が複数あるのは{len(multi)}か所です"
               "（点検ノートブック参照）。" if len(multi) else ""),
            f"{len(contacts)} distinct contacts"
            + (f"; {len(multi)} unit(s) print more than one phone number (see the audit)."
               if len(multi) else "."))


def schedule_takeaway(grid: pd.DataFrame, measures: pd.DataFrame) -> Takeaway:
    """Planned items per year (``schedules.plan_grid``), those of △/× measures, and the
    measures that plan nothing."""
    per_year = grid.sum()
    flag = flagged_rows(grid, measures)
    planned = int(flag.to_numpy().sum())
    none = [int(m) for m in grid.index if grid.loc[m].sum() == 0]
    return ("予定項目は" + "、".join(f"{fy_both(y)} {int(per_year[y])}件" for y in grid.columns)
            + f"。△・×の{len(flag)}施策の予定は計{planned}件"
            + (f"、予定の記載がない施策は{len(none)}件（No. {', '.join(map(str, none))}）"
               if none else "")
            + "です。",
            "Planned items per year: "
            + ", ".join(f"FY{y} {int(per_year[y])}" for y in grid.columns)
            + f"; the {len(flag)} △/× measures plan {planned} items"
            + (f"; {len(none)} measure(s) list no plan." if none else "."))
