"""The notebooks' interactive explorers, built on ipywidgets.

Each explorer returns a widget (usually an ``ipywidgets.interactive`` or a box of
controls and an output area). Its callback only recomputes and redraws, so it
stays well under 0.2 s. The logic behind every explorer lives in a plain
function that the notebooks (and tests) can call without a widget.
"""

from __future__ import annotations

# ----------------------------------------------------------------------------------------------
# Notebooks 01-02: gradient descent and the secant explorer
# ----------------------------------------------------------------------------------------------



# ----------------------------------------------------------------------------------------------
# Notebooks 03-05: gradients, Jacobians, "what does a gradient mean"
# ----------------------------------------------------------------------------------------------



# ----------------------------------------------------------------------------------------------
# Notebook 06: rank slider for low-rank approximation
# ----------------------------------------------------------------------------------------------


class LowRankView:
    """What the rank slider shows for one rank (see :func:`low_rank_view`).

    Attributes
    ----------
    rank : int
        The rank kept.
    approximation : numpy.ndarray
        The rank-``rank`` reconstruction ``U_rank Sigma_rank V_rank^T``.
    relative_error : float
        ``||A - A_rank||_F / ||A||_F`` by Eckart-Young, from the singular values.
    storage_ratio : float
        ``rank (m + n + 1) / (m n)``: numbers stored by the factors per pixel.
    """

    def __init__(self, rank: int, approximation, relative_error: float, storage_ratio: float):
        self.rank = rank
        self.approximation = approximation
        self.relative_error = relative_error
        self.storage_ratio = storage_ratio

    def __repr__(self) -> str:
        return (
            f"LowRankView(rank={self.rank}, relative_error={self.relative_error:.4f}, "
            f"storage_ratio={self.storage_ratio:.4f})"
        )


def low_rank_view(factors, rank: int) -> LowRankView:
    """Rebuild the rank-``rank`` approximation from an SVD computed once, with its numbers.

    This is the whole computation behind :func:`low_rank_explorer`'s slider: a
    product of thin slices of the factors, so it is fast enough to follow a slider.

    Parameters
    ----------
    factors : tuple of arrays
        ``(U, s, Vh)`` from ``np.linalg.svd(A, full_matrices=False)``.
    rank : int
        The rank to keep, ``1 <= rank <= len(s)``.

    Returns
    -------
    LowRankView
        The rank, ``A_rank = U_rank Sigma_rank V_rank^T``, the relative Frobenius error
        ``sqrt(sum_{i > rank} s_i^2) / sqrt(sum_i s_i^2)`` (Eckart-Young) and the
        storage ratio ``rank (m + n + 1) / (m n)``.

    Raises
    ------
    TypeError
        If ``rank`` is not an integer.
    ValueError
        If the factors have inconsistent shapes or ``rank`` is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.diag([3.0, 4.0])
    >>> view = low_rank_view(np.linalg.svd(A, full_matrices=False), 1)
    >>> view.approximation
    array([[0., 0.],
           [0., 4.]])
    >>> print(f"{view.relative_error:.2f} {view.storage_ratio:.2f}")
    0.60 1.25
    """
    import numpy as np

    from helpers.linalg import low_rank_storage

    U, s, Vh = (np.asarray(f) for f in factors)
    if U.ndim != 2 or s.ndim != 1 or Vh.ndim != 2 or not (U.shape[1] == s.size == Vh.shape[0]):
        raise ValueError(
            "factors must be (U, s, Vh) of shapes (m, k), (k,), (k, n), as returned by "
            f"np.linalg.svd(A, full_matrices=False); got {U.shape}, {s.shape}, {Vh.shape}"
        )
    if isinstance(rank, bool) or not isinstance(rank, int | np.integer):
        raise TypeError(f"rank must be an integer, got {type(rank).__name__} {rank!r}")
    if not 1 <= rank <= s.size:
        raise ValueError(f"rank must be between 1 and {s.size}, got {rank}")
    approximation = (U[:, :rank] * s[:rank]) @ Vh[:rank]
    relative_error = float(np.sqrt(np.sum(s[rank:] ** 2) / np.sum(s**2)))
    storage = low_rank_storage((U.shape[0], Vh.shape[1]), int(rank))
    return LowRankView(int(rank), approximation, relative_error, storage)


def _grey_png(image) -> bytes:
    """Encode a greyscale image with values in [0, 1] as PNG bytes (values outside are clipped)."""
    import io

    import numpy as np
    from PIL import Image  # Pillow is a dependency of matplotlib

    pixels = np.round(255 * np.clip(image, 0.0, 1.0)).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()


def _low_rank_caption(view: LowRankView, shape: tuple[int, int]) -> str:
    m, n = shape
    return (
        f"rank {view.rank}: U ({m} x {view.rank}), {view.rank} singular values and "
        f"V^T ({view.rank} x {n}) store {100 * view.storage_ratio:.1f}% as many numbers as "
        f"the {m} x {n} pixels; relative Frobenius error {100 * view.relative_error:.1f}%"
    )


def low_rank_explorer(image, *, factors=None, rank: int = 20, max_rank: int | None = None):
    """Build a rank slider showing the best rank-``rho`` approximation of a greyscale image.

    The SVD is computed once (or passed in as ``factors``). Moving the slider only
    runs :func:`low_rank_view` and encodes the new picture as a PNG, a few
    milliseconds for images of a few hundred pixels a side, so it follows the
    slider live. Two bars show the storage ratio and the relative error.

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
    ipywidgets.VBox
        Its attribute ``slider`` is the rank slider and ``update(rank)`` redraws for a
        rank (what moving the slider calls); ``children`` are the slider, the two
        pictures (original and approximation), the caption and the two bars.

    Raises
    ------
    ValueError
        If ``image`` is not a finite 2-D array, or ``rank``/``max_rank`` are out of range.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.random.default_rng(0).random((30, 20))
    >>> explorer = low_rank_explorer(img, rank=3)
    >>> explorer.slider.value = 20
    >>> explorer.caption.value.endswith("relative Frobenius error 0.0%")
    True
    """
    import ipywidgets
    import numpy as np

    image = np.asarray(image, dtype=float)
    if image.ndim != 2 or not np.all(np.isfinite(image)):
        raise ValueError(f"image must be a finite 2-D array, got shape {image.shape}")
    if factors is None:
        factors = np.linalg.svd(image, full_matrices=False)
    s = np.asarray(factors[1])
    largest = min(image.shape) if max_rank is None else max_rank
    if not 1 <= largest <= s.size:
        raise ValueError(f"max_rank must be between 1 and {s.size}, got {max_rank}")
    if not 1 <= rank <= largest:
        raise ValueError(f"rank must be between 1 and max_rank = {largest}, got {rank}")

    width = f"{2 * image.shape[1]}px"  # shown at twice the pixel size
    slider = ipywidgets.IntSlider(
        value=rank, min=1, max=largest, description="rank", continuous_update=True
    )
    original = ipywidgets.Image(value=_grey_png(image), format="png", layout={"width": width})
    picture = ipywidgets.Image(format="png", layout={"width": width})
    caption = ipywidgets.Label()
    bar_style = {"description_width": "initial"}
    storage = ipywidgets.FloatProgress(
        min=0, max=100, description="storage (% of pixels)", style=bar_style
    )
    error = ipywidgets.FloatProgress(
        min=0, max=100, description="relative error (%)", style=bar_style, bar_style="warning"
    )

    def update(new_rank: int) -> LowRankView:
        view = low_rank_view(factors, new_rank)
        picture.value = _grey_png(view.approximation)
        caption.value = _low_rank_caption(view, image.shape)
        storage.value = min(100.0, 100 * view.storage_ratio)
        error.value = 100 * view.relative_error
        return view

    slider.observe(lambda change: update(change["new"]), names="value")
    update(rank)
    box = ipywidgets.VBox(
        [
            slider,
            ipywidgets.HBox(
                [
                    ipywidgets.VBox([ipywidgets.Label("original"), original]),
                    ipywidgets.VBox([ipywidgets.Label("rank-rho approximation"), picture]),
                ]
            ),
            caption,
            storage,
            error,
        ]
    )
    box.slider, box.caption, box.update = slider, caption, update
    return box


# ----------------------------------------------------------------------------------------------
# Notebook 07: learning-rate explorer for factorisation
# ----------------------------------------------------------------------------------------------



# ----------------------------------------------------------------------------------------------
# Notebook 08: the Netflix Challenge
# ----------------------------------------------------------------------------------------------
