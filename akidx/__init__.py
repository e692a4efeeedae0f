"""akidx: the Akishima City DX plan mid-term report as tidy, open-data tables.

>>> import akidx
>>> report = akidx.load_report()            # the default report; or a path
>>> report.kpis.query("metric == 'chatbot_inquiries'")
>>> report.measures.query("status != 'on_track'")

``akidx.RATING_MARKS`` (〇 △ ×, as the report prints them), and
``akidx.RATING_STATUS`` (mark -> ASCII status) are the rating vocabulary;
``akidx.view(df)`` shows any table readably in JupyterLab (display only);
``akidx.compare(old, new)`` says what changed between two editions:

>>> akidx.compare(baseline, report).kpis.query("status == 'revised'")
"""

from akidx.config import VERSION as __version__
from akidx.errors import AkidxError, BuildError, InputError, ParseError

# Loaded on first use: they import pandas (~0.4 s), which a no-op `akidx build`
# or `akidx --version` never needs.
_LAZY = {"load_report": "akidx.tables.read", "parse_text": "akidx.tables.report",
         "Report": "akidx.tables.report", "RATING_MARKS": "akidx.parse.vocab",
         "RATING_STATUS": "akidx.parse.vocab",
         "view": "akidx.tables.display", "compare": "akidx.tables.compare",
         "Comparison": "akidx.tables.compare"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'akidx' has no attribute {name!r}")


__all__ = [
    "AkidxError", "BuildError", "Comparison", "InputError", "ParseError", "RATING_MARKS",
    "RATING_STATUS", "Report", "compare", "load_report", "parse_text", "view",
    "__version__",
]
