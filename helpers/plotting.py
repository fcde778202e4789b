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



# ----------------------------------------------------------------------------------------------
# Notebooks 03-05: chain rule, gradient fields, Jacobians, tensor gradients
# ----------------------------------------------------------------------------------------------



# ----------------------------------------------------------------------------------------------
# Notebook 06: the SVD recap
# ----------------------------------------------------------------------------------------------



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
    import matplotlib.pyplot as plt
    import numpy as np

    if ax is None:
        _, ax = plt.subplots()
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
    import matplotlib.pyplot as plt
    import numpy as np

    s = np.asarray(singular_values, dtype=float)
    est = np.asarray(estimates, dtype=float)
    if s.shape != est.shape or s.ndim != 1:
        raise ValueError(
            f"singular_values and estimates must be 1-D of the same length, "
            f"got shapes {s.shape} and {est.shape}"
        )
    if ax is None:
        _, ax = plt.subplots()
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
