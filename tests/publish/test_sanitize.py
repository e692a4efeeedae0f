"""The renderer's second wall: allow-listed markup stays, anything that could run shows as text."""

from __future__ import annotations

import pytest

from akidx.publish.sanitize import clean_html, safe_css

PNG = "data:image/png;base64,iVBORw0KGgo="
CASES = [
    ('<p>a <img src=x onerror="window.__x=1"></p>',
     '<p>a &lt;img src=x onerror="window.__x=1"&gt;</p>', "an image handler is shown as written"),
    ("<script>window.__y=1</script>", "&lt;script&gt;window.__y=1&lt;/script&gt;",
     "a script is shown as text"),
    ('<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;x</a>',
     "javascript: links are not links"),
    ('<a href="DATA:text/html,x">x</a>', '&lt;a href="DATA:text/html,x"&gt;x</a>',
     "data: links are not links (any case)"),
    ('<p onclick="x()">p</p>', '&lt;p onclick="x()"&gt;p</p>', "event handlers on allowed tags"),
    ('<iframe src="https://e.x"></iframe>', '&lt;iframe src="https://e.x"&gt;&lt;/iframe&gt;',
     "frames are never live"),
    ('<img src="https://e.x/t.png">', '&lt;img src="https://e.x/t.png"&gt;',
     "no image is fetched: pages are offline"),
    (f'<img src="{PNG}" alt="chart">', f'<img src="{PNG}" alt="chart">',
     "embedded chart images stay"),
    ('<h2 id="h">T<a class="anchor-link" href="#h">¶</a></h2>',
     '<h2 id="h">T<a class="anchor-link" href="#h">¶</a></h2>', "headings and anchors stay"),
    ('<a href="../data/kpis.csv">kpis</a>', '<a href="../data/kpis.csv">kpis</a>',
     "relative links stay"),
    ('<table><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td>'
     '</tr></tbody></table>',
     '<table><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td>'
     '</tr></tbody></table>', "tables with header cells stay; escaped text stays escaped"),
    ('<p><em lang="en">English</em></p>', '<p><em lang="en">English</em></p>',
     "lang attributes stay"),
    ('<span style="color: red; position: fixed">x</span>', '<span style="color: red;">x</span>',
     "inline styles keep allow-listed declarations only"),
    ('<span style="border-bottom: 1px solid #ccc; position: fixed">x</span>',
     '<span style="border-bottom: 1px solid #ccc;">x</span>', "table borders stay"),
    ('<span style="background-image: url(https://e.x)">x</span>',
     '&lt;span style="background-image: url(https://e.x)"&gt;x</span>',
     "an inline style that fetches is shown as text"),
    ('<style>#T_a td {text-align: left; white-space: pre-wrap}</style><p>t</p>',
     '<style>#T_a td {text-align: left; white-space: pre-wrap;}</style><p>t</p>',
     "a Styler table's style block keeps its plain rules"),
    ('<style>@import url(https://e.x/a.css); p {background: url(https://e.x)}</style><p>t</p>',
     "<p>t</p>", "style blocks lose imports and urls (nothing fetched)"),
    ("<!-- hidden --><p>t</p>", "<p>t</p>", "comments go"),
    ('<P CLASS="x">a < b &amp; c</P>', '<p class="x">a &lt; b &amp; c</p>', "rebuilt"),
    ('<details open><summary>s</summary></details>', "<details open><summary>s</summary></details>",
     "boolean attributes"),
    ("<style>td {color: red}", "&lt;style&gt;td {color: red}", "an unclosed style is text"),
    ("<script>x()", "&lt;script&gt;x()", "an unclosed script is text"),
    ('<a href="java&#x09;script:x()">x</a>', '&lt;a href="java&amp;#x09;script:x()"&gt;x</a>',
     "entities cannot hide a scheme"),
]


@pytest.mark.parametrize(("raw", "expected", "why"), CASES, ids=[c[2] for c in CASES])
def test_clean_html(raw: str, expected: str, why: str) -> None:
    assert clean_html(raw) == expected, why


def test_safe_css_keeps_no_markup() -> None:
    # A selector cannot close the <style> element the rules are written back into.
    assert safe_css("p</style><script>x</script> {color: red}") == ""
