"""The renderer's second wall: an allow-list for every piece of HTML a notebook produces.

Report text is escaped where it enters a page (takeaways, tables, titles); this
catches what slips through. Markup a page needs (headings, paragraphs, lists,
tables, links, embedded chart images, ``lang``) passes; anything that could run
or fetch (``<script>``, ``on*=`` handlers, ``javascript:`` links, images from a
URL, ``<iframe>``...) is *escaped*, not dropped, so the reader sees the text
literally and nothing is lost. ``<style>`` blocks (pandas Styler tables) keep
only plain declarations from bleach's CSS allow-list.
"""

from __future__ import annotations

import re
from typing import Any

import bleach
import tinycss2
from bleach.css_sanitizer import CSSSanitizer
from bleach.sanitizer import BleachSanitizerFilter

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
COMMON = {"class", "id", "lang", "title", "dir", "style"}
ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "ol": {"start"},
    "td": {"colspan", "rowspan", "headers"}, "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"}, "colgroup": {"span"}, "details": {"open"},
}
IMAGE_URI = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")
SAFE_HREF = re.compile(r"(?:https?:|mailto:|#|[^:/?#]*(?:[/?#]|\Z))", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
CSS_DANGER = re.compile(r"url\(|expression|@import|[<>\\]", re.IGNORECASE)
_CSS = CSSSanitizer()


def _allowed(tag: str, name: str, value: str) -> bool:
    """Whether attribute ``name=value`` is harmless on ``tag``."""
    if name in COMMON:
        return name != "style" or not CSS_DANGER.search(value)
    if name not in ATTRIBUTES.get(tag, ()):
        return False
    if tag == "img" and name == "src":
        return bool(IMAGE_URI.match(value.strip()))
    if tag == "a" and name == "href":
        return bool(SAFE_HREF.match(value.strip()))
    return True


class _EscapeUnsafe(BleachSanitizerFilter):
    """Like bleach's filter, but an allowed tag with an unsafe attribute is shown as text."""

    def sanitize_token(self, token: dict[str, Any]) -> Any:
        if token["type"] in ("StartTag", "EmptyTag") and token["name"] in self.allowed_tags:
            attrs = token.get("data") or {}
            if any(not _allowed(token["name"], name, value) for (_, name), value in attrs.items()):
                return self.disallowed_token(token)
        return super().sanitize_token(token)


class _Cleaner(bleach.Cleaner):
    def clean(self, text: str) -> str:
        if not text:
            return ""
        dom = self.parser.parseFragment(text)
        filtered = _EscapeUnsafe(
            source=self.walker(dom), allowed_tags=self.tags, attributes=self.attributes,
            strip_disallowed_tags=False, strip_html_comments=True,
            css_sanitizer=self.css_sanitizer, allowed_protocols=self.protocols)
        return self.serializer.render(filtered)


_CLEANER = _Cleaner(tags=TAGS, attributes=_allowed, css_sanitizer=_CSS,
                    protocols={"http", "https", "mailto", "data"})


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


def clean_html(html: Any) -> str:
    """``html`` with only allow-listed markup live; the rest shown as text."""
    html = html.decode() if isinstance(html, bytes) else str(html)
    styles = [safe_css(m.group(1)) for m in STYLE_BLOCK.finditer(html)]
    body = _CLEANER.clean(STYLE_BLOCK.sub("", html))
    css = "\n".join(s for s in styles if s)
    return (f"<style>{css}</style>\n" if css else "") + body
