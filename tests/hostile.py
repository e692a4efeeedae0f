"""Hostile inputs built inside the tests (issue 16): shared by tests/tables and tests/publish."""

from __future__ import annotations


def alias_bomb(key: str, head: str = "- metric: foo\n  ", indent: str = "  ") -> str:
    """Nine levels of anchors (``&b [*a, *a, ...]``) defined under ``any:`` and the last one
    used as ``key``: 9**9 values once expanded, in ~340 bytes."""
    levels = ["&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"&{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return f"{head}any: [{', '.join(levels)}]\n{indent}{key}: *i\n"
