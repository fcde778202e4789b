"""The checks of figure arguments (private): axes, figures, curves, runs, grids, styles, SVDs.

Built on :mod:`helpers._validate` and worded like it: a value of the wrong kind is a
TypeError, an unusable one a ValueError, and every message starts with the argument's
name. Matplotlib is imported by these checks only, never by ``helpers._validate``.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from helpers._validate import (
    as_float_array,
    check_count,
    check_text,
    describe_value,
    is_real_number,
)

__all__: list[str] = []  # private: used by the modules of helpers.viz


def check_labels(
    labels: object, name: str, count: int | None = None, per: str = "point"
) -> list[str]:
    """Return ``labels`` as a list of strings, ``count`` of them (one ``per`` thing) if given.

    >>> check_labels(("a", "b"), "labels", 2)
    ['a', 'b']
    >>> check_labels(["a"], "labels", 2)
    Traceback (most recent call last):
        ...
    ValueError: labels must have one entry per point (2), got 1
    """
    if isinstance(labels, (str, bytes)) or not isinstance(labels, (list, tuple, np.ndarray)):
        raise TypeError(f"{name} must be a list of strings, got {describe_value(labels)}")
    if not all(isinstance(label, str) for label in labels):
        wrong = next(label for label in labels if not isinstance(label, str))
        raise TypeError(f"{name} must hold strings only, got {describe_value(wrong)}")
    if count is not None and len(labels) != count:
        raise ValueError(f"{name} must have one entry per {per} ({count}), got {len(labels)}")
    return list(labels)


def check_axes(ax: object, name: str = "ax", *, optional: bool = True) -> Any:
    """Return ``ax`` if it is a matplotlib Axes (or None when ``optional``), else TypeError."""
    from matplotlib.axes import Axes

    if not (isinstance(ax, Axes) or (optional and ax is None)):
        wanted = "a matplotlib Axes or None" if optional else "a matplotlib Axes"
        raise TypeError(f"{name} must be {wanted}, got {describe_value(ax)}")
    return ax


def check_figure(figure: object, name: str = "figure") -> Any:
    """Return ``figure`` if it is a matplotlib Figure, else raise TypeError."""
    from matplotlib.figure import Figure

    if not isinstance(figure, Figure):
        raise TypeError(f"{name} must be a matplotlib Figure, got {describe_value(figure)}")
    return figure


def check_series(
    series: object,
    name: str,
    shape: tuple[int, ...] | None = None,
    *,
    allow_empty: bool = False,
    finite: bool = True,
) -> dict[str, NDArray[np.float64]]:
    """Return a dict ``label -> values`` (curves to draw) with float arrays, finite if asked.

    ``shape``, when given, is the shape every series must have.

    >>> check_series({"forward": [1, 2]}, "errors", (2,))
    {'forward': array([1., 2.])}
    >>> check_series({"forward": [1, 2]}, "errors", (3,))
    Traceback (most recent call last):
        ...
    ValueError: errors['forward'] must have shape (3,), got (2,)
    """
    if not isinstance(series, Mapping):
        raise TypeError(f"{name} must be a dict of label -> values, got {describe_value(series)}")
    if not series and not allow_empty:
        raise ValueError(f"{name} must hold at least one entry, got an empty dict")
    out = {}
    for label, values in series.items():
        check_text(label, f"each label of {name}")
        array = as_float_array(values, f"{name}[{label!r}]", finite=finite)
        if shape is not None and array.shape != shape:
            raise ValueError(f"{name}[{label!r}] must have shape {shape}, got {array.shape}")
        out[label] = array
    return out


def check_run(run: object, name: str, *, dim: int | None = None, losses: bool = False) -> Any:
    """Return ``run`` if it is a gradient-descent Trajectory (with points of dimension ``dim``).

    ``dim`` is 1 for a run on a curve (scalar points), 2 for a run on a surface; ``losses``
    asks for a run made with ``f`` given, which recorded its losses.
    """
    from helpers.optimise import Trajectory

    if not isinstance(run, Trajectory):
        raise TypeError(
            f"{name} must be a Trajectory from gradient_descent, got {describe_value(run)}"
        )
    points = np.asarray(run.points)
    actual = 1 if points.ndim == 1 else points.shape[1]
    if dim is not None and actual != dim:
        kind = "scalar points (a run on a curve)" if dim == 1 else f"points in R^{dim}"
        raise ValueError(f"{name} must have {kind}, got points of shape {points.shape[1:]}")
    if losses and run.losses is None:
        raise ValueError(f"{name} must carry losses: call gradient_descent with f=...")
    return run


def check_runs(
    runs: object,
    name: str,
    *,
    dim: int | None = None,
    losses: bool = False,
    allow_empty: bool = False,
) -> list[Any]:
    """Return ``runs`` as a list of Trajectory (see :func:`check_run`)."""
    if not isinstance(runs, (list, tuple)):
        raise TypeError(f"{name} must be a list of Trajectory, got {describe_value(runs)}")
    if not runs and not allow_empty:
        raise ValueError(f"{name} must hold at least one run, got none")
    return [check_run(run, f"{name}[{i}]", dim=dim, losses=losses) for i, run in enumerate(runs)]


def check_grid(grid: object, name: str = "grid") -> tuple[NDArray, NDArray, NDArray]:
    """Return ``(X, Y, Z)``: three finite real 2-D arrays of one shape, at least 2 x 2."""
    if not (isinstance(grid, (tuple, list)) and len(grid) == 3):
        raise TypeError(
            f"{name} must be the three arrays (X, Y, Z) of a grid, got {describe_value(grid)}"
        )
    X, Y, Z = (
        as_float_array(part, f"{name} ({label})") for part, label in zip(grid, "XYZ", strict=True)
    )
    if not (X.ndim == 2 and X.shape == Y.shape == Z.shape and min(X.shape) >= 2):
        raise ValueError(
            f"{name} must be (X, Y, Z) of one 2-D shape, at least 2 x 2, got shapes "
            f"{X.shape}, {Y.shape} and {Z.shape}"
        )
    return X, Y, Z


def check_levels(levels: object, name: str = "levels") -> int | NDArray:
    """Return contour ``levels``: a number of levels (>= 1) or increasing finite values."""
    if isinstance(levels, (numbers.Integral, np.integer)) and not isinstance(
        levels, (bool, np.bool_)
    ):
        return check_count(levels, name)
    if is_real_number(levels) or levels is None or isinstance(levels, (str, bytes, bool)):
        wanted = "a number of levels or a list of increasing values"
        raise TypeError(f"{name} must be {wanted}, got {describe_value(levels)}")
    values = as_float_array(levels, name, ndim=1, allow_empty=False, allow_bool=False)
    if np.any(np.diff(values) <= 0):
        raise ValueError(f"{name} must be increasing, got {values.tolist()}")
    return values


def check_colour(colour: object, name: str = "color") -> str:
    """Return ``colour`` if it is a matplotlib colour string (``"#0072B2"``, ``"C1"``)."""
    from matplotlib.colors import is_color_like

    check_text(colour, name)
    if not is_color_like(colour):
        raise ValueError(f"{name} must be a matplotlib colour such as '#0072B2', got {colour!r}")
    return colour  # type: ignore[return-value]


def check_marker(marker: object, name: str = "marker") -> str:
    """Return ``marker`` if it is a matplotlib marker string (``"o"``, ``"s"``, ``"^"``)."""
    from matplotlib.markers import MarkerStyle

    check_text(marker, name)
    try:
        MarkerStyle(marker)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a matplotlib marker such as 'o', got {marker!r}"
        ) from None
    return marker  # type: ignore[return-value]


def check_singular_values(singular_values: object) -> np.ndarray:
    """Return singular values: finite, non-negative, not all zero, with finite squares."""
    s = as_float_array(singular_values, "singular_values", ndim=1, allow_empty=False)
    with np.errstate(all="ignore"):
        total = np.sum(s**2)
    if np.any(s < 0) or not (np.isfinite(total) and total > 0):
        raise ValueError(
            "singular_values must be non-negative, not all zero, and small enough to square "
            f"(below about 1e150), got {s}"
        )
    return s


def check_image_factors(
    image: object, factors: object, required: bool = False
) -> tuple[np.ndarray, ...]:
    """Check a greyscale image and its thin SVD ``(U, s, Vh)`` (computed if not ``required``)."""
    image = as_float_array(image, "image", ndim=2, allow_empty=False)
    if factors is None and not required:
        return image, *np.linalg.svd(image, full_matrices=False)
    if not (isinstance(factors, tuple | list) and len(factors) == 3):
        raise TypeError(f"factors must be the three arrays (U, s, Vh), got {factors!r}")
    U, s, Vh = (
        as_float_array(f, f"factors ({n})") for f, n in zip(factors, ("U", "s", "Vh"), strict=True)
    )
    m, n = image.shape
    if not (
        U.ndim == 2
        and s.ndim == 1
        and Vh.ndim == 2
        and U.shape[0] == m
        and Vh.shape[1] == n
        and U.shape[1] == s.size == Vh.shape[0] >= 1
    ):
        raise ValueError(
            f"factors must be the thin SVD of the {m} x {n} image, shapes (m, k), (k,), (k, n); "
            f"got {U.shape}, {s.shape}, {Vh.shape}"
        )
    return image, U, s, Vh
