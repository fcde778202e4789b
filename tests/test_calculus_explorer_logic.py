"""The logic behind the explorers of notebooks 03-05, in helpers.calculus."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import calculus


def quadratic(x, y):
    return x**2 + x * y + y**2


def quadratic_grad(x, y):
    return 2 * x + y, x + 2 * y


# --------------------------------------------------------------------------- deep_chain


def test_deep_chain_running_product_is_dz_dx():
    weights = np.array([0.8, 1.3, 0.9, 1.1])
    values, local, running = calculus.deep_chain(0.7, weights)
    assert values.shape == (5,) and local.shape == (4,) and running.shape == (4,)
    # each layer by hand
    y = 0.7
    for k, w in enumerate(weights):
        assert local[k] == pytest.approx(w * (1 + 0.1 / np.cosh(y) ** 2))
        y = w * (y + 0.1 * np.tanh(y))
        assert values[k + 1] == pytest.approx(y)
    # the product of local derivatives is the derivative of the whole chain (central diff)
    h = 1e-6
    whole = lambda x: calculus.deep_chain(x, weights)[0][-1]  # noqa: E731
    assert running[-1] == pytest.approx((whole(0.7 + h) - whole(0.7 - h)) / (2 * h), rel=1e-7)


def test_deep_chain_vanishes_and_explodes():
    _, _, small = calculus.deep_chain(0.5, np.full(50, 0.5))
    _, _, large = calculus.deep_chain(0.5, np.full(50, 1.5))
    assert 0.5**50 <= small[-1] <= (0.55) ** 50
    assert 1.5**50 <= large[-1] <= (1.65) ** 50


@pytest.mark.parametrize(
    ("x", "weights", "match"),
    [
        (0.0, [], "weights must be a non-empty"),
        (0.0, [[1.0]], "weights must be a non-empty 1-D"),
        (0.0, [1.0, np.nan], "weights must be finite"),
        (np.inf, [1.0], "x must be finite"),
    ],
)
def test_deep_chain_bad_input(x, weights, match):
    with pytest.raises(ValueError, match=match):
        calculus.deep_chain(x, weights)


# --------------------------------------------------------------------------- directional_slope


@pytest.mark.parametrize("angle", [0.0, 0.7, np.pi / 2, -2.0])
def test_directional_slope_is_gradient_dot_direction(angle):
    f = lambda v: quadratic(v[0], v[1])  # noqa: E731
    point = np.array([0.4, -1.2])
    numerical, predicted = calculus.directional_slope(f, point, angle)
    u = np.array([np.cos(angle), np.sin(angle)])
    exact = np.array(quadratic_grad(*point)) @ u
    assert numerical == pytest.approx(exact, abs=1e-8)
    assert predicted == pytest.approx(exact, abs=1e-8)


@pytest.mark.parametrize(
    ("point", "angle", "match"),
    [
        ([1.0, 2.0, 3.0], 0.0, "point must be a finite 2-vector"),
        ([1.0, np.nan], 0.0, "point must be a finite 2-vector"),
        ([1.0, 2.0], np.inf, "angle must be finite"),
    ],
)
def test_directional_slope_bad_input(point, angle, match):
    with pytest.raises(ValueError, match=match):
        calculus.directional_slope(lambda v: v[0], point, angle)


# --------------------------------------------------------------------------- perturbations


def test_perturbation_changes_for_a_quadratic_are_exact():
    # L(W) = |W|^2: actual change 2<W, d> + |d|^2, prediction 2<W, d>, error exactly |d|^2
    W = np.array([[1.0, -2.0], [0.5, 3.0]])
    direction = np.array([[1.0, 1.0], [0.0, -1.0]])
    sizes = np.array([1e-1, 1e-2, 1e-3])
    predicted, actual = calculus.perturbation_changes(
        lambda w: np.sum(w**2), 2 * W, W, direction, sizes
    )
    u = direction / np.linalg.norm(direction)
    np.testing.assert_allclose(predicted, 2 * sizes * np.sum(W * u), rtol=1e-12)
    np.testing.assert_allclose(actual - predicted, sizes**2, rtol=1e-6)


def test_loglog_slope_recovers_the_exponent():
    sizes = np.logspace(-4, -1, 7)
    assert calculus.loglog_slope(sizes, 5 * sizes**2) == pytest.approx(2.0)
    assert calculus.loglog_slope(sizes, 0.3 * sizes**1) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"loss": 3.0}, TypeError, "loss must be a callable"),
        ({"grad": np.ones(3)}, ValueError, r"grad must have the shape of W \(2,\)"),
        ({"direction": np.ones((2, 1))}, ValueError, "direction must have the shape of W"),
        ({"direction": np.zeros(2)}, ValueError, "direction must not be all zero"),
        ({"W": np.array([np.nan, 1.0])}, ValueError, "W must be finite"),
        ({"grad": np.array([np.inf, 1.0])}, ValueError, "grad must be finite"),
        ({"sizes": [0.1, 0.0]}, ValueError, "sizes must be positive"),
        ({"sizes": [np.nan]}, ValueError, "sizes must be finite"),
    ],
)
def test_perturbation_changes_bad_input(kwargs, error, match):
    args = {
        "loss": lambda w: np.sum(w**2),
        "grad": np.array([2.0, 4.0]),
        "W": np.array([1.0, 2.0]),
        "direction": np.array([1.0, 0.0]),
        "sizes": [0.1],
    } | kwargs
    with pytest.raises(error, match=match):
        calculus.perturbation_changes(**args)


@pytest.mark.parametrize(
    ("sizes", "errors", "match"),
    [
        ([1.0], [1.0], "length >= 2"),
        ([1.0, 2.0], [1.0], "one length"),
        ([1.0, -2.0], [1.0, 2.0], "sizes must be positive"),
        ([1.0, 2.0], [0.0, 2.0], "errors must be positive"),
    ],
)
def test_loglog_slope_bad_input(sizes, errors, match):
    with pytest.raises(ValueError, match=match):
        calculus.loglog_slope(sizes, errors)


def test_perturbation_changes_rejects_a_non_finite_loss():
    def loss(w):
        return np.inf if w[0] > 1.05 else float(np.sum(w**2))

    with pytest.raises(ValueError, match="loss must return finite values"):
        calculus.perturbation_changes(loss, [2.0, 4.0], [1.0, 2.0], [1.0, 0.0], [0.01, 0.1])


def test_loglog_slope_rejects_equal_sizes():
    with pytest.raises(ValueError, match="sizes must not all be equal"):
        calculus.loglog_slope([0.1, 0.1, 0.1], [1.0, 2.0, 3.0])
