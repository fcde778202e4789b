"""Exercises of notebook 07, "The SVD by following gradients" (items 18 and 20-23, and the lab).

The lab exercise (07.3) is judged by what the reader's ``sgd_factorise`` does, not by
one exact trajectory: run from uniform(0, 1) factors on small matrices with well
separated singular values, it must reach the Eckart-Young loss
sigma_{k+1}^2 + sigma_{k+2}^2 + ..., which the lab's in-place update order (U_r first,
then V_c with the new U_r) and the simultaneous one (both from the old rows) both do,
while a flipped sign makes the loss explode.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from helpers import calculus
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
    not_yet,
    relative_error,
)

__all__: list[str] = []

#: The matrix of the lab's task 1.2 (public in the lab sheet); notebook 07 passes its own A_lab.
LAB_MATRIX = np.array(
    [[0.3374, 0.6005, 0.1735], [3.3359, 0.0492, 1.8374], [2.9407, 0.5301, 2.2620]]
)


def _matrix(shape: tuple[int, int], sigmas: list[float], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    k = len(sigmas)
    Q1, _ = np.linalg.qr(rng.standard_normal((shape[0], k)))
    Q2, _ = np.linalg.qr(rng.standard_normal((shape[1], k)))
    return (Q1 * np.asarray(sigmas)) @ Q2.T


def _numeric(value: Any) -> bool:
    try:
        return np.asarray(value).dtype.kind in "biufc"
    except Exception:  # ragged or odd objects are judged by as_array
        return False


# --- 07.1: the best possible rank-1 loss --------------------------------------------------------


def _lab_context() -> dict[str, Any]:
    return {"A_lab": LAB_MATRIX.copy()}


def _rank1_loss(A: np.ndarray) -> float:
    s = np.linalg.svd(A, compute_uv=False)
    return float(np.sum(s[1:] ** 2))


def _judge_rank1(answer: Any, *, A_lab: Any) -> Verdict:
    value = as_number(answer, name="my_rank1_loss")
    s = np.linalg.svd(np.asarray(A_lab, dtype=float), compute_uv=False)
    expected = float(np.sum(s[1:] ** 2))
    rtol = 1e-3  # three significant figures are enough
    if diagnose_number(value, expected, rtol=rtol) is None:
        return correct("that is the smallest loss J any rank-1 factorisation of A_lab can reach.")
    slips = [
        (
            float(s[1] ** 2),
            "a rank-1 truncation drops every singular value but the first, "
            "and each dropped one adds its square to the loss.",
        ),
        (
            float(np.sqrt(np.sum(s[1:] ** 2))),
            "that is the Frobenius norm of the error; the "
            "loss J is the sum of squared errors, its square.",
        ),
        (
            float(np.sum(s[2:] ** 2)),
            "that is the best rank-2 loss; a rank-1 factorisation keeps only sigma_1.",
        ),
        (
            float(np.sum(s[1:])),
            "the loss adds the squares of the dropped singular values, not "
            "the singular values themselves.",
        ),
        (
            float(s[0] ** 2),
            "that is the part a rank-1 factorisation keeps; the loss is what it drops.",
        ),
    ]
    for slip, message in slips:
        if diagnose_number(value, slip, rtol=rtol) is None:
            return not_yet(message)
    problem = diagnose_number(value, expected, rtol=rtol)
    return not_yet(
        f"my_rank1_loss {problem}; by Eckart-Young the best rank-1 loss is made of the singular "
        "values of A_lab that a rank-1 truncation drops."
    )


register(
    Exercise(
        id="07.1-best-rank-one-loss",
        notebook="07",
        lecture=(18, 21),
        difficulty=1,
        title="the best possible rank-1 loss",
        judge=_judge_rank1,
        right=(
            lambda: _rank1_loss(LAB_MATRIX),
            lambda: np.float32(_rank1_loss(LAB_MATRIX)),
            lambda: float(
                np.sum(LAB_MATRIX**2) - np.linalg.svd(LAB_MATRIX, compute_uv=False)[0] ** 2
            ),
        ),
        wrong=(
            (lambda: float(np.linalg.svd(LAB_MATRIX, compute_uv=False)[1] ** 2), "every"),
            (lambda: float(np.sqrt(_rank1_loss(LAB_MATRIX))), "square"),
            (lambda: float(np.linalg.svd(LAB_MATRIX, compute_uv=False)[2] ** 2), "rank-2"),
            (lambda: float(np.sum(np.linalg.svd(LAB_MATRIX, compute_uv=False)[1:])), "squares"),
        ),
        context=_lab_context,
    )
)


# --- 07.2: the gradient of the lab's task-3 objective with a penalty, with respect to V_hat ---
# J = sum over observed (r, c) of e_rc^2 + beta (||U||^2 + ||V||^2), e = A - U V^T:
# dJ/dV = -2 (M * E)^T U + 2 beta V (n x rank, the shape of V). Section 2 derives the plain
# case (every entry observed, no penalty); the exercise asks for what it does not show.

EXACT = 1e-12


@functools.cache
def _grad_cases() -> tuple[tuple[np.ndarray, ...], ...]:
    rng = np.random.default_rng(7072)
    cases = []
    for m, n, k, beta in [(6, 4, 2, 0.3), (3, 5, 1, 0.05), (7, 5, 3, 1.5)]:
        A = rng.normal(size=(m, n))
        M = (rng.uniform(size=(m, n)) < 0.6).astype(float)
        M[0, 0], M[-1, -1] = 1.0, 0.0  # at least one observed and one unobserved entry
        cases.append((A, M, rng.uniform(0, 1, (m, k)), rng.uniform(0, 1, (n, k)), beta))
    return tuple(cases)


def _grad_V(A: np.ndarray, M: np.ndarray, U: np.ndarray, V: np.ndarray, beta: float) -> np.ndarray:
    return -2 * (M * (A - U @ V.T)).T @ U + 2 * beta * V


def _penalised_loss(
    A: np.ndarray, M: np.ndarray, U: np.ndarray, V: np.ndarray, beta: float
) -> float:
    return float(np.sum(M * (A - U @ V.T) ** 2) + beta * (np.sum(U**2) + np.sum(V**2)))


def _loss(A: np.ndarray, U: np.ndarray, V: np.ndarray) -> float:
    return float(np.sum((A - U @ V.T) ** 2))


def _numerical_grad_V(
    A: np.ndarray, M: np.ndarray, U: np.ndarray, V: np.ndarray, beta: float
) -> np.ndarray:
    return calculus.gradient(lambda W: _penalised_loss(A, M, U, W, beta), V)


def _close(array: np.ndarray, other: np.ndarray) -> bool:
    return array.shape == other.shape and bool(np.allclose(array, other, rtol=1e-9, atol=1e-12))


def _judge_grad_V(answer: Any) -> Verdict:
    look_at = (
        "Differentiate each observed e_rc^2 and the penalty with respect to V_cq, then collect "
        "all (c, q) into a matrix."
    )
    for k, (A, M, U, V, beta) in enumerate(_grad_cases(), start=1):
        value = call(answer, A, M, U, V, beta, name="my_grad_V")
        array = as_array(value, name="what my_grad_V returned")
        m, n = A.shape
        rank = U.shape[1]
        where = f"case {k}: A {m}x{n}, rank {rank}"
        E = A - U @ V.T
        expected = _grad_V(A, M, U, V, beta)
        if array.shape == (m, rank) and m != n:
            return not_yet(
                f"what my_grad_V returned has shape {(m, rank)}, the shape of U_hat ({where}); "
                "a gradient has the shape of what it differentiates by, here V_hat "
                "(n x rank)."
            )
        if array.shape != expected.shape:
            return not_yet(f"what my_grad_V returned {diagnose_array(array, expected)} ({where}).")
        error = relative_error(array, expected)
        if error < EXACT:
            continue
        if _close(array, -2 * E.T @ U + 2 * beta * V):
            return not_yet(
                f"my_grad_V counts the unobserved entries too ({where}): only observed errors "
                "are in J, so the mask M must remove the others."
            )
        if _close(array, -2 * (M * E).T @ U) or _close(array, -2 * E.T @ U):
            return not_yet(
                f"my_grad_V leaves out the penalty's part ({where}): what does "
                "beta ||V_hat||^2 add to the derivative with respect to V_hat?"
            )
        if _close(array, -2 * (M * E).T @ U + beta * V):
            return not_yet(
                f"the penalty's part of my_grad_V is off by a factor 2 ({where}): differentiate "
                "beta V_cq^2."
            )
        same_rows = np.tile(-2 * np.sum((M * E).T @ U, axis=0), (n, 1)) + 2 * beta * V
        if n > 1 and _close(array, same_rows):
            return not_yet(
                f"the error part is the same in every row ({where}): V_hat_cq appears only in "
                "column c of the product, so its derivative sums over r alone, not over r and "
                "c (the slide's slip, erratum E4)."
            )
        if error < 1e-5:
            return not_yet(
                f"my_grad_V is close (relative error about {error:.0e}) but not exact: that is "
                "what finite differences give. Derive the formula; keep the numerical gradient "
                "for checking it."
            )
        problem = diagnose_array(array, expected, rtol=1e-9, atol=1e-12)
        return not_yet(f"what my_grad_V returned {problem} ({where}). {look_at}")
    return correct("my_grad_V is dJ/dV_hat for every shape, mask and penalty.")


register(
    Exercise(
        id="07.2-gradient-v",
        notebook="07",
        lecture=(21, 22),
        difficulty=2,
        title="the gradient of the lab's task-3 objective with a penalty",
        judge=_judge_grad_V,
        right=(
            lambda: _grad_V,
            lambda: (
                lambda A, M, U, V, beta: (
                    -2 * (M * A).T @ U + 2 * (M * (U @ V.T)).T @ U + 2 * beta * V
                )
            ),
            lambda: (
                lambda A, M, U, V, beta: (
                    (-2 * U.T @ (M * (A - U @ V.T))).T + 2 * beta * V
                ).tolist()
            ),
        ),
        wrong=(
            (lambda: lambda A, M, U, V, beta: -2 * (M * (A - U @ V.T)) @ V, "shape of U_hat"),
            (lambda: lambda A, M, U, V, beta: -2 * (A - U @ V.T).T @ U + 2 * beta * V, "mask"),
            (lambda: lambda A, M, U, V, beta: -2 * (M * (A - U @ V.T)).T @ U, "penalty"),
            (
                lambda: lambda A, M, U, V, beta: -2 * (M * (A - U @ V.T)).T @ U + beta * V,
                "factor 2",
            ),
            (
                lambda: lambda A, M, U, V, beta: 2 * (M * (A - U @ V.T)).T @ U - 2 * beta * V,
                "sign",
            ),
            (
                lambda: (
                    lambda A, M, U, V, beta: (
                        np.tile(-2 * np.sum((M * (A - U @ V.T)).T @ U, axis=0), (A.shape[1], 1))
                        + 2 * beta * V
                    )
                ),
                "every row",
            ),
            (lambda: _numerical_grad_V, "finite differences"),
        ),
    )
)


# --- 07.3: the lab's sgd_factorise, judged against Eckart-Young ---------------------------------
# Per epoch, for each entry (r, c) in row-major order: e = A_rc - U_r . V_c; U_r += lr e V_c;
# V_c += lr e U_r (the lab: with the new U_r; equally valid: with the old one).


@functools.cache
def _sgd_cases() -> tuple[tuple[np.ndarray, int, int, float], ...]:
    return (
        (_matrix((6, 4), [3.0, 2.0, 0.8, 0.3], 7), 2, 150, 0.05),
        (_matrix((3, 5), [2.0, 0.8, 0.3], 73), 1, 150, 0.05),
    )


def _eckart_young(A: np.ndarray, rank: int) -> float:
    s = np.linalg.svd(A, compute_uv=False)
    return float(np.sum(s[rank:] ** 2))


def _takes_seed(function: Callable[..., Any]) -> bool:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "seed" or p.kind is p.VAR_KEYWORD for p in parameters)


def _run_sgd(answer: Any, A: np.ndarray, rank: int, epochs: int, lr: float) -> tuple:
    kwargs = {"seed": 0} if callable(answer) and _takes_seed(answer) else {}
    result = call(answer, A, rank, epochs, lr, name="my_sgd_factorise", **kwargs)
    if isinstance(result, np.ndarray) or not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AnswerError(
            "my_sgd_factorise should return the pair (U, V) of factors, as the lab asks "
            "(return U, V)."
        )
    for part in result:
        if _numeric(part) and not np.all(np.isfinite(np.asarray(part, dtype=complex))):
            raise AnswerError(
                "the factors overflow to infinity or NaN: the loss grows instead of falling. "
                "Check the sign of the error e = A_rc - U_r . V_c and of the updates, which "
                "step along +lr e (gradient descent on e^2)."
            )
    U = as_array(result[0], name="the U that my_sgd_factorise returned")
    V = as_array(result[1], name="the V that my_sgd_factorise returned")
    m, n = A.shape
    if U.shape != (m, rank):
        raise AnswerError(
            f"the U that my_sgd_factorise returned has shape {U.shape}; for a {m} x {n} matrix "
            f"and rank {rank} it should be {m} x {rank}, one row U_r per row of A."
        )
    if V.shape != (n, rank):
        looks = " (it looks transposed)" if V.shape == (rank, n) else ""
        raise AnswerError(
            f"the V that my_sgd_factorise returned has shape {V.shape}{looks}; it should be "
            f"{n} x {rank}, one row V_c per column of A, so that A ~ U V^T."
        )
    return U, V


def _judge_sgd(answer: Any) -> Verdict:
    for A, rank, epochs, lr in _sgd_cases():
        U, V = _run_sgd(answer, A, rank, epochs, lr)
        loss = _loss(A, U, V)
        best = _eckart_young(A, rank)
        where = f"a {A.shape[0]} x {A.shape[1]} matrix, rank {rank}, {epochs} epochs, lr = {lr}"
        if not np.isfinite(loss) or loss > 10 * float(np.sum(A**2)):
            return not_yet(
                f"the loss grows instead of falling ({where}): check the sign of the error "
                "e = A_rc - U_r . V_c and of the updates, which step along +lr e (gradient "
                "descent on e^2)."
            )
        excess = (loss - best) / best
        if excess > 0.02:
            return not_yet(
                f"after training on {where}, the loss is {100 * excess:.0f}% above the "
                "Eckart-Young loss (the sum of the squared dropped singular values), which "
                "per-entry SGD reaches within 1% here: check that both U_r and V_c are updated "
                "for every entry, in every epoch."
            )
    A, rank, _, _ = _sgd_cases()[0]
    U, V = _run_sgd(answer, A, rank, 1, 0.01)
    one_epoch = _loss(A, U, V)
    best = _eckart_young(A, rank)
    if one_epoch < 1.05 * best:
        return not_yet(
            "my_sgd_factorise is at the optimum after a single epoch with lr = 0.01: it must "
            "start from uniform(0, 1) factors and follow the per-entry gradient, not compute "
            "an SVD (num_epochs and lr must matter)."
        )
    return correct(
        "my_sgd_factorise reaches the Eckart-Young loss sigma_(k+1)^2 + ... on both test "
        "matrices, starting from uniform(0, 1) factors."
    )


def _sgd_lab(A: Any, rank: int, num_epochs: int = 1000, lr: float = 0.01, seed: Any = None):
    """Run the lab's pseudocode literally: U_r first, then V_c with the new U_r."""
    A = np.asarray(A, dtype=float)
    rng = np.random.default_rng(seed)
    m, n = A.shape
    U = rng.uniform(0, 1, (m, rank))
    V = rng.uniform(0, 1, (n, rank))
    for _ in range(num_epochs):
        for r in range(m):
            for c in range(n):
                e = A[r, c] - U[r] @ V[c]
                U[r] = U[r] + lr * e * V[c]
                V[c] = V[c] + lr * e * U[r]
    return U, V


def _sgd_simultaneous(A: Any, rank: int, num_epochs: int = 1000, lr: float = 0.01, seed=None):
    """Run the per-entry rule with both updates from the old rows (simultaneous)."""
    A = np.asarray(A, dtype=float)
    rng = np.random.default_rng(seed)
    m, n = A.shape
    U = rng.uniform(0, 1, (m, rank))
    V = rng.uniform(0, 1, (n, rank))
    for _ in range(num_epochs):
        for r in range(m):
            for c in range(n):
                e = A[r, c] - U[r] @ V[c]
                U_r_old = U[r].copy()
                U[r] += lr * e * V[c]
                V[c] += lr * e * U_r_old
    return U, V


def _sgd_variant(
    *, sign: float = 1.0, update_V: bool = True, float32: bool = False, init_seed: int | None = None
) -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    def sgd(A, rank, num_epochs=1000, lr=0.01):  # no seed: the lab's own signature
        A = np.asarray(A, dtype=np.float32 if float32 else float)
        rng = np.random.default_rng(init_seed)
        m, n = A.shape
        V = rng.uniform(0, 1, (n, rank)).astype(A.dtype)  # V first: the order must not matter
        U = rng.uniform(0, 1, (m, rank)).astype(A.dtype)
        for _ in range(num_epochs):
            for r in range(m):
                for c in range(n):
                    e = sign * (A[r, c] - U[r] @ V[c])
                    U[r], V[c] = U[r] + lr * e * V[c], (V[c] + lr * e * U[r]) if update_V else V[c]
        return U, V

    return sgd


def _svd_shortcut(A: Any, rank: int, num_epochs: int = 1000, lr: float = 0.01, seed=None):
    U, s, Vt = np.linalg.svd(np.asarray(A, dtype=float), full_matrices=False)
    return U[:, :rank] * np.sqrt(s[:rank]), Vt[:rank].T * np.sqrt(s[:rank])


register(
    Exercise(
        id="07.3-sgd-factorise",
        notebook="07",
        lecture=(22, 23),
        difficulty=3,
        title="your own sgd_factorise, judged by Eckart-Young",
        judge=_judge_sgd,
        right=(
            lambda: _sgd_lab,
            lambda: _sgd_simultaneous,
            lambda: _sgd_variant(init_seed=12345),
            lambda: _sgd_variant(float32=True, init_seed=3),
            lambda: lambda *args, **kwargs: tuple(f.tolist() for f in _sgd_lab(*args, **kwargs)),
        ),
        wrong=(
            (lambda: _sgd_variant(sign=-1.0, init_seed=0), "sign"),
            (lambda: _sgd_variant(update_V=False, init_seed=0), "Eckart-Young"),
            (lambda: lambda *a, **k: (lambda U, V: (U, V.T))(*_sgd_lab(*a, **k)), "transposed"),
            (lambda: _svd_shortcut, "SVD"),
            (lambda: lambda *a, **k: (lambda U, V: U @ V.T)(*_sgd_lab(*a, **k)), "pair"),
        ),
    )
)
