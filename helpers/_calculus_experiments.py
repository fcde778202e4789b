"""The numerical experiments of notebooks 03 and 05 (private; exported by helpers.calculus).

Three measurements that check the lecture's claims with numbers:

* :func:`deep_chain`: the chain rule through many layers, ``dz/dx`` as the product of the
  local derivatives, which vanishes or explodes with depth;
* :func:`perturbation_changes`: the gradient's first-order prediction ``<grad L, delta>``
  of a change of the loss, against the actual change;
* :func:`loglog_slope`: the order ``p`` of an error that behaves like ``C * size**p``.

Import them from :mod:`helpers.calculus`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers import _validate

__all__: list[str] = []  # private: helpers.calculus exports these functions


def deep_chain(x: float, weights: ArrayLike) -> tuple[NDArray, NDArray, NDArray]:
    """Run ``x`` through a chain of layers and collect the chain rule's pieces.

    Layer ``k`` is ``y_k = w_k * (y_{k-1} + 0.1 * tanh(y_{k-1}))``, a smooth function
    whose local derivative ``w_k * (1 + 0.1 / cosh(y_{k-1})**2)`` lies between
    ``w_k`` and ``1.1 * w_k``. By the chain rule ``dz/dx`` of the whole chain is the
    product of the local derivatives.

    Parameters
    ----------
    x : float
        The input ``y_0``.
    weights : array_like of float
        One weight per layer (at least one).

    Returns
    -------
    values : numpy.ndarray
        ``y_0, y_1, ..., y_n`` (length ``n + 1``).
    local : numpy.ndarray
        ``dy_k / dy_{k-1}`` for ``k = 1..n``.
    running : numpy.ndarray
        ``dy_k / dx``, the running products of ``local`` (length ``n``).

    Raises
    ------
    ValueError
        If ``x`` or a weight is not finite, or ``weights`` is empty.

    Examples
    --------
    >>> values, local, running = deep_chain(0.0, [2.0, 3.0])
    >>> [round(float(v), 6) for v in local], round(float(running[-1]), 6)
    ([2.2, 3.3], 7.26)
    """
    x = float(_validate.as_float_array(x, "x", ndim=0, allow_bool=False))
    weights = np.atleast_1d(_validate.as_float_array(weights, "weights", allow_bool=False))
    if weights.ndim != 1 or weights.size == 0:
        raise ValueError(f"weights must be a non-empty 1-D list, got shape {weights.shape}")
    values = np.empty(weights.size + 1)
    values[0] = x
    local = np.empty(weights.size)
    with np.errstate(all="ignore"):
        for k, w in enumerate(weights):
            y = values[k]
            values[k + 1] = w * (y + 0.1 * np.tanh(y))
            local[k] = w * (1 + 0.1 * (1 - np.tanh(y) ** 2))  # 1 / cosh^2 = 1 - tanh^2
        running = np.cumprod(local)
    if not (np.all(np.isfinite(values)) and np.all(np.isfinite(running))):
        raise ValueError(
            "x and weights overflow the float range along the chain (a value or a product of "
            "local derivatives is infinite); use smaller weights or fewer layers"
        )
    return values, local, running


def perturbation_changes(
    loss: Callable[[NDArray], ArrayLike],
    grad: ArrayLike,
    W: ArrayLike,
    direction: ArrayLike,
    sizes: ArrayLike,
) -> tuple[NDArray, NDArray]:
    """Predicted and actual change of a loss when ``W`` moves by ``delta = size * u``.

    ``u`` is ``direction`` scaled to unit Frobenius norm, so ``|delta| = size``.
    The prediction is the first-order one, ``<grad L(W), delta>`` (sum of the
    elementwise products); the actual change is ``L(W + delta) - L(W)``.

    Parameters
    ----------
    loss : callable
        Scalar function of an array shaped like ``W``.
    grad : array_like
        ``grad L(W)``, shaped like ``W``.
    W : array_like
        The point (any shape).
    direction : array_like
        Direction of the perturbation, shaped like ``W``, not all zero.
    sizes : array_like
        Perturbation sizes ``|delta|``, positive.

    Returns
    -------
    predicted, actual : numpy.ndarray
        One entry per size.

    Raises
    ------
    ValueError
        On a shape mismatch, non-finite input, a zero direction, a size <= 0, or a
        loss that is not finite at ``W`` or a perturbed point.
    TypeError
        If ``loss`` is not callable.

    Examples
    --------
    >>> W = np.array([1.0, 2.0])
    >>> pred, act = perturbation_changes(lambda w: np.sum(w**2), 2 * W, W, [1.0, 0.0], [0.1])
    >>> round(float(pred[0]), 6), round(float(act[0]), 6)   # 2 * 0.1 and 1.1**2 - 1
    (0.2, 0.21)
    """
    _validate.check_callable(loss, "loss")
    W, grad, direction = (
        _validate.as_float_array(value, name, allow_bool=False)
        for value, name in ((W, "W"), (grad, "grad"), (direction, "direction"))
    )
    sizes = _validate.as_float_array(sizes, "sizes", ndim=(0, 1), allow_bool=False)
    sizes = np.atleast_1d(sizes)
    for name, arr in (("grad", grad), ("direction", direction)):
        if arr.shape != W.shape:
            raise ValueError(f"{name} must have the shape of W {W.shape}, got {arr.shape}")
    with np.errstate(all="ignore"):
        norm = np.linalg.norm(direction)
    if norm == 0:
        raise ValueError("direction must not be all zero")
    if not np.isfinite(norm):
        raise ValueError("direction must have a finite norm: its entries overflow when squared")
    if np.any(sizes <= 0):
        raise ValueError(f"sizes must be positive, got {float(np.min(sizes))!r}")
    u = direction / norm
    base = float(_validate.evaluate(loss, W.copy(), name="loss", shape=(), where=" at W"))
    perturbed = np.array(
        [
            _validate.evaluate(
                loss,
                W + s * u,
                name="loss",
                shape=(),
                where=f" at W + size * u, size {s:g} of sizes",
            )
            for s in sizes
        ]
    )
    with np.errstate(all="ignore"):
        predicted, actual = sizes * float(np.sum(grad * u)), perturbed - base
    if not (np.all(np.isfinite(predicted)) and np.all(np.isfinite(actual))):
        raise ValueError("grad, W and sizes overflow the float range in the predicted change")
    return predicted, actual


def loglog_slope(sizes: ArrayLike, errors: ArrayLike) -> float:
    """Least-squares slope of ``log(errors)`` against ``log(sizes)``.

    An error that behaves like ``C * size**p`` has slope ``p``.

    Parameters
    ----------
    sizes, errors : array_like
        Positive finite numbers of one shape, at least two of them, the sizes not
        all equal.

    Returns
    -------
    float
        The fitted exponent ``p``.

    Raises
    ------
    ValueError
        If the shapes differ, fewer than two points are given, a value is not
        positive and finite, or all sizes are equal (no slope to fit).

    Examples
    --------
    >>> round(loglog_slope([1e-3, 1e-2, 1e-1], [3e-6, 3e-4, 3e-2]), 6)
    2.0
    """
    sizes = _validate.as_float_array(sizes, "sizes", allow_bool=False)
    errors = _validate.as_float_array(errors, "errors", allow_bool=False)
    if sizes.shape != errors.shape or sizes.ndim != 1 or sizes.size < 2:
        raise ValueError(
            f"sizes and errors must be 1-D of one length >= 2, got {sizes.shape} and {errors.shape}"
        )
    for name, arr in (("sizes", sizes), ("errors", errors)):
        if not np.all(np.isfinite(arr) & (arr > 0)):
            raise ValueError(f"{name} must be positive and finite (a log-log fit)")
    if np.ptp(np.log(sizes)) == 0:
        raise ValueError("sizes must not all be equal (a slope needs two different sizes)")
    slope, _ = np.polyfit(np.log(sizes), np.log(errors), 1)
    return float(slope)
