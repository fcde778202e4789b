"""Exercises of notebook 05, "Gradients of tensors, and what a gradient means" (items 14-16).

The gradient exercises hand the reader's function fresh random matrices of shapes in
which every dimension differs, so a missing transpose cannot hide behind a square
matrix, and they ask for the exact formula: a numerical gradient (central differences,
relative error around 1e-10) is recognised and sent back to the derivation.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from helpers import calculus
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
    relative_error,
    rtol_for,
)

__all__: list[str] = []

#: Below this norm-wise relative error a gradient formula counts as exact. Central differences
#: reach about 1e-10 on these problems, a derived formula about 1e-16.
EXACT = 1e-12
#: Between EXACT and this, the answer is right in value but looks like a numerical derivative.
NUMERICAL = 1e-5


def _judge_gradient(
    value: Any,
    expected: np.ndarray,
    slips: list[tuple[np.ndarray, str]],
    *,
    name: str,
    look_at: str,
    case: str,
) -> str | None:
    """Return None when ``value`` is the exact gradient, else the message of a ``Not yet``."""
    array = as_array(value, name=f"what {name} returned")
    if array.shape != expected.shape:
        return f"what {name} returned {diagnose_array(array, expected)} ({case}). {look_at}"
    error = relative_error(array, expected)
    if error < EXACT:
        return None
    for slip, message in slips:
        if slip.shape == array.shape and relative_error(array, slip) < 1e-9:
            return f"{message} ({case})."
    if error < NUMERICAL:
        return (
            f"{name} is close to the gradient (relative error about {error:.0e}) but not exact: "
            "that is what finite differences give. Derive the formula instead, and use the "
            "numerical gradient only to check it."
        )
    problem = diagnose_array(array, expected, rtol=1e-9, atol=1e-12)
    return f"what {name} returned {problem} ({case}). {look_at}"


def _numeric(value: Any) -> bool:
    try:
        return np.asarray(value).dtype.kind in "biufc"
    except Exception:  # ragged or odd objects are judged by as_array
        return False


# --- 05.1: predict a change of the loss --------------------------------------------------------
# The step is fixed by the task: step = -0.01 G + 0.005 (a matrix of ones).


def _step(G: np.ndarray) -> np.ndarray:
    return -0.01 * G + 0.005 * np.ones_like(G)


def _predict_context() -> dict[str, Any]:
    return {"G": np.random.default_rng(516).normal(size=(3, 2))}


def _predict_reference() -> float:
    G = _predict_context()["G"]
    return float(np.sum(G * _step(G)))


def _judge_predict(answer: Any, *, G: Any) -> Verdict:
    G = np.asarray(G, dtype=float)
    if _numeric(answer) and np.ndim(answer) > 0 and np.size(answer) == G.size:
        return not_yet(
            "my_prediction is an array with one entry per parameter; the predicted change of "
            "the loss is one number: combine the entries as the inner product <G, step> does."
        )
    value = as_number(answer, name="my_prediction")
    expected = float(np.sum(G * _step(G)))
    rtol = rtol_for(answer, 1e-6)
    if diagnose_number(value, expected, rtol=rtol) is None:
        return correct("the first-order prediction <G, step> of the change of the loss.")
    slips = [
        (
            float(np.sum(G * (-0.01 * G))),
            "that is only the change due to -0.01 G; the nudge of 0.005 in every entry moves "
            "the loss too.",
        ),
        (
            float(np.sum(G * 0.005)),
            "that is only the change due to the nudge; the gradient-descent part -0.01 G is "
            "part of the step too.",
        ),
        (
            float(np.linalg.norm(G) * np.linalg.norm(_step(G))),
            "that is |G| |step|, the largest change a step of this length could make; the "
            "prediction for this step is the inner product.",
        ),
    ]
    for slip, message in slips:
        if diagnose_number(value, slip, rtol=rtol) is None:
            return not_yet(message)
    if abs(value / expected - 1) < 0.05:
        return not_yet(
            "my_prediction is within a few per cent of the prediction but not equal to it: if "
            "you evaluated L(W0 + step) - L(W0), that is the actual change; the task asks for "
            "the first-order prediction from G and the step alone (and if you rounded, keep "
            "full precision)."
        )
    problem = diagnose_number(value, expected, rtol=rtol)
    return not_yet(
        f"my_prediction {problem}; the first-order change is the sum over all entries of "
        "gradient times step (section 3)."
    )


register(
    Exercise(
        id="05.1-predict-change",
        notebook="05",
        lecture=(16,),
        difficulty=1,
        title="predict a change of the loss",
        judge=_judge_predict,
        right=(
            _predict_reference,
            lambda: np.float32(_predict_reference()),
            lambda: np.array([_predict_reference()]),
        ),
        wrong=(
            (lambda: -_predict_reference(), "sign"),
            (
                lambda: float(np.sum(-0.01 * _predict_context()["G"] ** 2)),
                "nudge",
            ),
            (
                lambda: _predict_context()["G"] * _step(_predict_context()["G"]),
                "one number",
            ),
            (lambda: 10 * _predict_reference(), "10^1"),
            (lambda: 1.006 * _predict_reference(), "actual change"),
        ),
        context=_predict_context,
    )
)


# --- 05.2: the gradient of a regularised least-squares loss ------------------------------------
# L(W) = ||XW - Y||_F^2 + lam ||W||_F^2, so dL/dD = 2 (XW - Y) and grad_W L = X^T dL/dD + 2 lam W.


@functools.cache
def _ridge_cases() -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, float], ...]:
    rng = np.random.default_rng(5052)
    cases = []
    for (n, m, h), lam in [((7, 4, 3), 0.3), ((5, 2, 6), 1.5), ((6, 3, 1), 0.8)]:
        cases.append(
            (rng.normal(size=(n, m)), rng.normal(size=(m, h)), rng.normal(size=(n, h)), lam)
        )
    return tuple(cases)


def _ridge_loss(X: np.ndarray, W: np.ndarray, Y: np.ndarray, lam: float) -> float:
    return float(np.sum((X @ W - Y) ** 2) + lam * np.sum(W**2))


def _ridge_grad(X: np.ndarray, W: np.ndarray, Y: np.ndarray, lam: float) -> np.ndarray:
    return X.T @ (2 * (X @ W - Y)) + 2 * lam * W


def _judge_ridge(answer: Any) -> Verdict:
    look_at = (
        "Write L = f(D) with D = XW, find dL/dD, use the worked example's rule for the data "
        "term, and add the gradient of the penalty."
    )
    for k, (X, W, Y, lam) in enumerate(_ridge_cases(), start=1):
        value = call(answer, X, W, Y, lam, name="my_grad_W")
        data = X.T @ (2 * (X @ W - Y))
        slips = [
            (data, "the penalty lam ||W||_F^2 depends on W too: add its gradient"),
            (
                data + lam * W,
                "the penalty's gradient is off by a factor 2: differentiate "
                "lam W_uv^2 with respect to W_uv",
            ),
            (
                data / 2 + 2 * lam * W,
                "the data term is off by a factor 2: check dL/dD for the sum of squares",
            ),
            (
                X.T @ (X @ W - Y) + lam * W,
                "the whole gradient is off by a factor 2: both "
                "squares give a 2 when differentiated",
            ),
        ]
        case = f"X {X.shape[0]}x{X.shape[1]}, W {W.shape[0]}x{W.shape[1]}, lam = {lam}"
        message = _judge_gradient(
            value,
            _ridge_grad(X, W, Y, lam),
            slips,
            name="my_grad_W",
            look_at=look_at,
            case=f"case {k}: {case}",
        )
        if message is not None:
            return not_yet(message)
    return correct("my_grad_W is the exact gradient, with the shape of W, in every case.")


def _ridge_numerical(X: np.ndarray, W: np.ndarray, Y: np.ndarray, lam: float) -> np.ndarray:
    return calculus.gradient(lambda w: _ridge_loss(X, w, Y, lam), W)


register(
    Exercise(
        id="05.2-ridge-gradient",
        notebook="05",
        lecture=(15,),
        difficulty=2,
        title="the gradient of a regularised least-squares loss",
        judge=_judge_ridge,
        right=(
            lambda: _ridge_grad,
            lambda: lambda X, W, Y, lam: 2 * X.T @ X @ W - 2 * X.T @ Y + 2 * lam * W,
            lambda: lambda X, W, Y, lam: (2 * (X.T @ (X @ W - Y) + lam * W)).tolist(),
            lambda: lambda X, W, Y, lam: np.einsum("iu,iv->uv", X, 2 * (X @ W - Y)) + 2 * lam * W,
        ),
        wrong=(
            (lambda: lambda X, W, Y, lam: (2 * (X @ W - Y)).T @ X + 2 * lam * W.T, "transposed"),
            (lambda: lambda X, W, Y, lam: -_ridge_grad(X, W, Y, lam), "sign"),
            (lambda: lambda X, W, Y, lam: X.T @ (2 * (X @ W - Y)), "penalty"),
            (lambda: lambda X, W, Y, lam: X.T @ (X @ W - Y) + lam * W, "factor 2"),
            (lambda: lambda X, W, Y, lam: X @ (2 * (X @ W - Y)), "raised"),
            (lambda: _ridge_numerical, "finite differences"),
        ),
    )
)


# --- 05.3: the gradient with respect to the features -------------------------------------------
# D = XW, so dL/dX = dL/dD W^T (n x m, the shape of X).


@functools.cache
def _features_cases() -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    rng = np.random.default_rng(5053)
    return tuple(
        (rng.normal(size=(n, h)), rng.normal(size=(m, h)))
        for n, m, h in [(5, 3, 2), (4, 6, 3), (2, 3, 7)]
    )


def _judge_features(answer: Any) -> Verdict:
    look_at = (
        "Follow the five steps of section 2 with the roles swapped: which entries of D does "
        "X_uv appear in, and what is dD_ij/dX_uv there?"
    )
    for k, (dL_dD, W) in enumerate(_features_cases(), start=1):
        value = call(answer, dL_dD, W, name="my_grad_X")
        n, h = dL_dD.shape
        m = W.shape[0]
        expected = dL_dD @ W.T
        if _numeric(value) and np.shape(value) == (m, h):
            return not_yet(
                f"what my_grad_X returned has shape {(m, h)}, the shape of W (case {k}); the "
                "gradient with respect to X has the shape of X."
            )
        message = _judge_gradient(
            value,
            expected,
            [],
            name="my_grad_X",
            look_at=look_at,
            case=f"case {k}: dL/dD {n}x{h}, W {m}x{h}",
        )
        if message is not None:
            return not_yet(message)
    return correct("my_grad_X is dL/dX for every shape, with the shape of X.")


register(
    Exercise(
        id="05.3-feature-gradient",
        notebook="05",
        lecture=(14, 15),
        difficulty=2,
        title="the gradient with respect to the features",
        judge=_judge_features,
        right=(
            lambda: lambda dL_dD, W: dL_dD @ W.T,
            lambda: lambda dL_dD, W: (W @ dL_dD.T).T,
            lambda: lambda dL_dD, W: np.einsum("ij,uj->iu", dL_dD, W).astype(np.float64).tolist(),
        ),
        wrong=(
            (lambda: lambda dL_dD, W: W @ dL_dD.T, "transposed"),
            (lambda: lambda dL_dD, W: W.T @ dL_dD, "raised"),
            (lambda: lambda dL_dD, W: 2 * dL_dD @ W.T, "factor 2"),
            (lambda: lambda dL_dD, W: -(dL_dD @ W.T), "sign"),
        ),
    )
)


# --- 05.4: softmax cross-entropy, the loss of a classifier --------------------------------------
# L(W) = sum_i [ log sum_j exp(D_ij) - D_{i, y_i} ],  D = XW,  so dL/dD = softmax_rows(D) - onehot.


@functools.cache
def _softmax_cases() -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]:
    rng = np.random.default_rng(5054)
    cases = []
    for (n, m, h), scale in [((8, 4, 3), 1.0), ((5, 3, 6), 1.0), ((6, 2, 4), 400.0)]:
        X = rng.normal(size=(n, m))
        W = scale * rng.normal(size=(m, h))
        labels = rng.integers(0, h, size=n)
        cases.append((X, W, labels))
    return tuple(cases)


def _row_softmax(D: np.ndarray) -> np.ndarray:
    e = np.exp(D - D.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _one_hot(labels: np.ndarray, h: int) -> np.ndarray:
    return np.eye(h)[labels]


def _softmax_grad(X: np.ndarray, W: np.ndarray, labels: np.ndarray) -> np.ndarray:
    D = X @ W
    return X.T @ (_row_softmax(D) - _one_hot(labels, D.shape[1]))


def _softmax_loss(X: np.ndarray, W: np.ndarray, labels: np.ndarray) -> float:
    D = X @ W
    top = D.max(axis=1)
    lse = top + np.log(np.sum(np.exp(D - top[:, None]), axis=1))
    return float(np.sum(lse - D[np.arange(len(labels)), labels]))


def _judge_softmax(answer: Any) -> Verdict:
    look_at = (
        "Write L as a sum over rows i of (the log-sum-exp of row i of D) minus (the entry "
        "D_i,y_i), find dL/dD row by row, then use dL/dW = X^T dL/dD."
    )
    for k, (X, W, labels) in enumerate(_softmax_cases(), start=1):
        value = call(answer, X, W, labels, name="my_cross_entropy_grad")
        D = X @ W
        h = D.shape[1]
        if _numeric(value) and not np.all(np.isfinite(np.asarray(value, dtype=complex))):
            if k == len(_softmax_cases()):
                return not_yet(
                    "my_cross_entropy_grad overflows when the scores XW are large (case 3 has "
                    "scores near 1000, and exp(710) is already beyond float64): subtract each "
                    "row's largest score before exp, as log_sum_exp does in section 2."
                )
        E = np.exp(D - D.max())
        slips = [
            (
                X.T @ (E / E.sum() - _one_hot(labels, h)),
                "that softmax runs over all entries of D at once; each example i has its own "
                "log-sum-exp over its row",
            ),
            (
                X.T @ _row_softmax(D),
                "the loss has a second term, -D_i,y_i, whose gradient is missing",
            ),
            (
                _softmax_grad(X, W, labels) / len(labels),
                "that is the gradient of the mean over examples; L is their sum",
            ),
        ]
        case = f"case {k}: X {X.shape[0]}x{X.shape[1]}, W {W.shape[0]}x{W.shape[1]}"
        message = _judge_gradient(
            value,
            _softmax_grad(X, W, labels),
            slips,
            name="my_cross_entropy_grad",
            look_at=look_at,
            case=case,
        )
        if message is not None:
            return not_yet(message)
    return correct("my_cross_entropy_grad is the exact gradient, even for large scores.")


def _softmax_grad_loops(X: np.ndarray, W: np.ndarray, labels: np.ndarray) -> np.ndarray:
    n, m = X.shape
    h = W.shape[1]
    grad = np.zeros((m, h))
    for i in range(n):
        d = X[i] @ W
        p = np.exp(d - d.max())
        p /= p.sum()
        p[labels[i]] -= 1.0
        grad += np.outer(X[i], p)
    return grad


def _softmax_naive(X: np.ndarray, W: np.ndarray, labels: np.ndarray) -> np.ndarray:
    E = np.exp(X @ W)
    return X.T @ (E / E.sum(axis=1, keepdims=True) - np.eye(W.shape[1])[labels])


def _softmax_numerical(X: np.ndarray, W: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return calculus.gradient(lambda w: _softmax_loss(X, w, labels), W)


register(
    Exercise(
        id="05.4-cross-entropy",
        notebook="05",
        lecture=(14, 15),
        difficulty=3,
        title="the gradient of a classifier's cross-entropy",
        judge=_judge_softmax,
        right=(
            lambda: _softmax_grad,
            lambda: _softmax_grad_loops,
            lambda: (
                lambda X, W, labels: X.T @ _row_softmax(X @ W) - X.T @ np.eye(W.shape[1])[labels]
            ),
        ),
        wrong=(
            (lambda: _softmax_naive, "overflows"),
            (lambda: lambda X, W, labels: -_softmax_grad(X, W, labels), "sign"),
            (lambda: lambda X, W, labels: _softmax_grad(X, W, labels).T, "transposed"),
            (lambda: lambda X, W, labels: X.T @ _row_softmax(X @ W), "second term"),
            (
                lambda: (
                    lambda X, W, labels: (
                        X.T
                        @ (
                            np.exp(X @ W - (X @ W).max()) / np.exp(X @ W - (X @ W).max()).sum()
                            - np.eye(W.shape[1])[labels]
                        )
                    )
                ),
                "each example",
            ),
            (lambda: _softmax_numerical, "finite differences"),
        ),
    )
)
