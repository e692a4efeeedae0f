"""``akidx parse`` as one plain function: read the report, write its tables."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from akidx.tables.read import load_report
from akidx.tables.report import Report
from akidx.tables.write import write_tables

log = logging.getLogger(__name__)


def export_tables(report_path: str | os.PathLike, out_dir: str | os.PathLike,
              formats: Iterable[str] = ("csv",)) -> Report:
    """Parse the report and write its tables (the parser logs its own warnings)."""
    report = load_report(report_path)
    log.info("parsed %s: %d warning(s)", report_path, len(report.warnings))
    written = write_tables(report, out_dir, formats)
    log.info("wrote %s", ", ".join(p.name for p in written))
    return report
