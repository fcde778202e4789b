"""Tests of the one-variable difference quotients in helpers.calculus.

Covered: forward_difference, backward_difference, central_difference, default_step
and derivative. (gradient, jacobian and check_gradient have their own tests.)

The property tests compare ``derivative`` with exact derivatives and allow an
error given by the usual error analysis of a difference quotient with step s:

* truncation: ``s**2 / 6 * max|f'''|`` (central) or ``s / 2 * max|f''|`` (one-sided),
  the maxima taken over ``[x - s, x + s]``;
* rounding: each evaluation of ``f`` is off by at most ``delta`` (bounded below
  for each family of functions), which the quotient divides by ``2 s`` (central:
  two errors over ``2 s``) or ``s`` (one-sided: two errors over ``s``), plus a
  relative ``eps`` for the subtraction and the division.

The bound is multiplied by a safety factor of 4 and, so that the test cannot pass
vacuously, each test also asserts that the bound itself is small compared with
the natural scale of the derivative.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers.calculus import (
    backward_difference,
    central_difference,
    default_step,
    derivative,
    forward_difference,
)

QUOTIENTS = [forward_difference, backward_difference, central_difference]
SAFETY = 4.0


# --------------------------------------------------------------------------- exact values
def test_forward_difference_of_a_parabola_is_2x_plus_h():
    # (x + h)^2 - x^2 = 2xh + h^2, so the quotient is 2x + h; with x = 3 and h = 2**-10
    # every step is exact in binary floating point.
    h = 2.0**-10
    assert float(forward_difference(lambda x: x**2, 3.0, h)) == 6.0 + h


def test_backward_difference_of_a_parabola_is_2x_minus_h():
    h = 2.0**-10
    assert float(backward_difference(lambda x: x**2, 3.0, h)) == 6.0 - h


def test_central_difference_is_exact_for_a_parabola():
    # The h terms cancel: ((x + h)^2 - (x - h)^2) / 2h = 2x.
    for h in [2.0**-3, 2.0**-10, 0.5]:
        assert float(central_difference(lambda x: x**2, 3.0, h)) == 6.0


def test_all_quotients_are_exact_for_a_straight_line():
    # The gradient of a straight line is Delta y / Delta x, whatever the step.
    line = lambda x: 2.5 * x - 1.0  # noqa: E731
    for quotient in QUOTIENTS:
        np.testing.assert_allclose(quotient(line, 0.75, 0.25), 2.5, rtol=1e-15)


def test_truncation_orders_one_and_two():
    # Halving h halves the one-sided error and quarters the central one.
    x, exact = 1.0, math.exp(1.0)
    h = np.array([1e-2, 5e-3])
    for quotient, ratio in [(forward_difference, 2), (backward_difference, 2)]:
        err = np.abs(quotient(np.exp, x, h) - exact)
        np.testing.assert_allclose(err[0] / err[1], ratio, rtol=0.01)
    err = np.abs(central_difference(np.exp, x, h) - exact)
    np.testing.assert_allclose(err[0] / err[1], 4, rtol=0.01)


def test_central_beats_forward_at_the_same_step():
    for h in [1e-1, 1e-2, 1e-3]:
        forward = abs(float(forward_difference(np.sin, 1.0, h)) - math.cos(1.0))
        central = abs(float(central_difference(np.sin, 1.0, h)) - math.cos(1.0))
        assert central < forward / 10


def test_quotients_are_vectorised_and_broadcast():
    x = np.linspace(-2.0, 2.0, 7)
    for quotient in QUOTIENTS:
        out = quotient(np.sin, x, 1e-5)
        assert out.shape == x.shape
        np.testing.assert_allclose(out, np.cos(x), atol=1e-5)
    steps = np.array([[1e-3], [1e-4]])
    out = central_difference(np.sin, x, steps)
    assert out.shape == (2, 7)
    np.testing.assert_allclose(out, np.broadcast_to(np.cos(x), (2, 7)), atol=1e-6)


def test_integer_and_list_input_become_float64():
    assert central_difference(lambda x: x**2, 3, 1e-3).dtype == np.float64
    np.testing.assert_allclose(derivative(lambda x: x**2, [1, 2, 3]), [2.0, 4.0, 6.0])


# --------------------------------------------------------------------------- float32
@pytest.mark.parametrize("quotient", QUOTIENTS)
def test_float32_stays_float32_with_a_python_float_step(quotient):
    x = np.array([0.5, 1.0, 2.0], dtype=np.float32)
    out = quotient(np.sin, x, 1e-2)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, np.cos(x.astype(np.float64)), atol=1e-2)


def test_float32_stays_float32_in_derivative_and_default_step():
    x = np.float32(2.0)
    assert default_step(x).dtype == np.float32
    out = derivative(np.sin, x)
    assert out.dtype == np.float32
    # float32: eps**(2/3) is about 2.4e-5, so a few 1e-5 is the honest accuracy.
    np.testing.assert_allclose(out, math.cos(2.0), atol=1e-4)
    for method in ["forward", "backward"]:
        out = derivative(np.sin, x, method=method)
        assert out.dtype == np.float32
        np.testing.assert_allclose(out, math.cos(2.0), atol=2e-3)


def test_float32_with_a_float64_step_array_follows_numpy_promotion():
    x = np.array([1.0, 2.0], dtype=np.float32)
    out = central_difference(np.sin, x, np.array([1e-3, 1e-3]))
    assert out.dtype == np.float64


# --------------------------------------------------------------------------- default_step
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "method, power", [("central", 1 / 3), ("forward", 1 / 2), ("backward", 1 / 2)]
)
def test_default_step_scales_with_max_abs_x_and_one(dtype, method, power):
    eps = float(np.finfo(dtype).eps)
    x = np.array([0.0, 1e-8, -0.5, 1.0, -3.0, 1e4, -2.5e7], dtype=dtype)
    h = default_step(x, method)
    assert h.dtype == dtype
    assert np.all(h > 0)
    expected = eps**power * np.maximum(np.abs(x.astype(np.float64)), 1.0)
    # Rounding x + h to a representable number changes h by at most one ulp of x,
    # tiny compared with h itself.
    np.testing.assert_allclose(h.astype(np.float64), expected, rtol=1e-3)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_default_step_makes_x_plus_h_exact(dtype):
    x = np.array([0.1, 1.0 / 3.0, -7.3, 123.456, 1e6 + 0.1, -9.87e10], dtype=dtype)
    h = default_step(x)
    np.testing.assert_array_equal((x + h) - x, h)


def test_default_step_rejects_bad_input():
    with pytest.raises(ValueError, match="method must be one of"):
        default_step(1.0, "centre")
    with pytest.raises(ValueError, match="x must be finite"):
        default_step(np.inf)
    with pytest.raises(TypeError, match="x must be a number"):
        default_step("one")


# --------------------------------------------------------------------------- derivative
def test_derivative_is_accurate_for_huge_and_tiny_x():
    # The two examples: the step scales with |x|, so both are accurate.
    np.testing.assert_allclose(derivative(np.log, 1e6), 1e-6, rtol=1e-9)
    np.testing.assert_allclose(derivative(np.sin, 1e-8), math.cos(1e-8), rtol=1e-9)


def test_relative_step_costs_accuracy_when_f_varies_faster_than_x():
    # exp varies on a length scale of 1, not |x| = 30, so the relative step s = 30 eps**(1/3)
    # leaves the truncation error s**2 / 6 * exp(x), i.e. a relative error of s**2 / 6.
    s = float(default_step(-30.0))
    rel = float(derivative(np.exp, -30.0)) / math.exp(-30.0) - 1
    np.testing.assert_allclose(rel, s**2 / 6, rtol=0.05)


def test_derivative_with_explicit_h_equals_the_quotient():
    for method, quotient in zip(["forward", "backward", "central"], QUOTIENTS, strict=True):
        assert float(derivative(np.exp, 0.3, h=1e-4, method=method)) == float(
            quotient(np.exp, 0.3, 1e-4)
        )


def test_derivative_default_methods_accuracy():
    # Central: error about eps**(2/3); one-sided: about sqrt(eps).
    x = np.linspace(0.1, 3.0, 11)
    np.testing.assert_allclose(derivative(np.exp, x), np.exp(x), rtol=1e-9)
    for method in ["forward", "backward"]:
        np.testing.assert_allclose(derivative(np.exp, x, method=method), np.exp(x), rtol=1e-7)


def test_derivative_keeps_the_shape_of_x():
    x = np.arange(6.0).reshape(2, 3) + 1
    out = derivative(np.log, x)
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out, 1 / x, rtol=1e-9)
    assert derivative(np.log, 2.0).shape == ()


# --------------------------------------------------------------------------- bad input
ALL_CALLS = [
    pytest.param(lambda f, x, h: forward_difference(f, x, h), id="forward_difference"),
    pytest.param(lambda f, x, h: backward_difference(f, x, h), id="backward_difference"),
    pytest.param(lambda f, x, h: central_difference(f, x, h), id="central_difference"),
    pytest.param(lambda f, x, h: derivative(f, x, h), id="derivative"),
    pytest.param(lambda f, x, h: derivative(f, x, h, method="forward"), id="derivative-forward"),
]


@pytest.mark.parametrize("call", ALL_CALLS)
@pytest.mark.parametrize("h", [0.0, -1e-3, -0.0, np.array([1e-3, 0.0]), np.array([1e-3, -2.0])])
def test_non_positive_h_is_rejected(call, h):
    with pytest.raises(ValueError, match="h must be positive"):
        call(np.sin, np.array([1.0, 2.0]), h)


@pytest.mark.parametrize("call", ALL_CALLS)
@pytest.mark.parametrize("h", [np.nan, np.inf, -np.inf])
def test_non_finite_h_is_rejected(call, h):
    with pytest.raises(ValueError, match="h must be finite"):
        call(np.sin, 1.0, h)


@pytest.mark.parametrize("call", ALL_CALLS)
@pytest.mark.parametrize("h", ["0.1", [None], {"h": 1}])
def test_h_of_the_wrong_type_is_rejected(call, h):
    with pytest.raises(TypeError, match="h must be a number"):
        call(np.sin, 1.0, h)


@pytest.mark.parametrize("call", ALL_CALLS)
def test_complex_h_is_rejected(call):
    with pytest.raises(TypeError, match="h must be real"):
        call(np.sin, 1.0, 1e-3j)


@pytest.mark.parametrize("call", ALL_CALLS)
def test_a_scalar_h_that_does_not_fit_float32_is_rejected(call):
    x = np.float32(1.0)
    with pytest.raises(ValueError, match=r"h = .* does not fit the dtype of x"):
        call(np.sin, x, 1e300)
    with pytest.raises(ValueError, match=r"h = .* does not fit the dtype of x"):
        call(np.sin, x, 1e-60)


@pytest.mark.parametrize("call", ALL_CALLS)
@pytest.mark.parametrize("x", [np.nan, np.inf, -np.inf])
def test_non_finite_x_is_rejected(call, x):
    with pytest.raises(ValueError, match="x must be finite"):
        call(np.sin, x, 1e-3)


@pytest.mark.parametrize("call", ALL_CALLS)
def test_non_finite_entry_of_x_is_named_by_index(call):
    with pytest.raises(ValueError, match=r"x must be finite, got nan at index \(1,\)"):
        call(np.sin, np.array([1.0, np.nan, 2.0]), 1e-3)


@pytest.mark.parametrize("call", ALL_CALLS)
@pytest.mark.parametrize("x", ["1.0", None, [1.0, "a"], object()])
def test_x_of_the_wrong_type_is_rejected(call, x):
    with pytest.raises(TypeError, match="x must be a number"):
        call(np.sin, x, 1e-3)


@pytest.mark.parametrize("call", ALL_CALLS)
def test_complex_x_is_rejected(call):
    with pytest.raises(TypeError, match="x must be real"):
        call(np.sin, 1.0 + 2.0j, 1e-3)


@pytest.mark.parametrize("call", ALL_CALLS)
@pytest.mark.parametrize("f", [3.0, None, "sin", np.array([1.0])])
def test_non_callable_f_is_rejected(call, f):
    with pytest.raises(TypeError, match="f must be a callable"):
        call(f, 1.0, 1e-3)


@pytest.mark.parametrize("call", ALL_CALLS)
def test_f_returning_nan_outside_its_domain_is_reported_with_the_point(call):
    # log of a negative number: the message names f and the point.
    with pytest.raises(ValueError, match=r"f returned a non-finite value at x = -1\.0"):
        call(np.log, -1.0, 1e-3)


@pytest.mark.parametrize("call", ALL_CALLS)
def test_f_returning_inf_for_one_entry_names_that_entry(call):
    # f is infinite beyond 2.5 only, so the entry x = 3 fails and the others do not.
    with pytest.raises(ValueError, match=r"f returned a non-finite value at x = 3\.0"):
        call(lambda x: np.where(x > 2.5, np.inf, x), np.array([1.0, 3.0, 2.0]), 1e-3)


def test_none_h_is_a_type_error_for_the_quotients_and_the_default_for_derivative():
    for quotient in QUOTIENTS:
        with pytest.raises(TypeError, match="h must be a number"):
            quotient(np.sin, 1.0, None)
    assert float(derivative(np.sin, 1.0, None)) == float(derivative(np.sin, 1.0))


@pytest.mark.parametrize("call", ALL_CALLS)
def test_f_returning_a_scalar_nan_for_an_array_is_reported(call):
    # a scalar for an array input is already wrong (f is applied entry by entry)
    with pytest.raises(ValueError, match=r"f must return an array shaped like its input \(2,\)"):
        call(lambda x: np.nan, np.array([1.0, 2.0]), 1e-3)


@pytest.mark.parametrize("call", ALL_CALLS)
@pytest.mark.parametrize("output", [np.ones(5), np.ones(1), 1.0, np.ones((2, 1))])
def test_f_of_the_wrong_output_shape_is_rejected(call, output):
    # (f(x + h) - f(x)) / h of a wrongly shaped f used to return 5 zeros, or broadcast
    with pytest.raises(ValueError, match=r"f must return an array shaped like its input \(2,\)"):
        call(lambda x: output, np.array([1.0, 2.0]), 1e-3)


@pytest.mark.parametrize("call", ALL_CALLS)
def test_f_returning_complex_values_is_rejected(call):
    with pytest.raises(TypeError, match="f must return real numbers, got complex values"):
        call(lambda x: x * 1j, np.array([1.0, 2.0]), 1e-3)


@pytest.mark.parametrize("call", ALL_CALLS)
@pytest.mark.parametrize("result", [None, "1.0", object()])
def test_f_returning_non_numbers_is_rejected(call, result):
    with pytest.raises(TypeError, match="f must return real numbers"):
        call(lambda x: result, 1.0, 1e-3)


def test_no_runtime_warning_when_f_leaves_its_domain(recwarn):
    with pytest.raises(ValueError):
        derivative(np.sqrt, 0.0)  # sqrt(-h) is NaN
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("method", ["centre", "Central", "", None, 2, "symmetric"])
def test_unknown_method_is_rejected(method):
    with pytest.raises(ValueError, match="method must be one of"):
        derivative(np.sin, 1.0, method=method)


def test_method_is_checked_before_anything_else():
    with pytest.raises(ValueError, match="method"):
        derivative("not a function", np.nan, h=-1.0, method="nope")


# --------------------------------------------------------------------------- properties
def _magnitudes() -> st.SearchStrategy[float]:
    """x = +-m * 10**e with m in [1, 10) and e from -10 to 10, or exactly 0."""
    return st.one_of(
        st.just(0.0),
        st.builds(
            lambda sign, m, e: sign * m * 10.0**e,
            st.sampled_from([-1.0, 1.0]),
            st.floats(1.0, 10.0, exclude_max=True),
            st.integers(-10, 10),
        ),
    )


# Coefficients are 0 or of size 1e-3 to 10 (no subnormal numbers, whose products underflow).
coefficients = st.lists(
    st.one_of(
        st.just(0.0),
        st.builds(lambda sign, m: sign * m, st.sampled_from([-1.0, 1.0]), st.floats(1e-3, 10.0)),
    ),
    min_size=1,
    max_size=6,
)


def _poly(c: list[float]):
    """f(t) = sum c_k t^k, its exact derivatives, and bounds for the error analysis."""

    def f(t):
        return sum(ck * t**k for k, ck in enumerate(c))

    def d(t, order):
        total = 0.0
        for k, ck in enumerate(c):
            if k >= order:
                total += ck * math.perm(k, order) * t ** (k - order)
        return total

    def abs_d(r, order):
        # max over |t| <= r of |f^(order)(t)| is at most this.
        return sum(
            abs(ck) * math.perm(k, order) * r ** (k - order) for k, ck in enumerate(c) if k >= order
        )

    return f, d, abs_d


def _poly_bound(c, x, s, eps, method):
    """Error bound for a difference quotient of a polynomial at x with step s."""
    _, _, abs_d = _poly(c)
    r = abs(x) + s
    # Evaluating sum c_k t**k: the power (~1 ulp), the product (1 ulp) and the sum of
    # len(c) terms (len(c) ulps) of terms at most |c_k| r**k each.
    delta = (len(c) + 2) * eps * abs_d(r, 0)
    if method == "central":
        truncation = s**2 / 6 * abs_d(r, 3)
        rounding = 2 * delta / (2 * s)
    else:
        truncation = s / 2 * abs_d(r, 2)
        rounding = 2 * delta / s
    exact_scale = abs_d(abs(x), 1)
    return truncation + rounding + 2 * eps * exact_scale


@settings(max_examples=300, deadline=None)
@given(c=coefficients, x=_magnitudes(), method=st.sampled_from(["central", "forward", "backward"]))
def test_derivative_of_random_polynomials_within_the_error_analysis(c, x, method):
    f, d, abs_d = _poly(c)
    eps = float(np.finfo(np.float64).eps)
    s = float(default_step(x, method))
    got = float(derivative(f, x, method=method))
    bound = _poly_bound(c, x, s, eps, method)
    assert abs(got - d(x, 1)) <= SAFETY * bound
    # Not vacuous: the bound is a small fraction of the derivative's natural scale,
    # sum |c_k| k R^(k-1) with R = max(|x|, 1) (about sqrt(eps) or eps**(2/3) of it).
    scale = abs_d(max(abs(x), 1.0) + s, 0) / max(abs(x), 1.0)
    limit = 1e-8 if method == "central" else 1e-6
    assert bound <= limit * scale + 1e-300


@settings(max_examples=200, deadline=None)
@given(c=coefficients, x=_magnitudes())
def test_derivative_of_random_polynomials_in_float32(c, x):
    x32 = np.float32(x)
    xf = float(x32)
    c32 = [float(np.float32(ck)) for ck in c]
    f, d, _ = _poly(c32)
    r = abs(xf) * 1.01 + 1e-2
    # Stay inside float32's range: every power t**k evaluated must be finite (0 * inf is NaN)
    # and so must the sum of the terms.
    assume(r ** (len(c32) - 1) < 1e30 and _poly(c32)[2](r, 0) < 1e30)
    eps = float(np.finfo(np.float32).eps)
    s = float(default_step(x32))
    got = derivative(f, x32)
    assert got.dtype == np.float32
    bound = _poly_bound(c32, xf, s, eps, "central")
    assert abs(float(got) - d(xf, 1)) <= SAFETY * bound


@settings(max_examples=300, deadline=None)
@given(
    x=_magnitudes(),
    amplitude=st.floats(0.1, 10.0),
    w=st.floats(0.1, 5.0),
    phase=st.floats(-math.pi, math.pi),
    method=st.sampled_from(["central", "forward", "backward"]),
)
def test_derivative_of_random_sinusoids_within_the_error_analysis(x, amplitude, w, phase, method):
    # f(t) = A sin(w t / L + phi) varies on the length scale L = max(|x|, 1), which is the
    # scale the default step assumes (a sinusoid of fixed period is not resolvable by a
    # relative step once |x| is many periods long).
    length = max(abs(x), 1.0)
    k = w / length

    def f(t):
        return amplitude * np.sin(k * t + phase)

    exact = amplitude * k * math.cos(k * x + phase)
    eps = float(np.finfo(np.float64).eps)
    s = float(default_step(x, method))
    got = float(derivative(f, x, method=method))
    # Evaluation: the argument k t + phi carries a few ulps of its size, sin adds one ulp.
    delta = amplitude * eps * (3 * (k * (abs(x) + s) + abs(phase)) + 2)
    if method == "central":
        bound = s**2 / 6 * amplitude * k**3 + delta / s
    else:
        bound = s / 2 * amplitude * k**2 + 2 * delta / s
    bound += 2 * eps * amplitude * k
    assert abs(got - exact) <= SAFETY * bound
    # Not vacuous: small compared with the scale amplitude / length of the derivative.
    limit = 1e-8 if method == "central" else 1e-5
    assert bound <= limit * amplitude / length


@settings(max_examples=200, deadline=None)
@given(x=_magnitudes(), amplitude=st.floats(0.1, 10.0), w=st.floats(0.1, 5.0))
def test_derivative_of_random_cosines_in_float32(x, amplitude, w):
    x32 = np.float32(x)
    xf = float(x32)
    length = max(abs(xf), 1.0)
    k = np.float32(w / length)

    def f(t):
        return np.float32(amplitude) * np.cos(k * t)

    exact = -amplitude * float(k) * math.sin(float(k) * xf)
    eps = float(np.finfo(np.float32).eps)
    got = derivative(f, x32)
    assert got.dtype == np.float32
    s = float(default_step(x32))
    delta = amplitude * eps * (3 * float(k) * (abs(xf) + s) + 4)
    bound = s**2 / 6 * amplitude * float(k) ** 3 + delta / s + 2 * eps * amplitude * float(k)
    assert abs(float(got) - exact) <= SAFETY * bound
