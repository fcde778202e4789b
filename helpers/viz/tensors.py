"""Notebook 05, gradients of tensors: the gradient predicts the change of the loss.

:func:`plot_perturbation_errors` takes ``ax=`` and returns the Axes;
:func:`gradient_meaning_explorer` returns an :class:`~helpers.viz.Explorer`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from helpers import _validate
from helpers._validate import as_float_array
from helpers.calculus import perturbation_changes
from helpers.viz._core import Explorer, FigureRenderer, slider
from helpers.viz.style import PALETTE, new_axes, plain_log_ticks

__all__ = ["gradient_meaning_explorer", "plot_perturbation_errors"]


def plot_perturbation_errors(
    sizes: ArrayLike,
    predicted: ArrayLike,
    actual: ArrayLike,
    *,
    ax: Axes | None = None,
    highlight: float | None = None,
    plain: bool = False,
) -> Axes:
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
    plain : bool
        Plain-text labels instead of math text (faster to redraw).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on; the legend is below them.

    Raises
    ------
    ValueError
        If the arrays differ in shape or are not finite, or a size is not positive.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> s = np.logspace(-4, -1, 4)
    >>> ax = plot_perturbation_errors(s, 3 * s, 3 * s + s**2)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close("all")
    """
    sizes = as_float_array(sizes, "sizes")
    if highlight is not None and not _validate.check_finite_number(highlight, "highlight") > 0:
        raise ValueError(f"highlight must be a positive size (a log axis), got {highlight!r}")
    plain = _validate.check_bool(plain, "plain")
    predicted, actual = as_float_array(predicted, "predicted"), as_float_array(actual, "actual")
    if not (sizes.shape == predicted.shape == actual.shape):
        raise ValueError(
            f"sizes, predicted and actual must have one shape, got {sizes.shape}, "
            f"{predicted.shape} and {actual.shape}"
        )
    if np.any(sizes <= 0):
        raise ValueError("sizes must be positive")
    labels = (
        ["|actual change|", "error of the prediction <grad L, delta>", "slope 2", "current size"]
        if plain
        else [
            r"|actual change| $|L(W+\Delta) - L(W)|$",
            r"error of the prediction $\langle \nabla L, \Delta \rangle$",
            r"slope 2: $\propto |\Delta|^2$",
            "current size",
        ]
    )
    ax = new_axes(ax)
    error = np.abs(actual - predicted)
    ax.loglog(sizes, np.abs(actual), marker="o", color=PALETTE["blue"], label=labels[0])
    ax.loglog(sizes, error, marker="s", color=PALETTE["vermillion"], label=labels[1])
    ax.loglog(
        sizes,
        error[-1] * (sizes / sizes[-1]) ** 2,
        linestyle="--",
        color=PALETTE["black"],
        linewidth=1,
        label=labels[2],
    )
    if highlight is not None:
        ax.axvline(highlight, color=PALETTE["green"], linewidth=1.5, label=labels[3])
    ax.set_xlabel("perturbation size |Δ| (Frobenius norm)" if not plain else "size |delta|")
    ax.set_ylabel("change in the loss")
    ax.set_title("The gradient predicts the change to first order")
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2)
    return ax


def gradient_meaning_explorer(
    loss: Callable,
    grad: ArrayLike,
    W: ArrayLike,
    direction: ArrayLike,
    sizes: ArrayLike | None = None,
    *,
    size: float = 1e-2,
) -> Explorer:
    """Explore how well ``<grad L, delta>`` predicts the change of the loss.

    A log slider sets ``|delta|`` from the smallest to the largest of ``sizes``; the
    figure shows the actual change and the prediction's error for all ``sizes``
    (computed once) with the current size marked, and the caption prints predicted,
    actual and error. The logic is :func:`helpers.calculus.perturbation_changes`.

    Parameters
    ----------
    loss : callable
        Scalar function of an array shaped like ``W``.
    grad : array_like
        ``grad L(W)``.
    W : array_like
        The point.
    direction : array_like
        Direction of the perturbation, shaped like ``W``.
    sizes : array_like, optional
        Sizes for the background curves; default ``logspace(-5, 0, 21)``.
    size : float
        The slider's first value.

    Returns
    -------
    helpers.viz.Explorer
        One slider ``size``; ``update`` returns ``(predicted, actual)``.

    Raises
    ------
    ValueError
        As :func:`helpers.calculus.perturbation_changes`, or if ``size`` lies outside
        the range of ``sizes``.

    Examples
    --------
    >>> W = np.ones(3)
    >>> explorer = gradient_meaning_explorer(lambda w: np.sum(w**3), 3 * W**2, W, np.ones(3))
    >>> predicted, actual = explorer.update(size=0.1)
    >>> round(predicted, 4), round(actual, 4)
    (0.5196, 0.5502)
    """
    sizes = (
        np.logspace(-5, 0, 21)
        if sizes is None
        else as_float_array(sizes, "sizes", ndim=1, allow_empty=False)
    )
    if not (np.all(sizes > 0) and sizes.min() < sizes.max()):
        raise ValueError(
            f"sizes must be positive and hold two different sizes at least, got {sizes}"
        )
    predicted, actual = perturbation_changes(loss, grad, W, direction, sizes)
    control = slider("size", size, float(sizes.min()), float(sizes.max()), log=True)
    control.description = "|delta|"
    fig = Figure(figsize=(7.0, 5.0))
    ax = fig.add_subplot()
    plot_perturbation_errors(sizes, predicted, actual, ax=ax, highlight=size, plain=True)
    marker = ax.lines[-1]
    low_x, high_x = np.log10([sizes.min(), sizes.max()])
    plain_log_ticks(ax.xaxis, int(np.ceil(low_x)), int(np.floor(high_x)))
    low, high = np.floor(np.log10(ax.get_ylim()))
    plain_log_ticks(ax.yaxis, int(low) + 1, int(high), 2)
    renderer = FigureRenderer(fig, [marker])

    def draw(size: float) -> tuple[tuple[float, float], str]:
        (p,), (a,) = perturbation_changes(loss, grad, W, direction, [size])
        marker.set_xdata([size, size])
        text = f"|delta| = {size:.1e}: predicted {p:.3e}, actual {a:.3e}, error {abs(a - p):.1e}"
        return (float(p), float(a)), text

    return Explorer([control], draw, renderer.png, figure=fig)
