"""akidx: the Akishima City DX plan mid-term report as tidy, open-data tables.

>>> import akidx
>>> report = akidx.load_report("data/raw/akishima-dx-midterm-report-2024.txt")
>>> report.kpis.query("metric == 'chatbot_inquiries'")
>>> akidx.compare(baseline, report).kpis.query("status == 'revised'")
"""

from akidx.config import VERSION as __version__
from akidx.errors import AkidxError, BuildError, InputError, ParseError

# Loaded on first use: they import pandas (~0.4 s), which a no-op `akidx build`
# or `akidx --version` never needs.
_LAZY = {"load_report": "akidx.tables.read", "parse_text": "akidx.tables.report",
         "Report": "akidx.tables.report", "compare": "akidx.tables.compare",
         "Comparison": "akidx.tables.compare"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'akidx' has no attribute {name!r}")


__all__ = [
    "AkidxError", "BuildError", "Comparison", "InputError", "ParseError", "Report", "compare",
    "load_report", "parse_text", "__version__",
]
