"""Source-line references on a finished page become links to ``source.html``.

The analysis layer cites lines in three forms: ``L1563`` (:func:`akidx.analysis.labels.line_ref`,
tables), ``1587行目`` (Japanese takeaways) and ``line 1587`` (English takeaways). This runs
once per page, after the sanitiser, on text nodes only: never inside a tag, an existing
link, code, ``<pre>`` (printed output), ``<style>``, ``<script>`` or ``<head>``, and never
inside 「…」 or 『…』 — quoted report text is the report's words, not our citations. Only
numbers from 1 to the report's line count become links; the link is a plain ``<a class
href>``, which the allow-list (:mod:`akidx.publish.sanitize`) keeps as it is.

Standard library only: the index uses it in a no-op build.
"""

from __future__ import annotations

import re
from html import escape

# A citation stands alone: no letter, digit or path character glued to it.
_REF = re.compile(
    r"(?<![\w.#/&-])L(?P<l>\d{1,7})(?![\w.])"
    r"|(?<![0-9A-Za-z.,])(?P<ja>\d{1,7})行目"
    r"|(?<![\w-])(?P<en>[Ll]ines? (?P<n>\d{1,7}))(?![\w.])")
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)")
_SKIP = frozenset({"a", "code", "pre", "script", "style", "head", "title", "textarea", "kbd",
                   "samp"})
_OPEN, _CLOSE = "「『", "」』"


def line_href(prefix: str, line: int) -> str:
    """``../source.html#L12`` from a page in ``html/``, ``source.html#L12`` from the index."""
    return f"{prefix}#L{line}"


def link_text(text: str, prefix: str, max_line: int) -> str:
    """One text node (already HTML-escaped) with its citations linked."""
    out, depth, pos = [], 0, 0
    for i, ch in enumerate(text):  # quote depth per character: citations only outside
        if ch in _OPEN:
            out.append(_link_part(text[pos:i], prefix, max_line) if depth == 0 else text[pos:i])
            depth, pos = depth + 1, i
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                out.append(text[pos:i + 1])
                pos = i + 1
    rest = text[pos:]
    out.append(_link_part(rest, prefix, max_line) if depth == 0 else rest)
    return "".join(out)


def _link_part(text: str, prefix: str, max_line: int) -> str:
    def repl(m: re.Match[str]) -> str:
        line = int(m.group("l") or m.group("ja") or m.group("n"))
        if not 1 <= line <= max_line:
            return m.group(0)
        return (f'<a class="akidx-line" href="{escape(line_href(prefix, line))}">'
                f"{m.group(0)}</a>")

    return _REF.sub(repl, text)


def link_lines(html: str, prefix: str, max_line: int) -> str:
    """``html`` (a sanitised page or fragment) with every recognised citation linked."""
    if max_line < 1:
        return html
    parts = _TOKEN.split(html)
    skip: dict[str, int] = {}
    for i, part in enumerate(parts):
        if i % 2:  # a tag or comment
            m = _TAG.match(part)
            if m and m.group(2).lower() in _SKIP and not part.endswith("/>"):
                name = m.group(2).lower()
                skip[name] = max(0, skip.get(name, 0) + (-1 if m.group(1) else 1))
        elif part and not any(skip.values()):
            parts[i] = link_text(part, prefix, max_line)
    return "".join(parts)
