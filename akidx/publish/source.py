"""``source.html``: the report's text as one offline page, one anchor per line.

Every source-line reference on the pages (``L1563``, ``1587行目``) links here
(:mod:`akidx.publish.links`), so a reader checks a figure in one click instead of
downloading the text and counting lines. Line numbers are those of the parser
(:func:`akidx.tables.read.read_text`: ``\\n`` after CRLF/CR, nothing else breaks a
line). The text is untrusted: every line is escaped, control characters shown as
``\\ufffd``. Standard library only; written only when the report or the code changed.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from akidx.tables.files import atomic_write

SOURCE_PAGE = "source.html"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab stays; \f and \v do not


def source_lines(text: str) -> list[str]:
    """The report's lines as the parser numbers them (line 1 is ``[0]``)."""
    return text.split("\n")


def source_html(text: str, report_name: str, sha256: str) -> str:
    """The page: a table of line number (a row header) and text, row ``id="L<n>"``."""
    lines = source_lines(text)
    rows = "\n".join(
        f'<tr id="L{no}"><th scope="row">{no}</th><td>{escape(_CONTROL.sub(chr(0xFFFD), line))}'
        "</td></tr>" for no, line in enumerate(lines, start=1))
    return _PAGE.format(name=escape(report_name), sha=escape(sha256), rows=rows, css=_CSS,
                        count=len(lines))


def write_source(out: Path, text: str, report_name: str, sha256: str) -> int:
    """Write ``out/source.html`` atomically; the number of lines it anchors."""
    atomic_write(out / SOURCE_PAGE, source_html(text, report_name, sha256))
    return len(source_lines(text))


_CSS = """
:root{--ink:#1f2933;--muted:#4f5d6b;--line:#e3e8ee;--accent:#0b5cad;--mark:#fff3c4}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.55 system-ui,-apple-system,
"Segoe UI","Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif}
header,main{max-width:1100px;margin:0 auto;padding:16px 20px}
h1{font-size:22px;margin:0 0 6px;overflow-wrap:anywhere}
.meta{color:var(--muted);font-size:13px;margin:0 0 4px;overflow-wrap:anywhere}
a{color:var(--accent)}
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
table{border-collapse:collapse;width:100%;table-layout:fixed;
font:13px/1.5 ui-monospace,"Noto Sans Mono CJK JP","Noto Sans CJK JP",monospace}
thead th{text-align:left;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);
padding:4px 8px}
thead th:first-child{width:4.5em;text-align:right}
tbody th{width:4.5em;text-align:right;font-weight:400;color:var(--muted);padding:0 8px;
vertical-align:top;user-select:none}
td{padding:0 8px;white-space:pre-wrap;overflow-wrap:anywhere}
tbody tr{scroll-margin-top:30vh}
tr:target{background:var(--mark)}
tr:target th{color:var(--ink);font-weight:700}
@page{size:A4;margin:15mm}
@media print{header,main{padding:0}tr{break-inside:avoid}tr:target{background:none}}
@media (max-width:480px){header,main{padding:12px 10px}table{font-size:12px}
thead th:first-child,tbody th{width:3.6em;padding:0 6px 0 0}}
"""

_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>原文 / Source text — {name}</title>
<style>{css}</style>
</head>
<body>
<header>
<p><a href="index.html">← 一覧へ戻る / <span lang="en">Back to the index of all pages</span></a></p>
<h1>原文 / <span lang="en">Source text</span>: {name}</h1>
<p class="meta">{count} 行 /
<span lang="en">lines</span> · sha256 <code>{sha}</code></p>
<p class="meta">各ページの行番号（L12、12行目の形）はこのページの該当行へのリンクです。 /
<span lang="en">Every line number on the pages links to its line here.</span></p>
</header>
<main>
<table>
<thead><tr><th scope="col">行 / <span lang="en">Line</span></th>
<th scope="col">本文 / <span lang="en">Text</span></th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""
