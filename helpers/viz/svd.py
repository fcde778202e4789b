"""Notebook 06, the SVD recap: geometry, PCA, low-rank images, Eckart-Young, memory.

The figures of several panels (or of a fixed size) return the Figure; the rank slider
:func:`low_rank_explorer` returns an :class:`~helpers.viz.Explorer`. The numbers come
from :mod:`helpers.linalg` (one rank-``rho`` reconstruction, :func:`~helpers.linalg.
low_rank_view`).
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets
import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from helpers import _validate
from helpers._validate import as_float_array
from helpers.linalg import LowRankView, low_rank_view
from helpers.viz import _checks
from helpers.viz._core import Explorer, encode_png, slider
from helpers.viz.style import COLOURS, new_figure, place_labels

__all__ = [
    "low_rank_explorer",
    "plot_eckart_young",
    "plot_explained_variance",
    "plot_low_rank_gallery",
    "plot_memory_bars",
    "plot_pca_plane",
    "plot_perturbation_excess",
    "plot_power_iteration",
    "plot_svd_geometry",
]


def plot_svd_geometry(A: ArrayLike, *, n_points: int = 200) -> Figure:
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
    A = as_float_array(A, "A")
    n_points = _validate.check_integer_in(n_points, "n_points", 3, 10_000)
    if A.shape != (2, 2):
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
    fig, axes = new_figure(4, width=12.0, height=3.9)
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
        ax.set_title(title, fontsize="medium")
        ax.set_xlabel("first coordinate")
    axes[0].set_ylabel("second coordinate")
    fig.suptitle(
        rf"How $A$ maps the unit circle: $\sigma_1$ = {s[0]:.2f}, $\sigma_2$ = {s[1]:.2f}"
        "\n"
        r"(orange: image of $\mathbf{v}_1$, green: image of $\mathbf{v}_2$)"
    )
    return fig


def plot_explained_variance(singular_values: ArrayLike, *, n_show: int | None = None) -> Figure:
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
    s = _checks.check_singular_values(singular_values)
    if n_show is not None:
        n_show = _validate.check_count(n_show, "n_show")
    if s.ndim != 1 or s.size == 0 or np.any(s < 0) or not s.any():
        raise ValueError("singular_values must be a 1-D array of finite, non-negative numbers")
    ratio = s**2 / np.sum(s**2)
    k = s.size if n_show is None else min(int(n_show), s.size)
    comp = np.arange(1, k + 1)
    fig, (ax,) = new_figure()
    ax.bar(comp, 100 * ratio[:k], color=COLOURS[0], label="this component")
    ax.plot(comp, 100 * np.cumsum(ratio)[:k], "o-", color=COLOURS[1], label="cumulative")
    ax.set_xlabel("principal component")
    ax.set_ylabel("variance explained (%)")
    ax.set_ylim(0, 105)
    ax.set_title("Explained variance from the singular values")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig


def plot_pca_plane(
    coordinates: ArrayLike,
    labels: Sequence[str],
    *,
    title: str = "The first two principal directions",
) -> Figure:
    """Scatter points in the plane of two principal components, each with a text label.

    Labels are placed by :func:`helpers.viz.place_labels`: none overlaps another label
    or a point, or leaves the axes.

    Parameters
    ----------
    coordinates : array_like, shape (k, 2)
        Coordinates along PC 1 and PC 2 (e.g. the rows of ``V[:, :2]``, the loadings).
    labels : sequence of str, length k
        One label per point (short: see :func:`helpers.viz.short_title`).
    title : str
        The axes title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``coordinates`` is not finite of shape ``(k, 2)`` or ``labels`` has a
        different length.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_pca_plane([[0.1, 0.2], [-0.3, 0.0]], ["a", "b"])
    >>> plt.close(fig)
    """
    xy = as_float_array(coordinates, "coordinates")
    _checks.check_labels(labels, "labels", len(xy) if xy.ndim else None, "point of coordinates")
    _validate.check_text(title, "title")
    if xy.ndim != 2 or xy.shape[1] != 2:
        raise ValueError(f"coordinates must have shape (k, 2), got {xy.shape}")
    if len(labels) != len(xy):
        raise ValueError(f"labels must have one entry per point ({len(xy)}), got {len(labels)}")
    fig, (ax,) = new_figure(width=9.0, height=6.4)
    ax.axhline(0, color="0.6", lw=1)
    ax.axvline(0, color="0.6", lw=1)
    ax.scatter(xy[:, 0], xy[:, 1], color=COLOURS[0], zorder=3)
    span = np.ptp(xy, axis=0)
    ax.set_xlim(xy[:, 0].min() - 0.3 * span[0], xy[:, 0].max() + 0.3 * span[0])
    ax.set_ylim(xy[:, 1].min() - 0.08 * span[1], xy[:, 1].max() + 0.08 * span[1])
    ax.set_xlabel("loading on PC 1")
    ax.set_ylabel("loading on PC 2")
    ax.set_title(title)
    fig.canvas.draw()  # the layout first, then labels placed in the final axes
    fig.set_layout_engine("none")
    place_labels(ax, xy, labels, fontsize=9)
    return fig


def plot_low_rank_gallery(image: ArrayLike, factors: tuple, ranks: Sequence[int]) -> Figure:
    """Show a greyscale image and its rank-``rho`` approximations side by side.

    Each title gives the rank, the storage ratio ``rho (m + n + 1) / (m n)`` and the
    relative Frobenius error, all from :func:`helpers.linalg.low_rank_view`.

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
        If the image is not finite or a rank is out of range.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> img = np.random.default_rng(0).random((20, 16))
    >>> fig = plot_low_rank_gallery(img, np.linalg.svd(img, full_matrices=False), [1, 5])
    >>> len(fig.axes)
    3
    >>> plt.close(fig)
    """
    image, *factors = _checks.check_image_factors(image, factors, required=True)
    if not isinstance(ranks, list | tuple | np.ndarray) or len(ranks) == 0:
        raise TypeError(f"ranks must be a non-empty list of ranks, got {ranks!r}")
    ranks = [_validate.check_integer_in(r, "ranks", 1, factors[1].size) for r in ranks]
    views = [low_rank_view(factors, rank) for rank in ranks]
    fig, axes = new_figure(len(ranks) + 1, width=2.0 * (len(ranks) + 1), height=2.9)
    fig.set_layout_engine("constrained", h_pad=0.1)  # room above the two-line titles
    axes[0].imshow(image, cmap="gray", vmin=0, vmax=1)
    axes[0].set_title(f"original\n{image.shape[0]} x {image.shape[1]} pixels", fontsize="medium")
    for ax, view in zip(axes[1:], views, strict=True):
        ax.imshow(view.approximation, cmap="gray", vmin=0, vmax=1)
        ax.set_title(
            f"rank {view.rank}\nstorage {100 * view.storage_ratio:.0f}%, "
            f"error {100 * view.relative_error:.0f}%",
            fontsize="medium",
        )
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig


def plot_eckart_young(
    singular_values: ArrayLike, ranks: ArrayLike, measured_errors: ArrayLike
) -> Figure:
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
        If ``ranks`` and ``measured_errors`` differ in length or an input is not finite.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_eckart_young([3.0, 2.0, 1.0], [1, 2], [0.6, 0.27])
    >>> plt.close(fig)
    """
    s = _checks.check_singular_values(singular_values)
    ranks = as_float_array(ranks, "ranks", ndim=1)
    measured = as_float_array(measured_errors, "measured_errors")
    if ranks.shape != measured.shape:
        raise ValueError(
            f"ranks and measured_errors must have the same length, got {ranks.shape} "
            f"and {measured.shape}"
        )
    sq = s**2
    tail = np.sqrt(np.maximum(np.sum(sq) - np.cumsum(sq), 0.0)) / np.sqrt(np.sum(sq))
    index = np.arange(1, s.size + 1)
    fig, (left, right) = new_figure(2, width=11.0, height=4.2)
    left.semilogy(index, s, color=COLOURS[0])
    left.set_xlabel(r"index $i$")
    left.set_ylabel(r"singular value $\sigma_i$ (log scale)")
    left.set_title("Singular values")
    right.plot(index, 100 * tail, color=COLOURS[0], label="Eckart-Young prediction")
    right.plot(ranks, 100 * measured, "o", color=COLOURS[3], label="measured")
    right.set_xlabel(r"rank $\rho$ kept")
    right.set_ylabel("relative Frobenius error (%)")
    right.set_title("Error of the best rank-$\\rho$ approximation")
    right.legend(loc="upper right")
    return fig


def plot_perturbation_excess(eps: ArrayLike, excess: ArrayLike) -> Figure:
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
        If the arrays differ in shape or contain non-positive or non-finite values.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_perturbation_excess([1e-3, 1e-2], [1e-6, 1e-4])
    >>> plt.close(fig)
    """
    eps, excess = as_float_array(eps, "eps"), as_float_array(excess, "excess")
    if eps.shape != excess.shape or np.any(eps <= 0) or np.any(excess <= 0):
        raise ValueError("eps and excess must be positive arrays of the same shape")
    fig, (ax,) = new_figure()
    ax.loglog(eps, excess, "o-", color=COLOURS[0], label="perturbed truncations")
    guide = excess[0] * (eps / eps[0]) ** 2
    ax.loglog(eps, guide, "--", color=COLOURS[1], label=r"slope 2 ($\propto \varepsilon^2$)")
    ax.set_xlabel(r"perturbation size $\varepsilon$")
    ax.set_ylabel(r"extra squared error $\|\cdot\|_F^2$")
    ax.set_title("Nudging the truncation only ever adds error")
    ax.legend(loc="upper left")
    return fig


def plot_power_iteration(history: ArrayLike, sigma: float, ratio: float) -> Figure:
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
        If ``sigma <= 0``, ``ratio`` is not in [0, 1), or ``history`` is not finite.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_power_iteration([2.9, 2.999, 3.0], 3.0, 0.5)
    >>> plt.close(fig)
    """
    sigma, ratio = _validate.check_positive(sigma, "sigma"), _validate.check_real(ratio, "ratio")
    if not sigma > 0 or not 0 <= ratio < 1:
        raise ValueError(f"need sigma > 0 and 0 <= ratio < 1, got sigma={sigma}, ratio={ratio}")
    history = as_float_array(history, "history", ndim=1, allow_empty=False)
    k = np.arange(1, history.size + 1)
    rel = np.abs(history - sigma) / sigma
    floor = np.finfo(float).eps
    fig, (ax,) = new_figure()
    ax.semilogy(k, np.maximum(rel, floor), "o-", color=COLOURS[0], label="power iteration")
    guide = max(rel[0], floor) * ratio ** (4 * (k - 1))
    ax.semilogy(
        k, np.maximum(guide, floor), "--", color=COLOURS[1], label=r"$(\sigma_2/\sigma_1)^{4k}$"
    )
    ax.axhline(floor, color="0.5", lw=1, ls=":", label="machine epsilon")
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(r"relative error of $\sigma_1$")
    ax.set_title("Power iteration converges geometrically")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig


def plot_memory_bars(labels: Sequence[str], n_bytes: ArrayLike) -> Figure:
    """Horizontal bars of memory sizes on a linear axis, each labelled in GB.

    The axis is linear so that bar lengths compare honestly (a bar 57 times longer
    is 57 times more memory); the labels give the small values exactly.

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
        If the lengths differ or a size is not positive and finite.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plot_memory_bars(["dense", "sparse"], [6.8e10, 1.2e9])
    >>> fig.axes[0].get_xscale()
    'linear'
    >>> plt.close(fig)
    """
    n_bytes = as_float_array(n_bytes, "n_bytes", ndim=1)
    _checks.check_labels(labels, "labels", n_bytes.size, per="entry of n_bytes")
    if len(labels) != n_bytes.size or np.any(n_bytes <= 0):
        raise ValueError("labels and n_bytes must match in length, and sizes must be positive")
    fig, (ax,) = new_figure(width=8.5, height=3.6)
    y = np.arange(len(labels))
    gb = n_bytes / 1e9
    ax.barh(y, gb, color=[COLOURS[i % len(COLOURS)] for i in range(len(labels))])
    for yi, value in zip(y, gb, strict=True):
        ax.annotate(
            f"{value:,.1f} GB", (value, yi), xytext=(4, 0), textcoords="offset points", va="center"
        )
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1.2 * gb.max())
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("memory (GB)")
    ax.set_title("The Netflix Prize matrix in memory")
    return fig


def _grey(image: np.ndarray) -> np.ndarray:
    """Grey levels in [0, 1] as bytes (values outside are clipped)."""
    return np.round(255 * np.clip(image, 0.0, 1.0)).astype(np.uint8)


def low_rank_explorer(
    image: ArrayLike, *, factors: tuple | None = None, rank: int = 20, max_rank: int | None = None
) -> Explorer:
    """Show a rank slider and the best rank-``rho`` approximation of a greyscale image.

    The SVD is computed once (or passed in as ``factors``). Moving the slider only runs
    :func:`helpers.linalg.low_rank_view` and encodes the picture as a PNG, a few
    milliseconds for images of a few hundred pixels a side. Two bars show the storage
    ratio and the relative error.

    Parameters
    ----------
    image : array_like, shape (m, n)
        Greyscale image with values in [0, 1].
    factors : tuple of arrays, optional
        ``(U, s, Vh)``, the thin SVD of ``image``, if already computed.
    rank : int
        The rank shown first.
    max_rank : int, optional
        The slider's largest rank (default: ``min(m, n)``).

    Returns
    -------
    helpers.viz.Explorer
        One slider ``rank``; ``update(rank=...)`` returns the
        :class:`~helpers.linalg.LowRankView`.

    Raises
    ------
    ValueError
        If ``image`` is not a finite 2-D array, or ``rank``/``max_rank`` are out of range.

    Examples
    --------
    >>> img = np.random.default_rng(0).random((30, 20))
    >>> explorer = low_rank_explorer(img, rank=3)
    >>> round(explorer.update(rank=20).relative_error, 12)
    0.0
    """
    image, *factors = _checks.check_image_factors(image, factors)
    if max_rank is not None:
        max_rank = _validate.check_integer_in(max_rank, "max_rank", 1, factors[1].size)
    size = np.asarray(factors[1]).size
    largest = min(image.shape) if max_rank is None else max_rank
    if not 1 <= largest <= size:
        raise ValueError(f"max_rank must be between 1 and {size}, got {max_rank}")
    control = slider("rank", rank, 1, largest, integer=True)
    width = f"{2 * image.shape[1]}px"  # shown at twice the pixel size
    original = ipywidgets.Image(
        value=encode_png(_grey(image)), format="png", layout={"width": width}
    )
    style = {"description_width": "initial"}
    storage = ipywidgets.FloatProgress(
        min=0, max=100, description="storage (% of pixels)", style=style
    )
    error = ipywidgets.FloatProgress(
        min=0, max=100, description="relative error (%)", style=style, bar_style="warning"
    )
    m, n = image.shape
    current: list[LowRankView] = []

    def draw(rank: int) -> tuple[LowRankView, str]:
        view = low_rank_view(factors, rank)
        current[:] = [view]
        storage.value = min(100.0, 100 * view.storage_ratio)
        error.value = 100 * view.relative_error
        caption = (
            f"rank {rank}: U ({m} x {rank}), {rank} singular values and V^T ({rank} x {n}) "
            f"store {100 * view.storage_ratio:.1f}% as many numbers as the {m} x {n} pixels; "
            f"relative Frobenius error {100 * view.relative_error:.1f}%"
        )
        return view, caption

    def arrange(picture: ipywidgets.Image) -> ipywidgets.Widget:
        picture.layout.width = width
        return ipywidgets.HBox(
            [
                ipywidgets.VBox([ipywidgets.Label("original"), original]),
                ipywidgets.VBox([ipywidgets.Label("rank-rho approximation"), picture]),
            ]
        )

    return Explorer(
        [control],
        draw,
        lambda: encode_png(_grey(current[0].approximation)),
        arrange=arrange,
        extra=[storage, error],
    )
