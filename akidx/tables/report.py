"""The parsed report: one DataFrame per table plus where it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from akidx.parse import parse_records
from akidx.tables.schema import TABLES, frame


@dataclass
class Report:
    """Everything akidx extracts from one edition of the report: its tables.

    Made by :func:`akidx.load_report` (from a file) or :func:`akidx.parse_text` (from
    text). Each table is a pandas DataFrame, reached as an attribute or by name:

    - ``pillars`` (基本方針), ``measures`` (施策: rating 〇/△/×, ASCII ``status``,
      department, phone, period, texts), ``yearly`` (results per fiscal year),
      ``schedule`` (planned items), ``revisions`` (見直し of △/× measures),
      ``added_measures`` (追加), ``kpis`` (figures with a metric and a period),
      ``figures`` (every number with a unit: the audit trail).
    - Columns, types and their English/Japanese meanings: ``akidx.tables.schema.TABLES``;
      every row keeps the line of the source text it comes from.

    Attributes besides the tables: ``title`` (the report's own name), ``source`` (the
    file read, '' for text), ``sha256`` (of the file's bytes), ``warnings`` (soft
    anomalies the parser noted). ``tables`` is the dict of all of them.

    In JupyterLab a Report shows a summary (title, source, sha256, rows per table,
    measures per rating); ``report.view("measures")`` shows a table readably (one line
    a row, long text cut, whole numbers without ``.0``) without changing the data.

    >>> r = akidx.load_report()
    >>> r.measures.query("status != 'on_track'")      # ASCII: no 〇/○ look-alike trap
    >>> r.kpis.query("metric == 'chatbot_inquiries'")
    >>> r.tables.keys()
    """

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

    def __repr__(self) -> str:
        rows = ", ".join(f"{name}={len(df)}" for name, df in self.tables.items())
        return f"Report({self.title!r}, source={self.source!r}, rows: {rows})"

    def _repr_html_(self) -> str:
        from akidx.tables.display import summary_html

        return summary_html(self)

    def view(self, table: str, rows: int | None = 20, width: int = 40) -> Any:
        """The table ``table`` for reading in JupyterLab (a pandas Styler): the first
        ``rows`` rows (None: all), text cut to ``width`` characters, whole-number columns
        without ``.0``, all report text HTML-escaped. Display only: the data is untouched.
        """
        from akidx.tables.display import view

        if table not in self.tables:
            raise KeyError(f"no table {table!r}; tables: {', '.join(self.tables)}")
        return view(self.tables[table], rows=rows, width=width, name=table)

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
