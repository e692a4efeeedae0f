"""parse_text on the committed report: values checked by hand against the text.

Every expected value below was read off data/raw/akishima-dx-midterm-report-2024.txt
by a person (the line given in ``why``), not copied from the parser's output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from akidx.tables.report import parse_text


@pytest.fixture(scope="module")
def report(raw_text):
    return parse_text(raw_text)


def _one(df: pd.DataFrame, **where) -> pd.Series:
    rows = df
    for col, val in where.items():
        rows = rows[rows[col] == val]
    assert len(rows) == 1, f"expected one row for {where}, got {len(rows)}"
    return rows.iloc[0]


# (table, row selector, column, expected, why)
CASES = [
    ("measures", {"measure_id": 1}, "rating", "△", "line 165: 1.行政手続のオンライン化… △"),
    ("measures", {"measure_id": 4}, "rating", "×", "line 171"),
    ("measures", {"measure_id": 22}, "rating", "△", "line 208"),
    ("measures", {"measure_id": 25}, "rating", "〇", "line 214"),
    ("measures", {"measure_id": 1}, "title", "行政手続のオンライン化（スマートフォン対応）",
     "chapter-1 title, line 165"),
    ("measures", {"measure_id": 1}, "sheet_title", "行政手続のオンライン化",
     "事業名 on the sheet, line 765"),
    ("measures", {"measure_id": 1}, "rating_label",
     "概ね予定どおり実施されているが、軽微な見直しが必要", "legend, line 159"),
    ("measures", {"measure_id": 1}, "section", "", "係 is empty on line 769"),
    ("measures", {"measure_id": 1}, "phone", "2319", "line 769"),
    ("measures", {"measure_id": 9}, "department", "生涯学習部", "line 1627"),
    ("measures", {"measure_id": 9}, "division", "アキシマエンシス管理課",
     "wrapped over lines 1629-1631"),
    ("measures", {"measure_id": 9}, "section", "文化財係", "line 1635"),
    ("measures", {"measure_id": 9}, "phone", "519-5717", "line 1635, not an extension"),
    ("measures", {"measure_id": 9}, "related_law", "文化財保護法・昭島市文化財保護条例",
     "line 1639"),
    ("measures", {"measure_id": 17}, "section", "システム調整担当", "wrapped, lines 2633-2635"),
    ("measures", {"measure_id": 17}, "phone", "2614", "電話 on its own line 2637"),
    ("measures", {"measure_id": 17}, "phone_line", 2637, "the line holding 電話 2614"),
    ("measures", {"measure_id": 1}, "outlook_line", 825, "達成状況・今後の課題 heading"),
    ("measures", {"measure_id": 17}, "related_law",
     "地方公共団体情報システムの標準化に関する法律", "wrapped, lines 2641-2643"),
    ("measures", {"measure_id": 15}, "related_law", "", "printed as a dash, line 2424"),
    ("measures", {"measure_id": 15}, "period_start", 2022, "令和４年度～令和８年度, line 2424"),
    ("measures", {"measure_id": 15}, "period_end", 2026, "line 2424"),
    ("measures", {"measure_id": 10}, "pillar_id", 1, "基本方針１ heads chapter 2, line 745"),
    ("measures", {"measure_id": 11}, "pillar_id", 2, "line 1883"),
    ("measures", {"measure_id": 21}, "pillar_id", 3, "line 3075"),
    ("measures", {"measure_id": 7}, "goal",
     "様々な情報発信手段を一括して管理し、同時に情報発信を可能とするシステムの導入効果の検討"
     "及び効率的な活用の検討", "narrow goal column after a blank box, lines 1441-1453"),
    ("yearly", {"measure_id": 12, "fiscal_year": 2022}, "result", "未達成",
     "result and goal share line 2048"),
    ("yearly", {"measure_id": 12, "fiscal_year": 2022}, "goal",
     "・訪問支援システムの導入 ・担当部署へのモバイル端末配備", "lines 2048-2054"),
    ("yearly", {"measure_id": 7, "fiscal_year": 2023}, "result",
     "市民への情報伝達のメール配信システムを導入しました。", "line 1469, shared with the goal"),
    ("yearly", {"measure_id": 7, "fiscal_year": 2023}, "goal",
     "市民への情報伝達の一斉送信システムの導入", "lines 1469-1473"),
    ("yearly", {"measure_id": 17, "fiscal_year": 2022}, "goal", "プロセスの見直し", "line 2707"),
    ("yearly", {"measure_id": 17, "fiscal_year": 2023}, "goal", "システムの移行", "line 2716"),
    ("yearly", {"measure_id": 25, "fiscal_year": 2022}, "goal",
     "情報漏えい等のセキュリティ事故の発生防止", "lines 3644-3648"),
    ("yearly", {"measure_id": 8, "fiscal_year": 2023}, "fiscal_year_ja", "令和5年度", "line 1573"),
    ("yearly", {"measure_id": 8, "fiscal_year": 2023}, "source_line", 1573, "the row header"),
    ("schedule", {"measure_id": 2, "fiscal_year": 2024}, "plan", "システムの導入",
     "two cells on line 960"),
    ("schedule", {"measure_id": 15, "fiscal_year": 2026}, "plan", "利用", "line 2497"),
    ("schedule", {"measure_id": 17, "fiscal_year": 2025}, "plan",
     "標準準拠システムへの移行完了・本稼働", "lines 2748-2752"),
    ("added_measures", {"added_id": 3}, "departments",
     "行政経営担当、法務担当、情報システム課、デジタル戦略担当", "line 487"),
    ("added_measures", {"added_id": 2}, "targets",
     "子どもに関する手続きの原則オンライン化；子育て支援制度レジストリの構築；"
     "保活ワンストップサービスの導入", "lines 443-447"),
    ("added_measures", {"added_id": 4}, "pillar_id", 2, "基本方針２, line 566"),
    ("kpis", {"metric": "chatbot_inquiries", "fiscal_year": 2022}, "value", 5760, "line 1563"),
    ("kpis", {"metric": "chatbot_inquiries", "fiscal_year": 2022}, "period_start", "2022-12-01",
     "service began 令和４年12月１日, line 1585"),
    ("kpis", {"metric": "chatbot_inquiries", "fiscal_year": 2023}, "value", 12236, "line 1575"),
    ("kpis", {"metric": "forms_created", "fiscal_year": 2022}, "period_start", "2022-07-01",
     "contract began 令和４年７月１日, line 1963"),
    ("kpis", {"metric": "forms_created", "fiscal_year": 2023}, "value", 449, "line 1955"),
    ("kpis", {"metric": "wifi_uses", "fiscal_year": 2021}, "value", 42716, "line 3055"),
    ("kpis", {"metric": "wifi_uses", "fiscal_year": 2023}, "value", 108979, "line 3057"),
    ("kpis", {"metric": "security_incidents", "fiscal_year": 2023}, "value", 6, "line 3675"),
    ("kpis", {"metric": "personal_info_incidents", "fiscal_year": 2023}, "breakdown", "紛失",
     "うち個人情報の紛失が１件, line 3675"),
    ("kpis", {"metric": "ict_supporter_trainees", "fiscal_year": 2023}, "value", 11, "line 3279"),
    ("kpis", {"metric": "online_procedures", "breakdown": "子育て関連"}, "period_end", "2024-03-31",
     "令和５年度末までに, line 827"),
    ("kpis", {"metric": "online_procedures", "breakdown": "子育て関連"}, "period_start",
     "2022-04-01", "counted from the measure's first year, 令和４年～ on line 773"),
    ("kpis", {"metric": "online_procedures", "breakdown": "介護関係"}, "value", 11, "line 829"),
    ("kpis", {"metric": "chatbot_inquiries", "fiscal_year": 2022}, "period_basis", "service_start",
     "the year starts on the day the service began"),
    ("kpis", {"metric": "ict_supporter_trainees", "period_basis": "reported_years"}, "value", 20,
     "延べ 20名 with no dates in the sentence, line 290"),
    ("kpis", {"metric": "wifi_facilities"}, "period_end", "2021-11-30",
     "27 facilities 令和３（2021）年 11月現在, line 3015"),
    ("kpis", {"metric": "laptops", "fiscal_year": 2022}, "value", 120, "ノート PC120台, line 2558"),
]


@pytest.mark.parametrize("table, where, column, expected, why", CASES,
                         ids=[f"{c[0]}-{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_value_read_by_hand(report, table, where, column, expected, why):
    assert _one(report.tables[table], **where)[column] == expected, why


def test_counts(report):
    assert len(report.measures) == 25
    assert report.measures["rating"].value_counts().to_dict() == {"〇": 20, "△": 3, "×": 2}
    assert len(report.added_measures) == 5
    assert report.pillars["pillar_id"].tolist() == [1, 2, 3]
    assert sorted(report.yearly["fiscal_year"].unique()) == [2022, 2023]
    assert sorted(report.schedule["fiscal_year"].unique()) == [2024, 2025, 2026]


def test_revisions_only_for_measures_rated_below_plan(report):
    per = report.revisions.groupby("measure_id").size().to_dict()
    assert per == {1: 3, 4: 1, 5: 2, 12: 2, 22: 2}  # ・ items of lines 227-300
    assert set(report.revisions["rating"]) <= {"△", "×"}


def test_schedule_cells_with_several_items(report):
    s = report.schedule
    sizes = s[s.measure_id == 10].groupby("fiscal_year").size().to_dict()
    assert sizes == {2024: 5, 2025: 3, 2026: 2}  # lines 1824-1882
    first = s[(s.measure_id == 13) & (s.fiscal_year == 2024)]["plan"].tolist()
    assert first == ["AI－OCR導入", "生成AIサービス導入", "AI、RPA活用・効果検証",
                     "生活保護版レセプト自動内容点検システム導入検討"]
    both = s[(s.measure_id == 19) & (s.fiscal_year == 2025)]["plan"].tolist()
    assert both == ["種類の拡充", "既存データの確認"]  # line 2968 holds two cells


def test_page_numbers_and_page_starts_are_joined_out(report):
    outlook = _one(report.measures, measure_id=1)["outlook"]
    assert "等）達成目標に記載のある" in outlook  # page number 16 sat between, line 841
    assert "16" not in outlook
    assert "差があるため、引続き" in _one(report.measures, measure_id=10)["outlook"]


def test_cumulative_figures_match_the_yearly_ones(report):
    k = report.kpis
    cum = _one(k[k.fiscal_year.isna()], metric="chatbot_inquiries")
    assert cum["value"] == 17996 and cum["period_end"] == "2024-03-31"  # line 1587
    yearly = k[(k.metric == "chatbot_inquiries") & k.fiscal_year.notna()]["value"].sum()
    assert yearly == cum["value"]
    responses = _one(k, metric="form_responses")
    assert responses["value"] == 30000 and bool(responses["approx"])  # おおよそ, line 1965


def test_every_figure_cites_a_line_that_holds_its_number(report, raw_text):
    from akidx.parse.normalize import to_ascii

    source = to_ascii(raw_text).split("\n")
    for fig in report.figures.itertuples():
        line = source[fig.source_line - 1].replace(",", "").replace(" ", "")
        assert f"{fig.value:g}" in line, (fig.source_line, fig.value)


def test_title_comes_from_the_text(report):
    assert report.title == "昭島市デジタル化推進計画中間報告書"  # line 9, 本書「…」
