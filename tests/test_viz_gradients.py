"""Figures and explorer of notebook 04 (helpers.viz.gradients)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.viz import gradients


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def quadratic(x, y):
    return x**2 + x * y + y**2


def quadratic_grad(x, y):
    return 2 * x + y, x + 2 * y


def test_gradient_field_arrows_point_along_the_gradient_with_equal_lengths():
    ax = gradients.plot_gradient_field(quadratic, quadratic_grad, (-2, 2), (-2, 2), arrows=5)
    quiver = ax.collections[-1]
    offsets = quiver.get_offsets()
    u, v = quiver.U, quiver.V
    gx, gy = quadratic_grad(offsets[:, 0], offsets[:, 1])
    np.testing.assert_allclose(np.hypot(u, v), 1.0)  # unit directions
    np.testing.assert_allclose(u * gy - v * gx, 0.0, atol=1e-12)  # parallel to grad f
    assert len(offsets) == 24  # 25 points, none where the gradient vanishes (the origin)
    assert ax.get_aspect() == 1.0
    # every arrow, from tail to head, lies inside the plotted region (none cut off by the edge)
    assert quiver.scale_units == "xy" and quiver.pivot == "middle"
    half = 0.5 / quiver.scale  # unit arrows are 1 / scale long in data units, centred on the point
    for end in (-1, 1):
        assert np.all(np.abs(offsets[:, 0] + end * half * u) <= 2)
        assert np.all(np.abs(offsets[:, 1] + end * half * v) <= 2)
    fig_w, fig_h = ax.figure.get_size_inches()
    assert fig_w >= 7 and fig_h >= 6


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"xlim": (1, 1)}, "xlim must be"),
        ({"levels": 1}, "levels must be at least 2"),
        ({"arrows": 1}, "arrows must be at least 2"),
    ],
)
def test_gradient_field_bad_input(kwargs, match):
    args = {"xlim": (-1, 1), "ylim": (-1, 1)} | kwargs
    with pytest.raises(ValueError, match=match):
        gradients.plot_gradient_field(quadratic, quadratic_grad, **args)


def test_gradient_field_rejects_nan():
    with pytest.raises(ValueError, match="f must return finite values on the region"):
        gradients.plot_gradient_field(
            lambda x, y: np.full_like(x, np.nan), quadratic_grad, (-1, 1), (-1, 1)
        )


def test_tangent_vectors_draw_the_radius_when_asked():
    t = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    points, tangents = np.c_[np.cos(t), np.sin(t)], np.c_[-np.sin(t), np.cos(t)]
    ax = gradients.plot_tangent_vectors(points, tangents, centre=(0, 0))
    radius = [line for line in ax.lines if line.get_label() == "radius"]
    assert len(radius) == 1
    xs, ys = radius[0].get_data()
    assert np.nanmin(np.hypot(xs, ys)) == 0 and np.nanmax(np.hypot(xs, ys)) == pytest.approx(1)
    with pytest.raises(ValueError, match="points must be finite"):
        gradients.plot_tangent_vectors([[np.nan, 0.0]], [[1.0, 0.0]])
    with pytest.raises(ValueError, match="tangents must have the shape of points"):
        gradients.plot_tangent_vectors(points, tangents[:3])


def test_directional_slope_explorer_reports_the_slope_and_rejects_bad_values():
    explorer = gradients.directional_slope_explorer(lambda v: quadratic(v[0], v[1]))
    assert explorer.update(x=1.0, y=2.0, angle=0.0) == pytest.approx(4.0, abs=1e-8)
    assert explorer.update(angle=90.0) == pytest.approx(5.0, abs=1e-8)
    with pytest.raises(ValueError, match="x must be between"):
        explorer.update(x=3.0)
    with pytest.raises(ValueError, match="angle must be between"):
        gradients.directional_slope_explorer(lambda v: v[0], angle=270.0)
