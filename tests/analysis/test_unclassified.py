"""The audit's list of figures no metric rule classified, and the coverage takeaway."""

from __future__ import annotations

import pytest

from akidx.analysis.audit import coverage_sentences, unclassified_figures
from akidx.tables.report import parse_text
from akidx.tables.schema import frame


def figures(*rows: tuple) -> object:
    return frame("figures", [{"value": v, "unit": u, "metric": m, "measure_id": 3,
                              "source_line": line, "quote": q} for v, u, m, line, q in rows])


# (figures rows, expected (figure, line) listed, why)
CASES = [
    ([(5, "か年", None, 23, "5か年計画")], [("5か年", 23)], "an unclassified figure"),
    ([(12236, "件", "chatbot_inquiries", 9, "12,236件の問い合わせ")], [], "a KPI is not listed"),
    ([(12236, "件", "chatbot_inquiries", 9, "x"), (2, "倍", None, 10, "2倍")],
     [("2倍", 10)], "only the unclassified one of two"),
    ([(1.5, "倍", None, 11, "1.5倍")], [("1.5倍", 11)], "a fraction keeps its digit"),
]


@pytest.mark.parametrize("rows, expected, why", CASES, ids=[c[2] for c in CASES])
def test_unclassified_figures(rows, expected, why):
    df = unclassified_figures(figures(*rows))
    assert list(zip(df["figure"], df["source_line"], strict=True)) == expected, why


def test_the_report_lists_the_nine_figures_read_by_hand(raw_text):
    df = unclassified_figures(parse_text(raw_text).figures)
    assert sorted(df["source_line"]) == [23, 433, 1545, 1545, 2663, 2679, 2724, 2724, 3057]
    row = df[df["source_line"] == 23].iloc[0]
    assert row["figure"] == "5か年" and "5か年計画" in row["excerpt"]


def test_coverage_sentences_count_both_kinds():
    ja, en = coverage_sentences(figures((1, "件", "m", 1, "a"), (2, "倍", None, 2, "b"),
                                        (3, "倍", None, 3, "c"), (4, "件", "m", 4, "d")))
    assert "4件のうち2件（50%）" in ja and "残る2件" in ja
    assert en.startswith("2 of 4 figures with a unit (50%)")
