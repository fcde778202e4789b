"""Notebook 03, the chain rule: products of many local derivatives vanish or explode.

:func:`plot_chain_products` takes ``ax=`` and returns the Axes;
:func:`chain_product_explorer` returns an :class:`~helpers.viz.Explorer`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from helpers._validate import as_float_array
from helpers.calculus import deep_chain
from helpers.viz import _checks
from helpers.viz._core import Explorer, FigureRenderer, slider
from helpers.viz.style import COLOURS, PALETTE, new_axes, plain_log_ticks

__all__ = ["chain_product_explorer", "plot_chain_products"]


def plot_chain_products(
    depth: ArrayLike, products: Mapping[str, ArrayLike], *, ax: Axes | None = None
) -> Axes:
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
        The axes drawn on (log scale on y); the legend is beside the axes.

    Raises
    ------
    ValueError
        If a series does not have the length of ``depth`` or is not finite.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> d = np.arange(1, 6)
    >>> ax = plot_chain_products(d, {"0.5": 0.5**d, "1.5": 1.5**d})
    >>> ax.get_yscale()
    'log'
    >>> plt.close("all")
    """
    depth = as_float_array(depth, "depth", ndim=1, allow_empty=False, allow_bool=False)
    products = _checks.check_series(products, "products")
    ax = new_axes(ax)
    styles = ["-", "--", "-.", ":", (0, (5, 1, 1, 1))]
    for i, ((label, values), colour) in enumerate(zip(products.items(), COLOURS, strict=False)):
        values = np.abs(as_float_array(values, f"products[{label!r}]"))
        if values.shape != depth.shape:
            raise ValueError(
                f"products[{label!r}] must have the shape of depth {depth.shape}, "
                f"got {values.shape}"
            )
        ax.plot(
            depth, values, marker="o", markersize=3, ls=styles[i % 5], color=colour, label=label
        )
    ax.axhline(1.0, color=PALETTE["black"], linewidth=1, linestyle="--")
    ax.set_yscale("log")
    ax.set_xlabel("number of layers (depth)")
    ax.set_ylabel(r"$|dz/dx|$")
    ax.set_title("Products of many local derivatives vanish or explode")
    ax.legend(title="local derivatives", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return ax


def chain_product_explorer(x: float = 0.5, *, weight: float = 0.9, depth: int = 50) -> Explorer:
    """Explore how ``dz/dx`` of a deep chain vanishes or explodes with depth.

    Sliders: the layer weight (the size of each local derivative, 0.4 to 1.5) and the
    depth (1 to 50). The figure shows ``|dy_k/dx|`` against ``k``; the logic is
    :func:`helpers.calculus.deep_chain`.

    Parameters
    ----------
    x : float
        The chain's input.
    weight, depth : float, int
        The sliders' first values.

    Returns
    -------
    helpers.viz.Explorer
        Sliders ``weight`` and ``depth``; ``update`` returns the running products.

    Raises
    ------
    ValueError
        If ``x`` is not finite or a first value lies outside its slider's range.

    Examples
    --------
    >>> explorer = chain_product_explorer()
    >>> float(explorer.update(weight=1.0, depth=3)[-1]) > 1
    True
    """
    as_float_array(x, "x", ndim=0, allow_bool=False)
    fig = Figure(figsize=(7.0, 3.8))
    ax = fig.add_subplot()
    (line,) = ax.semilogy([1], [1], marker="o", markersize=3, color=PALETTE["blue"])
    ax.axhline(1.0, color=PALETTE["black"], linewidth=1, linestyle="--")
    ax.set_xlim(0, 51)
    ax.set_ylim(1e-16, 1e10)
    plain_log_ticks(ax.yaxis, -15, 10, 5)
    ax.set_xlabel("number of layers (depth)")
    ax.set_ylabel("|dz/dx|")
    ax.set_title("local derivatives 0.00 to 0.00: dz/dx after 00 layers = 0.000e+00")
    renderer = FigureRenderer(fig, [line, ax.title])

    def draw(weight: float, depth: int) -> tuple[np.ndarray, str]:
        _, _, running = deep_chain(x, np.full(depth, weight))
        line.set_data(np.arange(1, depth + 1), np.abs(running))
        ax.set_title(
            f"local derivatives {weight:.2f} to {1.1 * weight:.2f}: "
            f"dz/dx after {depth} layers = {running[-1]:.3g}"
        )
        return running, f"dz/dx = {running[-1]:.4g}"

    controls = [
        slider("weight", weight, 0.4, 1.5, step=0.05),
        slider("depth", depth, 1, 50, integer=True),
    ]
    return Explorer(controls, draw, renderer.png, figure=fig)
