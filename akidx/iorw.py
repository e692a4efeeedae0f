"""Stub: all file access lives here."""


def load_report(path):
    raise NotImplementedError
