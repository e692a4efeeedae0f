"""Chart functions on hand-made frames: what the KPI chart marks (grey partial years,
hatched non-comparable years, the notes saying so) and the breakdown chart, which
the seed report never reaches (the golden test covers the seed's charts)."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from akidx import analysis as an
from akidx.analysis import charts, plots
from akidx.tables.schema import frame


def kpis(*rows: tuple) -> pd.DataFrame:
    """(fiscal_year, value, breakdown, start, end) rows of metric 'm' in 件."""
    return frame("kpis", [
        {"metric": "m", "breakdown": b, "measure_id": 8, "fiscal_year": fy,
         "fiscal_year_ja": f"令和{fy - 2018}年度", "period_start": s, "period_end": e,
         "value": v, "unit": "件", "approx": False, "source_line": 10 + i, "quote": "q"}
        for i, (fy, v, b, s, e) in enumerate(rows)])


@pytest.fixture(autouse=True)
def style():
    with matplotlib.rc_context():
        charts.setup()
        yield
    plt.close("all")


CASES = [
    ([(2022, 400, "", "2022-12-01", "2023-03-31"), (2023, 1200, "", None, None)],
     [charts.MUTED, charts.ACCENT], ["", ""], ["灰色の棒"], "a partial year is grey, noted"),
    ([(2022, 1, "漏えい", None, None), (2023, 2, "紛失", None, None)],
     [charts.ACCENT, charts.ACCENT], ["///", "///"], ["斜線の棒"],
     "different breakdown sums are hatched, noted"),
    ([(2022, 5, "", None, None), (2023, 6, "", None, None)],
     [charts.ACCENT, charts.ACCENT], ["", ""], [], "whole comparable years: no note"),
]


@pytest.mark.parametrize(("rows", "colors", "hatches", "notes", "why"), CASES)
def test_kpi_by_year_marks_partial_and_incomparable_years(rows, colors, hatches, notes, why):
    series = an.kpi_series(kpis(*rows), "m")
    made = plots.kpi_by_year(series, "m", "指標", "metric")
    assert made.name == "m_by_year" and made.title == "指標 / metric"
    assert made.data is series, "the CSV is the series itself"
    for ax in made.fig.axes:  # yearly totals and per-month rates alike
        assert [to_hex(b.get_facecolor()).upper() for b in ax.patches] == colors, why
        assert [b.get_hatch() or "" for b in ax.patches] == hatches, why
    text = " ".join(t.get_text() for t in made.fig.texts if t.get_text() != made.title)
    assert all(n in text for n in notes) and (notes or not text), why


def test_breakdown_stacks_parts_and_labels_totals():
    parts = an.kpi_breakdown(kpis((2022, 2, "a", None, None), (2022, 3, "b", None, None),
                                  (2023, 4, "a", None, None)), "m")
    made = plots.breakdown(parts, "m", "指標", "metric")
    assert made.name == "m_breakdown" and made.data is parts
    labels = {t.get_text() for t in made.fig.axes[0].texts}
    assert {"a 2", "b 3", "a 4", "計 5", "計 4"} <= labels


def test_cumulative_chart_data_carries_the_verdict():
    k = kpis((2022, 5, "", None, None), (2023, 6, "", None, None))
    k.loc[len(k)] = {**k.iloc[0].to_dict(), "fiscal_year": pd.NA, "value": 12.0,
                     "source_line": 30, "period_start": "2022-04-01",
                     "period_end": "2024-03-31"}
    check = an.cumulative_check(k, "m").iloc[0]
    made = plots.cumulative(an.kpi_series(k, "m"), check, "m")
    assert made.name == "m_cumulative_L30"
    assert made.data["bar"].tolist() == ["sum_of_years", "sum_of_years", "stated"]
    assert made.data["value"].tolist() == [5.0, 6.0, 12.0]
    assert not made.data["matches"].any() and (made.data["difference"] == 1).all()


HOSTILE_DEPARTMENT = r"市民部$\alpha\undefinedcmd{x}$a^b_c"


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # defaults: no Japanese font
@pytest.mark.parametrize("styled", [True, False], ids=["after setup", "matplotlib defaults"])
def test_report_text_is_drawn_literally(raw_text, tmp_path, styled):
    """Issue 16.5: `$…$` in a department name was read as mathtext and failed the run."""
    import re

    from akidx.tables.report import parse_text

    line = re.compile(r"^(２\.窓口の申請書電子化 部 )市民部", re.M)  # measure 2's sheet
    assert len(line.findall(raw_text)) == 1
    report = parse_text(line.sub(lambda m: m.group(1) + HOSTILE_DEPARTMENT, raw_text))
    assert HOSTILE_DEPARTMENT in set(report.measures.department)
    if not styled:
        matplotlib.rcdefaults()
    measures = an.with_units(report.measures)
    for made in (plots.departments(an.rating_counts(measures, by="department"), {}),
                 plots.divisions(an.rating_counts(measures, by="unit"), {})):
        paths = charts.save(made.fig, tmp_path, made.name, made.data, show=False)
        svg = paths["svg"].read_text(encoding="utf-8")
        assert HOSTILE_DEPARTMENT in svg, f"{made.name}: drawn as written, as text"
        plt.close(made.fig)
