"""Issue 16.9: report text that a spreadsheet would run as a formula is text in the CSVs
too (a leading apostrophe, the workbook's rule), while numbers stay numbers and
``load_report()`` keeps the report's text exactly."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from test_xlsx import FORMULAS, formula_copy

from akidx.tables import opendata, xlsx
from akidx.tables.read import load_report
from akidx.tables.write import write_tables

# (cell text, as the CSV writes it, why)
CASES = [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")', "a formula with a link"),
    ("+1", "'+1", "a sum"),
    ("-2", "'-2", "text that looks like a negative number"),
    ("@SUM(A1)", "'@SUM(A1)", "Lotus-style function"),
    ("\t=1+1", "'\t=1+1", "a tab first (some importers strip it)"),
    ("\r=1+1", "'\r=1+1", "a carriage return first"),
    ("昭島市=市民部", "昭島市=市民部", "= inside the text is harmless"),
    ("'quoted", "'quoted", "already text: left alone"),
    ("", "", "empty"),
]


@pytest.mark.parametrize(("text", "expected", "why"), CASES, ids=[c[2] for c in CASES])
def test_text_cells(text, expected, why):
    df = pd.DataFrame({"title": pd.array([text], dtype="string")})
    assert opendata.csv_frame(df)["title"].iloc[0] == expected, why
    assert xlsx.formula_like(text) == (expected != text), f"{why}: the workbook's rule too"


def test_numbers_and_missing_values_are_not_text():
    df = pd.DataFrame({"value": pd.array([-5.0, 1.5, None], dtype="Float64"),
                       "measure_id": pd.array([-1, 2, None], dtype="Int64"),
                       "note": pd.array([None, "-", "x"], dtype="string")})
    out = opendata.csv_frame(df)
    assert out["value"].tolist()[:2] == ["-5", "1.5"] and pd.isna(out["value"].iloc[2])
    assert out["measure_id"].tolist()[:2] == [-1, 2]
    assert pd.isna(out["note"].iloc[0]) and out["note"].tolist()[1:] == ["'-", "x"]


def test_csv_neutralised_load_report_exact(raw_text, tmp_path):
    """A report whose titles begin with formulas, parsed and written as `akidx parse` does."""
    source = tmp_path / "report.txt"
    source.write_text(formula_copy(raw_text), encoding="utf-8")
    report = load_report(source)
    write_tables(report, tmp_path / "out")
    with open(tmp_path / "out" / "measures.csv", encoding="utf-8-sig", newline="") as f:
        rows = {int(r["measure_id"]): r for r in csv.DictReader(f)}
    titles = report.measures.set_index("measure_id")["title"]
    for measure, prefix, why in FORMULAS:
        assert titles[measure].startswith(prefix), f"{why}: load_report keeps the text"
        assert rows[measure]["title"] == "'" + titles[measure], why
    assert rows[1]["title"] == titles[1], "ordinary text is unchanged"
    assert rows[1]["pillar_id"] == "1", "numbers stay numbers"
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    assert opendata.FORMULA_NOTE in package["description"], "said in the data dictionary"
