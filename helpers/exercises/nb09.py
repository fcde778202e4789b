"""Exercises of notebook 09, automatic differentiation: write and repair backward rules.

A backward rule takes the upstream gradient ``g`` (the gradient of the final scalar with
respect to the operation's output, shaped like the output), the operation's inputs and
its output, and returns one gradient per input, each shaped like its input - the local
step of reverse mode (lecture items 8, 13 and 14). Every judge checks the reader's rule
against central differences of ``L = sum(g * f(inputs))``, computed here, on random
shapes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from helpers.checks import Verdict
from helpers.exercises import Exercise, register
from helpers.exercises._diagnose import (
    AnswerError,
    as_array,
    call,
    correct,
    diagnose_array,
    not_yet,
    relative_error,
)

__all__: list[str] = []

#: Largest norm-wise relative error against central differences that counts as right.
TOLERANCE = 1e-6


def _finite_differences(
    forward: Callable[..., np.ndarray], g: np.ndarray, inputs: tuple[np.ndarray, ...]
) -> tuple[np.ndarray, ...]:
    """Central differences of L = sum(g * forward(*inputs)) with respect to every input."""
    grads = []
    for which, x in enumerate(inputs):
        grad = np.empty_like(x)
        for i in np.ndindex(x.shape):
            h = 1e-6 * max(abs(x[i]), 1.0)
            up = [np.array(v, dtype=float) for v in inputs]
            down = [np.array(v, dtype=float) for v in inputs]
            up[which][i] += h
            down[which][i] -= h
            grad[i] = (np.sum(g * forward(*up)) - np.sum(g * forward(*down))) / (2 * h)
        grads.append(grad)
    return tuple(grads)


def _gradients(result: Any, names: tuple[str, ...], rule: str) -> list[np.ndarray]:
    """Turn the result of the reader's rule into one array per input."""
    if len(names) == 1 and not isinstance(result, (tuple, list)):
        result = (result,)
    if len(names) == 1 and isinstance(result, list) and len(result) != 1:
        result = (result,)  # a list of numbers is one gradient, not several
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        raise AnswerError(
            f"{rule} should return one gradient per input, ({', '.join(names)}), in this order."
        )
    return [
        as_array(part, name=f"the gradient for {name}")
        for part, name in zip(result, names, strict=True)
    ]


# --- 09.1: the backward rule of the logistic sigmoid --------------------------------------------
# out = 1 / (1 + exp(-x)); d out / dx = out (1 - out). (helpers.autodiff has no sigmoid.)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@functools.cache
def _sigmoid_cases() -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    rng = np.random.default_rng(9091)
    return tuple(
        (rng.normal(size=shape), 2 * rng.normal(size=shape)) for shape in [(3, 4), (5,), (2, 3, 2)]
    )


def _judge_sigmoid(answer: Any) -> Verdict:
    for k, (g, x) in enumerate(_sigmoid_cases(), start=1):
        out = _sigmoid(x)
        (grad,) = _gradients(
            call(answer, g, x, out, name="my_sigmoid_backward"), ("x",), "my_sigmoid_backward"
        )
        (expected,) = _finite_differences(_sigmoid, g, (x,))
        where = f"case {k}: x of shape {x.shape}"
        if grad.shape != x.shape:
            return not_yet(
                f"the gradient for x {diagnose_array(grad, expected)} ({where}); "
                "a gradient has the shape of its input."
            )
        if relative_error(grad, expected) < TOLERANCE:
            continue
        slips = [
            (
                out * (1 - out),
                "the local derivative is right, but the rule must multiply it by the "
                "upstream gradient g (the chain rule)",
            ),
            (
                g * x * (1 - x),
                "x (1 - x) is written with the input x; the derivative of the sigmoid is "
                "written with the sigmoid itself, which the rule already has as out",
            ),
            (
                g * out,
                "g * out is the rule of exp, whose derivative is its own value; differentiate "
                "1 / (1 + e^-x) with the chain rule",
            ),
            (
                g * (1 - out**2),
                "g (1 - out^2) is the rule of tanh; the sigmoid's derivative is a different "
                "expression in out",
            ),
        ]
        for slip, message in slips:
            if relative_error(grad, slip) < TOLERANCE:
                return not_yet(f"{message} ({where}).")
        problem = diagnose_array(grad, expected, rtol=1e-5, atol=1e-8)
        return not_yet(
            f"the gradient for x {problem} ({where}); multiply the upstream gradient by the "
            "local derivative of 1 / (1 + e^-x), entry by entry."
        )
    return correct("my_sigmoid_backward agrees with finite differences for every shape.")


register(
    Exercise(
        id="09.1-sigmoid-backward",
        notebook="09",
        lecture=(8, 14),
        difficulty=1,
        title="the backward rule of the sigmoid",
        judge=_judge_sigmoid,
        right=(
            lambda: lambda g, x, out: (g * out * (1 - out),),
            lambda: lambda g, x, out: g * np.exp(-x) / (1 + np.exp(-x)) ** 2,
            lambda: lambda g, x, out: [(g * out * (1 - out)).astype(np.float32)],
        ),
        wrong=(
            (lambda: lambda g, x, out: (out * (1 - out),), "upstream gradient"),
            (lambda: lambda g, x, out: (g * x * (1 - x),), "with the input x"),
            (lambda: lambda g, x, out: (g * out,), "rule of exp"),
            (lambda: lambda g, x, out: (g * (1 - out**2),), "rule of tanh"),
            (lambda: lambda g, x, out: (-g * out * (1 - out),), "sign"),
        ),
    )
)


# --- 09.2: the backward rule of a power with a tensor exponent -----------------------------------
# out = a ** b (a > 0): dL/da = g b a^(b-1) = g b out / a, dL/db = g out log(a).
# (helpers.autodiff's ** takes a number as its exponent, so it has only the first of these.)


@functools.cache
def _power_cases() -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]:
    rng = np.random.default_rng(9092)
    return tuple(
        (rng.normal(size=shape), rng.uniform(0.3, 2.5, shape), rng.normal(0.0, 1.5, shape))
        for shape in [(3, 4), (6,), (2, 2, 3)]
    )


def _power(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a**b


def _judge_power(answer: Any) -> Verdict:
    for k, (g, a, b) in enumerate(_power_cases(), start=1):
        out = a**b
        grads = _gradients(
            call(answer, g, a, b, out, name="my_power_backward"), ("a", "b"), "my_power_backward"
        )
        expected = _finite_differences(_power, g, (a, b))
        where = f"case {k}: a and b of shape {a.shape}"
        if all(
            p.shape == e.shape and relative_error(p, e) < TOLERANCE
            for p, e in zip(grads, expected, strict=True)
        ):
            continue
        grad_a, grad_b = grads
        if (
            grad_a.shape == a.shape
            and grad_b.shape == b.shape
            and relative_error(grad_a, expected[1]) < TOLERANCE
            and relative_error(grad_b, expected[0]) < TOLERANCE
        ):
            return not_yet(
                f"the two gradients are in the wrong order ({where}): return the "
                "gradient for a first, then the one for b."
            )
        slips = {
            "a": [
                (
                    b * a ** (b - 1),
                    "the local derivative is right, but the rule must multiply it by the "
                    "upstream gradient g",
                ),
                (g * b * out, "differentiating a^b with respect to a lowers the power by one"),
                (g * out * np.log(a), "that is the derivative with respect to the exponent b"),
            ],
            "b": [
                (
                    out * np.log(a),
                    "the local derivative is right, but the rule must multiply it by the "
                    "upstream gradient g",
                ),
                (
                    g * b * a ** (b - 1),
                    "the power rule holds for a fixed exponent; here b varies: write a^b as "
                    "e^(b log a) and use the chain rule",
                ),
                (
                    g * out,
                    "write a^b as e^(b log a): the chain rule brings a factor from the "
                    "derivative of b log a with respect to b",
                ),
                (g * out / a, "write a^b as e^(b log a) and differentiate with respect to b"),
            ],
        }
        for name, grad, right, x in zip(("a", "b"), grads, expected, (a, b), strict=True):
            if grad.shape != x.shape:
                return not_yet(
                    f"the gradient for {name} {diagnose_array(grad, right)} "
                    f"({where}); a gradient has the shape of its input."
                )
            if relative_error(grad, right) < TOLERANCE:
                continue
            for slip, message in slips[name]:
                if relative_error(grad, slip) < TOLERANCE:
                    return not_yet(f"the gradient for {name}: {message} ({where}).")
            problem = diagnose_array(grad, right, rtol=1e-5, atol=1e-8)
            return not_yet(
                f"the gradient for {name} {problem} ({where}); multiply the upstream "
                f"gradient by the partial derivative of a^b with respect to {name}."
            )
    return correct("my_power_backward agrees with finite differences for every shape.")


register(
    Exercise(
        id="09.2-power-backward",
        notebook="09",
        lecture=(8, 11),
        difficulty=2,
        title="the backward rule of a power with a tensor exponent",
        judge=_judge_power,
        right=(
            lambda: lambda g, a, b, out: (g * b * a ** (b - 1), g * out * np.log(a)),
            lambda: lambda g, a, b, out: (g * b * out / a, g * np.log(a) * out),
            lambda: (
                lambda g, a, b, out: [
                    (g * b * out / a).tolist(),
                    (g * np.exp(b * np.log(a)) * np.log(a)).tolist(),
                ]
            ),
        ),
        wrong=(
            (
                lambda: lambda g, a, b, out: (g * b * a ** (b - 1), g * b * a ** (b - 1)),
                "power rule",
            ),
            (lambda: lambda g, a, b, out: (g * b * a ** (b - 1), g * out), "e^(b log a)"),
            (lambda: lambda g, a, b, out: (b * a ** (b - 1), out * np.log(a)), "upstream gradient"),
            (lambda: lambda g, a, b, out: (g * b * out, g * out * np.log(a)), "lowers the power"),
            (
                lambda: lambda g, a, b, out: (g * out * np.log(a), g * b * a ** (b - 1)),
                "wrong order",
            ),
            (lambda: lambda g, a, b, out: g * b * a ** (b - 1), "one gradient per input"),
        ),
    )
)


# --- 09.3: repair the backward rule of a linear layer --------------------------------------------
# out = X @ W + b with b of shape (h,), broadcast over the n rows:
# dL/dX = g W^T, dL/dW = X^T g, dL/db = the sum of g over the rows.


def _buggy_linear_backward(g, X, W, b, out):
    """Return the notebook's buggy gradients: a transpose missing, b's broadcast not undone."""
    return g @ W, X.T @ g, g


@functools.cache
def _linear_cases() -> tuple[tuple[np.ndarray, ...], ...]:
    rng = np.random.default_rng(9093)
    cases = []
    for n, m, h in [(5, 3, 3), (4, 2, 6), (6, 5, 2)]:  # the first W is square: bugs run silently
        cases.append(
            (
                rng.normal(size=(n, h)),
                rng.normal(size=(n, m)),
                rng.normal(size=(m, h)),
                rng.normal(size=h),
            )
        )
    return tuple(cases)


def _linear(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return X @ W + b


def _judge_linear(answer: Any) -> Verdict:
    for k, (g, X, W, b) in enumerate(_linear_cases(), start=1):
        out = X @ W + b
        grads = _gradients(
            call(answer, g, X, W, b, out, name="my_linear_backward"),
            ("X", "W", "b"),
            "my_linear_backward",
        )
        expected = _finite_differences(_linear, g, (X, W, b))
        n, m = X.shape
        h = W.shape[1]
        where = f"case {k}: X {n}x{m}, W {m}x{h}, b of shape ({h},)"
        for name, grad, right in zip(("X", "W", "b"), grads, expected, strict=True):
            if grad.shape == right.shape and relative_error(grad, right) < TOLERANCE:
                continue
            if name == "b" and grad.shape == (n, h):
                return not_yet(
                    f"the gradient for b has shape {(n, h)}, the shape of the output, but b has "
                    f"shape ({h},) ({where}): b was broadcast, copied to each of the {n} rows, "
                    "and the gradient of a copied entry adds up the gradients of all its copies."
                )
            if name == "b" and grad.shape == right.shape:
                if relative_error(grad, g.mean(axis=0)) < TOLERANCE:
                    return not_yet(
                        f"the gradient for b is the mean of g over the rows ({where}); each copy "
                        "of b contributes its full gradient, so they add up."
                    )
            if name == "X" and grad.shape == right.shape and m == h:
                if relative_error(grad, g @ W) < TOLERANCE:
                    return not_yet(
                        f"the gradient for X is g @ W ({where}), which only runs because W "
                        "is square here, and a transpose is missing: write dL/dX_uv as a sum "
                        "over the entries of D it appears in, as notebook 05 does for W, and "
                        "read off the product."
                    )
            if grad.shape != right.shape:
                return not_yet(
                    f"the gradient for {name} {diagnose_array(grad, right)} ({where}); "
                    "a gradient has the shape of its input."
                )
            problem = diagnose_array(grad, right, rtol=1e-5, atol=1e-8)
            return not_yet(f"the gradient for {name} {problem} ({where}).")
    return correct(
        "my_linear_backward agrees with finite differences for every shape, b's gradient summed "
        "over its copies."
    )


register(
    Exercise(
        id="09.3-fix-linear-backward",
        notebook="09",
        lecture=(13, 14, 15),
        difficulty=3,
        title="find the bugs in a linear layer's backward rule",
        judge=_judge_linear,
        right=(
            lambda: lambda g, X, W, b, out: (g @ W.T, X.T @ g, g.sum(axis=0)),
            lambda: (
                lambda g, X, W, b, out: (
                    np.einsum("ij,kj->ik", g, W),
                    np.einsum("iu,iv->uv", X, g),
                    np.ones(g.shape[0]) @ g,
                )
            ),
            lambda: (
                lambda g, X, W, b, out: [
                    (W @ g.T).T.tolist(),
                    (g.T @ X).T.tolist(),
                    g.sum(axis=0).tolist(),
                ]
            ),
        ),
        wrong=(
            (lambda: _buggy_linear_backward, "a transpose is missing"),
            (lambda: lambda g, X, W, b, out: (g @ W.T, X.T @ g, g), "broadcast"),
            (lambda: lambda g, X, W, b, out: (g @ W.T, X.T @ g, g.mean(axis=0)), "mean"),
            (lambda: lambda g, X, W, b, out: (g @ W.T, g.T @ X, g.sum(axis=0)), "transposed"),
            (lambda: lambda g, X, W, b, out: (g @ W.T, X.T @ g, g.sum(axis=1)), "shape"),
        ),
    )
)
