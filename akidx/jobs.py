"""What a CLI command does, as one plain function each (the CLI only reads options)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from akidx.iorw import load_report, write_tables
from akidx.report import Report

log = logging.getLogger(__name__)


def run_parse(report_path: str | os.PathLike, out_dir: str | os.PathLike,
              formats: Iterable[str] = ("csv",)) -> Report:
    """Parse the report and write its tables; the parser's warnings go to the log."""
    report = load_report(report_path)
    for warning in report.warnings:
        log.warning("%s: %s", report_path, warning)
    written = write_tables(report, out_dir, formats)
    log.info("wrote %d files to %s", len(written), out_dir)
    return report
