"""``outputs/index.html``: one offline page linking every rendered notebook.

Built from the build state only (no pandas, no parsing), so a no-op build can
refresh it in milliseconds; :func:`akidx.analysis.headline.headline` distils
what the page shows from a parsed report once, when the report or the code changes.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

from akidx.publish.links import link_lines
from akidx.publish.measure_list import RATING_CLASSES, href, id_pages, is_id_page, measures_html
from akidx.publish.source import SOURCE_PAGE
from akidx.publish.state import BuildState, RunRecord
from akidx.tables.files import atomic_write
from akidx.tables.summary import Headline, HeadlineKpi, RatingCount


def write_index(out: Path, state: BuildState, names: list[str], failed: set[str],
                meta: dict[str, str]) -> Path:
    """Write ``out/index.html`` (atomically) and return its path."""
    head = state.report.headline if state.report is not None else Headline("akidx", "")
    tables = state.report.written.tables if state.report is not None else []
    pages = id_pages(state, names)
    cards = [_card(name, state.runs.get(name), name in failed) for name in names
             if not is_id_page(state.runs.get(name))]
    page = _PAGE.format(
        title=escape(head.title or "akidx"),
        sha=escape(head.sha256), sha_short=escape(head.sha256[:12]),
        report_name=escape(meta["report_name"]), built=escape(meta["built"]),
        version=escape(meta["version"]), css=_CSS, status=escape(meta.get("status", "")),
        code=escape(meta.get("code_view", "")),
        tables=_tables(tables),
        kpis="\n".join(_kpi_row(k) for k in head.kpis) or _EMPTY_KPIS,
        ratings=_ratings(head.ratings),
        cards="\n".join(cards) or "<p class='muted'>No params files.</p>",
        measures=measures_html(head, pages),
    )
    path = out / "index.html"
    lines = state.source.lines if state.source is not None else 0
    atomic_write(path, link_lines(page, SOURCE_PAGE, lines))
    return path


def _number(value: float) -> str:
    return f"{int(value):,}" if math.isclose(value, round(value)) else f"{value:,.1f}"


def _kpi_row(k: HeadlineKpi) -> str:
    approx = "約" if k.approx else ""
    year = f"{k.fiscal_year}" + (f" <span class='muted'>({escape(k.fiscal_year_ja)})</span>"
                                 if k.fiscal_year_ja else "")
    line = f" · {escape(k.line)}" if k.line else ""  # linked by write_index
    return (f"<tr><td>{escape(k.ja)}<div class='en' lang='en'>{escape(k.en)}{line}</div></td>"
            f"<td class='year'>{year}</td>"
            f"<td class='num'>{approx}{_number(k.value)}<span class='unit'>"
            f"{escape(k.unit)}</span></td></tr>")


def _ratings(ratings: list[RatingCount]) -> str:
    total = sum(r.count for r in ratings) or 1
    # The bar is decorative (aria-hidden): the boxes carry marks, counts and words.
    bar = "".join(f"<span class='seg {RATING_CLASSES.get(r.mark, '')}' "
                  f"style='width:{100 * r.count / total:.1f}%'></span>" for r in ratings)
    boxes = "".join(
        f"<div class='rating {RATING_CLASSES.get(r.mark, '')}'><span class='mark'>"
        f"{escape(r.mark)}</span><span class='count'>{r.count}</span>"
        f"<span class='label'>{escape(r.label)}</span></div>" for r in ratings)
    return f"<div class='ratings'>{boxes}</div><div class='bar' aria-hidden='true'>{bar}</div>"


def _tables(tables: list[str]) -> str:
    """Links to ``data/``: the descriptor and each CSV (files, never a folder)."""
    links = [f"<a href='{href('data/' + t)}'>{escape(Path(t).stem)}</a>" for t in tables]
    return ("<a href='data/datapackage.json'>datapackage.json</a>"
            + (f"<div class='files'>CSV: {' · '.join(links)}</div>" if links else ""))


def _files(paths: list[str]) -> str:
    """A run's chart files, one line per chart: ``name: png · svg · csv``."""
    by_stem: dict[str, list[str]] = {}
    order = {".png": 0, ".svg": 1, ".csv": 2}
    for path in sorted(paths, key=lambda p: (order.get(Path(p).suffix, 3), p)):
        by_stem.setdefault(Path(path).stem, []).append(path)
    rows = "".join(
        f"<li>{escape(stem)}: " + " · ".join(
            f"<a href='{href(p)}'>{escape(Path(p).suffix.lstrip('.') or p)}</a>" for p in ps)
        + "</li>" for stem, ps in by_stem.items())
    return (f"<details class='files'><summary>{len(paths)} files · ファイル</summary>"
            f"<ul>{rows}</ul></details>"
            if paths else "")


def _title_html(entry: RunRecord, name: str) -> str:
    """The run's title; what sets it apart from its notebook's other runs on a line of its own."""
    title, heading = entry.title or name, entry.heading
    rest = title.removeprefix(f"{heading} — ") if heading else title
    if not heading or rest == title:
        return escape(title)
    return f"{escape(heading)}<span class='sub'>{escape(rest)}</span>"


def _card(name: str, entry: RunRecord | None, failed: bool) -> str:
    badge = ("<span class='badge'>失敗: 前回の成功分を表示 · <span lang='en'>failed: showing last "
             "good build</span></span>" if failed else "")
    if not entry:
        return (f"<article class='card missing'><div class='thumb'><span>no output yet</span></div>"
                f"<h3>{escape(name)}</h3>{badge}</article>")
    title = escape(entry.title or name)
    thumb = (f"<img src='{href(entry.thumbnail)}' alt='{title}' loading='lazy'>"
             if entry.thumbnail else "<span>no chart</span>")
    params = " · ".join(f"{k}: {v}" for k, v in entry.params.items())
    params = f"<p class='params'>{escape(params)}</p>" if params else ""
    page = href(f"html/{name}.html")
    return (f"<article class='card'><a class='thumb' href='{page}' tabindex='-1' "
            f"aria-hidden='true'>{thumb}</a>"
            f"<h3><a href='{page}'>{_title_html(entry, name)}</a></h3>"
            f"{params}"
            f"<p class='links'><code>{escape(name)}</code> · "
            f"<a href='{href(f'notebooks/{name}.ipynb')}'>ノートブック / "
            f"<span lang='en'>notebook</span> (.ipynb)</a></p>"
            f"{_files(entry.files)}{badge}</article>")


_EMPTY_KPIS = "<tr><td colspan='3' class='muted'>No KPI figures found.</td></tr>"

_CSS = """
:root{--ink:#1f2933;--muted:#4f5d6b;--line:#e3e8ee;--bg:#f6f8fa;--accent:#0b5cad;
--good:#1e7a43;--fair:#8a6200;--poor:#b83030}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,-apple-system,
"Segoe UI","Hiragino Sans","Noto Sans CJK JP","Yu Gothic",sans-serif}
header{background:#fff;border-bottom:1px solid var(--line);padding:28px 40px 20px}
header h1{margin:0 0 6px;font-size:26px}
.meta{color:var(--muted);font-size:13px;display:flex;flex-wrap:wrap;gap:6px 22px}
.meta code{font-size:12px}
main{max-width:1200px;margin:0 auto;padding:28px 40px 48px}
h2{font-size:17px;margin:0 0 14px;letter-spacing:.02em}
.top{display:grid;grid-template-columns:3fr 2fr;gap:24px;margin-bottom:32px}
.panel{background:#fff;border:1px solid var(--line);border-radius:10px;padding:20px 22px}
table{width:100%;border-collapse:collapse;font-size:14px}
th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;
border-bottom:1px solid var(--line);padding:6px 8px}
td{padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}
tr:last-child td{border-bottom:0}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;font-weight:600}
td.year{white-space:nowrap}
.en{color:var(--muted);font-size:12px}
.unit{font-weight:400;color:var(--muted);margin-left:2px}
.muted{color:var(--muted)}
.ratings{display:grid;grid-template-columns:repeat(3,1fr);gap:10px}
.rating{border-radius:8px;padding:12px;text-align:center;background:var(--bg)}
.rating .mark{display:block;font-size:22px;font-weight:700}
.rating .count{display:block;font-size:30px;font-weight:700;line-height:1.2}
.rating .label{display:block;font-size:12px;color:var(--muted)}
.good .mark,.good .count{color:var(--good)}.fair .mark,.fair .count{color:var(--fair)}
.poor .mark,.poor .count{color:var(--poor)}
.bar{display:flex;height:10px;border-radius:5px;overflow:hidden;margin-top:14px;background:var(--line)}
.seg.good{background:var(--good)}.seg.fair{background:var(--fair)}.seg.poor{background:var(--poor)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:20px}
.card{background:#fff;border:1px solid var(--line);border-radius:10px;overflow:hidden;
display:flex;flex-direction:column}
.card .thumb{display:flex;align-items:center;justify-content:center;aspect-ratio:4/3;
background:#fff;border-bottom:1px solid var(--line);color:var(--muted)}
.card img{width:100%;height:100%;object-fit:contain;padding:8px}
.card h3{font-size:15px;margin:12px 14px 4px}
.card h3 a{color:var(--ink);text-decoration:none}.card h3 a:hover{color:var(--accent)}
.links{margin:0 14px 14px;font-size:13px;color:var(--muted)}
.params{margin:0 14px 6px;font-size:13px;color:var(--ink)}
.card h3 .sub{display:block;font-size:14px;font-weight:600;color:var(--accent);margin-top:2px}
.card .files{margin:-8px 14px 14px;font-size:13px;color:var(--muted)}
.card .files ul{margin:4px 0 0;padding-left:18px}
dd .files{font-size:12px;color:var(--muted)}
.side{display:flex;flex-direction:column;gap:24px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:6px 14px;margin:0;font-size:13px}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;min-width:0}
code.sha{font-size:11px;word-break:break-all}
a{color:var(--accent)}
.badge{display:inline-block;margin:0 14px 14px;padding:2px 8px;border-radius:10px;
background:#fdecec;color:var(--poor);font-size:12px;align-self:flex-start}
footer{color:var(--muted);font-size:12px;text-align:center;padding:0 0 32px}
.measure-list{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,340px),1fr));
gap:20px;margin-bottom:32px}
.pillar{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 18px}
.pillar h3{font-size:15px;margin:0 0 10px}
ul.measures{list-style:none;margin:0;padding:0}
ul.measures li{padding:7px 0;border-top:1px solid var(--line);overflow-wrap:anywhere}
ul.measures li.added-head{font-weight:600;color:var(--muted);font-size:13px;padding-top:12px}
.mfacts{font-size:13px;color:var(--muted);display:flex;flex-wrap:wrap;gap:2px 12px}
.mrating .mark{font-weight:700}
.mrating.good .mark{color:var(--good)}.mrating.fair .mark{color:var(--fair)}
.mrating.poor .mark{color:var(--poor)}
a:focus-visible,summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
details.files summary{cursor:pointer}
@page{size:A4;margin:15mm}
@media print{body{background:#fff;font-size:10pt}header,main{padding:0}
.grid{grid-template-columns:repeat(3,1fr);gap:8px}.card .files,.card .links{display:none}
.card{break-inside:avoid;page-break-inside:avoid}.top{display:block}
.panel{break-inside:avoid;margin-bottom:12px;padding:10px 12px}
a[href]:not(.akidx-line):not(.thumb)::after{content:" <" attr(href) ">";font-size:8pt;
word-break:break-all}}
@media (max-width:900px){.top{grid-template-columns:1fr}header,main{padding-left:20px;
padding-right:20px}}
@media (max-width:480px){header,main{padding-left:12px;padding-right:12px}
header h1{font-size:22px}.panel{padding:14px 12px}table{font-size:13px}
td.year,th.num{white-space:normal}td.year .muted{display:block}
td,th{padding-left:4px;padding-right:4px}.meta code,dd code{overflow-wrap:anywhere}}
"""

_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — akidx</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<div class="meta" lang="en"><span>Report <code>{report_name}</code></span>
<span title="{sha}">sha256 <code>{sha_short}…</code></span>
<span>Built {built}</span><span>akidx {version}</span></div>
</header>
<main>
<h2 id="measures">施策ごとのページ · <span lang="en">A page for each measure</span></h2>
<p class="muted">基本方針ごとの施策と達成状況（報告書の凡例の言葉）、担当です。
施策名からその施策のページへ。 · <span lang="en">Each measure by pillar, with its rating
in the words of the report's legend
and its department; a measure's name opens its page.</span></p>
<div class="measure-list">
{measures}
</div>
<div class="top">
<section class="panel"><h2>主な指標（最新年度） · <span lang="en">Headline KPIs</span></h2>
<table><thead><tr><th scope="col">指標 · <span lang="en">Metric</span></th>
<th scope="col">年度 · <span lang="en">FY</span></th>
<th scope="col" class="num">値 · <span lang="en">Value</span></th></tr></thead>
<tbody>
{kpis}
</tbody></table></section>
<div class="side">
<section class="panel"><h2>達成状況 · <span lang="en">Ratings</span></h2>
{ratings}
</section>
<section class="panel"><h2>ビルド情報 · <span lang="en">Build</span></h2>
<dl class="facts">
<dt>報告書 · <span lang="en">Report</span></dt><dd><code>{report_name}</code></dd>
<dt>sha256</dt><dd><code class="sha">{sha}</code></dd>
<dt>作成 · <span lang="en">Built</span></dt><dd>{built}</dd>
<dt>akidx</dt><dd>{version}</dd>
<dt>今回 · <span lang="en">This build</span></dt><dd lang="en">{status}</dd>
<dt>コード · <span lang="en">Code</span></dt><dd>{code}</dd>
<dt>原文 · <span lang="en">Source</span></dt><dd><a href="source.html">source.html</a>
<div class="files">報告書の全文、行番号つき · <span lang="en">the report's text, line by line
</span></div></dd>
<dt>表 · <span lang="en">Tables</span></dt><dd>{tables}</dd>
</dl>
</section>
</div>
</div>
<h2>分析ページ · <span lang="en">Analysis pages</span></h2>
<p class="muted">各ページのコード / <span lang="en">Code on each page</span>: {code}</p>
<div class="grid">
{cards}
</div>
</main>
<footer lang="en">Generated by <code>python -m akidx build</code></footer>
</body>
</html>
"""
