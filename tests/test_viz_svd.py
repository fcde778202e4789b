"""Figures and rank slider of notebook 06 (helpers.viz.svd)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import linalg
from helpers.viz import svd


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_svd_geometry_ends_on_the_image_of_the_circle():
    A = np.array([[2.0, 1.0], [0.5, 1.0]])
    fig = svd.plot_svd_geometry(A)
    t = np.linspace(0, 2 * np.pi, 200)
    xs, ys = fig.axes[3].lines[0].get_data()
    np.testing.assert_allclose(np.c_[xs, ys], (A @ np.vstack([np.cos(t), np.sin(t)])).T)
    with pytest.raises(ValueError, match="A must be finite"):
        svd.plot_svd_geometry([[np.nan, 0], [0, 1]])


def test_memory_bars_are_linear_so_lengths_compare():
    fig = svd.plot_memory_bars(["dense", "sparse"], [57e9, 1e9])
    ax = fig.axes[0]
    assert ax.get_xscale() == "linear"
    widths = [bar.get_width() for bar in ax.patches]
    assert widths[0] / widths[1] == pytest.approx(57)
    with pytest.raises(ValueError, match="n_bytes must be finite"):
        svd.plot_memory_bars(["a"], [np.nan])


def test_pca_plane_labels_do_not_overlap():
    # points so close that labels at one fixed offset would overlap their neighbours
    xy = np.c_[np.linspace(-0.1, 0.1, 15), np.linspace(-0.05, 0.05, 15)]
    fig = svd.plot_pca_plane(xy, [f"movie {i}" for i in range(15)])
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == 15
    overlaps = sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[:i])
    assert overlaps == 0
    with pytest.raises(ValueError, match="labels must have one entry per point"):
        svd.plot_pca_plane(xy, ["a"])


def test_gallery_titles_use_the_low_rank_views():
    img = np.random.default_rng(1).random((20, 16))
    factors = np.linalg.svd(img, full_matrices=False)
    fig = svd.plot_low_rank_gallery(img, factors, [2, 16])
    view = linalg.low_rank_view(factors, 2)
    assert f"error {100 * view.relative_error:.0f}%" in fig.axes[1].get_title()
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), img, atol=1e-10)
    with pytest.raises(ValueError, match="ranks must be between 1 and 16"):
        svd.plot_low_rank_gallery(img, factors, [17])


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: svd.plot_explained_variance([np.nan, 1.0]), "singular_values must be finite"),
        (lambda: svd.plot_eckart_young([3.0, 1.0], [1, 2], [0.1]), "same length"),
        (lambda: svd.plot_perturbation_excess([1e-3], [-1.0]), "positive arrays"),
        (lambda: svd.plot_power_iteration([1.0], 1.0, 1.5), "0 <= ratio < 1"),
        (lambda: svd.plot_power_iteration([np.nan], 1.0, 0.5), "history must be finite"),
    ],
)
def test_svd_plots_reject_bad_input(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_low_rank_explorer_moves_through_ranks_and_rejects_out_of_range():
    img = np.random.default_rng(2).random((30, 20))
    explorer = svd.low_rank_explorer(img, rank=3)
    view = explorer.update(rank=12)
    np.testing.assert_allclose(view.approximation, linalg.low_rank_approximation(img, 12))
    assert explorer.caption.value.startswith("rank 12:")
    full = explorer.update(rank=20)
    assert full.relative_error == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="rank must be between 1 and 20"):
        explorer.update(rank=21)
    with pytest.raises(ValueError, match="rank must be between 1 and 20"):
        svd.low_rank_explorer(img, rank=0)
    with pytest.raises(ValueError, match="image must be finite"):
        svd.low_rank_explorer(np.full((3, 3), np.nan))
