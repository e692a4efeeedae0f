"""What compare.ipynb shows of a :class:`~akidx.tables.compare.Comparison`: charts, tables,
takeaways (Japanese and English). Pure except the figures it returns.
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from akidx.analysis import charts
from akidx.analysis.kpis import is_total
from akidx.analysis.labels import fmt_number, fy_both, line_ref
from akidx.config import resolve_path
from akidx.parse.vocab import METRIC_LABELS, RATING_MARKS

ADDED, REMOVED = "新規 / added", "廃止 / removed"
CHANGED = ("revised", "new_year", "added", "dropped")
STATUS_JA = {"revised": "修正", "new_year": "新年度", "added": "追加", "dropped": "削除",
             "same": "同じ"}
_GOOD, _BAD = charts.RATING_COLORS["〇"], charts.RATING_COLORS["×"]


TRANSITIONS_TITLE = "達成状況の変化（施策数） / rating changes (measures)"
KPI_TITLE = "KPIの値：旧版と新版 / KPI values, old and new edition"

def transitions(measures: pd.DataFrame) -> pd.DataFrame:
    """Measures per (old rating, new rating): rows old marks + added, columns new + removed."""
    rows, cols = [*RATING_MARKS, ADDED], [*RATING_MARKS, REMOVED]
    old = measures["rating_old"].astype("object").where(measures["rating_old"].notna(), ADDED)
    new = measures["rating_new"].astype("object").where(measures["rating_new"].notna(), REMOVED)
    table = pd.crosstab(old, new).reindex(index=rows, columns=cols, fill_value=0)
    table.index.name, table.columns.name = "old", "new"
    return table


def _cell_colour(i: int, j: int, count: int) -> str:
    if not count:
        return "#FFFFFF"
    if i == len(RATING_MARKS) or j == len(RATING_MARKS):
        return charts.ACCENT  # added or removed
    return "#DDDDDD" if i == j else (_GOOD if j < i else _BAD)


def transition_chart(table: pd.DataFrame, old_name: str, new_name: str) -> charts.Chart:
    """The rating of every measure, old → new (``transitions``): counts on a grid; green
    improved, red worsened, grey unchanged, blue added or removed."""
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            count = int(table.iat[i, j])
            colour = _cell_colour(i, j, count)
            ax.add_patch(plt.Rectangle((j, i), 1, 1, facecolor=colour, edgecolor="#BBBBBB"))
            if count:
                light = colour in ("#DDDDDD", "#FFFFFF")
                ax.text(j + 0.5, i + 0.5, str(count), ha="center", va="center", fontsize=14,
                        color="#222222" if light else "white")
    ax.set_xlim(0, table.shape[1])
    ax.set_ylim(table.shape[0], 0)
    ax.set_xticks([j + 0.5 for j in range(table.shape[1])], list(table.columns))
    ax.set_yticks([i + 0.5 for i in range(table.shape[0])], list(table.index))
    ax.xaxis.tick_top()
    ax.grid(False)
    ax.set_xlabel(f"新版 / new: {new_name}")
    ax.xaxis.set_label_position("top")
    ax.set_ylabel(f"旧版 / old: {old_name}")
    ax.set_title(TRANSITIONS_TITLE, pad=12)
    return charts.Chart(fig, table.reset_index(), "rating_transitions", TRANSITIONS_TITLE)


def rating_sentences(measures: pd.DataFrame) -> tuple[str, str]:
    """How many measures improved, worsened, stayed, were added or removed."""
    n = measures["change"].value_counts()
    get = {k: int(n.get(k, 0)) for k in ("improved", "worsened", "same", "added", "removed",
                                         "changed")}
    ja = (f"達成状況が改善した施策は{get['improved']}件、悪化は{get['worsened']}件、"
          f"変わらないものは{get['same']}件です。新規{get['added']}件、廃止{get['removed']}件。")
    en = (f"Ratings: {get['improved']} improved, {get['worsened']} worsened, {get['same']} "
          f"unchanged; measures added: {get['added']}, removed: {get['removed']}.")
    return ja, en


CHANGE_WORDS = {"improved": "改善 / improved", "worsened": "悪化 / worsened",
                "changed": "変更 / changed", "same": "同じ / same", "added": ADDED,
                "removed": REMOVED}
MATCH_WORDS = {"id_and_title": "番号と名称 / number and title", "title": "名称 / title",
               "id_similar_title": "番号と似た名称 / number, similar title",
               "similar_title": "似た名称 / similar title"}
NO_MOVES = ("達成状況・番号・名称の変わった施策はありません。",
            "No measure changed its rating, number or title.")


def measure_changes(measures: pd.DataFrame) -> pd.DataFrame:
    """Measures whose rating changed or that were matched other than by number and title,
    for people: both numbers, titles and marks, how they were matched, both lines."""
    rows = measures[(measures["change"] != "same")
                    | ~measures["matched_by"].isin(["id_and_title"])]
    return pd.DataFrame({
        "旧番号 / old No.": rows["measure_id_old"].astype("Int64"),
        "新番号 / new No.": rows["measure_id_new"].astype("Int64"),
        "施策 / measure": [n if isinstance(n, str) and n else o
                          for o, n in zip(rows["title_old"], rows["title_new"], strict=True)],
        "旧 / old": rows["rating_old"], "新 / new": rows["rating_new"],
        "変化 / change": [CHANGE_WORDS.get(c, c) for c in rows["change"]],
        "照合 / matched by": [MATCH_WORDS.get(m, m) if isinstance(m, str) else ""
                             for m in rows["matched_by"]],
        "旧版の行 / old line": [line_ref(n, old=True) for n in rows["source_line_old"]],
        "新版の行 / new line": rows["source_line_new"].map(line_ref),
    }).reset_index(drop=True)


def editions_sentence(old_name: str, new_name: str) -> tuple[str, str]:
    """Which two editions the page compares (was a printed line)."""
    return (f"旧版「{old_name}」と新版「{new_name}」を比べます。",
            f"Comparing the earlier edition {old_name} with the newer {new_name}.")


def _label(metric: str) -> str:
    ja, en = METRIC_LABELS.get(metric, (metric, metric))
    return f"{ja}\n{en}"


def kpi_chart(kpis: pd.DataFrame, limit: int = 6) -> charts.Chart | None:
    """Both editions' yearly totals of the metrics that changed, one panel each (up to
    ``limit``); None when no yearly total changed."""
    yearly = kpis[kpis["fiscal_year"].notna() & is_total(kpis["breakdown"])]
    changed = sorted(yearly.loc[yearly["status"].isin(CHANGED), "metric"].unique())[:limit]
    data = yearly[yearly["metric"].isin(changed)]
    if not changed:
        return None
    fig, axes = plt.subplots(1, len(changed), figsize=(3.6 * len(changed) + 0.6, 3.6),
                             squeeze=False)
    for ax, metric in zip(axes[0], changed, strict=True):
        d = data[data["metric"] == metric].sort_values("fiscal_year")
        x = range(len(d))
        ax.bar([i - 0.2 for i in x], d["value_old"].astype(float).fillna(0), 0.4,
               color=charts.MUTED, label="旧版 / old")
        ax.bar([i + 0.2 for i in x], d["value_new"].astype(float).fillna(0), 0.4,
               color=charts.ACCENT, label="新版 / new")
        for i, s in zip(x, d["status"], strict=True):
            if s in CHANGED:
                ax.annotate(f"{STATUS_JA[s]}\n{s}", (i, 0), xytext=(0, -28),
                            textcoords="offset points", ha="center", va="top",
                            color=charts.HIGHLIGHT, fontsize=8)
        ax.set_xticks(list(x), charts.fy_labels(d["fiscal_year"]), fontsize=8)
        ax.set_title(_label(metric), fontsize=10)
    axes[0][0].legend(fontsize=8)
    fig.suptitle(KPI_TITLE)
    return charts.Chart(fig, data, "kpi_values", KPI_TITLE)


def kpi_changes(kpis: pd.DataFrame, only_changed: bool = False) -> pd.DataFrame:
    """KPI rows for people: metric, year, both values, status, both source lines."""
    rows = kpis[kpis["status"].isin(CHANGED)] if only_changed else kpis
    return pd.DataFrame({
        "指標 / metric": [_label(m).replace("\n", " / ") for m in rows["metric"]],
        "内訳 / breakdown": rows["breakdown"].fillna(""),
        "年度 / year": rows["fiscal_year"].map(fy_both),
        "旧版 / old": _with_unit(rows["value_old"], rows["unit"]),
        "新版 / new": _with_unit(rows["value_new"], rows["unit"]),
        "状態 / status": [f"{STATUS_JA.get(s, s)} / {s}" for s in rows["status"]],
        "旧版の行 / old line": [line_ref(n, old=True) for n in rows["source_line_old"]],
        "新版の行 / new line": rows["source_line_new"].map(line_ref),
    }).reset_index(drop=True)


def _with_unit(values: pd.Series, units: pd.Series) -> list[str]:
    return [f"{fmt_number(v)}{'' if pd.isna(u) or pd.isna(v) else u}"
            for v, u in zip(values, units, strict=True)]


def revised_table(kpis: pd.DataFrame) -> pd.DataFrame:
    """The revised figures with both source lines and both sentences."""
    rows = kpis[kpis["status"] == "revised"]
    return pd.DataFrame({
        "指標 / metric": [_label(m).replace("\n", " / ") for m in rows["metric"]],
        "年度 / year": rows["fiscal_year"].map(fy_both),
        "旧版 / old": [f"{fmt_number(v)}{u} ({line_ref(ln, old=True)}) 「{q}」" for v, u, ln, q in
                     zip(rows["value_old"], rows["unit"], rows["source_line_old"],
                         rows["quote_old"], strict=True)],
        "新版 / new": [f"{fmt_number(v)}{u} ({line_ref(ln)}) 「{q}」" for v, u, ln, q in
                     zip(rows["value_new"], rows["unit"], rows["source_line_new"],
                         rows["quote_new"], strict=True)],
    }).reset_index(drop=True)


def kpi_sentences(kpis: pd.DataFrame) -> tuple[str, str]:
    """Revised, new-year, added and dropped KPI figures, counted."""
    n = {k: int((kpis["status"] == k).sum()) for k in (*CHANGED, "same")}
    ja = (f"KPIの値は修正{n['revised']}件、新しい年度{n['new_year']}件、追加{n['added']}件、"
          f"削除{n['dropped']}件、同じ値{n['same']}件です。")
    en = (f"KPI figures: {n['revised']} revised (same period, another value), "
          f"{n['new_year']} for a new year, {n['added']} added, {n['dropped']} dropped, "
          f"{n['same']} unchanged.")
    return ja, en


def schedule_table(schedule: pd.DataFrame) -> pd.DataFrame:
    """Plan items added or dropped, per measure and year."""
    rows = schedule[schedule["status"] != "same"]
    measure = rows["measure_id_new"].fillna(rows["measure_id_old"])
    return pd.DataFrame({
        "施策 / measure": measure.astype("Int64"),
        "年度 / year": rows["fiscal_year"].map(_year),
        "予定 / plan": rows["plan"],
        "状態 / status": [f"{STATUS_JA.get(s, s)} / {s}" for s in rows["status"]],
        "行 / line": [line_ref(n) if pd.notna(n) else line_ref(o, old=True) for o, n in
                     zip(rows["source_line_old"], rows["source_line_new"], strict=True)],
    }).reset_index(drop=True)


def _year(year: Any) -> str:
    return "" if pd.isna(year) else fy_both(year)


def start_compare(report_path: Any, baseline_path: Any, out_dir: Any) -> tuple[Any, Any]:
    """compare.ipynb's first step: both editions read (the same metric rules for both),
    compared; returns the :class:`Comparison` and ``out_dir`` resolved."""
    from akidx.analysis import notebook as nb
    from akidx.tables.compare import compare
    from akidx.tables.read import load_report

    report, out, _legend = nb.start(report_path, out_dir)
    metrics = nb.injected("metrics_path")
    base = resolve_path(baseline_path)
    baseline = load_report(base, resolve_path(metrics) if metrics else None)
    return compare(baseline, report), out


def edition_names(comparison: Any) -> tuple[str, str]:
    """The two editions by file name (their titles are often the same)."""
    from pathlib import Path

    return tuple(Path(r.source).name if r.source else r.title  # type: ignore[return-value]
                 for r in (comparison.old, comparison.new))
