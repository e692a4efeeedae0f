"""The KPI trend's charts: values by fiscal year, cumulative checks, breakdowns.

Each function draws one figure from tables of :mod:`akidx.analysis.kpis` and returns
a :class:`~akidx.analysis.charts.Chart` (figure, data for the CSV, file name, title).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from akidx.analysis import charts
from akidx.analysis.kpis import per_month_digits, unit_of
from akidx.analysis.labels import approx_number, fmt_number

PARTIAL_NOTE = ["灰色の棒は年度の一部のみの実績（対象月数を表示）",
                "Grey bars cover only part of the fiscal year (months shown)"]
HATCH_NOTE = ["斜線の棒は他の年度と項目が異なる内訳の合計（比較不可、前年度比なし）",
              "Hatched bars sum other breakdown categories than the other years "
              "(not comparable, no year-on-year change)"]
YEAR_PALETTE = [charts.ACCENT, "#56B4E9", charts.HIGHLIGHT, "#F0E442"]
PART_PALETTE = [charts.ACCENT, charts.RATING_COLORS["△"], charts.HIGHLIGHT, "#56B4E9"]


def kpi_by_year(series: pd.DataFrame, metric: str, ja: str, en: str) -> charts.Chart:
    """Yearly totals beside per-month rates: partial years grey with their months,
    years that count other breakdown categories hatched, notes saying so below."""
    unit, digits = unit_of(series), per_month_digits(series)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    x = charts.fy_labels(series["fiscal_year"])
    colors = [charts.MUTED if p else charts.ACCENT for p in series["partial"]]
    for ax, col in ((ax1, "value"), (ax2, "per_month")):
        bars = ax.bar(x, series[col], color=colors)
        for bar, comparable in zip(bars, series["comparable"], strict=True):
            if not comparable:  # a sum of other breakdown categories than the other years'
                bar.set_hatch("///")
                bar.set_edgecolor("white")
    for i, r in enumerate(series.itertuples()):
        note = f"\n({r.months:g}か月)" if r.partial else ""
        _label(ax1, i, r.value, approx_number(r.value, r.approx) + note)
        _label(ax2, i, r.per_month, fmt_number(r.per_month, digits))
    for ax, t, d in ((ax1, f"年度合計 / yearly total（{unit}）", 0),
                     (ax2, f"月平均 / per month（{unit}/月）", digits)):
        ax.set_title(t, fontsize=11)
        ax.set_ylim(0, max(ax.get_ylim()[1], 1 if d == 0 else 0.1) * 1.18)
        if d == 0:  # whole numbers only: no repeated "0, 0, 1, 1" ticks for small counts
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(StrMethodFormatter(f"{{x:,.{d}f}}"))
        ax.tick_params(axis="x", labelsize=9)
    title = f"{ja} / {en}"
    fig.suptitle(title)
    notes = (PARTIAL_NOTE if series["partial"].any() else []) + (
        HATCH_NOTE if not series["comparable"].all() else [])
    if notes:
        fig.text(0.01, -0.01, "\n".join(notes), ha="left", va="top", fontsize=9)
    return charts.Chart(fig, series, f"{metric}_by_year", title)


def _label(ax, x: float, y: float, text: str) -> None:
    """A value label just above a bar."""
    ax.annotate(text, (x, y), xytext=(0, 3), textcoords="offset points", ha="center",
                va="bottom", fontsize=9)


def cumulative(series: pd.DataFrame, check: pd.Series, metric: str) -> charts.Chart:
    """One stated cumulative figure (a row of ``cumulative_check``) against the yearly
    values it covers, stacked by year; the data carries the verdict."""
    fig, ax = plt.subplots(figsize=(7, 3.2))
    parts = series[series["fiscal_year_ja"].isin(check["years"].split("、"))]
    left = 0.0
    for k, (_, r) in enumerate(parts.iterrows()):
        ax.barh("年度の値の合計\nsum of years", r["value"], left=left,
                color=YEAR_PALETTE[k % len(YEAR_PALETTE)], label=r["fiscal_year_label"])
        left += r["value"]
    ax.barh("報告書の累計\nstated cumulative", check["stated"], color=charts.MUTED)
    ax.annotate(fmt_number(left), (left, 0), xytext=(4, 0), textcoords="offset points",
                va="center")
    ax.annotate(approx_number(check["stated"], check["approx"]), (check["stated"], 1),
                xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_xlim(0, max(left, check["stated"]) * 1.2)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    title = f"累計の照合 / cumulative check（L{check['source_line']}）"
    ax.set_title(title, fontsize=11)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4, fontsize=8,
              frameon=False)
    data = pd.DataFrame({
        "bar": ["sum_of_years"] * len(parts) + ["stated"],
        "fiscal_year": pd.array([*parts["fiscal_year"], pd.NA], dtype="Int64"),
        "value": [*parts["value"], check["stated"]],
        "source_line": [*parts["source_line"], check["source_line"]],
    }).assign(matches=check["matches"], difference=check["difference"])
    return charts.Chart(fig, data, f"{metric}_cumulative_L{check['source_line']}", title)


def breakdown(parts: pd.DataFrame, metric: str, ja: str, en: str) -> charts.Chart:
    """Breakdown rows (``kpi_breakdown``) stacked per fiscal year, each part labelled,
    the year's total on top."""
    wide = parts.pivot_table(index="fiscal_year", columns="breakdown", values="value",
                             aggfunc="sum").fillna(0)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    bottom = pd.Series(0.0, index=wide.index)
    for k, col in enumerate(wide.columns):
        ax.bar(charts.fy_labels(wide.index), wide[col], bottom=bottom,
               color=PART_PALETTE[k % len(PART_PALETTE)], label=col)
        for i, (b0, v) in enumerate(zip(bottom, wide[col], strict=True)):
            if v:
                ax.text(i, b0 + v / 2, f"{col} {fmt_number(v)}", ha="center", va="center",
                        color="white")
        bottom += wide[col]
    for i, v in enumerate(bottom):
        ax.annotate(f"計 {fmt_number(v)}", (i, v), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom")
    ax.set_ylim(0, max(bottom.max(), 1) * 1.2)
    title = f"{ja}の内訳 / breakdown of {en}"
    ax.set_title(title, fontsize=11)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=9)
    return charts.Chart(fig, parts, f"{metric}_breakdown", title)
