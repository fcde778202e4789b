"""Exercises of notebook 01, "Follow the gradient" (lecture items 1-4)."""

from __future__ import annotations

from typing import Any

from helpers.checks import Verdict
from helpers.exercises import Exercise, register
from helpers.exercises._diagnose import as_number, correct, diagnose_number, not_yet

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
