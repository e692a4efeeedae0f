"""The renderer's second wall: an allow-list for every piece of HTML a notebook produces.

Report text is escaped where it enters a page (takeaways, tables, titles); this
catches what slips through. The output is rebuilt, never passed through: allowed
tags (headings, paragraphs, lists, tables, links, embedded chart images) with
allowed, harmless attributes (``class``, ``id``, ``lang``, plain inline styles...)
are written anew; any other markup — ``<script>``, ``on*=`` handlers,
``javascript:`` links, images from a URL, ``<iframe>`` — is written back as the
text it was, so the reader sees it literally: nothing runs, nothing is lost.
``<style>`` blocks (pandas Styler tables) keep plain rules from bleach's CSS allow-list.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from typing import Any

import tinycss2
from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
VOID = frozenset({"br", "col", "hr", "img"})
COMMON = frozenset({"class", "id", "lang", "title", "dir", "style"})
ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "ol": {"start"},
    "td": {"colspan", "rowspan", "headers"}, "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"}, "colgroup": {"span"}, "details": {"open"},
}
IMAGE_URI = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")
# http(s), mailto, in-page and relative links; any other scheme (javascript:, data:) is not.
SAFE_HREF = re.compile(r"(?:https?:|mailto:|#|[^:/?#]*(?:[/?#]|\Z))", re.IGNORECASE)
CSS_DANGER = re.compile(r"url\(|expression|@import|[<>\\]", re.IGNORECASE)
# bleach's list plus box and text properties tables use; none of them can load a URL.
_CSS = CSSSanitizer(allowed_css_properties=ALLOWED_CSS_PROPERTIES | {
    "border", "border-top", "border-bottom", "border-left", "border-right", "border-width",
    "border-style", "padding", "padding-top", "padding-bottom", "padding-left", "padding-right",
    "margin", "min-width", "max-width", "word-break", "overflow-wrap", "font-variant-numeric"})


def _allowed(tag: str, name: str, value: str | None) -> bool:
    """Whether attribute ``name=value`` is harmless on (allowed) ``tag``."""
    value = (value or "").strip()
    if name == "style":
        return not CSS_DANGER.search(value)
    if name in COMMON:
        return True
    if name not in ATTRIBUTES.get(tag, ()):
        return False
    if tag == "img" and name == "src":
        return bool(IMAGE_URI.match(value))
    if tag == "a" and name == "href":
        return bool(SAFE_HREF.match(value))
    return True


def safe_css(css: str) -> str:
    """Plain ``selector {allowed declarations}`` rules of ``css``; at-rules and urls dropped."""
    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        body = _CSS.sanitize_css(tinycss2.serialize(rule.content))
        if selector and body and not CSS_DANGER.search(selector + body) and "{" not in selector:
            rules.append(f"{selector} {{{body}}}")
    return "\n".join(rules)


class _Rebuild(HTMLParser):
    """Writes allowed markup anew and everything else back as escaped source text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.css: list[str] | None = None  # inside <style>: its text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":
            self.css = []
        elif tag in TAGS and all(_allowed(tag, k, v) for k, v in attrs):
            self.out.append(f"<{tag}{self._attrs(attrs)}>")
        else:
            self.out.append(escape(self.get_starttag_text() or f"<{tag}>", quote=False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self.handle_endtag(tag)
        elif tag in TAGS and tag not in VOID and self.out[-1].startswith("<"):
            self.out.append(f"</{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self.css is not None:
            css, self.css = safe_css("".join(self.css)), None
            if css:
                self.out.append(f"<style>{css}</style>")
        elif tag in TAGS:
            if tag not in VOID:
                self.out.append(f"</{tag}>")
        else:
            self.out.append(escape(f"</{tag}>", quote=False))

    def handle_data(self, data: str) -> None:
        (self.css if self.css is not None else self.out).append(
            data if self.css is not None else escape(data, quote=False))

    @staticmethod
    def _attrs(attrs: list[tuple[str, str | None]]) -> str:
        parts = []
        for name, value in attrs:
            if name == "style":
                value = _CSS.sanitize_css(value or "")
            parts.append(f" {name}" if value is None else f' {name}="{escape(value)}"')
        return "".join(parts)


def clean_html(html: Any) -> str:
    """``html`` with only allow-listed markup live; the rest shown as the text it was."""
    parser = _Rebuild()
    parser.feed(html.decode() if isinstance(html, bytes) else str(html))
    parser.close()
    rest = parser.rawdata  # what an unclosed <script> or <style> held back: text
    if parser.css is not None:
        rest = "<style>" + "".join(parser.css) + rest
    return "".join(parser.out) + escape(rest, quote=False)
