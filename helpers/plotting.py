"""One figure style and the plots the notebooks share.

Nothing here runs on import: call :func:`use_style` once at the top of a notebook
(``"notebook"`` for reading, ``"talk"`` for projecting in a lecture room).
Colours come from the Okabe-Ito palette, which stays distinguishable with the
common forms of colour blindness.
"""

from __future__ import annotations

from typing import Literal

import matplotlib as mpl
from cycler import cycler

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

_STYLES = {
    "notebook": {
        "figure.figsize": (7.0, 4.2),
        "figure.dpi": 80,
        "font.size": 12,
        "axes.titlesize": 13,
        "axes.labelsize": 12,
        "legend.fontsize": 11,
        "lines.linewidth": 2.0,
        "lines.markersize": 6,
    },
    "talk": {
        "figure.figsize": (9.0, 5.4),
        "figure.dpi": 80,
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

    Parameters
    ----------
    kind : {"notebook", "talk"}
        ``"notebook"`` for reading on a screen; ``"talk"`` for large fonts and
        thick lines that stay readable on a projector.

    Raises
    ------
    ValueError
        For an unknown ``kind``.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with mpl.rc_context():
    ...     use_style("talk")
    ...     mpl.rcParams["font.size"]
    17.0
    """
    if kind not in _STYLES:
        raise ValueError(f"kind must be one of {tuple(_STYLES)}, got {kind!r}")
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=COLOURS),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "image.cmap": CMAP,
            "figure.autolayout": True,
            "savefig.bbox": "tight",
            **_STYLES[kind],
        }
    )


# ----------------------------------------------------------------------------------------------
# Notebooks 01-02: gradient descent paths, secants and tangents, error-vs-h plots
# ----------------------------------------------------------------------------------------------

from typing import TYPE_CHECKING  # noqa: E402 (imports of this section only)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

    from helpers.optimise import Trajectory


def _axes(ax: Axes | None) -> Axes:
    """Return ``ax`` or the current figure's new axes."""
    import matplotlib.pyplot as plt

    return plt.subplots()[1] if ax is None else ax


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
        If ``h`` is zero or not finite.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_curve_and_secant(lambda x: x**2 / 4, 1.0, 1.0)
    >>> ax.get_title()
    'secant slope (f(a+h) - f(a)) / h = 0.7500 for h = 1'
    >>> plt.close("all")
    """
    import numpy as np

    if not np.isfinite(h) or h == 0:
        raise ValueError(f"h must be a non-zero finite number, got {h!r}")
    ax = _axes(ax)
    x = np.linspace(*x_range, 300)
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
        xytext=(0, -16),
        ha="center",
        color=PALETTE["green"],
    )
    ax.annotate(
        "Δy",
        (a + h, (fa + fb) / 2),
        textcoords="offset points",
        xytext=(6, 0),
        color=PALETTE["green"],
    )
    y = f(x)
    pad = 0.1 * (np.max(y) - np.min(y) + 1e-12)
    ax.set_ylim(np.min(y) - pad, np.max(y) + pad)
    ax.set_xlabel("x (no unit)")
    ax.set_ylabel("y = f(x)")
    ax.set_title(f"secant slope (f(a+h) - f(a)) / h = {slope:.4f} for h = {h:g}")
    ax.legend(loc="upper left")
    return ax


def plot_path_1d(
    f: Callable,
    trajectory: Trajectory,
    *,
    x_range: tuple[float, float] = (-2.0, 2.0),
    ax: Axes | None = None,
    label: str | None = None,
    color: str | None = None,
) -> Axes:
    """Draw a curve and the points ``a_0, a_1, ...`` of a 1-D gradient-descent run on it.

    Parameters
    ----------
    f : callable
        The objective, applied elementwise to arrays.
    trajectory : helpers.optimise.Trajectory
        A run with scalar points.
    x_range : tuple of float
        The x-interval to draw (points outside it are not shown).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    label : str, optional
        Legend label for the path (default: the learning rate and status).
    color : str, optional
        Colour of the path.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from helpers.optimise import gradient_descent
    >>> run = gradient_descent(lambda x: 2 * x, 1.5, lr=0.2, steps=5)
    >>> ax = plot_path_1d(lambda x: x**2, run)
    >>> len(ax.lines)
    2
    >>> plt.close("all")
    """
    import numpy as np

    ax = _axes(ax)
    x = np.linspace(*x_range, 400)
    if not ax.lines:
        ax.plot(x, f(x), color=PALETTE["blue"], label="F(x)")
    pts = np.asarray(trajectory.points, dtype=float)
    inside = (pts >= x_range[0]) & (pts <= x_range[1])
    color = color or PALETTE["vermillion"]
    label = label or f"α = {trajectory.lr:g} ({trajectory.status})"
    ax.plot(
        pts[inside],
        f(pts[inside]),
        "o-",
        color=color,
        linewidth=1.2,
        markersize=5,
        alpha=0.9,
        label=label,
    )
    ax.set_xlim(*x_range)
    ax.set_xlabel("parameter x (no unit)")
    ax.set_ylabel("loss F(x)")
    ax.legend(loc="best")
    return ax


def contour_grid(
    f: Callable, xlim: tuple[float, float], ylim: tuple[float, float], n: int = 120
) -> tuple:
    """Evaluate ``f`` on an ``n x n`` grid; ``f`` takes points whose last axis is (x, y).

    Parameters
    ----------
    f : callable
        ``f(p)`` with ``p[..., 0]`` = x and ``p[..., 1]`` = y, vectorised.
    xlim, ylim : tuple of float
        The rectangle.
    n : int
        Grid points per axis.

    Returns
    -------
    tuple of numpy.ndarray
        ``X, Y, Z``, each ``n x n``.

    Examples
    --------
    >>> import numpy as np
    >>> X, Y, Z = contour_grid(lambda p: p[..., 0] ** 2 + p[..., 1] ** 2, (-1, 1), (-1, 1), n=3)
    >>> Z.tolist()
    [[2.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 2.0]]
    """
    import numpy as np

    X, Y = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    return X, Y, np.asarray(f(np.stack([X, Y], axis=-1)), dtype=float)


def plot_contours_and_paths(
    grid: tuple,
    trajectories: Sequence[Trajectory],
    *,
    labels: Sequence[str] | None = None,
    levels: int | ArrayLike = 20,
    ax: Axes | None = None,
    log: bool = False,
) -> Axes:
    """Draw the contour lines of a surface and gradient-descent paths on top.

    Parameters
    ----------
    grid : tuple of numpy.ndarray
        ``X, Y, Z`` from :func:`contour_grid`.
    trajectories : list of helpers.optimise.Trajectory
        Runs with 2-D points.
    labels : list of str, optional
        One legend label per run (default: the learning rate and status).
    levels : int or array_like
        Contour levels.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    log : bool
        Space the contour levels logarithmically above the surface's minimum
        (useful for steep surfaces).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from helpers.optimise import gradient_descent
    >>> bowl = lambda p: p[..., 0] ** 2 + p[..., 1] ** 2
    >>> run = gradient_descent(lambda p: 2 * p, [1.0, 0.5], lr=0.1, steps=10)
    >>> ax = plot_contours_and_paths(contour_grid(bowl, (-1, 1), (-1, 1)), [run])
    >>> ax.get_xlabel()
    'parameter x (no unit)'
    >>> plt.close("all")
    """
    import numpy as np

    X, Y, Z = grid
    ax = _axes(ax)
    if log and np.isscalar(levels):
        low = float(np.min(Z))
        levels = low + np.geomspace(1e-2, float(np.max(Z)) - low + 1e-2, int(levels))
    ax.contour(X, Y, Z, levels=levels, cmap=CMAP, linewidths=1.0)
    for i, run in enumerate(trajectories):
        pts = np.atleast_2d(run.points)
        color = COLOURS[(i + 3) % len(COLOURS)]
        label = labels[i] if labels else f"α = {run.lr:g} ({run.status})"
        ax.plot(pts[:, 0], pts[:, 1], "o-", color=color, markersize=3.5, linewidth=1.4, label=label)
        ax.plot(pts[0, 0], pts[0, 1], "s", color=color, markersize=8)
    ax.set_xlim(X.min(), X.max())
    ax.set_ylim(Y.min(), Y.max())
    ax.set_aspect("equal")
    ax.set_xlabel("parameter x (no unit)")
    ax.set_ylabel("parameter y (no unit)")
    if trajectories:
        ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_loss_per_step(
    trajectories: Sequence[Trajectory],
    *,
    labels: Sequence[str] | None = None,
    ax: Axes | None = None,
    log: bool = True,
    minimum: float = 0.0,
) -> Axes:
    """Plot ``F(a_n) - minimum`` against the step ``n`` for one or more runs.

    Parameters
    ----------
    trajectories : list of helpers.optimise.Trajectory
        Runs made with ``f`` given (so they carry losses).
    labels : list of str, optional
        One legend label per run.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    log : bool
        Logarithmic loss axis (straight lines then mean geometric convergence).
    minimum : float
        Subtracted from the losses (the known minimum value), so a log axis works.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a run has no losses.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from helpers.optimise import gradient_descent
    >>> run = gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, steps=10, f=lambda x: x**2)
    >>> plot_loss_per_step([run]).get_yscale()
    'log'
    >>> plt.close("all")
    """
    import numpy as np

    ax = _axes(ax)
    for i, run in enumerate(trajectories):
        if run.losses is None:
            raise ValueError("trajectories must carry losses: call gradient_descent with f=...")
        gap = np.asarray(run.losses) - minimum
        if log:
            gap = np.maximum(gap, np.finfo(float).tiny)
        label = labels[i] if labels else f"α = {run.lr:g} ({run.status})"
        ax.plot(
            np.arange(len(gap)),
            gap,
            "o-",
            markersize=3,
            color=COLOURS[(i + 3) % len(COLOURS)],
            label=label,
        )
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step n")
    ax.set_ylabel("F(a_n) - min F" if minimum != 0 else "loss F(a_n)")
    ax.set_title("loss per step")
    ax.legend(loc="best", fontsize="small")
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

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> h = np.logspace(-8, -1, 8)
    >>> ax = plot_error_vs_h(h, {"forward": h}, guides={"sqrt(eps)": 1.5e-8})
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close("all")
    """
    import numpy as np

    ax = _axes(ax)
    h = np.asarray(h, dtype=float)
    floor = np.finfo(float).eps * 1e-3
    for i, (label, err) in enumerate(errors.items()):
        err = np.maximum(np.asarray(err, dtype=float), floor)
        ax.loglog(
            h, err, ".-", color=COLOURS[i % len(COLOURS)], markersize=4, linewidth=1.2, label=label
        )
    for i, (label, value) in enumerate((guides or {}).items()):
        ax.axvline(
            value, linestyle=":", color=COLOURS[i % len(COLOURS)], linewidth=1.8, label=label
        )
    ax.set_xlabel("step h (no unit)")
    ax.set_ylabel("absolute error |estimate - f'(x)|")
    ax.set_title(title)
    ax.legend(loc="best", fontsize="small")
    return ax


# ----------------------------------------------------------------------------------------------
# Notebooks 03-05: chain rule, gradient fields, Jacobians, tensor gradients
# ----------------------------------------------------------------------------------------------


def plot_gradient_field(
    f,
    grad_f,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    levels: int = 12,
    arrows: int = 11,
    ax=None,
):
    """Draw the contours of ``f(x, y)`` with its gradient field on top.

    The arrows are drawn to scale (``angles="xy"``), so an arrow that crosses a
    contour at a right angle really is perpendicular to it on the page when the
    axes have equal aspect (which this function sets).

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
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If a range is empty or ``levels``/``arrows`` is below 2.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> f = lambda x, y: x**2 + x * y + y**2
    >>> g = lambda x, y: (2 * x + y, x + 2 * y)
    >>> ax = plot_gradient_field(f, g, (-2, 2), (-2, 2))
    >>> ax.get_xlabel()
    '$x$ (no unit)'
    >>> plt.close("all")
    """
    import numpy as np

    for name, (low, high) in (("xlim", xlim), ("ylim", ylim)):
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise ValueError(f"{name} must be (low, high) with low < high, got {(low, high)!r}")
    if levels < 2:
        raise ValueError(f"levels must be at least 2, got {levels!r}")
    if arrows < 2:
        raise ValueError(f"arrows must be at least 2, got {arrows!r}")
    ax = _axes(ax)
    xs, ys = np.linspace(*xlim, 200), np.linspace(*ylim, 200)
    gx, gy = np.meshgrid(xs, ys)
    filled = ax.contourf(gx, gy, f(gx, gy), levels=levels, cmap=CMAP, alpha=0.85)
    ax.contour(gx, gy, f(gx, gy), levels=filled.levels, colors="white", linewidths=0.8)
    ax.figure.colorbar(filled, ax=ax, label="$f(x, y)$")
    ax_, ay_ = np.meshgrid(np.linspace(*xlim, arrows), np.linspace(*ylim, arrows))
    u, v = (np.asarray(c, dtype=float) for c in grad_f(ax_, ay_))
    # scale so that the longest arrow spans 0.9 of the spacing between arrows
    spacing = min(xlim[1] - xlim[0], ylim[1] - ylim[0]) / (arrows - 1)
    longest = max(float(np.max(np.hypot(u, v))), 1e-300)
    ax.quiver(
        ax_,
        ay_,
        u,
        v,
        color=PALETTE["vermillion"],
        angles="xy",
        scale_units="xy",
        scale=longest / (0.9 * spacing),
        width=0.007,
    )
    ax.set_aspect("equal")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x$ (no unit)")
    ax.set_ylabel("$y$ (no unit)")
    ax.set_title(r"Contours of $f$ and its gradient field $\nabla f$")
    ax.grid(False)
    return ax


def plot_tangent_vectors(points, tangents, *, curve=None, ax=None, label: str = "tangent vectors"):
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
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    label : str
        Legend label of the arrows.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If the arrays are not both of shape ``(k, 2)``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> t = np.linspace(0, 2 * np.pi, 9)
    >>> ax = plot_tangent_vectors(np.c_[np.cos(t), np.sin(t)], np.c_[-np.sin(t), np.cos(t)])
    >>> len(ax.collections), len(ax.lines)
    (1, 2)
    >>> plt.close("all")
    """
    import numpy as np

    points, tangents = np.asarray(points, float), np.asarray(tangents, float)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (k, 2), got {points.shape}")
    if tangents.shape != points.shape:
        raise ValueError(
            f"tangents must have the shape of points {points.shape}, got {tangents.shape}"
        )
    line = points if curve is None else np.asarray(curve, float)
    if line.ndim != 2 or line.shape[1] != 2:
        raise ValueError(f"curve must have shape (j, 2), got {line.shape}")
    ax = _axes(ax)
    ax.plot(line[:, 0], line[:, 1], color=PALETTE["blue"], label="the curve $y(t)$")
    ax.plot(points[:, 0], points[:, 1], "o", color=PALETTE["blue"], markersize=4)
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
    ax.set_xlabel("$y_1$ (no unit)")
    ax.set_ylabel("$y_2$ (no unit)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_chain_products(depth, products, *, ax=None):
    """Plot ``|product of local derivatives|`` against depth, one line per setting.

    Parameters
    ----------
    depth : array_like of int
        Number of layers, 1, 2, ...
    products : dict of str to array_like
        For each label, the running products (same length as ``depth``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on (log scale on y).

    Raises
    ------
    ValueError
        If a series does not have the length of ``depth``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> d = np.arange(1, 6)
    >>> ax = plot_chain_products(d, {"0.5": 0.5**d, "1.5": 1.5**d})
    >>> ax.get_yscale()
    'log'
    >>> plt.close("all")
    """
    import numpy as np

    depth = np.asarray(depth)
    ax = _axes(ax)
    for (label, values), colour in zip(products.items(), COLOURS, strict=False):
        values = np.abs(np.asarray(values, float))
        if values.shape != depth.shape:
            raise ValueError(
                f"products[{label!r}] must have the shape of depth {depth.shape}, "
                f"got {values.shape}"
            )
        ax.plot(depth, values, marker="o", markersize=3, color=colour, label=label)
    ax.axhline(1.0, color=PALETTE["black"], linewidth=1, linestyle="--")
    ax.set_yscale("log")
    ax.set_xlabel("number of layers (depth)")
    ax.set_ylabel(r"$|dz/dx|$ = |product of local derivatives|")
    ax.set_title("Products of many local derivatives vanish or explode")
    ax.legend(title="local derivative about")
    return ax


def plot_perturbation_errors(sizes, predicted, actual, *, ax=None, highlight=None):
    """Log-log plot of the actual change, and of the prediction's error, against ``|delta|``.

    A dashed line of slope 2 through the last error shows the expected
    ``|actual - predicted| ~ |delta|^2`` behaviour.

    Parameters
    ----------
    sizes : array_like
        Perturbation sizes ``|delta|`` (positive).
    predicted, actual : array_like
        Predicted change ``<grad L, delta>`` and actual change ``L(W + delta) - L(W)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    highlight : float, optional
        A size to mark with a vertical line (the widget's current value).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If the arrays differ in shape or a size is not positive.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> s = np.logspace(-4, -1, 4)
    >>> ax = plot_perturbation_errors(s, 3 * s, 3 * s + s**2)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close("all")
    """
    import numpy as np

    sizes = np.asarray(sizes, float)
    predicted, actual = np.asarray(predicted, float), np.asarray(actual, float)
    if not (sizes.shape == predicted.shape == actual.shape):
        raise ValueError(
            f"sizes, predicted and actual must have one shape, got {sizes.shape}, "
            f"{predicted.shape} and {actual.shape}"
        )
    if np.any(sizes <= 0):
        raise ValueError("sizes must be positive")
    ax = _axes(ax)
    error = np.abs(actual - predicted)
    ax.loglog(
        sizes,
        np.abs(actual),
        marker="o",
        color=PALETTE["blue"],
        label=r"|actual change| $|L(W+\Delta) - L(W)|$",
    )
    ax.loglog(
        sizes,
        error,
        marker="s",
        color=PALETTE["vermillion"],
        label=r"error of the prediction $\langle \nabla L, \Delta \rangle$",
    )
    ax.loglog(
        sizes,
        error[-1] * (sizes / sizes[-1]) ** 2,
        linestyle="--",
        color=PALETTE["black"],
        linewidth=1,
        label=r"slope 2: $\propto |\Delta|^2$",
    )
    if highlight is not None:
        ax.axvline(highlight, color=PALETTE["green"], linewidth=1.5, label="current size")
    ax.set_xlabel(r"perturbation size $|\Delta|$ (Frobenius norm)")
    ax.set_ylabel("change in the loss (loss units)")
    ax.set_title("The gradient predicts the change to first order")
    ax.legend(fontsize=9, loc="upper left")
    return ax


# ----------------------------------------------------------------------------------------------
# Notebook 06: the SVD recap
# ----------------------------------------------------------------------------------------------


def _new_figure(ncols: int = 1, *, width: float | None = None, height: float | None = None):
    """Make a pyplot figure with ``ncols`` axes side by side, sized from the current style."""
    import matplotlib.pyplot as plt

    w, h = mpl.rcParams["figure.figsize"]
    fig, axes = plt.subplots(1, ncols, figsize=(width or w, height or h), squeeze=False)
    return fig, list(axes[0])


def plot_svd_geometry(A, *, n_points: int = 200):
    """Show how a 2 x 2 matrix ``A = U Sigma V^T`` maps the unit circle, one factor at a time.

    Four panels: the unit circle with the right singular vectors ``v_1, v_2``; after
    ``V^T`` (a rotation or reflection); after ``Sigma V^T`` (stretch along the axes by
    ``sigma_1, sigma_2``); after ``U Sigma V^T = A`` (an ellipse with semi-axes
    ``sigma_i u_i``).

    Parameters
    ----------
    A : array_like, shape (2, 2)
        A real 2 x 2 matrix.
    n_points : int
        Points on the circle.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (call ``plt.show()`` to display it).

    Raises
    ------
    ValueError
        If ``A`` is not a finite real 2 x 2 matrix.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_svd_geometry([[2.0, 1.0], [0.5, 1.0]])
    >>> len(fig.axes)
    4
    >>> plt.close(fig)
    """
    import numpy as np

    A = np.asarray(A, dtype=float)
    if A.shape != (2, 2) or not np.all(np.isfinite(A)):
        raise ValueError(f"A must be a finite real 2 x 2 matrix, got shape {A.shape}")
    _, s, Vh = np.linalg.svd(A)
    t = np.linspace(0.0, 2.0 * np.pi, n_points)
    circle = np.vstack([np.cos(t), np.sin(t)])
    basis = Vh.T  # columns v_1, v_2
    stages = [
        (r"unit circle, $\mathbf{v}_1, \mathbf{v}_2$", np.eye(2)),
        (r"after $V^\top$ (rotate)", Vh),
        (r"after $\Sigma V^\top$ (stretch)", np.diag(s) @ Vh),
        (r"after $U \Sigma V^\top = A$", A),
    ]
    fig, axes = _new_figure(4, width=12.0, height=3.6)
    lim = 1.15 * max(s[0], 1.0)
    for ax, (title, M) in zip(axes, stages, strict=True):
        curve = M @ circle
        ax.plot(curve[0], curve[1], color=COLOURS[0])
        for i, colour in enumerate((COLOURS[1], COLOURS[2])):
            end = M @ basis[:, i]
            ax.annotate(
                "", xy=end, xytext=(0, 0), arrowprops={"arrowstyle": "->", "color": colour, "lw": 2}
            )
        ax.set_aspect("equal")
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_title(title, fontsize=11)
        ax.set_xlabel("first coordinate")
    axes[0].set_ylabel("second coordinate")
    fig.suptitle(
        rf"How $A$ maps the unit circle: $\sigma_1$ = {s[0]:.2f}, $\sigma_2$ = {s[1]:.2f} "
        r"(orange: image of $\mathbf{v}_1$, green: image of $\mathbf{v}_2$)"
    )
    return fig


def plot_explained_variance(singular_values, *, n_show: int | None = None):
    """Bar chart of the variance each principal component explains, with the running total.

    The explained-variance ratio of component ``i`` is ``sigma_i^2 / sum_j sigma_j^2``
    when the singular values come from the column-centred data matrix.

    Parameters
    ----------
    singular_values : array_like, shape (p,)
        Singular values of the centred data, in decreasing order.
    n_show : int, optional
        Show only the first ``n_show`` components (default: all).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the singular values are not a non-empty 1-D array of finite, non-negative
        numbers that are not all zero.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_explained_variance([3.0, 2.0, 1.0])
    >>> plt.close(fig)
    """
    import numpy as np

    s = np.asarray(singular_values, dtype=float)
    if s.ndim != 1 or s.size == 0 or not np.all(np.isfinite(s)) or np.any(s < 0) or not s.any():
        raise ValueError("singular_values must be a 1-D array of finite, non-negative numbers")
    ratio = s**2 / np.sum(s**2)
    k = s.size if n_show is None else min(int(n_show), s.size)
    comp = np.arange(1, k + 1)
    fig, (ax,) = _new_figure()
    ax.bar(comp, 100 * ratio[:k], color=COLOURS[0], label="this component")
    ax.plot(comp, 100 * np.cumsum(ratio)[:k], "o-", color=COLOURS[1], label="cumulative")
    ax.set_xlabel("principal component")
    ax.set_ylabel("variance explained (%)")
    ax.set_ylim(0, 105)
    ax.set_title("Explained variance from the singular values")
    ax.legend(loc="center right")
    return fig


def plot_pca_plane(coordinates, labels, *, title: str = "The first two principal directions"):
    """Scatter points in the plane of two principal components, each with a text label.

    Parameters
    ----------
    coordinates : array_like, shape (k, 2)
        Coordinates along PC 1 and PC 2 (e.g. the rows of ``V[:, :2]``, the loadings).
    labels : sequence of str, length k
        One label per point.
    title : str
        The axes title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``coordinates`` is not ``(k, 2)`` or ``labels`` has a different length.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_pca_plane([[0.1, 0.2], [-0.3, 0.0]], ["a", "b"])
    >>> plt.close(fig)
    """
    import numpy as np

    xy = np.asarray(coordinates, dtype=float)
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise ValueError(f"coordinates must have shape (k, 2), got {xy.shape}")
    if len(labels) != len(xy):
        raise ValueError(f"labels must have one entry per point ({len(xy)}), got {len(labels)}")
    fig, (ax,) = _new_figure(width=9.0, height=6.0)
    ax.axhline(0, color="0.6", lw=1)
    ax.axvline(0, color="0.6", lw=1)
    ax.scatter(xy[:, 0], xy[:, 1], color=COLOURS[0], zorder=3)
    # Place each label at the first of four offsets where it does not overlap earlier labels.
    renderer = fig.canvas.get_renderer()
    placed = []
    offsets = [((4, 3), "left"), ((4, -11), "left"), ((-4, 3), "right"), ((-4, -11), "right")]
    for (x, y), label in zip(xy, labels, strict=True):
        for offset, align in offsets:
            text = ax.annotate(
                label, (x, y), xytext=offset, textcoords="offset points", fontsize=9, ha=align
            )
            box = text.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in placed) or offset == offsets[-1][0]:
                placed.append(box)
                break
            text.remove()
    ax.set_xlabel("loading on PC 1 (unit vector entry)")
    ax.set_ylabel("loading on PC 2 (unit vector entry)")
    ax.set_title(title)
    return fig


def plot_low_rank_gallery(image, factors, ranks):
    """Show a greyscale image and its rank-``rho`` approximations side by side.

    Each title gives the rank, the storage ratio ``rho (m + n + 1) / (m n)`` and the
    relative Frobenius error.

    Parameters
    ----------
    image : array_like, shape (m, n)
        Greyscale image with values in [0, 1].
    factors : tuple of arrays
        ``(U, s, Vh)``, the thin SVD of ``image`` (computed once by the caller).
    ranks : sequence of int
        The ranks to show.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If a rank is out of range (see :func:`helpers.linalg.low_rank_storage`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> img = np.random.default_rng(0).random((20, 16))
    >>> fig = plot_low_rank_gallery(img, np.linalg.svd(img, full_matrices=False), [1, 5])
    >>> len(fig.axes)
    3
    >>> plt.close(fig)
    """
    import numpy as np

    from helpers.linalg import low_rank_storage

    image = np.asarray(image, dtype=float)
    U, s, Vh = factors
    total = np.sqrt(np.sum(s**2))
    fig, axes = _new_figure(len(ranks) + 1, width=2.5 * (len(ranks) + 1), height=3.3)
    axes[0].imshow(image, cmap="gray", vmin=0, vmax=1)
    axes[0].set_title(f"original\n{image.shape[0]} x {image.shape[1]} pixels", fontsize=10)
    for ax, rank in zip(axes[1:], ranks, strict=True):
        ratio = low_rank_storage(image.shape, rank)
        approx = (U[:, :rank] * s[:rank]) @ Vh[:rank]
        err = np.sqrt(np.sum(s[rank:] ** 2)) / total
        ax.imshow(approx, cmap="gray", vmin=0, vmax=1)
        title = f"rank {rank}\nstorage {100 * ratio:.0f}%, error {100 * err:.0f}%"
        ax.set_title(title, fontsize=10)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig


def plot_eckart_young(singular_values, ranks, measured_errors):
    """Plot the singular values, and the truncation error Eckart-Young predicts vs measured.

    Left: ``sigma_i`` on a log scale. Right: the relative Frobenius error
    ``sqrt(sum_{i > rho} sigma_i^2) / ||A||_F`` as a line, and measured errors
    ``||A - A_rho||_F / ||A||_F`` as points.

    Parameters
    ----------
    singular_values : array_like, shape (p,)
        All singular values, in decreasing order.
    ranks : array_like of int
        Ranks at which the error was measured.
    measured_errors : array_like of float
        The measured relative errors at those ranks.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``ranks`` and ``measured_errors`` differ in length.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_eckart_young([3.0, 2.0, 1.0], [1, 2], [0.6, 0.27])
    >>> plt.close(fig)
    """
    import numpy as np

    s = np.asarray(singular_values, dtype=float)
    ranks = np.asarray(ranks)
    measured = np.asarray(measured_errors, dtype=float)
    if ranks.shape != measured.shape:
        raise ValueError(
            f"ranks and measured_errors must have the same length, got {ranks.shape} "
            f"and {measured.shape}"
        )
    sq = s**2
    tail = np.sqrt(np.maximum(np.sum(sq) - np.cumsum(sq), 0.0)) / np.sqrt(np.sum(sq))
    index = np.arange(1, s.size + 1)
    fig, (left, right) = _new_figure(2, width=11.0, height=4.0)
    left.semilogy(index, s, color=COLOURS[0])
    left.set_xlabel(r"index $i$")
    left.set_ylabel(r"singular value $\sigma_i$ (log scale)")
    left.set_title("Singular values")
    right.plot(index, 100 * tail, color=COLOURS[0], label="Eckart-Young prediction")
    right.plot(ranks, 100 * measured, "o", color=COLOURS[3], label="measured")
    right.set_xlabel(r"rank $\rho$ kept")
    right.set_ylabel("relative Frobenius error (%)")
    right.set_title("Error of the best rank-$\\rho$ approximation")
    right.legend()
    return fig


def plot_perturbation_excess(eps, excess):
    """Log-log plot of how much a perturbed truncation loses, with a slope-2 guide.

    Parameters
    ----------
    eps : array_like
        Perturbation sizes (positive).
    excess : array_like
        ``||A - B_eps||_F^2 - ||A - A_rho||_F^2`` for each size (positive).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the arrays differ in shape or contain non-positive values.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_perturbation_excess([1e-3, 1e-2], [1e-6, 1e-4])
    >>> plt.close(fig)
    """
    import numpy as np

    eps = np.asarray(eps, dtype=float)
    excess = np.asarray(excess, dtype=float)
    if eps.shape != excess.shape or np.any(eps <= 0) or np.any(excess <= 0):
        raise ValueError("eps and excess must be positive arrays of the same shape")
    fig, (ax,) = _new_figure()
    ax.loglog(eps, excess, "o-", color=COLOURS[0], label="perturbed truncations")
    guide = excess[0] * (eps / eps[0]) ** 2
    ax.loglog(eps, guide, "--", color=COLOURS[1], label=r"slope 2 ($\propto \varepsilon^2$)")
    ax.set_xlabel(r"perturbation size $\varepsilon$")
    ax.set_ylabel(r"extra squared error $\|\cdot\|_F^2$")
    ax.set_title("Nudging the truncation only ever adds error")
    ax.legend()
    return fig


def plot_power_iteration(history, sigma, ratio):
    """Relative error of power iteration's estimate of ``sigma_1`` per step, on a log scale.

    A dashed guide shows the predicted rate ``(sigma_2 / sigma_1)^(4k)`` (the estimate
    ``||A v||`` is a Rayleigh quotient, whose error is the square of the vector's).

    Parameters
    ----------
    history : array_like
        The estimate after each iteration.
    sigma : float
        The true largest singular value (from a reference SVD).
    ratio : float
        ``sigma_2 / sigma_1``.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``sigma <= 0`` or ``ratio`` is not in [0, 1).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_power_iteration([2.9, 2.999, 3.0], 3.0, 0.5)
    >>> plt.close(fig)
    """
    import numpy as np

    if not sigma > 0 or not 0 <= ratio < 1:
        raise ValueError(f"need sigma > 0 and 0 <= ratio < 1, got sigma={sigma}, ratio={ratio}")
    history = np.asarray(history, dtype=float)
    k = np.arange(1, history.size + 1)
    rel = np.abs(history - sigma) / sigma
    floor = np.finfo(float).eps
    fig, (ax,) = _new_figure()
    ax.semilogy(k, np.maximum(rel, floor), "o-", color=COLOURS[0], label="power iteration")
    guide = max(rel[0], floor) * ratio ** (4 * (k - 1))
    ax.semilogy(
        k,
        np.maximum(guide, floor),
        "--",
        color=COLOURS[1],
        label=r"$(\sigma_2/\sigma_1)^{4k}$ guide",
    )
    ax.axhline(floor, color="0.5", lw=1, ls=":", label="machine epsilon")
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(r"relative error of $\sigma_1$")
    ax.set_title("Power iteration converges geometrically")
    ax.legend()
    return fig


def plot_memory_bars(labels, n_bytes):
    """Horizontal bars of memory sizes on a log scale, each labelled in GB.

    Parameters
    ----------
    labels : sequence of str
        One label per bar.
    n_bytes : array_like
        The sizes in bytes (positive).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the lengths differ or a size is not positive.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_memory_bars(["dense", "sparse"], [6.8e10, 1.2e9])
    >>> plt.close(fig)
    """
    import numpy as np

    n_bytes = np.asarray(n_bytes, dtype=float)
    if len(labels) != n_bytes.size or np.any(n_bytes <= 0):
        raise ValueError("labels and n_bytes must match in length, and sizes must be positive")
    fig, (ax,) = _new_figure(width=8.0, height=3.6)
    y = np.arange(len(labels))
    ax.barh(y, n_bytes / 1e9, color=[COLOURS[i % len(COLOURS)] for i in range(len(labels))])
    for yi, b in zip(y, n_bytes, strict=True):
        ax.annotate(
            f"{b / 1e9:,.1f} GB",
            (b / 1e9, yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
        )
    ax.set_yticks(y, labels)
    ax.set_xscale("log")
    ax.set_xlim(0.1, ax.get_xlim()[1] * 8)
    ax.invert_yaxis()
    ax.set_xlabel("memory (GB, log scale)")
    ax.set_title("The Netflix Prize matrix in memory")
    return fig


# ----------------------------------------------------------------------------------------------
# Notebook 07: SVD by following gradients
# ----------------------------------------------------------------------------------------------


from collections.abc import Mapping  # noqa: E402  (imports local to this section)

from matplotlib.axes import Axes  # noqa: E402
from numpy.typing import ArrayLike  # noqa: E402


def plot_factorisation_losses(
    histories: Mapping[str, ArrayLike],
    *,
    floor: float | None = None,
    ax: Axes | None = None,
    title: str = "Loss of the factorisation during training",
    xlabel: str = "epoch",
    legend_kw: Mapping[str, object] | None = None,
) -> Axes:
    """Plot loss curves of factorisation runs on a log scale.

    Parameters
    ----------
    histories : mapping of str to array_like
        Label -> loss before training and after each epoch (as returned with
        ``return_history=True``). Non-finite values (a diverged run) end the
        curve, and the last finite point is marked with a cross.
    floor : float, optional
        The best possible loss (Eckart-Young: the sum of the discarded squared
        singular values). If given, the plot shows the *excess* loss
        ``J - floor``, so convergence to the optimum appears as a straight
        line heading down.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title, xlabel : str
        Title and x-axis label.
    legend_kw : mapping, optional
        Keyword arguments for ``ax.legend`` (e.g. ``{"loc": "upper right"}``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_factorisation_losses({"run": [4.0, 2.0, 1.5]}, floor=1.0)
    >>> ax.get_yscale(), ax.get_ylabel()
    ('log', 'excess loss J - J* (squared error)')
    """
    import numpy as np

    ax = _axes(ax)
    tiny = 1e-16 * max(1.0, abs(floor) if floor is not None else 1.0)
    for i, (label, history) in enumerate(histories.items()):
        h = np.asarray(history, dtype=float)
        finite = np.isfinite(h)
        stop = len(h) if finite.all() else int(np.argmin(finite))
        y = h[:stop] - (floor if floor is not None else 0.0)
        y = np.maximum(y, tiny)
        colour = COLOURS[i % len(COLOURS)]
        ax.plot(np.arange(stop), y, label=label, color=colour)
        if stop < len(h) or (stop > 0 and h[stop - 1] > 1e3 * max(h[0], 1.0)):
            ax.plot([stop - 1], [y[-1]], marker="x", markersize=12, color=colour)
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(
        "excess loss J - J* (squared error)" if floor is not None else "loss J (squared error)"
    )
    ax.set_title(title)
    ax.legend(**(legend_kw or {}))
    return ax


def plot_singular_value_comparison(
    singular_values: ArrayLike,
    estimates: ArrayLike,
    *,
    estimate_label: str = "products of factor column norms",
    ax: Axes | None = None,
    title: str = "Singular values against the learnt factors",
) -> Axes:
    """Draw the singular values of A beside values read off learnt factors, as grouped bars.

    Parameters
    ----------
    singular_values : array_like
        The singular values (from ``np.linalg.svd``), largest first.
    estimates : array_like
        Values to compare, one per singular value (e.g. ``||u_k|| * ||v_k||``
        sorted in decreasing order).
    estimate_label : str
        Legend entry of the estimates.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str
        Title of the plot.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the two arrays are not 1-D of the same length.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_singular_value_comparison([3.0, 1.0], [2.9, 1.2])
    >>> len(ax.patches)
    4
    """
    import numpy as np

    s = np.asarray(singular_values, dtype=float)
    est = np.asarray(estimates, dtype=float)
    if s.shape != est.shape or s.ndim != 1:
        raise ValueError(
            f"singular_values and estimates must be 1-D of the same length, "
            f"got shapes {s.shape} and {est.shape}"
        )
    ax = _axes(ax)
    k = np.arange(1, len(s) + 1)
    ax.bar(k - 0.2, s, width=0.4, label="singular values of A", color=PALETTE["blue"])
    ax.bar(k + 0.2, est, width=0.4, label=estimate_label, color=PALETTE["orange"])
    ax.set_xticks(k)
    ax.set_xlabel("index k (largest first)")
    ax.set_ylabel("value (units of A)")
    ax.set_title(title)
    ax.legend()
    return ax


# ----------------------------------------------------------------------------------------------
# Notebook 08: the Netflix Challenge
# ----------------------------------------------------------------------------------------------
