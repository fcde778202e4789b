"""Exercises of notebook 08, "The Netflix Challenge" (lecture items 19-23 on real ratings).

The MovieLens ratings are read at most once per session, on the first check that needs
them (not on import).
"""

from __future__ import annotations

import functools
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
    not_yet,
    rtol_for,
)

__all__: list[str] = []


@functools.cache
def _movielens() -> Any:
    """Load the ml-latest-small ratings once (reading the file takes a fraction of a second)."""
    import helpers
    from helpers.ratings import load_movielens

    return load_movielens(helpers.DATA_DIR / "ml-latest-small" / "ratings.csv")


# --- 08.1: how many ratings does a typical user give? -------------------------------------------


def _median_ratings_per_user() -> float:
    return float(np.median(_movielens().user_counts))


def _judge_median(answer: Any) -> Verdict:
    value = as_number(answer, name="my_median")
    data = _movielens()
    expected = _median_ratings_per_user()
    if abs(value - expected) <= 0.5:
        return correct("that is the median number of ratings per MovieLens user.")
    slips = [
        (
            len(data) / data.n_users,
            "that is the mean number of ratings per user; a few very "
            "active users pull the mean far above the typical user (the long tail of section 3). "
            "The median is the middle user's count.",
        ),
        (
            float(np.median(data.item_counts)),
            "that is the median number of ratings per movie; the task asks about users.",
        ),
        (
            len(data) / data.n_items,
            "that is the mean number of ratings per movie; the task asks for the median per user.",
        ),
        (
            100_480_507 / 480_189,
            "that is the Netflix average from the slide; the task asks "
            "about the MovieLens users in data.",
        ),
    ]
    for slip, message in slips:
        if abs(value - slip) <= 0.5:
            return not_yet(message)
    problem = diagnose_number(value, expected, rtol=0.01)
    return not_yet(
        f"my_median {problem}; count the ratings of each user, then take the middle of those "
        "counts."
    )


register(
    Exercise(
        id="08.1-median-ratings",
        notebook="08",
        lecture=(19,),
        difficulty=1,
        title="how many movies does a typical user rate?",
        judge=_judge_median,
        right=(
            _median_ratings_per_user,
            lambda: int(np.floor(_median_ratings_per_user())),
            lambda: np.int64(np.ceil(_median_ratings_per_user())),
        ),
        wrong=(
            (lambda: len(_movielens()) / _movielens().n_users, "mean"),
            (lambda: float(np.median(_movielens().item_counts)), "movie"),
            (lambda: round(100_480_507 / 480_189), "Netflix"),
        ),
    )
)


# --- 08.2: which part decides? ------------------------------------------------------------------

_PARTS = {
    "fit": "the fit part was used to learn the factors: a bigger model always looks better "
    "there, so it cannot tell you which generalises.",
    "test": "the test set must stay unseen until the one final number; choosing on it makes "
    "that number optimistic.",
}


def _judge_part(answer: Any) -> Verdict:
    if not isinstance(answer, str):
        raise AnswerError(
            "my_part should be one of the strings 'fit', 'validation' or 'test' (in quotes)."
        )
    word = answer.strip().lower().removesuffix(" set").removesuffix(" part")
    if word in ("validation", "valid", "val"):
        return correct("compare models on the validation part; keep the test set for the end.")
    if word in ("fit", "train", "training", "fit_part"):
        return not_yet(_PARTS["fit"])
    if word == "test":
        return not_yet(_PARTS["test"])
    return not_yet("answer with one of the strings 'fit', 'validation' or 'test'.")


register(
    Exercise(
        id="08.2-which-part",
        notebook="08",
        lecture=(),
        difficulty=1,
        title="which part decides?",
        judge=_judge_part,
        right=(lambda: "validation", lambda: "Validation", lambda: "validation set"),
        wrong=(
            (lambda: "test", "optimistic"),
            (lambda: "fit", "bigger model"),
            (lambda: "train", "bigger model"),
        ),
    )
)


# --- 08.3: the loss over the observed ratings only ----------------------------------------------
# J = sum over the observed (u, i) of (r_ui - p_u . q_i)^2: the missing ratings are unknown.


@functools.cache
def _observed_cases() -> tuple[tuple[np.ndarray, ...], ...]:
    rng = np.random.default_rng(8083)
    cases = []
    for n_users, n_items, k, n in [(6, 9, 2, 20), (11, 4, 3, 25), (5, 7, 1, 12)]:
        cells = rng.choice(n_users * n_items, size=n, replace=False)
        users, items = cells // n_items, cells % n_items
        values = rng.integers(1, 11, size=n) / 2.0
        P = rng.normal(1.0, 0.5, (n_users, k))
        Q = rng.normal(1.0, 0.5, (n_items, k))
        cases.append((P, Q, users, items, values))
    return tuple(cases)


def _observed_loss(P, Q, users, items, values) -> float:
    return float(np.sum((values - np.sum(P[users] * Q[items], axis=1)) ** 2))


def _dense_loss(P, Q, users, items, values) -> float:
    A = np.zeros((P.shape[0], Q.shape[0]))
    A[users, items] = values
    return float(np.sum((A - P @ Q.T) ** 2))


def _judge_observed(answer: Any) -> Verdict:
    for k, (P, Q, users, items, values) in enumerate(_observed_cases(), start=1):
        try:
            result = call(answer, P, Q, users, items, values, name="my_observed_loss")
        except AnswerError as error:
            if "IndexError" not in str(error):
                raise
            raise AnswerError(
                f"{error} Rating n belongs to row users[n] of P (one row per user) and row "
                "items[n] of Q (one row per item)."
            ) from None
        value = as_number(result, name="what my_observed_loss returned")
        expected = _observed_loss(P, Q, users, items, values)
        where = f"case {k}: {P.shape[0]} users, {Q.shape[0]} items, {len(values)} ratings"
        if diagnose_number(value, expected, rtol=1e-9) is None:
            continue
        n = len(values)
        slips = [
            (
                _dense_loss(P, Q, users, items, values),
                "that counts every missing rating as a "
                "zero star rating; missing ratings are unknown, and the loss runs over the "
                "observed ones only",
            ),
            (
                expected / n,
                "that is the mean squared error; J is the sum over the observed ratings",
            ),
            (np.sqrt(expected / n), "that is the RMSE; J is the sum of the squared errors"),
        ]
        for slip, message in slips:
            if diagnose_number(value, slip, rtol=1e-9) is None:
                return not_yet(f"{message} ({where}).")
        problem = diagnose_number(value, expected, rtol=1e-9)
        return not_yet(
            f"what my_observed_loss returned {problem} ({where}); rating n belongs to row "
            "users[n] of P and row items[n] of Q."
        )
    return correct("my_observed_loss sums the squared errors over the observed ratings only.")


def _observed_loop(P, Q, users, items, values) -> float:
    total = 0.0
    for u, i, r in zip(users, items, values, strict=True):
        total += (r - P[u] @ Q[i]) ** 2
    return total


register(
    Exercise(
        id="08.3-observed-loss",
        notebook="08",
        lecture=(21, 23),
        difficulty=2,
        title="the loss over the observed ratings only",
        judge=_judge_observed,
        right=(
            lambda: _observed_loss,
            lambda: _observed_loop,
            lambda: (
                lambda P, Q, users, items, values: float(
                    np.sum(((P @ Q.T)[users, items] - values) ** 2)
                )
            ),
        ),
        wrong=(
            (lambda: _dense_loss, "unknown"),
            (
                lambda: (
                    lambda P, Q, users, items, values: float(
                        np.mean((values - np.sum(P[users] * Q[items], axis=1)) ** 2)
                    )
                ),
                "mean squared error",
            ),
            (
                lambda: (
                    lambda P, Q, users, items, values: float(
                        np.sum((values - np.sum(P[items] * Q[users], axis=1)) ** 2)
                    )
                ),
                "users[n]",
            ),
            (
                lambda: (
                    lambda P, Q, users, items, values: float(
                        np.sqrt(np.mean((values - np.sum(P[users] * Q[items], axis=1)) ** 2))
                    )
                ),
                "RMSE",
            ),
        ),
    )
)


# --- 08.4: Funk SVD's update for one rating, biases included ------------------------------------
# e = r - (mu + b_u + b_i + p_u . q_i); b_u += lr (e - reg b_u); b_i += lr (e - reg b_i);
# p_u += lr (e q_i - reg p_u); q_i += lr (e p_u - reg q_i) with the old p_u (or the new one).


@functools.cache
def _update_cases() -> tuple[dict[str, Any], ...]:
    rng = np.random.default_rng(8084)
    cases = []
    for k, lr, reg, r in [
        (3, 0.05, 0.1, 4.5),
        (5, 0.02, 0.05, 1.0),
        (2, 0.1, 0.2, 3.0),
        (4, 0.01, 0.02, 5.0),
    ]:
        cases.append(
            dict(
                r_ui=r,
                mu=3.5,
                b_u=float(rng.normal(0, 0.3)),
                b_i=float(rng.normal(0, 0.3)),
                p_u=rng.normal(0, 0.5, k),
                q_i=rng.normal(0, 0.5, k),
                lr=lr,
                reg=reg,
            )
        )
    return tuple(cases)


def _funk_update(
    r_ui,
    mu,
    b_u,
    b_i,
    p_u,
    q_i,
    lr,
    reg,
    *,
    new_p=False,
    sign=1.0,
    with_biases=True,
    with_mu=True,
    reg_sign=1.0,
    reg_lr=True,
    recompute=False,
    use_reg=True,
):
    p_u = np.asarray(p_u, dtype=float)
    q_i = np.asarray(q_i, dtype=float)
    reg = reg if use_reg else 0.0

    def error(b_u, b_i):
        prediction = p_u @ q_i
        if with_biases:
            prediction = prediction + b_u + b_i + (mu if with_mu else 0.0)
        return sign * (r_ui - prediction)

    def step(value, gradient_part):
        if reg_lr:
            return value + lr * (gradient_part - reg_sign * reg * value)
        return value + lr * gradient_part - reg_sign * reg * value

    e = error(b_u, b_i)
    new_b_u = step(b_u, e)
    if recompute:
        e = error(new_b_u, b_i)
    new_b_i = step(b_i, e)
    if recompute:
        e = error(new_b_u, new_b_i)
    new_p_u = step(p_u, e * q_i)
    new_q_i = step(q_i, e * (new_p_u if new_p else p_u))
    return new_b_u, new_b_i, new_p_u, new_q_i


_UPDATE_SLIPS = (
    (
        dict(sign=-1.0),
        "the error has the wrong sign: e = r_ui minus the prediction, and the "
        "updates step along +lr e (gradient descent on e^2 / 2)",
    ),
    (
        dict(with_biases=False),
        "the prediction inside e leaves out mu + b_u + b_i: Funk's model "
        "predicts mu + b_u + b_i + p_u . q_i",
    ),
    (dict(with_mu=False), "the prediction inside e leaves out the global mean mu"),
    (
        dict(reg_sign=-1.0),
        "the weight decay has the wrong sign: -reg b pulls every parameter towards zero",
    ),
    (
        dict(reg_lr=False),
        "lr multiplies the whole bracket, the error term and the weight decay -reg b together",
    ),
    (dict(use_reg=False), "the weight decay reg is missing from the updates"),
    (
        dict(recompute=True),
        "compute e once per rating, before any update, and use that same e in all four updates",
    ),
)
_PARTS_NAMES = ("b_u", "b_i", "p_u", "q_i")


def _update_answer(answer: Any, case: dict[str, Any]) -> list[np.ndarray]:
    result = call(
        answer,
        *(case[key] for key in ("r_ui", "mu", "b_u", "b_i", "p_u", "q_i", "lr", "reg")),
        name="my_funk_update",
    )
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        raise AnswerError(
            "my_funk_update should return the four updated values (b_u, b_i, p_u, q_i), in "
            "this order."
        )
    parts = []
    for name, part, like in zip(
        _PARTS_NAMES, result, (0.0, 0.0, case["p_u"], case["q_i"]), strict=True
    ):
        array = as_array(part, name=f"the new {name}")
        if array.size != np.size(like):
            raise AnswerError(
                f"the new {name} has {array.size} entries but {np.size(like)} are expected: "
                f"{name} keeps its shape through an update."
            )
        parts.append(array.reshape(np.shape(like)))
    return parts


def _close(parts: list[np.ndarray], expected: tuple, rtol: float) -> bool:
    return all(
        np.allclose(p, e, rtol=rtol, atol=1e-12) for p, e in zip(parts, expected, strict=True)
    )


def _judge_update(answer: Any) -> Verdict:
    for k, case in enumerate(_update_cases(), start=1):
        parts = _update_answer(answer, case)
        rtol = max(rtol_for(part, 1e-9) for part in parts)
        if any(_close(parts, _funk_update(**case, new_p=new_p), rtol) for new_p in (False, True)):
            continue
        where = f"(rating {k}: r_ui = {case['r_ui']}, lr = {case['lr']}, reg = {case['reg']})"
        for slip, message in _UPDATE_SLIPS:
            if any(
                _close(parts, _funk_update(**case, new_p=new_p, **slip), rtol)
                for new_p in (False, True)
            ):
                return not_yet(f"{message} {where}.")
        expected = _funk_update(**case)
        lab_order = _funk_update(**case, new_p=True)
        wrong = []
        for name, part, right, right_lab in zip(
            _PARTS_NAMES, parts, expected, lab_order, strict=True
        ):
            if not (
                np.allclose(part, right, rtol=rtol, atol=1e-12)
                or np.allclose(part, right_lab, rtol=rtol, atol=1e-12)
            ):
                wrong.append((name, diagnose_array(part, right, rtol=rtol)))
        names = ", ".join(name for name, _ in wrong)
        first, problem = wrong[0]
        return not_yet(
            f"the new {names} {'is' if len(wrong) == 1 else 'are'} not right {where}: the new "
            f"{first} {problem}. Each parameter moves by lr times (its part of e's gradient "
            "minus reg times itself)."
        )
    return correct(
        "my_funk_update moves the biases and the factors exactly as Funk SVD does, for every "
        "rating."
    )


def _update_lists(*args):
    b_u, b_i, p_u, q_i = _funk_update(*args)
    return float(b_u), float(b_i), p_u.tolist(), q_i.tolist()


register(
    Exercise(
        id="08.4-funk-update",
        notebook="08",
        lecture=(22, 23),
        difficulty=3,
        title="Funk SVD's update for one rating, biases included",
        judge=_judge_update,
        right=(
            lambda: _funk_update,
            lambda: lambda *args: _funk_update(*args, new_p=True),
            lambda: _update_lists,
        ),
        wrong=(
            (lambda: lambda *args: _funk_update(*args, sign=-1.0), "sign"),
            (lambda: lambda *args: _funk_update(*args, with_biases=False), "mu + b_u + b_i"),
            (lambda: lambda *args: _funk_update(*args, reg_sign=-1.0), "weight decay"),
            (lambda: lambda *args: _funk_update(*args, reg_lr=False), "whole bracket"),
            (lambda: lambda *args: _funk_update(*args, recompute=True), "once"),
            (lambda: lambda *args: _funk_update(*args)[:2], "four"),
            (
                lambda: (
                    lambda *args: (lambda b_u, b_i, p_u, q_i: (b_u, b_i, p_u, 2 * q_i))(
                        *_funk_update(*args)
                    )
                ),
                "q_i",
            ),
        ),
    )
)
