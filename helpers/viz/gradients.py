"""Notebook 04, partials, gradients and Jacobians: tangent vectors, gradient fields, slopes.

Single-panel plots take ``ax=`` and return the Axes;
:func:`directional_slope_explorer` returns an :class:`~helpers.viz.Explorer`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from helpers import _validate
from helpers._validate import as_float_array
from helpers.calculus import directional_slope, gradient
from helpers.viz._core import Explorer, FigureRenderer, slider
from helpers.viz.style import CMAP, PALETTE, new_axes

__all__ = ["directional_slope_explorer", "plot_gradient_field", "plot_tangent_vectors"]


def _check_limits(name: str, limits: tuple[float, float]) -> tuple[float, float]:
    return _validate.check_interval(limits, name)


def _cell_centres(limits: tuple[float, float], count: int) -> np.ndarray:
    """Centres of ``count`` equal cells that tile ``limits``."""
    width = (limits[1] - limits[0]) / count
    return limits[0] + width * (np.arange(count) + 0.5)


def plot_gradient_field(
    f: Callable,
    grad_f: Callable,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    levels: int = 12,
    arrows: int = 11,
    ax: Axes | None = None,
) -> Axes:
    """Draw the contours of ``f(x, y)`` with the direction of its gradient on top.

    Every arrow has the same length (0.8 of the spacing between arrows) and points
    along ``grad f``, so its angle to the contour can be read even where the gradient
    is small. The arrows sit at the centres of an ``arrows x arrows`` grid of cells,
    so none is cut off by the edge of the axes; the colour bar gives ``f``. With equal
    axis scales (set here) a right angle on the page is a right angle in the plane.

    Parameters
    ----------
    f : callable
        ``f(x, y)`` working elementwise on arrays (a scalar field).
    grad_f : callable
        ``grad_f(x, y)`` returning the pair ``(df/dx, df/dy)`` elementwise.
    xlim, ylim : tuple of float
        The plotted region ``(low, high)``; ``low < high``.
    levels : int
        Number of contour levels, at least 2.
    arrows : int
        Arrows per axis, at least 2.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new 7 x 6 inch figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If a range is empty, ``levels``/``arrows`` is below 2, or ``f`` or ``grad_f``
        is not finite on the region.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> f = lambda x, y: x**2 + x * y + y**2
    >>> g = lambda x, y: (2 * x + y, x + 2 * y)
    >>> ax = plot_gradient_field(f, g, (-2, 2), (-2, 2))
    >>> ax.get_xlabel()
    '$x$'
    >>> plt.close("all")
    """
    xlim, ylim = _check_limits("xlim", xlim), _check_limits("ylim", ylim)
    _validate.check_callable(f, "f")
    _validate.check_callable(grad_f, "grad_f")
    levels = _validate.check_count(levels, "levels", minimum=2)
    arrows = _validate.check_count(arrows, "arrows", minimum=2)
    ax = new_axes(ax, figsize=(7.0, 6.0))
    gx, gy = np.meshgrid(np.linspace(*xlim, 200), np.linspace(*ylim, 200))
    values = _validate.evaluate(f, gx, gy, shape=gx.shape, where=" on the region xlim x ylim")
    filled = ax.contourf(gx, gy, values, levels=levels, cmap=CMAP, alpha=0.85)
    ax.contour(gx, gy, values, levels=filled.levels, colors="white", linewidths=1.0)
    ax.figure.colorbar(filled, ax=ax, label="$f(x, y)$", shrink=0.85)
    # one arrow at the centre of each cell of an arrows x arrows grid: none sticks out of the axes
    ax_, ay_ = np.meshgrid(_cell_centres(xlim, arrows), _cell_centres(ylim, arrows))
    u, v = _validate.evaluate(
        grad_f, ax_, ay_, name="grad_f", shape=(2, *ax_.shape), where=" on the region xlim x ylim"
    )
    length = np.hypot(u, v)
    keep = length > 0  # no direction where the gradient vanishes
    spacing = min(xlim[1] - xlim[0], ylim[1] - ylim[0]) / arrows
    ax.quiver(
        ax_[keep],
        ay_[keep],
        u[keep] / length[keep],
        v[keep] / length[keep],
        color=PALETTE["vermillion"],
        angles="xy",
        scale_units="xy",
        scale=1 / (0.8 * spacing),
        pivot="middle",
        width=0.006,
        headwidth=4,
    )
    ax.set_aspect("equal")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title("Contours of $f$ and the direction of $\\nabla f$")
    ax.grid(False)
    return ax


def plot_tangent_vectors(
    points: ArrayLike,
    tangents: ArrayLike,
    *,
    curve: ArrayLike | None = None,
    centre: tuple[float, float] | None = None,
    ax: Axes | None = None,
    label: str = "tangent vectors",
) -> Axes:
    """Draw a planar curve through ``points`` with a tangent arrow at each point.

    Parameters
    ----------
    points : array_like, shape (k, 2)
        Points on the curve, in order.
    tangents : array_like, shape (k, 2)
        The tangent vector ``y'(t)`` at each point, drawn to scale.
    curve : array_like, shape (j, 2), optional
        A finer sampling of the curve to draw as a smooth line; by default the
        line joins ``points``.
    centre : pair of float, optional
        If given, also draw the radius from this centre to each point (dotted), to
        compare the tangent's direction with it.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    label : str
        Legend label of the arrows.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on; the legend is beside them.

    Raises
    ------
    ValueError
        If the arrays are not finite and of shape ``(k, 2)``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> t = np.linspace(0, 2 * np.pi, 9)
    >>> ax = plot_tangent_vectors(np.c_[np.cos(t), np.sin(t)], np.c_[-np.sin(t), np.cos(t)])
    >>> len(ax.collections), len(ax.lines)
    (1, 2)
    >>> plt.close("all")
    """
    points, tangents = as_float_array(points, "points"), as_float_array(tangents, "tangents")
    if centre is not None and as_float_array(centre, "centre").shape != (2,):
        raise ValueError(f"centre must be a point (x, y), got {centre!r}")
    _validate.check_text(label, "label")
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (k, 2), got {points.shape}")
    if tangents.shape != points.shape:
        raise ValueError(
            f"tangents must have the shape of points {points.shape}, got {tangents.shape}"
        )
    line = points if curve is None else as_float_array(curve, "curve")
    if line.ndim != 2 or line.shape[1] != 2:
        raise ValueError(f"curve must have shape (j, 2), got {line.shape}")
    ax = new_axes(ax)
    ax.plot(line[:, 0], line[:, 1], color=PALETTE["blue"], label="the curve $y(t)$")
    ax.plot(points[:, 0], points[:, 1], "o", color=PALETTE["blue"], markersize=4)
    if centre is not None:
        cx, cy = as_float_array(centre, "centre")
        xs = np.column_stack([np.full(len(points), cx), points[:, 0], np.full(len(points), np.nan)])
        ys = np.column_stack([np.full(len(points), cy), points[:, 1], np.full(len(points), np.nan)])
        ax.plot(xs.ravel(), ys.ravel(), ":", color=PALETTE["black"], linewidth=1.2, label="radius")
    ax.quiver(
        points[:, 0],
        points[:, 1],
        tangents[:, 0],
        tangents[:, 1],
        color=PALETTE["vermillion"],
        angles="xy",
        scale_units="xy",
        scale=1,
        width=0.006,
        label=label,
    )
    ax.set_aspect("equal")
    ax.set_xlabel("$y_1$")
    ax.set_ylabel("$y_2$")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return ax


def directional_slope_explorer(
    f: Callable,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    *,
    x: float = 1.0,
    y: float = 0.5,
    angle: float = 45.0,
) -> Explorer:
    """Explore the slope of ``f(x, y)`` in every direction from a point.

    Sliders move the point and turn a direction ``u``; the figure shows the contours,
    ``grad f`` (vermillion) and ``u`` (green), and the caption the slope along ``u``
    (from :func:`helpers.calculus.directional_slope`). The slope is largest along the
    gradient and zero along the contour.

    Parameters
    ----------
    f : callable
        ``f(v)`` for a 2-vector ``v``; it must also work elementwise when ``v[0]``
        and ``v[1]`` are arrays (used to draw the contours).
    xlim, ylim : tuple of float
        The region shown and the sliders' ranges.
    x, y, angle : float
        The sliders' first values (``angle`` in degrees, -180 to 180).

    Returns
    -------
    helpers.viz.Explorer
        Sliders ``x``, ``y``, ``angle``; ``update`` returns the slope along ``u``.

    Raises
    ------
    ValueError
        If a range is empty or a first value lies outside its slider's range.

    Examples
    --------
    >>> explorer = directional_slope_explorer(lambda v: v[0] ** 2 + v[1] ** 2)
    >>> round(explorer.update(x=1.0, y=0.0, angle=0.0), 6)   # d(x^2)/dx at x = 1
    2.0
    """
    xlim, ylim = _check_limits("xlim", xlim), _check_limits("ylim", ylim)
    _validate.check_callable(f, "f")
    gx, gy = np.meshgrid(np.linspace(*xlim, 100), np.linspace(*ylim, 100))
    _validate.evaluate(f, np.stack([gx, gy]), shape=gx.shape, where=" on the region xlim x ylim")
    fig = Figure(figsize=(5.6, 5.0))
    ax = fig.add_subplot()
    ax.contour(gx, gy, f(np.stack([gx, gy])), levels=12, cmap=CMAP, linewidths=1)
    arrows = ax.quiver(
        [0.0, 0.0],
        [0.0, 0.0],
        [1.0, 1.0],
        [0.0, 0.0],
        color=[PALETTE["vermillion"], PALETTE["green"]],
        angles="xy",
        scale_units="xy",
        scale=1.0,
        width=0.012,
    )
    (dot,) = ax.plot([0.0], [0.0], "o", color=PALETTE["black"])
    ax.set_aspect("equal")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title("vermillion: grad f, green: u")
    renderer = FigureRenderer(fig, [arrows, dot])
    span = 0.25 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])

    def draw(x: float, y: float, angle: float) -> tuple[float, str]:
        point = np.array([x, y])
        theta = np.deg2rad(angle)
        numerical, _ = directional_slope(f, point, theta)
        grad = gradient(f, point)
        norm = float(np.linalg.norm(grad))
        shown = grad / norm * span if norm > 0 else np.zeros(2)
        arrows.set_offsets([point, point])
        arrows.set_UVC([shown[0], span * np.cos(theta)], [shown[1], span * np.sin(theta)])
        dot.set_data([x], [y])
        return numerical, f"slope along u: {numerical:.3f}    |grad f|: {norm:.3f}"

    step = (xlim[1] - xlim[0]) / 40
    controls = [
        slider("x", x, *xlim, step=step),
        slider("y", y, *ylim, step=step),
        slider("angle", angle, -180.0, 180.0, step=5.0, description="angle (deg)"),
    ]
    return Explorer(controls, draw, renderer.png, figure=fig)
