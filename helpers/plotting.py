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



# ----------------------------------------------------------------------------------------------
# Notebook 08: the Netflix Challenge
# ----------------------------------------------------------------------------------------------
