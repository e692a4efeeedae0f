"""``akidx parse`` as one plain function: read the report, write its tables."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from akidx.errors import AkidxError
from akidx.tables.files import check_tables_folder
from akidx.tables.read import load_report
from akidx.tables.report import Report
from akidx.tables.write import write_tables

log = logging.getLogger(__name__)


def export_tables(report_path: str | os.PathLike, out_dir: str | os.PathLike,
              formats: Iterable[str] = ("csv",)) -> Report:
    """Parse the report and write its tables (the parser logs its own warnings).

    The output folder is checked first, so a refused ``--out`` costs no parsing; a
    report inside it is refused too (replacing the folder would delete it).
    """
    check_tables_folder(out_dir)
    if Path(report_path).resolve().is_relative_to(Path(out_dir).resolve()):
        raise AkidxError(f"{report_path}: the report is inside --out {out_dir}, which is "
                         "replaced as a whole; choose another --out")
    report = load_report(report_path)
    log.info("parsed %s: %d warning(s)", report_path, len(report.warnings))
    written = write_tables(report, out_dir, formats)
    log.info("wrote %s", ", ".join(p.name for p in written))
    return report
