"""Report text and run names on pages: shown literally, links that work (no browser needed)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from nbconvert.filters.markdown import markdown2html

from akidx.publish.index import write_index
from akidx.publish.state import BuildState, ReportInfo, RunRecord, TablesWritten
from akidx.publish.titles import markdown_text
from akidx.tables.summary import Headline

IMG = '<img src=x onerror="window.__x=1">'
TITLES = [
    (IMG, "an HTML tag in a params value"),
    ("**bold** _it_ `code` [link](javascript:x) # 1", "Markdown markup"),
    ("a &amp; b & c", "entities and ampersands"),
    ("KPIの推移 / KPI trend — 件数", "plain text"),
    ("back\\slash\\*", "backslashes"),
]


class _Heading(HTMLParser):
    """The elements and the text of a rendered heading, minus nbconvert's "¶" anchor."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        if self.tags[-1:] != ["a"]:
            self.text += data


@pytest.mark.parametrize(("title", "why"), TITLES, ids=[t[1] for t in TITLES])
def test_markdown_text_renders_literally(title: str, why: str) -> None:
    heading = _Heading()
    heading.feed(markdown2html(f"# {markdown_text(title)}"))  # nbconvert's own Markdown
    assert heading.tags == ["h1", "a"], why  # no element but the heading and its anchor
    assert heading.text.strip() == title, why


NAMES = [("r#1", "a hash is a fragment in a URL"), ("r%20x", "a percent sign is an escape"),
         ("a b'c", "spaces and quotes"), ("<b>", "markup in a file name")]


def report_info(headline: dict) -> ReportInfo:
    """The build state's report record for a headline given as JSON (missing lists empty)."""
    full = {"kpis": [], "ratings": [], "pillars": [], "measures": [], "added": [], **headline}
    written = TablesWritten(report_sha=full["sha256"], code_sha="c", data_dir="",
                            formats=["csv"], metrics_sha="", tables=[])
    return ReportInfo(headline=Headline.from_json(full), written=written)


def test_index_links_work_for_any_run_name(tmp_path: Path) -> None:
    state = BuildState(report=report_info({"title": f"report {IMG}", "sha256": "0" * 64}))
    for name, _ in NAMES:
        for rel in (f"html/{name}.html", f"notebooks/{name}.ipynb", f"charts/{name}/c.png"):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text("x")
        state.runs[name] = RunRecord(key="k", title=f"T {IMG}", params={"label": IMG},
                                     thumbnail=f"charts/{name}/c.png",
                                     files=[f"charts/{name}/c.png"])
    meta = {"report_name": f"{IMG}.txt", "built": "now", "version": "0", "code_view": "folded"}
    page = write_index(tmp_path, state, [n for n, _ in NAMES], set(), meta).read_text()
    assert IMG not in page and "<b>" not in page  # every piece of text escaped
    base = (tmp_path / "index.html").as_uri()
    # Where a browser goes: the attribute unescaped, resolved as a URL, its path decoded.
    targets = {Path(unquote(urlsplit(urljoin(base, unescape(link))).path))
               for link in re.findall(r"""\b(?:href|src)='([^']*)'""", page)}
    for name, why in NAMES:
        for rel in (f"html/{name}.html", f"notebooks/{name}.ipynb", f"charts/{name}/c.png"):
            assert tmp_path / rel in targets, why


def _index_state(tmp_path: Path) -> BuildState:
    """Two pillars, three measures (one without a page), one added measure with a page."""
    report = {"title": "r", "sha256": "0" * 64,
              "pillars": [{"id": 1, "title": f"便利 {IMG}"}, {"id": 2, "title": "スマート"}],
              "measures": [
                  {"id": 1, "title": f"オンライン化 {IMG}", "pillar": 1, "mark": "△",
                   "label": "概ね予定どおり実施されているが、軽微な見直しが必要",
                   "department": "総務部 デジタル戦略担当"},
                  {"id": 13, "title": "AI・RPA", "pillar": 2, "mark": "〇",
                   "label": "予定どおり実施されている", "department": "総務部"},
                  {"id": 14, "title": "電子決裁", "pillar": 2, "mark": "×",
                   "label": "見直しが必要", "department": ""}],
              "added": [{"id": 2, "title": "子ども", "pillar": 1, "department": "子ども未来課"}]}
    state = BuildState(report=report_info(report))
    for name, params in (("measure-01", {"measure_id": "1"}), ("measure-13", {"measure_id": "13"}),
                         ("added-02", {"added_id": "2"}), ("ratings", {"pillar": "all"})):
        state.runs[name] = RunRecord(key="k", title=name, params=params)
        (tmp_path / "html").mkdir(exist_ok=True)
        (tmp_path / "html" / f"{name}.html").write_text("x")
    return state


def test_index_lists_measures_by_pillar(tmp_path: Path) -> None:
    state = _index_state(tmp_path)
    meta = {"report_name": "r.txt", "built": "now", "version": "0", "code": "folded"}
    page = write_index(tmp_path, state, ["ratings", "measure-01", "measure-13", "added-02"],
                       set(), meta).read_text()
    assert IMG not in page  # report text escaped
    sections = re.findall(r"<section class='pillar'><h3>(.*?)</h3>(.*?)</section>", page, re.S)
    assert [unescape(h) for h, _ in sections] == [f"基本方針1. 便利 {IMG}", "基本方針2. スマート"]
    first, second = (body for _, body in sections)
    # Mark and meaning in words (never colour alone), department, link to the page.
    assert "<a href='html/measure-01.html'>1. オンライン化" in first
    assert "△</span> 概ね予定どおり実施されているが、軽微な見直しが必要" in first
    assert "総務部 デジタル戦略担当" in first
    assert "追加施策" in first and "<a href='html/added-02.html'>追加2. 子ども</a>" in first
    assert "<a href='html/measure-13.html'>13. AI・RPA</a>" in second
    assert "〇</span> 予定どおり実施されている" in second
    assert "14. 電子決裁" in second and "html/measure-14" not in page  # no page, no dead link
    assert "×</span> 見直しが必要" in second
    # Measure pages are in the list, not among the analysis cards.
    cards = re.findall(r"<article class='card'>.*?</article>", page, re.S)
    assert len(cards) == 1 and "html/ratings.html" in cards[0]
