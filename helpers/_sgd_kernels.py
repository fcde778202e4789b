"""Numba-compiled kernels behind :class:`helpers.recommender.FunkSVD` (imported only when needed).

The readable version of the same update is :func:`helpers.recommender.sgd_epoch_reference`;
``tests/test_recommender.py`` checks that both give the same factors. Compiled code is cached
(``cache=True``) in ``helpers/__pycache__`` (or numba's user cache folder when that is read-only),
never in ``data/``.
"""

from __future__ import annotations

import numba
import numpy as np

# fastmath lets the compiler reorder the additions of the dot product into SIMD lanes; the
# result differs from a left-to-right sum only in the last bits (far below the 1e-10 tested).
_JIT = {"cache": True, "nogil": True, "fastmath": True}


@numba.njit(**_JIT)
def sgd_epoch(
    users: np.ndarray,
    items: np.ndarray,
    values: np.ndarray,
    mu: float,
    bu: np.ndarray,
    bi: np.ndarray,
    P: np.ndarray,
    Q: np.ndarray,
    lr: float,
    reg: float,
    biased: bool,
) -> float:
    """One SGD pass over the ratings in array order; updates bu, bi, P, Q in place.

    Returns the sum of squared errors seen during the pass (before each update). The caller
    stores the ratings in visiting order, so they are read sequentially (reading them through
    an index array instead costs several cache misses per rating on large data).
    """
    rank = P.shape[1]
    sse = 0.0
    for n in range(values.size):
        u = users[n]
        i = items[n]
        dot = 0.0
        for f in range(rank):
            dot += P[u, f] * Q[i, f]
        if biased:
            err = values[n] - (mu + bu[u] + bi[i] + dot)
            bu[u] += lr * (err - reg * bu[u])
            bi[i] += lr * (err - reg * bi[i])
        else:
            err = values[n] - dot
        sse += err * err
        for f in range(rank):
            p = P[u, f]
            q = Q[i, f]
            P[u, f] = p + lr * (err * q - reg * p)
            Q[i, f] = q + lr * (err * p - reg * q)
    return sse


@numba.njit(**_JIT)
def predict(
    users: np.ndarray,
    items: np.ndarray,
    mu: float,
    bu: np.ndarray,
    bi: np.ndarray,
    P: np.ndarray,
    Q: np.ndarray,
    biased: bool,
    out: np.ndarray,
) -> None:
    """Unclipped predictions into ``out``; index -1 means unknown (baseline fallback)."""
    rank = P.shape[1]
    for n in range(users.size):
        u = users[n]
        i = items[n]
        if biased:
            value = mu
            if u >= 0:
                value += bu[u]
            if i >= 0:
                value += bi[i]
        else:
            value = 0.0 if (u >= 0 and i >= 0) else mu
        if u >= 0 and i >= 0:
            for f in range(rank):
                value += P[u, f] * Q[i, f]
        out[n] = value
