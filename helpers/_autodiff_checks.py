"""The argument checks of :mod:`helpers.autodiff` (private): operands, shapes, axes, results.

Each operation of a ``Tensor`` or a ``Dual`` checks its operands here before it computes,
so a wrong shape or type is reported in the lecture's terms (which operation, which
shapes) rather than by NumPy from deep inside; a forward value that is not finite is
reported with the operation that made it. The wording follows :mod:`helpers._validate`.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from helpers import _validate

__all__: list[str] = []  # private: used by helpers.autodiff only

Array = NDArray[np.float64]
Axis = int | tuple[int, ...] | None


class NonFiniteError(ValueError):
    """An operation gave a non-finite value (an input outside its domain, or an overflow)."""


def as_data(value: object, name: str) -> Array:
    """Return ``value`` as a float64 array of finite real numbers, or raise naming ``name``.

    >>> as_data([1, 2], "data")
    array([1., 2.])
    """
    if type(value).__name__ in ("Tensor", "Dual") and type(value).__module__ == "helpers.autodiff":
        raise TypeError(f"{name} must be numbers, got a {type(value).__name__}")
    return _validate.as_float_array(value, name)


def finite_result(compute: Callable[[], Array], op: str) -> Array:
    """Run one forward computation; a non-finite result is an error that names ``op``."""
    with np.errstate(all="ignore"):
        value = np.asarray(compute(), dtype=np.float64)
    if not np.all(np.isfinite(value)):
        raise NonFiniteError(
            f"{op} gave a non-finite value: an input outside its domain, or an overflow"
        )
    return value


def operand_type(other: object, op: str) -> None:
    """Raise TypeError unless ``other`` can be an operand of ``op`` (an array or a number)."""
    if not isinstance(other, np.ndarray | numbers.Real):
        raise TypeError(
            f"the operands of {op} must be Tensors, NumPy arrays or real numbers, "
            f"got {type(other).__name__}"
        )


def check_broadcast(a: tuple[int, ...], b: tuple[int, ...], op: str) -> None:
    """Raise ValueError unless shapes ``a`` and ``b`` broadcast (NumPy's rule)."""
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        raise ValueError(
            f"shapes {a} and {b} do not broadcast for {op}: "
            "aligned from the right, each pair of lengths must be equal or one of them 1"
        ) from None


def check_matmul(a: tuple[int, ...], b: tuple[int, ...]) -> None:
    """Raise ValueError unless ``a @ b`` is a product of vectors or matrices that fit."""
    if not (1 <= len(a) <= 2 and 1 <= len(b) <= 2) or a[-1] != b[0]:
        raise ValueError(
            f"shapes {a} and {b} do not fit for @: vectors or matrices whose inner "
            "lengths agree, (n, m) @ (m, h)"
        )


def check_power(p: object) -> float:
    """Return the exponent of ``**`` as a float (a scalar power), else raise TypeError."""
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(
            f"the exponent of ** must be a real number (a scalar power), got {type(p).__name__}"
        )
    return float(p)


def check_reduction(axis: object, keepdims: object, ndim: int) -> tuple[Axis, bool]:
    """Check the ``axis`` and ``keepdims`` of a sum or a mean over an ``ndim``-D array."""
    return _validate.check_axis(axis, ndim), _validate.check_bool(keepdims, "keepdims")


def check_shape(shape: tuple[object, ...], old: tuple[int, ...]) -> tuple[int, ...]:
    """Return the new shape of a reshape (given as ``reshape(2, 3)`` or ``reshape((2, 3))``).

    The lengths are integers, at most one of them -1 (the length that fits), and they
    must hold exactly the entries of an array of shape ``old``.

    >>> check_shape((4, -1), (2, 2))
    (4, 1)
    >>> check_shape((3,), (2, 2))
    Traceback (most recent call last):
        ...
    ValueError: shape (3,) does not hold the 4 entries of an array of shape (2, 2)
    """
    dims = shape[0] if len(shape) == 1 and isinstance(shape[0], tuple | list) else shape
    for d in dims:
        if isinstance(d, bool | np.bool_) or not isinstance(d, numbers.Integral | np.integer):
            raise TypeError(f"shape must be integers (lengths), got {d!r} in {tuple(dims)!r}")
    lengths = tuple(int(d) for d in dims)  # type: ignore[call-overload]
    size = int(np.prod(old))
    if any(d < -1 for d in lengths) or lengths.count(-1) > 1:
        raise ValueError(f"shape must be lengths >= 0 with at most one -1, got {lengths}")
    known = int(np.prod([d for d in lengths if d != -1]))
    if -1 in lengths and known > 0 and size % known == 0:
        lengths = tuple(size // known if d == -1 else d for d in lengths)
    if int(np.prod(lengths)) != size or -1 in lengths:
        raise ValueError(
            f"shape {lengths} does not hold the {size} entries of an array of shape {old}"
        )
    return lengths
