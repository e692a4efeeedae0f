"""Table-driven tests of akidx.analysis on small hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from akidx import analysis as an
from akidx.config import resolve_path
from akidx.tables.report import Report
from akidx.tables.schema import TABLES, frame


def kpi(metric="m", fy=None, value=0.0, breakdown="", start=None, end=None, approx=False,
        line=1, mid=8) -> dict:
    return {"metric": metric, "breakdown": breakdown, "measure_id": mid, "fiscal_year": fy,
            "fiscal_year_ja": None, "period_start": start, "period_end": end, "value": value,
            "unit": "件", "approx": approx, "source_line": line, "quote": f"q{line}"}


def measure(mid=1, rating="〇", title="施策", heading=None, name=None, dept="総務部",
            div="課", section="", phone="2319", outlook="", pillar=1) -> dict:
    return {"measure_id": mid, "title": title, "sheet_heading": heading or title,
            "sheet_title": name or title, "pillar_id": pillar, "rating": rating,
            "department": dept, "division": div, "section": section, "phone": phone,
            "outlook": outlook, "heading_line": 100 + mid, "rating_line": mid}


def report(measures=(), yearly=(), kpis=(), figures=()) -> Report:
    tables = {name: frame(name, []) for name in TABLES}
    tables.update(measures=frame("measures", list(measures)),
                  yearly=frame("yearly", list(yearly)), kpis=frame("kpis", list(kpis)),
                  figures=frame("figures", list(figures)))
    return Report(title="t", tables=tables)


PARTIAL = [kpi(fy=2022, value=400, start="2022-12-01", end="2023-03-31", line=10),
           kpi(fy=2023, value=1200, start="2023-04-01", end="2024-03-31", line=11)]
BREAKDOWN = [kpi(fy=2022, value=2, breakdown="a"), kpi(fy=2022, value=3, breakdown="b")]

SERIES_CASES = [
    (PARTIAL, {"value": [400.0, 1200.0], "months": [4.0, 12.0], "partial": [True, False],
               "per_month": [100.0, 100.0], "yoy": [None, 800.0]},
     "a partial first year: months and per-month rate from the period"),
    (BREAKDOWN, {"value": [5.0], "from_breakdown": [True], "months": [12.0]},
     "no total row: the breakdown rows are summed; no period means a whole year"),
    (BREAKDOWN + [kpi(fy=2022, value=9)], {"value": [9.0], "from_breakdown": [False]},
     "a total row wins over its breakdowns"),
    ([kpi(fy=2021, value=10), kpi(fy=2023, value=20)], {"yoy": [None, None]},
     "no year-on-year change across a gap"),
    ([kpi(fy=None, value=99)], {"value": []}, "cumulative rows are not years"),
    ([kpi(fy=2022, value=0), kpi(fy=2023, value=5)], {"yoy": [None, 5.0],
                                                      "yoy_pct": [None, None]},
     "no percentage change from zero"),
    ([kpi(fy=2022, value=0, breakdown="漏えい"), kpi(fy=2023, value=1, breakdown="紛失")],
     {"value": [0.0, 1.0], "basis": ["sum: 漏えい", "sum: 紛失"],
      "comparable": [False, False], "yoy": [None, None], "yoy_pct": [None, None]},
     "breakdowns of different categories are not compared"),
    (BREAKDOWN + [kpi(fy=2023, value=4, breakdown="b"), kpi(fy=2023, value=1, breakdown="a")],
     {"value": [5.0, 5.0], "basis": ["sum: a + b", "sum: a + b"],
      "comparable": [True, True], "yoy": [None, 0.0]},
     "the same categories every year are compared"),
    ([kpi(fy=2021, value=10), kpi(fy=2022, value=12), kpi(fy=2023, value=3, breakdown="a")],
     {"basis": ["total", "total", "sum: a"], "comparable": [True, True, False],
      "yoy": [None, 2.0, None]},
     "a year with only a breakdown is not compared with totals"),
    ([kpi(fy=2022, value=7), kpi(fy=2023, value=9), kpi(fy=2023, value=9, breakdown="a")],
     {"basis": ["total", "total"], "comparable": [True, True], "yoy": [None, 2.0]},
     "a total row with breakdowns beside it is still a total"),
    ([kpi(fy=2022, value=3, breakdown="a")], {"comparable": [True], "yoy": [None]},
     "a single year is comparable with itself"),
]


@pytest.mark.parametrize(("rows", "expected", "why"), SERIES_CASES)
def test_kpi_series(rows, expected, why):
    got = an.kpi_series(frame("kpis", rows), "m")
    for col, values in expected.items():
        actual = [None if pd.isna(v) else v for v in got[col]]
        assert actual == values, why


CUMULATIVE_CASES = [
    (PARTIAL + [kpi(value=1600, start="2022-12-01", end="2024-03-31", line=12)],
     {"matches": True, "sum_of_years": 1600.0, "source_line": 12}, "sum equals stated"),
    (PARTIAL + [kpi(value=1700, line=12)], {"matches": False, "difference": 100.0},
     "stated exceeds the sum"),
    (PARTIAL + [kpi(value=400, start="2022-12-01", end="2023-03-31")],
     {"matches": True, "sum_of_years": 400.0}, "only the years inside the period count"),
    ([kpi(value=30000, approx=True)], {"matches": False, "years": ""},
     "a cumulative figure without yearly figures cannot match"),
]


@pytest.mark.parametrize(("rows", "expected", "why"), CUMULATIVE_CASES)
def test_cumulative_check(rows, expected, why):
    got = an.cumulative_check(frame("kpis", rows), "m")
    assert len(got) == 1, why
    for col, value in expected.items():
        assert got[col].iloc[0] == value, why


def test_cumulative_check_none():
    assert an.cumulative_check(frame("kpis", PARTIAL), "m").empty


RATING_CASES = [
    ([measure(1, "〇"), measure(2, "〇"), measure(3, "×")], None,
     {("〇",): (2, 2 / 3), ("△",): (0, 0.0), ("×",): (1, 1 / 3)}, "overall, zero for △"),
    ([measure(1, "〇", pillar=1), measure(2, "△", pillar=2)], "pillar_id",
     {(1, "〇"): (1, 1.0), (1, "△"): (0, 0.0), (2, "△"): (1, 1.0)}, "per pillar"),
]


@pytest.mark.parametrize(("rows", "by", "expected", "why"), RATING_CASES)
def test_rating_counts(rows, by, expected, why):
    got = an.rating_counts(frame("measures", rows), by=by)
    keys = [by, "rating"] if by else ["rating"]
    table = {tuple(r[k] for k in keys): (r["count"], r["share"]) for _, r in got.iterrows()}
    for key, (count, share) in expected.items():
        assert table[key][0] == count and math.isclose(table[key][1], share), why


PARAM_CASES = [
    ("metric", "a", ["a", "b"], "a", "a valid value comes back"),
    ("pillar", "2", [1, 2, "all"], 2, "a string id maps to the valid value"),
]


@pytest.mark.parametrize(("name", "value", "valid", "expected", "why"), PARAM_CASES)
def test_check_param(name, value, valid, expected, why):
    assert an.check_param(name, value, valid) == expected, why


def test_check_param_lists_valid_values():
    with pytest.raises(ValueError, match=r"unknown metric 'x'; valid values: 'a', 'b'"):
        an.check_param("metric", "x", ["a", "b"])


AUDIT_CASES = [
    (report(kpis=PARTIAL + [kpi(value=1700, line=12)]), ("cumulative", 8, 12),
     "stated cumulative ≠ sum of years"),
    (report(measures=[measure(1, title="１.窓口", heading="1. 窓口の電子化")]),
     ("title", 1, 101), "sheet heading differs from the chapter-1 title"),
    (report(measures=[measure(1, phone="2319"), measure(2, phone="2391")]),
     ("phone", 1, 101), "two phones in one division"),
    (report(measures=[measure(1, phone="2319"), measure(2, phone="2319"),
                      measure(3, phone="2021")]),
     ("phone", 3, 103), "the odd one out against the majority"),
    (report(measures=[measure(1, title="市民アンケートのオンライン実施",
                              name="市民アンケートの実施")]),
     ("title", 1, 101), "a project name that is not a shortening"),
    (report(measures=[measure(1, "〇", outlook="導入には至っておりません")]),
     ("rating", 1, 101), "〇 but the outlook says not achieved"),
    (report(measures=[measure(1, "〇")], yearly=[
        {"measure_id": 1, "fiscal_year": 2022, "fiscal_year_ja": "令和4年度",
         "result": "未達成", "goal": "", "source_line": 55}]),
     ("rating", 1, 55), "〇 but a yearly result says 未達成"),
    (report(figures=[{"value": 17, "unit": "施設", "measure_id": 20, "fiscal_year": None,
                      "approx": False, "source_line": 77, "quote": "17の公共施設"}]),
     ("figure_year", 20, 77), "a figure without a fiscal year"),
]


@pytest.mark.parametrize(("rep", "expected", "why"), AUDIT_CASES)
def test_audit_findings(rep, expected, why):
    got = an.audit_findings(rep)
    assert list(got.columns) == an.FINDING_COLUMNS
    assert expected in [tuple(r) for r in got[["check", "measure_id", "source_line"]]
                        .itertuples(index=False)], why


CLEAN_CASES = [
    (report(kpis=PARTIAL + [kpi(value=1600, start="2022-12-01", end="2024-03-31")]),
     "cumulative that adds up"),
    (report(measures=[measure(1, title="行政手続のオンライン化（スマートフォン対応）",
                              name="１.行政手続のオンライン化")]), "a shortened project name"),
    (report(measures=[measure(1, phone="2319"), measure(2, phone="2319"),
                      measure(3, div="別課", phone="2021")]), "same phone per division"),
    (report(measures=[measure(1, title="自治体DX（デジタル トランスフォーメーション）研修",
                              name="自治体DX研修")]), "a name without the parenthetical"),
    (report(kpis=[kpi(value=17, start="2022-04-01", end="2024-03-31", line=9, mid=20)],
            figures=[{"value": 17, "unit": "件", "measure_id": 20, "fiscal_year": None,
                      "approx": False, "source_line": 9, "quote": "延べ17件"}]),
     "a figure that is a KPI with a stated period"),
    (report(measures=[measure(1, "△", outlook="未達成")]), "△ may say not achieved"),
    (report(figures=[{"value": 3, "unit": "件", "measure_id": None, "fiscal_year": None,
                      "approx": False, "source_line": 5, "quote": "x"}]),
     "figures outside measure sheets"),
]


@pytest.mark.parametrize(("rep", "why"), CLEAN_CASES)
def test_audit_clean(rep, why):
    assert an.audit_findings(rep).empty, why


def test_months_and_formatting():
    assert an.months_covered("2022-07-01", "2023-03-31") == 9.0
    assert math.isnan(an.months_covered(None, None))
    assert an.fmt_number(12236.0) == "12,236" and an.fmt_number(pd.NA) == ""
    assert an.fy_both(2023) == "令和5年度 (FY2023)"
    assert resolve_path("data").is_absolute()


def test_phone_finding_cites_the_line_of_the_phone_number(raw_text):
    """Measure 4's sheet prints 電話 2021 (line 1105) where eight other sheets of
    総務部/デジタル戦略担当 print 2319."""
    from akidx.tables.report import parse_text

    findings = an.audit_findings(parse_text(raw_text))
    phone = findings[findings["check"] == "phone"]
    assert phone[["measure_id", "source_line"]].values.tolist() == [[4, 1105]]
