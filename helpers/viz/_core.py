"""The shared machinery of the explorers: one PNG encoder, one renderer, one slider factory.

Every explorer is an :class:`Explorer`: ``update(**values)`` moves its sliders and
redraws (what a slider move runs), ``png()`` returns the current picture as PNG bytes,
and ``box`` is the widget to display (a notebook cell ending with the explorer shows it).
How figures look (style, palette, labels) is in :mod:`helpers.viz.style`.
"""

from __future__ import annotations

import io
import numbers
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from helpers import _validate
from helpers.viz import _checks

__all__ = [
    "Explorer",
    "FigureRenderer",
    "encode_png",
    "live_explorers",
    "slider",
]


def _opaque_grey(rgba: np.ndarray) -> bool:
    """Whether every pixel of an RGBA image is opaque and grey (red = green = blue)."""
    red, green, blue, alpha = np.moveaxis(rgba, -1, 0)
    return bool(np.all(alpha == 255) and np.array_equal(red, green) and np.array_equal(green, blue))


def encode_png(pixels: np.ndarray, *, compress_level: int = 1, colours: int | None = None) -> bytes:
    """Encode an image array as PNG bytes: the one PNG encoder of every figure and explorer.

    Parameters
    ----------
    pixels : numpy.ndarray
        ``uint8`` of shape ``(m, n)`` (grey) or ``(m, n, 4)`` (RGBA).
    compress_level : int
        zlib level, 0-9: 1 is fast (slider moves), 9 small (stored figures).
    colours : int, optional
        Reduce to an adaptive palette of this many colours (at most 256). Figures have
        few colours, so this shrinks them several times without a visible change. A grey
        image (or an opaque RGBA one whose pixels are all grey, such as a figure of
        photographs) is stored as greyscale with this many evenly spaced grey levels instead:
        smoother than a palette, and smaller.

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        If ``pixels`` has another shape or dtype, or ``colours`` is not in 2..256.

    Examples
    --------
    >>> encode_png(np.zeros((4, 6), dtype=np.uint8))[1:4]
    b'PNG'
    """
    try:
        pixels = np.asarray(pixels)
    except ValueError:  # a ragged list
        raise ValueError(
            "pixels must be uint8 of shape (m, n) or (m, n, 4), got a ragged list"
        ) from None
    compress_level = _validate.check_integer_in(compress_level, "compress_level", 0, 9)
    if colours is not None:
        colours = _validate.check_integer_in(colours, "colours", 2, 256)
    if pixels.dtype != np.uint8 or not (
        pixels.ndim == 2 or (pixels.ndim == 3 and pixels.shape[2] == 4)
    ):
        raise ValueError(
            f"pixels must be uint8 of shape (m, n) or (m, n, 4), got {pixels.dtype} {pixels.shape}"
        )
    if colours is not None and pixels.ndim == 3 and _opaque_grey(pixels):
        pixels = pixels[..., 0]
    if colours is not None and pixels.ndim == 2:
        step = 255 / (colours - 1)
        pixels = (np.round(pixels / step) * step).round().astype(np.uint8)
    image = Image.fromarray(pixels, mode="L" if pixels.ndim == 2 else "RGBA")
    if colours is not None and pixels.ndim == 3:
        image = image.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=compress_level)
    return buffer.getvalue()


class FigureRenderer:
    """Render an off-screen figure to PNG quickly, redrawing only what changes.

    The first draw lays the figure out; later renders restore that background and draw
    the ``animated`` artists on top (blitting), or redraw everything when there are none.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A figure made outside pyplot (so the notebook does not display it by itself).
    animated : sequence of matplotlib artists
        The artists a slider changes (lines, texts, titles...).

    Examples
    --------
    >>> fig = Figure(figsize=(2, 1), dpi=50)
    >>> (line,) = fig.add_subplot().plot([0, 1], [0, 1])
    >>> renderer = FigureRenderer(fig, [line])
    >>> line.set_ydata([1, 0])
    >>> renderer.png()[1:4]
    b'PNG'
    """

    def __init__(self, figure: Figure, animated: Sequence[Any] = ()) -> None:
        _checks.check_figure(figure, "figure")
        if not isinstance(animated, list | tuple) or not all(
            isinstance(artist, Artist) and artist.get_figure(root=True) is figure
            for artist in animated
        ):
            raise TypeError(f"animated must be a list of artists of figure, got {animated!r}")
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.animated = list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        self.canvas.draw()
        figure.set_layout_engine("none")  # keep the first layout: later renders draw once
        self.background = self.canvas.copy_from_bbox(figure.bbox) if self.animated else None

    def png(self) -> bytes:
        """Redraw and return the figure as PNG bytes."""
        if self.background is None:
            self.canvas.draw()
        else:
            self.canvas.restore_region(self.background)
            for artist in self.animated:
                (artist.axes or self.figure).draw_artist(artist)
        return encode_png(np.asarray(self.canvas.buffer_rgba()))


def slider(
    name: str,
    value: float,
    low: float,
    high: float,
    *,
    log: bool = False,
    integer: bool = False,
    step: float | None = None,
    description: str | None = None,
    continuous_update: bool = True,
) -> ipywidgets.ValueWidget:
    """Make the slider of one explorer argument: linear, integer or base-10 logarithmic.

    Learning rates and step sizes matter by orders of magnitude: a ``log`` slider cuts
    the range into 100 equal steps of the exponent (values, not exponents, are given).

    Parameters
    ----------
    name : str
        The keyword the explorer's ``update`` takes (and the default description).
    value, low, high : float
        Start value and range, ``low <= value <= high``; positive for ``log``.
    log, integer : bool
        A logarithmic or an integer slider (default: linear floats).
    step : float, optional
        The step (of the exponent for ``log``); default 1/100 of the range, 1 for integers.
    description : str, optional
        The label shown (default ``name``).
    continuous_update : bool
        Redraw while dragging (``False``: when released).

    Returns
    -------
    ipywidgets.FloatSlider, ipywidgets.IntSlider or ipywidgets.FloatLogSlider
        With attributes ``name`` and ``bounds`` (``(low, high)``).

    Raises
    ------
    ValueError
        If the range is empty or not finite, not positive for ``log``, or ``value``
        lies outside it.

    Examples
    --------
    >>> s = slider("lr", 0.1, 1e-3, 1.0, log=True)
    >>> s.min, s.max, round(s.value, 6), s.name
    (-3.0, 0.0, 0.1, 'lr')
    >>> slider("lr", 2.0, 1e-3, 1.0, log=True)
    Traceback (most recent call last):
    ...
    ValueError: lr must be between 0.001 and 1.0, got 2.0 (the slider's value)
    """
    _validate.check_text(name, "name")
    low, high = (
        _validate.check_finite_number(low, "low"),
        _validate.check_finite_number(high, "high"),
    )
    if not low < high:
        raise ValueError(f"the range of {name} must satisfy low < high, got ({low!r}, {high!r})")
    log, integer = _validate.check_bool(log, "log"), _validate.check_bool(integer, "integer")
    if log and low <= 0:
        raise ValueError(f"a log slider needs 0 < low < high, got low={low!r} for {name}")
    if integer:
        if low != int(low) or high != int(high):
            raise ValueError(f"an integer slider needs whole low and high, got ({low!r}, {high!r})")
        low, high = int(low), int(high)
    if step is not None:
        step = _validate.check_positive(step, "step")
        if integer and step != int(step):
            raise ValueError(f"step of an integer slider must be a whole number, got {step!r}")
    if description is not None:
        _validate.check_text(description, "description")
    continuous_update = _validate.check_bool(continuous_update, "continuous_update")
    value = _check_in_range(name, value, low, high, integer, " (the slider's value)")
    options = {
        "description": description or name,
        "continuous_update": continuous_update,
        "style": {"description_width": "initial"},
    }
    if integer:
        widget = ipywidgets.IntSlider(
            value=int(value), min=int(low), max=int(high), step=int(step or 1), **options
        )
    elif log:
        lo, hi = float(np.log10(low)), float(np.log10(high))
        widget = ipywidgets.FloatLogSlider(
            value=value,
            base=10,
            min=lo,
            max=hi,
            step=step or (hi - lo) / 100,
            readout_format=".3g",
            **options,
        )
    else:
        widget = ipywidgets.FloatSlider(
            value=value, min=low, max=high, step=step or (high - low) / 100, **options
        )
    widget.name, widget.bounds, widget.integer = name, (low, high), integer
    return widget


def _check_in_range(
    name: str, value: Any, low: float, high: float, integer: bool, what: str = ""
) -> float:
    """Return ``value`` if it is a (whole, for ``integer``) number in ``[low, high]``.

    ``what`` ends the messages (what the value is, when ``name`` does not say it).
    """
    integral = isinstance(value, numbers.Integral | np.integer)
    if integer and (isinstance(value, bool | np.bool_) or not integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}{what}")
    try:
        number = int(value) if integer else _validate.check_real(value, name)  # type: ignore[call-overload]
    except TypeError as error:
        raise TypeError(f"{error}{what}") from None
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low!r} and {high!r}, got {number!r}{what}")
    return number


_LIVE: weakref.WeakSet = weakref.WeakSet()


def live_explorers() -> list[Explorer]:
    """Return the explorers that exist in this process (the benchmark times them all)."""
    return list(_LIVE)


class Explorer:
    """Sliders over a picture: the one protocol of every explorer.

    Parameters
    ----------
    controls : sequence of widgets
        Sliders made by :func:`slider` (their ``name`` is the keyword of ``draw``).
    draw : callable
        ``draw(**values)`` updates the picture's data for the slider values and returns
        ``(result, caption)``: what the explorer computed, and a line of text.
    render : callable
        ``render()`` returns the current picture as PNG bytes.
    figure : matplotlib.figure.Figure, optional
        The figure behind the picture, if there is one (the figure test checks it).
    arrange : callable, optional
        ``arrange(image)`` returns the widget showing the picture (default: the image).
    extra : sequence of widgets
        Shown below the caption.

    Attributes
    ----------
    box : ipywidgets.VBox
        The widget to display.
    result : object
        What the last draw returned.
    """

    def __init__(
        self,
        controls: Sequence[ipywidgets.ValueWidget],
        draw: Callable[..., tuple[Any, str]],
        render: Callable[[], bytes],
        *,
        figure: Figure | None = None,
        arrange: Callable[[ipywidgets.Image], ipywidgets.Widget] | None = None,
        extra: Sequence[ipywidgets.Widget] = (),
    ) -> None:
        if not isinstance(controls, list | tuple) or not controls:
            raise TypeError(f"controls must be a non-empty list of sliders, got {controls!r}")
        for control in controls:
            if not (isinstance(control, ipywidgets.ValueWidget) and hasattr(control, "bounds")):
                raise TypeError(f"controls must hold sliders made by slider(), got {control!r}")
        _validate.check_callable(draw, "draw")
        _validate.check_callable(render, "render")
        if figure is not None:
            _checks.check_figure(figure, "figure")
        if arrange is not None:
            _validate.check_callable(arrange, "arrange")
        if not isinstance(extra, list | tuple) or not all(
            isinstance(widget, ipywidgets.Widget) for widget in extra
        ):
            raise TypeError(f"extra must be a list of widgets, got {extra!r}")
        self.controls = {control.name: control for control in controls}
        self.figure = figure
        self._draw, self._render, self._quiet = draw, render, False
        self.image = ipywidgets.Image(format="png")
        self.caption = ipywidgets.Label()
        picture = self.image if arrange is None else arrange(self.image)
        if not isinstance(picture, ipywidgets.Widget):
            raise TypeError(f"arrange must return a widget, got {type(picture).__name__}")
        self.box = ipywidgets.VBox(
            [ipywidgets.HBox(list(self.controls.values())), self.caption, picture, *extra]
        )
        self.box.add_class("viz-explorer")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.result = self._refresh()
        _LIVE.add(self)

    def update(self, **values: float) -> Any:
        """Move sliders to ``values`` (by name) and redraw once; return the explorer's result.

        Raises
        ------
        TypeError
            For a name that is not one of the sliders, or a value that is not a number.
        ValueError
            For a value outside its slider's range (nothing is clamped).
        """
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise TypeError(f"unknown slider(s) {unknown}; this explorer has {list(self.controls)}")
        for name, value in values.items():
            control = self.controls[name]
            values[name] = _check_in_range(name, value, *control.bounds, control.integer)
        self._quiet = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._quiet = False
        return self._refresh()

    def png(self) -> bytes:
        """Return the current picture as PNG bytes."""
        picture = self._render()
        if not (isinstance(picture, bytes) and picture.startswith(b"\x89PNG")):
            raise TypeError(f"render must return PNG bytes, got {type(picture).__name__}")
        return picture

    def values(self) -> dict[str, float]:
        """Return the sliders' current values by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change: Any = None) -> None:
        if not self._quiet:
            self._refresh()

    def _refresh(self) -> Any:
        drawn = self._draw(**self.values())
        if not (isinstance(drawn, tuple) and len(drawn) == 2 and isinstance(drawn[1], str)):
            raise TypeError(f"draw must return a pair (result, caption text), got {drawn!r}")
        self.result, self.caption.value = drawn
        self.image.value = self.png()
        return self.result

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)
