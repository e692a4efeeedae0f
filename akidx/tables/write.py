"""Writing the tables: CSV, Parquet and ``datapackage.json``, atomically.

Every error a user can cause here becomes one :class:`AkidxError` with a
message that says what to do; a failure leaves the old output folder as it was.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from akidx.errors import AkidxError
from akidx.tables import opendata, xlsx
from akidx.tables.files import (
    MANIFEST,
    check_tables_folder,
    manifest_files,
    replace_dir,
    write_manifest,
)
from akidx.tables.formats import require
from akidx.tables.report import Report

if TYPE_CHECKING:
    from akidx.tables.compare import Comparison

log = logging.getLogger(__name__)

_KEEP_FILES = ("README.md", ".gitkeep")  # hand-written files that survive a rewrite


def write_tables(report: Report, out_dir: str | os.PathLike,
                 formats: Iterable[str] = ("csv",), owned: bool = False) -> list[Path]:
    """Write every table as CSV (and Parquet) plus ``datapackage.json``, atomically.

    Everything goes to a temporary sibling directory that then replaces
    ``out_dir`` whole, so a failure at any point leaves the old ``out_dir``
    exactly as it was. Returns the paths written, as they are in ``out_dir``. A folder
    that may hold a user's files is refused (``files.check_tables_folder``); the written
    one carries akidx's marker listing its files.
    """
    formats = tuple(formats)
    require(formats)
    return _replace_folder(out_dir, lambda tmp: _write_all(report, tmp, formats), owned)


def write_comparison(comparison: Comparison, out_dir: str | os.PathLike) -> list[Path]:
    """``akidx compare``'s tables as CSV plus ``datapackage.json``, atomically (as above)."""

    def fill(tmp: Path) -> list[str]:
        files = {f"{name}.csv": _write_csv(name, opendata.one_line_cells(name, df), tmp)
                 for name, df in comparison.tables.items()}
        _write_package(tmp, opendata.comparison_descriptor(comparison, files))
        return [*files, "datapackage.json"]

    return _replace_folder(out_dir, fill)


def check_no_user_files(out_dir: str | os.PathLike) -> None:
    """Refuse to replace a tables folder holding a file akidx did not write: one neither in
    its marker's list, nor named like akidx's tables, nor kept (README.md, .gitkeep)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return
    known = {*manifest_files(out_dir), *_akidx_names(), *_KEEP_FILES, MANIFEST}
    foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in known)
    if foreign:
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        raise AkidxError(f"{out_dir / foreign[0]}: was not written by akidx (not in its "
                         f"{MANIFEST}){more}; the folder is replaced whole, so move it out "
                         "first, or choose another --out")


def _akidx_names() -> set[str]:
    """Every file name akidx may write in a tables folder."""
    from akidx.tables.schema import COMPARE_TABLES, TABLES

    return {f"{table}.{ext}" for table in (*TABLES, *COMPARE_TABLES)
            for ext in ("csv", "parquet")} | {"datapackage.json", xlsx.WORKBOOK}


def _replace_folder(out_dir: str | os.PathLike, fill: Callable[[Path], list[str]],
                    owned: bool = False) -> list[Path]:
    """Fill a temporary sibling of ``out_dir`` (``fill`` returns the names written), mark
    it as akidx's, then swap it in; on any failure ``out_dir`` stays as it was."""
    out_dir = Path(out_dir)
    check_tables_folder(out_dir, owned)
    if out_dir.is_symlink():  # replace the directory it points to, keep the link
        out_dir = out_dir.resolve()
    check_no_user_files(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    except OSError as err:
        raise AkidxError(f"{out_dir}: cannot create the output directory ({err})") from err
    try:
        names = fill(tmp)
        write_manifest(tmp, "tables", names)
        for keep in _KEEP_FILES:
            if (out_dir / keep).is_file():
                shutil.copy2(out_dir / keep, tmp / keep)
        replace_dir(tmp, out_dir)
    except OSError as err:
        raise AkidxError(f"{out_dir}: cannot write the tables ({err}); "
                         "the directory was left unchanged") from err
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [out_dir / name for name in names]


def _write_all(report: Report, tmp: Path, formats: tuple[str, ...]) -> list[str]:
    files: dict[str, bytes] = {}
    cleaned = {}
    for table, df in report.tables.items():
        clean = cleaned[table] = opendata.one_line_cells(table, df)
        files[f"{table}.csv"] = _write_csv(table, clean, tmp)
        if "parquet" in formats:
            parquet_path = tmp / f"{table}.parquet"
            clean.to_parquet(parquet_path, index=False, engine="pyarrow")
            files[parquet_path.name] = parquet_path.read_bytes()
    if "xlsx" in formats:  # the same one-line cells as the CSV, in one workbook
        files[xlsx.WORKBOOK] = xlsx.workbook_bytes(report.title, report.source, report.sha256,
                                                   cleaned, report.warnings)
        (tmp / xlsx.WORKBOOK).write_bytes(files[xlsx.WORKBOOK])
    _write_package(tmp, opendata.descriptor(report, files))
    return [*files, "datapackage.json"]


def _write_csv(table: str, clean: pd.DataFrame, tmp: Path) -> bytes:
    """``<table>.csv`` in UTF-8 with a BOM (spreadsheets read the Japanese); its bytes.

    ``clean``: the table with one line per cell (:func:`opendata.one_line_cells`).
    """
    path = tmp / f"{table}.csv"
    opendata.csv_frame(clean).to_csv(
        path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path.read_bytes()


def _write_package(tmp: Path, package: dict) -> None:
    (tmp / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
