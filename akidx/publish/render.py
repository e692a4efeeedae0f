"""Executed notebook -> one self-contained, offline, publishable HTML page.

One :class:`HTMLExporter` is built per build and reused: its first render pays for
Jinja and Pygments setup (~0.3 s), later ones cost a few tens of milliseconds,
against ~0.8 s for a ``jupyter nbconvert`` process per notebook.

Every markdown cell and HTML output passes :func:`akidx.publish.sanitize.clean_html`
(the second wall behind the escaping of report text); JavaScript outputs are dropped.
Then the reader's rules (:mod:`akidx.publish.reader`: printed output folded, one code
toggle per run of code cells, tables in scrollable regions) and the links from every
line citation to ``source.html`` (:mod:`akidx.publish.links`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from akidx.publish.slim import slim_page
from akidx.publish.source import SOURCE_PAGE

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "akidx_offline"  # lab, offline, with folded code, alt text and a provenance footer
CODE_VIEWS = ("fold", "hide", "show")
CODE_NOTES = {
    "fold": "折りたたみ表示（「コード / Code」で開く） / folded: open \"コード / Code\" to see it",
    "hide": "非表示 / hidden (built with --hide-code)",
    "show": "表示 / shown (built with --show-code)",
}


def code_view(hide_code: bool = False, show_code: bool = False) -> str:
    """``fold`` (default), ``hide`` or ``show``: how pages present code cells."""
    return "hide" if hide_code else "show" if show_code else "fold"


class Renderer:
    """Renders notebooks to HTML with images embedded and nothing fetched online."""

    def __init__(self, code: str = "fold", source_lines: int = 0) -> None:
        from nbconvert import HTMLExporter  # heavy: imported only when something runs

        from akidx.publish.kernels import QUIET_LOG
        from akidx.publish.sanitize import clean_html

        if code not in CODE_VIEWS:
            raise ValueError(f"code view must be one of {CODE_VIEWS}, got {code!r}")
        self.code = code
        self.source_lines = source_lines  # citations of lines 1..source_lines become links
        prompts = code == "show"  # "In [3]:" means something to analysts only
        self.exporter = HTMLExporter(
            log=QUIET_LOG,
            template_name=TEMPLATE,
            extra_template_basedirs=[str(TEMPLATES)],
            embed_images=True,  # markdown images too, not only outputs
            sanitize_html=True,  # markdown and HTML outputs through clean_html; no JS outputs
            filters={"clean_html": clean_html},  # our allow-list: keeps tables, images, lang
            language_code="ja",
            exclude_input=code == "hide",
            exclude_input_prompt=not prompts,
            exclude_output_prompt=not prompts,
        )

    def html(self, nb: Any, title: str, folder: Path,
             provenance: dict[str, str] | None = None) -> str:
        """The page for one executed notebook, titled ``title``.

        ``folder`` is the notebook's own folder: markdown images below it are embedded.
        ``provenance`` (report_name, sha256, built, version) fills the page's footer.
        """
        resources = {
            "metadata": {"name": title, "path": str(folder)},
            "akidx": {"code": self.code,
                      "provenance": {**(provenance or {}), "code_note": CODE_NOTES[self.code]}},
        }
        from akidx.publish.links import link_lines
        from akidx.publish.reader import reader_notebook, table_regions

        body, _ = self.exporter.from_notebook_node(reader_notebook(nb, self.code),
                                                   resources=resources)
        # JupyterLab's stylesheet, less what cannot apply here (after the links are in)
        return slim_page(link_lines(table_regions(body), f"../{SOURCE_PAGE}", self.source_lines))
