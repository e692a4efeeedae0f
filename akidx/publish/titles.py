"""A run's title: its notebook's first heading plus the parameters that set it apart.

Pure text work on executed notebooks (no kernel, no files): the page's heading and
``<title>``, the index's cards and the progress lines all use the same title.
"""

from __future__ import annotations

import re
from typing import Any

from akidx.publish.plan import PATH_PARAMS


def heading_of(nb: Any, default: str) -> str:
    """The notebook's first markdown heading (shared by every run of that notebook)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip() or default
    return default


def run_title(heading: str, parameters: dict[str, Any],
              labels: dict[str, dict[str, str]] | None = None) -> str:
    """The heading plus what sets this run apart: its non-path parameter values.

    ``metric`` is shown by its label (``KPIの推移 / KPI trend — AIチャットボット問い合わせ件数 /
    AI chatbot inquiries``), an id in ``labels`` by its name (``施策 / Measure — 13.
    AI・RPAによる業務効率化の推進``, :meth:`akidx.tables.summary.Headline.names`), other
    parameters as ``name value``; ``all`` (no selection) adds nothing.
    """
    from akidx.parse.vocab import METRIC_LABELS

    parts = []
    for key, value in parameters.items():
        if key in PATH_PARAMS or key.endswith("_path") or value is None \
                or str(value).strip().lower() in ("", "all"):
            continue
        if key == "metric" and str(value) in METRIC_LABELS:
            ja, en = METRIC_LABELS[str(value)]
            parts.append(f"{ja} / {en}")
        elif str(value) in (labels or {}).get(key, {}):
            parts.append((labels or {})[key][str(value)])
        else:
            parts.append(str(value) if key == "metric" else f"{key} {value}")
    return " — ".join([heading, *parts])


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows it literally: no markup, no HTML (report text, params)."""
    return _MD_SPECIAL.sub(r"\\\g<0>", " ".join(text.split()))


_MD_SPECIAL = re.compile(r"[!-/:-@\[-`{-~]")  # ASCII punctuation: CommonMark escapes it


def retitle(nb: Any, title: str) -> None:
    """Replace the first markdown heading's text with ``title`` (same level)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("#"):
                level = len(line) - len(line.lstrip("#"))
                lines[i] = f"{'#' * level} {markdown_text(title)}"
                cell.source = "\n".join(lines)
                return
