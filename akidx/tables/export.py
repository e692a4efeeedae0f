"""``akidx parse`` and ``akidx compare`` as plain functions: read reports, write tables."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from akidx.tables.compare import Comparison, compare
from akidx.tables.read import load_report
from akidx.tables.report import Report
from akidx.tables.write import write_comparison, write_tables

log = logging.getLogger(__name__)


def export_tables(report_path: str | os.PathLike, out_dir: str | os.PathLike,
              formats: Iterable[str] = ("csv",)) -> Report:
    """Parse the report and write its tables (the parser logs its own warnings)."""
    report = load_report(report_path)
    log.info("parsed %s: %d warning(s)", report_path, len(report.warnings))
    written = write_tables(report, out_dir, formats)
    log.info("wrote %s", ", ".join(p.name for p in written))
    return report


def compare_editions(old_path: str | os.PathLike, new_path: str | os.PathLike,
                     out_dir: str | os.PathLike) -> Comparison:
    """Parse two editions, compare them and write the comparison's tables."""
    comparison = compare(load_report(old_path), load_report(new_path))
    written = write_comparison(comparison, out_dir)
    log.info("wrote %s", ", ".join(p.name for p in written))
    return comparison
