"""source.html: the report's text, escaped line by line, one anchor per line, numbered as
the parser numbers lines (a hostile copy of the report is made here)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from akidx import config
from akidx.publish.source import write_source
from akidx.tables.read import load_report, read_text

HOSTILE = ['<script>window.__s=1</script>', 'A & B &amp; C', '"double" \'single\'',
           '<img src=x onerror="window.__i=1">', "</td></tr></table><b>out</b>",
           "page\x0cfeed, line\u2028separator\x85next"]  # not line breaks to the parser
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # shown as U+FFFD


class _Rows(HTMLParser):
    """Each body row's id, line-number text and cell text; every element seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tags: set[str] = set()
        self.cell: list[str] | None = None
        self.body = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        if tag == "tbody":
            self.body = True
        elif self.body and tag == "tr":
            self.rows.append([dict(attrs).get("id", "")])
        elif self.body and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if self.body and tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def hostile_copy(folder: Path, newline: str = "\n") -> Path:
    """The real report with markup in a line of its own and inside an existing line."""
    lines = config.DEFAULT_REPORT.read_text(encoding="utf-8").split("\n")
    lines[1:1] = HOSTILE  # right after line 1: they become lines 2..7
    lines[20] = lines[20] + " " + HOSTILE[0]
    path = folder / "report.txt"
    path.write_bytes(newline.join(lines).encode("utf-8"))
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_source_page_escapes_and_anchors_every_line(tmp_path: Path, newline: str) -> None:
    report = hostile_copy(tmp_path, newline)
    text, sha, _ = read_text(report)
    count = write_source(tmp_path, text, report.name, sha)
    page = (tmp_path / "source.html").read_text(encoding="utf-8")
    parsed = _Rows()
    parsed.feed(page)
    raw = report.read_bytes().decode("utf-8").replace("\r\n", "\n").split("\n")
    assert count == len(parsed.rows) == len(raw)
    # Every row: its anchor, its visible number, its text exactly as in the file.
    assert parsed.rows == [[f"L{n}", str(n), CONTROL.sub("\ufffd", line)]
                           for n, line in enumerate(raw, start=1)]
    assert [r[2] for r in parsed.rows[1:6]] == HOSTILE[:5]
    assert parsed.rows[6][2] == "page\ufffdfeed, line\u2028separator\ufffdnext"
    assert parsed.rows[20][2].endswith(" " + HOSTILE[0])
    assert parsed.tags <= {"html", "head", "meta", "title", "style", "body", "header", "p",
                           "a", "h1", "span", "code", "main", "table", "thead", "tbody", "tr",
                           "th", "td"}  # no element from the report: no script, img or b
    assert "<script" not in page and "<img" not in page and sha in page
    assert 'href="index.html"' in page and '<html lang="ja">' in page


def test_parser_line_numbers_land_on_their_line(tmp_path: Path) -> None:
    """A figure the parser cites by line is on that line of the page (numbering agrees)."""
    report = hostile_copy(tmp_path, "\r\n")
    text, sha, _ = read_text(report)
    write_source(tmp_path, text, report.name, sha)
    parsed = _Rows()
    parsed.feed((tmp_path / "source.html").read_text(encoding="utf-8"))
    by_id = {row[0]: row[2] for row in parsed.rows}
    kpis = load_report(report).kpis
    chatbot = kpis[(kpis.metric == "chatbot_inquiries") & (kpis.fiscal_year == 2023)].iloc[0]
    line = by_id[f"L{int(chatbot.source_line)}"]
    assert re.search(r"12[,，]?236|１２，２３６", line), line  # the report's own digits
