"""What a good figure looks like, checked: no text over text, nothing clipped, legends off the data.

``check_figure(fig)`` draws a figure and returns a list of problems (empty when it is fine):

* text that overlaps other text: tick labels, axis labels, offset texts, titles, annotations,
  figure texts and whole legends, compared by their window extents after ``canvas.draw()``;
* text that the figure's edge clips;
* a legend that covers data: points of data lines (sampled along each segment), scatter
  points and bars that lie under a legend box;
* a resolution below ``DPI_FLOOR`` or a font smaller than ``FONT_FLOOR`` points.

``install()`` hooks IPython's PNG formatter so that every figure displayed in a kernel is
checked before it is rendered; ``report()`` adds the figures of live explorers and returns
all results as JSON. ``tests/test_figures.py`` runs every notebook with this hook.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

DPI_FLOOR = 100
FONT_FLOOR = 7.0
_TOLERANCE = 1.0  # pixels of overlap or overhang forgiven (anti-aliasing, rounding)

RESULTS: list[dict] = []


def _text_items(fig: Figure, renderer: object) -> Iterator[tuple[str, Text | Legend, Bbox]]:
    """Every visible, non-empty text of the figure (and each legend as one block)."""

    def visible(text: Text) -> bool:
        return text.get_visible() and bool(text.get_text().strip())

    for ax in fig.axes:
        if not ax.get_visible():
            continue
        name = f"axes {ax.get_title()!r}" if ax.get_title() else f"axes #{fig.axes.index(ax)}"
        for axis_name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if not axis.get_visible():
                continue
            for tick in axis._update_ticks():  # the ticks that are drawn
                for label in (tick.label1, tick.label2):
                    if visible(label) and tick.get_visible():
                        yield (
                            f"{name}: {axis_name} tick label {label.get_text()!r}",
                            label,
                            label.get_window_extent(renderer),
                        )
            for extra, what in ((axis.label, "label"), (axis.offsetText, "offset text")):
                if visible(extra):
                    yield (
                        f"{name}: {axis_name} {what} {extra.get_text()!r}",
                        extra,
                        extra.get_window_extent(renderer),
                    )
        for title in (ax.title, ax._left_title, ax._right_title):
            if visible(title):
                yield (
                    f"{name}: title {title.get_text()!r}",
                    title,
                    title.get_window_extent(renderer),
                )
        for text in ax.texts:
            if visible(text):
                box = Text.get_window_extent(text, renderer)  # the text, not an arrow
                yield f"{name}: text {text.get_text()!r}", text, box
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            yield f"{name}: legend", legend, legend.get_window_extent(renderer)
    extra = [fig._suptitle] if fig._suptitle is not None and fig._suptitle not in fig.texts else []
    for text in fig.texts + extra:
        if visible(text):
            yield f"figure text {text.get_text()!r}", text, text.get_window_extent(renderer)
    for legend in fig.legends:
        if legend.get_visible():
            yield "figure legend", legend, legend.get_window_extent(renderer)


def _overlap(a: Bbox, b: Bbox) -> bool:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width > _TOLERANCE and height > _TOLERANCE


def _data_points(ax: Axes) -> Iterator[tuple[str, np.ndarray]]:
    """Display coordinates of the data drawn in ``ax``: lines (sampled), scatter points."""
    frame = ax.get_window_extent()
    for line in ax.lines:
        if not line.get_visible() or line.get_transform() != ax.transData:
            continue  # reference lines (axhline...) are not data
        xy = ax.transData.transform(np.asarray(line.get_xydata(), dtype=float))
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if line.get_linestyle() not in ("None", "", " ") and len(xy) > 1:
            t = np.linspace(0, 1, 25)[:, None, None]
            xy = (xy[:-1] * (1 - t) + xy[1:] * t).reshape(-1, 2)
        inside = (
            (xy[:, 0] >= frame.x0)
            & (xy[:, 0] <= frame.x1)
            & (xy[:, 1] >= frame.y0)
            & (xy[:, 1] <= frame.y1)
        )
        yield f"line {line.get_label()!r}", xy[inside]
    for collection in ax.collections:
        if isinstance(collection, PathCollection) and collection.get_visible():
            offsets = np.asarray(collection.get_offsets(), dtype=float)
            if offsets.size and collection.get_offset_transform() == ax.transData:
                yield f"points {collection.get_label()!r}", ax.transData.transform(offsets)


def check_figure(fig: Figure, *, dpi_floor: float = DPI_FLOOR) -> list[str]:
    """Draw ``fig`` and return what is wrong with it (an empty list for a good figure)."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    if fig.dpi < dpi_floor:
        problems.append(f"resolution {fig.dpi:g} dpi is below {dpi_floor} dpi")
    items = list(_text_items(fig, renderer))
    edge = fig.bbox
    for i, (name, artist, box) in enumerate(items):
        texts = artist.get_texts() if isinstance(artist, Legend) else [artist]
        smallest = min(text.get_fontsize() for text in texts) if texts else FONT_FLOOR
        if smallest < FONT_FLOOR:
            problems.append(f"{name}: font {smallest:.1f} pt is too small")
        if (
            box.x0 < edge.x0 - _TOLERANCE
            or box.y0 < edge.y0 - _TOLERANCE
            or box.x1 > edge.x1 + _TOLERANCE
            or box.y1 > edge.y1 + _TOLERANCE
        ):
            problems.append(f"{name} is clipped by the figure's edge")
        for other_name, _, other in items[:i]:
            if _overlap(box, other):
                problems.append(f"{name} overlaps {other_name}")
    legends = [(n, b) for n, a, b in items if isinstance(a, Legend)]
    for legend_name, box in legends:
        inner = Bbox.from_extents(box.x0 + 2, box.y0 + 2, box.x1 - 2, box.y1 - 2)
        for ax in fig.axes:
            for what, xy in _data_points(ax):
                hit = (
                    (xy[:, 0] > inner.x0)
                    & (xy[:, 0] < inner.x1)
                    & (xy[:, 1] > inner.y0)
                    & (xy[:, 1] < inner.y1)
                )
                if np.any(hit):
                    problems.append(f"{legend_name} covers {what}")
            for patch in ax.patches:
                if isinstance(patch, Rectangle) and patch.get_transform() == ax.transData:
                    if _overlap(patch.get_window_extent(renderer), inner):
                        problems.append(f"{legend_name} covers a bar")
                        break
    return problems


def _describe(fig: Figure) -> str:
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    if fig._suptitle is not None:
        titles.insert(0, fig._suptitle.get_text())
    return titles[0].replace("\n", " ") if titles else f"figure with {len(fig.axes)} axes"


def install(dpi_floor: float = DPI_FLOOR) -> None:
    """Check every figure that IPython renders as PNG, before it is rendered."""
    from IPython import get_ipython
    from IPython.core.formatters import PNGFormatter

    original = PNGFormatter.__call__

    def checked(self: PNGFormatter, obj: object) -> object:
        if isinstance(obj, Figure):
            RESULTS.append(
                {
                    "cell": get_ipython().execution_count,
                    "figure": _describe(obj),
                    "problems": check_figure(obj, dpi_floor=dpi_floor),
                }
            )
        return original(self, obj)

    PNGFormatter.__call__ = checked


def report(dpi_floor: float = DPI_FLOOR) -> str:
    """All results so far, plus the figures of live explorers, as JSON."""
    try:
        from helpers.viz import live_explorers
    except ImportError:  # a notebook without helpers
        explorers = []
    else:
        explorers = [e for e in live_explorers() if e.figure is not None]
    for explorer in explorers:
        RESULTS.append(
            {
                "cell": "explorer",
                "figure": f"explorer {_describe(explorer.figure)}",
                "problems": check_figure(explorer.figure, dpi_floor=dpi_floor),
            }
        )
    return json.dumps(RESULTS)
