"""SVD tools for the recap of the lecture's Part 3: truncation, pseudo-inverse, power iteration.

Every function takes an ordinary 2-D NumPy array, real or complex, and checks it at
the boundary: a wrong shape, NaN or infinite entries, a non-numeric dtype, or a
rank outside ``1 .. min(m, n)`` stop with an error that names the argument.

The singular value decomposition of an ``m x n`` matrix is
``A = U Sigma V^*`` (``V^T`` for a real ``A``). Like :func:`numpy.linalg.svd`,
these helpers return ``Vh = V^*``, whose *rows* are the right singular vectors.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from helpers import _validate

__all__ = [
    "ConvergenceError",
    "PowerIterationResult",
    "eckart_young_error",
    "low_rank_approximation",
    "low_rank_storage",
    "power_iteration",
    "pseudo_inverse",
    "truncated_svd",
]


class ConvergenceError(RuntimeError):
    """Raised when :func:`power_iteration` does not reach its tolerance in time."""


class PowerIterationResult(NamedTuple):
    """What :func:`power_iteration` found.

    Attributes
    ----------
    sigma : float
        The estimate of the largest singular value.
    u : numpy.ndarray
        The left singular vector, shape ``(m,)``, unit length.
    v : numpy.ndarray
        The right singular vector, shape ``(n,)``, unit length; ``A v = sigma u``.
    n_iter : int
        How many multiplications by ``A^* A`` were made.
    converged : bool
        Whether successive ``v`` moved less than ``tol`` before ``max_iter``.
    history : numpy.ndarray
        The estimate of ``sigma`` after each iteration, shape ``(n_iter,)``.
    """

    sigma: float
    u: np.ndarray
    v: np.ndarray
    n_iter: int
    converged: bool
    history: np.ndarray


def _as_matrix(A: object, name: str = "A") -> np.ndarray:
    """Return ``A`` as a finite 2-D float or complex array, or raise a clear error."""
    return _validate.as_float_array(
        A, name, ndim=2, allow_empty=False, allow_complex=True, allow_bool=False, what="a 2-D array"
    )


def _check_rank(rank: object, shape: tuple[int, int]) -> int:
    """Return ``rank`` as an int in ``1 .. min(shape)``, or raise a clear error."""
    largest = min(shape)
    bound = f"min(m, n) = {largest} for a matrix of shape {tuple(shape)}"
    return _validate.check_rank(rank, largest, bound)


def _check_positive(value: object, name: str) -> float:
    """Return ``value`` as a float if it is finite and > 0, or raise a clear error."""
    return _validate.check_positive(value, name)


def truncated_svd(A: np.ndarray, rank: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep the ``rank`` largest singular values of ``A`` and their singular vectors.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A real or complex matrix with finite entries.
    rank : int
        How many singular triplets to keep, ``1 <= rank <= min(m, n)``.

    Returns
    -------
    U : numpy.ndarray, shape (m, rank)
        The first ``rank`` left singular vectors (orthonormal columns).
    s : numpy.ndarray, shape (rank,)
        The ``rank`` largest singular values, in decreasing order.
    Vh : numpy.ndarray, shape (rank, n)
        The first ``rank`` right singular vectors as rows (``V^*``, or ``V^T`` if real).

    Raises
    ------
    TypeError
        If ``A`` is not numeric or ``rank`` is not an integer.
    ValueError
        If ``A`` is not 2-D, is empty or has non-finite entries, or ``rank`` is out of range.

    Examples
    --------
    >>> A = np.diag([3.0, 2.0, 1.0])
    >>> U, s, Vh = truncated_svd(A, rank=2)
    >>> U.shape, s, Vh.shape
    ((3, 2), array([3., 2.]), (2, 3))
    """
    A = _as_matrix(A)
    rank = _check_rank(rank, A.shape)
    U, s, Vh = np.linalg.svd(A, full_matrices=False)
    return U[:, :rank], s[:rank], Vh[:rank, :]


def low_rank_approximation(A: np.ndarray, rank: int) -> np.ndarray:
    """Return ``A_rank = U_rank Sigma_rank V_rank^*``, the best rank-``rank`` approximation.

    By the Eckart-Young theorem no matrix of rank at most ``rank`` is closer to
    ``A`` in the Frobenius norm; the distance is :func:`eckart_young_error`.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A real or complex matrix with finite entries.
    rank : int
        The rank of the approximation, ``1 <= rank <= min(m, n)``.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        The truncated reconstruction (same kind, real or complex, as ``A``).

    Raises
    ------
    TypeError
        If ``A`` is not numeric or ``rank`` is not an integer.
    ValueError
        If ``A`` is not 2-D, is empty or has non-finite entries, or ``rank`` is out of range.

    Examples
    --------
    >>> A = np.array([[3.0, 0.0], [0.0, 1.0]])
    >>> low_rank_approximation(A, rank=1)
    array([[3., 0.],
           [0., 0.]])
    """
    return rank_reconstruction(truncated_svd(A, rank), rank)


def eckart_young_error(singular_values: np.ndarray, rank: int) -> float:
    """Frobenius distance from a matrix to its best rank-``rank`` approximation.

    It is ``sqrt(sigma_{rank+1}^2 + ... + sigma_p^2)``: the singular values that
    the truncation discards, added in quadrature.

    Parameters
    ----------
    singular_values : array_like, shape (p,)
        All singular values of the matrix (non-negative, any order).
    rank : int
        The rank of the approximation, ``1 <= rank <= p``.

    Returns
    -------
    float
        The smallest possible ``||A - B||_F`` over matrices ``B`` of rank <= ``rank``.

    Raises
    ------
    TypeError
        If ``rank`` is not an integer.
    ValueError
        If ``singular_values`` is not a 1-D array of finite non-negative numbers, or
        ``rank`` is out of range.

    Examples
    --------
    >>> eckart_young_error([5.0, 3.0, 2.0, 1.0], rank=2)
    2.23606797749979
    """
    s = _validate.as_float_array(
        singular_values,
        "singular_values",
        ndim=1,
        allow_empty=False,
        allow_bool=False,
        what="a 1-D array",
    )
    if np.any(s < 0):
        raise ValueError("singular_values must be non-negative")
    rank = _validate.check_rank(rank, s.size, f"{s.size} (the number of singular values)")
    discarded = np.sort(s)[::-1][rank:]
    with np.errstate(over="ignore", under="ignore"):
        error = float(np.sqrt(np.sum(discarded**2)))
    if discarded.size and (not np.isfinite(error) or (error == 0 and discarded[0] > 0)):
        # the squares overflow (or underflow): add them in quadrature relative to the largest
        largest = discarded[0]
        error = float(largest * np.sqrt(np.sum((discarded / largest) ** 2)))
    return error


def low_rank_storage(shape: tuple[int, int], rank: int) -> float:
    """Fraction of the numbers of a dense ``m x n`` matrix that a rank-``rank`` SVD stores.

    The truncation keeps ``rank`` columns of ``U`` (``m`` numbers each), ``rank``
    singular values and ``rank`` rows of ``V^T`` (``n`` numbers each), so the
    ratio is ``rank (m + n + 1) / (m n)``. Below 1, the factors are smaller.

    Parameters
    ----------
    shape : tuple of int
        ``(m, n)``, the shape of the matrix.
    rank : int
        The rank kept, ``1 <= rank <= min(m, n)``.

    Returns
    -------
    float
        ``rank (m + n + 1) / (m n)``.

    Raises
    ------
    TypeError
        If ``rank`` is not an integer.
    ValueError
        If ``shape`` is not two positive integers or ``rank`` is out of range.

    Examples
    --------
    >>> low_rank_storage((100, 50), rank=10)
    0.302
    """
    if not isinstance(shape, tuple | list | np.ndarray):
        raise TypeError(f"shape must be a tuple of two integers (m, n), got {shape!r}")
    if len(shape) != 2 or not all(
        isinstance(d, int | np.integer) and not isinstance(d, bool | np.bool_) and d > 0
        for d in shape
    ):
        raise ValueError(f"shape must be two positive integers (m, n), got {shape!r}")
    m, n = int(shape[0]), int(shape[1])
    rank = _check_rank(rank, (m, n))
    return rank * (m + n + 1) / (m * n)


def pseudo_inverse(A: np.ndarray, rcond: float | None = None) -> np.ndarray:
    """Moore-Penrose pseudo-inverse ``A^+ = V Sigma^+ U^*`` from the SVD.

    ``Sigma^+`` is ``Sigma`` transposed (``n x m``) with every non-zero singular
    value replaced by its reciprocal. A singular value counts as zero when it is at
    most ``rcond`` times the largest one, because rounding makes "exactly zero"
    meaningless in floating point.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A real or complex matrix with finite entries.
    rcond : float, optional
        Relative cut-off, ``>= 0``. The default, ``max(m, n) * eps`` of float64, is
        also the default of :func:`numpy.linalg.pinv`.

    Returns
    -------
    numpy.ndarray, shape (n, m)
        The pseudo-inverse.

    Raises
    ------
    TypeError
        If ``A`` or ``rcond`` is not numeric.
    ValueError
        If ``A`` is not 2-D, is empty or has non-finite entries, if ``rcond`` is negative
        or not finite, or if the result would overflow float64 (a kept singular value
        below about ``1e-308``).

    Examples
    --------
    >>> A = np.array([[2.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    >>> pseudo_inverse(A)
    array([[0.5, 0. , 0. ],
           [0. , 0. , 0. ]])
    """
    A = _as_matrix(A)
    m, n = A.shape
    if rcond is None:
        rcond = max(m, n) * np.finfo(np.float64).eps
    elif not _validate.is_real_number(rcond):
        raise TypeError(
            f"rcond must be a real number or None, got {type(rcond).__name__} {rcond!r}"
        )
    else:
        rcond = _validate.check_non_negative(rcond, "rcond")
    U, s, Vh = np.linalg.svd(A, full_matrices=False)
    keep = s > rcond * s[0]
    s_plus = np.zeros_like(s)
    with np.errstate(over="ignore", invalid="ignore"):
        s_plus[keep] = 1.0 / s[keep]
        # V Sigma^+ U^*: scale the columns of V by 1/sigma, then multiply by U^*.
        result = (Vh.conj().T * s_plus) @ U.conj().T
    if not np.all(np.isfinite(result)):
        raise ValueError(
            f"the pseudo-inverse overflows float64: the smallest singular value kept, "
            f"{s[keep][-1]:.3g}, is too close to zero; raise rcond (now {rcond:g}) so that it "
            "counts as zero, or rescale A"
        )
    return result


def power_iteration(
    A: np.ndarray,
    *,
    tol: float = 1e-10,
    max_iter: int = 1000,
    seed: int | None = 0,
    raise_on_failure: bool = True,
) -> PowerIterationResult:
    """Find the largest singular value of ``A`` and its singular vectors by power iteration.

    Start from a random unit vector ``v`` and repeat ``v <- A^* A v / ||A^* A v||``.
    Each step shrinks the parts of ``v`` along the other right singular vectors by
    ``(sigma_i / sigma_1)^2`` relative to the top one, so ``v`` turns towards the top
    right singular vector ``v_1``; then ``sigma_1 = ||A v||`` and ``u_1 = A v / sigma_1``.
    Only products with ``A`` and ``A^*`` are needed, never a factorisation.

    The sign (for complex ``A``, the phase) of a singular pair is arbitrary; this
    function returns the one whose largest-magnitude entry of ``v`` is real and positive.

    Parameters
    ----------
    A : array_like, shape (m, n)
        A real or complex matrix with finite entries, not all zero.
    tol : float
        Stop when successive unit vectors ``v`` differ by less than ``tol`` (2-norm).
    max_iter : int
        The largest number of iterations, ``>= 1``.
    seed : int or None
        Seed of the random start vector (``None``: a fresh random start).
    raise_on_failure : bool
        If true (the default), raise :class:`ConvergenceError` when ``max_iter`` is
        reached first; if false, return the last estimate with ``converged=False``.

    Returns
    -------
    PowerIterationResult
        ``(sigma, u, v, n_iter, converged, history)``.

    Raises
    ------
    TypeError
        If ``A`` is not numeric or ``tol``/``max_iter`` have the wrong type.
    ValueError
        If ``A`` is not 2-D, is empty, has non-finite entries or is all zeros, or if
        ``tol <= 0`` or ``max_iter < 1``.
    ConvergenceError
        If ``raise_on_failure`` and the tolerance is not reached within ``max_iter``
        iterations (usually because ``sigma_2`` is very close to ``sigma_1``).

    Examples
    --------
    >>> A = np.array([[3.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> result = power_iteration(A)
    >>> print(f"sigma = {result.sigma:.6f}, converged: {result.converged}")
    sigma = 3.000000, converged: True
    >>> np.allclose(result.v, [1.0, 0.0]), np.allclose(result.u, [1.0, 0.0, 0.0])
    (True, True)
    """
    A = _as_matrix(A)
    tol = _check_positive(tol, "tol")
    max_iter = _validate.check_count(max_iter, "max_iter")
    seed = _validate.check_seed(seed)
    raise_on_failure = _validate.check_bool(raise_on_failure, "raise_on_failure")
    if not np.any(A):
        raise ValueError(
            "A is all zeros: every unit vector is a top singular vector, so there is "
            "nothing for power iteration to find"
        )
    # Work with A / 2^k, largest entry in [0.5, 1): A^* A v can then neither overflow nor
    # underflow, and dividing by a power of two is exact, so nothing else changes.
    scale = 2.0 ** int(np.frexp(np.max(np.abs(A)))[1])
    A = A / scale
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(A.shape[1]).astype(A.dtype)
    v /= np.linalg.norm(v)
    history = []
    converged = False
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        w = A.conj().T @ (A @ v)
        norm = np.linalg.norm(w)
        if norm == 0.0:
            raise ConvergenceError(
                "A^* A v became zero: the start vector is orthogonal to every row of A "
                "(try another seed)"
            )
        w /= norm
        history.append(float(np.linalg.norm(A @ w)) * scale)
        step = float(np.linalg.norm(w - v))
        v = w
        if step < tol:
            converged = True
            break
    if not converged and raise_on_failure:
        raise ConvergenceError(
            f"power iteration did not converge to tol={tol:g} within max_iter={max_iter} "
            "iterations (sigma_2 is probably close to sigma_1); raise max_iter or tol, or "
            "pass raise_on_failure=False to get the last estimate"
        )
    # Fix the arbitrary sign/phase: the largest-magnitude entry of v becomes real and positive.
    big = v[np.argmax(np.abs(v))]
    v = v * (np.abs(big) / big)
    Av = A @ v
    sigma = float(np.linalg.norm(Av))
    u = Av / sigma
    sigma *= scale
    return PowerIterationResult(sigma, u, v, n_iter, converged, np.asarray(history))


# --------------------------------------------------------------------------- one rank at a time
__all__ += ["LowRankView", "low_rank_view", "rank_reconstruction"]


def _check_factors(factors: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``(U, s, Vh)`` as arrays, or raise if they are not a finite thin SVD."""
    if not (isinstance(factors, (tuple, list)) and len(factors) == 3):
        raise TypeError(
            "factors must be the three arrays (U, s, Vh) of np.linalg.svd(A, "
            f"full_matrices=False), got {type(factors).__name__}"
        )
    U, s, Vh = (
        _validate.as_float_array(part, f"factors ({name})", allow_complex=True, finite=False)
        for part, name in zip(factors, ("U", "s", "Vh"), strict=True)
    )
    if U.ndim != 2 or s.ndim != 1 or Vh.ndim != 2 or not (U.shape[1] == s.size == Vh.shape[0]):
        raise ValueError(
            "factors must be (U, s, Vh) of shapes (m, k), (k,), (k, n), as returned by "
            f"np.linalg.svd(A, full_matrices=False); got {U.shape}, {s.shape}, {Vh.shape}"
        )
    if s.size == 0:
        raise ValueError("factors must hold at least one singular value, got none")
    for name, part in (("U", U), ("s", s), ("Vh", Vh)):
        if not np.all(np.isfinite(part)):
            raise ValueError(f"factors must be finite, but {name} has NaN or infinite entries")
    return U, s, Vh


def rank_reconstruction(factors: tuple, rank: int) -> np.ndarray:
    """Rebuild ``A_rank = U_rank Sigma_rank V_rank^*`` from a thin SVD computed once.

    Every rank-``rank`` reconstruction of the companion is this product of thin slices
    of the factors (:func:`low_rank_approximation` computes the SVD first and calls it).

    Parameters
    ----------
    factors : tuple of arrays
        ``(U, s, Vh)`` from ``np.linalg.svd(A, full_matrices=False)``, singular values
        in decreasing order.
    rank : int
        The rank to keep, ``1 <= rank <= len(s)``.

    Returns
    -------
    numpy.ndarray, shape (m, n)

    Raises
    ------
    TypeError
        If ``rank`` is not an integer.
    ValueError
        If the factors are inconsistent or not finite, or ``rank`` is out of range.

    Examples
    --------
    >>> A = np.diag([3.0, 4.0])
    >>> rank_reconstruction(np.linalg.svd(A, full_matrices=False), 1)
    array([[0., 0.],
           [0., 4.]])
    """
    U, s, Vh = _check_factors(factors)
    if isinstance(rank, bool) or not isinstance(rank, int | np.integer):
        raise TypeError(f"rank must be an integer, got {type(rank).__name__} {rank!r}")
    if not 1 <= rank <= s.size:
        raise ValueError(f"rank must be between 1 and {s.size}, got {rank}")
    return (U[:, :rank] * s[:rank]) @ Vh[:rank]


class LowRankView(NamedTuple):
    """What the rank slider shows for one rank (see :func:`low_rank_view`)."""

    #: The rank kept.
    rank: int
    #: The reconstruction ``U_rank Sigma_rank V_rank^*``.
    approximation: np.ndarray
    #: ``||A - A_rank||_F / ||A||_F`` by Eckart-Young, from the singular values.
    relative_error: float
    #: ``rank (m + n + 1) / (m n)``: numbers stored by the factors per entry of ``A``.
    storage_ratio: float

    def __repr__(self) -> str:
        return (
            f"LowRankView(rank={self.rank}, relative_error={self.relative_error:.4f}, "
            f"storage_ratio={self.storage_ratio:.4f})"
        )


def low_rank_view(factors: tuple, rank: int) -> LowRankView:
    """Return the rank-``rank`` approximation from a precomputed SVD, its error and storage.

    Parameters
    ----------
    factors : tuple of arrays
        ``(U, s, Vh)`` from ``np.linalg.svd(A, full_matrices=False)``.
    rank : int
        The rank to keep, ``1 <= rank <= len(s)``.

    Returns
    -------
    LowRankView
        The rank, :func:`rank_reconstruction`, the relative Frobenius error
        ``eckart_young_error(s, rank) / ||A||_F`` and :func:`low_rank_storage`.

    Raises
    ------
    TypeError
        If ``rank`` is not an integer.
    ValueError
        If the factors are inconsistent or not finite (NaN), all singular values
        are zero, or ``rank`` is out of range.

    Examples
    --------
    >>> view = low_rank_view(np.linalg.svd(np.diag([3.0, 4.0]), full_matrices=False), 1)
    >>> print(f"{view.relative_error:.2f} {view.storage_ratio:.2f}")
    0.60 1.25
    """
    approximation = rank_reconstruction(factors, rank)
    U, s, Vh = (np.asarray(f) for f in factors)
    norm = float(np.sqrt(np.sum(np.abs(s) ** 2)))
    if norm == 0:
        raise ValueError("factors must have a non-zero singular value (A = 0 has no error ratio)")
    error = eckart_young_error(np.abs(s), int(rank)) / norm
    storage = low_rank_storage((U.shape[0], Vh.shape[1]), int(rank))
    return LowRankView(int(rank), approximation, error, storage)
