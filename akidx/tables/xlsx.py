"""The tables as one Excel workbook (``akidx-tables.xlsx``), for city staff who work in Excel.

Pure: returns the workbook's bytes; :mod:`akidx.tables.write` writes the file. The
first sheet is the data dictionary (from :mod:`akidx.tables.schema`) with the source
file and its sha256, then one sheet per table with a frozen bold header row.
Numbers are numbers, ``date`` columns real dates, booleans TRUE/FALSE, and report text
is always a text cell: one beginning with ``=``, ``+``, ``-`` or ``@`` is stored as a
string with Excel's quote prefix, so it is never a formula, not even after editing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from akidx import config
from akidx.tables.schema import TABLES

log = logging.getLogger(__name__)

WORKBOOK = "akidx-tables.xlsx"
# Excel forbids "/" in sheet names: a full-width slash stands in for it.
README_SHEET = "説明 ／ README"
MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as a formula
MAX_CELL = 32767  # Excel's limit on the characters of one cell
MAX_WIDTH = 60  # column width cap, in Excel character units
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False}
_DICT_HEADER = ("table / 表", "column / 列", "type / 型", "日本語", "English")


def workbook_bytes(title: str, source: str, sha256: str, tables: dict[str, pd.DataFrame],
                   warnings: list[str] | tuple[str, ...] = ()) -> bytes:
    """The whole workbook: README sheet, then one sheet per table in ``tables`` order.

    XlsxWriter is imported here, not with the module: only a workbook needs it."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    book.set_properties({"title": title, "subject": config.SOURCE_CAPTION,
                         "author": f"akidx {config.VERSION}"})
    fmt = _Formats(book)
    _readme(book, fmt, title, source, sha256, list(tables), list(warnings))
    for table, df in tables.items():
        _table_sheet(book, fmt, table, df)
    book.close()
    return buffer.getvalue()


class _Formats:
    def __init__(self, book: Any):  # an xlsxwriter.Workbook
        self.header = book.add_format({"bold": True, "bottom": 1, "bg_color": "#EEEEEE"})
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.quoted = book.add_format({"quote_prefix": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})


def _readme(book, fmt: _Formats, title: str, source: str, sha256: str, tables: list[str],
            warnings: list[str]) -> None:
    sheet = book.add_worksheet(README_SHEET)
    meta = [
        ("出典 / source", config.SOURCE_CAPTION.split(": ")[-1]),
        ("報告書 / report", title),
        ("ファイル / source file", Path(source).name if source else ""),
        ("sha256", sha256),
        ("作成 / made by", f"akidx {config.VERSION}; one sheet per table, columns below"),
    ]
    _text(sheet, fmt, 0, 0, "akidx-tables.xlsx — 説明 / README", fmt.title)
    for row, (label, value) in enumerate(meta, start=1):
        _text(sheet, fmt, row, 0, label, fmt.header)
        _text(sheet, fmt, row, 1, value)
    top = len(meta) + 2
    for col, label in enumerate(_DICT_HEADER):
        sheet.write_string(top, col, label, fmt.header)
    rows = [(table, f) for table in tables for f in TABLES.get(table, [])]
    for row, (table, f) in enumerate(rows, start=top + 1):
        for col, value in enumerate((table, f.name, f.type, f.ja, f.en)):
            _text(sheet, fmt, row, col, value)
    if warnings:
        at = top + len(rows) + 2
        _text(sheet, fmt, at, 0, "解析時の注意 / parse warnings", fmt.header)
        for row, warning in enumerate(warnings, start=at + 1):
            _text(sheet, fmt, row, 0, warning)
    sheet.freeze_panes(top + 1, 0)
    widths = [_width([r[0] for r in meta] + [t for t, _ in rows], 16), 18, 9,
              _width([f.ja for _, f in rows], 20), _width([f.en for _, f in rows], 30)]
    for col, width in enumerate(widths):  # descriptions wrap rather than run off the sheet
        sheet.set_column(col, col, width, fmt.wrap if col >= 3 else None)


def _table_sheet(book, fmt: _Formats, table: str, df: pd.DataFrame) -> None:
    sheet = book.add_worksheet(table)
    fields = {f.name: f for f in TABLES.get(table, [])}
    for col, name in enumerate(df.columns):
        sheet.write_string(0, col, str(name), fmt.header)
        kind = fields[name].type if name in fields else "string"
        values = df[name].tolist()
        for row, value in enumerate(values, start=1):
            _cell(sheet, fmt, row, col, value, kind, f"{table}.{name}")
        width = 11 if kind == "date" else _width([str(name), *map(str, values[:200])], 6)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    if len(df.columns):
        sheet.autofilter(0, 0, max(len(df), 1), len(df.columns) - 1)


def _cell(sheet, fmt: _Formats, row: int, col: int, value: object, kind: str,
          where: str) -> None:
    """One value by its contract type; a missing value stays an empty cell."""
    if value is None or value is pd.NA or value == "" or (
            isinstance(value, float) and pd.isna(value)):
        return  # empty, as in the CSV
    if kind == "boolean":
        sheet.write_boolean(row, col, bool(value))
    elif kind in ("integer", "number"):
        sheet.write_number(row, col, value)
    elif kind == "date" and (day := _date(value)) is not None:
        sheet.write_datetime(row, col, day, fmt.date)
    else:
        _text(sheet, fmt, row, col, str(value), where=where)


def _text(sheet, fmt: _Formats, row: int, col: int, text: str, cell_format=None,
          where: str = "") -> None:
    """Always a text cell; one a spreadsheet would read as a formula gets a quote prefix."""
    if len(text) > MAX_CELL:
        log.warning("%s row %d: %d characters, more than an Excel cell holds (%d); cut",
                    where or sheet.name, row, len(text), MAX_CELL)
        text = text[:MAX_CELL]
    if cell_format is None and formula_like(text):
        cell_format = fmt.quoted
    sheet.write_string(row, col, text, cell_format)


def formula_like(text: str) -> bool:
    """Would a spreadsheet read ``text`` as a formula? The one rule of the workbook (a quote
    prefix) and the CSVs (a leading apostrophe, :func:`akidx.tables.opendata.csv_frame`)."""
    return text.startswith(FORMULA_STARTS)


def _date(value: object) -> dt.datetime | None:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day)


def _width(values: list[str], least: int) -> int:
    """Excel column width for ``values``: full-width characters count two."""
    widest = max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in v)
                  for v in values), default=0)
    return min(max(widest, least) + 2, MAX_WIDTH)
