"""The open-data spelling of the tables: CSV cells and the Data Package descriptor.

Pure functions (no file access; :mod:`akidx.tables.write` writes the files). They
follow the 総務省 machine-readable rules: one value per cell, numbers without
separators or units, no line breaks inside a cell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from akidx import config
from akidx.tables.report import Report
from akidx.tables.schema import COMPARE_TABLES, TABLES, Field
from akidx.tables.xlsx import MEDIATYPE, README_SHEET, WORKBOOK, formula_like

if TYPE_CHECKING:
    from akidx.tables.compare import Comparison

log = logging.getLogger(__name__)


def one_line_cells(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """One line per cell (総務省 machine-readable rules): line breaks become spaces."""
    df = df.copy()
    for col in df.columns:
        if not pd.api.types.is_string_dtype(df[col]):
            continue
        broken = df[col].str.contains(r"[\r\n]", regex=True, na=False)
        if broken.any():
            log.warning("%s.%s: %d cell(s) held line breaks; written with spaces instead",
                        table, col, int(broken.sum()))
            df[col] = df[col].str.replace(r"\r\n?|\n", " ", regex=True)
    return df


# What datapackage.json and the README say about text cells in the CSVs.
FORMULA_NOTE = ("In the CSV files a text cell that begins with =, +, -, @, a tab or a carriage "
                "return starts with an apostrophe (') added by akidx, so that a spreadsheet "
                "shows it as text instead of running it as a formula; numbers are never "
                "changed, and the Parquet files and akidx.load_report() keep the report's text.")


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """CSV spelling: true/false, whole numbers without ``.0``, NA as an empty cell, and
    text a spreadsheet would run as a formula behind an apostrophe (:data:`FORMULA_NOTE`)."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_bool_dtype(series):
            out[col] = series.map({True: "true", False: "false"}).astype("string")
        elif pd.api.types.is_float_dtype(series):
            out[col] = series.map(_number).astype("string")
        elif pd.api.types.is_string_dtype(series):
            out[col] = series.map(_not_a_formula, na_action="ignore").astype(series.dtype)
    return out


def _not_a_formula(value: object) -> object:
    """``'=HYPERLINK(…)`` for ``=HYPERLINK(…)``: the workbook's rule (xlsx.formula_like)."""
    return "'" + value if isinstance(value, str) and formula_like(value) else value


def _number(value: object) -> object:
    if pd.isna(value):
        return pd.NA
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def descriptor(report: Report, files: dict[str, bytes]) -> dict:
    """Frictionless Data Package descriptor for ``files`` (name -> content) of ``report``."""
    resources = []
    for table in report.tables:
        for fmt in ("csv", "parquet"):
            name = f"{table}.{fmt}"
            if name in files:
                resources.append(_resource(table, name, files[name], fmt))
    if WORKBOOK in files:
        resources.append(_workbook_resource(files[WORKBOOK]))
    stem = Path(report.source).stem if report.source else "akidx-report"
    return {
        "profile": "tabular-data-package",
        "name": _name(stem),
        "title": report.title,
        "description": f"Tables extracted by akidx from {config.SOURCE_CAPTION.split(': ')[-1]} "
                       f"({config.PUBLISHER_EN}, {config.PUBLISHER}). {FORMULA_NOTE}",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "publisher": _PUBLISHER,
        "contributors": [_PUBLISHER],
        "sources": [_source(report)],
        # Soft anomalies the parser noted (e.g. schedule items it could not place in a
        # year): shipped with the data so that users of the CSV see them too.
        "parse_warnings": list(report.warnings),
        "resources": resources,
    }


_PUBLISHER = {
    "title": config.PUBLISHER, "title_en": config.PUBLISHER_EN,
    "local_government_code": config.LOCAL_GOVERNMENT_CODE, "role": "publisher",
}


def _name(stem: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-") or "akidx-report"


def _source(report: Report) -> dict:
    return {
        "title": f"{report.title} ({config.PUBLISHER} / {config.PUBLISHER_EN}, "
                 f"local government code {config.LOCAL_GOVERNMENT_CODE})",
        "path": Path(report.source).name if report.source else "",
        "sha256": report.sha256,
    }


def comparison_descriptor(comparison: Comparison, files: dict[str, bytes]) -> dict:
    """Data Package descriptor for ``akidx compare``'s CSV files: both editions as sources."""
    old, new = comparison.old, comparison.new
    stems = [Path(r.source).stem if r.source else "text" for r in (old, new)]
    return {
        "profile": "tabular-data-package",
        "name": _name(f"compare-{stems[0]}-{stems[1]}"),
        "title": f"{old.title} → {new.title}",
        "description": "What changed between two editions of "
                       f"{config.SOURCE_CAPTION.split(': ')[-1]}, compared by akidx "
                       f"(sources: the old edition first, then the new one). {FORMULA_NOTE}",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "publisher": _PUBLISHER,
        "contributors": [_PUBLISHER],
        "sources": [_source(old), _source(new)],
        "resources": [_resource(name.removesuffix(".csv"), name, data, "csv", COMPARE_TABLES)
                      for name, data in files.items() if name.endswith(".csv")],
    }


def _resource(table: str, name: str, data: bytes, fmt: str,
              tables: dict[str, list[Field]] = TABLES) -> dict:
    resource = {
        "name": table if fmt == "csv" else f"{table}-{fmt}",
        "path": name,
        # Data Package v1: only CSV (or inline JSON) may be a tabular-data-resource.
        "profile": "tabular-data-resource" if fmt == "csv" else "data-resource",
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/vnd.apache.parquet",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "schema": _table_schema(tables[table]),
    }
    if fmt == "csv":
        resource["encoding"] = "utf-8"  # with a BOM, which UTF-8 readers skip
        resource["dialect"] = {"delimiter": ",", "lineTerminator": "\n", "header": True}
    return resource


def _workbook_resource(data: bytes) -> dict:
    """The Excel workbook: every table again, one sheet each (not a tabular resource:
    Data Package v1 allows only CSV there); the column contract is the CSVs' schemas."""
    return {
        "name": "akidx-tables-xlsx",
        "path": WORKBOOK,
        "profile": "data-resource",
        "format": "xlsx",
        "mediatype": MEDIATYPE,
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "description": f"All tables as one Excel workbook: a sheet per table, named like the "
                       f"CSV resources, with the same columns; the first sheet "
                       f"'{README_SHEET}' is the data dictionary.",
    }


def _table_schema(columns: list[Field]) -> dict:
    fields = []
    for f in columns:
        field = {"name": f.name, "type": f.type, "title": f.ja,
                 "description": f.en, "description_ja": f.ja}
        if f.type == "boolean":
            field.update(trueValues=["true"], falseValues=["false"])
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}
