"""Table-driven tests of akidx.analysis.takeaways: small hand-made frames in, the
sentences (ja, en) out, each expected pair written by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from akidx import analysis as an
from akidx.analysis import takeaways as tk
from akidx.tables.schema import frame


def kpis(*rows: tuple) -> pd.DataFrame:
    """KPI rows (fiscal_year, value, breakdown, start, end) of one metric in 件."""
    return frame("kpis", [
        {"metric": "m", "breakdown": b, "measure_id": 8, "fiscal_year": fy,
         "fiscal_year_ja": None if fy is None else f"令和{fy - 2018}年度", "period_start": s,
         "period_end": e, "value": v, "unit": "件", "approx": False, "source_line": 10 + i,
         "quote": "q"} for i, (fy, v, b, s, e) in enumerate(rows)])


def series(*rows: tuple) -> pd.DataFrame:
    return an.kpi_series(kpis(*rows), "m")


def check(stated: float, years: str, total: float) -> pd.Series:
    """A cumulative_check row stated at line 12."""
    diff = stated - total if years else float("nan")
    return pd.Series({"stated": stated, "years": years, "sum_of_years": total,
                      "difference": diff, "matches": bool(years) and diff == 0,
                      "source_line": 12})


def measures(ratings: str, **columns: list) -> pd.DataFrame:
    n = len(ratings)
    return pd.DataFrame({"measure_id": range(1, n + 1), "rating": list(ratings),
                         "pillar_id": columns.pop("pillar", [1] * n), **columns})


def added(pillars: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = pd.DataFrame({"added_id": range(1, len(pillars) + 1), "pillar_id": pillars})
    return rows, an.added_per_pillar(rows, [1, 2, 3], {1: "1. a", 2: "2. b", 3: "3. c"})


def contacts(phones: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"department": d, "division": "課", "section": "", "phone": p,
                          "measures": "1", "ratings": "〇"} for d, p in phones])


def grid() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Measure 1 (〇) plans 1 item in 2024, 2 (△) 2 + 1, 3 (×) nothing."""
    sched = pd.DataFrame({"measure_id": [1, 2, 2, 2], "fiscal_year": [2024, 2024, 2024, 2025]})
    return an.plan_grid(sched, [1, 2, 3]), measures("〇△×")


PARTIAL = ((2022, 400, "", "2022-12-01", "2023-03-31"), (2023, 1200, "", "2023-04-01",
                                                           "2024-03-31"))
CUM = pd.DataFrame({"years": ["令和4年度", "", "令和5年度"], "matches": [True, False, False]})

CASES = [
    (tk.kpi_takeaway, [series(*PARTIAL)],
     ("令和5年度は1,200件で、前年度（400件）から+800件（+200%）です。 "
      "ただし令和4年度は4か月分のみで、月平均では100→100（+0%）です。",
      "FY2023 (R5): 1,200 vs 400 the year before (+800, +200%). "
      "One year is partial; per month 100 → 100 (+0%)."),
     "a partial earlier year: the raw change, then the per-month rates"),
    (tk.kpi_takeaway, [series((2022, 6, "", None, None), (2023, 3, "", "2023-04-01",
                                                             "2023-09-30"))],
     ("令和5年度は3件で、前年度（6件）から-3件（-50%）です。 "
      "ただし令和5年度は6か月分のみで、月平均では0.50→0.50（+0%）です。",
      "FY2023 (R5): 3 vs 6 the year before (-3, -50%). "
      "One year is partial; per month 0.50 → 0.50 (+0%)."),
     "a partial latest year; small per-month rates get two decimals"),
    (tk.kpi_takeaway, [series((2022, 10, "", None, None), (2023, 15, "", None, None))],
     ("令和5年度は15件で、前年度（10件）から+5件（+50%）です。",
      "FY2023 (R5): 15 vs 10 the year before (+5, +50%)."),
     "two whole years: the change and its percentage only"),
    (tk.kpi_takeaway, [series((2022, 0, "", None, None), (2023, 5, "", None, None))],
     ("令和5年度は5件で、前年度（0件）から+5件です。", "FY2023 (R5): 5 vs 0 the year before (+5)."),
     "no percentage change from zero"),
    (tk.kpi_takeaway, [series((2022, 0, "漏えい", None, None), (2023, 1, "紛失", None, None))],
     ("令和5年度は1件、令和4年度は0件ですが、数えている内訳が異なる（漏えい と 紛失）ため、"
      "前年度比は示しません。",
      "FY2023 (R5): 1, FY2022 (R4): 0; they count different breakdown categories "
      "(漏えい vs 紛失), so no year-on-year change is given."),
     "sums of different breakdown categories are not compared"),
    (tk.kpi_takeaway, [series((2021, 10, "", None, None), (2023, 20, "", None, None))],
     ("令和5年度は20件です（前年度の値はなく、直近は令和3年度の10件）。",
      "FY2023 (R5): 20; no figure for the year before (latest earlier: FY2021 (R3), 10)."),
     "a gap: no change across it, the latest earlier year named"),
    (tk.kpi_takeaway, [series((2023, 20, "", None, None))],
     ("年度の値は1件のみです。", "Only 1 fiscal year(s) reported."),
     "one year: nothing to compare"),
    (tk.cumulative_takeaway, [check(30, "令和4年度、令和5年度", 30), "件"],
     ("報告書の累計30件（12行目）は、令和4年度、令和5年度の合計30件と一致します。",
      "The stated cumulative 30 (line 12) matches the sum of the yearly values, 30."),
     "a cumulative figure that matches its years"),
    (tk.cumulative_takeaway, [check(29, "令和4年度、令和5年度", 30), "件"],
     ("報告書の累計29件（12行目）は、令和4年度、令和5年度の合計30件と-1件の差があります。",
      "The stated cumulative 29 (line 12) does not match the sum of the yearly values, 30."),
     "a mismatch gives the difference"),
    (tk.cumulative_takeaway, [check(29, "", float("nan")), "件"],
     ("報告書の累計29件（12行目）は、その期間に年度の値がないため照合できません。",
      "The stated cumulative 29 (line 12) cannot be checked: no yearly value falls in its "
      "period."),
     "no year in the period: said so, no 'nan' difference"),
    (tk.cumulative_overview, [CUM],
     ("累計値3件のうち2件を年度の値と照合し、1件が一致しました。",
      "2 of 3 stated cumulative figures could be checked against yearly values; 1 match."),
     "figures without years are not counted as checked"),
    (tk.related_takeaway, [pd.DataFrame({"metric": ["b", "a", "b"]})],
     ("同じ施策の他の指標: a、b", "Other metrics of the same measure: a, b."),
     "each other metric once, sorted"),
    (tk.related_takeaway, [pd.DataFrame({"metric": []})], tk.NO_RELATED, "none"),
    (tk.breakdown_takeaway, [an.kpi_breakdown(kpis((2022, 0, "漏えい", None, None),
                                                   (2023, 1, "紛失", None, None)), "m"), "件"],
     ("内訳: 令和4年度 (FY2022) 漏えい 0件、令和5年度 (FY2023) 紛失 1件"
      "（年度によって項目が異なります）",
      "2 breakdown rows across 2 year(s); the categories differ from year to year."),
     "categories that change from year to year are pointed out"),
    (tk.breakdown_takeaway, [an.kpi_breakdown(kpis((2022, 2, "a", None, None),
                                                   (2022, 3, "b", None, None)), "m"), "件"],
     ("内訳: 令和4年度 (FY2022) a 2件、令和4年度 (FY2022) b 3件",
      "2 breakdown rows across 1 year(s)."), "one year, every part listed"),
    (tk.breakdown_takeaway, [an.kpi_breakdown(kpis((2022, 2, "", None, None)), "m"), "件"],
     tk.NO_BREAKDOWN, "a total only"),
    (tk.findings_takeaway, [pd.DataFrame({"check": ["cumulative", "title"], "count": [0, 2]})],
     ("指摘は計2件です。問題なし: 累計と年度の値。",
      "2 findings in total; no findings for cumulative."),
     "clean checks are named"),
    (tk.findings_takeaway, [pd.DataFrame({"check": ["title"], "count": [1]})],
     ("指摘は計1件です。", "1 findings in total."), "no clean check"),
    (tk.ratings_takeaway, [an.rating_counts(measures("〇△×〇"))],
     ("4施策のうち2施策（50%）が〇、△が1、×が1施策です。",
      "2 of 4 measures (50%) are rated 〇, 1 △ and 1 ×."), "counts and the share of 〇"),
    (tk.pillar_takeaway, [an.pillar_counts(measures("〇×〇〇△", pillar=[1, 1, 2, 2, 2]),
                                           {1: "1. a", 2: "2. b"})],
     ("〇の割合が最も高いのは基本方針2（2/3）、△・×が最も多いのは基本方針1（1/2）です。",
      "Pillar 2 has the highest share of 〇 (2/3); pillar 1 has the most △/× (1/2)."),
     "shares, not counts, pick the pillars"),
    (tk.revisions_takeaway, [an.flagged_revisions(
        measures("△×〇"), pd.DataFrame({"measure_id": [1], "item_no": [1], "text": ["x"]}))],
     ("△・×の2施策のうち、見直し内容の記載があるのは1施策です。",
      "1 of the 2 measures rated △/× have a revision in chapter 1."),
     "a flagged measure without revision"),
    (tk.added_takeaway, [*added([2, 2, 1])],
     ("追加施策は3件で、基本方針2が最多です。", "3 measures were added; most in pillar 2."),
     "the pillar with most added measures"),
    (tk.added_takeaway, [*added([])], ("追加施策はありません。", "0 measures were added."), "none"),
    (tk.department_takeaway, [an.rating_counts(
        measures("〇△×〇", department=["A", "A", "A", "B"]), by="department")],
     ("施策が最も多いのはAで3施策（全体の75%）、うち△・×は2施策です。",
      "A owns the most measures: 3 (75%), 2 of them rated △/×."), "the largest department"),
    (tk.division_takeaway, [an.rating_counts(
        measures("〇△××", unit=["A x", "A y", "B z", "B z"]), by="unit")],
     ("3課のうち、△・×の施策があるのは2課（最多: B z 2施策）です。",
      "2 of 3 divisions have measures rated △/× (most: B z, 2)."), "the division with most △/×"),
    (tk.division_takeaway, [an.rating_counts(measures("〇", unit=["A x"]), by="unit")],
     ("1課のうち、△・×の施策があるのは0課です。", "0 of 1 divisions have measures rated △/×."),
     "no division with △/×"),
    (tk.contacts_takeaway, [contacts([("A", "1"), ("A", "2"), ("B", "3")])],
     ("連絡先は3件です。同じ部署（部・課・係）で電話番号が複数あるのは1か所です（点検ノートブック参照）。",
      "3 distinct contacts; 1 unit(s) print more than one phone number (see the audit)."),
     "a unit with two phones is pointed to the audit"),
    (tk.contacts_takeaway, [contacts([("A", "1")])], ("連絡先は1件です。", "1 distinct contacts."),
     "one phone per unit"),
    (tk.schedule_takeaway, [*grid()],
     ("予定項目は令和6年度 (FY2024) 3件、令和7年度 (FY2025) 1件。△・×の2施策の予定は計3件、"
      "予定の記載がない施策は1件（No. 3）です。",
      "Planned items per year: FY2024 3, FY2025 1; the 2 △/× measures plan 3 items; "
      "1 measure(s) list no plan."),
     "items per year, those of △/× measures, the measures without plans"),
]


@pytest.mark.parametrize(("function", "args", "expected", "why"), CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_takeaway(function, args, expected, why):
    assert function(*args) == expected, why
