"""Argument checks shared by every module of the package (private): one policy, one wording.

The policy, applied where a public function is called ("validate at the boundary, trust
inside"):

* a value of the wrong *kind* (a string for a number, a float for a count, a complex array
  where real numbers are needed, a non-callable for a function) raises :class:`TypeError`;
* a value of the right kind but unusable (NaN or infinity, a wrong shape, an empty array, a
  count or rank out of range, a negative seed) raises :class:`ValueError`;
* every message starts with the argument's name and says what was expected and what came;
* a run that blows up raises :class:`DivergenceError`, a ``ValueError`` too (see there).

Both exception types are the built-in ones, so ``except ValueError`` catches every complaint
about an argument. Random helpers are reproducible by default: their ``seed`` defaults to a
fixed number (``0``), and ``seed=None`` asks for a fresh random start explicitly.

Examples
--------
>>> check_count(3, "rank")
3
>>> check_count(2.0, "rank")
Traceback (most recent call last):
    ...
TypeError: rank must be an integer, got float 2.0
>>> check_positive("0.1", "lr")
Traceback (most recent call last):
    ...
TypeError: lr must be a real number, got str '0.1'
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__: list[str] = []  # private: nothing here is part of the public interface


class DivergenceError(ValueError, FloatingPointError):
    """A run blew up: its loss or its parameters became non-finite or ran away.

    It is a :class:`ValueError` because an argument does not suit the problem - usually the
    learning rate, which the message names together with a smaller value to try. It is also a
    :class:`FloatingPointError`, the error :class:`helpers.recommender.FunkSVD` raised for a
    diverged training in earlier versions, so ``except FloatingPointError`` still works.

    Attributes
    ----------
    lr : float or None
        The learning rate of the run.
    epoch : int or None
        The epoch (counting from 1) after which the run was found to have blown up.
    history : numpy.ndarray or None
        The loss before training and after each completed epoch up to the bad one, when the
        run records it, so a plot can show the blow-up.

    Examples
    --------
    >>> error = DivergenceError("training diverged", lr=0.5, epoch=3)
    >>> isinstance(error, ValueError), isinstance(error, FloatingPointError), error.epoch
    (True, True, 3)
    """

    def __init__(
        self,
        message: str,
        *,
        lr: float | None = None,
        epoch: int | None = None,
        history: NDArray[np.float64] | None = None,
    ) -> None:
        super().__init__(message)
        self.lr = lr
        self.epoch = epoch
        self.history = history


def describe_value(value: object) -> str:
    """Name the type of ``value`` and show it briefly, for messages."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def is_real_number(value: object) -> bool:
    """Tell whether ``value`` is one real number (bool and strings excluded, 0-d arrays allowed).

    >>> is_real_number(np.float32(0.2)), is_real_number(True), is_real_number(1 + 0j)
    (True, False, False)
    """
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, numbers.Real):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"


def check_real(value: object, name: str) -> float:
    """Return ``value`` as a float if it is one real number, else raise TypeError."""
    if not is_real_number(value):
        raise TypeError(f"{name} must be a real number, got {describe_value(value)}")
    return float(value)  # type: ignore[arg-type]


def check_finite_number(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite real number."""
    number = check_real(value, name)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}")
    return number


def check_positive(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite real number > 0.

    >>> check_positive(0.5, "lr")
    0.5
    >>> check_positive(0, "lr")
    Traceback (most recent call last):
        ...
    ValueError: lr must be a positive finite number, got 0.0
    """
    number = check_real(value, name)
    if not (np.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be a positive finite number, got {number!r}")
    return number


def check_non_negative(value: object, name: str) -> float:
    """Return ``value`` as a float if it is a finite real number >= 0."""
    number = check_real(value, name)
    if not (np.isfinite(number) and number >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {number!r}")
    return number


def check_fraction(value: object, name: str) -> float:
    """Return ``value`` as a float if it lies strictly between 0 and 1."""
    number = check_real(value, name)
    if not 0.0 < number < 1.0:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {number!r}")
    return number


def check_count(value: object, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is an integer >= ``minimum`` (bool is not an integer).

    >>> check_count(np.int64(5), "steps")
    5
    >>> check_count(0, "steps")
    Traceback (most recent call last):
        ...
    ValueError: steps must be at least 1, got 0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {describe_value(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_rank(rank: object, largest: int, bound: str | None = None, name: str = "rank") -> int:
    """Return ``rank`` as an int in ``1 .. largest``; ``bound`` says where ``largest`` comes from.

    >>> check_rank(4, 3, "min(m, n) = 3")
    Traceback (most recent call last):
        ...
    ValueError: rank must be between 1 and min(m, n) = 3, got 4
    """
    if isinstance(rank, (bool, np.bool_)) or not isinstance(rank, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {describe_value(rank)}")
    if not 1 <= rank <= largest:
        raise ValueError(f"{name} must be between 1 and {bound or largest}, got {rank}")
    return int(rank)


def check_seed(seed: object, name: str = "seed") -> Any:
    """Return ``seed`` if it is None, an integer >= 0 or a Generator (what default_rng takes).

    >>> check_seed(7), check_seed(None)
    (7, None)
    >>> check_seed(-1)
    Traceback (most recent call last):
        ...
    ValueError: seed must be a non-negative integer, got -1
    """
    if seed is None or isinstance(seed, (np.random.Generator, np.random.SeedSequence)):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (numbers.Integral, np.integer)):
        raise TypeError(
            f"{name} must be a non-negative integer, None or a numpy.random.Generator, "
            f"got {describe_value(seed)}"
        )
    if seed < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {seed}")
    return int(seed)


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` as a bool if it is True or False (NumPy's bool included)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe_value(value)}")
    return bool(value)


def check_callable(value: object, name: str) -> Callable:
    """Return ``value`` if it can be called, else raise TypeError."""
    if not callable(value):
        raise TypeError(f"{name} must be a callable, got {type(value).__name__}")
    return value


def check_choice(value: object, name: str, options: Sequence[str]) -> str:
    """Return ``value`` if it is one of the strings ``options``.

    >>> check_choice("central", "method", ("forward", "central"))
    'central'
    """
    if not (isinstance(value, str) and value in options):
        raise ValueError(f"{name} must be one of {tuple(options)}, got {describe_value(value)}")
    return value


def describe_non_finite(array: NDArray) -> str:
    """Name the first non-finite entry of ``array`` (e.g. ``nan at index (1,)``)."""
    if array.ndim == 0:
        return repr(array.item())
    index = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
    return f"{array[index].item()!r} at index {index}"


def check_finite(array: NDArray, name: str) -> NDArray:
    """Return ``array`` if all its entries are finite, else name the first bad one."""
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {describe_non_finite(array)}")
    return array


def as_float_array(
    value: object,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    allow_empty: bool = True,
    allow_complex: bool = False,
    allow_bool: bool = True,
    keep_precision: bool = False,
    finite: bool = True,
    what: str = "a number or an array",
) -> NDArray:
    """Return ``value`` as a float64 array (or complex128 / its own float type), checked.

    Parameters
    ----------
    value : array_like
        The argument.
    name : str
        Its name, for messages.
    ndim : int or tuple of int, optional
        The number(s) of dimensions allowed.
    allow_empty : bool
        Whether an array without entries is allowed.
    allow_complex : bool
        Whether complex entries are allowed (then the result is complex128 if any is complex).
    allow_bool : bool
        Whether booleans count as the numbers 0 and 1.
    keep_precision : bool
        Keep a floating dtype (float32 stays float32) instead of converting to float64.
    finite : bool
        Whether every entry must be finite.
    what : str
        What the argument is, for the message about a wrong type ("a 2-D array", ...).

    Raises
    ------
    TypeError
        Not numbers (strings, objects, None), or complex numbers where real ones are needed.
    ValueError
        A ragged nested list, the wrong number of dimensions, no entries, or a non-finite entry.

    Examples
    --------
    >>> as_float_array([1, 2], "x")
    array([1., 2.])
    >>> as_float_array([1j], "x")
    Traceback (most recent call last):
        ...
    TypeError: x must be real, got complex values
    """
    try:
        array = np.asarray(value)
    except ValueError:  # a ragged nested list, for instance
        raise ValueError(
            f"{name} must be a rectangular array of numbers (nested lists of equal lengths), "
            f"got {describe_value(value)}"
        ) from None
    kind = array.dtype.kind
    if kind == "c" and not allow_complex:
        raise TypeError(f"{name} must be real, got complex values")
    if kind not in "iufc" + ("b" if allow_bool else ""):
        expected = "real or complex numbers" if allow_complex else "real numbers"
        raise TypeError(
            f"{name} must be {what} of {expected}, got "
            + (f"dtype {array.dtype}" if isinstance(value, np.ndarray) else describe_value(value))
        )
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if array.ndim not in allowed:
            wanted = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {wanted}, got an array of shape {array.shape}")
    if not allow_empty and array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if kind == "c":
        array = array.astype(np.complex128, copy=False)
    elif not (keep_precision and kind == "f"):
        array = array.astype(np.float64, copy=False)
    if finite:
        check_finite(array, name)
    return array


def real_result(value: object, name: str) -> NDArray:
    """Return what a user-supplied function returned as a real array, or raise TypeError.

    For messages about callables: ``f must return real numbers, got ...``.
    """
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(
            f"{name} must return a rectangular array of numbers, got {describe_value(value)}"
        ) from None
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must return real numbers, got complex values")
    if array.dtype.kind not in "iufb":
        shown = f"dtype {array.dtype}" if isinstance(value, np.ndarray) else describe_value(value)
        raise TypeError(f"{name} must return real numbers, got {shown}")
    return array


def evaluate(
    f: Callable[..., object],
    *args: object,
    name: str = "f",
    shape: tuple[int, ...] | None = None,
    where: str = "",
) -> NDArray[np.float64]:
    """Call a function the user gave and return its result as checked float64 numbers.

    The call runs with NumPy's floating-point warnings silenced; what it returned must be
    real numbers (TypeError otherwise), of ``shape`` when given (``()``: one number, any
    array with a single entry counts) and finite (ValueError). ``where`` ends the messages
    (``" at x0"``). An error the function raises itself passes through unchanged.

    Examples
    --------
    >>> evaluate(lambda x: 2 * x, np.array([1.0, 2.0]), shape=(2,))
    array([2., 4.])
    >>> evaluate(lambda x: np.log(x), -1.0, where=" at x = -1.0")
    Traceback (most recent call last):
        ...
    ValueError: f must return finite values at x = -1.0, got nan
    >>> evaluate(lambda x: "two", 1.0)
    Traceback (most recent call last):
        ...
    TypeError: f must return real numbers, got str 'two'
    """
    with np.errstate(all="ignore"):
        value = f(*args)
    out = real_result(value, name).astype(np.float64)
    if shape is not None and not (shape == () and out.size == 1):
        if out.shape != shape:
            wanted = "a single number" if shape == () else f"an array of shape {shape}"
            raise ValueError(f"{name} must return {wanted}{where}, got shape {out.shape}")
    if shape == ():
        out = out.reshape(())
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} must return finite values{where}, got {describe_non_finite(out)}")
    return out


def check_interval(value: object, name: str) -> tuple[float, float]:
    """Return ``value`` as a pair ``(low, high)`` of finite numbers with ``low < high``.

    >>> check_interval([-1, 2], "xlim")
    (-1.0, 2.0)
    >>> check_interval((2.0, 1.0), "xlim")
    Traceback (most recent call last):
        ...
    ValueError: xlim must be (low, high) with low < high, got (2.0, 1.0)
    """
    if isinstance(value, np.ndarray) and value.shape == (2,):
        value = tuple(value)
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        raise TypeError(
            f"{name} must be a pair (low, high) of numbers, got {describe_value(value)}"
        )
    low, high = (check_finite_number(v, name) for v in value)
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got ({low!r}, {high!r})")
    return low, high


def check_text(value: object, name: str) -> str:
    """Return ``value`` if it is a string (a label, a title), else raise TypeError."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {describe_value(value)}")
    return value


def check_axis(axis: object, ndim: int, name: str = "axis") -> int | tuple[int, ...] | None:
    """Return ``axis`` (None, an axis or a tuple of distinct axes of an ``ndim``-D array).

    Negative axes count from the end, as in NumPy.

    >>> check_axis(-1, 2), check_axis((0, 1), 2), check_axis(None, 2)
    (-1, (0, 1), None)
    >>> check_axis(2, 2)
    Traceback (most recent call last):
        ...
    ValueError: axis must be between -2 and 1 for a 2-D array, got 2
    """
    if axis is None:
        return None
    axes = axis if isinstance(axis, tuple) else (axis,)
    for a in axes:
        if isinstance(a, (bool, np.bool_)) or not isinstance(a, (numbers.Integral, np.integer)):
            wanted = "None, an integer or a tuple of integers"
            raise TypeError(f"{name} must be {wanted}, got {describe_value(axis)}")
        if not -ndim <= a < ndim:
            raise ValueError(
                f"{name} must be between {-ndim} and {ndim - 1} for a {ndim}-D array, got {axis!r}"
            )
    if len({int(a) % ndim for a in axes}) != len(axes):
        raise ValueError(f"{name} must not repeat an axis, got {axis!r}")
    return tuple(int(a) for a in axis) if isinstance(axis, tuple) else int(axis)  # type: ignore[arg-type]


def check_integer_in(value: object, name: str, low: int, high: int) -> int:
    """Return ``value`` as an int if it is an integer with ``low <= value <= high``.

    >>> check_integer_in(9, "compress_level", 0, 9)
    9
    >>> check_integer_in(1, "colours", 2, 256)
    Traceback (most recent call last):
        ...
    ValueError: colours must be between 2 and 256, got 1
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {describe_value(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return int(value)
