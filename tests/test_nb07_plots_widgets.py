"""Tests of notebook 07's plots (helpers.plotting) and learning-rate explorer (helpers.widgets)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plotting, widgets

A = np.random.default_rng(3).standard_normal((6, 4))
FLOOR = float(np.sum(np.linalg.svd(A, compute_uv=False)[2:] ** 2))
SIGMA_1 = float(np.linalg.svd(A, compute_uv=False)[0])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_loss_plot_shows_the_excess_over_the_floor():
    ax = plotting.plot_factorisation_losses({"run": [5.0, 3.0, 2.0]}, floor=1.0)
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), [4.0, 2.0, 1.0])
    assert ax.get_yscale() == "log"
    assert ax.get_legend().get_texts()[0].get_text() == "run"


def test_loss_plot_without_floor_shows_the_loss():
    ax = plotting.plot_factorisation_losses({"a": [2.0, 1.0], "b": [3.0, 0.5]})
    assert len(ax.get_lines()) == 2
    assert ax.get_ylabel().startswith("loss J")
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), [3.0, 0.5])


def test_loss_plot_clips_at_the_floor_and_stops_at_a_blow_up():
    ax = plotting.plot_factorisation_losses({"bad": [4.0, 1.0 - 1e-17, 8.0, np.inf]}, floor=1.0)
    curve, cross = ax.get_lines()
    assert len(curve.get_ydata()) == 3  # the infinite value is not drawn
    assert np.all(curve.get_ydata() > 0)  # rounding below the floor is clipped for the log axis
    assert cross.get_marker() == "x"
    assert cross.get_xdata()[0] == 2


def test_loss_plot_passes_legend_options():
    ax = plotting.plot_factorisation_losses({"a": [2.0, 1.0]}, legend_kw={"loc": "upper right"})
    assert ax.get_legend()._loc == 1  # matplotlib's code for "upper right"


def test_singular_value_comparison_draws_two_bars_per_value():
    ax = plotting.plot_singular_value_comparison([3.0, 2.0, 1.0], [2.5, 2.0, 1.5])
    heights = sorted(p.get_height() for p in ax.patches)
    assert heights == sorted([3.0, 2.0, 1.0, 2.5, 2.0, 1.5])


@pytest.mark.parametrize(("s", "est"), [([3.0, 1.0], [1.0]), ([[3.0, 1.0]], [[1.0, 2.0]])])
def test_singular_value_comparison_rejects_bad_shapes(s, est):
    with pytest.raises(ValueError, match="1-D of the same length"):
        plotting.plot_singular_value_comparison(s, est)


def test_lr_explorer_run_reports_the_regimes():
    good, stop = widgets.lr_explorer_run(A, 2, lr=0.5 / SIGMA_1, num_epochs=300, seed=0)
    assert stop is None and len(good) == 301
    np.testing.assert_allclose(good[-1], FLOOR, rtol=1e-8)
    bad, stop = widgets.lr_explorer_run(A, 2, lr=3.0 / SIGMA_1, num_epochs=300, seed=0)
    assert stop is not None and len(bad) == stop + 1


def test_draw_lr_explorer_labels_convergence_and_divergence():
    ax = widgets.draw_lr_explorer(A, 2, 0.5 / SIGMA_1, num_epochs=100, floor=FLOOR)
    assert "final excess" in ax.get_legend().get_texts()[0].get_text()
    assert ax.get_ylim() == (1e-16, 1e16)
    _, ax2 = plt.subplots()
    ax2 = widgets.draw_lr_explorer(A, 2, 3.0 / SIGMA_1, num_epochs=100, floor=FLOOR, ax=ax2)
    assert "diverged at epoch" in ax2.get_legend().get_texts()[0].get_text()


def test_lr_explorer_builds_a_slider():
    box = widgets.lr_explorer(A, 2, lr=0.05, lr_min=1e-3, lr_max=0.5)
    slider = box.children[0]
    assert slider.description == "lr"
    assert slider.value == pytest.approx(0.05)
    assert slider.min == pytest.approx(-3) and slider.max == pytest.approx(np.log10(0.5))


def test_moving_the_slider_redraws_the_picture():
    box = widgets.lr_explorer(A, 2, lr=0.05)
    slider, image = box.children
    first = bytes(image.value)
    assert first.startswith(b"\x89PNG")
    slider.value = 0.3
    assert bytes(image.value).startswith(b"\x89PNG") and bytes(image.value) != first
    assert not plt.get_fignums()  # the explorer leaves pyplot's figure list alone
