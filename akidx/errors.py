"""One exception family for everything akidx raises on purpose.

The CLI turns any :class:`AkidxError` into a one-line message and exit code 2;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class AkidxError(Exception):
    """Base class: a problem with the user's input or environment, not a bug."""


class InputError(AkidxError, OSError):
    """The report file cannot be read: missing, a directory, empty, binary, a PDF."""


class ParseError(AkidxError, ValueError):
    """The text was read but does not have the structure of the report.

    ``line`` is the 1-based line number in the source file, when there is one.
    """

    def __init__(self, message: str, line: int | None = None, text: str | None = None):
        self.reason = message
        self.line = line
        self.text = text
        where = f"line {line}: " if line else ""
        shown = f" (found {text.strip()[:40]!r})" if text and text.strip() else ""
        super().__init__(f"{where}{message}{shown}")


class BuildError(AkidxError, RuntimeError):
    """One or more notebook runs failed during ``akidx build``."""


class MetricsError(AkidxError, ValueError):
    """A metrics rules file (``--metrics``) is unreadable or one of its rules is invalid."""
class KernelStartError(BuildError):
    """No Jupyter kernel could be started: the whole build stops, naming the fix."""
