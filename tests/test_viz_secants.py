"""Figures and explorer of notebook 02 (helpers.viz.secants)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.viz import secants


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_curve_and_secant_draws_the_secant_through_both_points():
    ax = secants.plot_curve_and_secant(lambda x: x**2 / 4, 1.0, 2.0, tangent_slope=0.5)
    xs, ys = ax.lines[1].get_data()
    np.testing.assert_allclose(np.interp([1.0, 3.0], xs, ys), [0.25, 2.25])
    assert len(ax.lines) == 5  # curve, secant, tangent, points, rise/run
    assert "no unit" not in ax.get_xlabel()


@pytest.mark.parametrize("h", [0.0, np.nan, np.inf])
def test_secant_plot_and_view_reject_a_bad_h(h):
    with pytest.raises(ValueError, match="h must be a non-zero finite number"):
        secants.plot_curve_and_secant(np.sin, 1.0, h)
    with pytest.raises(ValueError, match="h must be a non-zero finite number"):
        secants.secant_view(np.sin, 1.0, h)


def test_error_vs_h_is_log_log_and_rejects_nan():
    h = np.logspace(-8, -1, 8)
    ax = secants.plot_error_vs_h(h, {"forward": h, "exact": np.zeros(8)})
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    with pytest.raises(ValueError, match="errors\\['bad'\\] must be"):
        secants.plot_error_vs_h(h, {"bad": np.full(8, np.nan)})
    with pytest.raises(ValueError, match="h must be positive"):
        secants.plot_error_vs_h(-h, {"forward": h})


def test_secant_explorer_slope_follows_h_and_rejects_h_outside_the_range():
    explorer = secants.secant_explorer(lambda x: x**2 / 4, 1.0, fprime=lambda x: x / 2)
    for h in (1.5, 0.1, 0.002):
        assert explorer.update(h=h) == pytest.approx(0.5 + h / 4)
    assert "difference" in explorer.caption.value
    with pytest.raises(ValueError, match="h must be between"):
        explorer.update(h=5.0)
    with pytest.raises(ValueError, match="h must be between"):
        secants.secant_explorer(np.sin, 1.0, h=10.0)
