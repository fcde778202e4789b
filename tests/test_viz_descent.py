"""Figures and explorer of notebook 01 (helpers.viz.descent)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.optimise import gradient_descent
from helpers.viz import descent


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


def test_path_1d_draws_every_point_of_a_run_inside_the_range():
    run = gradient_descent(parabola_grad, -1.0, lr=0.1, steps=5)
    ax = descent.plot_path_1d(parabola, run, x_range=(-2, 3))
    xs, ys = ax.lines[1].get_data()
    np.testing.assert_allclose(xs, run.points)
    np.testing.assert_allclose(ys, parabola(run.points))


def test_path_1d_stops_a_diverging_run_at_the_edge():
    run = gradient_descent(parabola_grad, 0.0, lr=1.2, steps=8)  # factor -1.4 per step
    ax = descent.plot_path_1d(parabola, run, x_range=(-3, 5))
    xs, _ = ax.lines[1].get_data()
    assert len(xs) < len(run.points)
    assert np.all((xs >= -3) & (xs <= 5))
    assert len(ax.texts) == 1  # the arrow towards the edge


def test_contours_and_paths_truncate_a_diverging_path_and_keep_styles_apart():
    grid = descent.contour_grid(bowl, (-2, 2), (-2, 2))
    calm = gradient_descent(bowl_grad, [1.0, 1.0], lr=0.1, steps=20)
    wild = gradient_descent(bowl_grad, [1.0, 1.0], lr=0.3, steps=20)
    ax = descent.plot_contours_and_paths(grid, [calm, wild], labels=["calm", "wild"])
    paths = [
        line for line in ax.lines if line.get_label() in ("calm", "wild - leaves the plot at ✕")
    ]
    assert len(paths) == 2
    assert paths[0].get_linestyle() != paths[1].get_linestyle()
    xs, ys = paths[1].get_data()
    assert np.all(np.abs(xs) <= 2) and np.all(np.abs(ys) <= 2)
    with pytest.raises(ValueError, match="labels must have one entry per run"):
        descent.plot_contours_and_paths(grid, [calm], labels=["a", "b"])


def test_loss_per_step_needs_losses():
    run = gradient_descent(parabola_grad, -1.0, lr=0.1, steps=5)
    with pytest.raises(ValueError, match="must carry losses"):
        descent.plot_loss_per_step([run])


def test_descent_view_rejects_a_start_outside_the_region():
    with pytest.raises(ValueError, match="x0 must lie inside the region"):
        descent.descent_view(parabola, parabola_grad, 5.0, 0.1, 10, xlim=(-2, 3))
    run, fig = descent.descent_view(parabola, parabola_grad, -1.0, 0.4, 60, xlim=(-2, 3))
    assert run.status == "converged" and len(fig.axes) == 2


def test_descent_explorer_follows_its_sliders_and_rejects_out_of_range_values():
    explorer = descent.descent_explorer(
        bowl, bowl_grad, x0=(1.0, 1.0), lr=0.05, xlim=(-2, 2), ylim=(-2, 2), lr_range=(0.01, 0.5)
    )
    assert set(explorer.controls) == {"lr", "steps", "x0", "y0"}
    first = explorer.png()
    run = explorer.update(lr=0.2, steps=10, x0=-1.5)
    assert run.steps <= 10 and run.points[0][0] == pytest.approx(-1.5)
    assert explorer.png() != first
    with pytest.raises(ValueError, match="lr must be between"):
        explorer.update(lr=0.9)
    with pytest.raises(ValueError, match="steps must be between 1"):
        explorer.update(steps=0)
    with pytest.raises(ValueError, match="x0 must be between"):
        descent.descent_explorer(parabola, parabola_grad, x0=9.0, lr=0.1, xlim=(-2, 3))
    with pytest.raises(ValueError, match="steps must be between 1"):
        descent.descent_explorer(parabola, parabola_grad, x0=0.0, lr=0.1, steps=0, xlim=(-2, 3))
