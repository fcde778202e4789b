"""Tests of helpers.optimise.gradient_descent and its Trajectory."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.optimise import MAX_NORM, Trajectory, gradient_descent


def quadratic(curvatures, centre):
    """F(x) = sum_i L_i / 2 (x_i - c_i)^2 and its gradient."""
    curv = np.asarray(curvatures, dtype=float)
    c = np.asarray(centre, dtype=float)

    def f(x):
        return float(np.sum(curv / 2 * (x - c) ** 2))

    def grad(x):
        return curv * (x - c)

    return f, grad


# --------------------------------------------------------------------------- the update rule
def test_each_step_is_the_lecture_update_rule():
    f, grad = quadratic([1.0, 4.0], [1.0, -2.0])
    run = gradient_descent(grad, [3.0, 0.5], lr=0.1, steps=5, f=f)
    for a, b in zip(run.points[:-1], run.points[1:], strict=True):
        np.testing.assert_allclose(b, a - 0.1 * grad(a), rtol=1e-15)
    np.testing.assert_allclose(run.losses, [f(p) for p in run.points], rtol=1e-15)


def test_shapes_for_scalar_and_vector_starts():
    run = gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, steps=7)
    assert run.points.shape == (8,)
    assert run.losses is None
    assert run.steps == 7
    assert run.status == "max_steps"
    run = gradient_descent(lambda x: 2 * x, [1.0, 2.0, 3.0], lr=0.1, steps=4, f=np.sum)
    assert run.points.shape == (5, 3)
    assert run.losses.shape == (5,)
    assert run.final.shape == (3,)
    assert run.points.dtype == np.float64


def test_integer_start_is_accepted():
    run = gradient_descent(lambda x: 2 * x, 4, lr=0.25, steps=2)
    np.testing.assert_array_equal(run.points, [4.0, 2.0, 1.0])


def test_the_start_is_not_modified():
    x0 = np.array([1.0, 2.0])
    gradient_descent(lambda x: 2 * x, x0, lr=0.1, steps=3)
    np.testing.assert_array_equal(x0, [1.0, 2.0])


def test_trajectory_is_frozen():
    run = gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, steps=1)
    assert isinstance(run, Trajectory)
    with pytest.raises(dataclasses.FrozenInstanceError):
        run.status = "converged"


# --------------------------------------------------------------------------- convergence
def test_converges_to_the_known_minimum():
    f, grad = quadratic([2.0, 8.0], [1.5, -0.5])
    run = gradient_descent(grad, [-3.0, 2.0], lr=0.2, steps=1000, f=f, tol=1e-10)
    assert run.status == "converged"
    np.testing.assert_allclose(run.final, [1.5, -0.5], atol=1e-10)
    assert run.losses[-1] < 1e-19
    assert "converged" in run.message
    assert run.steps < 1000


def test_converged_at_the_start_takes_no_step():
    run = gradient_descent(lambda x: 2 * x, 0.0, lr=0.1, steps=10, tol=1e-8)
    assert run.status == "converged"
    assert run.steps == 0
    assert run.points.shape == (1,)


def test_max_steps_without_tol_and_with_a_tol_never_reached():
    _, grad = quadratic([1.0], [0.0])
    run = gradient_descent(grad, [1.0], lr=0.01, steps=10)
    assert run.status == "max_steps"
    assert run.steps == 10
    run = gradient_descent(grad, [1.0], lr=0.01, steps=10, tol=1e-12)
    assert run.status == "max_steps"
    assert "10 steps" in run.message


def test_geometric_rate_on_a_quadratic():
    # On F(x) = L/2 x^2 each step multiplies x by (1 - lr L).
    L, lr = 4.0, 0.1
    run = gradient_descent(lambda x: L * x, 1.0, lr=lr, steps=20)
    np.testing.assert_allclose(run.points, (1 - lr * L) ** np.arange(21), rtol=1e-13)


@settings(max_examples=60, deadline=None)
@given(
    curvature=st.floats(0.1, 100.0),
    fraction=st.floats(0.05, 0.95),
    start=st.floats(-100.0, 100.0).filter(lambda v: abs(v) > 1e-3),
)
def test_stability_limit_two_over_l(curvature, fraction, start):
    # Below 2 / L the iterates shrink; above it they grow until the run stops.
    grad = lambda x: curvature * x  # noqa: E731
    below = gradient_descent(grad, start, lr=fraction * 2 / curvature, steps=5000, tol=1e-9)
    assert below.status == "converged"
    assert abs(float(below.final)) <= 1e-9 / curvature * 1.0001
    above = gradient_descent(grad, start, lr=(1 + fraction) * 2 / curvature, steps=5000)
    assert above.status == "diverged"
    norms = np.abs(above.points)
    assert np.all(norms[1:] > norms[:-1])


# --------------------------------------------------------------------------- divergence
def test_divergence_stops_at_the_exploding_step():
    run = gradient_descent(lambda x: 2 * x, 3.0, lr=1.5, steps=1000, f=lambda x: x**2)
    assert run.status == "diverged"
    # a_n = 3 (-2)^n, first beyond 1e12 at n = 39; that point is kept, none after it.
    assert run.steps == 39
    assert abs(run.points[-1]) > MAX_NORM
    assert abs(run.points[-2]) <= MAX_NORM
    assert np.all(np.isfinite(run.points))
    assert np.all(np.isfinite(run.losses))
    assert len(run.losses) == len(run.points)
    assert "lr = 1.5" in run.message
    assert "smaller" in run.message


def test_non_finite_point_is_not_stored():
    # A gradient that overflows in one step: the infinite point is not kept.
    run = gradient_descent(lambda x: np.where(x > 1, 1e308, 1.0), 2.0, lr=1e10, steps=5)
    assert run.status == "diverged"
    assert np.all(np.isfinite(run.points))
    assert "not finite" in run.message


def test_non_finite_loss_stops_the_run_without_warnings():
    # log is finite at the start; one step of 1 - 3 * 1 = -2 leaves its domain.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gradient_descent(lambda x: 1 / x, 1.0, lr=3.0, steps=5, f=np.log)
    assert run.status == "diverged"
    assert "F(a_1) is not finite" in run.message
    assert run.points.shape == (1,)
    assert run.losses.shape == (1,)


def test_non_finite_gradient_later_stops_the_run():
    def grad(x):
        return np.where(x < 0.5, np.nan, 1.0)

    run = gradient_descent(grad, 1.0, lr=0.3, steps=10)
    assert run.status == "diverged"
    assert "gradient at a_2 is not finite" in run.message
    np.testing.assert_allclose(run.points, [1.0, 0.7, 0.4])


# --------------------------------------------------------------------------- bad input
def _grad(x):
    return 2 * x


@pytest.mark.parametrize("lr", [0.0, -0.1, np.nan, np.inf])
def test_bad_lr_value(lr):
    with pytest.raises(ValueError, match="lr must be a positive finite number"):
        gradient_descent(_grad, 1.0, lr, 10)


@pytest.mark.parametrize("lr", ["0.1", None, [0.1], True])
def test_bad_lr_type(lr):
    with pytest.raises(TypeError, match="lr must be a real number"):
        gradient_descent(_grad, 1.0, lr, 10)


@pytest.mark.parametrize("steps", [0, -5])
def test_bad_steps_value(steps):
    with pytest.raises(ValueError, match="steps must be at least 1"):
        gradient_descent(_grad, 1.0, 0.1, steps)


@pytest.mark.parametrize("steps", [10.0, "10", None, True])
def test_bad_steps_type(steps):
    with pytest.raises(TypeError, match="steps must be an integer"):
        gradient_descent(_grad, 1.0, 0.1, steps)


@pytest.mark.parametrize("tol", [0.0, -1e-6, np.nan, np.inf])
def test_bad_tol_value(tol):
    with pytest.raises(ValueError, match="tol must be a positive finite number"):
        gradient_descent(_grad, 1.0, 0.1, 10, tol=tol)


@pytest.mark.parametrize("tol", ["1e-6", [1e-6]])
def test_bad_tol_type(tol):
    with pytest.raises(TypeError, match="tol must be a real number or None"):
        gradient_descent(_grad, 1.0, 0.1, 10, tol=tol)


@pytest.mark.parametrize("x0", [np.nan, np.inf, [1.0, np.nan], [-np.inf, 0.0]])
def test_non_finite_start(x0):
    with pytest.raises(ValueError, match="x0 must be finite"):
        gradient_descent(_grad, x0, 0.1, 10)


@pytest.mark.parametrize("x0", [np.zeros((2, 2)), [], np.zeros((1, 1, 1))])
def test_start_of_the_wrong_shape(x0):
    with pytest.raises(ValueError, match="x0 must be a number or a non-empty 1-D vector"):
        gradient_descent(_grad, x0, 0.1, 10)


@pytest.mark.parametrize("x0", ["1.0", None, [1.0, "a"], 1 + 2j])
def test_start_of_the_wrong_type(x0):
    with pytest.raises(TypeError, match=r"x0 must be (a number or an array of real numbers|real)"):
        gradient_descent(_grad, x0, 0.1, 10)


@pytest.mark.parametrize("grad", [None, 3.0, "grad"])
def test_non_callable_grad(grad):
    with pytest.raises(TypeError, match="grad must be a callable"):
        gradient_descent(grad, 1.0, 0.1, 10)


@pytest.mark.parametrize("f", [3.0, "loss"])
def test_non_callable_f(f):
    with pytest.raises(TypeError, match="f must be a callable or None"):
        gradient_descent(_grad, 1.0, 0.1, 10, f=f)


@pytest.mark.parametrize(
    "grad, x0",
    [
        (lambda x: np.ones(3), [1.0, 2.0]),
        (lambda x: np.ones((2, 1)), [1.0, 2.0]),
        (lambda x: np.ones(1), 1.0),
        (lambda x: 1.0, [1.0, 2.0]),
    ],
)
def test_grad_of_the_wrong_shape(grad, x0):
    with pytest.raises(ValueError, match="grad must return an array shaped like x0"):
        gradient_descent(grad, x0, 0.1, 10)


@pytest.mark.parametrize("value", [None, "1.0", 1j])
def test_grad_returning_non_real_numbers(value):
    with pytest.raises(TypeError, match="grad must return real numbers"):
        gradient_descent(lambda x: value, 1.0, 0.1, 10)


@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_grad_non_finite_at_the_start(value):
    with pytest.raises(ValueError, match="grad returned a non-finite value at x0"):
        gradient_descent(lambda x: x * value, 1.0, 0.1, 10)


def test_f_non_finite_at_the_start():
    with pytest.raises(ValueError, match="f returned a non-finite value at x0"):
        gradient_descent(_grad, -1.0, 0.1, 10, f=np.log)


def test_f_returning_a_vector_or_non_numbers():
    with pytest.raises(ValueError, match="f must return a scalar loss"):
        gradient_descent(_grad, [1.0, 2.0], 0.1, 10, f=lambda x: x**2)
    with pytest.raises(TypeError, match="f must return real numbers"):
        gradient_descent(_grad, 1.0, 0.1, 10, f=lambda x: "loss")
