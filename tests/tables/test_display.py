"""What a Report and its tables look like in JupyterLab: readable, escaped, data untouched."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from akidx.tables.display import shorten, whole_numbers
from akidx.tables.report import Report, parse_text
from akidx.tables.schema import frame


@pytest.fixture(scope="module")
def report(raw_text) -> Report:
    return parse_text(raw_text)


def cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)


def test_summary_names_title_hash_rows_and_ratings(report):
    report.sha256, report.source = "ab" * 32, "data/raw/x.txt"
    html = report._repr_html_()
    assert report.title in html and "ab" * 32 in html and "data/raw/x.txt" in html
    # 25 measures (chapter 1, lines 165-214); 20 〇, 3 △, 2 × (test_parse counts them by hand)
    assert "<td><code>measures</code></td><td>25</td>" in html
    assert "〇 (on_track) 20" in html and "△ (minor_revision) 3" in html
    assert "× (revision) 2" in html


def test_report_text_is_escaped_everywhere():
    evil = "<script>alert(1)</script>"
    measures = frame("measures", [{"measure_id": 1, "rating": "〇", "title": evil,
                                   "purpose": "<img src=x onerror=alert(1)>" * 10}])
    report = Report(title=f"中間報告書{evil}", tables={"measures": measures},
                    source=f"/tmp/{evil}.txt")
    for html in (report._repr_html_(), report.view("measures").to_html()):
        assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in report._repr_html_()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report.view("measures").to_html()


def test_view_shows_whole_numbers_as_integers_and_leaves_data_alone(report):
    kpis = report.kpis
    before = kpis.copy()
    html = report.view("kpis", rows=None).to_html()
    assert "5760" in cells(html) and "5760.0" not in html  # chatbot FY2022, line 1563
    pd.testing.assert_frame_equal(report.kpis, before)
    assert report.kpis["value"].dtype == "Float64"


def test_view_cuts_long_text_to_one_line(report):
    html = report.view("measures", width=30).to_html()
    outlook = report.measures["outlook"].iloc[0]
    assert len(outlook) > 30 and outlook not in html
    assert outlook[:29] + "…" in html
    assert "white-space: nowrap" in html
    assert "measures: 20 of 25 rows" in report.view("measures").to_html()


def test_view_of_an_unknown_table_lists_the_tables(report):
    with pytest.raises(KeyError, match="kpis"):
        report.view("kpi")


# (values, whole?, why)
WHOLE = [
    ([5760.0, 12236.0, None], True, "counts stored as floats"),
    ([1.5, 2.0], False, "a real fraction keeps its decimals"),
    ([None, None], True, "nothing to show"),
]


@pytest.mark.parametrize("values, expected, why", WHOLE)
def test_whole_numbers(values, expected, why):
    assert whole_numbers(pd.array(values, dtype="Float64")) is expected, why


def test_shorten():
    assert shorten("a\nb  c", 10) == "a b c"
    assert shorten("x" * 12, 10) == "x" * 9 + "…"


def test_summary_takes_the_status_the_report_gave():
    """An edition whose legend words △ as 見直しが必要: the summary says revision."""
    measures = frame("measures", [{"measure_id": 1, "rating": "△", "status": "revision"},
                                  {"measure_id": 2, "rating": "〇"}])
    html = Report(title="t", tables={"measures": measures})._repr_html_()
    assert "△ (revision) 1" in html and "〇 (on_track) 1" in html
