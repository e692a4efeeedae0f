"""Stub: replaced by the real parser."""
from akidx.report import Report


def parse_text(text: str) -> Report:
    raise NotImplementedError
