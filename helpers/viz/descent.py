"""Notebook 01, follow the gradient: descent paths on curves and contours, loss per step.

Single-panel plots take ``ax=`` and return the Axes; :func:`descent_view` returns a
Figure; :func:`descent_explorer` returns an :class:`~helpers.viz.Explorer`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from helpers import _validate
from helpers.optimise import Trajectory, gradient_descent
from helpers.viz import _checks
from helpers.viz._core import Explorer, FigureRenderer, slider
from helpers.viz.style import CMAP, COLOURS, PALETTE, new_axes

__all__ = [
    "contour_grid",
    "descent_explorer",
    "descent_view",
    "plot_contours_and_paths",
    "plot_loss_per_step",
    "plot_path_1d",
]

_MARKERS = ["o", "s", "^", "D", "v", "P"]
_STYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1))]


def _check_range(name: str, limits: tuple[float, float]) -> tuple[float, float]:
    return _validate.check_interval(limits, name)


def _check_start(
    x0: object, xlim: object, ylim: object, slider: bool = False
) -> tuple[tuple, list]:
    """Check a start ``x0`` (a number, or a pair with ``ylim``) and its region (``slider``'s)."""
    start = _validate.as_float_array(x0, "x0", ndim=(0, 1), allow_bool=False)
    if start.ndim == 1 and start.shape != (2,):
        raise ValueError(f"x0 must be a number or a pair (x, y), got shape {start.shape}")
    if start.ndim == 1 and ylim is None:
        raise ValueError("ylim is required for a 2-D start x0")
    limits = [_check_range("xlim", xlim)]
    if start.ndim == 1:
        limits.append(_check_range("ylim", ylim))
    for value, name, (low, high) in zip(start.reshape(-1), ("xlim", "ylim"), limits, strict=False):
        if not low <= value <= high:
            where = f"be between {low!r} and {high!r}" if slider else "lie inside the region"
            raise ValueError(f"x0 must {where} ({name} = {(low, high)}), got {x0!r}")
    return tuple(start.reshape(-1)), limits


def _check_curve(f: object, x: np.ndarray, where: str, points: int = 0) -> np.ndarray:
    """Check that ``f`` gives one finite number per point of ``x`` (a curve to draw).

    The last ``points`` axes of ``x`` hold the coordinates of one point (1 for a surface).
    """
    _validate.check_callable(f, "f")
    return _validate.evaluate(f, x, shape=x.shape[: x.ndim - points], where=where)


def plot_path_1d(
    f: Callable,
    trajectory: Trajectory,
    *,
    x_range: tuple[float, float] = (-2.0, 2.0),
    ax: Axes | None = None,
    label: str | None = None,
    color: str | None = None,
    marker: str = "o",
) -> Axes:
    """Draw a curve and the points ``a_0, a_1, ...`` of a 1-D gradient-descent run on it.

    The path stops at its first point outside ``x_range`` (a diverging run leaves the
    picture instead of drawing lines across it); that point's direction is marked
    by an arrow at the edge.

    Parameters
    ----------
    f : callable
        The objective, applied elementwise to arrays.
    trajectory : helpers.optimise.Trajectory
        A run with scalar points.
    x_range : tuple of float
        The x-interval to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    label : str, optional
        Legend label for the path (default: the learning rate and status).
    color : str, optional
        Colour of the path.
    marker : str
        Marker of the points.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``x_range`` is empty or the run's points are not scalars.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> run = gradient_descent(lambda x: 2 * x, 1.5, lr=0.2, steps=5)
    >>> ax = plot_path_1d(lambda x: x**2, run)
    >>> len(ax.lines)
    2
    >>> plt.close("all")
    """
    low, high = _check_range("x_range", x_range)
    _checks.check_run(trajectory, "trajectory", dim=1)
    _check_curve(f, np.linspace(low, high, 400), f" on x_range {(low, high)}")
    _check_curve(f, np.asarray(trajectory.points, dtype=float), " at the points of trajectory")
    for name, value in (("label", label), ("color", color)):
        if value is not None:
            _validate.check_text(value, name)
    _checks.check_marker(marker)
    if color is not None:
        _checks.check_colour(color)
    pts = np.asarray(trajectory.points, dtype=float)
    if pts.ndim != 1:
        raise ValueError(f"trajectory must have scalar points, got shape {pts.shape[1:]}")
    ax = new_axes(ax)
    x = np.linspace(low, high, 400)
    if not ax.lines:
        ax.plot(x, f(x), color=PALETTE["blue"], label="F(x)")
    outside = np.flatnonzero(~((pts >= low) & (pts <= high)))
    shown = pts[: outside[0]] if outside.size else pts
    color = color or PALETTE["vermillion"]
    label = label or f"α = {trajectory.lr:g} ({trajectory.status})"
    ax.plot(shown, f(shown), marker=marker, color=color, linewidth=1.2, markersize=5, label=label)
    if outside.size and shown.size:
        exit_x = low if pts[outside[0]] < low else high
        ax.annotate(
            "",
            xy=(exit_x, f(shown[-1])),
            xytext=(shown[-1], f(shown[-1])),
            arrowprops={"arrowstyle": "->", "color": color, "lw": 1.2, "ls": "--"},
        )
    ax.set_xlim(low, high)
    ax.set_xlabel("parameter x")
    ax.set_ylabel("loss F(x)")
    return ax


def contour_grid(
    f: Callable, xlim: tuple[float, float], ylim: tuple[float, float], n: int = 120
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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

    Raises
    ------
    ValueError
        If a range is empty or ``f`` is not finite on the grid.

    Examples
    --------
    >>> X, Y, Z = contour_grid(lambda p: p[..., 0] ** 2 + p[..., 1] ** 2, (-1, 1), (-1, 1), n=3)
    >>> Z.tolist()
    [[2.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 2.0]]
    """
    _validate.check_callable(f, "f")
    n = _validate.check_integer_in(n, "n", 2, 2000)
    X, Y = np.meshgrid(
        np.linspace(*_check_range("xlim", xlim), n), np.linspace(*_check_range("ylim", ylim), n)
    )
    return X, Y, _check_curve(f, np.stack([X, Y], axis=-1), " on the grid of xlim and ylim", 1)


def _inside_prefix(pts: np.ndarray, xlim: tuple, ylim: tuple) -> tuple[np.ndarray, bool]:
    """Return the points up to the first one outside the rectangle, and whether it left."""
    inside = (
        np.isfinite(pts).all(axis=1)
        & (pts[:, 0] >= xlim[0])
        & (pts[:, 0] <= xlim[1])
        & (pts[:, 1] >= ylim[0])
        & (pts[:, 1] <= ylim[1])
    )
    out = np.flatnonzero(~inside)
    return (pts[: out[0]], True) if out.size else (pts, False)


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

    Each path has its own colour, marker and line style, and its start is a larger
    marker. A path that leaves the rectangle (a diverging run) stops at its last point
    inside, marked with a cross, instead of drawing lines across the picture. The legend
    sits beside the axes, off the contours and paths.

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

    Raises
    ------
    ValueError
        If ``labels`` does not have one entry per run.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> bowl = lambda p: p[..., 0] ** 2 + p[..., 1] ** 2
    >>> run = gradient_descent(lambda p: 2 * p, [1.0, 0.5], lr=0.1, steps=10)
    >>> ax = plot_contours_and_paths(contour_grid(bowl, (-1, 1), (-1, 1)), [run])
    >>> ax.get_xlabel()
    'parameter x'
    >>> plt.close("all")
    """
    X, Y, Z = _checks.check_grid(grid)
    trajectories = _checks.check_runs(trajectories, "trajectories", dim=2, allow_empty=True)
    if labels is not None:
        labels = _checks.check_labels(
            labels, "labels", len(trajectories), per="run of trajectories"
        )
    levels = _checks.check_levels(levels)
    log = _validate.check_bool(log, "log")
    if labels is not None and len(labels) != len(trajectories):
        raise ValueError(
            f"labels must have one entry per run ({len(trajectories)}), got {len(labels)}"
        )
    ax = new_axes(ax)
    if log and np.isscalar(levels):
        low = float(np.min(Z))
        levels = low + np.geomspace(1e-2, float(np.max(Z)) - low + 1e-2, int(levels))
    ax.contour(X, Y, Z, levels=levels, cmap=CMAP, linewidths=0.8, alpha=0.7)
    xlim, ylim = (X.min(), X.max()), (Y.min(), Y.max())
    for i, run in enumerate(trajectories):
        pts, left = _inside_prefix(np.atleast_2d(run.points), xlim, ylim)
        color = COLOURS[(i + 3) % len(COLOURS)]
        label = labels[i] if labels else f"α = {run.lr:g} ({run.status})"
        if left:
            label += " - leaves the plot at ✕"
        ax.plot(
            pts[:, 0],
            pts[:, 1],
            marker=_MARKERS[i % len(_MARKERS)],
            linestyle=_STYLES[i % len(_STYLES)],
            color=color,
            markersize=4,
            linewidth=1.5,
            label=label,
            zorder=3 + len(trajectories) - i,
        )
        ax.plot(*pts[0], "s", color=color, markersize=9, markeredgecolor="black", zorder=10)
        if left:
            ax.plot(*pts[-1], "X", color=color, markersize=11, markeredgecolor="black", zorder=10)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("parameter x")
    ax.set_ylabel("parameter y")
    if trajectories:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
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
        If a run has no losses or ``minimum`` is not finite.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> run = gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, steps=10, f=lambda x: x**2)
    >>> plot_loss_per_step([run]).get_yscale()
    'log'
    >>> plt.close("all")
    """
    trajectories = _checks.check_runs(trajectories, "trajectories", losses=True)
    if labels is not None:
        labels = _checks.check_labels(
            labels, "labels", len(trajectories), per="run of trajectories"
        )
    log = _validate.check_bool(log, "log")
    minimum = _validate.check_finite_number(minimum, "minimum")
    ax = new_axes(ax)
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
            marker=_MARKERS[i % len(_MARKERS)],
            linestyle=_STYLES[i % len(_STYLES)],
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


def descent_view(
    f: Callable,
    grad: Callable,
    x0: float | tuple[float, float],
    lr: float,
    steps: int,
    *,
    xlim: tuple[float, float],
    ylim: tuple[float, float] | None = None,
    grid: tuple | None = None,
    minimum: float = 0.0,
    tol: float | None = 1e-10,
) -> tuple[Trajectory, Figure]:
    """Run gradient descent and draw its path (left) and its loss per step (right).

    This is the logic of :func:`descent_explorer`, callable without a widget.

    Parameters
    ----------
    f : callable
        The objective; for 2-D problems it takes points whose last axis is (x, y).
    grad : callable
        Its gradient.
    x0 : float or pair of float
        The start ``a_0`` (a number for a curve, a pair for a surface), inside the region.
    lr : float
        The learning rate ``alpha``.
    steps : int
        The most steps (at least 1).
    xlim, ylim : tuple of float
        The region drawn; ``ylim`` only for surfaces.
    grid : tuple, optional
        A precomputed :func:`contour_grid` (saves time in a widget).
    minimum : float
        The known minimum value, subtracted from the losses for the log axis.
    tol : float, optional
        Passed to :func:`helpers.optimise.gradient_descent`.

    Returns
    -------
    tuple
        The :class:`~helpers.optimise.Trajectory` and the matplotlib figure.

    Raises
    ------
    ValueError
        If ``x0`` lies outside the region, ``ylim`` is missing for a 2-D start, or
        :func:`~helpers.optimise.gradient_descent` rejects ``lr`` or ``steps``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> run, fig = descent_view(lambda x: x**2, lambda x: 2 * x, 1.5, 0.25, 50, xlim=(-2, 2))
    >>> run.status
    'converged'
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    _validate.check_callable(f, "f")
    _validate.check_callable(grad, "grad")
    start, (xlim, *rest) = _check_start(x0, xlim, ylim)
    x0, ylim = (start if len(start) == 2 else start[0]), (rest[0] if rest else ylim)
    if grid is not None:
        grid = _checks.check_grid(grid)
    minimum = _validate.check_finite_number(minimum, "minimum")
    two_d = np.ndim(x0) == 1
    run = gradient_descent(grad, x0, lr, steps, f=f, tol=tol)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    if not two_d:
        plot_path_1d(f, run, x_range=xlim, ax=left)
        left.legend(loc="best", fontsize="small")
        left.set_title("the path on the curve")
    else:
        grid = grid if grid is not None else contour_grid(f, xlim, ylim)
        plot_contours_and_paths(grid, [run], ax=left, log=True)
        left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize="small")
        left.set_title("the path on the contours")
    plot_loss_per_step([run], ax=right, minimum=minimum)
    right.get_legend().remove()
    right.set_title(f"loss per step: {run.status.replace('_', ' ')}")
    return run, fig


def descent_explorer(
    f: Callable,
    grad: Callable,
    *,
    x0: float | tuple[float, float],
    lr: float,
    steps: int = 30,
    xlim: tuple[float, float],
    ylim: tuple[float, float] | None = None,
    lr_range: tuple[float, float] = (1e-3, 1.0),
    max_steps: int = 100,
    minimum: float = 0.0,
    loss_range: tuple[float, float] = (1e-12, 1e4),
) -> Explorer:
    """Sliders for the learning rate, the start point and the number of steps.

    Each change reruns gradient descent (as :func:`descent_view` does) and redraws the
    path and the loss per step; the axes stay fixed and only the lines are redrawn.

    Parameters
    ----------
    f, grad : callable
        The objective and its gradient (see :func:`descent_view`).
    x0 : float or pair of float
        The initial start point, inside the region.
    lr : float
        The initial learning rate, inside ``lr_range``.
    steps : int
        The initial number of steps, ``1 <= steps <= max_steps``.
    xlim, ylim : tuple of float
        The region drawn (and the range of the start sliders); ``ylim`` only for surfaces.
    lr_range : tuple of float
        The smallest and largest learning rate on the (logarithmic) slider.
    max_steps : int
        The largest number of steps on the slider (and the width of the loss plot).
    minimum : float
        The known minimum value of ``f``, subtracted from the losses.
    loss_range : tuple of float
        The fixed range of the (logarithmic) loss axis.

    Returns
    -------
    helpers.viz.Explorer
        Sliders ``lr``, ``steps``, ``x0`` (and ``y0``); ``update`` returns the trajectory.

    Raises
    ------
    ValueError
        If a start value lies outside its range (nothing is clamped), or ``ylim`` is
        missing for a 2-D start.

    Examples
    --------
    >>> explorer = descent_explorer(lambda x: x**2, lambda x: 2 * x, x0=1.0, lr=0.1, xlim=(-2, 2))
    >>> explorer.update(lr=0.3, steps=5).steps
    5
    >>> explorer.update(lr=2.0)
    Traceback (most recent call last):
    ...
    ValueError: lr must be between 0.001 and 1.0, got 2.0
    """
    _validate.check_callable(f, "f")
    _validate.check_callable(grad, "grad")
    start, (xlim, *rest) = _check_start(x0, xlim, ylim, slider=True)
    x0, ylim = (start if len(start) == 2 else start[0]), (rest[0] if rest else ylim)
    lr_range, loss_range = (
        _check_range(n, r) for n, r in [("lr_range", lr_range), ("loss_range", loss_range)]
    )
    for name, (low, high) in (("lr_range", lr_range), ("loss_range", loss_range)):
        if not (low > 0 and high < 1e300):
            raise ValueError(f"{name} must lie between 0 and 1e300 (a log axis), got {(low, high)}")
    max_steps = _validate.check_count(max_steps, "max_steps", minimum=2)
    minimum = _validate.check_finite_number(minimum, "minimum")
    if np.ndim(x0) == 0:
        _check_curve(f, np.linspace(*xlim, 400), f" on xlim {xlim}")
    two_d = np.ndim(x0) == 1
    starts = list(x0) if two_d else [x0]
    limits = [xlim, ylim] if two_d else [xlim]
    controls = [
        slider("lr", lr, *lr_range, log=True, description="α"),
        slider("steps", steps, 1, max_steps, integer=True),
    ]
    for name, value, (a, b) in zip(["x0", "y0"], starts, limits, strict=False):
        controls.append(
            slider(name, value, a, b, step=(b - a) / 200, description=f"start {name[0]}")
        )

    fig = Figure(figsize=(10, 4.2))
    left, right = fig.subplots(1, 2)
    if two_d:
        plot_contours_and_paths(contour_grid(f, xlim, ylim), [], ax=left, log=True)
    else:
        xs = np.linspace(*xlim, 400)
        left.plot(xs, f(xs), color=PALETTE["blue"])
        left.set_xlim(*xlim)
        left.set_xlabel("parameter x")
        left.set_ylabel("loss F(x)")
    left.set_title("the path")
    colour = PALETTE["vermillion"]
    (path,) = left.plot([], [], "o-", color=colour, markersize=4, linewidth=1.3)
    (start,) = left.plot([], [], "s", color=colour, markersize=8, markeredgecolor="black")
    (loss,) = right.plot([], [], "o-", color=colour, markersize=3)
    right.set_yscale("log")
    right.set_xlim(0, max_steps)
    right.set_ylim(*loss_range)
    right.set_xlabel("step n")
    right.set_ylabel("F(a_n) - min F")
    right.set_title("loss per step")
    renderer = FigureRenderer(fig, [path, start, loss])

    def draw(lr: float, steps: int, x0: float, y0: float | None = None) -> tuple[Trajectory, str]:
        a0 = (x0, y0) if two_d else x0
        run = gradient_descent(grad, a0, lr, steps, f=f, tol=1e-10)
        pts = run.points
        if two_d:
            shown, _ = _inside_prefix(pts, xlim, ylim)
            path.set_data(shown[:, 0], shown[:, 1])
            start.set_data([pts[0, 0]], [pts[0, 1]])
        else:
            outside = np.flatnonzero((pts < xlim[0]) | (pts > xlim[1]))
            shown = pts[: outside[0]] if outside.size else pts
            path.set_data(shown, f(shown))
            start.set_data([pts[0]], [f(pts[0])])
        gap = np.clip(run.losses - minimum, loss_range[0] / 10, loss_range[1] * 10)
        loss.set_data(np.arange(len(gap)), gap)
        return run, run.message

    return Explorer(controls, draw, renderer.png, figure=fig)
