"""Exercises of notebook 02, "The derivative from first principles" (lecture items 5-7)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from helpers.checks import Verdict
from helpers.exercises import Exercise, register
from helpers.exercises._diagnose import (
    AnswerError,
    as_number,
    call,
    correct,
    diagnose_number,
    not_yet,
)

__all__: list[str] = []

# --- 02.1: the slope of a line ------------------------------------------------------------------

#: Two points on the line of the exercise, (x1, y1) and (x2, y2).
LINE_POINTS = ((-1.0, 7.0), (3.0, -5.0))


def _slope() -> float:
    (x1, y1), (x2, y2) = LINE_POINTS
    return (y2 - y1) / (x2 - x1)


def _judge_slope(answer: Any) -> Verdict:
    value = as_number(answer, name="my_slope")
    (x1, y1), (x2, y2) = LINE_POINTS
    expected = _slope()
    if diagnose_number(value, expected, rtol=1e-9) is None:
        return correct("my_slope is Δy / Δx, and it is negative: the line goes down.")
    if diagnose_number(value, (x2 - x1) / (y2 - y1), rtol=1e-9) is None:
        return not_yet("my_slope is Δx / Δy, the reciprocal (the slide text's slip, erratum E1).")
    if diagnose_number(value, -expected, rtol=1e-9) is None:
        return not_yet(
            "my_slope has the wrong sign: subtract in the same order on top and below "
            "(second point minus first point, for both y and x)."
        )
    if diagnose_number(value, -1 / expected, rtol=1e-9) is None:
        return not_yet("my_slope is upside down (Δx / Δy) and has the wrong sign.")
    problem = diagnose_number(value, expected, rtol=1e-9)
    return not_yet(f"my_slope {problem}; the slope is the rise Δy over the run Δx.")


register(
    Exercise(
        id="02.1-slope",
        notebook="02",
        lecture=(5,),
        difficulty=1,
        title="the slope of a line",
        judge=_judge_slope,
        right=(_slope, lambda: int(_slope()), lambda: np.float32(_slope())),
        wrong=(
            (lambda: 1 / _slope(), "erratum E1"),
            (lambda: -_slope(), "sign"),
            (lambda: -1 / _slope(), "upside down"),
            (lambda: 2 * _slope(), "factor 2"),
        ),
    )
)

# --- 02.2: the quotient of x^3, expanded ----------------------------------------------------------

#: (x, h) pairs: h = 0 (only the expanded quotient has a value there), ordinary steps, and tiny
#: steps where an unexpanded quotient loses digits
QUOTIENT_POINTS = (
    (1.3, 0.0),
    (-0.4, 0.0),
    (2.0, 0.5),
    (-1.5, 0.25),
    (0.7, -0.3),
    (3.0, 1e-7),
    (-2.0, 1e-9),
)


def _cube_quotient(x, h):
    return 3 * x**2 + 3 * x * h + h**2


def _cube_quotient_factored(x, h):
    return 3 * x * (x + h) + h * h


def _cube_unexpanded(x, h):
    return ((x + h) ** 3 - x**3) / h


def _cube_unexpanded_numpy(x, h):
    return (np.float64(x + h) ** 3 - np.float64(x) ** 3) / np.float64(h)


def _judge_cube_quotient(answer: Any) -> Verdict:
    for x, h in QUOTIENT_POINTS:
        try:
            got = call(answer, x, h, name="my_quotient")
        except AnswerError as exc:
            if h == 0:
                return not_yet(
                    f"{exc} At h = 0 the quotient must still have a value: expand (x + h)^3, "
                    "cancel and divide by h on paper, so that no division by h is left."
                )
            raise
        value = as_number(got, name=f"my_quotient({x}, {h})") if h else None
        if h == 0:
            try:
                value = as_number(got, name="my_quotient at h = 0")
            except AnswerError:
                return not_yet(
                    f"my_quotient({x}, 0) is {got}, not a number: it still divides by h; expand, "
                    "cancel and divide by h on paper, so that h = 0 gives the limit."
                )
        expected = _cube_quotient(x, h)
        if diagnose_number(value, expected, rtol=1e-12, atol=1e-12) is None:
            continue
        if h and abs(h) < 1e-6 and diagnose_number(value, expected, rtol=1e-3) is None:
            return not_yet(
                f"at x = {x}, h = {h:g} my_quotient is only approximately right: the subtraction "
                "(x + h)^3 - x^3 loses digits for tiny h. Cancel the x^3 on paper first."
            )
        if h and diagnose_number(value, 3 * x**2, rtol=1e-12) is None:
            return not_yet(
                f"at x = {x}, h = {h} my_quotient gives the limit 3x^2; the task asks for the "
                "quotient itself, a polynomial in x and h, before h goes to 0."
            )
        if h and diagnose_number(value, 3 * x**2 + 3 * x * h, rtol=1e-12) is None:
            return not_yet(
                f"at x = {x}, h = {h} my_quotient misses a term: (x + h)^3 has four terms "
                "(coefficients 1, 3, 3, 1), and only one of them cancels."
            )
        return not_yet(
            f"at x = {x}, h = {h} my_quotient does not give the quotient; check the "
            "coefficients of the expansion of (x + h)^3 and the division by h."
        )
    return correct("my_quotient is the expanded quotient; at h = 0 it gives the derivative of x^3.")


register(
    Exercise(
        id="02.2-cube-quotient",
        notebook="02",
        lecture=(6,),
        difficulty=2,
        title="the quotient of x^3, expanded",
        judge=_judge_cube_quotient,
        right=(
            lambda: _cube_quotient,
            lambda: _cube_quotient_factored,
            lambda: lambda x, h: np.polyval([1.0, 3 * x, 3 * x**2], h),
            lambda: lambda x, h: np.float64(3) * x * x + 3 * x * h + h * h,
        ),
        wrong=(
            (lambda: _cube_unexpanded, "h = 0"),
            (lambda: _cube_unexpanded_numpy, "h = 0"),
            (lambda: lambda x, h: 3 * x**2, "the limit"),
            (lambda: lambda x, h: 3 * x**2 + 3 * x * h, "misses a term"),
            (lambda: lambda x, h: 3 * x**2 + 3 * x * h + h**3, "coefficients"),
            (lambda: lambda x, h: _cube_unexpanded(x, h) if h else 3 * x**2, "loses digits"),
        ),
    )
)

# --- 02.3: the best step, derived -----------------------------------------------------------------

EPS32 = float(np.finfo(np.float32).eps)


def _best_step() -> tuple[float, float]:
    h = (3 * EPS32) ** (1 / 3)
    return h, math.e * h**2 / 2


def _model_error(h: float, eps: float = EPS32) -> float:
    return h**2 / 6 * math.e + eps * math.e / h


def _judge_best_step(answer: Any) -> Verdict:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return not_yet(
            "pass the two answers together, as the cell does: (my_best_h, my_best_error)."
        )
    h = as_number(answer[0], name="my_best_h")
    error = as_number(answer[1], name="my_best_error")
    best_h = _best_step()[0]
    rtol = 1e-6
    if diagnose_number(h, best_h, rtol=rtol) is not None:
        eps64 = float(np.finfo(np.float64).eps)
        slips = [
            (
                EPS32 ** (1 / 3),
                "that is the rule of thumb eps^(1/3), which drops the constants; minimise the "
                "model E(h) exactly: set dE/dh = 0 and solve for h",
            ),
            ((3 * eps64) ** (1 / 3), "that uses float64's epsilon; the task is about float32"),
            (eps64 ** (1 / 3), "that is the float64 rule of thumb; the task is float32 and exact"),
            (
                math.sqrt(2 * EPS32),
                "that balances the forward quotient's error; the model here is the central one",
            ),
            (
                (EPS32 / 3) ** (1 / 3),
                "check the derivative of the truncation term: d/dh (h^2 / 6) = h / 3",
            ),
            (
                (6 * EPS32) ** (1 / 3),
                "check the derivative of the truncation term: d/dh (h^2 / 6) = h / 3",
            ),
        ]
        for slip, message in slips:
            if diagnose_number(h, slip, rtol=1e-3) is None:
                return not_yet(f"my_best_h: {message}.")
        problem = diagnose_number(h, best_h, rtol=rtol)
        return not_yet(
            f"my_best_h {problem}; differentiate E(h) with respect to h, set it to zero, and "
            "solve for h."
        )
    if diagnose_number(error, _model_error(h), rtol=rtol) is None:
        return correct(
            "my_best_h minimises the error model exactly, and my_best_error is the model's error "
            "there (compare with the measured V in section 5)."
        )
    if diagnose_number(error, h**2 / 6 * math.e, rtol=1e-4) is None:
        return not_yet("my_best_h is right; my_best_error keeps only the truncation term of E(h).")
    if diagnose_number(error, EPS32 * math.e / h, rtol=1e-4) is None:
        return not_yet("my_best_h is right; my_best_error keeps only the rounding term of E(h).")
    if diagnose_number(error, _model_error(h) / math.e, rtol=1e-4) is None:
        return not_yet("my_best_h is right; my_best_error leaves out |f| = |f'''| = e at x = 1.")
    problem = diagnose_number(error, _model_error(h), rtol=rtol)
    return not_yet(f"my_best_h is right; my_best_error {problem}: evaluate E at my_best_h.")


register(
    Exercise(
        id="02.3-best-step",
        notebook="02",
        lecture=(7,),
        difficulty=3,
        title="the best step, derived",
        judge=_judge_best_step,
        right=(
            _best_step,
            lambda: [_best_step()[0], _model_error(_best_step()[0])],
            lambda: tuple(np.float32(v) for v in _best_step()),
        ),
        wrong=(
            (lambda: (EPS32 ** (1 / 3), _model_error(EPS32 ** (1 / 3))), "rule of thumb"),
            (
                lambda: ((3 * 2.0**-52) ** (1 / 3), _model_error((3 * 2.0**-52) ** (1 / 3))),
                "float32",
            ),
            (lambda: (math.sqrt(2 * EPS32), 1e-3), "forward"),
            (lambda: (_best_step()[0], _best_step()[0] ** 2 / 6 * math.e), "truncation term"),
            (lambda: (_best_step()[0], _best_step()[1] / math.e), "e at x = 1"),
            (lambda: (_best_step()[0], 10 * _best_step()[1]), "order of magnitude"),
        ),
    )
)
