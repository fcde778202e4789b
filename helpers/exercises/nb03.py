"""Exercises of notebook 03, "The chain rule" (lecture items 8-9)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from helpers.checks import Verdict
from helpers.exercises import Exercise, register
from helpers.exercises._diagnose import (
    AnswerError,
    as_array,
    as_number,
    call,
    correct,
    diagnose_array,
    diagnose_number,
    inexact,
    not_yet,
)

__all__: list[str] = []


def _numerical(function, x, h=1e-6):
    """Return a central difference: the shortcut the chain-rule exercises must not accept."""
    return (function(x + h) - function(x - h)) / (2 * h)


def _library_derivative(function, x):
    """Return ``helpers.calculus.derivative``: the other shortcut a reader might take."""
    from helpers.calculus import derivative

    return derivative(function, x)


# --- 03.1: one application of the chain rule ----------------------------------------------------


def _outer_power() -> float:
    y = 3 * 0.5 + 1
    return 5 * y**4 * 3


def _judge_outer_power(answer: Any) -> Verdict:
    value = as_number(answer, name="my_dz_dx")
    expected = _outer_power()
    if diagnose_number(value, expected, rtol=1e-12) is None:
        return correct("dz/dx = dz/dy * dy/dx, with dz/dy evaluated at y = 3x + 1.")
    approximate = inexact(value, expected)
    if approximate:
        return not_yet(f"my_dz_dx {approximate}.")
    y = 3 * 0.5 + 1
    slips = [
        (5 * y**4, "the inner derivative dy/dx is missing: multiply by it"),
        (5 * 0.5**4 * 3, "dz/dy = 5 y^4 must be evaluated at y = 3x + 1, not at x"),
        (5 * 0.5**4, "dz/dy is evaluated at x instead of y, and dy/dx is missing"),
        (y**5, "that is z itself, not its derivative"),
        (4 * y**3 * 3, "the power rule: the derivative of y^5 is 5 y^4"),
    ]
    for slip, message in slips:
        if diagnose_number(value, slip, rtol=1e-9) is None:
            return not_yet(f"my_dz_dx: {message}.")
    problem = diagnose_number(value, expected, rtol=1e-12)
    return not_yet(
        f"my_dz_dx {problem}; find dz/dy and dy/dx separately, evaluate each where its function "
        "is evaluated, then multiply."
    )


register(
    Exercise(
        id="03.1-outer-power",
        notebook="03",
        lecture=(8,),
        difficulty=1,
        title="one application of the chain rule",
        judge=_judge_outer_power,
        right=(_outer_power, lambda: np.float64(_outer_power()), lambda: [_outer_power()]),
        wrong=(
            (lambda: 5 * 2.5**4, "inner derivative"),
            (lambda: 5 * 0.5**4 * 3, "at y = 3x + 1"),
            (lambda: _numerical(lambda x: (3 * x + 1) ** 5, 0.5), "finite-difference"),
            (lambda: _library_derivative(lambda x: (3 * x + 1) ** 5, 0.5), "finite-difference"),
            (lambda: 2.5**5, "z itself"),
            (lambda: 2 * _outer_power(), "factor 2"),
        ),
    )
)

# --- 03.2: a chain of three functions -----------------------------------------------------------

#: where my_derivative is compared: a grid, and points where the derivative is exactly 0 or tiny
CHAIN3_POINTS = np.concatenate([np.linspace(-3.0, 3.0, 25), [0.0, math.pi / 2, 1e-3, 10.0]])


def _chain3(x):
    u = np.sin(x)
    v = 1 + u**2
    return (1 / (2 * np.sqrt(v))) * (2 * u) * np.cos(x)


def _chain3_value(x):
    return np.sqrt(1 + np.sin(x) ** 2)


def _judge_chain3(answer: Any) -> Verdict:
    xs = CHAIN3_POINTS.copy()
    try:
        result = call(answer, xs, name="my_derivative")
    except AnswerError:
        # it may work one number at a time (math.sin instead of np.sin): judge it that way
        result = [
            as_number(call(answer, float(x), name="my_derivative"), name="my_derivative(x)")
            for x in xs
        ]
    got = as_array(result, name="my_derivative(x)")
    expected = _chain3(xs)
    if got.shape != expected.shape:
        return not_yet(
            f"my_derivative on an array of {xs.size} points returns shape {got.shape}; it should "
            "return one derivative per point (use np.sin, np.cos, np.sqrt)."
        )
    if diagnose_array(got, expected, rtol=1e-12, atol=1e-14) is None:
        return correct(
            f"my_derivative is the product of the three local derivatives (checked at {xs.size} "
            "points to 12 digits)."
        )
    approximate = inexact(got, expected)
    if approximate:
        return not_yet(f"my_derivative {approximate}: multiply the three local derivatives.")
    u = np.sin(xs)
    v = 1 + u**2
    slips = [
        (expected / np.where(np.cos(xs) == 0, np.nan, np.cos(xs)), "du/dx = cos x is missing"),
        (1 / (2 * np.sqrt(v)) * np.cos(xs), "dv/du = 2u is missing"),
        (2 * expected, "dz/dv is 1 / (2 sqrt(v)): the factor 1/2 is missing (off by a factor 2)"),
        (expected / 2, "off by a factor 2: check dv/du = 2u and dz/dv = 1 / (2 sqrt(v))"),
        (-expected, "the sign is flipped: check the derivative of sin"),
        (1 / (2 * np.sqrt(xs.astype(complex))).real * 2 * u * np.cos(xs), "evaluate dz/dv at v"),
        (_chain3_value(xs), "that is z itself, not its derivative"),
    ]
    for slip, message in slips:
        if np.allclose(got, slip, rtol=1e-9, atol=1e-12, equal_nan=False):
            return not_yet(f"my_derivative: {message}.")
    wrong = int(np.argmax(~np.isclose(got, expected, rtol=1e-12, atol=1e-14)))
    return not_yet(
        f"my_derivative is wrong at x = {xs[wrong]:.4g} (and maybe elsewhere); write each local "
        "derivative at the value its layer receives (u at x, v at u, z at v) and multiply."
    )


register(
    Exercise(
        id="03.2-chain3",
        notebook="03",
        lecture=(8,),
        difficulty=2,
        title="a chain of three functions",
        judge=_judge_chain3,
        right=(
            lambda: _chain3,
            lambda: lambda x: np.sin(x) * np.cos(x) / np.sqrt(1 + np.sin(x) ** 2),
            lambda: lambda x: np.sin(2 * x) / (2 * np.sqrt(1 + np.sin(x) ** 2)),
            lambda: lambda x: math.sin(x) * math.cos(x) / math.sqrt(1 + math.sin(x) ** 2),
        ),
        wrong=(
            (lambda: lambda x: _chain3(x) / np.cos(x), "du/dx"),
            (lambda: lambda x: np.cos(x) / (2 * np.sqrt(1 + np.sin(x) ** 2)), "dv/du"),
            (lambda: lambda x: 2 * _chain3(x), "factor 2"),
            (lambda: lambda x: _numerical(_chain3_value, x), "finite-difference"),
            (lambda: lambda x: _library_derivative(_chain3_value, x), "finite-difference"),
            (lambda: lambda x: -_chain3(x), "sign"),
            (lambda: lambda x: np.sin(x) * np.cos(x), "local derivative"),
            (lambda: lambda x: float(np.sum(_chain3(x))), "one derivative per point"),
        ),
    )
)

# --- 03.3: how deep before the gradient disappears? ---------------------------------------------

LOCAL_FACTOR = 0.8


def _depth() -> int:
    eps = float(np.finfo(np.float64).eps)
    n, product = 0, 1.0
    while product >= eps:
        product *= LOCAL_FACTOR
        n += 1
    return n


def _judge_depth(answer: Any) -> Verdict:
    value = as_number(answer, name="my_layers")
    expected = _depth()
    if not float(value).is_integer():
        return not_yet(
            f"my_layers is {value:.4g}; a number of layers is a whole number: the first whole n "
            "for which the product is below epsilon."
        )
    if value == expected:
        return correct(
            "my_layers is the first depth at which the product of the local derivatives drops "
            "below epsilon."
        )
    if value == expected - 1:
        return not_yet(
            "my_layers is one too few: at that depth the product is still just above epsilon."
        )
    if value == expected + 1:
        return not_yet(
            "my_layers is one too many: the product already drops below epsilon earlier."
        )
    if value == 53:
        return not_yet("my_layers would be right for local derivatives of 0.5; here they are 0.8.")
    if value == 52:
        return not_yet(
            "epsilon is 2^-52, but the local derivatives are 0.8 here, not 0.5: solve 0.8^n < eps."
        )
    problem = diagnose_number(value, expected)
    return not_yet(
        f"my_layers {problem}; take logarithms of 0.8^n < eps, or multiply 0.8 in a loop and count."
    )


register(
    Exercise(
        id="03.3-vanishing-depth",
        notebook="03",
        lecture=(8,),
        difficulty=2,
        title="how deep before the gradient disappears?",
        judge=_judge_depth,
        right=(_depth, lambda: float(_depth()), lambda: np.int64(_depth())),
        wrong=(
            (lambda: _depth() - 1, "one too few"),
            (lambda: _depth() + 1, "one too many"),
            (lambda: 53, "0.5"),
            (lambda: 52 * math.log(2) / math.log(1 / LOCAL_FACTOR), "whole number"),
            (lambda: 10 * _depth(), "order of magnitude"),
        ),
    )
)

# --- 03.4: backpropagation through a chain ------------------------------------------------------


def _chain_derivative(layers, x):
    values = [x]
    for _, function, _ in layers:
        values.append(function(values[-1]))
    product = 1.0
    for (_, _, local_derivative), value in zip(
        reversed(layers), reversed(values[:-1]), strict=True
    ):
        product = product * local_derivative(value)
    return product


def _chain_derivative_forward(layers, x):
    value, running = x, 1.0
    for _, function, local_derivative in layers:
        running = running * local_derivative(value)
        value = function(value)
    return running


def _chain_at_x(layers, x):
    running = 1.0
    for _, _, local_derivative in layers:
        running = running * local_derivative(x)
    return running


def _chain_at_output(layers, x):
    value, running = x, 1.0
    for _, function, local_derivative in layers:
        value = function(value)
        running = running * local_derivative(value)
    return running


def _chain_sum(layers, x):
    value, total = x, 0.0
    for _, function, local_derivative in layers:
        total = total + local_derivative(value)
        value = function(value)
    return total


def _chain_value(layers, x):
    for _, function, _ in layers:
        x = function(x)
    return x


def _chain_numerical(layers, x):
    return _numerical(lambda t: _chain_value(layers, t), x)


def _chain_first_only(layers, x):
    return layers[0][2](x)


def _test_chains():
    """Chains (name, function, local derivative) in the notebook's format, each with its xs."""
    notebook_chain = [
        ("y1 = x^2", lambda v: v**2, lambda v: 2 * v),
        ("y2 = sin(y1)", np.sin, np.cos),
        ("y3 = exp(y2)", np.exp, np.exp),
        ("z = log(1 + y3)", np.log1p, lambda v: 1 / (1 + v)),
    ]
    mixed = [
        ("cube", lambda v: v**3, lambda v: 3 * v**2),
        ("tanh", np.tanh, lambda v: 1 / np.cosh(v) ** 2),
        ("scale", lambda v: 3 * v - 1, lambda v: 3 + 0 * v),
        ("square", lambda v: v**2, lambda v: 2 * v),
    ]
    single = [("sin", np.sin, np.cos)]
    deep = [
        (
            f"layer {k}",
            lambda v: 0.9 * (v + 0.1 * np.tanh(v)),
            lambda v: 0.9 * (1 + 0.1 / np.cosh(v) ** 2),
        )
        for k in range(30)
    ]
    return [
        (notebook_chain, np.array([-1.7, -0.6, 0.1, 0.8, 1.9])),
        (mixed, np.array([-1.1, -0.3, 0.2, 0.9])),
        (single, np.array([0.0, 1.0, 2.5])),
        (deep, np.array([-2.0, 0.5, 3.0])),
    ]


_CHAIN_SLIPS = (
    (
        _chain_at_x,
        "every local derivative is evaluated at x; each must be evaluated at the input "
        "of its own layer (the value stored in the forward pass)",
    ),
    (
        _chain_at_output,
        "each local derivative is evaluated at its layer's output; evaluate it at "
        "the layer's input",
    ),
    (_chain_sum, "the local derivatives are added; the chain rule multiplies them"),
    (_chain_value, "that is the value of the chain, not its derivative"),
    (_chain_first_only, "only the first layer's local derivative is used; multiply all of them"),
)


def _chain_results(answer: Any, layers: list, xs: np.ndarray) -> np.ndarray:
    """Call the answer on an array of points, or one point at a time if arrays make it raise."""
    try:
        result = call(answer, layers, xs.copy(), name="my_chain_derivative")
    except AnswerError:
        # it may work one number at a time (math.sin instead of np.sin): judge it that way
        result = [call(answer, layers, float(x), name="my_chain_derivative") for x in xs]
        return np.array([as_number(r, name="my_chain_derivative(layers, x)") for r in result])
    return as_array(result, name="my_chain_derivative(layers, x)")


def _describe(number: int, layers: list) -> str:
    names = ", ".join(name for name, _, _ in layers[:4])
    more = ", ..." if len(layers) > 4 else ""
    return f"on test chain {number} ({len(layers)} layers: {names}{more})"


def _judge_chain_derivative(answer: Any) -> Verdict:
    for number, (layers, xs) in enumerate(_test_chains(), start=1):
        got = _chain_results(answer, layers, xs)
        expected = _chain_derivative(layers, xs)
        if got.shape != expected.shape:
            return not_yet(
                f"on an array of {xs.size} points my_chain_derivative returns shape {got.shape}; "
                "return one derivative per point (the layers work elementwise)."
            )
        if diagnose_array(got, expected, rtol=1e-12, atol=1e-300) is None:
            continue
        where = _describe(number, layers)
        approximate = inexact(got, expected, atol=1e-300)
        if approximate:
            return not_yet(f"{where}, the result {approximate}: multiply the local derivatives.")
        for slip, message in _CHAIN_SLIPS:
            if np.allclose(got, slip(layers, xs), rtol=1e-9, atol=1e-300):
                return not_yet(f"{where}: {message}.")
        return not_yet(
            f"{where}, the result {diagnose_array(got, expected, rtol=1e-12, atol=1e-300)}; do a "
            "forward pass that stores each layer's input, then multiply the local derivatives, "
            "each at its layer's input."
        )
    return correct(
        "my_chain_derivative multiplies the local derivatives, each at its layer's input, on "
        "four different chains (up to 30 layers): that is backpropagation for a chain."
    )


register(
    Exercise(
        id="03.4-chain-derivative",
        notebook="03",
        lecture=(8, 9),
        difficulty=3,
        title="the derivative of any chain",
        judge=_judge_chain_derivative,
        right=(
            lambda: _chain_derivative,
            lambda: _chain_derivative_forward,
            lambda: lambda layers, x: float(_chain_derivative_forward(layers, float(x))),
        ),
        wrong=(
            (lambda: _chain_at_x, "at x"),
            (lambda: _chain_at_output, "layer's input"),
            (lambda: _chain_sum, "multiplies"),
            (lambda: _chain_numerical, "finite-difference"),
            (
                lambda: lambda layers, x: _library_derivative(lambda t: _chain_value(layers, t), x),
                "finite-difference",
            ),
            (lambda: _chain_value, "value of the chain"),
            (lambda: _chain_first_only, "first layer"),
        ),
    )
)
