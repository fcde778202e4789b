"""Figures and learning-rate explorer of notebook 07 (helpers.viz.factorisation)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.viz import factorisation


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_loss_curves_differ_in_colour_and_style_and_mark_a_divergence():
    histories = {f"run {i}": np.geomspace(10, 1, 5) + i for i in range(5)}
    histories["diverged"] = [4.0, 8.0, np.inf]
    ax = factorisation.plot_factorisation_losses(histories, floor=0.5)
    curves = [line for line in ax.lines if line.get_label() in histories]
    styles = {(line.get_color(), str(line.get_linestyle())) for line in curves}
    assert len({c for c, _ in styles}) == 6 and len({s for _, s in styles}) >= 4
    crosses = [line for line in ax.lines if line.get_marker() == "x"]
    assert len(crosses) == 1
    with pytest.raises(ValueError, match="floor must be finite"):
        factorisation.plot_factorisation_losses(histories, floor=np.nan)


def test_singular_value_comparison_bars():
    ax = factorisation.plot_singular_value_comparison([3.0, 1.0], [2.9, 1.2])
    assert [p.get_height() for p in ax.patches] == [3.0, 1.0, 2.9, 1.2]
    with pytest.raises(ValueError, match="1-D of the same length"):
        factorisation.plot_singular_value_comparison([3.0, 1.0], [2.9])


def test_lr_explorer_regimes_and_range():
    A = np.diag([3.0, 1.0])
    explorer = factorisation.lr_explorer(A, 1, lr=0.1, lr_max=2.0)
    history, diverged_at = explorer.update(lr=0.1)
    assert diverged_at is None and history[-1] == pytest.approx(1.0)
    _, diverged_at = explorer.update(lr=1.5)
    assert diverged_at is not None and "diverged" in explorer.caption.value
    with pytest.raises(ValueError, match="lr must be between"):
        explorer.update(lr=3.0)
    with pytest.raises(ValueError, match="lr must be between"):
        factorisation.lr_explorer(A, 1, lr=0.9)  # above the default lr_max = 0.5
