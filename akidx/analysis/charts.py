"""The chart style in one place: theme, Japanese font, palette, caption, saving.

Every notebook calls :func:`setup` once (in ``notebook.start``); each chart function
(:mod:`akidx.analysis.plots`) returns a :class:`Chart`, which ``notebook.chart``
saves with :func:`save`: the PNG, the SVG and the chart's data as CSV side by side.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

# No backend is forced: in a Jupyter kernel matplotlib uses the inline backend, so
# plt.show() puts each chart into the notebook (and the HTML built from it); in a
# plain process without a display it falls back to Agg by itself.
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.transforms import Bbox

from akidx.config import SOURCE_CAPTION
from akidx.parse.normalize import fiscal_year_label
from akidx.tables.files import atomic_write  # temp file + rename, mode 0666 & ~umask

# Okabe-Ito, colour-blind safe. One palette for the ratings, used by every chart.
RATING_COLORS: dict[str, str] = {"〇": "#009E73", "△": "#E69F00", "×": "#D55E00"}
ACCENT = "#0072B2"  # a single series (KPI bars)
MUTED = "#999999"  # partial years, context
HIGHLIGHT = "#CC79A7"
DPI = 150
SCREEN_DPI = 100  # shown in notebooks and HTML at this size (the file keeps DPI)
PAD_INCHES = 0.15
# Report text is drawn as written: `$`, `\`, `^` and `_` are characters, never mathtext
# (a department `市民部$\alpha$` must not fail or turn Greek).
LITERAL_TEXT = {"text.parse_math": False}


class Chart(NamedTuple):
    """What a chart function returns: the figure, the data it draws (saved as
    ``<name>.csv``), the file stem and the title (the start of the alt text)."""

    fig: Figure
    data: pd.DataFrame
    name: str
    title: str


def setup() -> None:
    """Apply the seaborn theme, then the Japanese font (the theme resets fonts)."""
    sns.set_theme(style="whitegrid", context="notebook")
    import matplotlib_fontja

    matplotlib_fontja.japanize()
    plt.rcParams.update({
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "axes.titlesize": 13,
        "axes.titleweight": "normal",  # IPAexGothic has no bold face
        "axes.unicode_minus": False,  # ASCII hyphen-minus: present in every font
        "svg.fonttype": "none",  # keep text as text in SVG
        "figure.constrained_layout.use": True,
        **LITERAL_TEXT,
    })


def fy_labels(years: Iterable[int]) -> list[str]:
    """Tick labels for fiscal years: 2023 -> 'FY2023 (R5)'."""
    return [fiscal_year_label(int(y)) for y in years]


def add_caption(fig: Figure, text: str = SOURCE_CAPTION) -> Bbox:
    """Put the source caption under everything else in the figure, bottom right.

    Placed below the lowest artist (tick labels, legends, notes), so it never
    overlaps. Returns the figure's tight bounding box (inches) with the caption,
    so that saving need not measure the figure again.
    """
    for t in list(fig.texts):
        if t.get_gid() == "akidx-caption":
            t.remove()
    fig.draw_without_rendering()  # run the layout engine once, then freeze the layout
    # Freeze it so that savefig does not move things under the caption. A placeholder,
    # not None: savefig(bbox_inches="tight") would turn None back into the rc default.
    fig.set_layout_engine(PlaceHolderLayoutEngine(adjust_compatible=True,
                                                  colorbar_gridspec=True))
    renderer = fig.canvas.get_renderer()
    bbox = fig.get_tightbbox(renderer)
    y = min(bbox.y0 / fig.get_figheight(), 0.0) - 0.01
    x = max(bbox.x1 / fig.get_figwidth(), 0.99)
    caption = fig.text(x, y, text, ha="right", va="top", fontsize=8, color="#555555",
                       gid="akidx-caption")
    extent = caption.get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
    return Bbox.union([bbox, extent])


def _png(fig: Figure, bbox: Bbox) -> bytes:
    """The figure as a palette PNG: charts are flat colours, so 256 colours lose
    nothing visible and the file is ~3x smaller (and faster to write) than RGBA."""
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=DPI, bbox_inches=bbox)
    raw = buf.getvalue()
    width = int(bbox.width * DPI)
    height = len(raw) // (4 * width)
    if width * height * 4 != len(raw):  # rounding differs: let matplotlib write the PNG
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI, bbox_inches=bbox)
        return buf.getvalue()
    image = Image.frombuffer("RGBA", (width, height), raw, "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()


def _svg(fig: Figure, bbox: Bbox) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", dpi=DPI, bbox_inches=bbox)
    return buf.getvalue()


def save(fig: Figure, out_dir: str | os.PathLike, name: str, data: pd.DataFrame,
         show: bool = True) -> dict:
    """Write ``<name>.png``, ``<name>.svg`` and ``<name>.csv`` (utf-8-sig) atomically.

    The source caption is added to the figure first. In a notebook the saved PNG
    is what gets shown (and embedded in the HTML) unless ``show`` is False (then
    the caller shows it, as ``notebook.chart`` does with alt text); once shown the
    figure is closed, so the chart is drawn once per file, not once more for the display.
    Returns the three paths.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {ext: out / f"{name}.{ext}" for ext in ("png", "svg", "csv")}
    with plt.rc_context(LITERAL_TEXT):  # also without setup(): tick labels made while drawing
        literal_text(fig)
        # One tight bounding box for both files, measured once with the caption.
        bbox = add_caption(fig).padded(PAD_INCHES)
        atomic_write(paths["png"], _png(fig, bbox))
        atomic_write(paths["svg"], _svg(fig, bbox))
    save_csv(data, out, name)
    if show:
        _show_saved(fig, paths["png"])
    return paths


def literal_text(fig: Figure) -> None:
    """Every text already in ``fig`` drawn as written (:data:`LITERAL_TEXT`)."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)


def _show_saved(fig: Figure, png: Path) -> None:
    """In IPython, display the saved PNG at screen size and close the figure."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is None:
        return
    from IPython.display import Image, display

    display(Image(filename=str(png), width=screen_width(png)))
    plt.close(fig)


def screen_width(png: Path) -> int:
    """The width to show a saved PNG at: its pixels at :data:`SCREEN_DPI`."""
    width = int.from_bytes(png.read_bytes()[16:20], "big")  # PNG IHDR: width in pixels
    return round(width * SCREEN_DPI / DPI)


def add_rating_legend(target, labels: dict[str, str] | None = None, **kwargs) -> None:
    """A legend with one patch per rating mark, labelled with its meaning if given.

    ``target`` is an Axes, or a Figure (then e.g. ``loc="outside lower center"``).
    """
    from matplotlib.patches import Patch

    handles = [Patch(color=c, label=f"{m} {(labels or {}).get(m, '')}".strip())
               for m, c in RATING_COLORS.items()]
    target.legend(handles=handles, **kwargs)


def save_csv(data: pd.DataFrame, out_dir: str | os.PathLike, name: str) -> Path:
    """Write a table as ``<name>.csv`` (utf-8-sig) atomically; returns the path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.csv"
    # utf-8-sig: a BOM first, so that spreadsheet programs read the Japanese text.
    atomic_write(path, "\ufeff" + data.to_csv(index=False, lineterminator="\n"))
    return path
