"""Notebook 07, the SVD by following gradients: loss curves, singular values, learning rate.

Single-panel plots take ``ax=`` and return the Axes; :func:`lr_explorer` returns an
:class:`~helpers.viz.Explorer`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from helpers import _validate
from helpers._validate import as_float_array
from helpers.factorise import DivergenceError, gd_factorise
from helpers.viz import _checks
from helpers.viz._core import Explorer, FigureRenderer, slider
from helpers.viz.style import PALETTE, new_axes, plain_log_ticks

__all__ = [
    "LR_EXPLORER_EPOCHS",
    "lr_explorer",
    "lr_explorer_run",
    "plot_factorisation_losses",
    "plot_singular_value_comparison",
]

#: Epochs per run of the learning-rate explorer.
LR_EXPLORER_EPOCHS = 200

#: Colours and line styles of successive loss curves: no two curves look alike.
_CURVE_COLOURS = [PALETTE[k] for k in ("blue", "vermillion", "green", "orange", "purple", "sky")]
_CURVE_STYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2))]


def plot_factorisation_losses(
    histories: Mapping[str, ArrayLike],
    *,
    floor: float | None = None,
    ax: Axes | None = None,
    title: str = "Loss of the factorisation during training",
    xlabel: str = "epoch",
    legend_kw: Mapping[str, object] | None = None,
) -> Axes:
    """Plot loss curves of factorisation runs on a log scale, each in its own colour and style.

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
        Keyword arguments for ``ax.legend`` (default: beside the axes).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``floor`` is not finite.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_factorisation_losses({"run": [4.0, 2.0, 1.5]}, floor=1.0)
    >>> ax.get_yscale(), ax.get_ylabel()
    ('log', 'excess loss J - J*')
    >>> plt.close("all")
    """
    histories = _checks.check_series(histories, "histories", finite=False)
    if floor is not None:
        floor = float(as_float_array(floor, "floor", ndim=0, allow_bool=False))
    _validate.check_text(title, "title")
    _validate.check_text(xlabel, "xlabel")
    if legend_kw is not None and not isinstance(legend_kw, Mapping):
        raise TypeError(f"legend_kw must be a dict of ax.legend arguments, got {legend_kw!r}")
    ax = new_axes(ax)
    tiny = 1e-16 * max(1.0, abs(floor) if floor is not None else 1.0)
    for i, (label, history) in enumerate(histories.items()):
        h = np.asarray(history, dtype=float)
        finite = np.isfinite(h)
        stop = len(h) if finite.all() else int(np.argmin(finite))
        y = np.maximum(h[:stop] - (floor if floor is not None else 0.0), tiny)
        colour = _CURVE_COLOURS[i % len(_CURVE_COLOURS)]
        style = _CURVE_STYLES[i % len(_CURVE_STYLES)]
        ax.plot(np.arange(stop), y, label=label, color=colour, linestyle=style)
        if stop < len(h) or (stop > 0 and h[stop - 1] > 1e3 * max(h[0], 1.0)):
            ax.plot([stop - 1], [y[-1]], marker="x", markersize=12, mew=2.5, color=colour)
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("excess loss J - J*" if floor is not None else "loss J")
    ax.set_title(title)
    ax.legend(**(legend_kw or {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0)}))
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
        If the two arrays are not finite, 1-D and of the same length.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_singular_value_comparison([3.0, 1.0], [2.9, 1.2])
    >>> len(ax.patches)
    4
    >>> plt.close("all")
    """
    s = as_float_array(singular_values, "singular_values")
    est = as_float_array(estimates, "estimates")
    _validate.check_text(estimate_label, "estimate_label")
    _validate.check_text(title, "title")
    if s.shape != est.shape or s.ndim != 1:
        raise ValueError(
            f"singular_values and estimates must be 1-D of the same length, "
            f"got shapes {s.shape} and {est.shape}"
        )
    ax = new_axes(ax)
    k = np.arange(1, len(s) + 1)
    ax.bar(k - 0.2, s, width=0.4, label="singular values of A", color=PALETTE["blue"])
    ax.bar(k + 0.2, est, width=0.4, label=estimate_label, color=PALETTE["orange"], hatch="//")
    ax.set_xticks(k)
    ax.set_xlabel("index k (largest first)")
    ax.set_ylabel("value (units of A)")
    ax.set_title(title)
    ax.legend(loc="upper right")
    return ax


def lr_explorer_run(
    A: ArrayLike, rank: int, lr: float, num_epochs: int = LR_EXPLORER_EPOCHS, seed: int = 0
) -> tuple[np.ndarray, int | None]:
    """Run full-batch GD factorisation and report whether it diverged (no widget).

    Parameters
    ----------
    A : array_like, shape (m, n)
        The matrix to factorise.
    rank : int
        Rank of the factorisation.
    lr : float
        Learning rate.
    num_epochs : int
        Number of full-batch steps.
    seed : int
        Seed of the uniform(0, 1) initial factors.

    Returns
    -------
    history : numpy.ndarray
        Loss before training and after each epoch; for a diverged run, its
        finite losses up to the epoch at which it was stopped.
    diverged_at : int or None
        The epoch at which the run was stopped, or ``None`` if it finished.

    Examples
    --------
    >>> A = np.diag([3.0, 1.0])
    >>> history, diverged_at = lr_explorer_run(A, 1, lr=0.1)
    >>> round(float(history[-1]), 6), diverged_at
    (1.0, None)
    >>> lr_explorer_run(A, 1, lr=2.0)[1] is not None
    True
    """
    try:
        _, _, history = gd_factorise(A, rank, num_epochs, lr, seed=seed, return_history=True)
    except DivergenceError as err:  # the losses up to the blow-up, without a non-finite last one
        return err.history[np.isfinite(err.history)], err.epoch
    return history, None


def lr_explorer(
    A: ArrayLike,
    rank: int,
    *,
    num_epochs: int = LR_EXPLORER_EPOCHS,
    seed: int = 0,
    lr: float = 0.05,
    lr_min: float = 1e-3,
    lr_max: float = 0.5,
) -> Explorer:
    """Learning-rate slider for full-batch GD factorisation: slow, just right, diverging.

    Each move reruns :func:`lr_explorer_run` and redraws the excess loss over the
    Eckart-Young error on fixed axes (``1e-16`` to ``1e16``), so rates compare at a glance.

    Parameters
    ----------
    A : array_like, shape (m, n)
        The matrix to factorise.
    rank : int
        Rank of the factorisation.
    num_epochs : int
        Epochs per run.
    seed : int
        Seed of the initial factors (the same for every slider position).
    lr, lr_min, lr_max : float
        Initial value and range of the (logarithmic) learning-rate slider.

    Returns
    -------
    helpers.viz.Explorer
        One slider ``lr``; ``update(lr=...)`` returns ``(history, diverged_at)``.

    Raises
    ------
    ValueError
        If ``lr`` lies outside ``[lr_min, lr_max]`` or ``A`` is not finite.

    Examples
    --------
    >>> explorer = lr_explorer(np.diag([3.0, 1.0]), 1, lr=0.1, lr_max=2.0)
    >>> explorer.update(lr=1.5)[1] is not None   # diverges
    True
    """
    A = as_float_array(A, "A", ndim=2, allow_empty=False)
    rank = _validate.check_rank(rank, min(A.shape), f"min(m, n) = {min(A.shape)}")
    num_epochs = _validate.check_count(num_epochs, "num_epochs")
    if _validate.check_seed(seed) is None:
        raise TypeError("seed must be an integer: every slider position starts from one start")
    lr_min = _validate.check_finite_number(lr_min, "lr_min")
    if not 0 < lr_min < _validate.check_finite_number(lr_max, "lr_max"):
        raise ValueError(
            f"lr_min and lr_max must satisfy 0 < lr_min < lr_max, got {lr_min}, {lr_max}"
        )
    control = slider("lr", lr, lr_min, lr_max, log=True, step=0.05, continuous_update=False)
    floor = float(np.sum(np.linalg.svd(A, compute_uv=False)[rank:] ** 2))
    fig = Figure(figsize=(7.0, 4.2))
    ax = fig.add_subplot()
    (curve,) = ax.plot([], [], color=PALETTE["blue"])
    (cross,) = ax.plot([], [], "x", color=PALETTE["vermillion"], markersize=12, mew=2.5)
    ax.set_yscale("log")
    ax.set_xlim(0, num_epochs)
    ax.set_ylim(1e-16, 1e16)
    plain_log_ticks(ax.yaxis, -16, 16, 4)
    ax.set_xlabel("epoch")
    ax.set_ylabel("excess loss J - J*")
    ax.set_title("Full-batch GD with your learning rate")
    renderer = FigureRenderer(fig, [curve, cross])

    def draw(lr: float) -> tuple[tuple[np.ndarray, int | None], str]:
        history, diverged_at = lr_explorer_run(A, rank, lr, num_epochs, seed)
        finite = history[np.isfinite(history)]
        excess = np.clip(finite - floor, 1e-17, 1e17)
        curve.set_data(np.arange(excess.size), excess)
        if diverged_at is None:
            cross.set_data([], [])
            text = f"lr = {lr:.3g}: excess loss after {num_epochs} epochs {excess[-1]:.1e}"
        else:
            cross.set_data([excess.size - 1], [excess[-1]])
            text = f"lr = {lr:.3g}: diverged, stopped at epoch {diverged_at} (cross)"
        return (history, diverged_at), text

    return Explorer([control], draw, renderer.png, figure=fig)
