"""Exercises of notebook 06, "The SVD recap: decompose, pseudo-invert, compress" (items 17-19)."""

from __future__ import annotations

import functools
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


def _first_slip(value: float, slips: list[tuple[float, str]], rtol: float) -> str | None:
    for slip, message in slips:
        if diagnose_number(value, slip, rtol=rtol) is None:
            return message
    return None


# --- 06.1: Eckart-Young from the singular values alone ------------------------------------------
# Singular values 7, 5, 3, 2, 1; best rank-2 approximation: error sqrt(3^2 + 2^2 + 1^2).

SIGMAS = (7.0, 5.0, 3.0, 2.0, 1.0)
RANK = 2


def _eckart_young() -> float:
    return float(np.sqrt(np.sum(np.square(SIGMAS[RANK:]))))


def _judge_eckart_young(answer: Any) -> Verdict:
    value = as_number(answer, name="my_error")
    expected = _eckart_young()
    if diagnose_number(value, expected, rtol=1e-3) is None:
        return correct("that is the Frobenius error of the best rank-2 approximation.")
    dropped, kept = np.array(SIGMAS[RANK:]), np.array(SIGMAS[:RANK])
    slips = [
        (
            float(np.sum(dropped**2)),
            "that is the squared error; the Frobenius norm is its square root.",
        ),
        (
            float(np.sum(dropped)),
            "the discarded singular values do not simply add up: add "
            "their squares, as the Frobenius norm adds squared entries.",
        ),
        (
            float(dropped[0]),
            "that is only the largest discarded singular value; every "
            "discarded one contributes to the error.",
        ),
        (
            float(np.sqrt(np.sum(kept**2))),
            "that is the norm of the part the approximation "
            "keeps; the error is made of what it discards.",
        ),
        (
            float(np.sqrt(np.sum(dropped[1:] ** 2))),
            "that is the error of the best rank-3 "
            "approximation; rank 2 keeps only the two largest singular values.",
        ),
    ]
    message = _first_slip(value, slips, 1e-3)
    if message is not None:
        return not_yet(message)
    problem = diagnose_number(value, expected, rtol=1e-3)
    return not_yet(
        f"my_error {problem}; which singular values does a rank-2 truncation discard, and how "
        "do they combine in the Frobenius norm (section 6)?"
    )


register(
    Exercise(
        id="06.1-eckart-young",
        notebook="06",
        lecture=(18,),
        difficulty=1,
        title="Eckart-Young from the singular values alone",
        judge=_judge_eckart_young,
        right=(_eckart_young, lambda: round(_eckart_young(), 2), lambda: np.sqrt(np.float32(14))),
        wrong=(
            (lambda: _eckart_young() ** 2, "square root"),
            (lambda: sum(SIGMAS[RANK:]), "squares"),
            (lambda: SIGMAS[RANK], "every discarded"),
            (lambda: float(np.hypot(SIGMAS[0], SIGMAS[1])), "keeps"),
            (lambda: float(np.hypot(SIGMAS[3], SIGMAS[4])), "rank-3"),
        ),
    )
)


# --- 06.2: how much rank does the portrait need? ------------------------------------------------
# The smallest rank whose relative Frobenius error, sqrt(sum_{i>rho} s_i^2 / sum s_i^2), is < 10%.

TARGET = 0.10


@functools.cache
def _portrait_singular_values() -> np.ndarray:
    """Return the singular values of notebook 06's grey portrait (matplotlib's sample)."""
    import matplotlib.pyplot as plt
    from matplotlib import cbook

    with cbook.get_sample_data("grace_hopper.jpg") as file:
        rgb = plt.imread(file)
    grey = rgb.astype(float) @ np.array([0.299, 0.587, 0.114]) / 255
    m, n = grey.shape[0] // 2, grey.shape[1] // 2
    image = grey[: 2 * m, : 2 * n].reshape(m, 2, n, 2).mean(axis=(1, 3))
    return np.linalg.svd(image, compute_uv=False)


def _portrait_context() -> dict[str, Any]:
    return {"s_img": _portrait_singular_values()}


def _first_rank(errors: np.ndarray) -> int:
    """Smallest rank rho (counting from 1) whose entry errors[rho - 1] is below TARGET."""
    return int(np.argmax(errors < TARGET)) + 1


def _rank_variants(s: np.ndarray) -> dict[str, int]:
    squared = s**2
    discarded = np.maximum(np.sum(squared) - np.cumsum(squared), 0.0)
    relative = np.sqrt(discarded / np.sum(squared))
    right = _first_rank(relative)
    return {
        "right": right,
        "index": right - 1,
        "plain": _first_rank((np.sum(s) - np.cumsum(s)) / np.sum(s)),
        "squared": _first_rank(discarded / np.sum(squared)),
    }


def _judge_rank(answer: Any, *, s_img: Any) -> Verdict:
    s = np.sort(np.asarray(s_img, dtype=float))[::-1]
    value = as_number(answer, name="my_rank", integer=True)
    variants = _rank_variants(s)
    if value == variants["right"]:
        return correct("that is the smallest rank with a relative error below 10%.")
    slips = {
        "index": "that is one less than the rank: a rank rho approximation keeps the first rho "
        "singular values, s_img[:rho], and Python counts indices from 0.",
        "plain": "the error adds the squares of the discarded singular values (Frobenius "
        "norm), not the singular values themselves.",
        "squared": "that rank makes the relative squared error smaller than 10%; the relative "
        "error is its square root.",
    }
    for key, message in slips.items():
        if value == variants[key]:
            return not_yet(message)
    if not 1 <= value <= s.size:
        return not_yet(f"my_rank must be a rank between 1 and {s.size} for this image.")
    direction = "above 10%" if value < variants["right"] else "below 10% at a smaller rank already"
    return not_yet(
        f"at rank {int(value)} the relative error is {direction}; compute the error of every "
        "rank from s_img alone and take the first below 10%."
    )


register(
    Exercise(
        id="06.2-rank-for-ten-percent",
        notebook="06",
        lecture=(18,),
        difficulty=2,
        title="how much rank does the portrait need?",
        judge=_judge_rank,
        right=(
            lambda: _rank_variants(_portrait_singular_values())["right"],
            lambda: np.int64(_rank_variants(_portrait_singular_values())["right"]),
            lambda: float(_rank_variants(_portrait_singular_values())["right"]),
        ),
        wrong=(
            (lambda: _rank_variants(_portrait_singular_values())["index"], "one less"),
            (lambda: _rank_variants(_portrait_singular_values())["plain"], "squares"),
            (lambda: _rank_variants(_portrait_singular_values())["squared"], "square root"),
        ),
        context=_portrait_context,
    )
)


# --- 06.3: the storage of a rank-rho approximation of the Netflix matrix ------------------------
# rho (m + n + 1) numbers of 4 bytes, in megabytes.

NETFLIX_USERS, NETFLIX_MOVIES = 480_189, 17_770
STORAGE_RANK = 40
BYTES = 4


def _storage_mb() -> float:
    return STORAGE_RANK * (NETFLIX_USERS + NETFLIX_MOVIES + 1) * BYTES / 1e6


def _judge_storage(answer: Any) -> Verdict:
    value = as_number(answer, name="my_megabytes")
    expected = _storage_mb()
    rtol = 2e-3
    if diagnose_number(value, expected, rtol=rtol) is None:
        return correct("that is the storage of the rank-40 factors in float32, in megabytes.")
    m, n, rho = NETFLIX_USERS, NETFLIX_MOVIES, STORAGE_RANK
    slips = [
        (
            m * n * BYTES / 1e6,
            "that is the dense matrix; a rank-40 approximation stores only "
            "its factors U_rho, the singular values and V_rho.",
        ),
        (rho * (m + n) / 1e6, "that counts numbers, not bytes: each float32 number takes 4 bytes."),
        (rho * (m + n) * 8 / 1e6, "that is float64 (8 bytes per number); the task says float32."),
        (
            rho * m * BYTES / 1e6,
            "that is only U_rho (one row per user); V_rho (one row per movie) must be stored too.",
        ),
        (
            rho * n * BYTES / 1e6,
            "that is only V_rho (one row per movie); U_rho (one row per user) must be stored too.",
        ),
        (
            rho * m * n * BYTES / 1e6,
            "that is rho times the dense matrix: the factors have "
            "rho columns each, not rho copies of the matrix.",
        ),
    ]
    message = _first_slip(value, slips, rtol)
    if message is not None:
        return not_yet(message)
    problem = diagnose_number(value, expected, rtol=rtol)
    return not_yet(
        f"my_megabytes {problem}; count the numbers in U_rho, the singular values and V_rho "
        "(section 5), then the bytes, then divide by 10^6."
    )


register(
    Exercise(
        id="06.3-netflix-storage",
        notebook="06",
        lecture=(18, 19),
        difficulty=2,
        title="a rank-40 Netflix matrix in memory",
        judge=_judge_storage,
        right=(
            _storage_mb,
            lambda: STORAGE_RANK * (NETFLIX_USERS + NETFLIX_MOVIES) * BYTES / 1e6,
            lambda: round(_storage_mb(), 1),
            lambda: (
                (STORAGE_RANK * (NETFLIX_USERS + NETFLIX_MOVIES) + STORAGE_RANK**2) * BYTES / 1e6
            ),
        ),
        wrong=(
            (lambda: NETFLIX_USERS * NETFLIX_MOVIES * BYTES / 1e6, "dense"),
            (lambda: STORAGE_RANK * (NETFLIX_USERS + NETFLIX_MOVIES) / 1e6, "4 bytes"),
            (lambda: 2 * _storage_mb(), "float64"),
            (lambda: _storage_mb() / 1e3, "10^-3"),
            (lambda: STORAGE_RANK * NETFLIX_USERS * BYTES / 1e6, "V_rho"),
        ),
    )
)


# --- 06.4: a pseudo-inverse with an honest cut-off ---------------------------------------------
# A+ = V Sigma+ U^T, where singular values s_i <= rtol * s_1 count as zero.


def _matrix(shape: tuple[int, int], sigmas: list[float], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    k = len(sigmas)
    Q1, _ = np.linalg.qr(rng.standard_normal((shape[0], k)))
    Q2, _ = np.linalg.qr(rng.standard_normal((shape[1], k)))
    return (Q1 * np.asarray(sigmas)) @ Q2.T


@functools.cache
def _pinv_cases() -> tuple[tuple[np.ndarray, float, str], ...]:
    wide = _matrix((3, 5), [3.0, 1.0, 2e-5], 64)
    return (
        (_matrix((6, 4), [4.0, 2.0, 1.0, 0.5], 61), 1e-6, "a tall 6 x 4 matrix of full rank"),
        (wide, 1e-4, "a wide 3 x 5 matrix whose sigma_3 is below rtol x sigma_1"),
        (wide, 1e-6, "the same wide matrix with a smaller rtol, so that sigma_3 counts"),
        (
            _matrix((5, 3), [3000.0, 1000.0, 0.02], 65),
            1e-4,
            "a 5 x 3 matrix with large singular values",
        ),
        (
            _matrix((4, 4), [2.0, 1.0, 2.4e-3, 1.6e-3], 66),
            1e-3,
            "a 4 x 4 matrix with one singular value just above and one just below the cut-off",
        ),
        (np.arange(12.0).reshape(4, 3), 1e-10, "np.arange(12.0).reshape(4, 3), of rank 2"),
    )


def _pinv(A: np.ndarray, rtol: float) -> np.ndarray:
    U, s, Vh = np.linalg.svd(A, full_matrices=False)
    keep = s > rtol * s[0]
    s_plus = np.zeros_like(s)
    s_plus[keep] = 1.0 / s[keep]
    return (Vh.T * s_plus) @ U.T


def _pinv_full_svd(A: np.ndarray, rtol: float) -> np.ndarray:
    U, s, Vh = np.linalg.svd(A)
    m, n = A.shape
    Sigma_plus = np.zeros((n, m))
    for i, sigma in enumerate(s):
        if sigma > rtol * s[0]:
            Sigma_plus[i, i] = 1.0 / sigma
    return Vh.T @ Sigma_plus @ U.T


def _kept(A: np.ndarray, rtol: float) -> int:
    s = np.linalg.svd(A, compute_uv=False)
    return int(np.sum(s > rtol * s[0]))


def _judge_pinv(answer: Any) -> Verdict:
    for k, (A, rtol, description) in enumerate(_pinv_cases(), start=1):
        value = call(answer, A, rtol, name="my_pinv")
        array = as_array(value, name="what my_pinv returned")
        expected = _pinv(A, rtol)
        where = f"(case {k}: {description}, rtol = {rtol:g})"
        if array.shape != expected.shape:
            problem = diagnose_array(array, expected)
            return not_yet(
                f"what my_pinv returned {problem} {where}; A+ of an m x n matrix is n x m."
            )
        error = np.linalg.norm(array - expected) / np.linalg.norm(expected)
        if error < 1e-8:
            continue
        s_answer = np.linalg.svd(array, compute_uv=False)
        rank = int(np.sum(s_answer > max(array.shape) * np.finfo(float).eps * s_answer[0]))
        kept = _kept(A, rtol)
        if rank > kept:
            s_A = np.linalg.svd(A, compute_uv=False)
            absolute = _pinv(A, rtol / s_A[0])  # keeps s_i > rtol, not s_i > rtol * s_1
            if np.linalg.norm(array - absolute) <= 1e-8 * np.linalg.norm(absolute):
                reason = "the cut-off is relative to the largest singular value, rtol x sigma_1"
            else:
                reason = "a singular value at most rtol x sigma_1 must count as zero"
            return not_yet(
                f"my_pinv inverts a singular value that the cut-off should drop {where}; {reason}."
            )
        if rank < kept:
            return not_yet(
                f"my_pinv drops a singular value above the cut-off rtol x sigma_1 {where}; "
                "only those at most rtol x sigma_1 count as zero."
            )
        problem = diagnose_array(array, expected, rtol=1e-8, atol=1e-10 * np.abs(expected).max())
        return not_yet(
            f"what my_pinv returned {problem} {where}; build V Sigma+ U^T from the thin SVD, "
            "with the reciprocals of the singular values that are kept."
        )
    return correct("my_pinv is the Moore-Penrose pseudo-inverse with the cut-off in every case.")


register(
    Exercise(
        id="06.4-pinv-cut-off",
        notebook="06",
        lecture=(18,),
        difficulty=3,
        title="a pseudo-inverse with an honest cut-off",
        judge=_judge_pinv,
        right=(
            lambda: _pinv,
            lambda: _pinv_full_svd,
            lambda: lambda A, rtol: np.linalg.pinv(A, rtol),
            lambda: lambda A, rtol: _pinv(A, rtol).tolist(),
        ),
        wrong=(
            (lambda: lambda A, rtol: np.linalg.pinv(A), "cut-off should drop"),
            (lambda: lambda A, rtol: _pinv(A, rtol).T, "transposed"),
            (lambda: lambda A, rtol: _pinv(A, rtol / np.linalg.norm(A, 2)), "relative"),
            (lambda: lambda A, rtol: _pinv(A, 10 * rtol), "drops a singular value above"),
            (lambda: lambda A, rtol: _pinv(A, 0.0), "cut-off"),
        ),
    )
)
