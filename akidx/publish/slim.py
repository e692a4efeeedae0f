"""A page's stylesheets without the rules that cannot apply to it.

nbconvert's lab template inlines JupyterLab's whole stylesheet (~250 KB: widgets,
editors, menus, icons as data URIs) into every page; a page for one measure needs a
tenth of it. The pages run no JavaScript, so a rule whose selector needs a class
that no element of the page has can never match: dropping it changes nothing a
reader sees. Custom properties (``--jp-icon-…``) that nothing reads go too.

Conservative by construction: a selector with ``:not(…)``, ``:is(…)``, ``:where(…)``
or ``:has(…)`` is kept, as are at-rules other than ``@media``/``@supports``
(whose inner rules are pruned) and every rule without a class in its selector.
"""

from __future__ import annotations

import functools
import re

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_LOGICAL = re.compile(r":(not|is|where|has|matches|-webkit-any|-moz-any)\(", re.I)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CUSTOM = re.compile(r"^\s*(--[\w-]+)\s*:", re.S)


def page_classes(page: str) -> set[str]:
    """Every class an element of ``page`` has."""
    found: set[str] = set()
    for m in _CLASS_ATTR.finditer(page):
        found.update((m.group(1) or m.group(2) or "").split())
    return found


def may_match(selector: str, classes: set[str]) -> bool:
    """Whether ``selector`` (one of a list) can match an element with only ``classes``."""
    if _LOGICAL.search(selector):
        return True
    return all(c in classes for c in _CLASS.findall(_ATTRIBUTE.sub("", selector)))


def prune_rules(css: str, classes: set[str]) -> str:
    """``css`` without the rules no selector of which :func:`may_match`."""
    return prune_rules_of(_rules(css), classes)


def prune_rules_of(rules: tuple, classes: set[str]) -> str:
    """:func:`prune_rules` of already split rules."""
    out = []
    for head, selectors, body in rules:
        if isinstance(body, tuple):  # @media / @supports: prune inside
            inner = prune_rules_of(body, classes)
            if inner:
                out.append(f"{head}{{{inner}}}")
        elif not selectors or any(may_match(s, classes) for s in selectors):
            out.append(f"{head}{{{body}}}" if head else body)
    return "\n".join(out)


@functools.lru_cache(maxsize=32)
def _rules(css: str) -> tuple:
    """``css`` as ``(head, selectors, body)`` rules, once per stylesheet (every page of a
    build inlines the same one): ``selectors`` empty for an at-rule (kept), ``body`` the
    inner rules of ``@media``/``@supports``."""
    css = _COMMENT.sub("", css)
    out: list[tuple] = []
    i, n = 0, len(css)
    while i < n:
        start = css.find("{", i)
        if start < 0:
            if css[i:].strip():
                out.append(("", (), css[i:].strip()))
            break
        head, end = css[i:start].strip(), _closing(css, start)
        body = css[start + 1:end]
        if head.startswith(("@media", "@supports")):
            out.append((head, (), _rules(body)))
        elif head.startswith("@"):
            out.append((head, (), body))
        else:
            out.append((head, tuple(head.split(",")), body))
        i = end + 1
    return tuple(out)


def _closing(css: str, start: int) -> int:
    """The index of the ``}`` closing the block opened at ``start`` (or the end)."""
    depth = 0
    for k in range(start, len(css)):
        if css[k] == "{":
            depth += 1
        elif css[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(css)


def declarations(body: str) -> list[str]:
    """A rule body split at its top-level ``;`` (a data URI's ``;base64`` stays whole)."""
    parts, depth, last = [], 0, 0
    for k, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            parts.append(body[last:k])
            last = k + 1
    parts.append(body[last:])
    return [p for p in parts if p.strip()]


def used_properties(css: str) -> frozenset[str]:
    """The custom properties ``css`` reads with ``var(--name)``."""
    return frozenset(re.findall(r"var\(\s*(--[\w-]+)", css))


@functools.lru_cache(maxsize=64)
def prune_properties(css: str, used: frozenset[str]) -> str:
    """``css`` without the custom properties not in ``used`` (cached: the pages of one
    notebook prune to the same stylesheets)."""

    def keep(m: re.Match) -> str:
        if "--" not in m.group(2):
            return m.group(0)
        kept = [d for d in declarations(m.group(2))
                if not ((c := _CUSTOM.match(d)) and c.group(1) not in used)]
        return f"{m.group(1)}{{{';'.join(kept)}}}"

    return re.sub(r"([^{}]*)\{([^{}]*)\}", keep, css)


def slim_page(page: str) -> str:
    """``page`` with every ``<style>`` block pruned for the classes its elements have."""
    classes = page_classes(page)
    blocks = [prune_rules(m.group(2), classes) for m in _STYLE.finditer(page)]
    used = used_properties("\n".join(blocks))  # a theme block defines what another reads
    kept = iter([prune_properties(b, used) for b in blocks])
    return _STYLE.sub(lambda m: m.group(1) + next(kept) + m.group(3), page)
