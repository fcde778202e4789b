"""How the figures look: palette, style, display at high resolution, axes and labels.

Nothing here runs on import: call :func:`use_style` once at the top of a notebook
(``"notebook"`` for reading, ``"talk"`` for projecting in a lecture room). Colours come
from the Okabe-Ito palette, which stays distinguishable with the common forms of colour
blindness.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from helpers import _validate
from helpers._validate import as_float_array
from helpers.viz import _checks
from helpers.viz._core import encode_png

__all__ = [
    "CMAP",
    "COLOURS",
    "DISPLAY_SCALE",
    "PALETTE",
    "figure_png",
    "new_axes",
    "new_figure",
    "place_labels",
    "plain_log_ticks",
    "short_title",
    "use_style",
]

#: Okabe & Ito (2008), "Color Universal Design": eight colour-blind-safe colours.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: The order in which lines cycle through the palette.
COLOURS = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]

#: A colour-blind-friendly sequential colour map for surfaces and images.
CMAP = "viridis"

_MAX_PIXELS = 2**15  # the largest side of a rendered figure, in pixels
_MAX_INCHES = 100.0  # the largest side of a figure, in inches
_MAX_POINTS = 200.0  # the largest font size of a label, in points

#: Figures shown in a notebook are rendered at this multiple of ``figure.dpi`` and displayed
#: at their nominal size, so they stay sharp on high-DPI screens and when a projector scales.
DISPLAY_SCALE = 1.3

_STYLES = {
    "notebook": {
        "figure.figsize": (7.0, 4.2),
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "legend.fontsize": 10,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "lines.linewidth": 2.0,
        "lines.markersize": 6,
    },
    "talk": {
        "figure.figsize": (9.0, 5.4),
        "font.size": 17,
        "axes.titlesize": 19,
        "axes.labelsize": 17,
        "legend.fontsize": 15,
        "xtick.labelsize": 15,
        "ytick.labelsize": 15,
        "lines.linewidth": 3.0,
        "lines.markersize": 9,
    },
}


def use_style(kind: Literal["notebook", "talk"] = "notebook") -> None:
    """Set the companion's figure style (explicitly; importing this module does not).

    Sets matplotlib's parameters (100 dpi, constrained layout, the palette) and, inside
    IPython, shows figures through :func:`figure_png`: rendered at ``DISPLAY_SCALE``
    times the resolution and displayed at the nominal size. Call it first: inside IPython
    it loads the plotting backend, which closes open figures.

    Parameters
    ----------
    kind : {"notebook", "talk"}
        ``"notebook"`` for reading on a screen; ``"talk"`` for large fonts and
        thick lines that stay readable at the back of a lecture room.

    Raises
    ------
    ValueError
        For an unknown ``kind``.

    Examples
    --------
    >>> with mpl.rc_context():
    ...     use_style("talk")
    ...     mpl.rcParams["font.size"], mpl.rcParams["figure.dpi"]
    (17.0, 100.0)
    """
    _validate.check_choice(kind, "kind", tuple(_STYLES))
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=COLOURS),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "image.cmap": CMAP,
            "figure.dpi": 100,
            "figure.autolayout": False,
            "figure.constrained_layout.use": True,
            "savefig.bbox": "standard",
            **_STYLES[kind],
        }
    )
    _show_figures_sharp()


def _show_figures_sharp() -> None:
    """Inside IPython, display figures with :func:`figure_png` (nothing outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return
    shell = get_ipython()
    if shell is None:
        return
    # Load the backend now: the inline backend registers its own PNG formatter when it is
    # loaded (at the first figure otherwise), which would replace ours.
    plt.switch_backend(mpl.rcParams["backend"])
    shell.display_formatter.formatters["image/png"].for_type(Figure, _display_png)


def _display_png(fig: Figure) -> tuple[bytes, dict[str, int]]:
    """Return the PNG of ``fig`` and the size (in CSS pixels) to show it at.

    Figures that show raster images (photos) keep scale 1: their pixels carry no more
    detail when multiplied, only more bytes.
    """
    scale = 1.0 if any(ax.images for ax in fig.axes) else DISPLAY_SCALE
    data = figure_png(fig, scale=scale)
    width, height = Image.open(io.BytesIO(data)).size
    return data, {"width": round(width / scale), "height": round(height / scale)}


def figure_png(fig: Figure, *, scale: float = 1.0, colours: int | None = 64) -> bytes:
    """Render a whole figure (layout included) as a small PNG, for storing in a notebook.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    scale : float
        Pixels per figure pixel (2 for a high-DPI screen).
    colours : int, optional
        Palette size passed to :func:`encode_png` (``None`` keeps full colour).

    Returns
    -------
    bytes

    Examples
    --------
    >>> fig = Figure(figsize=(2, 1), dpi=50)
    >>> Image.open(io.BytesIO(figure_png(fig, scale=2))).size
    (200, 100)
    """
    _checks.check_figure(fig, "fig")
    scale = _validate.check_positive(scale, "scale")
    width, height = fig.get_size_inches() * fig.dpi * scale
    if not (1 <= min(width, height) and max(width, height) <= _MAX_PIXELS):
        raise ValueError(
            f"scale must give an image of 1 to {_MAX_PIXELS} pixels a side, got "
            f"{width:.3g} x {height:.3g} pixels for scale = {scale!r}"
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=scale * fig.dpi, bbox_inches=None)
    rgba = np.asarray(Image.open(buffer).convert("RGBA"))
    return encode_png(rgba, compress_level=9, colours=colours)


def new_axes(ax: Axes | None = None, **figure_kw: Any) -> Axes:
    """Return ``ax``, or the axes of a new pyplot figure (``figure_kw`` go to ``subplots``).

    Examples
    --------
    >>> ax = new_axes(figsize=(3, 2))
    >>> ax.figure.get_size_inches().tolist()
    [3.0, 2.0]
    >>> plt.close(ax.figure)
    """
    return plt.subplots(**figure_kw)[1] if _checks.check_axes(ax) is None else ax


def new_figure(
    ncols: int = 1, *, width: float | None = None, height: float | None = None
) -> tuple[Figure, list[Axes]]:
    """Make a pyplot figure with ``ncols`` axes side by side, sized from the current style.

    Examples
    --------
    >>> fig, axes = new_figure(3, width=6, height=2)
    >>> len(axes)
    3
    >>> plt.close(fig)
    """
    ncols = _validate.check_count(ncols, "ncols")
    w, h = mpl.rcParams["figure.figsize"]
    for name, value in (("width", width), ("height", height)):
        if value is not None and not 0 < _validate.check_real(value, name) <= _MAX_INCHES:
            raise ValueError(f"{name} must be between 0 and {_MAX_INCHES} inches, got {value!r}")
    fig, axes = plt.subplots(1, ncols, figsize=(width or w, height or h), squeeze=False)
    return fig, list(axes[0])


def place_labels(
    ax: Axes,
    xy: np.ndarray,
    labels: Sequence[str],
    *,
    fontsize: float = 9,
    marker_radius: float = 4.0,
    **text_kw: Any,
) -> list:
    """Label points without labels overlapping each other, the points or the axes' edge.

    Each label goes to the first of eight offsets around its point where it overlaps
    no label placed before and no point's marker (its own or another's), stays inside the
    axes and lies nearer its own point than any other; then the same offsets three and five
    times further out (with a thin line to the point, so nearness no longer matters), then in
    a smaller font; a label with no free place goes where it overlaps least. Draw the points
    and set the limits first.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where the points are.
    xy : array_like, shape (k, 2)
        The points, in data coordinates.
    labels : sequence of str
        One label per point.
    fontsize : float
        Font size in points.
    marker_radius : float
        Half the width, in points, of the square around each point that no label may
        cover (the default clears matplotlib's default scatter marker with a small margin).
    **text_kw
        Passed to ``ax.annotate``.

    Returns
    -------
    list of matplotlib.text.Annotation

    Raises
    ------
    ValueError
        If ``xy`` is not ``(k, 2)`` and finite, ``labels`` has another length, or
        ``marker_radius`` is negative or not finite.
    TypeError
        If ``marker_radius`` is not a real number.

    Examples
    --------
    >>> ax = new_axes()
    >>> texts = place_labels(ax, np.array([[0.5, 0.5], [0.51, 0.5]]), ["first", "second"])
    >>> r = ax.figure.canvas.get_renderer()
    >>> bool(texts[0].get_window_extent(r).overlaps(texts[1].get_window_extent(r)))
    False
    >>> plt.close(ax.figure)
    """
    _checks.check_axes(ax, optional=False)
    xy = as_float_array(xy, "xy")
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise ValueError(f"xy must have shape (k, 2), got {xy.shape}")
    labels = _checks.check_labels(labels, "labels", len(xy))
    if not 0 < _validate.check_real(fontsize, "fontsize") <= _MAX_POINTS:
        raise ValueError(f"fontsize must be between 0 and {_MAX_POINTS} points, got {fontsize!r}")
    if not _validate.check_finite_number(marker_radius, "marker_radius") >= 0:
        raise ValueError(
            f"marker_radius must be a finite number >= 0 (points), got {marker_radius!r}"
        )
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    radius = marker_radius * ax.figure.dpi / 72  # points -> pixels
    centres = ax.transData.transform(xy)
    markers = [
        Bbox.from_extents(x - radius, y - radius, x + radius, y + radius) for x, y in centres
    ]
    placed: list = []
    offsets = [
        ((5, 4), "left", "bottom"),
        ((5, -4), "left", "top"),
        ((-5, 4), "right", "bottom"),
        ((-5, -4), "right", "top"),
        ((0, 7), "center", "bottom"),
        ((0, -7), "center", "top"),
        ((9, 0), "left", "center"),
        ((-9, 0), "right", "center"),
    ]
    texts = []
    # near the point first; then three times further out, joined to the point by a thin line
    tries = [(fontsize, 1, offset) for offset in offsets]
    tries += [(fontsize, 3, offset) for offset in offsets]
    tries += [(fontsize, 5, offset) for offset in offsets]
    tries += [(0.85 * fontsize, 5, offset) for offset in offsets]
    for k, (point, label) in enumerate(zip(xy, labels, strict=True)):
        best = None
        for size, reach, ((dx, dy), ha, va) in tries:
            text = ax.annotate(
                label,
                point,
                xytext=(reach * dx, reach * dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=size,
                arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "0.5"} if reach > 1 else None,
                **text_kw,
            )
            text.update_positions(renderer)
            box = Text.get_window_extent(text, renderer)  # the text only, not its leader line
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            crowd = (
                sum(box.overlaps(other) for other in placed)
                + sum(box.overlaps(marker) for marker in markers)
                + (0 if inside else 100)
            )
            if reach == 1:  # no leader line: the label must sit nearer its own point than any other
                gap = np.hypot(
                    np.maximum(np.maximum(box.x0 - centres[:, 0], centres[:, 0] - box.x1), 0),
                    np.maximum(np.maximum(box.y0 - centres[:, 1], centres[:, 1] - box.y1), 0),
                )  # from each point to the label's box
                crowd += int(np.any(np.delete(gap, k) <= gap[k]))
            if best is None or crowd < best[0]:
                if best is not None:
                    best[1].remove()
                best = (crowd, text, box)
            else:
                text.remove()
            if best[0] == 0:
                break
        texts.append(best[1])
        placed.append(best[2])
    return texts


def plain_log_ticks(axis: Any, low: int, high: int, every: int = 1) -> None:
    """Put fixed ticks ``10**k`` with plain-text labels (``1e-4``) on a log axis.

    Matplotlib's default log labels are math text, which is parsed on every draw;
    plain labels keep an explorer's redraw fast.

    Examples
    --------
    >>> ax = new_axes()
    >>> ax.set_yscale("log")
    >>> plain_log_ticks(ax.yaxis, -2, 2, 2)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['1e-2', '1', '1e2']
    >>> plt.close(ax.figure)
    """
    from matplotlib.axis import Axis

    if not isinstance(axis, Axis):
        raise TypeError(f"axis must be a matplotlib axis (ax.xaxis, ax.yaxis), got {axis!r}")
    low = _validate.check_integer_in(low, "low", -300, 300)
    high = _validate.check_integer_in(high, "high", low, 300)
    every = _validate.check_count(every, "every")
    powers = np.arange(low, high + 1, every)
    axis.set_ticks(10.0**powers, labels=[f"1e{k}" if k else "1" for k in powers])
    axis.set_ticks([], minor=True)


def short_title(title: str, width: int = 22) -> str:
    """Shorten a movie title for a label: no year, no alternative title, wrapped, never cut.

    ``"Star Wars: Episode IV - A New Hope (1977)"`` becomes ``"Star Wars IV"``; a title
    still longer than ``width`` is wrapped onto lines of at most ``width`` characters
    (a single word longer than that stays whole).

    Examples
    --------
    >>> short_title("Star Wars: Episode IV - A New Hope (1977)")
    'Star Wars IV'
    >>> short_title("Lord of the Rings: The Two Towers, The (2002)")
    'LOTR: Two Towers'
    >>> print(short_title("Eternal Sunshine of the Spotless Mind (2004)"))
    Eternal Sunshine of the
    Spotless Mind
    """
    _validate.check_text(title, "title")
    width = _validate.check_count(width, "width")
    name = re.sub(r"\s*\(.*\)\s*$", "", title.strip())  # the year and alternative titles
    name = re.sub(r", (The|A|An)$", "", name)
    name = name.replace("Star Wars: Episode ", "Star Wars ").replace(
        "Lord of the Rings: The ", "LOTR: "
    )
    if len(name) > width and " - " in name:
        name = name.split(" - ")[0]
    return "\n".join(textwrap.wrap(name, width, break_long_words=False)) or title
