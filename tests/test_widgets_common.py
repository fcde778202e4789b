"""The slider helper that the explorers share."""

from __future__ import annotations

import pytest

from helpers import widgets


def test_log_slider_spans_the_range_in_values():
    slider = widgets.log_slider(0.05, 1e-3, 0.5, "lr", continuous_update=False)
    assert slider.base == 10
    assert slider.min == pytest.approx(-3.0)
    assert slider.max == pytest.approx(-0.30103, abs=1e-5)
    assert slider.value == pytest.approx(0.05)
    assert slider.step == pytest.approx((slider.max - slider.min) / 100)
    assert slider.continuous_update is False


@pytest.mark.parametrize(("low", "high"), [(0.0, 1.0), (-1.0, 1.0), (1.0, 1.0), (2.0, 1.0)])
def test_log_slider_rejects_a_bad_range(low, high):
    with pytest.raises(ValueError, match="0 < low < high"):
        widgets.log_slider(0.5, low, high, "h")
