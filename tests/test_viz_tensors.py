"""Figure and explorer of notebook 05 (helpers.viz.tensors)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.viz import tensors


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_perturbation_errors_draws_both_curves_and_a_slope_two_guide():
    s = np.logspace(-4, -1, 4)
    ax = tensors.plot_perturbation_errors(s, 3 * s, 3 * s + s**2, highlight=1e-2)
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    _, guide = ax.lines[2].get_data()
    np.testing.assert_allclose(guide, s**2, rtol=1e-9)
    with pytest.raises(ValueError, match="sizes must be positive"):
        tensors.plot_perturbation_errors(-s, s, s)
    with pytest.raises(ValueError, match="actual must be finite"):
        tensors.plot_perturbation_errors(s, s, np.full(4, np.nan))


def test_gradient_meaning_explorer_prediction_and_range():
    W = np.ones(3)
    explorer = tensors.gradient_meaning_explorer(lambda w: np.sum(w**2), 2 * W, W, np.ones(3))
    predicted, actual = explorer.update(size=0.1)
    assert predicted == pytest.approx(0.1 * 2 * np.sqrt(3))
    assert actual - predicted == pytest.approx(0.01)  # |delta|^2 for this quadratic
    with pytest.raises(ValueError, match="size must be between"):
        explorer.update(size=10.0)
