"""Tests of the notebook-06 section of helpers.widgets (the rank slider)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from helpers import linalg, widgets


@pytest.fixture(scope="module")
def image() -> np.ndarray:
    # a smooth picture plus noise, with values in [0, 1], the size the notebook uses
    y, x = np.mgrid[0:300, 0:256]
    smooth = 0.5 + 0.4 * np.sin(x / 23.0) * np.cos(y / 31.0)
    noise = 0.05 * np.random.default_rng(0).standard_normal(smooth.shape)
    return np.clip(smooth + noise, 0.0, 1.0)


@pytest.fixture(scope="module")
def factors(image):
    return np.linalg.svd(image, full_matrices=False)


def test_low_rank_view_matches_the_helpers_and_the_definitions(image, factors):
    for rank in (1, 7, 256):
        view = widgets.low_rank_view(factors, rank)
        assert view.rank == rank
        np.testing.assert_allclose(
            view.approximation, linalg.low_rank_approximation(image, rank), atol=1e-10
        )
        measured = np.linalg.norm(image - view.approximation) / np.linalg.norm(image)
        assert view.relative_error == pytest.approx(measured, rel=1e-8, abs=1e-12)
        assert view.storage_ratio == pytest.approx(rank * (300 + 256 + 1) / (300 * 256))
    assert "rank=7" in repr(widgets.low_rank_view(factors, 7))


def test_low_rank_view_bad_input(factors):
    U, s, Vh = factors
    with pytest.raises(ValueError, match="rank must be between 1 and 256"):
        widgets.low_rank_view(factors, 0)
    with pytest.raises(ValueError, match="rank must be between 1 and 256"):
        widgets.low_rank_view(factors, 257)
    with pytest.raises(TypeError, match="rank must be an integer"):
        widgets.low_rank_view(factors, 2.0)
    with pytest.raises(ValueError, match=r"factors must be \(U, s, Vh\)"):
        widgets.low_rank_view((U, s[:-1], Vh), 2)
    with pytest.raises(ValueError, match=r"factors must be \(U, s, Vh\)"):
        widgets.low_rank_view((U, np.diag(s), Vh), 2)


def test_explorer_follows_the_slider(image, factors):
    explorer = widgets.low_rank_explorer(image, factors=factors, rank=20)
    slider = explorer.slider
    assert (slider.min, slider.max, slider.value) == (1, 256, 20)
    assert "rank 20:" in explorer.caption.value
    picture = explorer.children[1].children[1].children[1]
    before = picture.value
    slider.value = 3
    assert explorer.caption.value.startswith("rank 3:")
    assert picture.value != before and picture.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_explorer_update_returns_the_view(image, factors):
    explorer = widgets.low_rank_explorer(image, factors=factors, rank=5, max_rank=50)
    assert explorer.slider.max == 50
    view = explorer.update(12)
    assert view.rank == 12
    assert f"{100 * view.relative_error:.1f}%" in explorer.caption.value


def test_explorer_computes_the_svd_itself_when_not_given(image):
    explorer = widgets.low_rank_explorer(image[:40, :30], rank=30)
    assert explorer.caption.value.endswith("relative Frobenius error 0.0%")


def test_slider_callback_is_well_under_0_2_seconds(image, factors):
    explorer = widgets.low_rank_explorer(image, factors=factors, rank=20)
    durations = []
    for rank in (1, 10, 50, 100, 200, 256):
        start = time.perf_counter()
        explorer.slider.value = rank
        durations.append(time.perf_counter() - start)
    assert max(durations) < 0.2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rank": 0}, "rank must be between 1 and max_rank"),
        ({"rank": 30, "max_rank": 20}, "rank must be between 1 and max_rank = 20"),
        ({"max_rank": 500}, "max_rank must be between 1 and 256"),
        ({"max_rank": 0}, "max_rank must be between 1 and 256"),
    ],
)
def test_explorer_bad_ranks(image, factors, kwargs, match):
    with pytest.raises(ValueError, match=match):
        widgets.low_rank_explorer(image, factors=factors, **kwargs)


@pytest.mark.parametrize("bad", [np.ones(5), np.full((3, 3), np.nan)])
def test_explorer_bad_image(bad):
    with pytest.raises(ValueError, match="image must be a finite 2-D array"):
        widgets.low_rank_explorer(bad)
