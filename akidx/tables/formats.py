"""The table formats, and the optional library each one needs.

CSV is always written (pandas alone). Parquet needs pyarrow and the Excel workbook
XlsxWriter: both are extras (``pip install "akidx[parquet]"``, ``"akidx[xlsx]"``), so
``akidx parse`` works without them, imports them only when ``--format`` asks, and says
which extra to install before anything is parsed or written. Standard library only.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable

from akidx.errors import AkidxError

FORMATS = ("csv", "parquet", "xlsx")  # table formats: CSV always, the others on request
# format -> (module it imports, distribution on the package index, akidx extra)
LIBRARIES = {"parquet": ("pyarrow", "pyarrow", "parquet"),
             "xlsx": ("xlsxwriter", "XlsxWriter", "xlsx")}


def require(formats: Iterable[str]) -> None:
    """Check that the library of every optional format in ``formats`` is installed,
    without importing it; a missing one is an :class:`AkidxError` naming the extra."""
    for fmt in formats:
        if fmt not in LIBRARIES:
            continue
        module, distribution, extra = LIBRARIES[fmt]
        if importlib.util.find_spec(module) is None:
            raise AkidxError(f"--format {fmt} needs {distribution}, which is not installed; "
                             f'pip install "akidx[{extra}]" (or {distribution})')
