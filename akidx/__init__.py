"""akidx: the Akishima City DX plan mid-term report as tidy, open-data tables.

>>> import akidx
>>> report = akidx.load_report("data/raw/akishima-dx-midterm-report-2024.txt")
>>> report.kpis.query("metric == 'chatbot_inquiries'")
"""

from akidx.errors import AkidxError, BuildError, InputError, ParseError
from akidx.iorw import load_report
from akidx.parse import parse_text
from akidx.report import Report

__version__ = "0.1.0"
__all__ = [
    "AkidxError", "BuildError", "InputError", "ParseError", "Report", "load_report",
    "parse_text", "__version__",
]
