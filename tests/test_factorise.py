"""Tests of helpers.factorise: the lecture's (S)GD factorisation and the lab's functions."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.factorise import (
    DivergenceError,
    gd_factorise,
    reconstruction_loss,
    sgd_factorise,
    sgd_factorise_masked,
)

SHAPES_AND_RANKS = [((6, 4), 2), ((4, 6), 1), ((8, 5), 3), ((7, 7), 3), ((10, 5), 2)]


def eckart_young_loss(A: np.ndarray, rank: int) -> float:
    """Sum of the squared discarded singular values (straight from numpy's SVD)."""
    s = np.linalg.svd(A, compute_uv=False)
    return float(np.sum(s[rank:] ** 2))


def truncated_svd_loss(A: np.ndarray, rank: int) -> float:
    """The loss of the truncated SVD itself, computed from its reconstruction."""
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    A_rank = U[:, :rank] @ np.diag(s[:rank]) @ Vt[:rank]
    return float(np.sum((A - A_rank) ** 2))


def reference_sgd(A, M, rank, num_epochs, lr, seed):
    """A plain transcription of the simultaneous rule (both updates from the old rows)."""
    rng = np.random.default_rng(seed)
    m, n = A.shape
    U = rng.uniform(0, 1, (m, rank))
    V = rng.uniform(0, 1, (n, rank))
    for _ in range(num_epochs):
        for r in range(m):
            for c in range(n):
                if M[r, c] == 0:
                    continue
                e = A[r, c] - U[r] @ V[c]
                u_old = U[r].copy()
                U[r] = U[r] + lr * e * V[c]
                V[c] = V[c] + lr * e * u_old
    return U, V


@pytest.fixture
def rng():
    return np.random.default_rng(20)


# --------------------------------------------------------------------------- the optimum
@pytest.mark.parametrize(("shape", "rank"), SHAPES_AND_RANKS)
def test_sgd_reaches_the_eckart_young_loss(shape, rank, rng):
    A = rng.standard_normal(shape)
    best = eckart_young_loss(A, rank)
    np.testing.assert_allclose(truncated_svd_loss(A, rank), best, rtol=1e-10)
    U, V = sgd_factorise(A, rank, num_epochs=600, lr=0.02, seed=1)
    loss = reconstruction_loss(A, U, V)
    assert best <= loss * (1 + 1e-12)  # nobody beats Eckart-Young
    assert loss <= 1.01 * best


@pytest.mark.parametrize(("shape", "rank"), SHAPES_AND_RANKS)
def test_gd_reaches_the_eckart_young_loss(shape, rank, rng):
    A = rng.standard_normal(shape)
    best = eckart_young_loss(A, rank)
    U, V = gd_factorise(A, rank, num_epochs=3000, lr=0.05, seed=1)
    loss = reconstruction_loss(A, U, V)
    assert best <= loss * (1 + 1e-12)
    assert loss <= 1.01 * best
    # full-batch GD has no gradient noise, so it gets much closer than 1%
    np.testing.assert_allclose(loss, best, rtol=1e-8)


def test_lab_defaults_reach_the_eckart_young_loss():
    # a small 3 x 3 matrix with entries of a few units, factorised with the lab's defaults
    A = np.array([[1.0, 2.0, 0.5], [3.0, 0.5, 2.0], [2.5, 1.0, 2.5]])
    for seed in range(3):
        U, V = sgd_factorise(A, 2, seed=seed)
        np.testing.assert_allclose(reconstruction_loss(A, U, V), eckart_young_loss(A, 2), rtol=1e-2)


def test_full_rank_factorisation_is_exact(rng):
    A = rng.standard_normal((5, 3))
    U, V = sgd_factorise(A, 3, num_epochs=2000, lr=0.1, seed=0)
    np.testing.assert_allclose(U @ V.T, A, atol=1e-8)


def test_history_matches_the_returned_factors(rng):
    A = rng.standard_normal((4, 3))
    U, V, history = sgd_factorise(A, 2, num_epochs=50, lr=0.02, seed=3, return_history=True)
    assert history.shape == (51,)
    np.testing.assert_allclose(history[-1], np.sum((A - U @ V.T) ** 2), rtol=1e-12)
    U0 = np.random.default_rng(3).uniform(0, 1, (4, 2))
    V0 = np.random.default_rng(3).uniform(0, 1, (4 + 3, 2))[4:]
    np.testing.assert_allclose(history[0], np.sum((A - U0 @ V0.T) ** 2), rtol=1e-12)
    _, _, gd_history = gd_factorise(A, 2, 40, 0.05, seed=3, return_history=True)
    assert gd_history.shape == (41,)
    assert gd_history[-1] < gd_history[0]


# --------------------------------------------------------------------------- the exact rule
def test_sgd_follows_the_simultaneous_rule_exactly(rng):
    A = rng.standard_normal((4, 3))
    U, V = sgd_factorise(A, 2, num_epochs=5, lr=0.03, seed=11, update="simultaneous")
    U_ref, V_ref = reference_sgd(A, np.ones(A.shape), 2, 5, 0.03, 11)
    np.testing.assert_array_equal(U, U_ref)
    np.testing.assert_array_equal(V, V_ref)


def test_masked_follows_the_simultaneous_rule_exactly(rng):
    A = rng.standard_normal((4, 5))
    M = (rng.uniform(size=A.shape) < 0.7).astype(int)
    U, V = sgd_factorise_masked(A, M, 2, num_epochs=5, lr=0.03, seed=4, update="simultaneous")
    U_ref, V_ref = reference_sgd(A, M, 2, 5, 0.03, 4)
    np.testing.assert_array_equal(U, U_ref)
    np.testing.assert_array_equal(V, V_ref)


def test_one_update_by_hand():
    # 1 x 1 matrix, rank 1: one update per epoch, computable by hand.
    A = np.array([[2.0]])
    u0, v0 = (float(x) for x in np.random.default_rng(5).uniform(0, 1, 2))
    e = 2.0 - u0 * v0
    U, V = sgd_factorise(A, 1, num_epochs=1, lr=0.1, seed=5, update="simultaneous")
    assert U[0, 0] == pytest.approx(u0 + 0.1 * e * v0, abs=1e-15)
    assert V[0, 0] == pytest.approx(v0 + 0.1 * e * u0, abs=1e-15)  # the OLD u, not the new one
    U, V = sgd_factorise(A, 1, num_epochs=1, lr=0.1, seed=5)  # the lab's order
    u1 = u0 + 0.1 * e * v0
    assert U[0, 0] == pytest.approx(u1, abs=1e-15)
    assert V[0, 0] == pytest.approx(v0 + 0.1 * e * u1, abs=1e-15)  # the NEW u, same e


def test_gd_step_is_the_gradient_with_the_factor_two_absorbed(rng):
    A = rng.standard_normal((4, 3))
    U0 = np.random.default_rng(8).uniform(0, 1, (4, 2))
    V0 = np.random.default_rng(8).uniform(0, 1, (4 + 3, 2))[4:]
    E = A - U0 @ V0.T
    lr = 0.05
    U, V = gd_factorise(A, 2, 1, lr, seed=8)
    np.testing.assert_allclose(U, U0 - (lr / 2) * (-2 * E @ V0), rtol=1e-14)
    np.testing.assert_allclose(V, V0 - (lr / 2) * (-2 * E.T @ U0), rtol=1e-14)


# --------------------------------------------------------------------------- masks
def test_masked_ignores_unobserved_entries(rng):
    A = rng.standard_normal((5, 4))
    M = np.ones(A.shape, dtype=int)
    M[0, 1] = M[2, 3] = M[4, 0] = 0
    B = A.copy()
    B[M == 0] = [100.0, -7.0, np.nan]
    U1, V1 = sgd_factorise_masked(A, M, 2, num_epochs=50, lr=0.02, seed=2)
    U2, V2 = sgd_factorise_masked(B, M, 2, num_epochs=50, lr=0.02, seed=2)
    np.testing.assert_array_equal(U1, U2)
    np.testing.assert_array_equal(V1, V2)


def test_full_mask_equals_unmasked(rng):
    A = rng.standard_normal((4, 4))
    U1, V1 = sgd_factorise(A, 2, num_epochs=20, lr=0.02, seed=9)
    U2, V2 = sgd_factorise_masked(A, np.ones((4, 4), dtype=bool), 2, 20, 0.02, seed=9)
    np.testing.assert_array_equal(U1, U2)
    np.testing.assert_array_equal(V1, V2)


def test_masked_completes_a_low_rank_matrix():
    P = np.array([[2.0, 0.5], [1.8, 0.7], [0.3, 2.0], [0.5, 1.9], [2.1, 0.8]])
    Q = np.array([[2.0, 0.3], [1.9, 0.4], [0.4, 2.1], [0.5, 2.0]])
    T = P @ Q.T
    M = np.ones(T.shape, dtype=int)
    M[0, 2] = M[1, 3] = M[3, 0] = M[4, 1] = 0
    U, V = sgd_factorise_masked(np.where(M == 1, T, np.nan), M, 2, seed=0)
    np.testing.assert_allclose((U @ V.T)[M == 0], T[M == 0], atol=1e-3)
    assert reconstruction_loss(T, U, V, M) < 1e-8


# --------------------------------------------------------------------------- determinism
def test_same_seed_same_result_different_seed_different_start(rng):
    A = rng.standard_normal((4, 3))
    for run in (
        lambda s: sgd_factorise(A, 2, 10, seed=s),
        lambda s: sgd_factorise_masked(A, np.ones(A.shape), 2, 10, seed=s),
        lambda s: gd_factorise(A, 2, 10, 0.05, seed=s),
    ):
        a, b, c = run(123), run(123), run(124)
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
        assert not np.array_equal(a[0], c[0])


def test_inputs_are_not_modified(rng):
    A = rng.standard_normal((3, 3))
    A_copy = A.copy()
    sgd_factorise(A, 2, 5, seed=0)
    gd_factorise(A, 2, 5, 0.05, seed=0)
    np.testing.assert_array_equal(A, A_copy)


def test_integer_and_list_input_is_accepted():
    U, V = sgd_factorise([[1, 2], [3, 4]], 1, 5, seed=0)
    assert U.dtype == np.float64 and U.shape == (2, 1) and V.shape == (2, 1)


# --------------------------------------------------------------------------- divergence
@pytest.mark.parametrize(
    "run",
    [
        lambda A: sgd_factorise(A, 2, 100, lr=5.0, seed=0),
        lambda A: sgd_factorise_masked(A, np.ones(A.shape), 2, 100, lr=5.0, seed=0),
        lambda A: gd_factorise(A, 2, 100, lr=5.0, seed=0),
    ],
)
def test_divergence_stops_with_a_clear_error(run, rng):
    A = 3 * rng.standard_normal((6, 4))
    with pytest.raises(DivergenceError, match=r"lr = 5.*smaller learning rate") as info:
        run(A)
    err = info.value
    assert err.lr == 5.0
    assert 1 <= err.epoch < 100
    assert len(err.history) == err.epoch + 1
    assert np.all(np.isfinite(err.history[:-1]))


def test_divergence_raises_no_warnings(rng):
    A = 3 * rng.standard_normal((6, 4))
    with np.errstate(all="raise"), pytest.raises(DivergenceError):
        gd_factorise(A, 2, 100, lr=5.0, seed=0)


# --------------------------------------------------------------------------- bad input
GOOD_A = np.arange(12, dtype=float).reshape(4, 3)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"A": np.ones(3)}, ValueError, "A must be 2-D"),
        ({"A": np.ones((0, 3))}, ValueError, "A must not be empty"),
        ({"A": [["a", "b"], ["c", "d"]]}, TypeError, "A must be a 2-D array of real numbers"),
        ({"A": np.ones((2, 2)) * 1j}, TypeError, "A must be real"),
        ({"A": np.array([[1.0, np.nan], [0.0, 1.0]])}, ValueError, r"A must be finite.*\(0, 1\)"),
        ({"A": np.array([[1.0, 2.0], [np.inf, 1.0]])}, ValueError, "A must be finite"),
        ({"rank": 0}, ValueError, "rank must be between 1 and min"),
        ({"rank": 4}, ValueError, r"rank must be between 1 and min\(m, n\) = 3"),
        ({"rank": 2.0}, TypeError, "rank must be an integer"),
        ({"rank": True}, TypeError, "rank must be an integer"),
        ({"num_epochs": 0}, ValueError, "num_epochs must be at least 1"),
        ({"num_epochs": 10.5}, TypeError, "num_epochs must be an integer"),
        ({"lr": 0.0}, ValueError, "lr must be a positive"),
        ({"lr": -0.1}, ValueError, "lr must be a positive"),
        ({"lr": np.nan}, ValueError, "lr must be a positive"),
        ({"lr": np.inf}, ValueError, "lr must be a positive"),
        ({"lr": "0.1"}, TypeError, "lr must be a real number"),
    ],
)
@pytest.mark.parametrize("which", ["sgd", "masked", "gd"])
def test_bad_input(kwargs, error, match, which):
    args = {"A": GOOD_A, "rank": 2, "num_epochs": 3, "lr": 0.01} | kwargs
    A = args.pop("A")
    with pytest.raises(error, match=match):
        if which == "sgd":
            sgd_factorise(A, **args)
        elif which == "gd":
            gd_factorise(A, **args)
        else:
            mask = np.ones(np.shape(A)) if np.ndim(A) == 2 else np.ones(3)
            sgd_factorise_masked(A, mask, **args)


@pytest.mark.parametrize(
    ("M", "error", "match"),
    [
        (np.ones((3, 4)), ValueError, r"M must have the shape of A \(4, 3\), got \(3, 4\)"),
        (np.ones(12), ValueError, "M must have the shape of A"),
        (np.full((4, 3), 0.5), ValueError, r"only 0 \(missing\) and 1 \(observed\)"),
        (np.full((4, 3), 2), ValueError, "only 0"),
        (np.full((4, 3), -1), ValueError, "only 0"),
        (np.full((4, 3), np.nan), ValueError, "only 0"),
        (np.zeros((4, 3)), ValueError, "at least one entry as observed"),
        (np.full((4, 3), "1"), TypeError, "M must be an array of 0s and 1s"),
    ],
)
def test_bad_mask(M, error, match):
    with pytest.raises(error, match=match):
        sgd_factorise_masked(GOOD_A, M, 2, 3)


def test_nan_at_an_observed_entry_is_rejected():
    A = GOOD_A.copy()
    A[1, 2] = np.nan
    M = np.ones(A.shape)
    with pytest.raises(ValueError, match=r"A must be finite where M is 1.*\(1, 2\)"):
        sgd_factorise_masked(A, M, 2, 3)
    M[1, 2] = 0
    U, V = sgd_factorise_masked(A, M, 2, 3, seed=0)  # missing there: fine
    assert np.all(np.isfinite(U)) and np.all(np.isfinite(V))


def test_reconstruction_loss_validates_shapes():
    with pytest.raises(ValueError, match=r"U \(m x k\) and V \(n x k\) must fit A"):
        reconstruction_loss(GOOD_A, np.ones((4, 2)), np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"U \(m x k\) and V \(n x k\) must fit A"):
        reconstruction_loss(GOOD_A, np.ones((3, 2)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="M must have the shape"):
        reconstruction_loss(GOOD_A, np.ones((4, 1)), np.ones((3, 1)), M=np.ones((2, 2)))


# --------------------------------------------------------------------------- update order
# The lab's own matrix (task 1.2) and its mask for task 3.2: (1, 0) and (2, 1) unobserved.
LAB_A = np.array([[0.3374, 0.6005, 0.1735], [3.3359, 0.0492, 1.8374], [2.9407, 0.5301, 2.2620]])
LAB_M = np.array([[1, 1, 1], [0, 1, 1], [1, 0, 1]])


def lab_pseudocode(A, M, U, V, num_epochs=1000, lr=0.01):
    """The lab's pseudocode line by line: U_r first, then V_c with the NEW U_r (same e)."""
    U, V = U.copy(), V.copy()
    for _epoch in range(num_epochs):
        for r in range(A.shape[0]):
            for c in range(A.shape[1]):
                if M[r, c] == 0:
                    continue
                e = A[r, c] - U[r] @ V[c]
                U[r] = U[r] + lr * e * V[c]
                V[c] = V[c] + lr * e * U[r]
    return U, V


def uniform_start(shape, rank, seed):
    """The initial factors the helpers document: U, then V, from uniform(0, 1)."""
    init = np.random.default_rng(seed)
    return init.uniform(0, 1, (shape[0], rank)), init.uniform(0, 1, (shape[1], rank))


@pytest.mark.parametrize("seed", [0, 7])
def test_default_order_is_the_lab_pseudocode(seed):
    U0, V0 = uniform_start(LAB_A.shape, 2, seed)
    U_ref, V_ref = lab_pseudocode(LAB_A, np.ones((3, 3)), U0, V0)  # the lab's defaults
    U, V = sgd_factorise(LAB_A, 2, seed=seed)
    np.testing.assert_array_equal(U, U_ref)
    np.testing.assert_array_equal(V, V_ref)
    assert reconstruction_loss(LAB_A, U, V) == float(np.sum((LAB_A - U_ref @ V_ref.T) ** 2))
    U_seq, V_seq = sgd_factorise(LAB_A, 2, seed=seed, update="sequential")
    np.testing.assert_array_equal(U_seq, U)
    np.testing.assert_array_equal(V_seq, V)
    # the other order really is different, so the comparison above can tell them apart
    U_sim, _ = sgd_factorise(LAB_A, 2, seed=seed, update="simultaneous")
    assert not np.allclose(U_sim, U_ref, rtol=0, atol=1e-9)


def test_masked_default_order_is_the_lab_pseudocode():
    U0, V0 = uniform_start(LAB_A.shape, 2, 3)
    U_ref, V_ref = lab_pseudocode(LAB_A, LAB_M, U0, V0)
    U, V = sgd_factorise_masked(LAB_A, LAB_M, 2, seed=3)
    np.testing.assert_array_equal(U, U_ref)
    np.testing.assert_array_equal(V, V_ref)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_both_orders_converge_to_the_same_loss_on_the_lab_matrix(seed):
    best = eckart_young_loss(LAB_A, 2)
    losses = [
        reconstruction_loss(LAB_A, *sgd_factorise(LAB_A, 2, 3000, seed=seed, update=order))
        for order in ("sequential", "simultaneous")
    ]
    for loss in losses:
        assert best <= loss <= best * (1 + 1e-3)
    assert abs(losses[0] - losses[1]) <= 1e-4 * best


@pytest.mark.parametrize("update", ["jacobi", "Sequential", "", None, 1, True])
@pytest.mark.parametrize("which", ["sgd", "masked"])
def test_bad_update_order(update, which):
    match = r"update must be 'sequential' or 'simultaneous', got "
    with pytest.raises(ValueError, match=match):
        if which == "sgd":
            sgd_factorise(GOOD_A, 2, 3, update=update)
        else:
            sgd_factorise_masked(GOOD_A, np.ones(GOOD_A.shape), 2, 3, update=update)


# --------------------------------------------------------------------------- one policy
@pytest.mark.parametrize("which", ["sgd", "masked", "gd"])
def test_data_too_large_for_float64_is_named_not_blamed_on_lr(which):
    # np.full((2, 2), 1e200) used to end in "try a smaller learning rate"
    A = np.full((2, 2), 1e200)
    with pytest.raises(
        ValueError, match=r"A is too large for float64: its largest entry is 1e\+200"
    ):
        if which == "sgd":
            sgd_factorise(A, 1, 5)
        elif which == "gd":
            gd_factorise(A, 1, 5, 0.01)
        else:
            sgd_factorise_masked(A, np.ones((2, 2)), 1, 5)


def test_reconstruction_loss_refuses_to_return_an_overflowed_loss():
    with pytest.raises(ValueError, match="the loss overflows float64"):
        reconstruction_loss(np.full((2, 2), 1e200), np.ones((2, 1)), np.ones((2, 1)))


@pytest.mark.parametrize(
    ("seed", "error", "match"),
    [
        ("a", TypeError, "seed must be a non-negative integer, None or a numpy.random.Generator"),
        (1.5, TypeError, "seed must be a non-negative integer, None or a numpy.random.Generator"),
        (True, TypeError, "seed must be a non-negative integer"),
        (-1, ValueError, "seed must be a non-negative integer, got -1"),
    ],
)
@pytest.mark.parametrize("which", ["sgd", "masked", "gd"])
def test_bad_seed(seed, error, match, which):
    with pytest.raises(error, match=match):
        if which == "sgd":
            sgd_factorise(GOOD_A, 2, 3, seed=seed)
        elif which == "gd":
            gd_factorise(GOOD_A, 2, 3, 0.01, seed=seed)
        else:
            sgd_factorise_masked(GOOD_A, np.ones(GOOD_A.shape), 2, 3, seed=seed)


def test_runs_are_reproducible_by_default():
    first, again = sgd_factorise(GOOD_A, 2, 3), sgd_factorise(GOOD_A, 2, 3)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[0], sgd_factorise(GOOD_A, 2, 3, seed=0)[0])
    np.testing.assert_array_equal(
        gd_factorise(GOOD_A, 2, 3, 0.01)[1], gd_factorise(GOOD_A, 2, 3, 0.01, seed=0)[1]
    )
    # seed=None still asks for a fresh start
    assert not np.array_equal(sgd_factorise(GOOD_A, 2, 3, seed=None)[0], first[0])


def test_divergence_error_is_the_packages_one_error_and_a_value_error():
    from helpers import _validate

    assert DivergenceError is _validate.DivergenceError
    assert issubclass(DivergenceError, ValueError) and issubclass(
        DivergenceError, FloatingPointError
    )


def test_return_history_must_be_a_bool():
    with pytest.raises(TypeError, match="return_history must be True or False"):
        sgd_factorise(GOOD_A, 2, 3, return_history="yes")


def test_the_callers_matrix_is_never_written():
    A = GOOD_A.copy()
    gd_factorise(A, 2, 5, 0.001)
    sgd_factorise(A, 2, 5)
    np.testing.assert_array_equal(A, GOOD_A)
