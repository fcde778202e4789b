"""Numerical derivatives: difference quotients, gradients, Jacobians and gradient checks.

Everything here follows the lecture's definitions literally: a derivative is the
limit of a difference quotient, a gradient is the vector (or tensor) of partial
derivatives, and the Jacobian collects the partials of a vector-valued function.

Layout convention (the lecture's): for ``y = g(x)`` with ``y`` in R^n and ``x`` in
R^m the Jacobian ``dy/dx`` is an ``n x m`` matrix, and a gradient has the shape of
the thing it differentiates by. :func:`jacobian` therefore returns an array of
shape ``f(x).shape + x.shape``.

The numerical experiments of notebooks 03 and 05 (:func:`deep_chain`,
:func:`perturbation_changes`, :func:`loglog_slope`) are importable from here too; their code
is in the private ``helpers._calculus_experiments``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers import _validate
from helpers._calculus_experiments import deep_chain, loglog_slope, perturbation_changes

__all__ = [
    "backward_difference",
    "central_difference",
    "check_gradient",
    "deep_chain",
    "default_step",
    "derivative",
    "directional_slope",
    "forward_difference",
    "gradient",
    "jacobian",
    "loglog_slope",
    "perturbation_changes",
]

Method = Literal["forward", "backward", "central"]
_METHODS = ("forward", "backward", "central")


# --------------------------------------------------------------------------- validation
def _as_float_array(x: ArrayLike, name: str) -> NDArray[np.floating]:
    """Return ``x`` as a real floating array (keeping float32/float64), checking finiteness."""
    return _validate.as_float_array(x, name, keep_precision=True, allow_bool=False)


_describe_bad = _validate.describe_non_finite


def _check_step(h: ArrayLike, x: NDArray[np.floating]) -> NDArray[np.floating]:
    """Validate a step size: finite and strictly positive (scalar or array).

    A scalar step takes the dtype of ``x``, as a Python float would in NumPy's
    arithmetic, so float32 input gives float32 quotients.
    """
    step = _as_float_array(h, "h")
    if step.ndim == 0 and step.dtype != x.dtype:
        with np.errstate(over="ignore"):
            cast = step.astype(x.dtype)
        if not np.isfinite(cast) or (step > 0 and cast == 0):
            raise ValueError(f"h = {step.item()!r} does not fit the dtype of x ({x.dtype})")
        step = cast
    if np.any(step <= 0):
        raise ValueError(f"h must be positive, got {float(np.min(step))!r}")
    return step


def _call(f: Callable, x: NDArray) -> NDArray:
    """Evaluate ``f`` with numpy's floating-point warnings silenced.

    A non-finite result is reported by :func:`_finite_values` with a clear message
    instead of a ``RuntimeWarning`` on stderr.
    """
    with np.errstate(all="ignore"):
        return f(x)


def _check_callable(f: object, name: str = "f") -> None:
    _validate.check_callable(f, name)


def _finite_values(values: ArrayLike, where: ArrayLike | str, name: str = "f") -> NDArray:
    """Check the values a function returned (real and finite); say at which point it failed."""
    out = _validate.real_result(values, name)
    if not np.all(np.isfinite(out)):
        if isinstance(where, str):
            location = where
        else:
            points, out = np.broadcast_arrays(np.asarray(where), out)
            location = f"x = {float(np.ravel(points[~np.isfinite(out)])[0])!r}"
        raise ValueError(
            f"{name} returned a non-finite value at {location}; is x inside the function's domain?"
        )
    return out


def _elementwise(f: Callable, z: NDArray, where: NDArray) -> NDArray:
    """Evaluate ``f(z)`` for a difference quotient: real, finite and shaped like ``z``.

    The quotients treat ``f`` as a function applied entry by entry, so ``f(z)`` must have the
    shape of ``z``; anything else (a sum, a vector of another length) would be subtracted and
    broadcast into numbers that mean nothing.
    """
    out = _validate.real_result(_call(f, z), "f")
    if out.shape != z.shape:
        raise ValueError(
            f"f must return an array shaped like its input {z.shape} (it is applied entry by "
            f"entry), got shape {out.shape}; for a function of a whole vector use gradient() "
            "or jacobian()"
        )
    return _finite_values(out, where)


# --------------------------------------------------------------------------- 1-D quotients
def forward_difference(f: Callable[[ArrayLike], ArrayLike], x: ArrayLike, h: ArrayLike) -> NDArray:
    """Forward difference quotient ``(f(x + h) - f(x)) / h`` (the lecture's secant slope).

    Its truncation error is O(h).

    Parameters
    ----------
    f : callable
        A real function, applied elementwise to arrays (like ``np.sin``).
    x : float or array_like
        Point(s) at which to estimate ``f'(x)``; float32 input stays float32.
    h : float or array_like
        Step size(s), strictly positive.

    Returns
    -------
    numpy.ndarray
        The quotient, broadcast over ``x`` and ``h``.

    Raises
    ------
    ValueError
        If ``h <= 0``, ``x`` is not finite or ``f`` returns a non-finite value.

    Examples
    --------
    >>> float(forward_difference(lambda x: x**2, 3.0, 1e-3))  # 2x + h
    6.001
    """
    _check_callable(f)
    x = _as_float_array(x, "x")
    h = _check_step(h, x)
    return (_elementwise(f, x + h, x) - _elementwise(f, x, x)) / h


def backward_difference(f: Callable[[ArrayLike], ArrayLike], x: ArrayLike, h: ArrayLike) -> NDArray:
    """Backward difference quotient ``(f(x) - f(x - h)) / h``; truncation error O(h).

    Parameters
    ----------
    f : callable
        A real function, applied elementwise to arrays.
    x : float or array_like
        Point(s) at which to estimate ``f'(x)``.
    h : float or array_like
        Step size(s), strictly positive.

    Returns
    -------
    numpy.ndarray
        The quotient, broadcast over ``x`` and ``h``.

    Raises
    ------
    ValueError
        If ``h <= 0``, ``x`` is not finite or ``f`` returns a non-finite value.

    Examples
    --------
    >>> float(backward_difference(lambda x: x**2, 3.0, 1e-3))  # 2x - h
    5.999
    """
    _check_callable(f)
    x = _as_float_array(x, "x")
    h = _check_step(h, x)
    return (_elementwise(f, x, x) - _elementwise(f, x - h, x)) / h


def central_difference(f: Callable[[ArrayLike], ArrayLike], x: ArrayLike, h: ArrayLike) -> NDArray:
    """Central (symmetric) difference quotient ``(f(x + h) - f(x - h)) / 2h``.

    Its truncation error is O(h^2), which is why the lecture recommends it.

    Parameters
    ----------
    f : callable
        A real function, applied elementwise to arrays.
    x : float or array_like
        Point(s) at which to estimate ``f'(x)``.
    h : float or array_like
        Step size(s), strictly positive.

    Returns
    -------
    numpy.ndarray
        The quotient, broadcast over ``x`` and ``h``.

    Raises
    ------
    ValueError
        If ``h <= 0``, ``x`` is not finite or ``f`` returns a non-finite value.

    Examples
    --------
    For a parabola the central quotient is exact (up to rounding):

    >>> round(float(central_difference(lambda x: x**2, 3.0, 1e-3)), 9)
    6.0
    """
    _check_callable(f)
    x = _as_float_array(x, "x")
    h = _check_step(h, x)
    return (_elementwise(f, x + h, x) - _elementwise(f, x - h, x)) / (2 * h)


_QUOTIENTS = {
    "forward": forward_difference,
    "backward": backward_difference,
    "central": central_difference,
}


def default_step(x: ArrayLike, method: Method = "central") -> NDArray:
    """Return the step :func:`derivative` uses when ``h`` is not given.

    Rounding error grows like ``eps / h`` and truncation error like ``h`` (one-sided)
    or ``h**2`` (central); balancing them gives ``h ~ sqrt(eps)`` and
    ``h ~ eps**(1/3)`` respectively. Both are scaled by ``max(|x|, 1)`` so the step
    is relative to the size of ``x``, then rounded so that ``x + h`` is exactly
    representable (``(x + h) - x == h``).

    Parameters
    ----------
    x : float or array_like
        Point(s); the dtype (float32 or float64) sets the machine epsilon.
    method : {"central", "forward", "backward"}
        Which quotient the step is for.

    Returns
    -------
    numpy.ndarray
        Positive steps, one per entry of ``x``.

    Examples
    --------
    >>> float(default_step(1.0, "forward")) == 2.0**-26
    True
    """
    _validate.check_choice(method, "method", _METHODS)
    x = _as_float_array(x, "x")
    eps = np.finfo(x.dtype).eps
    power = 1 / 3 if method == "central" else 1 / 2
    h = (eps**power * np.maximum(np.abs(x), 1)).astype(x.dtype)
    return (x + h) - x


def derivative(
    f: Callable[[ArrayLike], ArrayLike],
    x: ArrayLike,
    h: ArrayLike | None = None,
    method: Method = "central",
) -> NDArray:
    """Estimate ``f'(x)`` by a difference quotient with a sensibly scaled step.

    Parameters
    ----------
    f : callable
        A real function, applied elementwise to arrays.
    x : float or array_like
        Point(s) at which to differentiate.
    h : float or array_like, optional
        Step size; by default :func:`default_step`, which scales with ``|x|`` so that
        tiny and huge ``x`` are both handled.
    method : {"central", "forward", "backward"}
        Which difference quotient to use.

    Returns
    -------
    numpy.ndarray
        The estimated derivative(s), shaped like ``x``.

    Raises
    ------
    ValueError
        For an unknown method, ``h <= 0``, non-finite ``x`` or a non-finite ``f``.

    Examples
    --------
    >>> float(np.round(derivative(np.sin, 0.0), 10))
    1.0
    >>> bool(np.isclose(derivative(np.log, 1e6), 1e-6, rtol=1e-9))
    True
    >>> np.round(derivative(lambda x: x**3, [1.0, 2.0]), 8)
    array([ 3., 12.])
    """
    _validate.check_choice(method, "method", _METHODS)
    _check_callable(f)
    x = _as_float_array(x, "x")
    step = default_step(x, method) if h is None else h
    return _QUOTIENTS[method](f, x, step)


# --------------------------------------------------------------------------- many variables
def _scalar_output(f: Callable[[NDArray], ArrayLike], x: NDArray, where: str) -> float:
    value = _validate.real_result(_call(f, x), "f")
    if value.ndim != 0 and value.size != 1:
        raise ValueError(
            f"f must return a scalar (a loss), got an array of shape {value.shape}; "
            "use jacobian() for vector-valued functions"
        )
    return float(_finite_values(value.reshape(()), where))


def gradient(f: Callable[[NDArray], ArrayLike], x: ArrayLike) -> NDArray[np.float64]:
    """Numerical gradient of a scalar function of an array of any shape.

    Each partial derivative ``df/dx_i`` is a central difference in coordinate ``i``
    alone (the others held fixed), exactly the lecture's definition of a partial.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns a scalar.
    x : array_like
        The point; vector, matrix or any tensor.

    Returns
    -------
    numpy.ndarray
        ``grad f(x)``, with the same shape as ``x`` (float64).

    Raises
    ------
    ValueError
        If ``f`` does not return a scalar, returns a non-finite value, or ``x`` is
        not finite.

    Examples
    --------
    >>> f = lambda v: v[0] ** 2 + v[0] * v[1] + v[1] ** 2   # the lecture's f(x, y)
    >>> np.round(gradient(f, [1.0, 2.0]), 6)                # (2x + y, x + 2y)
    array([4., 5.])
    """
    _check_callable(f)
    x = _as_float_array(x, "x").astype(np.float64)
    _scalar_output(f, x, "the given x")
    steps = default_step(x, "central")
    grad = np.empty_like(x)
    probe = x.copy()
    for i in np.ndindex(x.shape):
        old = probe[i]
        probe[i] = old + steps[i]
        up = _scalar_output(f, probe, f"x + h in entry {i}")
        probe[i] = old - steps[i]
        down = _scalar_output(f, probe, f"x - h in entry {i}")
        probe[i] = old
        grad[i] = (up - down) / (2 * steps[i])
    return grad


def _fourth_order_gradient(f: Callable[[NDArray], ArrayLike], x: NDArray) -> NDArray:
    """Gradient by ``(8 [f(x+h) - f(x-h)] - [f(x+2h) - f(x-2h)]) / 12h`` in each coordinate.

    Truncation error O(h^4); with ``h ~ eps**(1/5)`` the total error is about
    ``eps**(4/5)``, a thousand times below the plain central difference's.
    """
    _check_callable(f)
    _scalar_output(f, x, "the given x")
    eps = np.finfo(np.float64).eps
    steps = (x + eps**0.2 * np.maximum(np.abs(x), 1)) - x
    grad = np.empty_like(x)
    probe = x.copy()
    for i in np.ndindex(x.shape):
        old, h = probe[i], steps[i]
        values = []
        for k in (2, 1, -1, -2):
            probe[i] = old + k * h
            values.append(
                _scalar_output(f, probe, f"x {'+' if k > 0 else '-'} {abs(k)}h in entry {i}")
            )
            probe[i] = old
        f2, f1, fm1, fm2 = values
        grad[i] = (8 * (f1 - fm1) - (f2 - fm2)) / (12 * h)
    return grad


def jacobian(f: Callable[[NDArray], ArrayLike], x: ArrayLike) -> NDArray[np.float64]:
    """Numerical Jacobian of a (possibly tensor-valued) function.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns an array (or a scalar).
    x : array_like
        The point.

    Returns
    -------
    numpy.ndarray
        Shape ``f(x).shape + x.shape``: for ``y`` in R^n and ``x`` in R^m this is
        the lecture's ``n x m`` matrix ``dy/dx`` with entries ``dy_j/dx_i``.

    Raises
    ------
    ValueError
        If ``x`` is not finite or ``f`` returns a non-finite value.

    Examples
    --------
    Polar to Cartesian coordinates, ``(r, t) -> (r cos t, r sin t)``, at ``r=2, t=0``:

    >>> polar = lambda v: np.array([v[0] * np.cos(v[1]), v[0] * np.sin(v[1])])
    >>> np.round(jacobian(polar, [2.0, 0.0]), 6)
    array([[1., 0.],
           [0., 2.]])
    """
    _check_callable(f)
    x = _as_float_array(x, "x").astype(np.float64)
    y0 = _finite_values(_call(f, x), "the given x").astype(np.float64)

    def value_at(where: str) -> NDArray:
        y = _finite_values(_call(f, probe), where)
        if y.shape != y0.shape:
            raise ValueError(
                f"f must return the same shape at every point, got {y0.shape} at the given x "
                f"and {y.shape} at {where}"
            )
        return y.astype(np.float64)

    steps = default_step(x, "central")
    jac = np.empty(y0.shape + x.shape)
    probe = x.copy()
    for i in np.ndindex(x.shape):
        old = probe[i]
        probe[i] = old + steps[i]
        up = value_at(f"x + h in entry {i}")
        probe[i] = old - steps[i]
        down = value_at(f"x - h in entry {i}")
        probe[i] = old
        jac[(..., *i)] = (up - down) / (2 * steps[i])
    return jac


def check_gradient(
    f: Callable[[NDArray], ArrayLike],
    grad_f: Callable[[NDArray], ArrayLike] | ArrayLike,
    x: ArrayLike,
    *,
    tiny: float | None = None,
) -> float:
    """Largest relative error between an analytic gradient and a numerical one.

    For each entry, ``|a - b| / max(|a|, |b|, tiny)`` with ``a`` the analytic and
    ``b`` the numerical partial derivative. ``b`` comes from a fourth-order central
    difference (Richardson extrapolation of the lecture's quotient with steps ``h``
    and ``2h``), whose error is small enough that a right gradient scores near
    ``1e-9`` even where a partial is close to zero. How to read the result:

    * about ``1e-7`` or below: the analytic gradient is right;
    * between ``1e-7`` and ``1e-2``: suspicious (a kink in ``f``, or a subtle bug);
    * above ``1e-2``: the analytic gradient is wrong.

    Parameters
    ----------
    f : callable
        Scalar function of an array shaped like ``x``.
    grad_f : callable or array_like
        The gradient to check: a function of ``x`` or its value at ``x``; it must
        have the shape of ``x``.
    x : array_like
        Where to compare.
    tiny : float, optional
        Floor of the denominator so that entries where both gradients are (nearly)
        zero do not count as large relative errors. Default
        ``1e-6 * max(1, max|b|)``: entries a million times smaller than the largest
        partial are compared on the scale of the largest one.

    Returns
    -------
    float
        The largest relative error over all entries.

    Raises
    ------
    ValueError
        If ``grad_f`` does not have the shape of ``x`` or is not finite, or for the
        reasons :func:`gradient` raises.

    Examples
    --------
    >>> f = lambda w: np.sum(w**2)
    >>> check_gradient(f, lambda w: 2 * w, np.array([1.0, -2.0, 3.0])) < 1e-7
    True
    >>> check_gradient(f, lambda w: w, np.array([1.0, -2.0, 3.0])) > 1e-2   # factor 2 missing
    True
    """
    _check_callable(f)
    x = _as_float_array(x, "x").astype(np.float64)
    if tiny is not None:
        tiny = _validate.check_positive(tiny, "tiny")
    if callable(grad_f):
        analytic = _validate.real_result(grad_f(x.copy()), "grad_f")
    else:
        analytic = _validate.as_float_array(grad_f, "grad_f", finite=False)
    analytic = analytic.astype(np.float64)
    if analytic.shape != x.shape:
        raise ValueError(
            f"grad_f must have the shape of x {x.shape}, got {analytic.shape}; "
            "a gradient has the shape of what it differentiates by"
        )
    if not np.all(np.isfinite(analytic)):
        raise ValueError(f"grad_f must be finite, got {_describe_bad(analytic)}")
    numeric = _fourth_order_gradient(f, x)
    if tiny is None:
        tiny = 1e-6 * max(1.0, float(np.max(np.abs(numeric), initial=0.0)))
    denom = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), tiny)
    return float(np.max(np.abs(analytic - numeric) / denom, initial=0.0))


# --------------------------------------------------------------------------- a direction's slope


def directional_slope(
    f: Callable[[NDArray], ArrayLike], point: ArrayLike, angle: float
) -> tuple[float, float]:
    """Slope of ``f`` along the unit direction ``u = (cos angle, sin angle)`` at ``point``.

    Returns both the numerical derivative of ``t -> f(point + t u)`` at ``t = 0``
    and the prediction ``<grad f(point), u>``; they agree for a smooth ``f``.

    Parameters
    ----------
    f : callable
        Scalar function of a 2-vector.
    point : array_like, shape (2,)
        Where to look.
    angle : float
        Direction in radians, measured from the x-axis.

    Returns
    -------
    numerical : float
        The slope along ``u`` from a central difference in ``t``.
    predicted : float
        ``<grad f(point), u>`` with the gradient from :func:`gradient`.

    Raises
    ------
    ValueError
        If ``point`` is not a finite 2-vector or ``angle`` is not finite.

    Examples
    --------
    >>> f = lambda v: v[0] ** 2 + v[0] * v[1] + v[1] ** 2
    >>> slope, predicted = directional_slope(f, [1.0, 2.0], 0.0)   # along x: df/dx = 2x + y
    >>> round(slope, 6), round(predicted, 6)
    (4.0, 4.0)
    """
    _check_callable(f)
    point = _validate.as_float_array(point, "point", allow_bool=False, finite=False)
    if point.shape != (2,) or not np.all(np.isfinite(point)):
        raise ValueError(f"point must be a finite 2-vector, got {point!r}")
    angle = float(_validate.as_float_array(angle, "angle", ndim=0, allow_bool=False))
    _validate.evaluate(f, point.copy(), shape=(), where=f" at point = {point.tolist()}")
    u = np.array([np.cos(angle), np.sin(angle)])
    along = np.vectorize(lambda t: float(_validate.evaluate(f, point + t * u, shape=())))
    numerical = float(derivative(along, 0.0))
    predicted = float(gradient(f, point) @ u)
    return numerical, predicted
