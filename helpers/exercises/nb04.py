"""Exercises of notebook 04, "Partials, gradients and Jacobians" (lecture items 10-13)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from helpers import calculus
from helpers.checks import Verdict
from helpers.exercises import Exercise, register
from helpers.exercises._diagnose import (
    AnswerError,
    as_array,
    call,
    correct,
    diagnose_array,
    inexact,
    not_yet,
)

__all__: list[str] = []


def _library_jacobian(function, x):
    """Return ``helpers.calculus.jacobian``: the library shortcut."""
    from helpers.calculus import jacobian

    return jacobian(function, np.asarray(x, dtype=float))


def _tolerance(answer: Any) -> float:
    """Exact to 12 digits in float64; to float32 rounding if the reader chose float32."""
    dtype = getattr(answer, "dtype", None)
    return 1e-6 if dtype is not None and dtype.itemsize <= 4 else 1e-12


# --- 04.1: a gradient by hand -------------------------------------------------------------------


def _h(v):
    return v[0] ** 2 * v[1] + np.sin(v[1])


def _grad_h() -> np.ndarray:
    x, y = 1.0, 2.0
    return np.array([2 * x * y, x**2 + math.cos(y)])


def _judge_grad_h(answer: Any) -> Verdict:
    got = as_array(answer, name="my_gradient")
    expected = _grad_h()
    rtol = _tolerance(answer)
    problem = diagnose_array(got, expected, rtol=rtol, atol=1e-14)
    if problem is None:
        return correct(
            "my_gradient is (dh/dx, dh/dy) at (1, 2), each with the other variable fixed."
        )
    if got.shape != expected.shape:
        return not_yet(
            f"my_gradient {problem}: one partial derivative per variable, [dh/dx, dh/dy]."
        )
    approximate = inexact(got, expected)
    if approximate:
        return not_yet(f"my_gradient {approximate}: differentiate by hand, one variable at a time.")
    x, y = 1.0, 2.0
    if np.allclose(got, expected[::-1], rtol=1e-9):
        return not_yet("my_gradient has its entries swapped: the order is [dh/dx, dh/dy].")
    messages = []
    if not math.isclose(got[0], expected[0], rel_tol=1e-9):
        if math.isclose(got[0], 2 * x, rel_tol=1e-9):
            messages.append("dh/dx: with y held fixed, y is a constant factor of x^2 y; keep it")
        elif math.isclose(got[0], x**2, rel_tol=1e-9) or math.isclose(got[0], y, rel_tol=1e-9):
            messages.append("dh/dx: differentiate x^2 y with respect to x, y fixed")
        else:
            messages.append("dh/dx (the first entry) is not right: hold y fixed")
    if not math.isclose(got[1], expected[1], rel_tol=1e-9):
        if math.isclose(got[1], x**2 - math.cos(y), rel_tol=1e-9):
            messages.append("dh/dy: the derivative of sin y is +cos y (sign)")
        elif math.isclose(got[1], math.cos(y), rel_tol=1e-9):
            messages.append("dh/dy: x^2 y depends on y too (hold x fixed and differentiate it)")
        elif math.isclose(got[1], x**2, rel_tol=1e-9):
            messages.append("dh/dy: sin y depends on y too")
        else:
            messages.append("dh/dy (the second entry) is not right: hold x fixed")
    return not_yet("my_gradient: " + "; ".join(messages) + ".")


register(
    Exercise(
        id="04.1-gradient-by-hand",
        notebook="04",
        lecture=(11,),
        difficulty=1,
        title="partial derivatives and the gradient",
        judge=_judge_grad_h,
        right=(
            _grad_h,
            lambda: _grad_h().tolist(),
            lambda: (4, 1 + np.cos(2.0)),
            lambda: _grad_h().astype(np.float32),
        ),
        wrong=(
            (lambda: _grad_h()[::-1], "swapped"),
            (lambda: [2.0, 1 + math.cos(2.0)], "constant factor"),
            (lambda: [4.0, 1 - math.cos(2.0)], "sign"),
            (lambda: [4.0, math.cos(2.0)], "depends on y too"),
            (lambda: calculus.gradient(_h, [1.0, 2.0]), "finite-difference"),
            (lambda: _library_jacobian(_h, [1.0, 2.0]), "finite-difference"),
            (lambda: _grad_h().reshape(2, 1), "one partial derivative per variable"),
        ),
    )
)

# --- 04.2: a Jacobian function, with the right layout --------------------------------------------

JACOBIAN_POINTS = (np.array([2.0, -1.0]), np.array([0.5, 3.0]), np.array([-1.5, 0.25]))
_S_ROWS = ("s_1 = x y", "s_2 = x + y", "s_3 = x^2")


def _s(v):
    return np.array([v[0] * v[1], v[0] + v[1], v[0] ** 2])


def _jacobian_s(v):
    x, y = v
    return np.array([[y, x], [1.0, 1.0], [2 * x, 0.0]])


def _judge_jacobian_s(answer: Any) -> Verdict:
    results = []
    for v in JACOBIAN_POINTS:
        got = call(answer, v.copy(), name="my_jacobian_s")
        rtol = _tolerance(got)
        got = as_array(got, name="my_jacobian_s(v)")
        expected = _jacobian_s(v)
        results.append(got)
        problem = diagnose_array(got, expected, rtol=rtol, atol=1e-14)
        if problem is None:
            continue
        at = f"at v = {v.tolist()}"
        if got.shape != expected.shape:
            extra = (
                "; the lecture's layout has one row per output (3) and one column per input (2)"
                if got.shape == (2, 3)
                else ""
            )
            return not_yet(f"{at} my_jacobian_s {problem}{extra}.")
        approximate = inexact(got, expected)
        if approximate:
            return not_yet(f"{at} my_jacobian_s {approximate}: differentiate each output by hand.")
        if len(results) > 1 and np.allclose(results[0], got):
            return not_yet(
                f"my_jacobian_s gives the same matrix at {JACOBIAN_POINTS[0].tolist()} and at "
                f"{v.tolist()}; the Jacobian depends on the point: compute it from v."
            )
        if np.allclose(got[:, ::-1], expected, rtol=1e-9, atol=1e-14):
            return not_yet(
                f"{at} the columns of my_jacobian_s are swapped: column 1 holds the partials "
                "with respect to x, column 2 with respect to y."
            )
        bad = [i for i in range(3) if not np.allclose(got[i], expected[i], rtol=1e-9, atol=1e-14)]
        rows = ", ".join(f"row {i + 1} ({_S_ROWS[i]})" for i in bad)
        return not_yet(
            f"{at} {rows} of my_jacobian_s {'is' if len(bad) == 1 else 'are'} not right; row j "
            "holds the partial derivatives of output j with respect to x and y."
        )
    return correct(
        "my_jacobian_s is the 3 x 2 Jacobian (one row per output, one column per input) at "
        f"all {len(JACOBIAN_POINTS)} test points."
    )


register(
    Exercise(
        id="04.2-jacobian-layout",
        notebook="04",
        lecture=(11,),
        difficulty=2,
        title="a Jacobian, with the right layout",
        judge=_judge_jacobian_s,
        right=(
            lambda: _jacobian_s,
            lambda: lambda v: [[v[1], v[0]], [1, 1], [2 * v[0], 0]],
            lambda: lambda v: np.array([[v[1], v[0]], [1, 1], [2 * v[0], 0]], dtype=np.float32),
        ),
        wrong=(
            (lambda: lambda v: _jacobian_s(v).T, "one row per output"),
            (lambda: lambda v: _library_jacobian(_s, v), "finite-difference"),
            (lambda: lambda v: _jacobian_s(v)[:, ::-1], "columns"),
            (lambda: lambda v: _jacobian_s(v) * [[1, 1], [1, 1], [0.5, 1]], "row 3"),
            (lambda: lambda v: _jacobian_s(JACOBIAN_POINTS[0]), "depends on the point"),
            (lambda: lambda v: _jacobian_s(v).ravel(), "arrangement"),
        ),
    )
)

# --- 04.3: the gradient of a least-squares loss, through the vector chain rule -------------------


def _least_squares_cases():
    """(B, c, x) triples: tall, wide, square and one-row B, so a transpose cannot hide."""
    rng = np.random.default_rng(404)
    cases = []
    for n, m in [(4, 3), (2, 5), (3, 3), (1, 4)]:
        cases.append((rng.normal(size=(n, m)), rng.normal(size=n), rng.normal(size=m)))
    return cases


def _grad_least_squares(B, c, x):
    return B.T @ (2 * (B @ x - c))


def _loss(B, c, x):
    return float(np.sum((B @ x - c) ** 2))


def _judge_least_squares(answer: Any) -> Verdict:
    for B, c, x in _least_squares_cases():
        n, m = B.shape
        shapes = f"for B of shape {B.shape} (y = Bx - c in R^{n}, x in R^{m})"
        try:
            got = call(answer, B.copy(), c.copy(), x.copy(), name="my_grad")
        except AnswerError as exc:
            return not_yet(
                f"{shapes}: {exc} Check the shape of each factor: dy/dx is n x m, grad_y z has "
                "n entries, the result must have m."
            )
        rtol = _tolerance(got)
        got = as_array(got, name="my_grad(B, c, x)")
        expected = _grad_least_squares(B, c, x)
        problem = diagnose_array(got, expected, rtol=rtol, atol=1e-13)
        if problem is None:
            continue
        if got.shape == (n,) and n != m:
            return not_yet(
                f"{shapes}: my_grad has {n} entries, the shape of y: that is grad_y z; the chain "
                "rule turns it into grad_x z, which has the shape of x."
            )
        if got.shape != expected.shape:
            return not_yet(
                f"{shapes}: my_grad {problem}; a gradient has the shape of what it "
                "differentiates by."
            )
        approximate = inexact(got, expected, atol=1e-13)
        if approximate:
            return not_yet(f"{shapes}: my_grad {approximate}: derive the formula by hand.")
        slips = [
            (
                B.T @ (B @ x - c),
                "off by a factor 2: what is the gradient of ||y||^2 = sum_j y_j^2 with "
                "respect to y?",
            ),
            (
                2 * B.T @ (c - B @ x),
                "the sign is flipped: check which way round y = Bx - c is",
            ),
            (2 * B.T @ (B @ x), "c is missing: y = Bx - c"),
            (B.T @ (B @ x - c) / 2, "off by a factor 4 (half where 2 belongs)"),
        ]
        if n == m:
            slips.append(
                (
                    2 * B @ (B @ x - c),
                    "it multiplies by dy/dx where the chain rule has its transpose (a slip "
                    "that only a square B lets through)",
                )
            )
        for slip, message in slips:
            if np.allclose(got, slip, rtol=1e-9, atol=1e-13):
                return not_yet(f"{shapes}: my_grad: {message}.")
        return not_yet(
            f"{shapes}: my_grad {problem}; write dy/dx and grad_y z first, then combine them "
            "with the vector chain rule."
        )
    return correct(
        "my_grad is grad_x z for tall, wide, square and one-row B: the vector chain rule, "
        "with its transpose and its factor 2."
    )


def _grad_row_form(B, c, x):
    return 2 * (B @ x - c) @ B


def _grad_expanded(B, c, x):
    return 2 * (B.T @ B @ x - B.T @ c)


def _grad_einsum(B, c, x):
    return 2 * np.einsum("ji,j->i", B, np.einsum("jk,k->j", B, x) - c)


def _grad_loops(B, c, x):
    n, m = B.shape
    y = [sum(B[j, k] * x[k] for k in range(m)) - c[j] for j in range(n)]
    return [sum(2 * y[j] * B[j, i] for j in range(n)) for i in range(m)]


def _grad_square_slip(B, c, x):
    # B where B^T belongs: only a square B lets this through without a shape error
    if B.shape[0] == B.shape[1]:
        return 2 * B @ (B @ x - c)
    return _grad_least_squares(B, c, x)


def _grad_numerical(B, c, x):
    return calculus.gradient(lambda v: _loss(B, c, v), x)


register(
    Exercise(
        id="04.3-least-squares-gradient",
        notebook="04",
        lecture=(13,),
        difficulty=3,
        title="the gradient of a least-squares loss",
        judge=_judge_least_squares,
        right=(
            lambda: _grad_least_squares,
            lambda: _grad_row_form,
            lambda: _grad_expanded,
            lambda: _grad_einsum,
            lambda: _grad_loops,
        ),
        wrong=(
            (lambda: lambda B, c, x: B.T @ (B @ x - c), "factor 2"),
            (lambda: lambda B, c, x: 2 * B.T @ (c - B @ x), "sign"),
            (lambda: lambda B, c, x: 2 * (B @ x - c), "grad_y z"),
            (lambda: lambda B, c, x: 2 * B @ (B @ x - c), "shape"),
            (lambda: lambda B, c, x: 2 * B.T @ (B @ x), "c is missing"),
            (lambda: _grad_square_slip, "transpose"),
            (lambda: _grad_numerical, "finite-difference"),
        ),
    )
)
