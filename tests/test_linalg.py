"""Tests of helpers.linalg: the SVD tools of notebook 06."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import linalg

# ---------------------------------------------------------------------------------------------
# Test matrices
# ---------------------------------------------------------------------------------------------


def matrix_with_singular_values(
    rng: np.random.Generator, m: int, n: int, s: np.ndarray, complex_: bool = False
) -> np.ndarray:
    """An m x n matrix with the given singular values (len(s) <= min(m, n)), random vectors."""

    def orthonormal(rows: int, cols: int) -> np.ndarray:
        X = rng.standard_normal((rows, cols))
        if complex_:
            X = X + 1j * rng.standard_normal((rows, cols))
        Q, _ = np.linalg.qr(X)
        return Q

    k = len(s)
    return (orthonormal(m, k) * s) @ orthonormal(n, k).conj().T


shapes = st.tuples(st.integers(1, 7), st.integers(1, 7))
seeds = st.integers(0, 2**32 - 1)
finite_entries = st.floats(-100, 100, allow_nan=False, allow_infinity=False)


@st.composite
def small_matrices(draw) -> np.ndarray:
    shape = draw(shapes)
    return draw(arrays(np.float64, shape, elements=finite_entries))


# zero, or at least 1e-6 in magnitude: no subnormal entries whose reciprocals overflow float64
moderate_entries = st.one_of(
    st.just(0.0), st.floats(1e-6, 100), st.floats(1e-6, 100).map(lambda x: -x)
)


@st.composite
def moderate_matrices(draw) -> np.ndarray:
    shape = draw(shapes)
    return draw(arrays(np.float64, shape, elements=moderate_entries))


@st.composite
def matrices_of_known_rank(draw) -> tuple[np.ndarray, int]:
    """A random matrix whose non-zero singular values lie in [0.1, 10], and its rank."""
    m, n = draw(shapes)
    rank = draw(st.integers(0, min(m, n)))
    rng = np.random.default_rng(draw(seeds))
    s = np.sort(rng.uniform(0.1, 10.0, size=rank))[::-1]
    complex_ = draw(st.booleans())
    A = matrix_with_singular_values(rng, m, n, s, complex_) if rank else np.zeros((m, n))
    return A, rank


def fro(X: np.ndarray) -> float:
    return float(np.linalg.norm(X, "fro"))


# ---------------------------------------------------------------------------------------------
# truncated_svd and low_rank_approximation
# ---------------------------------------------------------------------------------------------


def test_truncated_svd_shapes_order_and_orthonormality():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((6, 4))
    U, s, Vh = linalg.truncated_svd(A, rank=3)
    assert U.shape == (6, 3) and s.shape == (3,) and Vh.shape == (3, 4)
    assert np.all(np.diff(s) <= 0) and np.all(s >= 0)
    np.testing.assert_allclose(U.T @ U, np.eye(3), atol=1e-12)
    np.testing.assert_allclose(Vh @ Vh.T, np.eye(3), atol=1e-12)
    # A v_i = sigma_i u_i for every kept triplet
    np.testing.assert_allclose(A @ Vh.T, U * s, atol=1e-12)


def test_full_rank_truncation_reconstructs_real_and_complex():
    rng = np.random.default_rng(1)
    for A in (
        rng.standard_normal((5, 3)),
        rng.standard_normal((3, 5)) + 1j * rng.standard_normal((3, 5)),
    ):
        np.testing.assert_allclose(linalg.low_rank_approximation(A, rank=3), A, atol=1e-12)


def test_low_rank_approximation_of_a_diagonal_matrix_drops_the_small_entries():
    A = np.diag([4.0, 3.0, 2.0, 1.0])
    np.testing.assert_allclose(
        linalg.low_rank_approximation(A, 2), np.diag([4.0, 3.0, 0, 0]), atol=1e-12
    )


def test_integer_matrix_is_accepted():
    A = np.array([[2, 0], [0, 1]])
    np.testing.assert_allclose(linalg.low_rank_approximation(A, 1), [[2.0, 0.0], [0.0, 0.0]])


@settings(max_examples=60, deadline=None)
@given(A=small_matrices(), data=st.data())
def test_low_rank_approximation_has_the_right_rank_and_eckart_young_error(A, data):
    rank = data.draw(st.integers(1, min(A.shape)))
    A_r = linalg.low_rank_approximation(A, rank)
    s = np.linalg.svd(A, compute_uv=False)
    scale = max(s[0], 1.0)
    assert np.sum(np.linalg.svd(A_r, compute_uv=False) > 1e-9 * scale) <= rank
    expected = linalg.eckart_young_error(s, rank)
    np.testing.assert_allclose(fro(A - A_r), expected, atol=1e-9 * scale)


@settings(max_examples=60, deadline=None)
@given(A=small_matrices(), seed=seeds, data=st.data())
def test_eckart_young_no_random_rank_r_matrix_is_closer(A, seed, data):
    rank = data.draw(st.integers(1, min(A.shape)))
    m, n = A.shape
    best = fro(A - linalg.low_rank_approximation(A, rank))
    rng = np.random.default_rng(seed)
    tol = 1e-9 * max(fro(A), 1.0)
    for _ in range(10):
        # a random rank-r matrix, and the best matrix with the same column space (a projection)
        X, Y = rng.standard_normal((m, rank)), rng.standard_normal((rank, n))
        assert fro(A - X @ Y) >= best - tol
        Q, _ = np.linalg.qr(X)
        assert fro(A - Q @ (Q.T @ A)) >= best - tol


@settings(max_examples=60, deadline=None)
@given(A=small_matrices(), seed=seeds, eps=st.floats(1e-6, 1.0), data=st.data())
def test_eckart_young_perturbing_the_truncation_never_helps(A, seed, eps, data):
    rank = data.draw(st.integers(1, min(A.shape)))
    U, s, Vh = linalg.truncated_svd(A, rank)
    best = fro(A - (U * s) @ Vh)
    rng = np.random.default_rng(seed)
    dU, dV = rng.standard_normal(U.shape), rng.standard_normal(Vh.shape)
    perturbed = ((U + eps * dU) * s) @ (Vh + eps * dV)
    assert fro(A - perturbed) >= best - 1e-9 * max(fro(A), 1.0)


@pytest.mark.parametrize("rank", [0, -1, 4, 10])
def test_rank_out_of_range_names_rank_and_the_range(rank):
    A = np.ones((3, 5))
    for function in (linalg.truncated_svd, linalg.low_rank_approximation):
        with pytest.raises(ValueError, match=r"rank must be between 1 and min\(m, n\) = 3"):
            function(A, rank)


@pytest.mark.parametrize("rank", [1.0, "2", None, True])
def test_rank_must_be_an_integer(rank):
    with pytest.raises(TypeError, match="rank must be an integer"):
        linalg.truncated_svd(np.ones((3, 3)), rank)


def test_numpy_integer_rank_is_accepted():
    U, s, Vh = linalg.truncated_svd(np.eye(3), np.int64(2))
    assert U.shape == (3, 2) and s.shape == (2,) and Vh.shape == (2, 3)


@pytest.mark.parametrize(
    "A", [np.ones(3), np.ones((2, 2, 2)), np.float64(1.0), [[1.0, 2.0], [3.0]]]
)
def test_matrix_must_be_2d(A):
    for call in (
        lambda: linalg.truncated_svd(A, 1),
        lambda: linalg.low_rank_approximation(A, 1),
        lambda: linalg.pseudo_inverse(A),
        lambda: linalg.power_iteration(A),
    ):
        with pytest.raises(ValueError, match=r"A must be (2-D|a rectangular array of numbers)"):
            call()


def test_empty_matrix_is_rejected():
    with pytest.raises(ValueError, match="A must not be empty"):
        linalg.pseudo_inverse(np.ones((0, 3)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, complex(np.nan, 0)])
def test_non_finite_entries_are_rejected(bad):
    A = np.ones((3, 3), dtype=complex if isinstance(bad, complex) else float)
    A[1, 2] = bad
    for call in (
        lambda: linalg.truncated_svd(A, 1),
        lambda: linalg.low_rank_approximation(A, 1),
        lambda: linalg.pseudo_inverse(A),
        lambda: linalg.power_iteration(A),
    ):
        with pytest.raises(
            ValueError, match=r"A must be finite, got .*nan|inf.* at index \(1, 2\)"
        ):
            call()


@pytest.mark.parametrize(
    "A",
    [
        np.array([["a", "b"], ["c", "d"]]),
        np.ones((2, 2), dtype=bool),
        np.array([[object(), 1], [2, 3]], dtype=object),
    ],
)
def test_non_numeric_matrix_is_a_type_error(A):
    with pytest.raises(TypeError, match="A must be a 2-D array of real or complex numbers"):
        linalg.truncated_svd(A, 1)


# ---------------------------------------------------------------------------------------------
# eckart_young_error and low_rank_storage
# ---------------------------------------------------------------------------------------------


def test_eckart_young_error_adds_the_discarded_values_in_quadrature():
    # discarded 2 and 1: sqrt(4 + 1); the order of the input does not matter
    assert linalg.eckart_young_error([1.0, 5.0, 2.0, 3.0], 2) == pytest.approx(np.sqrt(5.0))
    assert linalg.eckart_young_error([5.0, 3.0], 2) == 0.0


@pytest.mark.parametrize(
    ("s", "rank", "error", "match"),
    [
        ([3.0, 1.0], 0, ValueError, "rank must be between 1 and 2"),
        ([3.0, 1.0], 3, ValueError, "rank must be between 1 and 2"),
        ([3.0, 1.0], 1.5, TypeError, "rank must be an integer"),
        ([3.0, -1.0], 1, ValueError, "singular_values must be non-negative"),
        ([3.0, np.nan], 1, ValueError, r"singular_values must be finite, got nan at index \(1,\)"),
        ([[3.0, 1.0]], 1, ValueError, "1-D"),
        ([], 1, ValueError, "singular_values must not be empty"),
    ],
)
def test_eckart_young_error_bad_input(s, rank, error, match):
    with pytest.raises(error, match=match):
        linalg.eckart_young_error(s, rank)


def test_low_rank_storage_counts_u_sigma_and_v():
    # 600 x 512 image, rank 20: 20 * (600 + 512 + 1) numbers instead of 600 * 512
    assert linalg.low_rank_storage((600, 512), 20) == pytest.approx(20 * 1113 / (600 * 512))
    # full rank of a square matrix stores more than the matrix itself
    assert linalg.low_rank_storage((4, 4), 4) > 1


@pytest.mark.parametrize(
    ("shape", "rank", "error", "match"),
    [
        ((4, 5), 5, ValueError, "rank must be between 1 and min"),
        ((4, 5), 0, ValueError, "rank must be between 1 and min"),
        ((4, 5), 2.0, TypeError, "rank must be an integer"),
        ((4,), 1, ValueError, "shape must be two positive integers"),
        ((4, 0), 1, ValueError, "shape must be two positive integers"),
        ((4.0, 5), 1, ValueError, "shape must be two positive integers"),
    ],
)
def test_low_rank_storage_bad_input(shape, rank, error, match):
    with pytest.raises(error, match=match):
        linalg.low_rank_storage(shape, rank)


# ---------------------------------------------------------------------------------------------
# pseudo_inverse
# ---------------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(case=matrices_of_known_rank())
def test_pseudo_inverse_satisfies_the_four_moore_penrose_conditions(case):
    A, _ = case
    P = linalg.pseudo_inverse(A)
    assert P.shape == A.shape[::-1]
    tol = 1e-9
    np.testing.assert_allclose(A @ P @ A, A, atol=tol)
    np.testing.assert_allclose(P @ A @ P, P, atol=tol)
    np.testing.assert_allclose((A @ P).conj().T, A @ P, atol=tol)
    np.testing.assert_allclose((P @ A).conj().T, P @ A, atol=tol)
    np.testing.assert_allclose(P, np.linalg.pinv(A), atol=tol)


@settings(max_examples=60, deadline=None)
@given(A=moderate_matrices())
def test_pseudo_inverse_of_any_finite_matrix_gives_a_a_plus_a_equals_a(A):
    # Arbitrary matrices can be badly conditioned: rounding errors in A+ grow with the ratio of
    # the largest to the smallest kept singular value, so the tolerance grows with it too.
    P = linalg.pseudo_inverse(A)
    s = np.linalg.svd(A, compute_uv=False)
    kept = s[s > max(A.shape) * np.finfo(float).eps * s[0]]
    condition = kept[0] / kept[-1] if kept.size else 1.0
    tol = 1e-13 * condition * max(fro(A), 1.0)
    np.testing.assert_allclose(A @ P @ A, A, atol=tol)
    AP = A @ P
    np.testing.assert_allclose(AP.T, AP, atol=1e-13 * condition)


def test_pseudo_inverse_gives_the_minimum_norm_least_squares_solution():
    rng = np.random.default_rng(3)
    A = matrix_with_singular_values(rng, 8, 5, np.array([5.0, 2.0, 1.0]))  # rank 3 < 5
    b = rng.standard_normal(8)
    x = linalg.pseudo_inverse(A) @ b
    x_lstsq = np.linalg.lstsq(A, b, rcond=None)[0]
    np.testing.assert_allclose(x, x_lstsq, atol=1e-10)
    np.testing.assert_allclose(A.T @ (A @ x - b), 0.0, atol=1e-10)  # normal equations


def test_pseudo_inverse_that_would_overflow_is_refused_clearly():
    # 1 / 1e-309 is beyond the largest float64 (about 1.8e308)
    with pytest.raises(ValueError, match=r"overflows float64.*raise rcond"):
        linalg.pseudo_inverse(np.array([[1e-309]]))
    A = np.diag([1e-300, 1e-309])
    with pytest.raises(ValueError, match=r"overflows float64"):
        linalg.pseudo_inverse(A)
    # ... unless rcond says that such a small singular value counts as zero
    np.testing.assert_allclose(linalg.pseudo_inverse(A, rcond=1e-5), np.diag([1e300, 0.0]))


def test_pseudo_inverse_of_an_invertible_matrix_is_its_inverse():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    np.testing.assert_allclose(linalg.pseudo_inverse(A), np.linalg.inv(A), atol=1e-12)


def test_pseudo_inverse_of_zero_is_zero_transposed():
    np.testing.assert_array_equal(linalg.pseudo_inverse(np.zeros((2, 3))), np.zeros((3, 2)))


def test_rcond_cuts_off_small_singular_values():
    A = np.diag([1.0, 1e-3])
    np.testing.assert_allclose(linalg.pseudo_inverse(A), np.diag([1.0, 1e3]))
    np.testing.assert_allclose(linalg.pseudo_inverse(A, rcond=1e-2), np.diag([1.0, 0.0]))
    np.testing.assert_allclose(linalg.pseudo_inverse(A, rcond=0), np.diag([1.0, 1e3]))


@pytest.mark.parametrize(
    ("rcond", "error"),
    [
        (-1e-3, ValueError),
        (np.inf, ValueError),
        (np.nan, ValueError),
        ("1e-3", TypeError),
        (True, TypeError),
    ],
)
def test_rcond_bad_input(rcond, error):
    with pytest.raises(error, match="rcond must be"):
        linalg.pseudo_inverse(np.eye(2), rcond=rcond)


# ---------------------------------------------------------------------------------------------
# power_iteration
# ---------------------------------------------------------------------------------------------


def agrees_up_to_phase(x: np.ndarray, y: np.ndarray, atol: float) -> bool:
    """Unit vectors x and y agree up to a factor of modulus 1 (a sign, if real)."""
    return abs(abs(np.vdot(x, y)) - 1.0) < atol


@settings(max_examples=40, deadline=None)
@given(shape=shapes, seed=seeds, complex_=st.booleans())
def test_power_iteration_matches_numpy_when_there_is_a_gap(shape, seed, complex_):
    m, n = shape
    rng = np.random.default_rng(seed)
    k = min(m, n)
    s = np.concatenate([[10.0], rng.uniform(0.0, 6.0, size=k - 1)])  # sigma_2 / sigma_1 <= 0.6
    A = matrix_with_singular_values(rng, m, n, s, complex_)
    result = linalg.power_iteration(A, seed=seed)
    assert result.converged and 1 <= result.n_iter <= 1000
    U, s_np, Vh = np.linalg.svd(A)
    assert result.sigma == pytest.approx(s_np[0], rel=1e-10)
    assert agrees_up_to_phase(result.v, Vh[0].conj(), 1e-8)
    assert agrees_up_to_phase(result.u, U[:, 0], 1e-8)
    np.testing.assert_allclose(A @ result.v, result.sigma * result.u, atol=1e-8)
    assert result.history.shape == (result.n_iter,)
    assert result.history[-1] == pytest.approx(result.sigma, rel=1e-10)


def test_power_iteration_sign_convention_and_determinism():
    A = np.random.default_rng(4).standard_normal((6, 4))
    first, again = linalg.power_iteration(A, seed=7), linalg.power_iteration(A, seed=7)
    np.testing.assert_array_equal(first.v, again.v)
    assert first.v[np.argmax(np.abs(first.v))] > 0


def test_power_iteration_rate_follows_the_singular_value_ratio():
    # sigma_2 / sigma_1 = 0.5: each step shrinks the wrong component by 0.25, so reaching
    # tol = 1e-10 from a random start takes roughly log(1e-10) / log(0.25) ~ 17 steps.
    A = np.diag([2.0, 1.0, 0.5])
    result = linalg.power_iteration(A, tol=1e-10)
    assert 10 <= result.n_iter <= 30


def test_power_iteration_reports_non_convergence():
    # sigma_2 / sigma_1 = 0.999: far too slow for 50 iterations
    A = np.diag([1.0, 0.999, 0.5])
    with pytest.raises(linalg.ConvergenceError, match="max_iter=50"):
        linalg.power_iteration(A, max_iter=50)
    result = linalg.power_iteration(A, max_iter=50, raise_on_failure=False)
    assert not result.converged and result.n_iter == 50
    assert result.sigma <= 1.0 + 1e-12


def test_power_iteration_with_equal_top_singular_values_returns_a_valid_pair():
    A = np.diag([2.0, 2.0, 1.0])
    result = linalg.power_iteration(A)
    assert result.sigma == pytest.approx(2.0)
    np.testing.assert_allclose(A @ result.v, result.sigma * result.u, atol=1e-8)


@pytest.mark.parametrize("size", [1e-200, 1e-150, 1e150, 1e200, 1e300])
def test_power_iteration_handles_tiny_and_huge_matrices(size):
    # A^* A v would underflow to zero or overflow to inf; the iteration works on A scaled by a
    # power of two and scales the singular value back
    A = size * np.diag([1.0, 0.5])
    result = linalg.power_iteration(A)
    assert result.converged
    assert result.sigma == pytest.approx(size, rel=1e-12)
    np.testing.assert_allclose(result.history[-1], size, rtol=1e-12)
    np.testing.assert_allclose(np.abs(result.v), [1.0, 0.0], atol=1e-9)


def test_power_iteration_overflowing_matrix_with_raise_on_failure_false():
    # diag(1e200, 1) used to give sigma = nan and blame sigma_2 close to sigma_1
    result = linalg.power_iteration(np.diag([1e200, 1.0]), raise_on_failure=False)
    assert result.converged and result.sigma == pytest.approx(1e200, rel=1e-12)


def test_power_iteration_scaling_changes_no_digit_of_an_ordinary_run():
    A = np.random.default_rng(3).standard_normal((5, 4))
    result = linalg.power_iteration(A, seed=2)
    v = np.random.default_rng(2).standard_normal(4)  # the same start, unscaled iteration
    v /= np.linalg.norm(v)
    for _ in range(result.n_iter):
        w = A.T @ (A @ v)
        v = w / np.linalg.norm(w)
    v = v * np.sign(v[np.argmax(np.abs(v))])
    np.testing.assert_array_equal(result.v, v)
    assert result.sigma == np.linalg.norm(A @ v)


def test_power_iteration_rejects_the_zero_matrix():
    with pytest.raises(ValueError, match="A is all zeros"):
        linalg.power_iteration(np.zeros((3, 2)))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"tol": 0.0}, ValueError, "tol must be a positive finite number"),
        ({"tol": -1e-3}, ValueError, "tol must be a positive finite number"),
        ({"tol": np.nan}, ValueError, "tol must be a positive finite number"),
        ({"tol": "small"}, TypeError, "tol must be a real number"),
        ({"max_iter": 0}, ValueError, "max_iter must be at least 1"),
        ({"max_iter": 10.0}, TypeError, "max_iter must be an integer"),
    ],
)
def test_power_iteration_bad_options(kwargs, error, match):
    with pytest.raises(error, match=match):
        linalg.power_iteration(np.eye(2), **kwargs)


@pytest.mark.parametrize("size", [1e-200, 1e200])
def test_eckart_young_error_of_huge_and_tiny_singular_values(size):
    # the squares overflow (or underflow) float64; the error is still sqrt(2) * size
    error = linalg.eckart_young_error([3 * size, size, size], 1)
    assert error == pytest.approx(np.sqrt(2) * size, rel=1e-12)
