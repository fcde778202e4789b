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


def _gradient_section_axes(ax):
    """Return ``ax`` or a fresh axes on a new figure (pyplot imported lazily)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots()
    return new_ax


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
    ax = _gradient_section_axes(ax)
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
    ax = _gradient_section_axes(ax)
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
    ax = _gradient_section_axes(ax)
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
    ax = _gradient_section_axes(ax)
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



# ----------------------------------------------------------------------------------------------
# Notebook 07: SVD by following gradients
# ----------------------------------------------------------------------------------------------



# ----------------------------------------------------------------------------------------------
# Notebook 08: the Netflix Challenge
# ----------------------------------------------------------------------------------------------
