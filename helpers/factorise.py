"""Matrix factorisation by following gradients: the lecture's rule and the lab's functions.

The lecture (Part 4) finds a rank-``rho`` factorisation ``A ~ U V^T`` by gradient
descent on

    J(U, V) = sum_r sum_c e_rc^2,    e_rc = A_rc - sum_{p=1..rho} U_rp V_cp,

(``U`` is ``m x rho``, ``V`` is ``n x rho``; the lecture writes them with hats). Its
partial derivatives are ``dJ/dU_rq = -2 sum_c e_rc V_cq`` and
``dJ/dV_cq = -2 sum_r e_rc U_rq``, or in matrix form ``dJ/dU = -2 E V`` and
``dJ/dV = -2 E^T U`` with ``E = A - U V^T``. As in the lecture, the factor 2 is
absorbed into the learning rate ``lr``.

* :func:`sgd_factorise` - the stochastic (per-entry) rule that won the Netflix
  Challenge, exactly as the lab asks for it (``update=`` picks the lab's
  sequential order, the default, or the simultaneous one);
* :func:`sgd_factorise_masked` - the same, using only the observed entries (a 0/1
  mask), which turns it into a matrix *completion* method;
* :func:`gd_factorise` - the full-batch rule, all entries at once.

Every function starts from ``U`` and ``V`` drawn from uniform(0, 1) with
``np.random.default_rng(seed)`` (first ``U``, then ``V``), so a student who does
the same gets the same numbers; ``seed`` defaults to 0, so every run is reproducible
unless ``seed=None`` asks for a fresh random start. A run whose loss becomes
non-finite or explodes stops with :class:`DivergenceError` (a ``ValueError``), which
names the learning rate; a matrix so large that its loss overflows float64 is refused
before training starts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers import _validate
from helpers._validate import DivergenceError

__all__ = [
    "DivergenceError",
    "gd_factorise",
    "reconstruction_loss",
    "sgd_factorise",
    "sgd_factorise_masked",
]

FloatArray = NDArray[np.float64]

#: A run stops when its loss exceeds this many times its starting scale.
EXPLOSION_FACTOR = 1e8


def _diverged(lr: float, epoch: int, history: FloatArray) -> DivergenceError:
    """Build the error for a run whose loss became non-finite or exploded after ``epoch``.

    :class:`DivergenceError` is the package's one error for a run that blew up (defined in
    ``helpers._validate``, importable from here); its ``lr``, ``epoch`` and ``history`` (the loss
    before training and after each completed epoch, up to and including the bad one) let a plot
    show how the run blew up.
    """
    loss = history[-1]
    what = "became non-finite" if not np.isfinite(loss) else f"exploded to {loss:.3g}"
    return DivergenceError(
        f"training diverged: the loss {what} after epoch {epoch} with lr = {lr:g}; "
        f"try a smaller learning rate, e.g. lr = {lr / 10:g}",
        lr=lr,
        epoch=epoch,
        history=history,
    )


# --------------------------------------------------------------------------- validation
def _check_matrix(A: ArrayLike, name: str = "A", *, finite: bool = True) -> FloatArray:
    arr = _validate.as_float_array(
        A, name, ndim=2, allow_empty=False, finite=finite, what="a 2-D array"
    )
    return arr.copy() if arr is A else arr  # never write into the caller's array


def _check_mask(M: ArrayLike, shape: tuple[int, int]) -> NDArray[np.bool_]:
    try:
        mask = np.asarray(M)
    except ValueError:
        raise ValueError(
            f"M must be a 0/1 matrix of the shape of A {shape}, got a ragged list"
        ) from None
    if mask.shape != shape:
        raise ValueError(f"M must have the shape of A {shape}, got {mask.shape}")
    if mask.dtype == object or not (
        np.issubdtype(mask.dtype, np.number) or np.issubdtype(mask.dtype, np.bool_)
    ):
        raise TypeError(f"M must be an array of 0s and 1s, got dtype {mask.dtype}")
    bad = ~((mask == 0) | (mask == 1))
    if np.any(bad):
        r, c = (int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"M must contain only 0 (missing) and 1 (observed), got {mask[r, c]!r} "
            f"at index ({r}, {c})"
        )
    mask = mask.astype(bool)
    if not mask.any():
        raise ValueError("M must mark at least one entry as observed (1), got all zeros")
    return mask


def _check_rank(rank: Any, shape: tuple[int, int]) -> int:
    bound = f"min(m, n) = {min(shape)} for A of shape {shape}"
    return _validate.check_rank(rank, min(shape), bound)


def _check_epochs(num_epochs: Any) -> int:
    return _validate.check_count(num_epochs, "num_epochs")


def _check_lr(lr: Any) -> float:
    return _validate.check_positive(lr, "lr")


def _check_magnitude(A: FloatArray, mask: NDArray[np.bool_]) -> None:
    """Refuse data whose loss sum_rc A_rc^2 (the loss of U V^T = 0) overflows float64.

    No learning rate can help then: the loss cannot even be measured. Dividing A by its
    largest entry (and multiplying U or V back) solves the same problem.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.sum(np.where(mask, A * A, 0.0)))
    if not np.isfinite(total):
        largest = float(np.max(np.abs(np.where(mask, A, 0.0))))
        raise ValueError(
            f"A is too large for float64: its largest entry is {largest:.3g}, and the squared "
            "errors of the loss overflow; divide A by its largest entry, factorise, and "
            "multiply U (or V) back by it"
        )


def _initial_factors(shape: tuple[int, int], rank: int, seed: Any) -> tuple[FloatArray, FloatArray]:
    """Draw U (m x rank) then V (n x rank) from uniform(0, 1), as the lab asks."""
    rng = np.random.default_rng(_validate.check_seed(seed))
    m, n = shape
    U = rng.uniform(0.0, 1.0, size=(m, rank))
    V = rng.uniform(0.0, 1.0, size=(n, rank))
    return U, V


# --------------------------------------------------------------------------- the loss
def reconstruction_loss(
    A: ArrayLike, U: ArrayLike, V: ArrayLike, M: ArrayLike | None = None
) -> float:
    """Compute the lecture's objective ``J = sum_rc e_rc^2`` with ``E = A - U V^T``.

    Parameters
    ----------
    A : array_like, shape (m, n)
        The matrix being factorised.
    U : array_like, shape (m, k)
        Left factor.
    V : array_like, shape (n, k)
        Right factor.
    M : array_like, shape (m, n), optional
        0/1 mask of observed entries; only those count. Entries of ``A`` where
        ``M`` is 0 may be anything, even NaN.

    Returns
    -------
    float
        The squared Frobenius norm of the (observed part of the) error matrix.

    Raises
    ------
    ValueError
        For shapes that do not fit together, a bad mask, non-finite values, or a loss
        that overflows float64.

    Examples
    --------
    >>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> reconstruction_loss(A, np.ones((2, 1)), np.ones((2, 1)))   # 0 + 1 + 4 + 9
    14.0
    >>> reconstruction_loss(A, np.ones((2, 1)), np.ones((2, 1)), M=[[1, 1], [0, 0]])
    1.0
    """
    if M is None:
        A = _check_matrix(A)
        mask = np.ones(A.shape, dtype=bool)
    else:
        A = _check_matrix(A, finite=False)
        mask = _check_mask(M, A.shape)
        _check_observed_finite(A, mask)
    U = _check_matrix(U, "U")
    V = _check_matrix(V, "V")
    if U.shape[0] != A.shape[0] or V.shape[0] != A.shape[1] or U.shape[1] != V.shape[1]:
        raise ValueError(
            f"U (m x k) and V (n x k) must fit A of shape {A.shape}, "
            f"got U {U.shape} and V {V.shape}"
        )
    loss = _loss(np.where(mask, A, 0.0), U, V, mask)
    if not np.isfinite(loss):
        raise ValueError(
            "the loss overflows float64: A, U or V hold entries so large that the squared "
            "errors exceed about 1e308; rescale them"
        )
    return loss


def _check_observed_finite(A: FloatArray, mask: NDArray[np.bool_]) -> None:
    bad = mask & ~np.isfinite(A)
    if np.any(bad):
        r, c = (int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"A must be finite where M is 1 (observed), got {A[r, c]!r} at index ({r}, {c})"
        )


def _loss(A: FloatArray, U: FloatArray, V: FloatArray, mask: NDArray[np.bool_]) -> float:
    """Loss without validation; ``A`` must already be zero where ``mask`` is False."""
    with np.errstate(over="ignore", invalid="ignore"):
        E = np.where(mask, A - U @ V.T, 0.0)
        return float(np.sum(E * E))


def _guard(history: list[float], lr: float, limit: float) -> None:
    """Raise :class:`DivergenceError` if the newest loss is non-finite or above ``limit``."""
    loss = history[-1]
    if not np.isfinite(loss) or loss > limit:
        raise _diverged(lr, len(history) - 1, np.array(history))


def _limit(A: FloatArray, loss0: float) -> float:
    """Return the loss above which a run counts as exploded."""
    return EXPLOSION_FACTOR * max(loss0, float(np.sum(A * A)), 1.0)


# --------------------------------------------------------------------------- per-entry SGD
#: The two orders of the per-entry update that ``update=`` accepts.
UPDATE_ORDERS = ("sequential", "simultaneous")


def _check_update(update: Any) -> bool:
    """Return True for the lab's sequential order, False for the simultaneous one."""
    if not isinstance(update, str) or update not in UPDATE_ORDERS:
        raise ValueError(f"update must be 'sequential' or 'simultaneous', got {update!r}")
    return update == "sequential"


def _sgd_epoch(
    A: FloatArray,
    mask: NDArray[np.bool_],
    U: FloatArray,
    V: FloatArray,
    lr: float,
    sequential: bool = True,
) -> None:
    """One sweep of the lecture's per-entry rule, rows then columns (row-major), in place.

    For every observed entry (r, c), ``e = A_rc - U_r . V_c`` and then

    * sequential (the lab's pseudocode): ``U_r = U_r + lr * e * V_c``, and after
      it ``V_c = V_c + lr * e * U_r`` with the NEW ``U_r``;
    * simultaneous: both right-hand sides from the rows before this update
      (Python's tuple assignment evaluates both right-hand sides first).
    """
    m, n = A.shape
    for r in range(m):
        for c in range(n):
            if not mask[r, c]:
                continue
            e = A[r, c] - U[r] @ V[c]
            if sequential:
                U[r] = U[r] + lr * e * V[c]
                V[c] = V[c] + lr * e * U[r]
            else:
                U[r], V[c] = U[r] + lr * e * V[c], V[c] + lr * e * U[r]


def _sgd(
    A: FloatArray,
    mask: NDArray[np.bool_],
    rank: int,
    num_epochs: int,
    lr: float,
    seed: Any,
    sequential: bool = True,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    A = np.where(mask, A, 0.0)  # unobserved entries are never read; make that explicit
    _check_magnitude(A, mask)
    U, V = _initial_factors(A.shape, rank, seed)
    history = [_loss(A, U, V, mask)]
    limit = _limit(A, history[0])
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(num_epochs):
            _sgd_epoch(A, mask, U, V, lr, sequential)
            history.append(_loss(A, U, V, mask))
            _guard(history, lr, limit)
    return U, V, np.array(history)


def sgd_factorise(
    A: ArrayLike,
    rank: int,
    num_epochs: int = 1000,
    lr: float = 0.01,
    *,
    seed: Any = 0,
    return_history: bool = False,
    update: str = "sequential",
) -> tuple[FloatArray, ...]:
    """Factorise ``A ~ U V^T`` by the lecture's per-entry (stochastic) gradient rule.

    ``U`` (m x rank) and ``V`` (n x rank) start from uniform(0, 1). Each epoch
    sweeps the entries of ``A`` row by row, and within a row column by column;
    for each entry (r, c) it computes ``e = A_rc - U_r . V_c`` and then updates
    ``U_r += lr * e * V_c`` and ``V_c += lr * e * U_r``. This is gradient
    descent on the single term ``e_rc^2`` with the factor 2 absorbed into ``lr``.
    By default ``V_c`` is updated with the NEW ``U_r``, in the order of the lab's
    pseudocode; ``update="simultaneous"`` uses the rows from before the update on
    both right-hand sides. Both are valid SGD and reach the same loss.

    Parameters
    ----------
    A : array_like, shape (m, n)
        The matrix to factorise; finite real numbers.
    rank : int
        Number of columns of the factors, ``1 <= rank <= min(m, n)``.
    num_epochs : int, default 1000
        Number of sweeps over all entries.
    lr : float, default 0.01
        Learning rate (positive).
    seed : int, numpy.random.Generator or None, default 0
        Passed to ``np.random.default_rng`` for the initial factors (None: a fresh
        random start).
    return_history : bool, default False
        Also return the loss ``sum_rc e_rc^2`` before training and after each
        epoch (length ``num_epochs + 1``).
    update : {"sequential", "simultaneous"}, default "sequential"
        ``"sequential"``: update ``U_r``, then ``V_c`` with the new ``U_r`` (the
        lab's order). ``"simultaneous"``: both from the rows before the update.

    Returns
    -------
    U : numpy.ndarray, shape (m, rank)
    V : numpy.ndarray, shape (n, rank)
    history : numpy.ndarray, shape (num_epochs + 1,)
        Only if ``return_history`` is true.

    Raises
    ------
    TypeError
        If ``A`` is not a real numeric array, ``rank``/``num_epochs`` are not
        integers, ``lr`` is not a number or ``seed`` is not an integer, a
        Generator or None.
    ValueError
        If ``A`` is not a finite 2-D matrix or so large that its loss overflows
        float64, ``rank`` is out of range, ``num_epochs < 1``, ``lr <= 0``,
        ``seed < 0``, or ``update`` is not one of ``"sequential"`` and
        ``"simultaneous"``.
    DivergenceError
        If the loss becomes non-finite or explodes; the message names ``lr`` and
        suggests a smaller one.

    Notes
    -----
    The two orders differ by a term of order ``lr**2`` per step. In the
    sequential order that term always lowers ``||U||_F^2 - ||V||_F^2`` (by about
    ``(lr * e)**2 * (|U_r|^2 + |V_c|^2)`` per step), which leaves the product
    ``U V^T`` alone but makes ``V`` ever larger while the fit is not exact.
    Within the lab's 1000 epochs at ``lr = 0.01`` this is negligible; very long
    runs at a large ``lr`` can end in a :class:`DivergenceError` that the
    simultaneous order does not meet.

    Examples
    --------
    A rank-1 matrix is recovered exactly:

    >>> A = np.outer([1.0, 2.0, 3.0], [1.0, 0.5])
    >>> U, V = sgd_factorise(A, rank=1, num_epochs=300, lr=0.05, seed=0)
    >>> U.shape, V.shape
    ((3, 1), (2, 1))
    >>> np.round(U @ V.T, 4)
    array([[1. , 0.5],
           [2. , 1. ],
           [3. , 1.5]])

    The two update orders take different paths to the same optimum:

    >>> A = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 1.0], [0.0, 1.0, 1.0]])
    >>> U1, V1 = sgd_factorise(A, 2, 1000, 0.02, seed=0)  # the lab's order
    >>> U2, V2 = sgd_factorise(A, 2, 1000, 0.02, seed=0, update="simultaneous")
    >>> bool(np.array_equal(U1, U2))
    False
    >>> round(reconstruction_loss(A, U1, V1), 5), round(reconstruction_loss(A, U2, V2), 5)
    (0.0718, 0.0718)
    >>> round(float(np.linalg.svd(A, compute_uv=False)[2] ** 2), 5)  # Eckart-Young
    0.0718
    >>> sgd_factorise(A, 2, update="jacobi")
    Traceback (most recent call last):
    ...
    ValueError: update must be 'sequential' or 'simultaneous', got 'jacobi'
    """
    A = _check_matrix(A)
    rank = _check_rank(rank, A.shape)
    num_epochs = _check_epochs(num_epochs)
    lr = _check_lr(lr)
    sequential = _check_update(update)
    seed = _validate.check_seed(seed)
    return_history = _validate.check_bool(return_history, "return_history")
    mask = np.ones(A.shape, dtype=bool)
    U, V, history = _sgd(A, mask, rank, num_epochs, lr, seed, sequential)
    return (U, V, history) if return_history else (U, V)


def sgd_factorise_masked(
    A: ArrayLike,
    M: ArrayLike,
    rank: int,
    num_epochs: int = 1000,
    lr: float = 0.01,
    *,
    seed: Any = 0,
    return_history: bool = False,
    update: str = "sequential",
) -> tuple[FloatArray, ...]:
    """Per-entry SGD factorisation that learns only from the observed entries.

    The same rule and orders as :func:`sgd_factorise`, but an entry (r, c) with
    ``M[r, c] == 0`` is skipped: it never contributes to an update, so its value
    in ``A`` does not matter (it may even be NaN). ``U @ V.T`` then fills it in.

    Parameters
    ----------
    A : array_like, shape (m, n)
        The matrix with missing entries; must be finite where ``M`` is 1.
    M : array_like, shape (m, n)
        Mask: 1 (or True) where ``A`` is observed, 0 (or False) where missing.
    rank : int
        Number of columns of the factors, ``1 <= rank <= min(m, n)``.
    num_epochs : int, default 1000
        Number of sweeps over the entries.
    lr : float, default 0.01
        Learning rate (positive).
    seed : int, numpy.random.Generator or None, default 0
        Passed to ``np.random.default_rng`` for the initial factors (None: a fresh
        random start).
    return_history : bool, default False
        Also return the loss over the observed entries, before training and
        after each epoch.
    update : {"sequential", "simultaneous"}, default "sequential"
        ``"sequential"``: update ``U_r``, then ``V_c`` with the new ``U_r`` (the
        lab's order). ``"simultaneous"``: both from the rows before the update.

    Returns
    -------
    U : numpy.ndarray, shape (m, rank)
    V : numpy.ndarray, shape (n, rank)
    history : numpy.ndarray, shape (num_epochs + 1,)
        Only if ``return_history`` is true.

    Raises
    ------
    TypeError
        For non-numeric ``A`` or ``M``, non-integer ``rank``/``num_epochs``, a
        non-numeric ``lr`` or a ``seed`` that is not an integer, a Generator or None.
    ValueError
        If ``M`` does not have the shape of ``A``, contains values other than
        0 and 1 or observes nothing; if ``A`` is not finite where observed or so
        large there that its loss overflows float64; ``rank`` out of range,
        ``num_epochs < 1``, ``lr <= 0``, ``seed < 0`` or an unknown ``update``.
    DivergenceError
        If the loss becomes non-finite or explodes.

    Examples
    --------
    Fill in the missing corner of a rank-1 matrix:

    >>> A = np.array([[1.0, 2.0], [2.0, np.nan]])
    >>> M = np.array([[1, 1], [1, 0]])
    >>> U, V = sgd_factorise_masked(A, M, rank=1, num_epochs=500, lr=0.05, seed=0)
    >>> round(float(U[1] @ V[1]), 3)
    4.0
    """
    A = _check_matrix(A, finite=False)
    mask = _check_mask(M, A.shape)
    _check_observed_finite(A, mask)
    rank = _check_rank(rank, A.shape)
    num_epochs = _check_epochs(num_epochs)
    lr = _check_lr(lr)
    sequential = _check_update(update)
    seed = _validate.check_seed(seed)
    return_history = _validate.check_bool(return_history, "return_history")
    U, V, history = _sgd(A, mask, rank, num_epochs, lr, seed, sequential)
    return (U, V, history) if return_history else (U, V)


# --------------------------------------------------------------------------- full batch
def gd_factorise(
    A: ArrayLike,
    rank: int,
    num_epochs: int,
    lr: float,
    *,
    seed: Any = 0,
    return_history: bool = False,
) -> tuple[FloatArray, ...]:
    """Factorise ``A ~ U V^T`` by full-batch gradient descent, the lecture's item 22.

    Each epoch computes the error matrix ``E = A - U V^T`` once and then moves
    both factors at the same time:

        U <- U + lr * E V        (entrywise: U_rq += lr * sum_c e_rc V_cq)
        V <- V + lr * E^T U      (entrywise: V_cq += lr * sum_r e_rc U_rq)

    with the old ``U`` and ``V`` on both right-hand sides. The gradients are
    ``dJ/dU = -2 E V`` and ``dJ/dV = -2 E^T U``, so this is exactly
    ``U <- U - (lr / 2) dJ/dU``: the lecture's factor 2 absorbed into ``lr``.

    Parameters
    ----------
    A : array_like, shape (m, n)
        The matrix to factorise; finite real numbers.
    rank : int
        Number of columns of the factors, ``1 <= rank <= min(m, n)``.
    num_epochs : int
        Number of full-batch steps.
    lr : float
        Learning rate (positive); the step on ``J`` itself is ``lr / 2``.
    seed : int, numpy.random.Generator or None, default 0
        Passed to ``np.random.default_rng``; the factors start from uniform(0, 1)
        (None: a fresh random start).
    return_history : bool, default False
        Also return the loss before training and after each epoch.

    Returns
    -------
    U : numpy.ndarray, shape (m, rank)
    V : numpy.ndarray, shape (n, rank)
    history : numpy.ndarray, shape (num_epochs + 1,)
        Only if ``return_history`` is true.

    Raises
    ------
    TypeError
        If ``A`` is not a real numeric array, ``rank``/``num_epochs`` are not
        integers, ``lr`` is not a number or ``seed`` is not an integer, a
        Generator or None.
    ValueError
        If ``A`` is not a finite 2-D matrix or so large that its loss overflows
        float64, ``rank`` is out of range, ``num_epochs < 1``, ``lr <= 0`` or
        ``seed < 0``.
    DivergenceError
        If the loss becomes non-finite or explodes.

    Examples
    --------
    The best rank-1 approximation of ``diag(3, 1)`` leaves the loss ``1**2``:

    >>> U, V, hist = gd_factorise(np.diag([3.0, 1.0]), 1, 200, 0.1, seed=0,
    ...                           return_history=True)
    >>> round(float(hist[-1]), 6)
    1.0
    """
    A = _check_matrix(A)
    rank = _check_rank(rank, A.shape)
    num_epochs = _check_epochs(num_epochs)
    lr = _check_lr(lr)
    seed = _validate.check_seed(seed)
    return_history = _validate.check_bool(return_history, "return_history")
    mask = np.ones(A.shape, dtype=bool)
    _check_magnitude(A, mask)
    U, V = _initial_factors(A.shape, rank, seed)
    history = [_loss(A, U, V, mask)]
    limit = _limit(A, history[0])
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(num_epochs):
            E = A - U @ V.T
            U, V = U + lr * E @ V, V + lr * E.T @ U
            history.append(_loss(A, U, V, mask))
            _guard(history, lr, limit)
    return (U, V, np.array(history)) if return_history else (U, V)
