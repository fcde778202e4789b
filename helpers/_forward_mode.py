"""Forward mode of :mod:`helpers.autodiff`: dual numbers and Jacobian-vector products.

Each :class:`Dual` value carries a *tangent*, the derivative of the value along one chosen
direction of the input; each operation multiplies its local derivative into the tangent, from
the input side (the chain rule read from the inputs, lecture item 8). Import ``Dual`` and
``jvp`` from :mod:`helpers.autodiff`, which also holds the one table of elementwise functions
(exp, log, tanh, sin, cos) that both modes use.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers import _validate
from helpers._autodiff_checks import (
    NonFiniteError,
    as_data,
    check_broadcast,
    check_matmul,
    check_power,
    check_reduction,
    check_shape,
    finite_result,
    operand_type,
)

__all__ = ["Dual", "jvp"]

Array = NDArray[np.float64]
Axis = int | tuple[int, ...] | None


class Dual:
    """A value and its tangent, the derivative along one direction: forward mode.

    Every operation computes its value and multiplies its local derivative into the
    tangent (the chain rule applied from the input side, lecture item 8).

    Parameters
    ----------
    value : array_like
        Finite real numbers.
    tangent : array_like, optional
        Same shape as ``value``; zeros (a constant) if left out.

    Raises
    ------
    TypeError, ValueError
        As :class:`Tensor` for ``value`` and ``tangent``; ValueError if their shapes differ.

    Examples
    --------
    The derivative of ``x**3`` at 2 along the direction 1:

    >>> y = Dual(2.0, 1.0) ** 3
    >>> float(y.value), float(y.tangent)
    (8.0, 12.0)
    """

    __array_ufunc__ = None

    def __init__(self, value: ArrayLike, tangent: ArrayLike | None = None) -> None:
        self.value = as_data(value, "value")
        self.tangent = np.zeros_like(self.value) if tangent is None else as_data(tangent, "tangent")
        if self.tangent.shape != self.value.shape:
            raise ValueError(
                f"tangent must have the shape of value, {self.value.shape}, "
                f"got {self.tangent.shape}"
            )

    def __repr__(self) -> str:
        v, t = (np.array2string(a, precision=4) for a in (self.value, self.tangent))
        return f"Dual({v}, tangent={t})"

    @staticmethod
    def _lift(other: object, op: str) -> Dual:
        if isinstance(other, Dual):
            return other
        operand_type(other, op)
        return Dual(other)

    def _pair(self, other: object, op: str) -> tuple[Array, Array, Array, Array]:
        other = self._lift(other, op)
        check_broadcast(self.value.shape, other.value.shape, op)
        return self.value, self.tangent, other.value, other.tangent

    @staticmethod
    def _make(op: str, value: Callable[[], Array], tangent: Callable[[], Array]) -> Dual:
        return Dual(finite_result(value, op), finite_result(tangent, f"the derivative of {op}"))

    # Each operation: the value, and the tangent = local derivative times incoming tangent(s).
    def __add__(self, other: object) -> Dual:
        a, ta, b, tb = self._pair(other, "+")
        return self._make("+", lambda: a + b, lambda: ta + tb)

    def __sub__(self, other: object) -> Dual:
        a, ta, b, tb = self._pair(other, "-")
        return self._make("-", lambda: a - b, lambda: ta - tb)

    def __mul__(self, other: object) -> Dual:
        a, ta, b, tb = self._pair(other, "*")
        return self._make("*", lambda: a * b, lambda: ta * b + a * tb)

    def __truediv__(self, other: object) -> Dual:
        a, ta, b, tb = self._pair(other, "/")
        return self._make("/", lambda: a / b, lambda: ta / b - a * tb / b**2)

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.tangent)

    def __pow__(self, p: object) -> Dual:
        p, a, ta = check_power(p), self.value, self.tangent
        return self._make("**", lambda: a**p, lambda: p * a ** (p - 1) * ta)

    def __matmul__(self, other: object) -> Dual:
        other = self._lift(other, "@")
        check_matmul(self.value.shape, other.value.shape)
        a, ta, b, tb = self.value, self.tangent, other.value, other.tangent
        return self._make("@", lambda: a @ b, lambda: ta @ b + a @ tb)

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other: object) -> Dual:
        return self._lift(other, "-") - self

    def __rtruediv__(self, other: object) -> Dual:
        return self._lift(other, "/") / self

    def __rmatmul__(self, other: object) -> Dual:
        return self._lift(other, "@") @ self

    def sum(self, axis: Axis = None, *, keepdims: bool = False) -> Dual:
        """Sum over ``axis``; the tangent is summed the same way."""
        axis, keepdims = check_reduction(axis, keepdims, self.value.ndim)
        a, ta = self.value, self.tangent
        return self._make(
            "sum", lambda: a.sum(axis, keepdims=keepdims), lambda: ta.sum(axis, keepdims=keepdims)
        )

    def mean(self, axis: Axis = None, *, keepdims: bool = False) -> Dual:
        """Mean over ``axis``; the tangent is averaged the same way."""
        axis, keepdims = check_reduction(axis, keepdims, self.value.ndim)
        if self.value.size == 0:
            raise ValueError("the mean of a Dual without entries is not defined")
        a, ta = self.value, self.tangent
        return self._make(
            "mean",
            lambda: a.mean(axis, keepdims=keepdims),
            lambda: ta.mean(axis, keepdims=keepdims),
        )

    @property
    def T(self) -> Dual:
        """The transpose of value and tangent."""
        return Dual(self.value.T, self.tangent.T)

    def __getitem__(self, index: object) -> Dual:
        """Select entries of value and tangent as NumPy does."""
        return Dual(self.value[index], self.tangent[index])

    def reshape(self, *shape: int) -> Dual:
        """Return value and tangent in a new shape."""
        new = check_shape(shape, self.value.shape)
        return Dual(self.value.reshape(new), self.tangent.reshape(new))


def jvp(f: Callable[[Dual], Dual], x: ArrayLike, direction: ArrayLike) -> tuple[Array, Array]:
    """Value and directional derivative of ``f`` at ``x``: one forward-mode pass.

    Parameters
    ----------
    f : callable
        Takes a ``Dual`` shaped like ``x`` and returns a ``Dual``.
    x : array_like
        The point.
    direction : array_like
        The direction ``v``, shaped like ``x`` (not normalised).

    Returns
    -------
    value : numpy.ndarray
        ``f(x)``.
    derivative : numpy.ndarray
        The Jacobian-vector product ``(df/dx) v``, shaped like ``f(x)``; for a scalar
        ``f`` it is ``grad f(x) . v``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a Dual.
    ValueError
        If ``direction`` does not have the shape of ``x``, or either is not finite.

    Examples
    --------
    >>> f = lambda v: (v * v).sum()        # grad f = 2 v
    >>> value, slope = jvp(f, [1.0, 2.0], [1.0, 0.0])
    >>> float(value), float(slope)
    (5.0, 2.0)
    """
    _validate.check_callable(f, "f")
    x = as_data(x, "x")
    v = as_data(direction, "direction")
    if v.shape != x.shape:
        raise ValueError(f"direction must have the shape of x, {x.shape}, got {v.shape}")
    try:
        out = f(Dual(x, v))
    except NonFiniteError as error:
        raise NonFiniteError(f"f is not finite at x along direction: {error}") from None
    if not isinstance(out, Dual):
        raise TypeError(f"f must return a Dual, got {type(out).__name__}")
    return out.value, out.tangent
