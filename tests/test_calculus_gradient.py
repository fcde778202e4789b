"""Tests of calculus.gradient, calculus.jacobian and calculus.check_gradient.

The exact gradients used as references are derived by hand with the chain rule
(never taken from the functions under test).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers.calculus import check_gradient, gradient, jacobian

RNG_SEED = 20240611

# --------------------------------------------------------------------------- shapes and layout


@pytest.mark.parametrize("shape", [(), (1,), (3,), (2, 3), (2, 3, 4)])
def test_gradient_has_the_shape_of_x(shape):
    x = np.random.default_rng(RNG_SEED).normal(size=shape)
    g = gradient(lambda v: np.sum(v**3), x)
    assert g.shape == np.shape(x)
    np.testing.assert_allclose(g, 3 * x**2, rtol=1e-7, atol=1e-9)


def test_gradient_of_a_matrix_function_matches_its_entrywise_partials():
    # f(W) = sum_ij W_ij^2 * c_ij has partials 2 c_ij W_ij; c breaks any symmetry
    W = np.arange(6.0).reshape(2, 3) - 2.5
    c = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    np.testing.assert_allclose(gradient(lambda w: np.sum(c * w**2), W), 2 * c * W, rtol=1e-8)


def test_gradient_of_a_3_tensor_function():
    X = np.random.default_rng(RNG_SEED).normal(size=(2, 3, 4))
    B = np.random.default_rng(RNG_SEED + 1).normal(size=(2, 3, 4))
    # f(X) = sin(<B, X>) has gradient cos(<B, X>) B
    g = gradient(lambda v: np.sin(np.sum(B * v)), X)
    assert g.shape == (2, 3, 4)
    np.testing.assert_allclose(g, np.cos(np.sum(B * X)) * B, rtol=1e-7, atol=1e-9)


def test_gradient_returns_float64_for_float32_and_integer_input():
    assert gradient(lambda v: np.sum(v**2), np.ones(3, dtype=np.float32)).dtype == np.float64
    g = gradient(lambda v: np.sum(v**2), [1, 2, 3])
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, [2.0, 4.0, 6.0], rtol=1e-9)


def test_gradient_leaves_x_unchanged():
    x = np.array([1.0, -2.0, 0.5])
    before = x.copy()
    gradient(lambda v: np.sum(np.exp(v)), x)
    np.testing.assert_array_equal(x, before)


def test_gradient_scales_its_step_with_x():
    # at |x| = 1e6 a fixed tiny step would drown in rounding; the relative step does not
    x = np.array([1e6, -3e6])
    np.testing.assert_allclose(gradient(lambda v: np.sum(v**2), x), 2 * x, rtol=1e-8)


def test_gradient_of_the_lectures_f_xy():
    # f(x, y) = x^2 + xy + y^2: df/dx = 2x + y, df/dy = x + 2y
    f = lambda v: v[0] ** 2 + v[0] * v[1] + v[1] ** 2  # noqa: E731
    for x, y in [(1.0, 2.0), (-0.5, 3.0), (0.0, 0.0)]:
        np.testing.assert_allclose(gradient(f, [x, y]), [2 * x + y, x + 2 * y], atol=1e-9)


def test_gradient_accepts_a_one_element_array_as_a_scalar_output():
    np.testing.assert_allclose(gradient(lambda v: np.array([np.sum(v**2)]), [3.0]), [6.0])


def test_jacobian_layout_is_n_by_m():
    # y = A x with y in R^2 and x in R^3: dy/dx is the 2 x 3 matrix A, not its transpose
    A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    J = jacobian(lambda x: A @ x, np.array([0.3, -1.0, 2.0]))
    assert J.shape == (2, 3)
    np.testing.assert_allclose(J, A, rtol=1e-9, atol=1e-9)


def test_jacobian_entries_are_dyj_dxi():
    # y = (x0 * x1, sin x2): J[j, i] = dy_j / dx_i
    x = np.array([2.0, -3.0, 0.4])
    J = jacobian(lambda v: np.array([v[0] * v[1], np.sin(v[2])]), x)
    expected = np.array([[x[1], x[0], 0.0], [0.0, 0.0, np.cos(x[2])]])
    np.testing.assert_allclose(J, expected, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize(
    ("x_shape", "y_shape"),
    [((3,), (2,)), ((), (3,)), ((3,), ()), ((2, 3), (4,)), ((2, 3, 4), (3, 2))],
)
def test_jacobian_shape_is_output_shape_plus_input_shape(x_shape, y_shape):
    rng = np.random.default_rng(RNG_SEED)
    x = rng.normal(size=x_shape)
    C = rng.normal(size=(*y_shape, *x_shape))
    axes = len(x_shape)
    f = lambda v: np.tanh(np.tensordot(C, v, axes=axes))  # noqa: E731
    J = jacobian(f, x)
    assert J.shape == (*y_shape, *x_shape)
    # exact: dY/dX = (1 - tanh^2(C.x)) C, broadcast over the input axes
    scale = 1 - np.tanh(np.tensordot(C, x, axes=axes)) ** 2
    expected = scale.reshape(y_shape + (1,) * axes) * C
    np.testing.assert_allclose(J, expected, rtol=1e-7, atol=1e-9)


def test_jacobian_of_a_scalar_function_is_the_gradient():
    x = np.array([0.5, 1.5, -1.0])
    f = lambda v: np.sum(np.sin(v))  # noqa: E731
    np.testing.assert_allclose(jacobian(f, x), gradient(f, x), rtol=1e-12)


# --------------------------------------------------------------------------- check_gradient


def test_check_gradient_accepts_a_right_gradient():
    x = np.array([[0.5, -1.0], [2.0, 0.3]])
    err = check_gradient(lambda w: np.sum(np.sin(w) * w), lambda w: np.cos(w) * w + np.sin(w), x)
    assert isinstance(err, float)
    assert err < 1e-7


def test_check_gradient_flags_a_wrong_gradient():
    x = np.array([1.0, -2.0, 3.0])
    assert check_gradient(lambda w: np.sum(w**2), lambda w: w, x) > 1e-2  # factor 2 missing
    assert check_gradient(lambda w: np.sum(w**2), lambda w: -2 * w, x) > 1e-2  # wrong sign


def test_check_gradient_accepts_a_value_instead_of_a_function():
    x = np.array([1.0, 2.0])
    assert check_gradient(lambda w: np.sum(w**3), 3 * x**2, x) < 1e-7


def test_check_gradient_is_a_relative_error():
    # one entry off by 10 %: the largest relative error is about 0.1 / 1.1
    x = np.array([1.0, 2.0])
    wrong = 2 * x * np.array([1.0, 1.1])
    np.testing.assert_allclose(
        check_gradient(lambda w: np.sum(w**2), wrong, x), 0.1 / 1.1, rtol=1e-6
    )


def test_check_gradient_uses_tiny_where_both_gradients_vanish():
    # a constant function: both gradients are 0, so the error is 0, not 0/0
    assert check_gradient(lambda w: 3.0, np.zeros(3), np.ones(3)) == 0.0
    # an absolute slip of 1e-12 on a zero gradient is not a large relative error
    assert check_gradient(lambda w: 3.0, np.full(3, 1e-12), np.ones(3)) < 1e-3
    # ... unless tiny is set smaller than the slip
    assert check_gradient(lambda w: 3.0, np.full(3, 1e-12), np.ones(3), tiny=1e-20) > 0.5


def test_check_gradient_at_a_vanishing_partial_is_not_called_wrong():
    # d(x^3)/dx = 0 at 0, but the central difference gives h^2 (about 4e-11): relative to
    # the default floor tiny = 1e-8 that is a few 1e-3, "suspicious" yet not "wrong"
    err = check_gradient(lambda w: np.sum(w**3), lambda w: 3 * w**2, np.zeros(2))
    assert err < 1e-2
    # a floor matched to the size of the function silences it
    assert check_gradient(lambda w: np.sum(w**3), lambda w: 3 * w**2, np.zeros(2), tiny=1e-6) < 1e-4


def test_check_gradient_passes_a_copy_of_x_to_grad_f():
    x = np.array([1.0, 2.0])

    def grad_that_mutates(w):
        g = 2 * w.copy()
        w[:] = 100.0
        return g

    assert check_gradient(lambda w: np.sum(w**2), grad_that_mutates, x) < 1e-7
    np.testing.assert_array_equal(x, [1.0, 2.0])


# --------------------------------------------------------------------------- bad input


def test_gradient_rejects_a_non_scalar_function():
    with pytest.raises(ValueError, match=r"f must return a scalar .*shape \(3,\).*jacobian"):
        gradient(lambda v: v**2, np.ones(3))


def test_gradient_reports_f_returning_nan_at_x():
    with pytest.raises(ValueError, match=r"f returned a non-finite value at the given x"):
        gradient(lambda v: np.sum(v) * np.nan, np.ones(2))


def test_gradient_reports_f_failing_at_a_probe_point():
    # sqrt is defined at 0 but not at 0 - h: the message names the entry and the probe
    with pytest.raises(ValueError, match=r"non-finite value at x - h in entry \(1,\)"):
        gradient(lambda v: np.sum(np.sqrt(v)), np.array([1.0, 0.0]))


def test_gradient_reports_f_returning_infinity():
    with pytest.raises(ValueError, match="f returned a non-finite value"):
        gradient(lambda v: np.sum(1 / v), np.zeros(2))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_gradient_rejects_non_finite_x(bad):
    with pytest.raises(ValueError, match=r"x must be finite, got .* at index \(1,\)"):
        gradient(lambda v: np.sum(v), np.array([1.0, bad, 2.0]))


def test_gradient_rejects_non_numeric_x():
    with pytest.raises(TypeError, match="x must be a number or an array of real numbers"):
        gradient(lambda v: 0.0, ["a", "b"])


def test_gradient_rejects_complex_x():
    with pytest.raises(TypeError, match="x must be real"):
        gradient(lambda v: 0.0, np.array([1 + 2j]))


def test_gradient_rejects_a_function_returning_text():
    with pytest.raises(TypeError, match="f must return real numbers"):
        gradient(lambda v: "loss", np.ones(2))


@pytest.mark.parametrize("func", [gradient, jacobian])
@pytest.mark.parametrize("not_callable", [3.0, "f", np.ones(3), None])
def test_non_callable_f_is_rejected(func, not_callable):
    with pytest.raises(TypeError, match=r"f must be a callable, got "):
        func(not_callable, np.ones(3))


def test_check_gradient_rejects_a_non_callable_f():
    with pytest.raises(TypeError, match="f must be a callable"):
        check_gradient(42.0, np.ones(3), np.ones(3))


def test_jacobian_reports_f_returning_nan():
    with pytest.raises(ValueError, match="f returned a non-finite value at the given x"):
        jacobian(lambda v: np.log(v - 2.0), np.ones(3))


def test_jacobian_rejects_non_finite_x():
    with pytest.raises(ValueError, match="x must be finite"):
        jacobian(lambda v: v, np.array([np.inf]))


@pytest.mark.parametrize("wrong_shape", [(3,), (2, 3, 1), (6,), ()])
def test_check_gradient_rejects_a_gradient_of_the_wrong_shape(wrong_shape):
    x = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"grad_f must have the shape of x \(2, 3\)"):
        check_gradient(lambda w: np.sum(w**2), np.ones(wrong_shape), x)


def test_check_gradient_rejects_a_transposed_gradient():
    # the classic layout slip: returning (X^T)-shaped gradients
    x = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"got \(3, 2\); a gradient has the shape of what"):
        check_gradient(lambda w: np.sum(w**2), lambda w: 2 * w.T, x)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_check_gradient_rejects_a_non_finite_gradient(bad):
    with pytest.raises(ValueError, match=r"grad_f must be finite, got .* at index \(0,\)"):
        check_gradient(lambda w: np.sum(w**2), np.array([bad, 1.0]), np.ones(2))


@pytest.mark.parametrize("tiny", [0.0, -1e-8, np.nan, np.inf])
def test_check_gradient_rejects_a_bad_tiny(tiny):
    with pytest.raises(ValueError, match="tiny must be a positive finite number"):
        check_gradient(lambda w: np.sum(w**2), lambda w: 2 * w, np.ones(2), tiny=tiny)


def test_check_gradient_rejects_non_finite_x():
    with pytest.raises(ValueError, match="x must be finite"):
        check_gradient(lambda w: np.sum(w**2), lambda w: 2 * w, np.array([np.nan, 1.0]))


def test_check_gradient_reports_f_returning_nan():
    with pytest.raises(ValueError, match="f returned a non-finite value"):
        check_gradient(lambda w: np.nan, np.zeros(2), np.ones(2))


# --------------------------------------------------------------------------- property tests
# Random compositions with gradients derived by hand with the chain rule.

# elementwise nonlinearities with their exact derivatives
NONLINEAR = {
    "sin": (np.sin, np.cos),
    "tanh": (np.tanh, lambda u: 1 - np.tanh(u) ** 2),
    "cube": (lambda u: u**3, lambda u: 3 * u**2),
    "softplus": (lambda u: np.log1p(np.exp(u)), lambda u: 1 / (1 + np.exp(-u))),
    "exp": (np.exp, np.exp),
}

small = st.floats(-1.5, 1.5, allow_nan=False, allow_subnormal=False)


@st.composite
def linear_then_nonlinear(draw):
    """x in R^m, A in R^{n x m}, b, c in R^n and a nonlinearity sigma."""
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 4))
    x = draw(hnp.arrays(np.float64, m, elements=small))
    A = draw(hnp.arrays(np.float64, (n, m), elements=small))
    b = draw(hnp.arrays(np.float64, n, elements=small))
    c = draw(hnp.arrays(np.float64, n, elements=small))
    name = draw(st.sampled_from(sorted(NONLINEAR)))
    return x, A, b, c, name


@settings(max_examples=40, deadline=None)
@given(linear_then_nonlinear())
def test_gradient_of_a_linear_map_then_a_nonlinearity(case):
    # z = c . sigma(A x + b), so grad_x z = A^T (c * sigma'(A x + b))   (vector chain rule)
    x, A, b, c, name = case
    sigma, dsigma = NONLINEAR[name]
    f = lambda v: float(c @ sigma(A @ v + b))  # noqa: E731
    exact = A.T @ (c * dsigma(A @ x + b))
    np.testing.assert_allclose(gradient(f, x), exact, rtol=1e-6, atol=1e-7)
    # the relative error is only meaningful away from (nearly) zero partials, see below
    if np.min(np.abs(exact)) > 1e-3:
        assert check_gradient(f, exact, x) < 1e-5
    assert check_gradient(f, exact, x) < 1e-2


@settings(max_examples=40, deadline=None)
@given(linear_then_nonlinear())
def test_jacobian_of_a_linear_map_then_a_nonlinearity(case):
    # y = sigma(A x + b): dy/dx = diag(sigma'(A x + b)) A, an n x m matrix
    x, A, b, _, name = case
    sigma, dsigma = NONLINEAR[name]
    J = jacobian(lambda v: sigma(A @ v + b), x)
    assert J.shape == (A.shape[0], A.shape[1])
    np.testing.assert_allclose(J, dsigma(A @ x + b)[:, None] * A, rtol=1e-6, atol=1e-7)


@st.composite
def polynomial_trig_chain(draw):
    """Random polynomials p, q and a point x of shape (k,)."""
    p = draw(hnp.arrays(np.float64, draw(st.integers(1, 4)), elements=small))
    q = draw(hnp.arrays(np.float64, draw(st.integers(1, 4)), elements=small))
    x = draw(hnp.arrays(np.float64, draw(st.integers(1, 5)), elements=small))
    return p, q, x


@settings(max_examples=40, deadline=None)
@given(polynomial_trig_chain())
def test_gradient_of_polynomial_of_sine_of_polynomial(case):
    # f(x) = sum_i p(sin(q(x_i))): df/dx_i = p'(sin q(x_i)) cos(q(x_i)) q'(x_i)
    p, q, x = case
    P, Q = np.polynomial.Polynomial(p), np.polynomial.Polynomial(q)
    f = lambda v: float(np.sum(P(np.sin(Q(v)))))  # noqa: E731
    exact = P.deriv()(np.sin(Q(x))) * np.cos(Q(x)) * Q.deriv()(x)
    np.testing.assert_allclose(gradient(f, x), exact, rtol=1e-6, atol=1e-7)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(0, 2**32 - 1),
    st.sampled_from(sorted(NONLINEAR)),
)
def test_gradient_wrt_a_weight_matrix(n, m, h, seed, name):
    # L = sum sigma(X W): grad_W L = X^T sigma'(X W), which has the shape of W (m x h)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(n, m))
    W = rng.uniform(-1, 1, size=(m, h))
    sigma, dsigma = NONLINEAR[name]
    g = gradient(lambda w: float(np.sum(sigma(X @ w))), W)
    assert g.shape == W.shape
    np.testing.assert_allclose(g, X.T @ dsigma(X @ W), rtol=1e-6, atol=1e-7)


@settings(max_examples=30, deadline=None)
@given(linear_then_nonlinear(), st.floats(1.5, 10.0))
def test_check_gradient_separates_right_from_scaled_gradients(case, factor):
    x, A, b, c, name = case
    sigma, dsigma = NONLINEAR[name]
    f = lambda v: float(c @ sigma(A @ v + b))  # noqa: E731
    exact = A.T @ (c * dsigma(A @ x + b))
    if np.max(np.abs(exact)) < 1e-3:  # a (nearly) flat point: every scaling looks right
        return
    # right: tiny where no partial is (nearly) zero, and never "wrong" (see the x^3 test above)
    bound = 1e-5 if np.min(np.abs(exact)) > 1e-3 else 1e-2
    assert check_gradient(f, exact, x) < bound
    assert check_gradient(f, factor * exact, x) > 1e-2


def test_jacobian_rejects_complex_values_instead_of_dropping_them():
    # v * 1j used to give a Jacobian of zeros (the imaginary parts were discarded)
    with pytest.raises(TypeError, match="f must return real numbers, got complex values"):
        jacobian(lambda v: v * 1j, [1.0, 2.0])


def test_jacobian_rejects_a_function_whose_shape_changes():
    with pytest.raises(ValueError, match=r"f must return the same shape at every point"):
        jacobian(lambda v: np.ones(3) if v[0] == 1.0 else np.ones(2), [1.0, 2.0])


def test_gradient_and_check_gradient_reject_complex_values():
    with pytest.raises(TypeError, match="f must return real numbers, got complex values"):
        gradient(lambda v: np.sum(v) * 1j, np.ones(2))
    with pytest.raises(TypeError, match="grad_f must return real numbers, got complex values"):
        check_gradient(np.sum, lambda v: v * 1j, np.ones(2))
    with pytest.raises(TypeError, match="grad_f must be real"):
        check_gradient(np.sum, np.ones(2) * 1j, np.ones(2))
