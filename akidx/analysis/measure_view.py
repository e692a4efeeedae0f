"""One measure's page: its sheet, rating, yearly results, KPIs, schedule and outlook.

Pure functions from a report's tables to the tables and sentences ``measure.ipynb``
(and ``added.ipynb`` for an added measure) shows: bilingual headers, a missing value
as ``—``, source lines as ``L123``. Nothing here knows a figure of one edition: the
years are the ones the report gives, the rating's meaning is the report's legend.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from akidx.analysis.labels import approx_number, fy_both, line_ref
from akidx.parse.vocab import METRIC_LABELS, RATING_MARKS

DASH = "—"
Takeaway = tuple[str, str]
STATUS_EN = {"on_track": "on track", "minor_revision": "on track overall, minor revision needed",
             "revision": "revision needed"}
NO_YEARS: Takeaway = ("この施策に年度ごとの実績の記載はありません。",
                      "The report gives no yearly results for this measure.")
NO_KPIS: Takeaway = ("この施策の実績に数値の指標（KPI）はありません。",
                     "The report gives no KPI figure for this measure.")
NO_SCHEDULE: Takeaway = ("この施策に今後の予定の記載はありません。",
                         "The report gives no schedule for this measure.")
NO_REVISION: Takeaway = ("見直しの内容は記載されていません。",
                         "The report gives no revision text for this measure.")


def text(value: Any) -> str:
    """A cell for people: the value as text, ``—`` when missing or empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return DASH
    shown = str(value).strip()
    return shown or DASH


def bullets(value: Any) -> str:
    """'・A ・B' -> '・A\n・B': each of the report's ・ items on a line of its own."""
    return re.sub(r"\s+・", "\n・", text(value))


def measure_row(measures: pd.DataFrame, measure_id: int) -> pd.Series:
    """The measure's row of the ``measures`` table."""
    return measures[measures["measure_id"] == measure_id].iloc[0]


def responsible(row: pd.Series) -> str:
    """'総務部 デジタル戦略担当 市民係': 部・課・係, those given."""
    parts = [text(row.get(k)) for k in ("department", "division", "section")]
    return " ".join(p for p in parts if p != DASH) or DASH


def facts_table(row: pd.Series, pillars: dict[int, str]) -> pd.DataFrame:
    """The measure sheet's facts as 項目 / item, 内容 / content rows."""
    pillar = row.get("pillar_id")
    facts = [
        ("施策 / measure", f"{int(row['measure_id'])}. {text(row['title'])}"),
        ("基本方針 / pillar", text(pillars.get(int(pillar)) if pd.notna(pillar) else None)),
        ("担当 / responsible (部・課・係)", responsible(row)),
        ("電話（内線） / phone (extension)", text(row.get("phone"))),
        ("事業期間 / project period", _period(row)),
        ("関連法令 / related law", text(row.get("related_law"))),
        ("目的 / purpose", text(row.get("purpose"))),
        ("目標 / goal", bullets(row.get("goal"))),
        ("施策シート / measure sheet", line_ref(row.get("heading_line")) or DASH),
    ]
    return pd.DataFrame(facts, columns=["項目 / item", "内容 / content"])


def _period(row: pd.Series) -> str:
    start, end = row.get("period_start"), row.get("period_end")
    if pd.isna(start) or pd.isna(end):
        return text(row.get("period_ja"))
    ja = text(row.get("period_ja"))
    return f"{ja}（FY{int(start)}–FY{int(end)}）" if ja != DASH else f"FY{int(start)}–FY{int(end)}"


def rating_takeaway(row: pd.Series, legend: dict[str, str]) -> Takeaway:
    """The rating with the meaning the report's own legend gives it, and its line."""
    mark = text(row.get("rating"))
    meaning = legend.get(mark) or text(row.get("rating_label"))
    status = STATUS_EN.get(str(row.get("status")), text(row.get("status")))
    line = line_ref(row.get("rating_line"))
    where_ja, where_en = (f"（{line}）", f" ({line})") if line else ("", "")
    return (f"達成状況は {mark}：{meaning}{where_ja}。",
            f"Rating {mark}: {status}; the report's legend: 「{meaning}」{where_en}.")


def is_flagged(row: pd.Series) -> bool:
    """Rated other than 〇: the report gives revision items (△/×)."""
    return pd.notna(row.get("rating")) and row.get("rating") != RATING_MARKS[0]


def revisions_table(revisions: pd.DataFrame, measure_id: int) -> pd.DataFrame:
    """The chapter-1 revision items of one measure, in order."""
    rows = revisions[revisions["measure_id"] == measure_id].sort_values("item_no")
    return pd.DataFrame({
        "番号 / No.": [text(n) for n in rows["item_no"]],
        "見直しの内容 / revision": [text(t) for t in rows["text"]],
        "行 / line": [line_ref(n) or DASH for n in rows["source_line"]],
    })


def yearly_table(yearly: pd.DataFrame, measure_id: int) -> pd.DataFrame:
    """Each reported fiscal year: that year's goal beside its result."""
    rows = yearly[yearly["measure_id"] == measure_id].sort_values("fiscal_year")
    return pd.DataFrame({
        "年度 / fiscal year": [fy_both(y) for y in rows["fiscal_year"]],
        "目標 / goal": [bullets(g) for g in rows["goal"]],
        "実績 / result": [bullets(r) for r in rows["result"]],
        "行 / line": [line_ref(n) or DASH for n in rows["source_line"]],
    })


def metric_label(metric: str) -> str:
    """'AIチャットボット問い合わせ件数 / AI chatbot inquiries' (the id for a user's metric)."""
    ja, en = METRIC_LABELS.get(metric, (metric, metric))
    return ja if ja == en else f"{ja} / {en}"


def measure_kpis(kpis: pd.DataFrame, measure_id: int) -> pd.DataFrame:
    """The KPI rows of one measure (every metric it reports)."""
    return kpis[kpis["measure_id"] == measure_id]


def kpis_table(kpis: pd.DataFrame) -> pd.DataFrame:
    """:func:`measure_kpis` rows: metric, part (only when some row is one: a column of
    dashes is noise on a phone), year (or period), value with unit, line."""
    rows = kpis.sort_values(["metric", "fiscal_year", "source_line"], na_position="last")
    table = pd.DataFrame({
        "指標 / metric": [metric_label(m) for m in rows["metric"]],
        "内訳 / part": [text(b) for b in rows["breakdown"]],
        "年度 / fiscal year": [fy_both(y) if pd.notna(y) else
                              f"累計 / cumulative（{text(s)} – {text(e)}）"
                              for y, s, e in zip(rows["fiscal_year"], rows["period_start"],
                                                 rows["period_end"], strict=True)],
        "値 / value": [approx_number(v, a) + (u if isinstance(u, str) else "")
                       for v, a, u in zip(rows["value"], rows["approx"], rows["unit"],
                                          strict=True)],
        "行 / line": [line_ref(n) or DASH for n in rows["source_line"]],
    })
    return table if (table["内訳 / part"] != DASH).any() else table.drop(columns="内訳 / part")


def chart_metrics(kpis: pd.DataFrame) -> list[str]:
    """The metrics of :func:`measure_kpis` with figures for two or more fiscal years."""
    dated = kpis[kpis["fiscal_year"].notna()]
    years = dated.groupby("metric")["fiscal_year"].nunique()
    return sorted(str(m) for m in years[years >= 2].index)


def schedule_table(schedule: pd.DataFrame, measure_id: int) -> pd.DataFrame:
    """One row per fiscal year the edition's schedule prints, the measure's items as '・'
    lines (``—`` for a year it plans nothing in)."""
    years = sorted(int(y) for y in schedule["fiscal_year"].dropna().unique())
    rows = schedule[schedule["measure_id"] == measure_id].sort_values(["fiscal_year",
                                                                       "item_no"])
    out = []
    for year in years:
        items = rows[rows["fiscal_year"] == year]
        out.append((fy_both(year), "\n".join(f"・{text(p)}" for p in items["plan"]) or DASH,
                    ", ".join(line_ref(n) for n in items["source_line"]) or DASH))
    undated = rows[rows["fiscal_year"].isna()]
    if len(undated):
        out.append(("年度なし / no year", "\n".join(f"・{text(p)}" for p in undated["plan"]),
                    ", ".join(line_ref(n) for n in undated["source_line"])))
    return pd.DataFrame(out, columns=["年度 / fiscal year", "予定 / plan", "行 / line"])


def has_plans(table: pd.DataFrame) -> bool:
    """Whether a :func:`schedule_table` plans anything at all."""
    return bool((table["予定 / plan"] != DASH).any())


def outlook_table(row: pd.Series) -> pd.DataFrame:
    """The sheet's 達成状況・今後の課題 text and its line."""
    return pd.DataFrame({"達成状況・今後の課題 / progress and outlook": [text(row.get("outlook"))],
                         "行 / line": [line_ref(row.get("outlook_line")) or DASH]})


def added_facts(row: pd.Series, pillars: dict[int, str]) -> pd.DataFrame:
    """An added measure (追加施策) as 項目 / item, 内容 / content rows; targets one a line."""
    pillar = row.get("pillar_id")
    targets = text(row.get("targets"))
    facts = [
        ("追加施策 / added measure", f"追加{int(row['added_id'])}. {text(row['title'])}"),
        ("基本方針 / pillar", text(pillars.get(int(pillar)) if pd.notna(pillar) else None)),
        ("主な担当課 / divisions", text(row.get("departments"))),
        ("現状・課題 / situation and issues", text(row.get("situation"))),
        ("実施内容 / actions", text(row.get("actions"))),
        ("期待される効果 / expected effects", text(row.get("effects"))),
        ("達成目標 / targets", "\n".join(f"・{t}" for t in targets.split("；"))
         if targets != DASH else DASH),
        ("記載 / in the report", line_ref(row.get("source_line")) or DASH),
    ]
    return pd.DataFrame(facts, columns=["項目 / item", "内容 / content"])


def pillar_names(pillars: pd.DataFrame) -> dict[int, str]:
    """``{1: '1. 市民が…'}``: each pillar's number and title."""
    return {int(r.pillar_id): f"{int(r.pillar_id)}. {r.title}" for r in pillars.itertuples()
            if pd.notna(r.pillar_id)}
