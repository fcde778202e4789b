"""Notebook 02, the derivative from first principles: secants, tangents, error against h.

Single-panel plots take ``ax=`` and return the Axes; :func:`secant_view` returns a
Figure; :func:`secant_explorer` returns an :class:`~helpers.viz.Explorer`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from helpers import _validate
from helpers.viz import _checks
from helpers.viz._core import Explorer, FigureRenderer, slider
from helpers.viz.style import COLOURS, PALETTE, new_axes

__all__ = ["plot_curve_and_secant", "plot_error_vs_h", "secant_explorer", "secant_view"]


def _check_step(h: float) -> float:
    if not np.isfinite(_validate.check_real(h, "h")) or h == 0:
        raise ValueError(f"h must be a non-zero finite number, got {h!r}")
    return float(h)


def _check_x_range(x_range: tuple[float, float]) -> tuple[float, float]:
    return _validate.check_interval(x_range, "x_range")


def _check_secant(
    f: object, a: object, h: object, x_range: object, fprime: object = None
) -> tuple[float, float, tuple[float, float]]:
    """Check a function and a secant: ``f`` finite on ``x_range`` and at ``a`` and ``a + h``."""
    _validate.check_callable(f, "f")
    a, h, x_range = _validate.check_finite_number(a, "a"), _check_step(h), _check_x_range(x_range)
    x = np.linspace(*x_range, 300)
    _validate.evaluate(f, x, shape=x.shape, where=f" on x_range {x_range}")
    _validate.evaluate(f, a, shape=(), where=f" at a = {a!r}")
    _validate.evaluate(f, a + h, shape=(), where=f" at a + h = {a + h!r}")
    if fprime is not None:
        _validate.check_callable(fprime, "fprime")
        _validate.evaluate(fprime, a, name="fprime", shape=(), where=f" at a = {a!r}")
    return a, h, x_range


def plot_curve_and_secant(
    f: Callable,
    a: float,
    h: float,
    *,
    x_range: tuple[float, float] = (-1.0, 4.0),
    tangent_slope: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw ``y = f(x)``, the secant through ``(a, f(a))`` and ``(a + h, f(a + h))``.

    Parameters
    ----------
    f : callable
        A real function, applied elementwise to arrays.
    a : float
        Where the secant starts.
    h : float
        The step to the second point (non-zero).
    x_range : tuple of float
        The x-interval to draw.
    tangent_slope : float, optional
        If given, also draw the tangent at ``a`` with this slope, dashed.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, titled with the secant's slope.

    Raises
    ------
    ValueError
        If ``h`` is zero or not finite, ``a`` is not finite, or ``x_range`` is empty.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_curve_and_secant(lambda x: x**2 / 4, 1.0, 1.0)
    >>> ax.get_title()
    'secant slope 0.7500 for h = 1'
    >>> plt.close("all")
    """
    a, h, x_range = _check_secant(f, a, h, x_range)
    if tangent_slope is not None:
        tangent_slope = _validate.check_finite_number(tangent_slope, "tangent_slope")
    x = np.linspace(*_check_x_range(x_range), 300)
    ax = new_axes(ax)
    fa, fb = float(f(a)), float(f(a + h))
    slope = (fb - fa) / h
    ax.plot(x, f(x), color=PALETTE["blue"], label="y = f(x)")
    ax.plot(x, fa + slope * (x - a), color=PALETTE["orange"], label=f"secant, slope {slope:.4f}")
    if tangent_slope is not None:
        ax.plot(
            x,
            fa + tangent_slope * (x - a),
            "--",
            color=PALETTE["black"],
            linewidth=1.5,
            label=f"tangent, slope {tangent_slope:.4f}",
        )
    ax.plot([a, a + h], [fa, fb], "o", color=PALETTE["vermillion"], zorder=3)
    ax.plot([a, a + h, a + h], [fa, fa, fb], ":", color=PALETTE["green"], linewidth=1.5)
    ax.annotate(
        "Δx = h",
        (a + h / 2, fa),
        textcoords="offset points",
        xytext=(0, -5),
        ha="center",
        va="top",
        color=PALETTE["green"],
    )
    ax.annotate(
        "Δy",
        (a + h, (fa + fb) / 2),
        textcoords="offset points",
        xytext=(6, 0),
        va="center",
        color=PALETTE["green"],
    )
    y = f(x)
    pad = 0.1 * (np.max(y) - np.min(y) + 1e-12)
    ax.set_ylim(np.min(y) - pad, np.max(y) + pad)
    ax.set_xlabel("x")
    ax.set_ylabel("y = f(x)")
    ax.set_title(f"secant slope {slope:.4f} for h = {h:g}")
    ax.legend(loc="upper left")
    return ax


def plot_error_vs_h(
    h: ArrayLike,
    errors: Mapping[str, ArrayLike],
    *,
    guides: Mapping[str, float] | None = None,
    ax: Axes | None = None,
    title: str = "error of the difference quotient",
) -> Axes:
    """Log-log plot of the absolute error of difference quotients against the step h.

    Parameters
    ----------
    h : array_like
        Steps (positive).
    errors : dict of str to array_like
        Label -> absolute errors, one per step. Zeros are drawn at the bottom of
        the axis (an exact result has no logarithm).
    guides : dict of str to float, optional
        Label -> a value of h to mark with a vertical dotted line (e.g. the
        predicted best step).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str
        The title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a step is not positive and finite, an error is NaN or negative, or a series
        does not have one error per step.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> h = np.logspace(-8, -1, 8)
    >>> ax = plot_error_vs_h(h, {"forward": h}, guides={"sqrt(eps)": 1.5e-8})
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close("all")
    """
    h = _validate.as_float_array(h, "h", ndim=1, allow_empty=False, allow_bool=False)
    if not np.all(np.isfinite(h) & (h > 0)):
        raise ValueError("h must be positive and finite")
    errors = _checks.check_series(errors, "errors", h.shape)
    guides = _checks.check_series({} if guides is None else guides, "guides", (), allow_empty=True)
    if any(value <= 0 for value in guides.values()):
        raise ValueError(f"guides must be positive steps h (a log axis), got {guides!r}")
    _validate.check_text(title, "title")
    ax = new_axes(ax)
    floor = np.finfo(float).eps * 1e-3
    for i, (label, err) in enumerate(errors.items()):
        err = np.asarray(err, dtype=float)
        if err.shape != h.shape or np.any(np.isnan(err)) or np.any(err < 0):
            raise ValueError(f"errors[{label!r}] must be {h.shape} non-negative numbers, not NaN")
        ax.loglog(
            h,
            np.maximum(err, floor),
            ".-",
            color=COLOURS[i % len(COLOURS)],
            markersize=4,
            linewidth=1.2,
            label=label,
        )
    for i, (label, value) in enumerate((guides or {}).items()):
        ax.axvline(
            value, linestyle=":", color=COLOURS[(i + 2) % len(COLOURS)], linewidth=1.8, label=label
        )
    ax.set_xlabel("step h")
    ax.set_ylabel("absolute error |estimate - f'(x)|")
    ax.set_title(title)
    ax.legend(loc="best", fontsize="small")
    return ax


def secant_view(
    f: Callable,
    a: float,
    h: float,
    *,
    fprime: Callable | None = None,
    x_range: tuple[float, float] = (-1.0, 4.0),
) -> tuple[dict, Figure]:
    """Draw the secant from ``a`` to ``a + h`` (and the tangent) and report its slope.

    This is the logic of :func:`secant_explorer`, callable without a widget.

    Parameters
    ----------
    f : callable
        A real function, applied elementwise.
    a, h : float
        The first point and the step (``h`` non-zero).
    fprime : callable, optional
        The exact derivative; if given, the tangent is drawn and the error reported.
    x_range : tuple of float
        The interval drawn.

    Returns
    -------
    tuple
        A dict with ``"slope"`` (the secant's), ``"tangent"`` and ``"error"`` (``None``
        without ``fprime``), and the matplotlib figure.

    Raises
    ------
    ValueError
        If ``h`` is zero or not finite (see :func:`plot_curve_and_secant`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> info, fig = secant_view(lambda x: x**2 / 4, 1.0, 0.5, fprime=lambda x: x / 2)
    >>> round(info["slope"], 6), round(info["error"], 6)   # a/2 + h/4 and h/4
    (0.625, 0.125)
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    a, h, x_range = _check_secant(f, a, h, x_range, fprime)
    slope = (float(f(a + h)) - float(f(a))) / h
    tangent = None if fprime is None else float(fprime(a))
    fig, ax = plt.subplots(figsize=(7, 4.2))
    plot_curve_and_secant(f, a, h, x_range=x_range, tangent_slope=tangent, ax=ax)
    error = None if tangent is None else slope - tangent
    return {"slope": slope, "tangent": tangent, "error": error}, fig


def secant_explorer(
    f: Callable,
    a: float,
    *,
    fprime: Callable | None = None,
    h: float = 1.0,
    h_range: tuple[float, float] = (1e-3, 2.0),
    x_range: tuple[float, float] = (-1.0, 4.0),
) -> Explorer:
    """Show a logarithmic slider for h: watch the secant turn into the tangent.

    Parameters
    ----------
    f : callable
        A real function, applied elementwise.
    a : float
        Where the secant starts.
    fprime : callable, optional
        The exact derivative (draws the tangent and reports the difference).
    h : float
        The initial step, inside ``h_range``.
    h_range : tuple of float
        The smallest and largest step on the slider (positive).
    x_range : tuple of float
        The interval drawn.

    Returns
    -------
    helpers.viz.Explorer
        One slider ``h``; ``update(h=...)`` returns the secant's slope.

    Raises
    ------
    ValueError
        If ``h`` lies outside ``h_range`` or the range is not positive.

    Examples
    --------
    >>> explorer = secant_explorer(lambda x: x**2 / 4, 1.0, fprime=lambda x: x / 2)
    >>> round(explorer.update(h=0.5), 6)
    0.625
    """
    h_range = _validate.check_interval(h_range, "h_range")
    if h_range[0] <= 0:
        raise ValueError(f"h_range must be positive (a log slider), got {h_range}")
    a, _, x_range = _check_secant(f, a, h_range[1], x_range, fprime)
    control = slider("h", h, *h_range, log=True)
    tangent = None if fprime is None else float(fprime(a))
    fig = Figure(figsize=(7, 4.2))
    ax = fig.subplots()
    plot_curve_and_secant(f, a, h, x_range=x_range, ax=ax, tangent_slope=tangent)
    ax.set_title(f"secant through (a, f(a)) and (a + h, f(a + h)), a = {a:g}")
    secant, points, rise = ax.lines[1], ax.lines[-2], ax.lines[-1]
    secant.set_label("secant")
    if tangent is not None:
        ax.lines[2].set_label("tangent")
    ax.legend(loc="upper left")
    run_label, rise_label = ax.texts[-2], ax.texts[-1]
    renderer = FigureRenderer(fig, [secant, points, rise, run_label, rise_label])
    xs = np.linspace(*x_range, 2)

    def draw(h: float) -> tuple[float, str]:
        fa, fb = float(f(a)), float(f(a + h))
        slope = (fb - fa) / h
        secant.set_data(xs, fa + slope * (xs - a))
        points.set_data([a, a + h], [fa, fb])
        rise.set_data([a, a + h, a + h], [fa, fa, fb])
        run_label.xy = (a + h / 2, fa)
        rise_label.xy = (a + h, (fa + fb) / 2)
        text = f"h = {h:.3g}: secant slope {slope:.6f}"
        if tangent is not None:
            text += f", tangent slope {tangent:.6f}, difference {slope - tangent:.2e}"
        return slope, text

    return Explorer([control], draw, renderer.png, figure=fig)
