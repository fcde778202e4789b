"""Recommenders for rating data: two baselines and Funk SVD trained by stochastic gradients.

All models share one interface: ``fit(ratings)``, ``predict(user_ids, item_ids)`` with **raw
ids** (a user or item the model never saw falls back to the baseline, as a deployed recommender
must), predictions clipped to the rating scale, and ``rmse(ratings)``.

* :class:`GlobalMean` predicts the mean training rating for everything.
* :class:`BiasBaseline` adds a regularised user bias and item bias: mu + b_u + b_i.
* :class:`FunkSVD` adds a rank-rho dot product p_u . q_i, learned one rating at a time by the
  lecture's stochastic update (plus biases and regularisation). Its hyper-parameters default to
  those of the ``SVD`` algorithm of the Surprise library, so the two can be compared like for
  like.

What the models share (id maps, raw-id lookup, clipping, :func:`rmse`) is in the private
``helpers._recommender_base``. The SGD pass exists twice: :func:`sgd_epoch_reference` is the
short readable loop; a numba kernel (``helpers._sgd_kernels``, loaded on first use) runs the
same updates in the same order, fast enough for Netflix-sized data.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers import _validate
from helpers._recommender_base import Recommender, check_id, check_ratings, rmse
from helpers._validate import DivergenceError
from helpers.ratings import Ratings

__all__ = ["BiasBaseline", "FunkSVD", "GlobalMean", "rmse", "sgd_epoch_reference"]


class GlobalMean(Recommender):
    """Predict the mean training rating for every user and item (the simplest baseline).

    Examples
    --------
    >>> from helpers.ratings import Ratings, _check_consistent
    >>> train = Ratings.from_arrays([1, 1, 2], [10, 20, 10], [4.0, 2.0, 3.0])
    >>> GlobalMean().fit(train).predict(2, 20)
    3.0
    """

    def fit(self, ratings: Ratings) -> GlobalMean:
        """Remember the training mean (and the id maps); return ``self``."""
        self._remember(check_ratings(ratings))
        return self

    def _predict_index(self, u: np.ndarray, i: np.ndarray) -> np.ndarray:
        return np.full(u.shape, self.mu_)


class BiasBaseline(Recommender):
    """Global mean plus a user bias and an item bias, r_ui ~ mu + b_u + b_i, regularised.

    The biases minimise sum (r_ui - mu - b_u - b_i)^2 + reg_users sum b_u^2 + reg_items sum b_i^2
    by alternating exact minimisation (each step is a regularised average of residuals). The
    default strengths are those of Surprise's ``BaselineOnly``.

    Parameters
    ----------
    reg_users, reg_items : float, optional
        Regularisation strengths (>= 0): a user with few ratings keeps a bias near zero.
    iterations : int, optional
        Alternating passes (>= 1).

    Examples
    --------
    >>> from helpers.ratings import Ratings, _check_consistent
    >>> train = Ratings.from_arrays([1, 1, 2, 2], [10, 20, 10, 20], [5.0, 4.0, 4.0, 3.0])
    >>> model = BiasBaseline(reg_users=0.0, reg_items=0.0).fit(train)
    >>> round(model.predict(1, 10), 3), round(model.rmse(train), 3)
    (5.0, 0.0)
    """

    def __init__(self, reg_users: float = 15.0, reg_items: float = 10.0, iterations: int = 10):
        self.reg_users = _validate.check_non_negative(reg_users, "reg_users")
        self.reg_items = _validate.check_non_negative(reg_items, "reg_items")
        self.iterations = _validate.check_count(iterations, "iterations")

    def fit(self, ratings: Ratings) -> BiasBaseline:
        """Fit mu, b_u and b_i on ``ratings``; return ``self``."""
        self._remember(check_ratings(ratings))
        u, i, r = ratings.user_index, ratings.item_index, ratings.values - self.mu_
        bu = np.zeros(ratings.n_users)
        bi = np.zeros(ratings.n_items)
        for _ in range(self.iterations):
            bi = np.bincount(i, r - bu[u], ratings.n_items) / (self.reg_items + self.item_counts_)
            bi = np.nan_to_num(bi)  # 0/0 for an item without ratings and no regularisation
            bu = np.bincount(u, r - bi[i], ratings.n_users) / (self.reg_users + self.user_counts_)
            bu = np.nan_to_num(bu)
        self.user_bias_, self.item_bias_ = bu, bi
        return self

    def _predict_index(self, u: np.ndarray, i: np.ndarray) -> np.ndarray:
        return (
            self.mu_
            + np.where(u >= 0, self.user_bias_[np.maximum(u, 0)], 0.0)
            + np.where(i >= 0, self.item_bias_[np.maximum(i, 0)], 0.0)
        )


def sgd_epoch_reference(
    users: np.ndarray,
    items: np.ndarray,
    values: np.ndarray,
    mu: float,
    bu: np.ndarray,
    bi: np.ndarray,
    P: np.ndarray,
    Q: np.ndarray,
    lr: float,
    reg: float,
    biased: bool,
) -> float:
    """One pass of stochastic gradient descent over the ratings, in plain Python (readable).

    For each observed rating r_ui, in array order: the error
    e = r_ui - (mu + b_u + b_i + p_u . q_i) (just r_ui - p_u . q_i when not ``biased``), then the
    lecture's per-entry update with a weight decay ``reg`` for every parameter it touches:
    b_u += lr (e - reg b_u), b_i += lr (e - reg b_i), p_u += lr (e q_i - reg p_u),
    q_i += lr (e p_u - reg q_i), the last two both using the *old* p_u and q_i.
    Arrays are updated in place.

    Returns
    -------
    float
        The sum of the squared errors met during the pass (each before its update).

    Raises
    ------
    TypeError, ValueError
        Arguments that do not fit together (indices outside P or Q, arrays of different
        lengths, non-finite numbers): checked before the loop, which then reads the
        lecture's rule and nothing else.
    DivergenceError
        The pass overflowed float64 (the squared errors became infinite).

    Examples
    --------
    >>> import numpy as np
    >>> P, Q = np.array([[1.0]]), np.array([[1.0]])
    >>> bu, bi = np.zeros(1), np.zeros(1)
    >>> sse = sgd_epoch_reference(np.array([0]), np.array([0]), np.array([3.0]),
    ...                           0.0, bu, bi, P, Q, lr=0.1, reg=0.0, biased=False)
    >>> sse, P.tolist(), Q.tolist()   # error 3 - 1 = 2; each factor grows by 0.1 * 2 * 1
    (4.0, [[1.2]], [[1.2]])
    """
    users, items, values = _check_epoch_arguments(
        users, items, values, mu, bu, bi, P, Q, lr, reg, biased
    )
    sse = 0.0
    for n in range(len(values)):
        u, i = users[n], items[n]
        if biased:
            e = values[n] - (mu + bu[u] + bi[i] + P[u] @ Q[i])
            bu[u] += lr * (e - reg * bu[u])
            bi[i] += lr * (e - reg * bi[i])
        else:
            e = values[n] - P[u] @ Q[i]
        sse += e * e
        p_old = P[u].copy()
        P[u] += lr * (e * Q[i] - reg * P[u])
        Q[i] += lr * (e * p_old - reg * Q[i])
    if not np.isfinite(sse):
        raise DivergenceError(
            "the pass overflowed float64: the squared errors became infinite; lr, reg, mu, values, "
            "bu, bi, P or Q are too large",
            lr=lr,
        )
    return float(sse)


def _check_epoch_arguments(
    users: Any,
    items: Any,
    values: Any,
    mu: Any,
    bu: Any,
    bi: Any,
    P: Any,
    Q: Any,
    lr: Any,
    reg: Any,
    biased: Any,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check the arguments of one SGD pass: shapes that fit, indices inside, finite numbers.

    Return ``users``, ``items`` and ``values`` as arrays; ``bu``, ``bi``, ``P`` and ``Q`` must be
    float arrays already, since the pass updates them in place.
    """
    arrays = []
    for array, name in ((users, "users"), (items, "items")):
        try:
            array = np.asarray(array)
        except ValueError:
            raise ValueError(f"{name} must be a 1-D array of integer indices") from None
        if array.dtype.kind not in "iu":
            raise TypeError(f"{name} must be integer indices, got dtype {array.dtype}")
        if array.ndim != 1:
            raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
        arrays.append(array)
    users, items = arrays
    values = _validate.as_float_array(values, "values", ndim=1, allow_bool=False)
    for array, name in ((bu, "bu"), (bi, "bi"), (P, "P"), (Q, "Q")):
        if not isinstance(array, np.ndarray) or array.dtype.kind != "f":
            raise TypeError(
                f"{name} must be a NumPy array of floats (it is updated in place), "
                f"got {type(array).__name__}"
            )
        _validate.check_finite(array, name)
    if P.ndim != 2 or Q.ndim != 2 or P.shape[1] != Q.shape[1]:
        raise ValueError(f"P and Q must be 2-D with equal columns, got {P.shape} and {Q.shape}")
    if bu.shape != (P.shape[0],) or bi.shape != (Q.shape[0],):
        raise ValueError(
            f"bu and bi must have one entry per row of P and Q, got {bu.shape} and {bi.shape}"
        )
    if not (users.shape == items.shape == values.shape) or values.ndim != 1:
        raise ValueError(
            f"users, items and values must be 1-D of one length, got {users.shape}, "
            f"{items.shape} and {values.shape}"
        )
    for array, n, name in ((users, P.shape[0], "users"), (items, Q.shape[0], "items")):
        if array.size and (array.min() < 0 or array.max() >= n):
            raise ValueError(f"{name} must be indices between 0 and {n - 1}")
    _validate.check_finite_number(mu, "mu")
    _validate.check_positive(lr, "lr")
    _validate.check_non_negative(reg, "reg")
    _validate.check_bool(biased, "biased")
    return users, items, values


def _kernels():
    """Import the numba kernels on first use (keeps ``import helpers.recommender`` light)."""
    from helpers import _sgd_kernels

    return _sgd_kernels


class FunkSVD(Recommender):
    """Simon Funk's SVD for rating data: biases plus a rank-rho factorisation, trained by SGD.

    Predicts r_ui ~ mu + b_u + b_i + p_u . q_i (only p_u . q_i when ``biased=False``), where
    p_u is row u of the user factors (n_users x rank) and q_i row i of the item factors
    (n_items x rank). Training visits the observed ratings one at a time, user by user in a
    seeded random order (see ``_visiting_order``), and applies :func:`sgd_epoch_reference`'s
    update. The hyper-parameters default to those of the Surprise library's ``SVD``; the factors
    are stored in single precision unless ``dtype=np.float64`` (Surprise uses double).

    Parameters
    ----------
    rank : int, optional
        Number of factors rho (>= 1).
    epochs : int, optional
        Passes over the training ratings (>= 1).
    lr : float, optional
        Learning rate (> 0).
    reg : float, optional
        Regularisation (weight decay) of every learned parameter (>= 0).
    biased : bool, optional
        Learn mu + b_u + b_i as well (True) or only the dot product (False).
    init_std : float, optional
        Standard deviation of the normal initial factors (>= 0; biases start at 0).
    seed : int, numpy.random.Generator or None, optional
        Seed of the initial factors and of the visiting order (default 0: reproducible).
    dtype : {numpy.float32, numpy.float64}, optional
        Storage and arithmetic of the factors P and Q. Single precision (the default) halves
        their memory (199 MB instead of 398 MB at Netflix size, rank 100) and makes an epoch
        faster; its rounding (about 1e-7 relative) is far below what changes an RMSE. Biases,
        errors and predictions are always double precision. Use float64 to compare with other
        double-precision implementations digit by digit.
    engine : {"numba", "python"}, optional
        The compiled kernel (default) or the readable reference loop (slow; for checking).

    Attributes
    ----------
    user_factors_, item_factors_ : numpy.ndarray
        P (n_users x rank) and Q (n_items x rank), rows indexed like the training ratings.
    user_bias_, item_bias_ : numpy.ndarray
        b_u and b_i (zeros when not ``biased``).
    history_ : dict
        Per epoch: ``"epoch"``, ``"train_rmse"`` and, with validation data, ``"validation_rmse"``.

    Examples
    --------
    >>> from helpers.ratings import Ratings, _check_consistent
    >>> train = Ratings.from_arrays([1, 1, 2, 2, 3], [7, 8, 7, 8, 7], [5.0, 1.0, 4.5, 1.5, 5.0])
    >>> model = FunkSVD(rank=2, epochs=200, lr=0.05, reg=0.0).fit(train)
    >>> model.rmse(train) < 0.1
    True
    >>> model.predict(3, 8) < 2.5   # users 1 and 2 liked 7 but not 8; so does user 3, probably
    True
    """

    def __init__(
        self,
        rank: int = 100,
        epochs: int = 20,
        lr: float = 0.005,
        reg: float = 0.02,
        biased: bool = True,
        init_std: float = 0.1,
        seed: int = 0,
        *,
        dtype: Any = np.float32,
        engine: str = "numba",
    ):
        self.rank = _validate.check_count(rank, "rank")
        self.epochs = _validate.check_count(epochs, "epochs")
        self.lr = _validate.check_positive(lr, "lr")
        self.reg = _validate.check_non_negative(reg, "reg")
        self.biased = _validate.check_bool(biased, "biased")
        self.init_std = _validate.check_non_negative(init_std, "init_std")
        self.seed = _validate.check_seed(seed)
        self.engine = _validate.check_choice(engine, "engine", ("numba", "python"))
        try:
            factor_dtype = None if dtype is None else np.dtype(dtype)
        except TypeError:
            factor_dtype = None
        if factor_dtype not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {dtype!r}")
        self.dtype = factor_dtype

    def fit(
        self, ratings: Ratings, validation: Ratings | None = None, *, history: bool = True
    ) -> FunkSVD:
        """Train on ``ratings``; record train (and validation) RMSE after every epoch.

        Parameters
        ----------
        ratings : Ratings
            Training ratings.
        validation : Ratings, optional
            Held-out ratings whose RMSE is recorded per epoch (never used for the updates).
        history : bool, optional
            Record the per-epoch RMSEs (set False to time the training alone).

        Returns
        -------
        FunkSVD
            ``self``, fitted.

        Raises
        ------
        TypeError
            ``ratings`` or ``validation`` is not a Ratings object, or ``history`` not a bool.
        ValueError
            ``ratings`` or ``validation`` is empty or inconsistent (indices outside the id
            maps, non-finite ratings), or ``init_std`` is so large that the first predictions
            lie far outside the rating scale.
        DivergenceError
            Training diverged (a ``ValueError`` and a ``FloatingPointError``): the loss became
            non-finite, or the factors or biases ran away, growing far beyond anything the
            rating scale needs; the message names ``lr`` and a smaller value to try.
        """
        history = _validate.check_bool(history, "history")
        self._remember(check_ratings(ratings))
        if validation is not None:
            validation = check_ratings(validation, "validation")
        rng = np.random.default_rng(self.seed)
        # the same draws whatever the dtype, so float32 and float64 runs start alike
        shapes = (ratings.n_users, self.rank), (ratings.n_items, self.rank)
        with np.errstate(over="ignore"):
            P, Q = (
                rng.normal(0.0, self.init_std, s).astype(self.dtype, copy=False) for s in shapes
            )
        bound = self._runaway_bound(ratings.scale)
        size = _max_abs(P) * _max_abs(Q) * self.rank
        if not size <= bound:
            raise ValueError(
                f"init_std={self.init_std:g} is too large: the initial factors give p_u . q_i "
                f"up to about {size:.3g}, far outside the rating scale "
                f"{ratings.scale[0]:g}-{ratings.scale[1]:g}; use a small init_std such as 0.1"
            )
        bu, bi = np.zeros(ratings.n_users), np.zeros(ratings.n_items)
        order = self._visiting_order(ratings, rng)
        # one copy of the ratings in visiting order, read sequentially in every epoch
        users, items = ratings.user_index[order], ratings.item_index[order]
        values = ratings.values[order]
        epoch_fn = _kernels().sgd_epoch if self.engine == "numba" else sgd_epoch_reference
        self.user_factors_, self.item_factors_, self.user_bias_, self.item_bias_ = P, Q, bu, bi
        self.history_ = {"epoch": [], "train_rmse": []}
        if validation is not None:
            self.history_["validation_rmse"] = []
            val_index = self._indices(validation)
        train_index = self._indices(ratings)
        for epoch in range(1, self.epochs + 1):
            try:
                with np.errstate(all="ignore"):
                    sse = epoch_fn(
                        users, items, values, self.mu_, bu, bi, P, Q, self.lr, self.reg, self.biased
                    )
            except DivergenceError:  # the readable loop reports an overflow itself
                sse = float("inf")
            self._check_growth(epoch, sse, bound, ratings.scale)
            if history:
                self.history_["epoch"].append(epoch)
                self.history_["train_rmse"].append(
                    rmse(self._clipped(*train_index), ratings.values)
                )
                if validation is not None:
                    self.history_["validation_rmse"].append(
                        rmse(self._clipped(*val_index), validation.values)
                    )
        return self

    @staticmethod
    def _runaway_bound(scale: tuple[float, float]) -> float:
        """Return the size of p_u . q_i (or of a bias) beyond which parameters have run away.

        A useful model predicts ratings inside the scale, so its dot products and biases stay
        within a few times the scale's size; a million times that only a diverging run reaches.
        """
        return 1e6 * max(abs(scale[0]), abs(scale[1]), scale[1] - scale[0])

    def _check_growth(
        self, epoch: int, sse: float, bound: float, scale: tuple[float, float]
    ) -> None:
        """Raise DivergenceError when the loss is not finite or the parameters ran away."""
        size = _max_abs(self.user_factors_) * _max_abs(self.item_factors_) * self.rank
        biases = max(_max_abs(self.user_bias_), _max_abs(self.item_bias_))
        if not np.isfinite(sse) or not (size <= bound and biases <= bound):
            what = (
                "the loss is not finite"
                if not np.isfinite(sse) or not (np.isfinite(size) and np.isfinite(biases))
                else f"the {'factors and biases' if self.biased else 'factors'} ran away "
                f"(p_u . q_i up to about {size:.3g}"
                + (f", biases up to {biases:.3g}" if self.biased else "")
                + f", while the ratings lie in {scale[0]:g}-{scale[1]:g})"
            )
            decay = ""
            if self.lr * self.reg >= 1:  # the weight decay alone overshoots zero
                decay = (
                    f" (with reg={self.reg:g}: lr * reg = {self.lr * self.reg:.3g} >= 1 makes the "
                    "decay of every parameter overshoot; lower lr or reg)"
                )
            raise DivergenceError(
                f"training diverged in epoch {epoch}: {what}. The learning rate "
                f"lr={self.lr:g} is too large for this data{decay}; try a smaller one, "
                f"e.g. lr={self.lr / 10:g}",
                lr=self.lr,
                epoch=epoch,
            )

    def _visiting_order(self, ratings: Ratings, rng: np.random.Generator) -> np.ndarray:
        """Users in a random order, each user's ratings in a random order (drawn once per fit).

        Keeping a user's ratings together keeps p_u in the processor's cache: at Netflix scale the
        user factors (480,189 x 100 numbers, 192 MB in float32) are far larger than any cache, and
        a fully random order would fetch p_u from memory for every rating. The accuracy is the
        same. The grouping is a stable sort by user rank; the compiled engine does it by counting
        (linear time), the Python engine with NumPy's sort; both give the same order.
        """
        shuffled = rng.permutation(len(ratings))
        user_rank = rng.permutation(ratings.n_users)
        keys = user_rank[ratings.user_index[shuffled]]
        if self.engine == "numba":
            by_user = _kernels().stable_group(keys, ratings.n_users)
        else:
            by_user = np.argsort(keys, kind="stable")
        return shuffled[by_user].astype(np.int64)

    def _check_state(self, u: np.ndarray, i: np.ndarray) -> None:
        """Check that the fitted arrays still fit together before compiled code reads them."""
        P, Q = np.asarray(self.user_factors_), np.asarray(self.item_factors_)
        bu, bi = np.asarray(self.user_bias_), np.asarray(self.item_bias_)
        n_users, n_items = self.user_ids_.size, self.item_ids_.size
        if not (
            P.ndim == Q.ndim == 2
            and P.shape[1] == Q.shape[1]
            and P.shape[0] == bu.size == n_users
            and Q.shape[0] == bi.size == n_items
            and P.dtype == Q.dtype
            and P.dtype in (np.float32, np.float64)
            and bu.dtype == bi.dtype == np.float64
        ):
            raise ValueError(
                f"{type(self).__name__}'s fitted factors and biases no longer match its "
                f"{n_users} users and {n_items} items; call fit(ratings) again"
            )
        for index, n, what in ((u, n_users, "user"), (i, n_items, "item")):
            if index.size and (int(index.min()) < -1 or int(index.max()) >= n):
                raise ValueError(f"{what} index outside -1..{n - 1}")  # pragma: no cover

    def _predict_index(self, u: np.ndarray, i: np.ndarray) -> np.ndarray:
        if self.engine == "numba":
            self._check_state(u, i)
            out = np.empty(u.shape, dtype=np.float64)
            _kernels().predict(
                u,
                i,
                self.mu_,
                self.user_bias_,
                self.item_bias_,
                self.user_factors_,
                self.item_factors_,
                self.biased,
                out,
            )
            return out
        known = (u >= 0) & (i >= 0)
        uu, ii = np.maximum(u, 0), np.maximum(i, 0)
        dot = np.einsum("nk,nk->n", self.user_factors_[uu], self.item_factors_[ii])
        if self.biased:
            base = (
                self.mu_
                + np.where(u >= 0, self.user_bias_[uu], 0.0)
                + np.where(i >= 0, self.item_bias_[ii], 0.0)
            )
            return base + np.where(known, dot, 0.0)
        return np.where(known, dot, self.mu_)

    # ----------------------------------------------------------------------------------------
    def _item_position(self, item_id: int) -> int:
        check_id(item_id, "item_id")
        pos = self._lookup(np.array([item_id]), self.item_ids_, self.item_counts_, "item_id")[0]
        if pos < 0:
            raise ValueError(
                f"item_id {item_id!r} has no training ratings; its factors are unknown"
            )
        return int(pos)

    def similar_items(
        self, item_id: int, n: int = 10, *, min_ratings: int = 1
    ) -> list[tuple[int, float]]:
        """Find the ``n`` items whose factor vectors q_j point most nearly the way q_i does.

        Similarity is the cosine of the angle between item factor vectors. Items with fewer than
        ``min_ratings`` training ratings are skipped (their factors are mostly noise).

        Returns
        -------
        list of (int, float)
            Raw item id and cosine similarity, most similar first; ``item_id`` itself excluded.

        Raises
        ------
        TypeError
            ``item_id`` is not an integer id, or ``n``/``min_ratings`` is not an integer.
        ValueError
            ``item_id`` has no training ratings, or ``n``/``min_ratings`` is below 1.
        """
        self._check_fitted()
        _validate.check_count(n, "n")
        _validate.check_count(min_ratings, "min_ratings")
        i = self._item_position(item_id)
        Q = self.item_factors_
        norms = np.linalg.norm(Q, axis=1)
        cosine = (Q @ Q[i]) / np.maximum(norms * norms[i], np.finfo(float).tiny)
        eligible = self.item_counts_ >= min_ratings
        eligible[i] = False
        candidates = np.flatnonzero(eligible)
        best = candidates[np.argsort(-cosine[candidates], kind="stable")[:n]]
        return [(int(self.item_ids_[j]), float(cosine[j])) for j in best]

    def recommend(
        self, user_id: int, n: int = 10, *, min_ratings: int = 1
    ) -> list[tuple[int, float]]:
        """Find the ``n`` items with the highest predicted rating that ``user_id`` has not rated.

        Items the user rated in the training data are excluded, as are items with fewer than
        ``min_ratings`` training ratings. An unknown user gets the items with the highest
        baseline prediction. Items are ranked by the unclipped prediction: clipping to the rating
        scale would tie every item predicted above the top of the scale.

        Returns
        -------
        list of (int, float)
            Raw item id and predicted rating (clipped to the scale), best first.

        Raises
        ------
        TypeError
            ``user_id`` is not an integer id, or ``n``/``min_ratings`` is not an integer.
        ValueError
            ``n`` or ``min_ratings`` is below 1.
        """
        self._check_fitted()
        _validate.check_count(n, "n")
        _validate.check_count(min_ratings, "min_ratings")
        check_id(user_id, "user_id")
        u = self._lookup(np.array([user_id]), self.user_ids_, self.user_counts_, "user_id")[0]
        eligible = self.item_counts_ >= min_ratings
        if u >= 0:
            eligible[self._train.item_index[self._train.user_index == u]] = False
        candidates = np.flatnonzero(eligible)
        scores = self._predict_index(np.full(candidates.size, u, dtype=np.int64), candidates)
        best = np.argsort(-scores, kind="stable")[:n]
        low, high = self.scale_
        return [
            (int(self.item_ids_[candidates[k]]), float(np.clip(scores[k], low, high))) for k in best
        ]


def _max_abs(array: np.ndarray) -> float:
    """Largest absolute entry (NaN if any entry is NaN), without a temporary array."""
    if array.size == 0:
        return 0.0
    return float(max(array.max(), -array.min()))
