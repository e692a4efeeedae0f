"""Headless Chromium for the page tests: Debian's ``chromium`` driven by Playwright, axe-core.

``make test`` installs the browser (``make browser``); without it the tests fail with
a message saying so, never skip silently.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from akidx import config
from akidx.publish import build as akidx_build

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IMG = '<img src=x onerror="window.__x=1">'
SCRIPT = "<script>window.__y=1</script>"
# JIS X 8341-3:2016 AA is WCAG 2.0 AA; the 2.1 A/AA rules are checked too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str:
    path = CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")
    if not path:
        pytest.fail("headless Chromium not found at /usr/bin/chromium: run `make browser` "
                    "(as root: apt-get install -y chromium)", pytrace=False)
    return str(path)


@contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium (one per test module: it takes ~1 s to start)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=chromium_path(), headless=True, args=ARGS)
        try:
            yield chrome
        finally:
            chrome.close()


def build(**options):
    """akidx build in its own thread: Playwright's sync API holds this thread's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(akidx_build, **options).result()


def hostile_report(folder: Path) -> Path:
    """The real report with HTML in a revision item and in a 係 name."""
    text = config.DEFAULT_REPORT.read_text(encoding="utf-8")
    item, section = "・保険証の利用登録などで", "係 市民係 電話"
    assert text.count(item) == 1 and text.count(section) == 1  # the copy changes what we think
    text = text.replace(item, f"・保険証{IMG}の利用登録などで")
    text = text.replace(section, f"係 市民{SCRIPT}係 電話")
    path = folder / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def pages(out: Path) -> list[Path]:
    """Every page of a build, whatever notebooks made them: ``index.html``, each
    ``html/*.html`` and ``source.html`` (when the build wrote it)."""
    source = [out / "source.html"] if (out / "source.html").is_file() else []
    return [out / "index.html", *sorted((out / "html").glob("*.html")), *source]


def axe_violations(page: Any) -> list[str]:
    """One line per axe-core violation on the loaded ``page``: rule, node, message.

    Contrast axe could measure but files as "incomplete" (one-character text such as
    a lone 〇/△/× or digit) counts too when the measured ratio is below the required one.
    """
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                      "resultTypes": ["violations", "incomplete"]})
    lines = []
    for violation in result.response["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']}: {node['target']} {node['html'][:120]} "
                         f"— {node.get('failureSummary', '')[:200]}")
    for maybe in result.response["incomplete"]:
        for node in maybe["nodes"] if maybe["id"] == "color-contrast" else []:
            data = (node["any"] or [{}])[0].get("data") or {}
            ratio, needed = data.get("contrastRatio"), data.get("expectedContrastRatio")
            if ratio and needed and float(ratio) < float(str(needed).rstrip(":1")):
                lines.append(f"color-contrast (short text): {node['target']} {node['html'][:80]} "
                             f"{ratio} < {needed}")
    return lines


def open_all_details(page: Any) -> int:
    """Unfold every ``<details>``, so axe also checks the folded code; how many there were."""
    return page.evaluate("() => { const d = [...document.querySelectorAll('details')];"
                         " d.forEach(e => { e.open = true; }); return d.length; }")
