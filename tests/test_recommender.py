"""Tests of helpers.recommender: baselines, Funk SVD, reference loop vs numba kernel."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import calculus
from helpers.ratings import Ratings, train_test_split
from helpers.recommender import (
    BiasBaseline,
    FunkSVD,
    GlobalMean,
    rmse,
    sgd_epoch_reference,
)


def _random_ratings(n_users=30, n_items=20, n=200, seed=0) -> Ratings:
    rng = np.random.default_rng(seed)
    cells = rng.choice(n_users * n_items, size=n, replace=False)
    values = rng.choice(np.arange(1, 11) / 2, size=n)
    # raw ids that are neither contiguous nor starting at 0
    return Ratings.from_arrays(100 + 3 * (cells // n_items), 7 * (cells % n_items) + 1, values)


def _low_rank_ratings(n_users=60, n_items=40, rank=2, observed=0.6, seed=1) -> Ratings:
    """Ratings from an exact rank-2 matrix (plus an offset), a fraction of entries observed."""
    rng = np.random.default_rng(seed)
    U = rng.normal(0.0, 0.6, (n_users, rank))
    V = rng.normal(0.0, 0.6, (n_items, rank))
    A = np.clip(3.0 + U @ V.T, 0.5, 5.0)
    mask = rng.random(A.shape) < observed
    users, items = np.nonzero(mask)
    return Ratings.from_arrays(users, items, A[users, items])


# ---------------------------------------------------------------------------------------------
# The SGD update: readable loop, its gradient, and the numba kernel
# ---------------------------------------------------------------------------------------------
def test_reference_update_of_one_rating_by_hand():
    P, Q = np.array([[1.0, 2.0]]), np.array([[0.5, -1.0]])
    bu, bi = np.array([0.2]), np.array([-0.1])
    mu, r, lr, reg = 3.0, 4.0, 0.1, 0.5
    e = r - (mu + 0.2 - 0.1 + (1.0 * 0.5 + 2.0 * -1.0))  # = 2.4
    sse = sgd_epoch_reference(
        np.array([0]), np.array([0]), np.array([r]), mu, bu, bi, P, Q, lr, reg, True
    )
    assert sse == pytest.approx(e**2)
    assert bu[0] == pytest.approx(0.2 + lr * (e - reg * 0.2))
    assert bi[0] == pytest.approx(-0.1 + lr * (e - reg * -0.1))
    np.testing.assert_allclose(
        P[0], [1.0 + lr * (e * 0.5 - reg * 1.0), 2.0 + lr * (e * -1 - reg * 2)]
    )
    # q uses the old p, not the one just updated
    np.testing.assert_allclose(
        Q[0], [0.5 + lr * (e * 1.0 - reg * 0.5), -1 + lr * (e * 2 - reg * -1)]
    )


def test_reference_update_is_a_gradient_step_on_the_per_rating_loss():
    # One rating's loss: 1/2 e^2 + reg/2 (b_u^2 + b_i^2 + |p_u|^2 + |q_i|^2); the update is
    # minus lr times its gradient (the factor 2 of the squares is absorbed, as on the slide).
    rng = np.random.default_rng(3)
    mu, r, lr, reg, k = 3.5, 4.5, 1e-3, 0.3, 4
    theta = rng.normal(size=2 + 2 * k)  # b_u, b_i, p_u, q_i

    def loss(t):
        e = r - (mu + t[0] + t[1] + t[2 : 2 + k] @ t[2 + k :])
        return 0.5 * e**2 + 0.5 * reg * np.sum(t**2)

    grad = calculus.gradient(loss, theta)
    bu, bi = theta[:1].copy(), theta[1:2].copy()
    P, Q = theta[2 : 2 + k].reshape(1, k).copy(), theta[2 + k :].reshape(1, k).copy()
    one = np.array([0])
    sgd_epoch_reference(one, one, np.array([r]), mu, bu, bi, P, Q, lr, reg, True)
    step = np.concatenate([bu, bi, P[0], Q[0]]) - theta
    np.testing.assert_allclose(step, -lr * grad, rtol=1e-6, atol=1e-12)


# Double precision: the kernel and the loop differ only in how additions are grouped, so they
# agree to 1e-10. Single precision: each side rounds to float32 at different points, so they
# agree to some tens of float32 steps (1.2e-7 relative each) after a few epochs.
TOLERANCE = {np.float64: {"rtol": 0, "atol": 1e-10}, np.float32: {"rtol": 1e-5, "atol": 1e-6}}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("biased", [True, False])
def test_numba_kernel_agrees_with_reference_loop(biased, dtype):
    train = _random_ratings()
    args = dict(rank=5, epochs=8, lr=0.01, reg=0.05, biased=biased, seed=4, dtype=dtype)
    fast = FunkSVD(**args).fit(train)
    slow = FunkSVD(**args, engine="python").fit(train)
    tol = TOLERANCE[dtype]
    assert fast.user_factors_.dtype == slow.item_factors_.dtype == dtype
    np.testing.assert_allclose(fast.user_factors_, slow.user_factors_, **tol)
    np.testing.assert_allclose(fast.item_factors_, slow.item_factors_, **tol)
    np.testing.assert_allclose(fast.user_bias_, slow.user_bias_, **tol)
    np.testing.assert_allclose(fast.item_bias_, slow.item_bias_, **tol)
    np.testing.assert_allclose(fast.history_["train_rmse"], slow.history_["train_rmse"], **tol)
    # the two prediction paths agree as well, unknown ids included
    users = np.array([100, 103, 999, 100])
    items = np.array([1, 8, 1, 12345])
    np.testing.assert_allclose(fast.predict(users, items), slow.predict(users, items), **tol)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("order", ["random", "by user", "repeated pair"])
def test_kernel_epoch_matches_reference_epoch_directly(order, dtype):
    # "by user" exercises the fused dot product (consecutive ratings of one user); "random"
    # mostly the plain path; "repeated pair" feeds the same (user, item) twice in a row, which
    # loaded ratings never contain, to show the fused path stays right even then.
    from helpers import _sgd_kernels

    train = _random_ratings(seed=5)
    rng = np.random.default_rng(0)
    state = [rng.normal(0, 0.1, s) for s in ((30,), (20,), (30, 6), (20, 6))]
    state[2:] = [x.astype(dtype) for x in state[2:]]
    a = [x.copy() for x in state]
    b = [x.copy() for x in state]
    order_index = rng.permutation(len(train))
    if order == "by user":
        order_index = order_index[np.argsort(train.user_index[order_index], kind="stable")]
    elif order == "repeated pair":
        order_index = np.repeat(order_index, 2)
    users, items = train.user_index[order_index], train.item_index[order_index]
    common = (users, items, train.values[order_index], 3.3)
    if order == "by user":
        assert np.mean(users[1:] == users[:-1]) > 0.8
    sse_a = sgd_epoch_reference(*common, *a, 0.02, 0.1, True)
    sse_b = _sgd_kernels.sgd_epoch(*common, *b, 0.02, 0.1, True)
    assert sse_a == pytest.approx(sse_b, rel=1e-12 if dtype == np.float64 else 1e-5)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_allclose(x, y, **TOLERANCE[dtype])


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 40).flatmap(lambda k: st.tuples(st.just(k), st.lists(st.integers(0, k - 1)))))
def test_counting_sort_is_numpys_stable_argsort(case):
    from helpers import _sgd_kernels

    n_keys, keys = case
    keys = np.array(keys, dtype=np.int64)
    np.testing.assert_array_equal(
        _sgd_kernels.stable_group(keys, n_keys), np.argsort(keys, kind="stable")
    )


def test_both_engines_visit_ratings_in_the_same_order():
    train = _random_ratings(seed=6)
    fast = FunkSVD(engine="numba")._visiting_order(train, np.random.default_rng(3))
    slow = FunkSVD(engine="python")._visiting_order(train, np.random.default_rng(3))
    np.testing.assert_array_equal(fast, slow)
    assert sorted(fast.tolist()) == list(range(len(train)))  # every rating once
    users = train.user_index[fast]
    assert np.count_nonzero(np.diff(users)) == train.n_users - 1  # each user's ratings together


def test_single_and_double_precision_learn_the_same_model():
    train, test = train_test_split(_low_rank_ratings(seed=3), 0.2, seed=1)
    args = dict(rank=3, epochs=60, lr=0.02, reg=0.01, init_std=0.3, seed=2)
    single = FunkSVD(**args).fit(train)
    double = FunkSVD(**args, dtype=np.float64).fit(train)
    assert single.user_factors_.dtype == np.float32
    assert double.item_factors_.dtype == np.float64
    assert abs(single.rmse(test) - double.rmse(test)) < 1e-4
    np.testing.assert_allclose(single.item_factors_, double.item_factors_, atol=1e-4)


# ---------------------------------------------------------------------------------------------
# Learning
# ---------------------------------------------------------------------------------------------
def test_funk_svd_completes_a_low_rank_matrix():
    ratings = _low_rank_ratings()
    train, test = train_test_split(ratings, 0.2, seed=0)
    # small initial factors start near a saddle point of the loss; 300 epochs leave room to
    # escape it for every seed tried (0-5)
    model = FunkSVD(rank=2, epochs=300, lr=0.02, reg=0.0, init_std=0.3).fit(train, test)
    baseline = BiasBaseline(0.0, 0.0).fit(train)
    assert model.rmse(test) < 0.1 < baseline.rmse(test)
    # training error falls (nearly) monotonically and ends small
    history = np.array(model.history_["train_rmse"])
    assert history[-1] < 0.05 and history[-1] < history[0] / 5
    assert len(model.history_["validation_rmse"]) == 300


def test_unbiased_funk_svd_learns_without_biases():
    ratings = _low_rank_ratings(seed=2)
    model = FunkSVD(rank=3, epochs=100, lr=0.01, reg=0.0, biased=False, init_std=0.5).fit(ratings)
    assert np.all(model.user_bias_ == 0) and np.all(model.item_bias_ == 0)
    assert model.rmse(ratings) < 0.15


def test_history_can_be_switched_off_and_fit_is_deterministic():
    train = _random_ratings()
    a = FunkSVD(rank=3, epochs=3, seed=9).fit(train, history=False)
    b = FunkSVD(rank=3, epochs=3, seed=9).fit(train)
    assert a.history_["train_rmse"] == [] and b.history_["epoch"] == [1, 2, 3]
    np.testing.assert_array_equal(a.user_factors_, b.user_factors_)


def test_divergence_stops_with_an_error_naming_lr():
    train = _random_ratings()
    with pytest.raises(FloatingPointError, match=r"lr=50 is too large.*lr=5"):
        FunkSVD(rank=5, epochs=20, lr=50.0).fit(train)


# ---------------------------------------------------------------------------------------------
# Baselines
# ---------------------------------------------------------------------------------------------
def test_global_mean():
    train = _random_ratings()
    model = GlobalMean().fit(train)
    assert model.predict(100, 1) == pytest.approx(train.values.mean())
    assert model.rmse(train) == pytest.approx(train.values.std())


def test_bias_baseline_recovers_additive_ratings():
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 0.4, 8), rng.normal(0, 0.4, 6)
    users, items = np.meshgrid(np.arange(8), np.arange(6), indexing="ij")
    values = 3.0 + a[users] + b[items]
    ratings = Ratings.from_arrays(users.ravel(), items.ravel(), values.ravel())
    model = BiasBaseline(0.0, 0.0, iterations=50).fit(ratings)
    assert model.rmse(ratings) < 1e-8


def test_bias_baseline_minimises_its_regularised_objective():
    train = _random_ratings()
    model = BiasBaseline(reg_users=4.0, reg_items=2.0, iterations=300).fit(train)
    u, i, r = train.user_index, train.item_index, train.values
    mu = train.values.mean()

    def objective(theta):
        bu, bi = theta[: train.n_users], theta[train.n_users :]
        e = r - mu - bu[u] - bi[i]
        return np.sum(e**2) + 4.0 * np.sum(bu**2) + 2.0 * np.sum(bi**2)

    theta = np.concatenate([model.user_bias_, model.item_bias_])
    np.testing.assert_allclose(calculus.gradient(objective, theta), 0.0, atol=1e-6)
    # regularisation pulls a user with a single rating towards the mean
    few = BiasBaseline(reg_users=1e6, reg_items=1e6).fit(train)
    np.testing.assert_allclose(few.predict(train.raw_users, train.raw_items), mu, atol=1e-3)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"reg_users": -1.0}, "reg_users"),
        ({"reg_items": np.nan}, "reg_items"),
        ({"iterations": 0}, "iterations"),
    ],
)
def test_bias_baseline_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        BiasBaseline(**kwargs)


# ---------------------------------------------------------------------------------------------
# Prediction with raw ids, fallbacks and clipping
# ---------------------------------------------------------------------------------------------
def test_unknown_users_and_items_fall_back_to_the_baseline():
    train = _random_ratings()
    model = FunkSVD(rank=4, epochs=5).fit(train)
    item = int(train.item_ids[0])
    expected_item = np.clip(model.mu_ + model.item_bias_[0], *train.scale)
    assert model.predict(424242, item) == pytest.approx(expected_item)
    assert model.predict(424242, 777777) == pytest.approx(model.mu_)
    unbiased = FunkSVD(rank=4, epochs=5, biased=False).fit(train)
    assert unbiased.predict(424242, item) == pytest.approx(unbiased.mu_)


def test_users_without_training_ratings_count_as_unknown():
    ratings = _random_ratings()
    train = ratings.subset(ratings.user_index != 0)  # shares the id map, user 0 has no rating
    model = FunkSVD(rank=4, epochs=5).fit(train)
    user0 = int(ratings.user_ids[0])
    item = int(train.item_ids[0])
    assert model.predict(user0, item) == pytest.approx(
        np.clip(model.mu_ + model.item_bias_[0], *train.scale)
    )
    # rmse on a part with the shared map and on raw ids give the same number
    held_out = ratings.subset(ratings.user_index == 0)
    by_raw = rmse(model.predict(held_out.raw_users, held_out.raw_items), held_out.values)
    assert model.rmse(held_out) == pytest.approx(by_raw)


def test_predictions_are_clipped_to_the_scale():
    ratings = Ratings.from_arrays([1, 1, 2, 2], [1, 2, 1, 2], [5.0, 5.0, 5.0, 0.5])
    model = FunkSVD(rank=2, epochs=300, lr=0.05, reg=0.0).fit(ratings)
    predictions = model.predict([1, 1, 2, 2], [1, 2, 1, 2])
    assert predictions.min() >= 0.5 and predictions.max() <= 5.0
    assert model._predict_index(np.array([0]), np.array([0]))[0] > 5.0  # unclipped overshoots
    assert model.predict(1, 1) == 5.0


def test_predict_broadcasts_and_returns_float_for_scalars():
    model = GlobalMean().fit(_random_ratings())
    assert isinstance(model.predict(100, 1), float)
    assert model.predict(100, [1, 8, 15]).shape == (3,)


def test_predict_needs_fit_and_integer_ids():
    with pytest.raises(RuntimeError, match="not fitted"):
        FunkSVD().predict(1, 1)
    model = GlobalMean().fit(_random_ratings())
    with pytest.raises(TypeError, match="user_ids must be integer"):
        model.predict(1.5, 1)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rank": 0}, "rank"),
        ({"epochs": 0}, "epochs"),
        ({"lr": 0.0}, "lr"),
        ({"lr": np.inf}, "lr"),
        ({"reg": -0.1}, "reg"),
        ({"init_std": np.nan}, "init_std"),
        ({"engine": "cuda"}, "engine"),
        ({"dtype": np.float16}, "dtype must be float32 or float64"),
        ({"dtype": "int64"}, "dtype must be float32 or float64"),
        ({"dtype": None}, "dtype must be float32 or float64"),
        ({"dtype": "not a type"}, "dtype must be float32 or float64"),
    ],
)
def test_funk_svd_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        FunkSVD(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rank": 2.5}, "rank must be an integer, got float 2.5"),
        ({"epochs": "3"}, "epochs must be an integer"),
        ({"lr": "0.005"}, "lr must be a real number, got str '0.005'"),
        ({"reg": None}, "reg must be a real number"),
        ({"biased": "yes"}, "biased must be True or False"),
        ({"seed": "a"}, "seed must be a non-negative integer, None or a numpy.random.Generator"),
        ({"seed": 1.5}, "seed must be a non-negative integer, None or a numpy.random.Generator"),
    ],
)
def test_funk_svd_rejects_parameters_of_the_wrong_type(kwargs, match):
    with pytest.raises(TypeError, match=match):
        FunkSVD(**kwargs)


def test_funk_svd_rejects_a_negative_seed_and_bias_baseline_a_float_count():
    with pytest.raises(ValueError, match="seed must be a non-negative integer, got -1"):
        FunkSVD(seed=-1)
    with pytest.raises(TypeError, match=r"iterations must be an integer, got float 2\.0"):
        BiasBaseline(iterations=2.0)


def test_runaway_factors_are_caught_although_they_stay_finite():
    # lr=30 without biases used to leave factors near 1e12 with no warning
    train = Ratings.from_arrays([1, 1, 2, 2, 3], [7, 8, 7, 8, 7], [5, 1, 4.5, 1.5, 5.0])
    with pytest.raises(
        FloatingPointError, match=r"epoch 1: the factors ran away \(p_u \. q_i up to about .*lr=30"
    ):
        FunkSVD(rank=2, epochs=1, lr=30, biased=False).fit(train)
    with pytest.raises(ValueError, match=r"lr=30 is too large for this data; try.*lr=3"):
        FunkSVD(rank=2, epochs=1, lr=30, biased=False).fit(train)


def test_a_huge_init_std_is_named_instead_of_blaming_lr():
    train = _random_ratings()
    for init_std in (1e30, 1e40):  # 1e40 overflows float32 itself
        with pytest.raises(
            ValueError, match=re.escape(f"init_std={init_std:g} is too large")
        ) as info:
            FunkSVD(rank=3, epochs=2, init_std=init_std).fit(train)
        assert "lr" not in str(info.value)


def test_ordinary_training_is_not_taken_for_a_runaway():
    # large but sensible settings: init_std=1 at rank 100, many epochs
    train = _random_ratings()
    model = FunkSVD(rank=100, epochs=30, init_std=1.0, lr=0.01).fit(train)
    assert np.isfinite(model.rmse(train))


def test_predict_with_ids_that_do_not_broadcast():
    model = GlobalMean().fit(_random_ratings())
    with pytest.raises(
        ValueError, match=r"user_ids and item_ids must have the same shape.*\(2,\) and \(3,\)"
    ):
        model.predict([1, 2], [7, 8, 7])


def test_rmse_rejects_complex_values():
    # rmse([1+5j], [1]) used to be 0
    with pytest.raises(TypeError, match="predicted must be real, got complex values"):
        rmse(np.array([1 + 5j]), np.array([1.0]))


def test_fit_history_flag_must_be_a_bool():
    with pytest.raises(TypeError, match="history must be True or False"):
        FunkSVD(rank=2, epochs=1).fit(_random_ratings(), history="no")


def test_fit_rejects_bad_data():
    with pytest.raises(TypeError, match="ratings must be"):
        FunkSVD().fit(np.ones((3, 3)))
    train = _random_ratings()
    with pytest.raises(ValueError, match="validation is empty"):
        FunkSVD(rank=2, epochs=1).fit(train, train.subset(np.zeros(len(train), bool)))


def test_rmse_function():
    assert rmse([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == 0.0
    assert rmse([0.0, 0.0], [3.0, 4.0]) == pytest.approx(np.sqrt(12.5))
    with pytest.raises(ValueError, match="same non-empty shape"):
        rmse([1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        rmse([np.nan], [1.0])


# ---------------------------------------------------------------------------------------------
# What the factors are used for
# ---------------------------------------------------------------------------------------------
def _two_taste_ratings(seed=0) -> Ratings:
    """Items 0-9 are one genre, 10-19 another; half the users like each genre."""
    rng = np.random.default_rng(seed)
    users, items, values = [], [], []
    for u in range(40):
        likes_first = u < 20
        for i in rng.choice(20, size=14, replace=False):
            liked = (i < 10) == likes_first
            users.append(u)
            items.append(i)
            values.append(4.5 if liked else 1.5)
    return Ratings.from_arrays(users, items, values)


def test_similar_items_finds_the_same_genre():
    ratings = _two_taste_ratings()
    model = FunkSVD(rank=2, epochs=200, lr=0.02, reg=0.01).fit(ratings)
    similar = model.similar_items(3, n=5)
    assert len(similar) == 5
    ids = [i for i, _ in similar]
    scores = [s for _, s in similar]
    assert 3 not in ids and all(i < 10 for i in ids)
    assert scores == sorted(scores, reverse=True) and -1 <= min(scores) <= max(scores) <= 1
    with pytest.raises(ValueError, match="item_id 99 has no training ratings"):
        model.similar_items(99)
    with pytest.raises(ValueError, match="n must be"):
        model.similar_items(3, n=0)
    # min_ratings filters thinly rated items out
    assert model.similar_items(3, n=50, min_ratings=10_000) == []


def test_recommend_excludes_rated_items_and_prefers_the_users_genre():
    ratings = _two_taste_ratings()
    model = FunkSVD(rank=2, epochs=200, lr=0.02, reg=0.01).fit(ratings)
    user = 5  # likes items 0-9
    rated = set(ratings.raw_items[ratings.raw_users == user].tolist())
    recommended = model.recommend(user, n=3)
    ids = [i for i, _ in recommended]
    assert not rated & set(ids)
    assert all(i < 10 for i in ids)
    scores = [s for _, s in recommended]
    assert scores == sorted(scores, reverse=True)
    # an unknown user gets the items with the best baseline prediction
    unknown = model.recommend(123456, n=4)
    baseline = model.mu_ + model.item_bias_
    assert [i for i, _ in unknown] == list(np.argsort(-baseline, kind="stable")[:4])
    with pytest.raises(ValueError, match="min_ratings must be"):
        model.recommend(user, min_ratings=0)


def test_recommend_ranks_by_unclipped_predictions():
    # a generous user: many predictions above 5 stars, which clipping would turn into ties
    ratings = _two_taste_ratings()
    model = FunkSVD(rank=2, epochs=200, lr=0.02, reg=0.01).fit(ratings)
    model.user_bias_ = model.user_bias_ + 3.0
    user = 5
    u = int(np.searchsorted(model.user_ids_, user))
    recommended = model.recommend(user, n=5)
    unrated = np.setdiff1d(
        np.arange(model.item_ids_.size), ratings.item_index[ratings.raw_users == user]
    )
    raw = (
        model.mu_
        + model.user_bias_[u]
        + model.item_bias_[unrated]
        + (model.item_factors_[unrated] @ model.user_factors_[u])
    )
    assert np.sum(raw > model.scale_[1]) >= 2  # the clipped scores would tie
    order = unrated[np.argsort(-raw, kind="stable")[:5]]
    assert [i for i, _ in recommended] == model.item_ids_[order].tolist()
    assert all(model.scale_[0] <= s <= model.scale_[1] for _, s in recommended)


def test_reference_epoch_checks_its_arguments_before_the_loop():
    P, Q = np.zeros((2, 2)), np.zeros((2, 2))
    bu, bi = np.zeros(2), np.zeros(2)
    values = np.array([4.0, 3.0])
    with pytest.raises(ValueError, match="items must be indices between 0 and 1"):
        sgd_epoch_reference(
            np.array([0, 1]), np.array([0, 5]), values, 3.0, bu, bi, P, Q, 0.1, 0.0, True
        )
    with pytest.raises(TypeError, match="P must be a NumPy array of floats"):
        sgd_epoch_reference(
            np.array([0, 1]), np.array([0, 1]), values, 3.0, bu, bi, P.tolist(), Q, 0.1, 0.0, True
        )
    with pytest.raises(ValueError, match="mu must be a finite number"):
        sgd_epoch_reference(
            np.array([0, 1]), np.array([0, 1]), values, np.nan, bu, bi, P, Q, 0.1, 0.0, True
        )
    assert np.all(P == 0) and np.all(bu == 0)  # nothing was updated


def test_subset_and_title_refuse_bad_rows_and_ids():
    ratings = _random_ratings()
    with pytest.raises(ValueError, match="rows must be indices between"):
        ratings.subset([0, len(ratings)])
    with pytest.raises(ValueError, match="rows as a boolean mask must have length"):
        ratings.subset(np.ones(3, bool))
    with pytest.raises(TypeError, match="item_id must be an integer raw id"):
        ratings.title("7")
