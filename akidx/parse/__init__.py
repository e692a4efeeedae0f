"""The parser: report text in, row records out. Pure (no files, no globals, no pandas).

Knows nothing of tables, notebooks or the build. Vocabulary (era names, rating
marks, headings, units, metric rules) lives in :mod:`akidx.parse.vocab`; the
line model in ``lines``, table cells in ``table_cells``, chapter 1 (ratings,
revisions, added measures) in ``chapter1``, the measure sheets in ``chapter2``,
numbers with units and KPIs in ``quantities``; ``document`` puts them together.
"""

from akidx.parse.document import Parsed, parse_records

__all__ = ["Parsed", "parse_records"]
