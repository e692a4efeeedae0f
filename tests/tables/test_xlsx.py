"""``--format xlsx``: the workbook read back (openpyxl) holds the CSVs' values, typed, and
report text that looks like a formula stays text."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from akidx.tables.report import parse_text
from akidx.tables.schema import TABLES
from akidx.tables.write import write_tables
from akidx.tables.xlsx import README_SHEET, WORKBOOK

# (measure, what its chapter-1 title is made to begin with, why)
FORMULAS = [
    (2, '=HYPERLINK("http://x","y")', "a formula with a link"),
    (3, "+1", "a sum"),
    (6, "@SUM(A1)", "Lotus-style function"),
    (7, "-2", "a negative number"),
]


def formula_copy(text: str) -> str:
    """The report with the chapter-1 titles of FORMULAS' measures (lines 167-177) prefixed."""
    for measure, prefix, _ in FORMULAS:
        digit = chr(0xFF10 + measure)  # chapter 1 numbers its measures in full width
        line = re.compile(rf"^({digit}\.)(\S+ [〇△×] *)$", re.M)
        assert len(line.findall(text)) == 1, measure
        text = line.sub(lambda m, p=prefix: m.group(1) + p + m.group(2), text)
    return text


def spelled(value: object) -> str:
    """A cell value in the CSV's spelling (see README: true/false, 12236, ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)


@pytest.fixture(scope="module")
def written(raw_text, tmp_path_factory) -> Path:
    report = parse_text(raw_text)
    report.source, report.sha256 = "data/raw/akishima-dx-midterm-report-2024.txt", "0f" * 32
    out = tmp_path_factory.mktemp("xlsx") / "tables"
    write_tables(report, out, ("csv", "xlsx"))
    return out


@pytest.fixture(scope="module")
def book(written) -> openpyxl.Workbook:
    return openpyxl.load_workbook(written / WORKBOOK)


@pytest.mark.parametrize("table", list(TABLES))
def test_sheet_round_trips_to_the_csv(written, book, table):
    csv = pd.read_csv(written / f"{table}.csv", dtype=str, keep_default_na=False,
                      encoding="utf-8-sig")
    sheet = book[table]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(csv.columns) == [f.name for f in TABLES[table]]
    got = [[spelled(v) for v in row] for row in rows[1:]]
    assert got == csv.values.tolist()


@pytest.mark.parametrize("table", list(TABLES))
def test_cells_carry_their_contract_type(book, table):
    sheet = book[table]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    for col, f in enumerate(TABLES[table], start=1):
        letter = openpyxl.utils.get_column_letter(col)
        assert 6 <= sheet.column_dimensions[letter].width <= 62, (table, f.name)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
            if cell.value is None:
                continue
            want = {"integer": (int,), "number": (int, float), "boolean": (bool,),
                    "date": (dt.datetime,), "string": (str,)}[f.type]
            assert isinstance(cell.value, want), (table, f.name, cell.value)
            if f.type == "date":
                assert cell.number_format == "yyyy-mm-dd"


def test_chatbot_figure_is_a_number_and_its_period_a_date(book):
    """kpis: chatbot FY2023 = 12,236 件 (line 1575), 2023-04-01…2024-03-31."""
    header = [c.value for c in book["kpis"][1]]
    rows = [dict(zip(header, r, strict=True)) for r in book["kpis"].iter_rows(
        min_row=2, values_only=True)]
    row = next(r for r in rows if r["metric"] == "chatbot_inquiries" and r["fiscal_year"] == 2023)
    assert row["value"] == 12236 and row["source_line"] == 1575
    assert row["period_start"] == dt.datetime(2023, 4, 1)
    assert row["period_end"] == dt.datetime(2024, 3, 31)


def test_readme_sheet_is_the_data_dictionary(book):
    assert book.sheetnames == [README_SHEET, *TABLES]
    sheet = book[README_SHEET]
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    flat = {v for row in values for v in row if v}
    assert "akishima-dx-midterm-report-2024.txt" in flat and "0f" * 32 in flat
    header = next(i for i, row in enumerate(values) if row[:2] == ("table / 表", "column / 列"))
    described = values[header + 1:header + 1 + sum(len(f) for f in TABLES.values())]
    want = [(t, f.name, f.type, f.ja, f.en) for t, fields in TABLES.items() for f in fields]
    assert [row[:5] for row in described] == want
    assert sheet.freeze_panes == f"A{header + 2}"


def test_datapackage_lists_the_workbook(written):
    package = json.loads((written / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["path"] == WORKBOOK)
    data = (written / WORKBOOK).read_bytes()
    assert resource["bytes"] == len(data)
    assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
    assert resource["format"] == "xlsx" and "tabular" not in resource["profile"]


def test_text_that_looks_like_a_formula_stays_text(raw_text, tmp_path):
    report = parse_text(formula_copy(raw_text))
    write_tables(report, tmp_path / "out", ("csv", "xlsx"))
    path = tmp_path / "out" / WORKBOOK
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n)
                                  for n in sheets)
    sheet = openpyxl.load_workbook(path)["measures"]
    titles = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for measure, prefix, why in FORMULAS:
        cell = titles[measure]
        assert cell.data_type == "s" and cell.value.startswith(prefix), why
        assert cell.value == report.measures.set_index("measure_id").loc[measure, "title"]
        assert cell.quotePrefix, f"{why}: kept as text even when edited in Excel"
    plain = titles[1]
    assert not plain.quotePrefix, "ordinary text gets no quote prefix"
