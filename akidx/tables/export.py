"""``akidx parse`` and ``akidx compare`` as plain functions: read reports, write tables."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from akidx import config
from akidx.errors import AkidxError
from akidx.tables.compare import Comparison, compare
from akidx.tables.files import check_tables_folder
from akidx.tables.formats import require
from akidx.tables.read import Metrics, load_report, read_metrics
from akidx.tables.report import Report
from akidx.tables.write import check_no_user_files, write_comparison, write_tables

log = logging.getLogger(__name__)


def export_tables(report_path: str | os.PathLike, out_dir: str | os.PathLike,
                  formats: Iterable[str] = ("csv",), metrics: Metrics = None) -> Report:
    """Parse the report and write its tables (the parser logs its own warnings).

    The output folder is checked first, so a refused ``--out`` costs no parsing; a
    report inside it is refused too (replacing the folder would delete it).
    ``metrics``: extra metric rules, a YAML file (:func:`akidx.tables.read.read_metrics`).
    """
    _check_out(out_dir, report_path)
    formats = tuple(formats)
    require(formats)
    report = load_report(report_path, metrics)
    log.info("parsed %s: %d warning(s)", report_path, len(report.warnings))
    written = write_tables(report, out_dir, formats)
    log.info("wrote %s", ", ".join(p.name for p in written))
    return report


def compare_editions(old_path: str | os.PathLike, new_path: str | os.PathLike,
                     out_dir: str | os.PathLike, metrics: Metrics = None) -> Comparison:
    """Parse two editions (with the same extra metric rules), compare, write the tables."""
    _check_out(out_dir, old_path, new_path)
    rules = read_metrics(metrics) if isinstance(metrics, str | os.PathLike) else metrics
    comparison = compare(load_report(old_path, rules), load_report(new_path, rules))
    written = write_comparison(comparison, out_dir)
    log.info("wrote %s", ", ".join(p.name for p in written))
    return comparison


def _check_out(out_dir: str | os.PathLike, *reports: str | os.PathLike) -> None:
    """Refuse an ``--out`` that may hold a user's files, or that holds a report (the
    folder is replaced whole): before any parsing."""
    check_tables_folder(out_dir)
    for report in reports:
        if config.resolve_path(report).resolve().is_relative_to(Path(out_dir).resolve()):
            raise AkidxError(f"{report}: the report is inside --out {out_dir}, which is "
                             "replaced as a whole; choose another --out")
    check_no_user_files(out_dir)
