"""Every page of a real build, as a reader on a small phone meets it (Chromium, 320 CSS px):
nothing scrolls sideways but a table's own focusable region, no raw printed output or
``<NA>`` outside folded code, one code toggle per run of code cells, headings in both
languages, every line citation a working link into source.html, charts never cut in print.

The pages are found in the build, not listed: a new notebook's pages are checked too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browserkit import browser, build, hostile_report, open_all_details, pages

pytestmark = pytest.mark.slow  # starts Jupyter kernels and a browser

PHONE = {"width": 320, "height": 640}
# Raw values a reader must never meet, and headings that are column ids (measure_id).
RAW = re.compile(r"<NA>|\bNaN\b|\bnan\b|\bNaT\b")
RAW_CELL = {"None", "null", "NA", "<NA>", "nan", ""}  # a whole cell of these: a missing value
COLUMN_ID = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$")


@pytest.fixture(scope="module")
def chrome():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The project's notebooks and params on a report copy (compare runs: its baseline,
    the project's report, differs from the copy)."""
    root = tmp_path_factory.mktemp("reader")
    build(report=hostile_report(root), out_dir=root / "outputs", jobs=2)
    return root / "outputs"


def name(path: Path, out: Path) -> str:
    return path.relative_to(out).as_posix()


def sideways(page) -> dict:
    """The page's width and every element that scrolls sideways, with whether it may."""
    return page.evaluate("""() => ({
        width: document.documentElement.scrollWidth,
        scrollers: [...document.querySelectorAll('body *')].filter(e => {
            const s = getComputedStyle(e);
            return e.scrollWidth > e.clientWidth + 1 && /auto|scroll/.test(s.overflowX);
        }).map(e => ({tag: e.tagName, role: e.getAttribute('role'),
                      tabindex: e.getAttribute('tabindex'),
                      label: e.getAttribute('aria-label') || ''})),
        clipped: [...document.querySelectorAll('body *')].filter(e => {
            const s = getComputedStyle(e);
            return e.scrollWidth > e.clientWidth + 1 && /hidden|clip/.test(s.overflowX)
                && e.querySelector('table, pre') && e.getClientRects().length;
        }).map(e => e.tagName + '.' + e.className)})""")


def test_every_page_reflows_at_320_px(out: Path, chrome) -> None:
    page = chrome.new_page(viewport=PHONE)
    seen = []
    for path in pages(out):
        page.goto(path.as_uri())
        for state in ("folded", "unfolded"):
            if state == "unfolded":
                open_all_details(page)
            found = sideways(page)
            assert found["width"] <= PHONE["width"], (name(path, out), state, found)
            assert found["clipped"] == [], (name(path, out), state, found["clipped"])  # cut off
            for scroller in found["scrollers"]:  # only a named region a keyboard reaches
                assert scroller["role"] == "region" and scroller["tabindex"] == "0" \
                    and scroller["label"], (name(path, out), state, scroller)
        seen.append(name(path, out))
    assert {"index.html", "source.html", "html/audit.html", "html/compare.html",
            "html/kpi_chatbot_inquiries.html"} <= set(seen), seen


def test_no_raw_output_outside_folded_code(out: Path, chrome) -> None:
    page = chrome.new_page()
    for path in pages(out):
        if path.name == "source.html":
            continue  # the report's own text, as it is
        page.goto(path.as_uri())
        found = page.evaluate("""() => {
            const outside = e => !e.closest('details');
            const text = [...document.querySelectorAll('main, body > :not(script):not(style)')]
                .map(e => e.innerText).join('\\n');
            return {
              raw: [...document.querySelectorAll(
                  '.jp-OutputArea-output[data-mime-type="text/plain"], pre')]
                  .filter(outside).map(e => e.innerText.slice(0, 80)),
              headings: [...document.querySelectorAll('th')].filter(outside)
                  .map(e => e.innerText.trim()),
              cells: [...document.querySelectorAll('.akidx-table td')].filter(outside)
                  .map(e => e.innerText.trim()),
              text: text};
        }""")
        where = name(path, out)
        assert found["raw"] == [], (where, found["raw"])
        assert not RAW.search(found["text"]), (where, RAW.search(found["text"]))
        assert not RAW_CELL & set(found["cells"]), (where, RAW_CELL & set(found["cells"]))
        ids = [c for c in found["cells"] if COLUMN_ID.match(c)]  # chatbot_inquiries: a word
        assert ids == [], (where, ids)
        for heading in found["headings"]:
            assert not COLUMN_ID.match(heading), (where, heading)
        if where.startswith("html/"):  # the notebooks' tables: Japanese and English
            columns = page.eval_on_selector_all(
                ".akidx-table thead th", "e => e.map(t => t.innerText.trim())")
            bilingual = [h for h in columns
                         if re.search(r"[\u3040-\u9fff]", h) and re.search(r"[A-Za-z]", h)]
            assert bilingual == columns, (where, sorted(set(columns) - set(bilingual)))


def test_consecutive_code_cells_fold_under_one_toggle(out: Path, chrome) -> None:
    page = chrome.new_page()
    for path in sorted((out / "html").glob("*.html")):
        page.goto(path.as_uri())
        runs = page.evaluate("""() => {
            const cells = [...document.querySelectorAll('main > .jp-Cell')];
            const shows = c => c.querySelector('.jp-OutputArea-output') !== null;
            return [cells.length, cells.filter((c, i) => i > 0
                && c.classList.contains('jp-CodeCell')
                && cells[i - 1].classList.contains('jp-CodeCell') && !shows(cells[i - 1]))
                .length];
        }""")
        toggles = page.locator("details.akidx-code").count()
        assert runs[0] > 1 and runs[1] == 0 and toggles >= 1, (path.name, runs, toggles)


def test_a_kpi_page_line_link_opens_that_line(out: Path, chrome) -> None:
    page = chrome.new_page(viewport=PHONE)
    page.goto((out / "html" / "kpi_chatbot_inquiries.html").as_uri())
    links = page.locator("a.akidx-line")
    assert links.count() >= 3  # the table's lines, the cumulative takeaway (ja, en)
    row = page.locator(".akidx-table tr", has_text="12,236").first
    link = row.locator("a.akidx-line").first
    cited = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/source.html#{cited}"), page.url
    target = page.evaluate("""() => { const t = document.querySelector(':target');
        return t && [t.id, t.querySelector('th').innerText, t.querySelector('td').innerText,
                     t.getBoundingClientRect().top]; }""")
    assert target is not None, cited
    assert target[0] == cited and target[1] == cited.removeprefix("L")
    assert "12,236" in target[2]  # the line holds the figure the table showed
    assert -1 <= target[3] < PHONE["height"]  # scrolled into view
    # Every citation on every page points at a line that exists.
    lines = (out / "source.html").read_text(encoding="utf-8").count('<tr id="L')
    for path in pages(out):
        hrefs = re.findall(r'class="akidx-line" href="([^"]+)"', path.read_text("utf-8"))
        for href in hrefs:
            prefix, number = href.split("#L")
            assert prefix in ("source.html", "../source.html") and 1 <= int(number) <= lines


def test_print_keeps_charts_whole(out: Path, chrome) -> None:
    page = chrome.new_page()
    page.goto((out / "html" / "kpi_chatbot_inquiries.html").as_uri())
    page.emulate_media(media="print")
    styles = page.eval_on_selector_all(
        ".jp-RenderedImage, .jp-RenderedImage img",
        "e => e.map(x => getComputedStyle(x).breakInside)")
    assert styles and set(styles) == {"avoid"}, styles
    assert page.locator("details.akidx-code").first.is_hidden()
    pdf = page.pdf(format="A4")
    count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    charts = page.locator(".jp-RenderedImage img").count()
    assert 1 <= count <= charts + 3, count  # about a page per chart, not one per table row
