"""Rating data: load MovieLens files and split them into training, validation and test parts.

A :class:`Ratings` object holds one list of (user, item, rating) triples. Users and items keep
their **raw ids** (the numbers in the file) and also get **contiguous indices** 0..n-1, which is
what a factor matrix needs: row ``u`` of the user factors belongs to user ``user_ids[u]``.

:func:`load_movielens` reads the three MovieLens layouts:

* "latest" CSV (``ratings.csv`` with a header line ``userId,movieId,rating,timestamp``),
* the 100k tab-separated files (``u.data``, ``u1.base``, ``u1.test``, ...),
* the 1M/10M ``::``-separated files (``ratings.dat``),

and picks up movie titles from ``movies.csv``, ``u.item`` or ``movies.dat`` in the same folder.
Subsets made by :func:`train_test_split` share the id-to-index maps of the full data, so a
user's index means the same thing in every part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from helpers import _validate
from helpers._ratings_file import parse_ratings, ratings_file, read_titles

__all__ = [
    "MOVIELENS_SCALE",
    "Ratings",
    "load_movielens",
    "train_test_split",
    "train_validation_split",
]

#: The MovieLens star scale: half stars from 0.5 to 5 (older releases use whole stars only).
MOVIELENS_SCALE: tuple[float, float] = (0.5, 5.0)

_INT64 = np.iinfo(np.int64)


@dataclass(frozen=True, eq=False)
class Ratings:
    """Observed ratings: raw ids, contiguous indices, values, scale and (optional) titles.

    Attributes
    ----------
    user_ids, item_ids : numpy.ndarray
        Sorted unique raw ids; index ``u`` stands for raw user ``user_ids[u]``.
    user_index, item_index : numpy.ndarray
        For every rating, the contiguous indices (int32) of its user and item.
    values : numpy.ndarray
        The ratings (float64), one per (user, item) pair.
    scale : tuple of float
        Lowest and highest possible rating.
    titles : dict
        Raw item id -> title, empty when no title file was found.
    source : str
        Where the ratings came from (a file name, never a full path).

    Notes
    -----
    The arrays are read-only, and building a Ratings (directly, through ``from_arrays``,
    ``subset`` or ``dataclasses.replace``) checks that every index lies inside its id map, that
    the arrays have equal lengths and that the ratings are finite and inside ``scale``.
    """

    user_ids: np.ndarray
    item_ids: np.ndarray
    user_index: np.ndarray
    item_index: np.ndarray
    values: np.ndarray
    scale: tuple[float, float] = MOVIELENS_SCALE
    titles: dict[int, str] = field(default_factory=dict)
    source: str = "arrays"

    def __post_init__(self) -> None:
        """Check that the parts fit together and freeze the arrays (read-only views).

        Every Ratings, however it was built (``from_arrays``, ``subset``, the constructor or
        ``dataclasses.replace``), holds indices inside its id maps; the compiled training loop
        relies on that, so an inconsistent object is refused here, not discovered as memory
        corruption later.
        """
        for name in ("user_ids", "item_ids", "user_index", "item_index", "values"):
            object.__setattr__(self, name, _read_only(getattr(self, name), name))
        object.__setattr__(self, "scale", _check_scale(self.scale))
        if not isinstance(self.titles, Mapping):
            raise TypeError(
                f"titles must be a dict of item id -> title, got {type(self.titles).__name__}"
            )
        if not isinstance(self.source, str):
            raise TypeError(f"source must be a str, got {type(self.source).__name__}")
        _check_consistent(self, "Ratings")

    @classmethod
    def from_arrays(
        cls,
        users: Sequence[int] | np.ndarray,
        items: Sequence[int] | np.ndarray,
        values: Sequence[float] | np.ndarray,
        *,
        scale: tuple[float, float] = MOVIELENS_SCALE,
        titles: dict[int, str] | None = None,
        source: str = "arrays",
        duplicates: str = "raise",
    ) -> Ratings:
        """Build ratings from three equally long arrays of raw user ids, raw item ids, ratings.

        Parameters
        ----------
        users, items : array_like of int
            Raw ids, one per rating.
        values : array_like of float
            Finite ratings inside ``scale``.
        scale : tuple of float, optional
            ``(lowest, highest)`` possible rating.
        titles : dict, optional
            Raw item id -> title.
        source : str, optional
            A short name used in messages.
        duplicates : {"raise", "last"}, optional
            What to do when a (user, item) pair occurs twice: raise ValueError (default) or keep
            the last occurrence.

        Returns
        -------
        Ratings

        Raises
        ------
        TypeError
            Ids or ratings that are not numbers, a ``titles`` that is not a dict or a ``source``
            that is not a string.
        ValueError
            Arrays of different lengths, no ratings, non-integer ids (or float ids above 2**53,
            which a float cannot hold exactly), non-finite ratings, ratings outside ``scale``,
            or a duplicated (user, item) pair with ``duplicates="raise"``.

        Examples
        --------
        >>> r = Ratings.from_arrays([10, 10, 42], [7, 9, 7], [4.0, 3.5, 5.0])
        >>> r.n_users, r.n_items, len(r)
        (2, 2, 3)
        >>> r.user_ids.tolist(), r.user_index.tolist()
        ([10, 42], [0, 0, 1])
        """
        users, items = _as_ids(users, "users"), _as_ids(items, "items")
        values = _validate.as_float_array(values, "values", allow_bool=False, finite=False)
        if not (users.shape == items.shape == values.shape) or users.ndim != 1:
            raise ValueError(
                "users, items and values must be 1-D arrays of the same length, got shapes "
                f"{users.shape}, {items.shape}, {values.shape}"
            )
        titles = _check_titles(titles)
        if not isinstance(source, str):
            raise TypeError(f"source must be a str, got {type(source).__name__}")
        return _build(users, items, values, None, scale, titles, source, duplicates)

    # ----------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.values.size)

    def __repr__(self) -> str:
        return (
            f"Ratings({len(self)} ratings, {self.n_users} users, {self.n_items} items, "
            f"scale {self.scale[0]:g}-{self.scale[1]:g}, source {self.source!r})"
        )

    @property
    def n_users(self) -> int:
        """Number of users in the id map (some may have no rating in a subset)."""
        return int(self.user_ids.size)

    @property
    def n_items(self) -> int:
        """Number of items in the id map (some may have no rating in a subset)."""
        return int(self.item_ids.size)

    @property
    def user_counts(self) -> np.ndarray:
        """Number of ratings of every user, indexed by user index."""
        return np.bincount(self.user_index, minlength=self.n_users)

    @property
    def item_counts(self) -> np.ndarray:
        """Number of ratings of every item, indexed by item index."""
        return np.bincount(self.item_index, minlength=self.n_items)

    @property
    def density(self) -> float:
        """Fraction of the users x items matrix that is observed."""
        return len(self) / (self.n_users * self.n_items)

    @property
    def raw_users(self) -> np.ndarray:
        """The raw user id of every rating."""
        return self.user_ids[self.user_index]

    @property
    def raw_items(self) -> np.ndarray:
        """The raw item id of every rating."""
        return self.item_ids[self.item_index]

    def title(self, item_id: int) -> str:
        """Return the title of a raw item id, or ``"item <id>"`` when no title is known."""
        if isinstance(item_id, bool | np.bool_) or not isinstance(item_id, int | np.integer):
            raise TypeError(f"item_id must be an integer raw id, got {type(item_id).__name__}")
        return self.titles.get(int(item_id), f"item {int(item_id)}")

    def subset(self, rows: np.ndarray) -> Ratings:
        """Return the ratings at ``rows`` (indices or a boolean mask), keeping the id maps.

        Raises
        ------
        TypeError
            ``rows`` holds neither integers nor booleans.
        ValueError
            ``rows`` is not 1-D, a mask of another length, or an index outside the ratings.
        """
        try:
            rows = np.asarray(rows)
        except ValueError:
            raise ValueError("rows must be a 1-D array of indices or a boolean mask") from None
        if rows.dtype.kind not in "biu" and not (rows.dtype.kind == "f" and rows.size == 0):
            raise TypeError(f"rows must be indices or a boolean mask, got dtype {rows.dtype}")
        if rows.ndim != 1:
            raise ValueError(f"rows must be 1-D, got shape {rows.shape}")
        n = len(self)
        if rows.dtype.kind == "b" and rows.size != n:
            raise ValueError(f"rows as a boolean mask must have length {n}, got {rows.size}")
        if rows.dtype.kind != "b":
            rows = rows.astype(np.int64)
            if rows.size and (rows.min() < -n or rows.max() >= n):
                raise ValueError(
                    f"rows must be indices between {-n} and {n - 1}, got values from "
                    f"{rows.min()} to {rows.max()}"
                )
        return Ratings(
            self.user_ids,
            self.item_ids,
            self.user_index[rows],
            self.item_index[rows],
            self.values[rows],
            self.scale,
            self.titles,
            self.source,
        )


_INDEX_DTYPE = np.int32


def _read_only(array: object, name: str) -> np.ndarray:
    """Return a read-only 1-D view of ``array`` with the dtype a Ratings field must have."""
    try:
        arr = np.asarray(array)
    except ValueError:
        raise ValueError(f"Ratings.{name} must be a 1-D array, got a ragged list") from None
    if name == "values":
        if arr.dtype.kind not in "iuf":
            raise TypeError(f"Ratings.values must hold real numbers, got dtype {arr.dtype}")
        arr = arr.astype(np.float64, copy=False)
    elif arr.dtype.kind not in "iu":
        raise TypeError(f"Ratings.{name} must hold integers, got dtype {arr.dtype}")
    elif name.endswith("_ids"):
        arr = arr.astype(np.int64, copy=False)
    if arr.ndim != 1:
        raise ValueError(f"Ratings.{name} must be 1-D, got shape {arr.shape}")
    if not arr.flags.writeable:
        return arr  # already frozen: subsets keep the very same id maps (``is`` holds)
    view = arr.view()
    view.flags.writeable = False
    return view


def _check_titles(titles: object) -> dict[int, str]:
    if titles is None:
        return {}
    if not isinstance(titles, Mapping):
        raise TypeError(f"titles must be a dict of item id -> title, got {type(titles).__name__}")
    return dict(titles)


def _check_scale(scale: object) -> tuple[float, float]:
    if not isinstance(scale, tuple | list | np.ndarray) or not all(
        _validate.is_real_number(s) for s in scale
    ):
        raise TypeError(f"scale must be a pair of numbers (lowest, highest), got {scale!r}")
    if len(scale) != 2:
        raise ValueError(f"scale must be a pair of numbers (lowest, highest), got {scale!r}")
    low, high = float(scale[0]), float(scale[1])
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"scale must be (lowest, highest) with lowest < highest, got {scale}")
    return low, high


def _check_consistent(ratings: Ratings, name: str = "ratings") -> None:
    """Raise ValueError unless every index lies inside its id map and every rating is finite.

    Linear in the number of ratings; :class:`helpers.recommender.FunkSVD` calls it again before
    handing arrays to compiled code, which does not check bounds.
    """
    n = ratings.values.size
    if not (ratings.user_index.size == ratings.item_index.size == n):
        raise ValueError(
            f"{name}: user_index, item_index and values must have the same length, got "
            f"{ratings.user_index.size}, {ratings.item_index.size} and {n}"
        )
    for ids, index, what in (
        (ratings.user_ids, ratings.user_index, "user"),
        (ratings.item_ids, ratings.item_index, "item"),
    ):
        if ids.size > 1 and not np.all(ids[1:] > ids[:-1]):
            raise ValueError(f"{name}: {what}_ids must be sorted and distinct")
        if n and (int(index.min()) < 0 or int(index.max()) >= ids.size):
            raise ValueError(
                f"{name}: {what}_index must lie in 0..{ids.size - 1} (one per {what}_ids entry), "
                f"got values from {int(index.min())} to {int(index.max())}"
            )
    if (
        ratings.item_ids.size > np.iinfo(_INDEX_DTYPE).max
        or ratings.user_ids.size > np.iinfo(_INDEX_DTYPE).max
    ):
        raise ValueError(f"{name}: more than 2**31 - 1 users or items")
    low, high = ratings.scale
    values = ratings.values
    if n and not (np.all(np.isfinite(values)) and low <= values.min() and values.max() <= high):
        raise ValueError(f"{name}: values must be finite ratings inside the scale {low:g}-{high:g}")


def _as_ids(ids: Sequence[int] | np.ndarray, name: str) -> np.ndarray:
    """Return raw ids as int64, exactly: floats only when they are whole numbers below 2**53."""
    try:
        arr = np.asarray(ids)
    except ValueError:
        raise ValueError(f"{name} must be a 1-D array of integer ids, got a ragged list") from None
    if arr.dtype.kind == "u" and arr.size and arr.max() > _INT64.max:
        raise ValueError(f"{name} must be integer ids below 2**63, got {arr.max()}")
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    if arr.dtype.kind == "f":
        # a float id is exact only up to 2**53 (above, neighbouring integers share one float)
        if np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            if arr.size == 0 or np.max(np.abs(arr)) <= 2.0**53:
                return arr.astype(np.int64)
            raise ValueError(
                f"{name} must be integer ids; as floats, ids above 2**53 are not exact "
                f"(got {np.max(np.abs(arr)):.17g}), pass them as integers"
            )
        raise ValueError(f"{name} must be integer ids, got non-integer values (dtype {arr.dtype})")
    raise TypeError(f"{name} must be integer ids, got dtype {arr.dtype}")


def _where(source: str, lines: np.ndarray | None, row: int) -> str:
    if lines is None:
        return f"{source}, rating {row}"
    return f"{source}, line {int(lines[row])}"


def _distinct(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct ``ids`` and the position of each id among them (``np.unique``'s inverse).

    Ids that are small non-negative integers, as in every MovieLens file, are indexed through a
    lookup table in linear time; others fall back to sorting with ``np.unique``.
    """
    if ids.size and ids.min() >= 0 and ids.max() < 4 * ids.size + 1_000_000:
        present = np.zeros(int(ids.max()) + 1, dtype=bool)
        present[ids] = True
        position = np.cumsum(present, dtype=np.int64) - 1
        return np.flatnonzero(present).astype(ids.dtype), position[ids]
    distinct, inverse = np.unique(ids, return_inverse=True)
    return distinct, inverse.ravel().astype(np.int64)


def _build(
    users: np.ndarray,
    items: np.ndarray,
    values: np.ndarray,
    lines: np.ndarray | None,
    scale: tuple[float, float],
    titles: dict[int, str],
    source: str,
    duplicates: str,
) -> Ratings:
    """Validate parsed triples and index them; ``lines`` gives file line numbers for messages."""
    low, high = _check_scale(scale)
    _validate.check_choice(duplicates, "duplicates", ("raise", "last"))
    if values.size == 0:
        raise ValueError(f"{source} contains no ratings")
    within = "" if lines is not None else " in values"
    missing = np.flatnonzero(~np.isfinite(values))
    if missing.size:
        row = missing[0]
        raise ValueError(
            f"{_where(source, lines, row)}: rating {values[row]} is not a finite number "
            f"({missing.size} such ratings{within}); every rating must be finite"
        )
    bad = np.flatnonzero((values < low) | (values > high))
    if bad.size:
        row = bad[0]
        raise ValueError(
            f"{_where(source, lines, row)}: rating {values[row]:g} is outside the scale "
            f"{low:g}-{high:g} ({bad.size} such ratings{within}); pass scale=(lowest, highest) "
            "if the data uses another scale"
        )
    user_ids, user_index = _distinct(users)
    item_ids, item_index = _distinct(items)
    # Find duplicated (user, item) pairs: sort by pair (one int64 key; a stable sort keeps file
    # order within equal pairs). Dropping duplicates never removes a user or an item entirely.
    pair = user_index * np.int64(item_ids.size) + item_index
    order = np.argsort(pair, kind="stable")
    sorted_pair = pair[order]
    same = sorted_pair[1:] == sorted_pair[:-1]
    if same.any():
        if duplicates == "raise":
            k = np.flatnonzero(same)[0]
            first, second = order[k], order[k + 1]
            where2 = _where(source, lines, second).split(", ", 1)[1]
            raise ValueError(
                f"{_where(source, lines, first)} and {where2}: user {users[first]} rated item "
                f"{items[first]} twice ({int(same.sum())} duplicated pairs"
                f"{'' if lines is not None else ' in users and items'}); pass "
                "duplicates='last' to keep the last rating of each pair"
            )
        keep_sorted = np.append(~same, True)  # the last of each run of equal pairs
        keep = np.sort(order[keep_sorted])
        user_index, item_index, values = user_index[keep], item_index[keep], values[keep]
    return Ratings(
        user_ids,
        item_ids,
        user_index.astype(np.int32),
        item_index.astype(np.int32),
        values.astype(np.float64),
        (low, high),
        titles,
        source,
    )


def load_movielens(
    path: str | Path,
    *,
    scale: tuple[float, float] = MOVIELENS_SCALE,
    duplicates: str = "raise",
) -> Ratings:
    """Load a MovieLens ratings file ("latest" CSV, 100k tab-separated, or 1M/10M ``::``).

    Parameters
    ----------
    path : str or pathlib.Path
        The ratings file, or a folder holding ``ratings.csv``, ``ratings.dat`` or ``u.data``.
        The layout is recognised from the first line; a header line is skipped.
    scale : tuple of float, optional
        ``(lowest, highest)`` possible rating; MovieLens uses 0.5-5 stars.
    duplicates : {"raise", "last"}, optional
        A (user, item) pair rated twice raises ValueError (default) or keeps the later rating.

    Returns
    -------
    Ratings
        With titles when ``movies.csv``, ``u.item`` or ``movies.dat`` sits beside the file.

    Raises
    ------
    FileNotFoundError
        The file (or a ratings file in the folder) does not exist; the message says where
        MovieLens data comes from.
    TypeError
        ``path`` is not a str or path, or ``scale`` is not a pair of numbers.
    ValueError
        An empty file; a compressed file or archive (gzip, zip, ...) or other binary data; a
        malformed line (the message names the file and the line number; ids must be integers,
        parsed exactly, and ratings finite); a rating outside ``scale``; a duplicated
        (user, item) pair.

    Notes
    -----
    Blank lines and lines starting with ``#`` are skipped; reported line numbers are those of
    the file. A byte-order mark at the start is ignored. A first line counts as a header when
    none of its first three fields is a number.

    Examples
    --------
    >>> from pathlib import Path
    >>> import helpers
    >>> folder = Path(helpers.__file__).parents[1] / "data" / "ml-latest-small"
    >>> r = load_movielens(folder / "ratings.csv")
    >>> r
    Ratings(100836 ratings, 610 users, 9724 items, scale 0.5-5, source 'ratings.csv')
    >>> r.title(1)
    'Toy Story (1995)'
    """
    file = ratings_file(path)
    users, items, values, lines = parse_ratings(file)
    titles = read_titles(file.parent)
    return _build(users, items, values, lines, scale, titles, file.name, duplicates)


# ----------------------------------------------------------------------------------------------
# Splits
# ----------------------------------------------------------------------------------------------
def train_test_split(
    ratings: Ratings, test_fraction: float = 0.2, seed: int = 0
) -> tuple[Ratings, Ratings]:
    """Split ratings at random into a training and a test part (seeded, reproducible).

    Both parts keep the id maps of ``ratings``. A user or item may end up with no training
    rating; a recommender must then fall back to a baseline for it.

    Parameters
    ----------
    ratings : Ratings
        The ratings to split.
    test_fraction : float, optional
        Share of ratings in the test part, strictly between 0 and 1.
    seed : int, optional
        Seed of the random permutation.

    Returns
    -------
    train, test : Ratings

    Raises
    ------
    TypeError
        ``ratings`` is not a :class:`Ratings`, ``test_fraction`` is not a number, or ``seed``
        is not an integer, a Generator or None.
    ValueError
        ``test_fraction`` is not in (0, 1), a part would be empty, or ``seed`` is negative.

    Examples
    --------
    >>> r = Ratings.from_arrays(range(10), range(10), [3.0] * 10)
    >>> train, test = train_test_split(r, test_fraction=0.2, seed=0)
    >>> len(train), len(test)
    (8, 2)
    """
    return _split(ratings, test_fraction, seed, ("ratings", "test_fraction"))


def _split(
    ratings: Ratings, fraction: float, seed: int, names: tuple[str, str]
) -> tuple[Ratings, Ratings]:
    """Split off a random ``fraction``; ``names`` are the arguments' names for messages."""
    if not isinstance(ratings, Ratings):
        raise TypeError(f"{names[0]} must be a Ratings object, got {type(ratings).__name__}")
    fraction = _validate.check_fraction(fraction, names[1])
    seed = _validate.check_seed(seed)
    n = len(ratings)
    if n == 0:
        raise ValueError(f"{names[0]} is empty: there is nothing to split")
    _check_consistent(ratings, names[0])
    n_test = round(n * fraction)
    if n_test == 0 or n_test == n:
        raise ValueError(
            f"{names[1]}={fraction} of {n} ratings leaves an empty part; "
            "use more ratings or another fraction"
        )
    order = np.random.default_rng(seed).permutation(n)
    return ratings.subset(np.sort(order[n_test:])), ratings.subset(np.sort(order[:n_test]))


def train_validation_split(
    train: Ratings, validation_fraction: float = 0.1, seed: int = 1
) -> tuple[Ratings, Ratings]:
    """Hold out a validation part of the training ratings, for choosing hyper-parameters.

    The test part stays untouched until the very end; this is :func:`train_test_split` applied
    to the training part with its own seed.

    Parameters
    ----------
    train : Ratings
        The training part of a :func:`train_test_split`.
    validation_fraction : float, optional
        Share of the training ratings held out, strictly between 0 and 1.
    seed : int, optional
        Seed of the random permutation.

    Returns
    -------
    fit, validation : Ratings

    Raises
    ------
    TypeError, ValueError
        As :func:`train_test_split`, naming ``train`` and ``validation_fraction``.

    Examples
    --------
    >>> r = Ratings.from_arrays(range(20), range(20), [4.0] * 20)
    >>> fit, validation = train_validation_split(r, validation_fraction=0.1)
    >>> len(fit), len(validation)
    (18, 2)
    """
    return _split(train, validation_fraction, seed, ("train", "validation_fraction"))
