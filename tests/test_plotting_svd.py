"""Tests of the notebook-06 section of helpers.plotting (SVD recap figures)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plotting


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def labelled(ax) -> bool:
    return bool(ax.get_title()) and bool(ax.get_xlabel()) and bool(ax.get_ylabel())


def test_svd_geometry_has_four_stages_and_the_singular_values_in_the_title():
    A = np.array([[2.0, 1.0], [0.5, 1.5]])
    fig = plotting.plot_svd_geometry(A)
    assert len(fig.axes) == 4
    s = np.linalg.svd(A, compute_uv=False)
    assert f"{s[0]:.2f}" in fig.get_suptitle() and f"{s[1]:.2f}" in fig.get_suptitle()
    # the last panel's curve is the image of the unit circle: its points have norm in [s2, s1]
    x, y = fig.axes[3].lines[0].get_data()
    radii = np.hypot(x, y)
    assert radii.max() == pytest.approx(s[0], rel=1e-3)
    assert radii.min() == pytest.approx(s[1], rel=1e-3)


@pytest.mark.parametrize("A", [np.eye(3), [[1.0, np.nan], [0.0, 1.0]], np.ones(2)])
def test_svd_geometry_rejects_other_than_finite_2x2(A):
    with pytest.raises(ValueError, match="A must be a finite real 2 x 2 matrix"):
        plotting.plot_svd_geometry(A)


def test_explained_variance_bars_and_cumulative_line():
    fig = plotting.plot_explained_variance([3.0, 2.0, 1.0, 0.5], n_show=3)
    ax = fig.axes[0]
    assert labelled(ax)
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, 100 * np.array([9.0, 4.0, 1.0]) / 14.25)
    np.testing.assert_allclose(ax.lines[0].get_ydata()[-1], 100 * 14.0 / 14.25)


@pytest.mark.parametrize("s", [[], [[1.0]], [1.0, -1.0], [np.inf], [0.0, 0.0]])
def test_explained_variance_bad_input(s):
    with pytest.raises(ValueError, match="singular_values"):
        plotting.plot_explained_variance(s)


def test_pca_plane_labels_every_point():
    xy = np.array([[0.1, 0.2], [0.1, 0.2001], [-0.3, 0.0]])
    fig = plotting.plot_pca_plane(xy, ["a", "b", "c"])
    ax = fig.axes[0]
    assert labelled(ax)
    assert sorted(t.get_text() for t in ax.texts) == ["a", "b", "c"]


def test_pca_plane_bad_input():
    with pytest.raises(ValueError, match=r"coordinates must have shape \(k, 2\)"):
        plotting.plot_pca_plane(np.zeros((3, 3)), ["a", "b", "c"])
    with pytest.raises(ValueError, match="labels must have one entry per point"):
        plotting.plot_pca_plane(np.zeros((3, 2)), ["a"])


def test_low_rank_gallery_titles_give_storage_and_error():
    image = np.random.default_rng(0).random((20, 16))
    factors = np.linalg.svd(image, full_matrices=False)
    fig = plotting.plot_low_rank_gallery(image, factors, [2, 16])
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("original")
    ratio = 16 * (20 + 16 + 1) / (20 * 16)
    assert titles[2] == f"rank 16\nstorage {100 * ratio:.0f}%, error 0%"


def test_low_rank_gallery_rejects_a_rank_out_of_range():
    image = np.random.default_rng(0).random((5, 4))
    factors = np.linalg.svd(image, full_matrices=False)
    with pytest.raises(ValueError, match="rank must be between 1 and"):
        plotting.plot_low_rank_gallery(image, factors, [5])


def test_eckart_young_plot_draws_prediction_and_measurements():
    fig = plotting.plot_eckart_young([3.0, 2.0, 1.0], [1, 2], [0.6, 0.27])
    left, right = fig.axes
    assert labelled(left) and labelled(right)
    # prediction for rank 1: sqrt(4 + 1) / sqrt(14)
    assert right.lines[0].get_ydata()[0] == pytest.approx(100 * np.sqrt(5 / 14))
    with pytest.raises(ValueError, match="same length"):
        plotting.plot_eckart_young([3.0, 2.0], [1, 2], [0.5])


def test_perturbation_plot_and_bad_input():
    fig = plotting.plot_perturbation_excess([1e-3, 1e-2], [1e-6, 1e-4])
    assert labelled(fig.axes[0])
    for eps, excess in (([1e-3], [1e-6, 1e-4]), ([0.0, 1e-2], [1e-6, 1e-4]), ([1e-3], [-1.0])):
        with pytest.raises(ValueError, match="positive arrays of the same shape"):
            plotting.plot_perturbation_excess(eps, excess)


def test_power_iteration_plot_and_bad_input():
    fig = plotting.plot_power_iteration([2.9, 2.999, 3.0], 3.0, 0.5)
    assert labelled(fig.axes[0])
    for sigma, ratio in ((0.0, 0.5), (3.0, 1.0), (3.0, -0.1)):
        with pytest.raises(ValueError, match="need sigma > 0 and 0 <= ratio < 1"):
            plotting.plot_power_iteration([1.0], sigma, ratio)


def test_memory_bars_label_each_bar_in_gigabytes():
    fig = plotting.plot_memory_bars(["dense", "sparse"], [6.8e10, 1.2e9])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["68.0 GB", "1.2 GB"]
    with pytest.raises(ValueError, match="must match in length"):
        plotting.plot_memory_bars(["dense"], [1.0, 2.0])
    with pytest.raises(ValueError, match="sizes must be positive"):
        plotting.plot_memory_bars(["dense"], [0.0])
