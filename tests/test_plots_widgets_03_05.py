"""Tests of the plots and explorers used by notebooks 03-05 (chain rule to tensor gradients)."""

from __future__ import annotations

import contextlib
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plotting, widgets


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def quadratic(x, y):
    return x**2 + x * y + y**2


def quadratic_grad(x, y):
    return 2 * x + y, x + 2 * y


# --------------------------------------------------------------------------- deep_chain


def test_deep_chain_running_product_is_dz_dx():
    weights = np.array([0.8, 1.3, 0.9, 1.1])
    values, local, running = widgets.deep_chain(0.7, weights)
    assert values.shape == (5,) and local.shape == (4,) and running.shape == (4,)
    # each layer by hand
    y = 0.7
    for k, w in enumerate(weights):
        assert local[k] == pytest.approx(w * (1 + 0.1 / np.cosh(y) ** 2))
        y = w * (y + 0.1 * np.tanh(y))
        assert values[k + 1] == pytest.approx(y)
    # the product of local derivatives is the derivative of the whole chain (central diff)
    h = 1e-6
    whole = lambda x: widgets.deep_chain(x, weights)[0][-1]  # noqa: E731
    assert running[-1] == pytest.approx((whole(0.7 + h) - whole(0.7 - h)) / (2 * h), rel=1e-7)


def test_deep_chain_vanishes_and_explodes():
    _, _, small = widgets.deep_chain(0.5, np.full(50, 0.5))
    _, _, large = widgets.deep_chain(0.5, np.full(50, 1.5))
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
        widgets.deep_chain(x, weights)


# --------------------------------------------------------------------------- directional_slope


@pytest.mark.parametrize("angle", [0.0, 0.7, np.pi / 2, -2.0])
def test_directional_slope_is_gradient_dot_direction(angle):
    f = lambda v: quadratic(v[0], v[1])  # noqa: E731
    point = np.array([0.4, -1.2])
    numerical, predicted = widgets.directional_slope(f, point, angle)
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
        widgets.directional_slope(lambda v: v[0], point, angle)


# --------------------------------------------------------------------------- perturbations


def test_perturbation_changes_for_a_quadratic_are_exact():
    # L(W) = |W|^2: actual change 2<W, d> + |d|^2, prediction 2<W, d>, error exactly |d|^2
    W = np.array([[1.0, -2.0], [0.5, 3.0]])
    direction = np.array([[1.0, 1.0], [0.0, -1.0]])
    sizes = np.array([1e-1, 1e-2, 1e-3])
    predicted, actual = widgets.perturbation_changes(
        lambda w: np.sum(w**2), 2 * W, W, direction, sizes
    )
    u = direction / np.linalg.norm(direction)
    np.testing.assert_allclose(predicted, 2 * sizes * np.sum(W * u), rtol=1e-12)
    np.testing.assert_allclose(actual - predicted, sizes**2, rtol=1e-6)


def test_loglog_slope_recovers_the_exponent():
    sizes = np.logspace(-4, -1, 7)
    assert widgets.loglog_slope(sizes, 5 * sizes**2) == pytest.approx(2.0)
    assert widgets.loglog_slope(sizes, 0.3 * sizes**1) == pytest.approx(1.0)


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
        widgets.perturbation_changes(**args)


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
        widgets.loglog_slope(sizes, errors)


# --------------------------------------------------------------------------- explorers


def _silently(make):
    """Build an explorer outside a kernel (ipywidgets may print terminal codes)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return make()


def _sliders(explorer):
    return [c for c in explorer.children if hasattr(c, "description") and c.description]


def _image(explorer):
    return explorer.children[-1]


def test_chain_product_explorer_redraws_when_a_slider_moves():
    explorer = _silently(widgets.chain_product_explorer)
    assert [c.description for c in _sliders(explorer)] == ["weight", "depth"]
    before = _image(explorer).value
    assert before[:4] == b"\x89PNG"
    _sliders(explorer)[0].value = 1.3
    assert _image(explorer).value != before
    png = explorer.redraw(weight=0.5, depth=10)
    assert png[:4] == b"\x89PNG"


def test_directional_slope_explorer_redraws_when_a_slider_moves():
    explorer = _silently(lambda: widgets.directional_slope_explorer(lambda v: v[0] ** 2 + v[1]))
    assert [c.description for c in _sliders(explorer)] == ["x", "y", "angle (deg)"]
    before = _image(explorer).value
    _sliders(explorer)[2].value = 90.0
    assert _image(explorer).value != before
    assert explorer.redraw(x=0.0, y=0.0, angle=0.0)[:4] == b"\x89PNG"


def test_gradient_meaning_explorer_has_a_log_slider_and_redraws():
    W = np.ones(3)
    explorer = _silently(
        lambda: widgets.gradient_meaning_explorer(lambda w: np.sum(w**3), 3 * W**2, W, np.ones(3))
    )
    (slider,) = _sliders(explorer)
    assert slider.description == "|delta|"
    assert slider.min == -5 and slider.max == 0
    before = _image(explorer).value
    slider.value = 0.5
    assert _image(explorer).value != before


def test_explorers_do_not_open_pyplot_figures():
    # the explorers draw off-screen; a pyplot figure would be shown a second time by the notebook
    _silently(widgets.chain_product_explorer)
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- plots


def test_plot_gradient_field_draws_contours_and_arrows():
    ax = plotting.plot_gradient_field(quadratic, quadratic_grad, (-2, 2), (-1, 1), arrows=5)
    assert ax.get_xlim() == (-2, 2) and ax.get_ylim() == (-1, 1)
    quiver = [c for c in ax.collections if c.__class__.__name__ == "Quiver"]
    assert len(quiver) == 1 and quiver[0].N == 25
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"xlim": (1, 1)}, "xlim must be"),
        ({"ylim": (2, -2)}, "ylim must be"),
        ({"levels": 1}, "levels must be at least 2"),
        ({"arrows": 1}, "arrows must be at least 2"),
    ],
)
def test_plot_gradient_field_bad_input(kwargs, match):
    args = {"xlim": (-1, 1), "ylim": (-1, 1)} | kwargs
    with pytest.raises(ValueError, match=match):
        plotting.plot_gradient_field(quadratic, quadratic_grad, **args)


def test_plot_tangent_vectors():
    t = np.linspace(0, 2 * np.pi, 5)
    ax = plotting.plot_tangent_vectors(np.c_[np.cos(t), np.sin(t)], np.c_[-np.sin(t), np.cos(t)])
    assert len(ax.lines) == 2 and ax.get_legend() is not None
    with pytest.raises(ValueError, match=r"points must have shape \(k, 2\)"):
        plotting.plot_tangent_vectors(np.ones((3, 3)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="tangents must have the shape of points"):
        plotting.plot_tangent_vectors(np.ones((3, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"curve must have shape \(j, 2\)"):
        plotting.plot_tangent_vectors(np.ones((3, 2)), np.ones((3, 2)), curve=np.ones(4))


def test_plot_gradient_field_longest_arrow_fits_the_grid():
    ax = plotting.plot_gradient_field(quadratic, quadratic_grad, (-2, 2), (-2, 2), arrows=5)
    quiver = next(c for c in ax.collections if c.__class__.__name__ == "Quiver")
    longest = np.max(np.hypot(quiver.U, quiver.V))
    np.testing.assert_allclose(longest / quiver.scale, 0.9 * 1.0)  # spacing 4 / (5 - 1) = 1


def test_plot_chain_products():
    depth = np.arange(1, 11)
    ax = plotting.plot_chain_products(depth, {"0.5": 0.5**depth, "1.5": 1.5**depth})
    assert ax.get_yscale() == "log"
    assert len(ax.get_legend().get_texts()) == 2
    with pytest.raises(ValueError, match=r"products\['a'\] must have the shape of depth"):
        plotting.plot_chain_products(depth, {"a": np.ones(3)})


def test_plot_perturbation_errors():
    s = np.logspace(-4, -1, 4)
    ax = plotting.plot_perturbation_errors(s, 3 * s, 3 * s + s**2, highlight=1e-2)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="one shape"):
        plotting.plot_perturbation_errors(s, s[:2], s)
    with pytest.raises(ValueError, match="sizes must be positive"):
        plotting.plot_perturbation_errors(-s, s, s)


@pytest.mark.parametrize(
    ("make", "values"),
    [
        (widgets.chain_product_explorer, {"weight": 1.3, "depth": 50}),
        (
            lambda: widgets.directional_slope_explorer(lambda v: v[0] ** 2 + v[0] * v[1]),
            {"x": 0.5, "y": -1.0, "angle": 30.0},
        ),
        (
            lambda: widgets.gradient_meaning_explorer(
                lambda w: np.sum(np.sin(w)), np.cos(np.ones(4)), np.ones(4), np.arange(4.0)
            ),
            {"size": 1e-3},
        ),
    ],
)
def test_explorer_callbacks_redraw_the_figure(make, values):
    # speed is measured by benchmarks/widget_callbacks.py, not here; this checks that a
    # slider move really produces a new picture
    explorer = _silently(make)
    first = explorer.redraw(**values)
    assert first.startswith(b"\x89PNG")
    moved = {k: (v * 0.5 if isinstance(v, float) else max(1, v // 2)) for k, v in values.items()}
    assert explorer.redraw(**moved) != first
