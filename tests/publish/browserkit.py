"""Headless Chromium for the page tests: Debian's ``chromium`` driven by Playwright, axe-core.

``make test`` installs the browser (``make browser``); without it the tests fail with
a message saying so, never skip silently.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
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


def pages(out: Path) -> list[Path]:
    """``index.html`` and every page of a build."""
    return [out / "index.html", *sorted((out / "html").glob("*.html"))]


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
