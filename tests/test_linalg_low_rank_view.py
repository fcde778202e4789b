"""The one rank-k reconstruction (helpers.linalg.rank_reconstruction / low_rank_view)."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import linalg


def test_low_rank_view_matches_the_definitions():
    A = np.random.default_rng(0).normal(size=(7, 5))
    factors = np.linalg.svd(A, full_matrices=False)
    for rank in range(1, 6):
        view = linalg.low_rank_view(factors, rank)
        np.testing.assert_allclose(view.approximation, linalg.low_rank_approximation(A, rank))
        measured = np.linalg.norm(A - view.approximation) / np.linalg.norm(A)
        assert view.relative_error == pytest.approx(measured, abs=1e-12)
        assert view.storage_ratio == pytest.approx(rank * 13 / 35)


@pytest.mark.parametrize(
    ("factors", "rank", "error", "match"),
    [
        ((np.ones((3, 2)), np.ones(2), np.ones((2, 4))), 3, ValueError, "rank must be between"),
        ((np.ones((3, 2)), np.ones(2), np.ones((2, 4))), 1.0, TypeError, "rank must be an integer"),
        ((np.ones((3, 2)), np.ones(3), np.ones((2, 4))), 1, ValueError, "shapes"),
        ((np.full((3, 2), np.nan), np.ones(2), np.ones((2, 4))), 1, ValueError, "U has NaN"),
        ((np.ones((3, 2)), np.zeros(2), np.ones((2, 4))), 1, ValueError, "non-zero singular"),
    ],
)
def test_low_rank_view_bad_input(factors, rank, error, match):
    with pytest.raises(error, match=match):
        linalg.low_rank_view(factors, rank)
