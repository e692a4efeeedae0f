"""Soft anomalies found while parsing: logged, and collected for ``Report.warnings``.

The collection list lives in a context variable set by ``parse_text``, so two
parses in two threads never see each other's notes, and a caller who silences
the logger still gets them in the Report.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("akidx.parse")
_notes: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("akidx_notes",
                                                                          default=None)


def warn(message: str, *args: object) -> None:
    """Record a soft anomaly (printf-style arguments) and log it as a warning."""
    text = message % args if args else message
    bucket = _notes.get()
    if bucket is not None:
        bucket.append(text)
    log.warning("%s", text)


@contextmanager
def collecting() -> Iterator[list[str]]:
    """Collect the notes warned inside the ``with`` block."""
    bucket: list[str] = []
    token = _notes.set(bucket)
    try:
        yield bucket
    finally:
        _notes.reset(token)
