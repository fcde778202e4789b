"""Exercises of notebook 01, "Follow the gradient" (lecture items 1-4)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from helpers.checks import Verdict
from helpers.exercises import Exercise, register
from helpers.exercises._diagnose import (
    as_array,
    as_number,
    call,
    correct,
    diagnose_array,
    diagnose_number,
    not_yet,
)

__all__: list[str] = []

# --- 01.1: the Hessian of a real network --------------------------------------------------------

RESNET_PARAMETERS = 25.6e6


def _hessian_terabytes() -> float:
    return RESNET_PARAMETERS**2 * 4 / 1e12


def _judge_hessian_terabytes(answer: Any) -> Verdict:
    value = as_number(answer, name="my_terabytes")
    expected = _hessian_terabytes()
    if diagnose_number(value, expected, rtol=1e-3) is None:
        return correct("that is the full Hessian in float32, in terabytes.")
    p = RESNET_PARAMETERS
    slips = [
        (
            p * 4 / 1e12,
            "that is the size of the gradient (one number per parameter); "
            "the Hessian has one number per pair of parameters.",
        ),
        (p**2 / 1e12, "that counts numbers, not bytes: each float32 number takes 4 bytes."),
        (
            p * (p + 1) / 2 * 4 / 1e12,
            "that is only the distinct entries (half, by symmetry); "
            "the task asks for the full Hessian.",
        ),
        (p**2 * 8 / 1e12, "that is float64 (8 bytes per number); the task says float32."),
        (p**2 * 4 / 2**40, "that is in tebibytes (2^40 bytes); here 1 TB = 10^12 bytes."),
        (p**2 * 4, "that is in bytes; convert to terabytes (1 TB = 10^12 bytes)."),
    ]
    for slip, message in slips:
        if diagnose_number(value, slip, rtol=1e-3) is None:
            return not_yet(message)
    problem = diagnose_number(value, expected, rtol=1e-3)
    return not_yet(
        f"my_terabytes {problem}; count the entries of a p x p matrix, then multiply by the "
        "bytes per number."
    )


register(
    Exercise(
        id="01.1-hessian-size",
        notebook="01",
        lecture=(2,),
        difficulty=1,
        title="the Hessian of a real network",
        judge=_judge_hessian_terabytes,
        right=(
            _hessian_terabytes,
            lambda: round(_hessian_terabytes(), 1),
            lambda: int(_hessian_terabytes()),
        ),
        wrong=(
            (lambda: RESNET_PARAMETERS * 4 / 1e12, "gradient"),
            (lambda: RESNET_PARAMETERS**2 / 1e12, "4 bytes"),
            (lambda: RESNET_PARAMETERS**2 * 2 / 1e12, "symmetry"),
            (lambda: RESNET_PARAMETERS**2 * 4 / 2**40, "tebibytes"),
            (lambda: RESNET_PARAMETERS**2 * 4 / 1e9, "order of magnitude"),
        ),
    )
)

# --- 01.2: gradient descent, step by step -------------------------------------------------------


def _descent(grad, a0, alpha, steps):
    a = a0
    for _ in range(steps):
        a = a - alpha * grad(a)
    return a


def _descent_erratum(grad, a0, alpha, steps):
    a = a0
    for _ in range(steps):
        a = a0 - alpha * grad(a)
    return a


def _descent_uphill(grad, a0, alpha, steps):
    a = a0
    for _ in range(steps):
        a = a + alpha * grad(a)
    return a


def _descent_no_alpha(grad, a0, alpha, steps):
    a = a0
    for _ in range(steps):
        a = a - grad(a)
    return a


def _descent_one_more(grad, a0, alpha, steps):
    return _descent(grad, a0, alpha, steps + 1)


def _descent_path(grad, a0, alpha, steps):
    path = [a0]
    for _ in range(steps):
        path.append(path[-1] - alpha * grad(path[-1]))
    return np.array(path)


def _descent_in_place(grad, a0, alpha, steps):
    a = np.array(a0, dtype=float)
    for _ in range(steps):
        a -= alpha * grad(a)
    return a


def parabola_grad(x):
    return 2 * x


def bowl_grad(p):
    return np.array([1.0, 10.0]) * p


def surface_grad(p):
    x, y = p[..., 0], p[..., 1]
    return np.stack([4 * x * (x**2 - 1), 4 * y * (y**2 - 1) + 0.4], axis=-1)


#: (grad, a0, alpha, steps): a number, an elongated bowl, a non-convex surface, one step
_DESCENT_CASES = (
    (parabola_grad, 3.0, 0.25, 7),
    (bowl_grad, np.array([-1.8, 0.9]), 0.18, 12),
    (surface_grad, np.array([0.3, 1.8]), 0.05, 25),
    (surface_grad, np.array([-0.2, -0.3]), 0.1, 1),
)

_DESCENT_SLIPS = (
    (_descent_uphill, "it walks uphill: the update subtracts alpha times the gradient"),
    (
        _descent_erratum,
        "it restarts from a_0 at every step (the slide's slip, erratum E2); each step must "
        "start from the current point a_n",
    ),
    (_descent_no_alpha, "the learning rate alpha is missing from the update"),
    (_descent_one_more, "it takes one step too many: the number of steps is `steps`"),
)


def _judge_descent(answer: Any) -> Verdict:
    for grad, a0, alpha, steps in _DESCENT_CASES:
        got = call(answer, grad, a0, alpha, steps, name="my_descent")
        expected = np.asarray(_descent(grad, a0, alpha, steps), dtype=float)
        got_array = as_array(got, name="what my_descent returns")
        if got_array.shape != expected.shape:
            if (
                got_array.shape[:1] in {(steps + 1,), (steps,)}
                and got_array.ndim == expected.ndim + 1
            ):
                return not_yet(
                    "my_descent returns the whole path; return only the final point a_steps."
                )
            problem = diagnose_array(got_array, expected)
            return not_yet(f"for a start of shape {np.shape(a0)}, the result {problem}.")
        if diagnose_array(got_array, expected, rtol=1e-10) is None:
            continue
        where = f"with a0 = {np.round(a0, 2).tolist()}, alpha = {alpha}, steps = {steps}"
        for slip, message in _DESCENT_SLIPS:
            slipped = np.asarray(slip(grad, a0, alpha, steps), dtype=float)
            if diagnose_array(got_array, slipped, rtol=1e-10) is None:
                return not_yet(f"{where}, {message}.")
        return not_yet(
            f"{where}, the final point {diagnose_array(got_array, expected, rtol=1e-10)}; "
            "write out the first two steps of a_{n+1} = a_n - alpha grad F(a_n) by hand and "
            "compare."
        )
    return correct(
        f"my_descent follows a_(n+1) = a_n - alpha grad F(a_n) on all {len(_DESCENT_CASES)} "
        "test problems (numbers and vectors)."
    )


def _descent_lists(grad, a0, alpha, steps):
    a = [float(v) for v in np.atleast_1d(a0)] if np.ndim(a0) else float(a0)
    for _ in range(steps):
        g = grad(np.asarray(a))
        a = (np.asarray(a) - alpha * g).tolist() if np.ndim(a0) else a - alpha * float(g)
    return a


register(
    Exercise(
        id="01.2-descent",
        notebook="01",
        lecture=(3,),
        difficulty=2,
        title="gradient descent, step by step",
        judge=_judge_descent,
        right=(lambda: _descent, lambda: _descent_in_place, lambda: _descent_lists),
        wrong=(
            (lambda: _descent_uphill, "uphill"),
            (lambda: _descent_erratum, "erratum"),
            (lambda: _descent_no_alpha, "learning rate"),
            (lambda: _descent_one_more, "one step too many"),
            (lambda: _descent_path, "whole path"),
        ),
    )
)

# --- 01.3: the stability limit of a tilted bowl -------------------------------------------------

#: The Hessian of the tilted bowl F(w) = w^T H w / 2 (its axes are not the coordinate axes).
TILTED_H = np.array([[7.0, 3.0], [3.0, 3.0]])


def _tilted_limit() -> tuple[float, np.ndarray]:
    values, vectors = np.linalg.eigh(TILTED_H)
    return 2 / values[-1], vectors[:, -1]


def _judge_tilted(answer: Any) -> Verdict:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return not_yet(
            "pass the two answers together, as the cell does: (my_alpha_max, my_direction)."
        )
    alpha = as_number(answer[0], name="my_alpha_max")
    direction = as_array(answer[1], name="my_direction")
    values, vectors = np.linalg.eigh(TILTED_H)
    alpha_max, steep = _tilted_limit()
    if diagnose_number(alpha, alpha_max, rtol=5e-3) is not None:
        slips = [
            (
                2 / TILTED_H.diagonal().max(),
                "2 / (the largest diagonal entry of H) is not the "
                "limit: the bowl is tilted, so its steepest curvature is not along an axis; "
                "look at the eigenvalues of H",
            ),
            (
                1 / values[-1],
                "1/L is where the path starts to overshoot, and overshooting paths can still "
                "converge; push alpha further and watch the runs",
            ),
            (
                2 / values[0],
                "that is the limit of the shallow direction; the steep one diverges first",
            ),
            (
                2 / values.sum(),
                "2 / (L_min + L_max) is the best learning rate of section 4b, "
                "not the largest stable one",
            ),
        ]
        for slip, message in slips:
            if diagnose_number(alpha, slip, rtol=5e-3) is None:
                return not_yet(f"my_alpha_max: {message}.")
        problem = diagnose_number(alpha, alpha_max, rtol=5e-3)
        return not_yet(
            f"my_alpha_max {problem}; run gradient descent just below and just above your "
            "value from a few starts, and relate the limit to the curvatures of the bowl."
        )
    if direction.shape != (2,):
        return not_yet(f"my_direction should be a 2-vector, got shape {direction.shape}.")
    norm = float(np.linalg.norm(direction))
    if norm == 0:
        return not_yet("my_direction is the zero vector; a direction needs a length.")
    cosine = abs(float(direction @ steep)) / norm
    if cosine > 0.999:
        return correct(
            "alpha_max = 2 / (largest eigenvalue of H), and the path runs away along that "
            "eigenvector, the steepest direction of the bowl."
        )
    if abs(float(direction @ vectors[:, 0])) / norm > 0.999:
        return not_yet(
            "my_alpha_max is right, but my_direction is the shallow direction; just above the "
            "limit the path runs away along the other one."
        )
    if np.count_nonzero(np.abs(direction) > 1e-9 * norm) == 1:
        return not_yet(
            "my_alpha_max is right, but my_direction is a coordinate axis; the tilted bowl's "
            "principal directions are not the axes. Run descent just above alpha_max and look "
            "at where the points go."
        )
    angle = math.degrees(math.acos(min(1.0, cosine)))
    return not_yet(
        f"my_alpha_max is right, but my_direction is {angle:.0f} degrees away from the "
        "direction in which the path runs away; run descent just above alpha_max for many "
        "steps and normalise the last point."
    )


register(
    Exercise(
        id="01.3-tilted-bowl",
        notebook="01",
        lecture=(4,),
        difficulty=3,
        title="the stability limit of a tilted bowl",
        judge=_judge_tilted,
        right=(
            lambda: _tilted_limit(),
            lambda: (round(_tilted_limit()[0], 3), (-3 * _tilted_limit()[1]).tolist()),
            lambda: (np.float32(_tilted_limit()[0] * 0.998), _tilted_limit()[1].astype(np.float32)),
            lambda: [_tilted_limit()[0] * 1.003, tuple(_tilted_limit()[1] * 7)],
        ),
        wrong=(
            (lambda: (2 / 7, _tilted_limit()[1]), "diagonal"),
            (lambda: (_tilted_limit()[0] / 2, _tilted_limit()[1]), "overshoot"),
            (lambda: (2 / np.linalg.eigvalsh(TILTED_H)[0], _tilted_limit()[1]), "shallow"),
            (lambda: (0.2, _tilted_limit()[1]), "best learning rate"),
            (lambda: (_tilted_limit()[0], np.linalg.eigh(TILTED_H)[1][:, 0]), "shallow direction"),
            (lambda: (_tilted_limit()[0], np.array([1.0, 0.0])), "axis"),
            (lambda: (_tilted_limit()[0], np.array([1.0, 1.0])), "degrees"),
            (lambda: _tilted_limit()[0], "(my_alpha_max, my_direction)"),
        ),
    )
)
