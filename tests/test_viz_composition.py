"""Figure and explorer of notebook 03 (helpers.viz.composition)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.calculus import deep_chain
from helpers.viz import composition


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_chain_products_one_line_per_setting_on_a_log_axis():
    d = np.arange(1, 6)
    ax = composition.plot_chain_products(d, {"0.5": 0.5**d, "1.5": 1.5**d})
    assert ax.get_yscale() == "log" and len(ax.lines) == 3  # two series and the line at 1
    assert ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()
    with pytest.raises(ValueError, match="must have the shape of depth"):
        composition.plot_chain_products(d, {"short": [1.0, 2.0]})
    with pytest.raises(ValueError, match="must be finite"):
        composition.plot_chain_products(d, {"nan": np.full(5, np.nan)})


def test_chain_product_explorer_runs_the_chain_and_rejects_bad_values():
    explorer = composition.chain_product_explorer(x=0.5)
    running = explorer.update(weight=0.5, depth=10)
    np.testing.assert_allclose(running, deep_chain(0.5, np.full(10, 0.5))[2])
    first = explorer.png()
    explorer.update(weight=1.5)
    assert explorer.png() != first
    with pytest.raises(ValueError, match="depth must be between 1 and 50"):
        explorer.update(depth=0)
    with pytest.raises(ValueError, match="x must be finite"):
        composition.chain_product_explorer(x=np.nan)
