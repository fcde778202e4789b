"""What every recommender shares (private): the RMSE, the check of rating data, raw-id lookup.

:class:`Recommender` holds the id maps of the training data, turns raw user and item ids into
model indices (an id without training ratings becomes -1: the model falls back to its
baseline), clips predictions to the rating scale and scores them by :func:`rmse`. The models
themselves are in :mod:`helpers.recommender`, which also exports :func:`rmse`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers import _validate
from helpers.ratings import Ratings, _check_consistent

__all__: list[str] = []  # private: helpers.recommender exports rmse and builds on Recommender


def rmse(predicted: np.ndarray, actual: np.ndarray) -> float:
    """Root mean squared error, the Netflix Prize's score.

    Parameters
    ----------
    predicted, actual : array_like
        Equally shaped, finite, non-empty.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        The arrays do not hold real numbers (complex numbers included).
    ValueError
        Shapes differ, the arrays are empty or hold non-finite values.

    Examples
    --------
    >>> round(rmse([3.0, 4.0], [4.0, 4.0]), 4)
    0.7071
    """
    predicted = _validate.as_float_array(predicted, "predicted", allow_bool=False)
    actual = _validate.as_float_array(actual, "actual", allow_bool=False)
    if predicted.shape != actual.shape or predicted.size == 0:
        raise ValueError(
            f"predicted and actual must have the same non-empty shape, got {predicted.shape} "
            f"and {actual.shape}"
        )
    with np.errstate(over="ignore"):
        value = float(np.sqrt(np.mean((predicted - actual) ** 2)))
    if not np.isfinite(value):
        raise ValueError("predicted and actual differ by more than float64 can square")
    return value


def check_ratings(ratings: Any, name: str = "ratings") -> Ratings:
    """Return ``ratings`` if it is a non-empty, consistent Ratings object (kernels rely on it)."""
    if not isinstance(ratings, Ratings):
        raise TypeError(f"{name} must be a helpers.ratings.Ratings object, got {type(ratings)}")
    if len(ratings) == 0:
        raise ValueError(f"{name} is empty")
    # Indices inside the id maps, equal lengths, finite values: compiled code relies on them,
    # and a Ratings whose arrays were swapped or altered must not get that far.
    _check_consistent(ratings, name)
    return ratings


class Recommender:
    """Shared machinery: the id maps of the training data, raw-id lookup, clipping, RMSE."""

    def _remember(self, train: Ratings) -> None:
        self.user_ids_ = train.user_ids
        self.item_ids_ = train.item_ids
        self.user_counts_ = train.user_counts
        self.item_counts_ = train.item_counts
        self.scale_ = train.scale
        self.titles_ = train.titles
        self.mu_ = float(np.mean(train.values))
        self._train = train

    def _check_fitted(self) -> None:
        if not hasattr(self, "mu_"):
            raise RuntimeError(f"{type(self).__name__} is not fitted yet; call fit(ratings) first")

    @staticmethod
    def _lookup(raw: np.ndarray, ids: np.ndarray, counts: np.ndarray, name: str) -> np.ndarray:
        raw = np.asarray(raw)
        if raw.dtype.kind not in "iu":
            raise TypeError(f"{name} must be integer raw ids, got dtype {raw.dtype}")
        if raw.dtype.kind == "u" and raw.size and raw.max() > np.iinfo(np.int64).max:
            raise ValueError(f"{name} must be raw ids below 2**63, got {raw.max()}")
        raw = raw.astype(np.int64, copy=False)
        pos = np.clip(np.searchsorted(ids, raw), 0, ids.size - 1)
        found = (ids[pos] == raw) & (counts[pos] > 0)
        return np.where(found, pos, -1).astype(np.int64)

    def _indices(self, ratings: Ratings) -> tuple[np.ndarray, np.ndarray]:
        """Model indices of every rating (-1 for users/items without training ratings)."""
        if ratings.user_ids is self.user_ids_ and ratings.item_ids is self.item_ids_:
            u = ratings.user_index.astype(np.int64)
            i = ratings.item_index.astype(np.int64)
            return np.where(self.user_counts_[u] > 0, u, -1), np.where(
                self.item_counts_[i] > 0, i, -1
            )
        return (
            self._lookup(ratings.raw_users, self.user_ids_, self.user_counts_, "user_ids"),
            self._lookup(ratings.raw_items, self.item_ids_, self.item_counts_, "item_ids"),
        )

    def _predict_index(self, u: np.ndarray, i: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _clipped(self, u: np.ndarray, i: np.ndarray) -> np.ndarray:
        return np.clip(self._predict_index(u, i), *self.scale_)

    def predict(self, user_ids: Any, item_ids: Any) -> np.ndarray | float:
        """Predict ratings for raw user ids and raw item ids (broadcast against each other).

        Users or items without training ratings get the baseline; predictions are clipped to
        the rating scale. Scalars in, a float out; arrays in, an array out.
        """
        self._check_fitted()
        arrays = []
        for value, name in ((user_ids, "user_ids"), (item_ids, "item_ids")):
            try:
                arrays.append(np.asarray(value))
            except ValueError:
                raise ValueError(f"{name} must be an array of integer raw ids") from None
        try:
            users, items = np.broadcast_arrays(*arrays)
        except ValueError:
            raise ValueError(
                "user_ids and item_ids must have the same shape (or one of them be a single id), "
                f"got shapes {arrays[0].shape} and {arrays[1].shape}"
            ) from None
        u = self._lookup(users.ravel(), self.user_ids_, self.user_counts_, "user_ids")
        i = self._lookup(items.ravel(), self.item_ids_, self.item_counts_, "item_ids")
        out = self._clipped(u, i).reshape(users.shape)
        return float(out) if out.ndim == 0 else out

    def rmse(self, ratings: Ratings) -> float:
        """RMSE of the (clipped) predictions on ``ratings``, e.g. a held-out test part."""
        self._check_fitted()
        ratings = check_ratings(ratings)
        u, i = self._indices(ratings)
        return rmse(self._clipped(u, i), ratings.values)


def check_id(value: Any, name: str) -> None:
    """Raise TypeError unless ``value`` is one integer raw id (a user's or an item's)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be one integer raw id, got {type(value).__name__} {value!r}")
