"""Gradient descent with its whole trajectory, the lecture's update rule in code.

The lecture's rule is ``a_{n+1} = a_n - alpha * grad F(a_n)`` from a start ``a_0``.
:func:`gradient_descent` applies it and keeps every point, so a notebook can draw
the path, plot the loss per step and show what happens when ``alpha`` (here
``lr``) is too large: the run stops at the first step that blows up and says so,
instead of returning arrays full of NaN.

A blow-up is reported in the returned :class:`Trajectory` (``status="diverged"``)
rather than raised, because the path up to it is what a notebook wants to draw.
The training helpers, which have no path to return, raise the package's one
divergence error instead, ``DivergenceError`` (see :mod:`helpers.factorise`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from helpers import _validate

__all__ = ["MAX_NORM", "Trajectory", "gradient_descent"]

#: A point whose Euclidean norm exceeds this counts as diverged.
MAX_NORM = 1e12

Status = Literal["converged", "max_steps", "diverged"]


@dataclass(frozen=True)
class Trajectory:
    """The points visited by gradient descent and how the run ended.

    Attributes
    ----------
    points : numpy.ndarray
        ``a_0, a_1, ..., a_n``: shape ``(n + 1,)`` for a scalar start, ``(n + 1, dim)``
        for a vector start. Every stored point is finite.
    losses : numpy.ndarray or None
        ``F(a_0), ..., F(a_n)`` when ``f`` was given, else ``None``.
    status : {"converged", "max_steps", "diverged"}
        ``"converged"``: the gradient norm fell to ``tol`` or below; ``"max_steps"``:
        all requested steps were taken; ``"diverged"``: a step blew up (see
        :func:`gradient_descent` for the rule).
    steps : int
        Number of updates made, ``len(points) - 1``.
    lr : float
        The learning rate (the lecture's ``alpha``).
    message : str
        One sentence on how the run ended.
    """

    points: NDArray[np.float64]
    losses: NDArray[np.float64] | None
    status: Status
    steps: int
    lr: float
    message: str

    @property
    def final(self) -> NDArray[np.float64]:
        """The last stored point ``a_n``."""
        return self.points[-1]


def _check_lr(lr: object) -> float:
    return _validate.check_positive(lr, "lr")


def _check_steps(steps: object) -> int:
    return _validate.check_count(steps, "steps")


def _check_tol(tol: object) -> float | None:
    if tol is None:
        return None
    if not _validate.is_real_number(tol):
        raise TypeError(f"tol must be a real number or None, got {type(tol).__name__} {tol!r}")
    return _validate.check_positive(tol, "tol")


def _check_start(x0: ArrayLike) -> NDArray[np.float64]:
    arr = _validate.as_float_array(x0, "x0", allow_bool=False, finite=False)
    if arr.ndim > 1 or arr.size == 0:
        raise ValueError(f"x0 must be a number or a non-empty 1-D vector, got shape {arr.shape}")
    _validate.check_finite(arr, "x0")
    return arr


def _evaluate(func: Callable, x: NDArray) -> NDArray:
    with np.errstate(all="ignore"):
        return np.asarray(func(x.copy()))


def _gradient_at(grad: Callable, x: NDArray) -> NDArray[np.float64]:
    g = _validate.real_result(_evaluate(grad, x), "grad")
    if g.shape != x.shape:
        raise ValueError(
            f"grad must return an array shaped like x0 {x.shape}, got {g.shape}; "
            "a gradient has the shape of what it differentiates by"
        )
    return g.astype(np.float64)


def _loss_at(f: Callable, x: NDArray) -> float:
    value = _validate.real_result(_evaluate(f, x), "f")
    if value.size != 1:
        raise ValueError(f"f must return a scalar loss, got shape {value.shape}")
    return float(value.reshape(()))


def gradient_descent(
    grad: Callable[[NDArray[np.float64]], ArrayLike],
    x0: ArrayLike,
    lr: float,
    steps: int,
    *,
    f: Callable[[NDArray[np.float64]], ArrayLike] | None = None,
    tol: float | None = None,
) -> Trajectory:
    """Follow the negative gradient: ``a_{n+1} = a_n - lr * grad(a_n)``.

    Stopping rules, checked in this order at each point ``a_n``:

    * **converged**: ``tol`` is given and ``||grad(a_n)|| <= tol`` (no step is taken);
    * **diverged**: the gradient at ``a_n`` or the new point is not finite, the new
      point's norm exceeds :data:`MAX_NORM` (``1e12``), or ``f`` (when given) is not
      finite there. A finite exploding point is kept, so a plot shows the blow-up;
      a non-finite one is not stored;
    * **max_steps**: ``steps`` updates were made.

    Parameters
    ----------
    grad : callable
        ``grad(a)`` returns the gradient at ``a``, shaped like ``a``.
    x0 : float or array_like
        The start ``a_0``: a number or a 1-D vector.
    lr : float
        The learning rate (the lecture's ``alpha``), positive.
    steps : int
        The most updates to make, at least 1.
    f : callable, optional
        The objective; when given, its value at every point is recorded.
    tol : float, optional
        Stop as converged when the gradient norm is at most ``tol``.

    Returns
    -------
    Trajectory
        Points (and losses), status, number of steps and a message.

    Raises
    ------
    TypeError
        If ``grad`` or ``f`` is not callable, or an argument has the wrong type.
    ValueError
        If ``lr <= 0``, ``steps < 1``, ``tol <= 0``, ``x0`` is not finite or not a
        scalar/vector, ``grad`` returns the wrong shape or a non-finite value at
        ``x0``, or ``f`` is not a finite scalar at ``x0``.

    Examples
    --------
    ``F(x) = x**2`` has curvature ``L = 2``; any ``lr < 2 / L = 1`` converges:

    >>> run = gradient_descent(lambda x: 2 * x, 3.0, lr=0.25, steps=100, tol=1e-10)
    >>> run.status, round(float(run.final), 8)
    ('converged', 0.0)
    >>> run.points[:3].tolist()      # each step halves x: a_{n+1} = a_n - 0.25 * 2 a_n
    [3.0, 1.5, 0.75]

    Above the limit each step overshoots further, and the run stops when it explodes:

    >>> bad = gradient_descent(lambda x: 2 * x, 3.0, lr=1.5, steps=100)
    >>> bad.status, bad.steps
    ('diverged', 39)
    """
    _validate.check_callable(grad, "grad")
    if f is not None and not callable(f):
        raise TypeError(f"f must be a callable or None, got {type(f).__name__}")
    lr = _check_lr(lr)
    steps = _check_steps(steps)
    tol = _check_tol(tol)
    x = _check_start(x0)

    g = _gradient_at(grad, x)
    if not np.all(np.isfinite(g)):
        raise ValueError(f"grad returned a non-finite value at x0 = {x.tolist()!r}")
    points = [x]
    losses: list[float] | None = None
    if f is not None:
        loss = _loss_at(f, x)
        if not np.isfinite(loss):
            raise ValueError(f"f returned a non-finite value at x0 = {x.tolist()!r}")
        losses = [loss]

    reason = None
    converged = tol is not None and float(np.linalg.norm(g)) <= tol
    while not converged and len(points) <= steps:
        n = len(points) - 1
        with np.errstate(all="ignore"):
            new = x - lr * g  # the lecture's update rule
        if not np.all(np.isfinite(new)):
            reason = f"a_{n + 1} is not finite"
            break
        if losses is not None:
            new_loss = _loss_at(f, new)
            if not np.isfinite(new_loss):
                reason = f"F(a_{n + 1}) is not finite"
                break
            losses.append(new_loss)
        points.append(new)
        if np.linalg.norm(new) > MAX_NORM:
            reason = f"|a_{n + 1}| = {np.linalg.norm(new):.3g} exceeds {MAX_NORM:g}"
            break
        x, g = new, _gradient_at(grad, new)
        if not np.all(np.isfinite(g)):
            reason = f"the gradient at a_{n + 1} is not finite"
            break
        converged = tol is not None and float(np.linalg.norm(g)) <= tol

    done = len(points) - 1
    status: Status
    if reason is not None:
        status = "diverged"
        message = (
            f"diverged at step {n + 1}: {reason}; lr = {lr:g} is too large here, "
            f"try a smaller one (e.g. {lr / 2:g})"
        )
    elif converged:
        status = "converged"
        message = (
            f"converged after {done} steps: gradient norm "
            f"{float(np.linalg.norm(g)):.3g} <= tol = {tol:g}"
        )
    else:
        status = "max_steps"
        message = f"took all {done} steps; the gradient norm is now {float(np.linalg.norm(g)):.3g}"

    pts = np.array(points)
    return Trajectory(
        points=pts,
        losses=None if losses is None else np.array(losses),
        status=status,
        steps=len(pts) - 1,
        lr=lr,
        message=message,
    )
