"""Charts of counts: ratings overall and per pillar, measures per department and
division, added measures, audit findings, and the schedule grid.

Each function draws one figure and returns a :class:`~akidx.analysis.charts.Chart`
(figure, data for the CSV, file name, title). Bars are coloured by rating mark with
the one palette of :mod:`akidx.analysis.charts`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator, PercentFormatter

from akidx.analysis import charts
from akidx.analysis.audit import CHECK_JA
from akidx.analysis.labels import wrap
from akidx.analysis.ratings import rating_wide
from akidx.parse.vocab import RATING_MARKS

TITLE_CHARS = 22  # of a measure title beside the schedule grid


def _count_bars(labels: list[str], counts: pd.Series, colors, texts: list[str],
                height: float, per_bar: float, margin: float = 1.15):
    """Horizontal bars, top to bottom, each labelled at its end; integer ticks."""
    fig, ax = plt.subplots(figsize=(8, height + per_bar * len(labels)))
    ax.barh(labels, counts, color=colors)
    for y, (k, text) in enumerate(zip(counts, texts, strict=True)):
        ax.annotate(text, (k, y), xytext=(4, 0), textcoords="offset points", va="center")
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, max(counts.max(), 1) * margin)
    return fig, ax


def findings_bars(per: pd.DataFrame) -> charts.Chart:
    """Findings per audit check (``audit.findings_per_check``); clean checks grey."""
    fig, ax = _count_bars([f"{CHECK_JA.get(c, c)}\n{c}" for c in per["check"]], per["count"],
                          [charts.HIGHLIGHT if k else charts.MUTED for k in per["count"]],
                          [f"{k}" for k in per["count"]], 1.2, 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("指摘数 / findings")
    title = "点検結果 / audit findings"
    ax.set_title(title)
    return charts.Chart(fig, per, "findings_per_check", title)


def ratings_overall(overall: pd.DataFrame, legend: dict[str, str], scope: str) -> charts.Chart:
    """Measures per rating (``rating_counts``) with count and share, marks explained."""
    fig, ax = _count_bars([f"{r} {wrap(legend.get(r, ''), 14)}" for r in overall["rating"]],
                          overall["count"], [charts.RATING_COLORS[r] for r in overall["rating"]],
                          [f"{c}件（{s:.0%}）" for c, s in zip(overall["count"], overall["share"],
                                                            strict=True)], 2.8, 0, 1.25)
    ax.set_xlabel("施策数 / measures")
    title = f"達成状況 / Ratings — {scope}"
    ax.set_title(title)
    return charts.Chart(fig, overall, "ratings_overall", title)


def ratings_by_pillar(by_pillar: pd.DataFrame, legend: dict[str, str]) -> charts.Chart:
    """Share of each rating per pillar (``ratings.pillar_counts``), counts on the bars."""
    wide = rating_wide(by_pillar, "pillar_id", "share")
    counts = rating_wide(by_pillar, "pillar_id")
    names = dict(zip(by_pillar["pillar_id"], by_pillar["pillar"], strict=False))
    fig, ax = plt.subplots(figsize=(9, 1.0 + 0.9 * len(wide)))
    left = pd.Series(0.0, index=wide.index)
    ylabels = [wrap(names.get(p, p), 16) for p in wide.index]
    for mark in RATING_MARKS:
        ax.barh(ylabels, wide[mark], left=left, color=charts.RATING_COLORS[mark], label=mark)
        for y, (x0, w, k) in enumerate(zip(left, wide[mark], counts[mark], strict=True)):
            if k:
                ax.text(x0 + w / 2, y, f"{mark}{k}", ha="center", va="center", color="white")
        left += wide[mark]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("施策に占める割合 / share of measures")
    title = "基本方針ごとの達成状況 / Ratings by pillar"
    _legend_on_top(ax, title, legend)
    return charts.Chart(fig, by_pillar, "ratings_by_pillar", title)


def _legend_on_top(ax, title: str, legend: dict[str, str]) -> None:
    """The title with the rating legend between it and the bars."""
    ax.set_title(title, pad=26)
    ax.grid(axis="y", visible=False)
    charts.add_rating_legend(ax, legend, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                             ncol=3, frameon=False, fontsize=8)


def added_by_pillar(per: pd.DataFrame) -> charts.Chart:
    """Added measures per pillar (``ratings.added_per_pillar``)."""
    fig, ax = _count_bars([wrap(p, 16) for p in per["pillar"]], per["count"], charts.ACCENT,
                          [f"{k}件" for k in per["count"]], 0.9, 0.7, 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("追加施策数 / added measures")
    title = "基本方針ごとの追加施策 / Added measures by pillar"
    ax.set_title(title)
    return charts.Chart(fig, per, "added_by_pillar", title)


def _measures_per(counts: pd.DataFrame, by: str, legend: dict[str, str], title: str,
                  name: str) -> charts.Chart:
    """Measures per ``by`` stacked by rating, most measures first, totals at the ends."""
    wide = rating_wide(counts, by, by_total=True)
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.42 * len(wide)))
    left = pd.Series(0, index=wide.index)
    for mark in RATING_MARKS:
        ax.barh(wide.index, wide[mark], left=left, color=charts.RATING_COLORS[mark], label=mark)
        left += wide[mark]
    for y, total in enumerate(left):
        ax.annotate(f"{total}", (total, y), xytext=(4, 0), textcoords="offset points",
                    va="center")
    ax.invert_yaxis()
    ax.set_xlim(0, left.max() * 1.15)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("施策数 / measures")
    _legend_on_top(ax, title, legend)
    return charts.Chart(fig, counts, name, title)


def departments(counts: pd.DataFrame, legend: dict[str, str]) -> charts.Chart:
    """Measures per department (``rating_counts(measures, by="department")``)."""
    return _measures_per(counts, "department", legend, "部ごとの施策数 / measures per department",
                         "by_department")


def divisions(counts: pd.DataFrame, legend: dict[str, str]) -> charts.Chart:
    """Measures per division (``rating_counts(with_units(measures), by="unit")``)."""
    return _measures_per(counts, "unit", legend, "課ごとの施策数 / measures per division",
                         "by_division")


def schedule_grid(grid: pd.DataFrame, measures: pd.DataFrame) -> charts.Chart:
    """Planned items per measure and year (``schedules.plan_grid``) as a heatmap; the
    rows of measures rated △/× framed and their labels coloured by the mark."""
    info = measures.set_index("measure_id")
    years = list(grid.columns)
    ylabels = [f"{info.loc[m, 'rating']} {m}. {info.loc[m, 'title'][:TITLE_CHARS]}"
               + ("…" if len(info.loc[m, "title"]) > TITLE_CHARS else "") for m in grid.index]
    fig, ax = plt.subplots(figsize=(9, 1.6 + 0.34 * len(grid)))
    sns.heatmap(grid, annot=True, fmt="d", cmap="Blues", vmin=0, linewidths=0.5, cbar=False,
                yticklabels=ylabels, xticklabels=charts.fy_labels(years), ax=ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.xaxis.tick_top()
    for row, (tick, m) in enumerate(zip(ax.get_yticklabels(), grid.index, strict=True)):
        mark = info.loc[m, "rating"]
        if mark != RATING_MARKS[0]:
            tick.set_color(charts.RATING_COLORS[mark])
            ax.add_patch(plt.Rectangle((0, row), len(years), 1, fill=False,
                                       edgecolor=charts.RATING_COLORS[mark], lw=2.5))
    title = "予定項目数（△・×の施策は色枠） / planned items (△/× measures framed)"
    ax.set_title(title, fontsize=11, pad=28)
    long = grid.stack().rename("items").reset_index()
    long = long.merge(measures[["measure_id", "title", "rating"]], on="measure_id")
    return charts.Chart(fig, long, "schedule_grid", title)
