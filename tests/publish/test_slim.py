"""A page's stylesheets lose only what cannot apply to it (publish/slim.py)."""

from __future__ import annotations

import pytest

from akidx.publish.slim import declarations, may_match, prune_properties, prune_rules, slim_page

CLASSES = {"jp-Cell", "jp-OutputArea", "akidx-code"}
# (selector, may match a page with CLASSES, why)
SELECTORS = [
    (".jp-Cell", True, "a class the page has"),
    (".jp-Cell .jp-OutputArea > pre", True, "every class present"),
    (".jp-Cell .jp-Toolbar", False, "one class missing"),
    ("body", True, "no class"),
    ("a:hover", True, "a pseudo-class, no class"),
    (".jp-Toolbar:not(.jp-Cell)", True, ":not() kept whatever it names"),
    (":is(.jp-Toolbar, .x) p", True, ":is() kept"),
    ("[data-x='.jp-Toolbar'] .jp-Cell", True, "a dot inside an attribute is no class"),
    (".jp-Cell.lm-mod-hidden", False, "a compound selector with a missing class"),
]


@pytest.mark.parametrize("selector, expected, why", SELECTORS, ids=[c[2] for c in SELECTORS])
def test_may_match(selector: str, expected: bool, why: str) -> None:
    assert may_match(selector, CLASSES) is expected, why


# (stylesheet, kept, why)
SHEETS = [
    (".jp-Cell{a:1}.jp-Toolbar{b:2}", ".jp-Cell{a:1}", "the missing class's rule goes"),
    (".jp-Toolbar, .jp-Cell{a:1}", ".jp-Toolbar, .jp-Cell{a:1}", "one selector of a list fits"),
    ("/* c { } */p{a:1}", "p{a:1}", "comments, with braces, go"),
    ("@media print{.jp-Toolbar{a:1}.jp-Cell{b:2}}", "@media print{.jp-Cell{b:2}}",
     "pruned inside @media"),
    ("@media print{.jp-Toolbar{a:1}}", "", "an @media left empty goes"),
    ("@keyframes spin{from{a:1}to{a:2}}", "@keyframes spin{from{a:1}to{a:2}}", "kept at-rule"),
]


@pytest.mark.parametrize("css, kept, why", SHEETS, ids=[c[2] for c in SHEETS])
def test_prune_rules(css: str, kept: str, why: str) -> None:
    assert prune_rules(css, CLASSES).replace("\n", "") == kept, why


def test_declarations_keep_data_uris_whole() -> None:
    body = "--a: url(data:image/svg+xml;base64,AAA=); color: red;"
    assert declarations(body) == ["--a: url(data:image/svg+xml;base64,AAA=)", " color: red"]


def test_unused_custom_properties_go() -> None:
    css = ":root{--used: 1px;--icon: url(data:x;base64,Q);--chain: 2px}p{margin:var(--used)}"
    used = frozenset({"--used"})
    assert prune_properties(css, used) == ":root{--used: 1px}p{margin:var(--used)}"


def test_slim_page_reads_variables_across_style_blocks() -> None:
    """A theme block defines what another block reads: both count."""
    page = ("<style>:root{--ink:#000;--gone:1}</style><style>.jp-Cell{color:var(--ink)}"
            ".jp-Toolbar{color:red}</style><body><div class='jp-Cell'></div></body>")
    assert slim_page(page) == ("<style>:root{--ink:#000}</style><style>.jp-Cell{color:var(--ink)}"
                               "</style><body><div class='jp-Cell'></div></body>")
