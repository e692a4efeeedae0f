"""Executed notebook -> one self-contained, offline HTML page.

One :class:`HTMLExporter` is built per build and reused: its first render pays for
Jinja and Pygments setup (~0.3 s), later ones cost a few tens of milliseconds,
against ~0.8 s for a ``jupyter nbconvert`` process per notebook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "akidx_offline"  # lab, minus every <script src> the lab template fetches from a CDN


class Renderer:
    """Renders notebooks to HTML with images embedded and nothing fetched online."""

    def __init__(self, hide_code: bool = False) -> None:
        from nbconvert import HTMLExporter  # heavy: imported only when something runs

        from akidx.build.kernels import QUIET_LOG

        self.exporter = HTMLExporter(
            log=QUIET_LOG,
            template_name=TEMPLATE,
            extra_template_basedirs=[str(TEMPLATES)],
            embed_images=True,  # markdown images too, not only outputs
            exclude_input=hide_code,  # readers who are not analysts see prose and charts
            exclude_input_prompt=hide_code,
            exclude_output_prompt=hide_code,
        )

    def html(self, nb: Any, title: str, folder: Path) -> str:
        """The page for one executed notebook, titled ``title``.

        ``folder`` is the notebook's own folder: markdown images below it are embedded.
        """
        resources = {"metadata": {"name": title, "path": str(folder)}}
        body, _ = self.exporter.from_notebook_node(nb, resources=resources)
        return body
