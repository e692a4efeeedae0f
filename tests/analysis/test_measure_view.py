"""A measure's page (analysis/measure_view.py): small frames for each rule, and measure
13 of the committed report checked by hand against its text (line numbers cited)."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

import akidx
from akidx import analysis as an
from akidx.analysis import measure_view as mv
from akidx.analysis.ratings import legend

report = functools.cache(akidx.load_report)

# (value, shown, why)
TEXT = [
    (None, "—", "None"),
    (pd.NA, "—", "pandas NA"),
    (float("nan"), "—", "NaN"),
    ("", "—", "empty text"),
    ("  ", "—", "blank text"),
    ("2319", "2319", "text"),
    (3, "3", "a number"),
]


@pytest.mark.parametrize("value, shown, why", TEXT, ids=[c[2] for c in TEXT])
def test_text(value, shown, why) -> None:
    assert mv.text(value) == shown, why


BULLETS = [
    ("・A ・B ・C", "・A\n・B\n・C", "items on a line each"),
    ("申請書電子化", "申請書電子化", "no items"),
    ("・AI・RPA活用", "・AI・RPA活用", "a ・ inside an item stays"),
    (pd.NA, "—", "missing"),
]


@pytest.mark.parametrize("value, shown, why", BULLETS, ids=[c[2] for c in BULLETS])
def test_bullets(value, shown, why) -> None:
    assert mv.bullets(value) == shown, why


RESPONSIBLE = [
    ({"department": "総務部", "division": "デジタル戦略担当", "section": ""},
     "総務部 デジタル戦略担当", "no section"),
    ({"department": "市民部", "division": "市民課", "section": "市民係"}, "市民部 市民課 市民係",
     "all three"),
    ({"department": pd.NA, "division": pd.NA, "section": pd.NA}, "—", "none known"),
]


@pytest.mark.parametrize("row, shown, why", RESPONSIBLE, ids=[c[2] for c in RESPONSIBLE])
def test_responsible(row, shown, why) -> None:
    assert mv.responsible(pd.Series(row)) == shown, why


def _kpis(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["metric", "fiscal_year"]).astype(
        {"fiscal_year": "Int64"})


# (metric, fiscal year rows, charted metrics, why)
CHARTS = [
    ([("a", 2022), ("a", 2023)], ["a"], "two years: a chart"),
    ([("a", 2023), ("a", 2023)], [], "two rows of one year (a breakdown): no chart"),
    ([("a", 2023), ("a", pd.NA)], [], "one year and a cumulative: no chart"),
    ([("b", 2021), ("b", 2022), ("b", 2023), ("a", 2022)], ["b"], "three years, one year"),
    ([], [], "no KPI"),
]


@pytest.mark.parametrize("rows, charted, why", CHARTS, ids=[c[2] for c in CHARTS])
def test_chart_metrics(rows, charted, why) -> None:
    assert mv.chart_metrics(_kpis(rows)) == charted, why


def _kpi_rows(breakdowns: list) -> pd.DataFrame:
    n = len(breakdowns)
    return pd.DataFrame({
        "metric": ["laptops"] * n, "breakdown": breakdowns,
        "fiscal_year": pd.array([2022 + i for i in range(n)], dtype="Int64"),
        "period_start": [pd.NA] * n, "period_end": [pd.NA] * n, "value": [1.0] * n,
        "approx": [False] * n, "unit": ["台"] * n, "source_line": range(1, n + 1)})


# (breakdowns, 内訳 column shown, why)
PARTS = [([pd.NA, pd.NA], False, "no breakdown: no column of dashes"),
         (["", pd.NA], False, "empty text counts as none"),
         ([pd.NA, "本庁舎"], True, "one breakdown: the column, a dash for the total")]


@pytest.mark.parametrize("breakdowns, shown, why", PARTS, ids=[c[2] for c in PARTS])
def test_kpis_table_part_column(breakdowns, shown, why) -> None:
    table = mv.kpis_table(_kpi_rows(breakdowns))
    assert ("内訳 / part" in table.columns) is shown, why
    if shown:
        assert table["内訳 / part"].tolist() == ["—", "本庁舎"]
    assert table["値 / value"].tolist() == ["1台", "1台"]


def test_schedule_prints_every_year_of_the_edition() -> None:
    """Years come from the whole schedule (what the edition prints), not the measure's own:
    a year it plans nothing in shows a dash; however many years there are."""
    schedule = pd.DataFrame({
        "measure_id": [1, 1, 2, 2], "fiscal_year": [2024, 2024, 2025, 2027],
        "item_no": [2, 1, 1, 1], "plan": ["B", "A", "C", "D"],
        "source_line": [11, 10, 20, 30]}).astype({"fiscal_year": "Int64"})
    table = mv.schedule_table(schedule, 1)
    assert table.values.tolist() == [
        ["令和6年度 (FY2024)", "・A\n・B", "L10, L11"],
        ["令和7年度 (FY2025)", "—", "—"],
        ["令和9年度 (FY2027)", "—", "—"]]
    assert mv.has_plans(table) and not mv.has_plans(mv.schedule_table(schedule, 9))


def test_yearly_shows_however_many_years() -> None:
    yearly = pd.DataFrame({"measure_id": [5, 5, 5, 6], "fiscal_year": [2024, 2022, 2023, 2022],
                           "goal": ["g24", "g22", pd.NA, "x"], "result": ["r24", "r22", "r23", "x"],
                           "source_line": [3, 1, 2, 9]}).astype({"fiscal_year": "Int64"})
    assert mv.yearly_table(yearly, 5).values.tolist() == [
        ["令和4年度 (FY2022)", "g22", "r22", "L1"],
        ["令和5年度 (FY2023)", "—", "r23", "L2"],
        ["令和6年度 (FY2024)", "g24", "r24", "L3"]]
    assert mv.yearly_table(yearly, 7).empty


def test_rating_takeaway_uses_the_legend() -> None:
    row = pd.Series({"rating": "△", "rating_label": "old words", "status": "minor_revision",
                     "rating_line": 165})
    ja, en = mv.rating_takeaway(row, {"△": "概ね予定どおり"})
    assert ja == "達成状況は △：概ね予定どおり（L165）。"
    assert en == ("Rating △: on track overall, minor revision needed; the report's legend: "
                  "「概ね予定どおり」 (L165).")
    assert mv.is_flagged(row) and not mv.is_flagged(pd.Series({"rating": "〇"}))


def test_unknown_measure_lists_the_valid_ids() -> None:
    with pytest.raises(ValueError) as info:
        an.check_measure(report(), 99)
    assert str(info.value) == ("unknown measure_id 99; valid values: "
                               + ", ".join(str(i) for i in range(1, 26)))
    assert an.check_measure(report(), "8") == 8  # papermill -p gives 8; YAML may give '8'
    with pytest.raises(ValueError, match="unknown added_id 6; valid values: 1, 2, 3, 4, 5"):
        an.check_added(report(), 6)


def test_measure_13_checked_by_hand() -> None:
    """Measure 13 (AI・RPAによる業務効率化の推進) against the report text: sheet L2102-2271,
    rating L189 with the legend at L157. The parser joins wrapped lines and drops the
    spaces between Japanese and Latin letters ('AI 相談' -> 'AI相談')."""
    r = report()
    row = mv.measure_row(r.measures, 13)
    facts = dict(mv.facts_table(row, mv.pillar_names(r.pillars)).values.tolist())
    assert facts == {
        "施策 / measure": "13. AI・RPAによる業務効率化の推進",  # L189, L2102
        "基本方針 / pillar": "2. 未来を見据えたスマート自治体の推進",
        "担当 / responsible (部・課・係)": "総務部 デジタル戦略担当",  # L2122-2126, no 係
        "電話（内線） / phone (extension)": "2319",  # L2126
        "事業期間 / project period": "令和4年～令和8年（FY2022–FY2026）",  # L2130
        "関連法令 / related law": "—",  # L2128-2130: none given
        "目的 / purpose": "各職場において、業務プロセスの見直しに取り組むことで、AI・RPAの導入に"
                         "より高い効果が見込める業務の洗い出しを行うとともに導入に向けて検討を"
                         "進め、導入後の効果を検証します。",  # L2142-2148
        "目標 / goal": "・AI相談システム導入\n・生活保護版レセプト自動内容点検システム導入\n"
                     "・AI、RPAを活用した業務改善",  # L2150-2162
        "施策シート / measure sheet": "L2102",
    }
    assert mv.rating_takeaway(row, legend(r.measures))[0] == \
        "達成状況は 〇：予定どおり実施されている（L189）。"  # L189, legend L157
    assert mv.yearly_table(r.yearly, 13).values.tolist() == [
        ["令和4年度 (FY2022)",  # L2164: result L2166-2170, goal L2174-2184
         "・AI相談システム導入\n・生活保護版レセプト自動内容点検システム導入検討\n・RPA導入検討",
         "・AI相談システムの導入\n・RPAの導入検討\n・生活保護版レセプト自動内容点検システム導入検討",
         "L2164"],
        ["令和5年度 (FY2023)",  # L2186: result L2188-2192, goal L2202-2212
         "・AI相談システム活用\n・生活保護版レセプト自動内容点検システム導入検討\n・RPA導入",
         "・AI相談システムの活用\n・RPAの導入・活用\n・生活保護版レセプト自動内容点検システム導入検討",
         "L2186"]]
    kpis = mv.measure_kpis(r.kpis, 13)  # L2217: 延べ20の業務を効率化
    assert mv.kpis_table(kpis).values.tolist() == [
        ["RPAで効率化した業務数 / Tasks automated with RPA", "令和5年度 (FY2023)", "20業務",
         "L2217"]]  # no breakdown: no 内訳 column
    assert mv.chart_metrics(kpis) == []  # one year only: no chart
    assert mv.schedule_table(r.schedule, 13).values.tolist() == [  # L2227-2271
        ["令和6年度 (FY2024)", "・AI－OCR導入\n・生成AIサービス導入\n・AI、RPA活用・効果検証\n"
         "・生活保護版レセプト自動内容点検システム導入検討", "L2231, L2233, L2237, L2241"],
        ["令和7年度 (FY2025)", "・AI、RPA活用・効果検証\n"
         "・生活保護版レセプト自動内容点検システム導入検討", "L2247, L2251"],
        ["令和8年度 (FY2026)", "・AI、RPA活用・効果検証\n・AI相談システムの更新検討\n"
         "・生活保護版レセプト自動内容点検システム導入検討及び導入", "L2257, L2261, L2265"]]
    outlook = mv.outlook_table(row).values.tolist()
    assert outlook[0][1] == "L2213"
    assert outlook[0][0].startswith("令和4年度はAI相談システムを導入し、")  # L2215
    assert outlook[0][0].endswith("生活保護版レセプト自動内容点検システムの導入は引き続きの"
                                  "検討とします。")  # L2225


def test_measure_1_revisions_checked_by_hand() -> None:
    """Measure 1 is rated △ (L165); its three revision items are at L229, L233, L237."""
    r = report()
    table = mv.revisions_table(r.revisions, 1)
    assert table["行 / line"].tolist() == ["L229", "L233", "L237"]
    assert table["見直しの内容 / revision"].iloc[2] == (
        "行政手続数の全体を整理するとともに、オンライン化することができた手続き数を管理して、"
        "進捗率を数字で表します。")  # L237-239
    assert mv.revisions_table(r.revisions, 13).empty  # 〇: no revision


def test_index_data_lists_every_measure() -> None:
    """What the index shows of each measure (headline.measure_list), checked against the
    text: measure 1 △ (L165, legend L159, sheet L765-769), measure 2 (L891-895),
    追加2 in pillar 1 (L391, divisions L397)."""
    from akidx.analysis.headline import measure_list
    from akidx.tables.summary import AddedItem, MeasureItem

    r = report()
    pillars, measures, added = measure_list(r, legend(r.measures))
    assert [p.id for p in pillars] == [1, 2, 3]
    assert [m.id for m in measures] == list(range(1, 26))
    assert measures[0] == MeasureItem(
        id=1, title="行政手続のオンライン化（スマートフォン対応）", pillar=1, mark="△",
        label="概ね予定どおり実施されているが、軽微な見直しが必要",
        department="総務部 デジタル戦略担当")
    assert measures[1].department == "市民部 市民課 市民係"
    assert added[1] == AddedItem(id=2, title="子どもに関する手続きのデジタル化", pillar=1,
                                 department="子ども未来課、子ども育成支援課、デジタル戦略担当")
