"""compare.ipynb's helpers: transitions, KPI tables and takeaways follow the comparison."""

from __future__ import annotations

import pandas as pd
import pytest

from akidx.analysis import compare_view as cv
from akidx.analysis.notebook import table_html
from akidx.tables.compare import compare_kpis, compare_measures
from akidx.tables.schema import frame


def measures(*rows: tuple) -> pd.DataFrame:
    return frame("measures", [{"measure_id": i, "title": t, "rating": r, "rating_line": i}
                              for i, t, r in rows])


OLD = measures((1, "電子決裁の推進", "△"), (2, "電子契約の導入", "〇"), (3, "公衆無線LAN", "×"))
NEW = measures((1, "電子決裁の推進", "〇"), (2, "電子契約の導入", "△"), (4, "AI議事録の導入", "〇"))


def test_transitions_count_every_measure_once():
    table = cv.transitions(compare_measures(OLD, NEW))
    assert table.loc["△", "〇"] == 1 and table.loc["〇", "△"] == 1
    assert table.loc["×", cv.REMOVED] == 1 and table.loc[cv.ADDED, "〇"] == 1
    assert table.to_numpy().sum() == 4


def test_rating_sentences():
    ja, en = cv.rating_sentences(compare_measures(OLD, NEW))
    assert "改善した施策は1件、悪化は1件、変わらないものは0件" in ja and "新規1件、廃止1件" in ja
    assert en.startswith("Ratings: 1 improved, 1 worsened, 0 unchanged")


def kpis(*rows: tuple) -> pd.DataFrame:
    return frame("kpis", [{"metric": "wifi_uses", "breakdown": "", "fiscal_year": fy,
                           "period_end": f"{fy + 1}-03-31", "value": v, "unit": "件",
                           "source_line": line, "quote": q} for fy, v, line, q in rows])


# (old kpis, new kpis, expected status per year, why); the old edition ends in 2023, but
# in "a later year", where it ends in 2022
CASES = [
    ([(2022, 10, 5, "a")], [(2022, 10, 7, "a")], {2022: "same"}, "moved line, same value"),
    ([(2022, 10, 5, "a")], [(2022, 11, 7, "b")], {2022: "revised"}, "another value"),
    ([(2022, 10, 5, "a")], [(2022, 10, 5, "a"), (2023, 12, 9, "c")],
     {2022: "same", 2023: "new_year"}, "a later year"),
    ([(2022, 10, 5, "a")], [(2021, 8, 3, "z"), (2022, 10, 5, "a")],
     {2021: "added", 2022: "same"}, "an earlier year not reported before"),
    ([(2022, 10, 5, "a"), (2023, 12, 9, "c")], [(2023, 12, 9, "c")],
     {2022: "dropped", 2023: "same"}, "a year no longer reported"),
]


@pytest.mark.parametrize("old, new, expected, why", CASES, ids=[c[3] for c in CASES])
def test_kpi_status(old, new, expected, why):
    got = compare_kpis(kpis(*old), kpis(*new), last_year=2022 if why == "a later year" else 2023)
    assert dict(zip(got["fiscal_year"], got["status"], strict=True)) == expected, why


def test_revised_table_shows_both_lines_and_sentences():
    old, new = kpis((2022, 10, 5, "十件")), kpis((2022, 11, 7, "十一件"))
    table = cv.revised_table(compare_kpis(old, new))
    assert table["旧版 / old"].tolist() == ["10件 (旧L5) 「十件」"]  # the baseline: not linked
    assert table["新版 / new"].tolist() == ["11件 (L7) 「十一件」"]


def test_kpi_chart_only_for_changed_metrics():
    same = compare_kpis(kpis((2022, 10, 5, "a")), kpis((2022, 10, 5, "a")))
    assert cv.kpi_chart(same) is None
    fig, data, name, _ = cv.kpi_chart(
        compare_kpis(kpis((2022, 10, 5, "a")), kpis((2022, 11, 5, "a"))))
    assert fig is not None and len(data) == 1
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_report_text_in_tables_is_escaped():
    html = table_html(pd.DataFrame({"title": ["<script>alert(1)</script>"]}))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_every_view_works_when_nothing_changed(raw_text):
    from akidx.tables.compare import compare
    from akidx.tables.report import parse_text

    report = parse_text(raw_text)
    comp = compare(report, report)
    assert cv.kpi_chart(comp.kpis) is None
    assert cv.kpi_changes(comp.kpis, only_changed=True).empty
    assert len(cv.kpi_changes(comp.kpis)) == len(report.kpis)
    assert cv.revised_table(comp.kpis).empty and cv.schedule_table(comp.schedule).empty
    assert cv.transitions(comp.measures).to_numpy().trace() == len(report.measures)
    assert "修正0件" in cv.kpi_sentences(comp.kpis)[0]
