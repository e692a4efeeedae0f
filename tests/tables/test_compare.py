"""akidx.compare on edited copies of the report made here: every change found, nothing else.

The edits (ratings changed, a measure removed, one added, a figure revised, a year
added) are made to the committed text inside the test; the expected changes were
read off the text by hand (rating rows at lines 167-214, measure 25's sheet from
line 3576 with its four incident figures at lines 3673-3675, its schedule of 3
items, measure 4's sheet of 3 plan items).
"""

from __future__ import annotations

import pandas as pd
import pytest

from akidx.tables.compare import compare, compare_measures, match_measures, rating_change
from akidx.tables.report import parse_text
from akidx.tables.schema import COMPARE_TABLES, frame
from tests.tables.test_altered import alter

NEW_TITLE = "電子図書館サービスの導入"


def drop_measure_25(text: str) -> str:
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith(" 25.情報セキュリティ教育"))
    end = next(i for i, ln in enumerate(lines) if "第３章" in ln)
    rows = [i for i, ln in enumerate(lines) if ln.startswith("25.情報セキュリティ教育の充実 〇")]
    return "\n".join(ln for i, ln in enumerate(lines) if not (start <= i < end) and i not in rows)


def add_measure_26(text: str) -> str:
    """Measure 4's sheet copied as measure 26 (a new title), rated 〇, after measure 24."""
    start = text.index(" ４.マイナポータル活用教室の実施 \n")
    sheet = text[start:text.index(" ５.自治体マイナポイント活用事業の検討 \n")]
    sheet = sheet.replace(" ４.マイナポータル活用教室の実施 ", f" 26.{NEW_TITLE} ", 1)
    text = alter(text, "24.情報セキュリティ対策の強靱化 〇 \n",
                 f"24.情報セキュリティ対策の強靱化 〇 \n\n26.{NEW_TITLE} 〇 \n")
    end = text.index(" 第３章")
    return text[:end] + sheet + text[end:]


def edited(text: str) -> str:
    text = alter(text, "２.窓口の申請書電子化 〇", "２.窓口の申請書電子化 ×")
    text = alter(text, "４.マイナポータル活用教室の実施 ×", "４.マイナポータル活用教室の実施 〇")
    text = alter(text, "12,236件の問い合わせ", "13,579件の問い合わせ")
    text = alter(text, "令和５年度は 108,979件と",
                 "令和５年度は 108,979件、令和６年度は 131,072件と")
    return add_measure_26(drop_measure_25(text))


@pytest.fixture(scope="module")
def original(raw_text):
    return parse_text(raw_text)


@pytest.fixture(scope="module")
def changed(original, raw_text):
    return compare(original, parse_text(edited(raw_text)))


def test_the_report_compared_with_itself_reports_nothing(original):
    comp = compare(original, original)
    assert set(comp.measures["change"]) == {"same"}
    assert set(comp.measures["matched_by"]) == {"id_and_title"}
    assert set(comp.kpis["status"]) == {"same"} and len(comp.kpis) == len(original.kpis)
    assert set(comp.schedule["status"]) == {"same"}
    assert len(comp.schedule) == len(original.schedule)


def test_every_rating_change_and_nothing_else(changed):
    m = changed.measures
    moved = m[m["change"] != "same"]
    got = {(r.measure_id_old if pd.notna(r.measure_id_old) else None,
            r.measure_id_new if pd.notna(r.measure_id_new) else None,
            r.rating_old if pd.notna(r.rating_old) else None,
            r.rating_new if pd.notna(r.rating_new) else None, r.change)
           for r in moved.itertuples()}
    assert got == {(2, 2, "〇", "×", "worsened"), (4, 4, "×", "〇", "improved"),
                   (25, None, "〇", None, "removed"), (None, 26, None, "〇", "added")}
    assert len(m) == 26
    added = m[m["change"] == "added"].iloc[0]
    assert added["title_new"] == NEW_TITLE and pd.isna(added["matched_by"])


def test_every_kpi_change_and_nothing_else(changed):
    k = changed.kpis
    moved = k[k["status"] != "same"]
    got = sorted((r.metric, r.breakdown, None if pd.isna(r.fiscal_year) else r.fiscal_year,
                  r.value_old if pd.notna(r.value_old) else None,
                  r.value_new if pd.notna(r.value_new) else None, r.status)
                 for r in moved.itertuples())
    assert got == sorted([
        ("chatbot_inquiries", "", 2023, 12236, 13579, "revised"),
        ("wifi_uses", "", 2024, None, 131072, "new_year"),
        ("security_incidents", "", 2022, 6, None, "dropped"),
        ("security_incidents", "", 2023, 6, None, "dropped"),
        ("personal_info_incidents", "漏えい", 2022, 0, None, "dropped"),
        ("personal_info_incidents", "紛失", 2023, 1, None, "dropped"),
    ])
    revised = moved[moved["status"] == "revised"].iloc[0]
    assert revised["source_line_old"] == 1575 and "12,236件" in revised["quote_old"]
    assert "13,579件" in revised["quote_new"] and pd.notna(revised["source_line_new"])


def test_every_schedule_change_and_nothing_else(changed, original):
    s = changed.schedule
    dropped, added = s[s["status"] == "dropped"], s[s["status"] == "added"]
    assert set(dropped["measure_id_old"]) == {25} and dropped["measure_id_new"].isna().all()
    assert len(dropped) == (original.schedule["measure_id"] == 25).sum() == 3
    assert set(added["measure_id_new"]) == {26} and added["measure_id_old"].isna().all()
    four = original.schedule[original.schedule["measure_id"] == 4]
    assert sorted(added["plan"]) == sorted(four["plan"])
    assert len(s) == len(dropped) + len(added) + (s["status"] == "same").sum()


def test_summary_names_the_counts(changed):
    text = changed.summary()
    assert "improved 1, worsened 1" in text and "added 1, removed 1" in text
    assert "revised 1, new_year 1" in text and "dropped 4" in text
    assert len(text.splitlines()) <= 25


def measures(*rows: tuple) -> pd.DataFrame:
    return frame("measures", [{"measure_id": i, "title": t, "rating": r, "department": "総務部",
                               "rating_line": 100 + i} for i, t, r in rows])


# (old measures, new measures, expected (old id, new id, matched_by, change) rows, why)
CASES = [
    ([(1, "電子決裁導入の推進", "〇")], [(1, "電子決裁導入の推進", "〇")],
     {(1, 1, "id_and_title", "same")}, "same number and title"),
    ([(1, "電子決裁導入の推進", "〇"), (2, "電子契約の導入", "△")],
     [(1, "電子契約の導入", "〇"), (2, "電子決裁導入の推進", "〇")],
     {(1, 2, "title", "same"), (2, 1, "title", "improved")}, "renumbered: swapped numbers"),
    ([(3, "電子決裁導入の推進", "△")], [(3, "電子決裁導入の更なる推進", "×")],
     {(3, 3, "id_similar_title", "worsened")}, "reworded under the same number"),
    ([(3, "電子決裁導入の推進", "△")], [(7, "電子決裁の導入推進", "△")],
     {(3, 7, "similar_title", "same")}, "renumbered and reworded"),
    ([(5, "電子決裁導入の推進", "〇")], [(5, "公衆無線LANの整備", "〇")],
     {(5, None, None, "removed"), (None, 5, None, "added")},
     "same number, unrelated title: another measure"),
    ([(1, "１.電子 決裁の推進", "〇")], [(1, "電子決裁の推進", "〇")],
     {(1, 1, "id_and_title", "same")}, "numbers and spaces in titles ignored"),
]


@pytest.mark.parametrize("old, new, expected, why", CASES, ids=[c[3] for c in CASES])
def test_measure_matching(old, new, expected, why):
    df = compare_measures(measures(*old), measures(*new))
    got = {(None if pd.isna(r.measure_id_old) else r.measure_id_old,
            None if pd.isna(r.measure_id_new) else r.measure_id_new,
            None if pd.isna(r.matched_by) else r.matched_by, r.change) for r in df.itertuples()}
    assert got == expected, why
    assert list(df.columns) == [f.name for f in COMPARE_TABLES["measures"]]


def test_matching_takes_each_measure_once():
    old = measures((1, "電子決裁の推進", "〇"))
    new = measures((1, "電子決裁の推進", "〇"), (2, "電子決裁の推進", "〇"))
    assert [(i, j) for i, j, _, _ in match_measures(old, new)] == [(0, 0)]


@pytest.mark.parametrize("old, new, expected", [("〇", "△", "worsened"), ("×", "△", "improved"),
                                                ("△", "△", "same"), ("〇", "◎", "changed")])
def test_rating_change(old, new, expected):
    assert rating_change(old, new) == expected
