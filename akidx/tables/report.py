"""The parsed report: one DataFrame per table plus where it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from akidx.parse import parse_records
from akidx.tables.schema import TABLES, frame


@dataclass
class Report:
    """Everything akidx extracts from one edition of the report."""

    title: str
    tables: dict[str, pd.DataFrame]
    sha256: str = ""
    source: str = ""
    warnings: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> pd.DataFrame:
        # report.measures, report.kpis ... as attributes.
        if name in TABLES and name in self.__dict__.get("tables", {}):
            return self.tables[name]
        raise AttributeError(name)

    def summary(self) -> str:
        """A one-screen text summary: rows per table and measures per rating."""
        lines = [f"{self.title}", f"sha256 {self.sha256}" if self.sha256 else ""]
        lines += [f"  {name:<15} {len(df):>5} rows" for name, df in self.tables.items()]
        if "measures" in self.tables and len(self.measures):
            counts = self.measures["rating"].value_counts()
            lines.append("  ratings: " + "  ".join(f"{k} {v}" for k, v in counts.items()))
        classified, total = self.coverage()
        if total:
            lines.append(f"  coverage: {classified} of {total} figures classified as KPIs "
                         f"({classified / total:.0%}), {total - classified} not: see the "
                         "audit notebook, or add metric rules with --metrics")
        return "\n".join(line for line in lines if line)

    def coverage(self) -> tuple[int, int]:
        """(figures a metric rule classified, all figures): what the KPI rules understand."""
        figures = self.tables.get("figures")
        if figures is None or "metric" not in figures:
            return 0, 0
        return int(figures["metric"].notna().sum()), len(figures)


def parse_text(text: str, metrics: Sequence[dict] | None = None) -> Report:
    """Parse the report's text (already decoded) into a :class:`Report` of typed tables.

    Pure: no files. Raises :class:`akidx.ParseError` naming the line on structural
    problems; soft anomalies are in ``Report.warnings``. ``metrics``: extra metric
    rules (a checked list, see :func:`akidx.tables.read.read_metrics`).
    """
    parsed = parse_records(text, metrics)
    tables = {name: frame(name, rows) for name, rows in parsed.records.items()}
    return Report(title=parsed.title, tables=tables, warnings=parsed.warnings)
