"""Tests of the notebook 01-02 plots (helpers.plotting) and explorers (helpers.widgets)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plotting, widgets
from helpers.optimise import gradient_descent


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def parabola(x):
    return (x - 1) ** 2


def parabola_grad(x):
    return 2 * (x - 1)


def bowl(p):
    return p[..., 0] ** 2 + 4 * p[..., 1] ** 2


def bowl_grad(p):
    return np.array([2 * p[0], 8 * p[1]])


# --------------------------------------------------------------------------- plotting
def test_curve_and_secant_draws_the_secant_through_both_points():
    ax = plotting.plot_curve_and_secant(lambda x: x**2 / 4, 1.0, 2.0, tangent_slope=0.5)
    secant = ax.lines[1]
    xs, ys = secant.get_data()
    # the secant passes through (1, 1/4) and (3, 9/4): slope 1
    np.testing.assert_allclose(np.interp([1.0, 3.0], xs, ys), [0.25, 2.25])
    assert len(ax.lines) == 5  # curve, secant, tangent, points, rise/run
    assert ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("h", [0.0, np.nan, np.inf])
def test_curve_and_secant_rejects_a_bad_h(h):
    with pytest.raises(ValueError, match="h must be a non-zero finite number"):
        plotting.plot_curve_and_secant(np.sin, 1.0, h)


def test_path_1d_draws_every_point_inside_the_range():
    run = gradient_descent(parabola_grad, -1.0, lr=0.1, steps=5)
    ax = plotting.plot_path_1d(parabola, run, x_range=(-2, 3))
    xs, ys = ax.lines[1].get_data()
    np.testing.assert_allclose(xs, run.points)
    np.testing.assert_allclose(ys, parabola(run.points))


def test_path_1d_hides_points_outside_the_range():
    run = gradient_descent(parabola_grad, -1.0, lr=1.5, steps=20)
    assert run.points.max() > 3
    ax = plotting.plot_path_1d(parabola, run, x_range=(-2, 3))
    xs, _ = ax.lines[1].get_data()
    assert np.all((xs >= -2) & (xs <= 3))


def test_contour_grid_shapes_and_values():
    X, Y, Z = plotting.contour_grid(bowl, (-1, 1), (-2, 2), n=5)
    assert X.shape == Y.shape == Z.shape == (5, 5)
    np.testing.assert_allclose(Z, X**2 + 4 * Y**2)


def test_contours_and_paths_draws_each_run():
    runs = [gradient_descent(bowl_grad, [1.0, 1.0], lr=lr, steps=10) for lr in (0.05, 0.2)]
    grid = plotting.contour_grid(bowl, (-2, 2), (-2, 2), n=30)
    ax = plotting.plot_contours_and_paths(grid, runs, labels=["a", "b"], log=True)
    paths = [line for line in ax.lines if line.get_label() in {"a", "b"}]
    assert len(paths) == 2
    np.testing.assert_allclose(np.column_stack(paths[0].get_data()), runs[0].points)


def test_loss_per_step_needs_losses():
    run = gradient_descent(parabola_grad, 0.0, lr=0.1, steps=3)
    with pytest.raises(ValueError, match="trajectories must carry losses"):
        plotting.plot_loss_per_step([run])


def test_loss_per_step_subtracts_the_minimum_and_floors_at_tiny():
    run = gradient_descent(parabola_grad, 0.0, lr=0.5, steps=3, f=lambda x: parabola(x) + 2)
    ax = plotting.plot_loss_per_step([run], minimum=2.0)
    _, ys = ax.lines[0].get_data()
    assert ys[0] == pytest.approx(1.0)
    assert np.all(ys[1:] == np.finfo(float).tiny)  # lr = 0.5 lands on the minimum at once
    assert ax.get_yscale() == "log"


def test_error_vs_h_draws_zeros_at_the_bottom_and_guides():
    h = np.logspace(-6, 0, 7)
    errors = {"forward": h, "exact": np.zeros_like(h)}
    ax = plotting.plot_error_vs_h(h, errors, guides={"guess": 1e-3})
    assert ax.get_xscale() == ax.get_yscale() == "log"
    _, zeros = ax.lines[1].get_data()
    assert np.all(zeros > 0)
    assert ax.lines[2].get_xdata()[0] == 1e-3


# --------------------------------------------------------------------------- widgets
def test_descent_view_returns_the_gradient_descent_run():
    run, fig = widgets.descent_view(parabola, parabola_grad, -1.0, 0.25, 100, xlim=(-2, 3))
    reference = gradient_descent(parabola_grad, -1.0, 0.25, 100, f=parabola, tol=1e-10)
    np.testing.assert_array_equal(run.points, reference.points)
    assert run.status == "converged"
    assert len(fig.axes) == 2


def test_descent_view_in_2d_and_its_ylim_requirement():
    run, _ = widgets.descent_view(bowl, bowl_grad, (1.0, 1.0), 0.1, 50, xlim=(-2, 2), ylim=(-2, 2))
    assert run.points.shape[1] == 2
    with pytest.raises(ValueError, match="ylim is required"):
        widgets.descent_view(bowl, bowl_grad, (1.0, 1.0), 0.1, 50, xlim=(-2, 2))


def test_descent_explorer_updates_with_its_sliders():
    box = widgets.descent_explorer(
        bowl, bowl_grad, x0=(1.0, 1.0), lr=0.05, steps=20, xlim=(-2, 2), ylim=(-2, 2)
    )
    controls = box.children[0].children
    status, image = box.children[1], box.children[2]
    assert image.value[:8] == b"\x89PNG\r\n\x1a\n"
    first = image.value
    controls[0].value = 0.3  # lr above 2 / 8: the steep direction diverges
    assert status.value.startswith(("diverged at step", "took all"))
    assert image.value != first
    run = box.update()
    expected = gradient_descent(bowl_grad, (1.0, 1.0), 0.3, 20, f=bowl, tol=1e-10)
    np.testing.assert_array_equal(run.points, expected.points)


def test_descent_explorer_1d_and_the_ylim_requirement():
    box = widgets.descent_explorer(parabola, parabola_grad, x0=-1.0, lr=0.4, xlim=(-2, 3))
    assert len(box.children[0].children) == 3  # lr, steps, start x
    assert box.update().status == "converged"
    with pytest.raises(ValueError, match="ylim is required"):
        widgets.descent_explorer(bowl, bowl_grad, x0=(1.0, 1.0), lr=0.1, xlim=(-2, 2))


def test_secant_view_and_explorer_agree_with_the_algebra():
    info, _ = widgets.secant_view(lambda x: x**2 / 4, 1.0, 0.2, fprime=lambda x: x / 2)
    assert info["slope"] == pytest.approx(0.55)
    assert info["error"] == pytest.approx(0.05)
    info, _ = widgets.secant_view(np.sin, 0.0, 0.1)
    assert info["tangent"] is None and info["error"] is None
    box = widgets.secant_explorer(lambda x: x**2 / 4, 1.0, fprime=lambda x: x / 2)
    slider, readout = box.children[0], box.children[1]
    slider.value = 0.01
    assert "difference 2.50e-03" in readout.value
    assert box.update() == pytest.approx(0.5025)
