"""The table contract: column names, types and bilingual descriptions.

Notebooks and users rely on these names. The same definitions drive the
``datapackage.json`` data dictionary (Frictionless Table Schema) and the
dtype coercion of every DataFrame, so the CSV, the Parquet and the in-memory
tables never disagree.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd


class Field(NamedTuple):
    name: str
    type: str  # Frictionless type: integer, number, string, boolean, date
    en: str
    ja: str


F = Field
SOURCE = F("source_line", "integer", "1-based line number in the source text file",
           "原文テキストの行番号")

TABLES: dict[str, list[Field]] = {
    "pillars": [
        F("pillar_id", "integer", "Basic policy (pillar) number", "基本方針の番号"),
        F("title", "string", "Basic policy title", "基本方針の名称"),
        SOURCE,
    ],
    "measures": [
        F("measure_id", "integer", "Measure number", "施策番号"),
        F("title", "string", "Measure title as listed in chapter 1", "施策名（第1章の一覧）"),
        F("sheet_heading", "string", "Title heading the measure sheet", "中間報告書の見出し"),
        F("sheet_title", "string", "Project name in the sheet's basic data", "基本データの事業名"),
        F("pillar_id", "integer", "Basic policy the measure belongs to", "基本方針の番号"),
        F("rating", "string", "Achievement rating: 〇, △ or ×", "達成状況（〇・△・×）"),
        F("rating_label", "string", "Meaning of the rating, from the report's legend",
          "達成状況の意味（凡例）"),
        F("status", "string",
          "The rating in ASCII, from its legend wording: on_track (予定どおり, 〇), "
          "minor_revision (軽微な見直し, △) or revision (見直し, ×)",
          "達成状況の英字表記（on_track＝予定どおり・minor_revision＝軽微な見直し・"
          "revision＝見直し）"),
        F("department", "string", "Department (部)", "担当部"),
        F("division", "string", "Division (課)", "担当課"),
        F("section", "string", "Section (係), empty when none", "担当係"),
        F("phone", "string", "Extension or phone number as printed", "電話（内線）"),
        F("period_start", "integer", "First fiscal year of the project (Western)",
          "事業期間の開始年度（西暦）"),
        F("period_end", "integer", "Last fiscal year of the project (Western)",
          "事業期間の終了年度（西暦）"),
        F("period_ja", "string", "Project period as printed (和暦)", "事業期間（和暦の表記）"),
        F("related_law", "string", "Related laws, ordinances, plans", "関連法令・条例・計画等"),
        F("purpose", "string", "Purpose and content", "目的・実施内容"),
        F("goal", "string", "Overall goal", "目標"),
        F("outlook", "string", "Achievement and future issues", "達成状況・今後の課題"),
        F("heading_line", "integer", "Source line of the sheet heading", "見出しの行番号"),
        F("rating_line", "integer", "Source line of the rating in chapter 1", "達成状況の行番号"),
        F("phone_line", "integer", "Source line of the phone number", "電話の行番号"),
        F("outlook_line", "integer", "Source line of the 達成状況・今後の課題 heading",
          "達成状況・今後の課題の行番号"),
    ],
    "yearly": [
        F("measure_id", "integer", "Measure number", "施策番号"),
        F("fiscal_year", "integer", "Fiscal year (Western starting year, April-March)",
          "年度（西暦の開始年）"),
        F("fiscal_year_ja", "string", "Fiscal year as printed (和暦)", "年度（和暦）"),
        F("result", "string", "What was achieved that year; list items start with ' ・'",
          "事業達成状況"),
        F("goal", "string", "That year's goal", "目標"),
        SOURCE,
    ],
    "schedule": [
        F("measure_id", "integer", "Measure number", "施策番号"),
        F("fiscal_year", "integer",
          "Planned fiscal year (Western); empty when the text does not let the item be "
          "placed in a year (a warning says so)", "予定年度（西暦）"),
        F("fiscal_year_ja", "string", "Planned fiscal year (和暦)", "予定年度（和暦）"),
        F("item_no", "integer", "Item number within the year's cell (1-based)", "項目番号"),
        F("plan", "string", "Planned work", "予定"),
        SOURCE,
    ],
    "revisions": [
        F("measure_id", "integer", "Measure number", "施策番号"),
        F("rating", "string", "Rating that triggered the revision", "達成状況"),
        F("item_no", "integer", "Revision item number (1-based)", "見直し項目番号"),
        F("text", "string", "Revision text", "見直しの内容"),
        SOURCE,
    ],
    "added_measures": [
        F("added_id", "integer", "Added measure number (追加N)", "追加施策番号"),
        F("title", "string", "Added measure title", "追加施策名"),
        F("pillar_id", "integer", "Basic policy", "基本方針の番号"),
        F("departments", "string", "Main divisions in charge, joined with 、", "主な担当課"),
        F("situation", "string", "Current situation and issues", "現状・課題"),
        F("actions", "string", "What will be done", "実施内容"),
        F("effects", "string", "Expected effects", "期待される効果"),
        F("targets", "string", "Achievement targets, joined with ；", "達成目標"),
        SOURCE,
    ],
    "kpis": [
        F("metric", "string", "Metric identifier (see README)", "指標ID"),
        F("breakdown", "string", "Part of the metric, empty for a total", "内訳（空欄は合計）"),
        F("measure_id", "integer", "Measure the figure belongs to", "施策番号"),
        F("fiscal_year", "integer", "Fiscal year, empty for a cumulative figure",
          "年度（累計は空欄）"),
        F("fiscal_year_ja", "string", "Fiscal year (和暦)", "年度（和暦）"),
        F("period_start", "date", "First day covered (ISO 8601)", "対象期間の開始日"),
        F("period_end", "date", "Last day covered (ISO 8601)", "対象期間の終了日"),
        F("period_basis", "string",
          "Where the period comes from: fiscal_year (the row's year), service_start (the "
          "year from the day the service began), stated (dates in the sentence), "
          "measure_period (end stated, start = the measure's first year), reported_years "
          "(a total with no dates: the years the report covers)", "対象期間の根拠"),
        F("value", "number", "Value, without commas or units", "値"),
        F("unit", "string", "Unit as printed (件, 名, 台...)", "単位"),
        F("approx", "boolean", "True for approximate figures (約, おおよそ, 程度)", "概数"),
        SOURCE,
        F("quote", "string", "The sentence the figure comes from", "引用（原文）"),
    ],
    "figures": [
        F("value", "number", "Value, without commas", "値"),
        F("unit", "string", "Unit as printed", "単位"),
        F("measure_id", "integer", "Measure the figure sits in, empty outside measure sheets",
          "施策番号"),
        F("fiscal_year", "integer", "Fiscal year stated or implied, else empty", "年度"),
        F("approx", "boolean", "Approximate figure", "概数"),
        SOURCE,
        F("quote", "string", "Text around the figure", "引用（原文）"),
        F("metric", "string", "Metric a rule classified the figure as (then it is a kpis "
          "row, unless the same figure is already one), empty if unclassified",
          "指標ID（KPIに分類されなかった数値は空欄）"),
    ],
}

_DTYPES = {
    "integer": "Int64",
    "number": "Float64",
    "string": "string",
    "boolean": "boolean",
    "date": "string",
}


def frame(table: str, records: list[dict]) -> pd.DataFrame:
    """Build a DataFrame with exactly the contract's columns, in order, typed."""
    return frame_of(TABLES[table], records)


def frame_of(fields: list[Field], records: list[dict]) -> pd.DataFrame:
    """A DataFrame with exactly ``fields`` as columns, typed (missing keys: NA)."""
    return pd.DataFrame({
        f.name: pd.array([_na(r.get(f.name)) for r in records], dtype=_DTYPES[f.type])
        for f in fields
    })


def _na(value: object) -> object:
    return None if value is not None and not isinstance(value, str) and pd.isna(value) \
        else value

# The tables of ``akidx compare`` (akidx.tables.compare): two editions side by side.
COMPARE_TABLES: dict[str, list[Field]] = {
    "measures": [
        F("measure_id_old", "integer", "Measure number in the old edition, empty if added",
          "旧版の施策番号（追加は空欄）"),
        F("measure_id_new", "integer", "Measure number in the new edition, empty if removed",
          "新版の施策番号（廃止は空欄）"),
        F("title_old", "string", "Measure title in the old edition", "旧版の施策名"),
        F("title_new", "string", "Measure title in the new edition", "新版の施策名"),
        F("matched_by", "string",
          "How the two were paired: id_and_title, title (renumbered), id_similar_title "
          "(reworded), similar_title (renumbered and reworded); empty if added or removed",
          "対応づけの方法（番号と名称、名称、番号と類似名称、類似名称）"),
        F("similarity", "number", "Similarity of the two titles, 0-1 (difflib ratio)",
          "施策名の類似度（0〜1）"),
        F("rating_old", "string", "Rating in the old edition", "旧版の達成状況"),
        F("rating_new", "string", "Rating in the new edition", "新版の達成状況"),
        F("change", "string", "improved, worsened, same, changed (unranked marks), added, "
          "removed", "変化（改善・悪化・同じ・変更・追加・廃止）"),
        F("department_old", "string", "Department in the old edition", "旧版の担当部"),
        F("department_new", "string", "Department in the new edition", "新版の担当部"),
        F("source_line_old", "integer", "Line of the rating row in the old text",
          "旧版の達成状況の行番号"),
        F("source_line_new", "integer", "Line of the rating row in the new text",
          "新版の達成状況の行番号"),
    ],
    "kpis": [
        F("metric", "string", "Metric identifier", "指標ID"),
        F("breakdown", "string", "Part of the metric, empty for a total", "内訳（空欄は合計）"),
        F("fiscal_year", "integer", "Fiscal year, empty for a cumulative figure",
          "年度（累計は空欄）"),
        F("period_end", "date", "Last day covered (pairs cumulative figures)",
          "対象期間の終了日"),
        F("value_old", "number", "Value in the old edition", "旧版の値"),
        F("value_new", "number", "Value in the new edition", "新版の値"),
        F("unit", "string", "Unit as printed", "単位"),
        F("status", "string",
          "new_year (a period after the old edition's last year), added (a period the old "
          "edition covered but did not report), revised (same period, another value), same, "
          "dropped (not in the new edition)",
          "状態（新年度・追加・修正・同じ・削除）"),
        F("measure_id_old", "integer", "Measure in the old edition", "旧版の施策番号"),
        F("measure_id_new", "integer", "Measure in the new edition", "新版の施策番号"),
        F("source_line_old", "integer", "Line of the figure in the old text", "旧版の行番号"),
        F("source_line_new", "integer", "Line of the figure in the new text", "新版の行番号"),
        F("quote_old", "string", "Sentence of the figure in the old edition", "旧版の引用"),
        F("quote_new", "string", "Sentence of the figure in the new edition", "新版の引用"),
    ],
    "schedule": [
        F("measure_id_old", "integer", "Measure in the old edition", "旧版の施策番号"),
        F("measure_id_new", "integer", "Measure in the new edition", "新版の施策番号"),
        F("fiscal_year", "integer", "Planned fiscal year, empty when the item has none",
          "予定年度"),
        F("plan", "string", "Planned work", "予定"),
        F("status", "string", "added, dropped or same", "状態（追加・削除・同じ）"),
        F("source_line_old", "integer", "Line of the item in the old text", "旧版の行番号"),
        F("source_line_new", "integer", "Line of the item in the new text", "新版の行番号"),
    ],
}
