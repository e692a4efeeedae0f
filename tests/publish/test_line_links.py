"""Line citations become links to source.html: the three forms the analysis layer writes,
only outside tags, links, code and quoted report text, only for lines the report has."""

from __future__ import annotations

import pytest

from akidx.publish.links import link_lines
from akidx.publish.sanitize import clean_html


def a(text: str, line: int, prefix: str = "../source.html") -> str:
    return f'<a class="akidx-line" href="{prefix}#L{line}">{text}</a>'


MAX = 3718  # the report's line count in these cases
CASES = [
    ("<td>L1563</td>", f"<td>{a('L1563', 1563)}</td>", "a table's line column"),
    ("（1587行目）は", f"（{a('1587行目', 1587)}）は", "a Japanese takeaway"),
    ("報告書の12行目に", f"報告書の{a('12行目', 12)}に", "after kana"),
    ("(line 1587) matches", f"({a('line 1587', 1587)}) matches", "an English takeaway"),
    ("12,236件 (L1563) 「十件」", f"12,236件 ({a('L1563', 1563)}) 「十件」", "compare's cell"),
    ("L1, L3718", f"{a('L1', 1)}, {a('L3718', 3718)}", "first and last line"),
    ("L0 L3719 L99999", "L0 L3719 L99999", "no such line: no link"),
    ("「L2スイッチ 12行目」", "「L2スイッチ 12行目」", "inside quoted report text"),
    ("「a『L5』b」 L6", f"「a『L5』b」 {a('L6', 6)}", "nested quotes, then ours"),
    ("「unclosed L7", "「unclosed L7", "an unclosed quote: the rest is quoted"),
    ("旧L1563", "旧L1563", "the baseline edition's lines are not this report's"),
    ("HTML5 XL12 L12a L12.5 #L12 /L12 1,234行目", "HTML5 XL12 L12a L12.5 #L12 /L12 1,234行目",
     "glued to other characters: not a citation"),
    ("<a href='x'>L12</a>", "<a href='x'>L12</a>", "already a link"),
    ("<pre>L12</pre><code>12行目</code>", "<pre>L12</pre><code>12行目</code>", "code, printed"),
    ("<style>.L12{}</style><img alt='L12'>", "<style>.L12{}</style><img alt='L12'>",
     "a style sheet, an attribute"),
    ("<td title='L12'>x</td>", "<td title='L12'>x</td>", "an attribute"),
    ("<pre><br/>L9</pre> L9", f"<pre><br/>L9</pre> {a('L9', 9)}", "after the skipped part"),
    ("a &amp; L9 &lt;b&gt;", f"a &amp; {a('L9', 9)} &lt;b&gt;", "escaped text around it"),
]


@pytest.mark.parametrize(("raw", "expected", "why"), CASES, ids=[c[2] for c in CASES])
def test_link_lines(raw: str, expected: str, why: str) -> None:
    assert link_lines(raw, "../source.html", MAX) == expected, why


def test_prefix_and_no_source() -> None:
    assert link_lines("L5", "source.html", MAX) == a("L5", 5, "source.html")  # from the index
    assert link_lines("L5", "source.html", 0) == "L5"  # no source page: nothing to link to


def test_links_pass_the_allow_list_unchanged() -> None:
    linked = link_lines("<p>L12 and 12行目 and line 12</p>", "../source.html", MAX)
    assert linked.count("<a ") == 3
    assert clean_html(linked) == linked
