"""Shared feedback for exercise judges: say what is wrong and where to look, never the answer.

A judge turns the reader's answer into numbers with :func:`as_number`,
:func:`as_array` or :func:`call` (each raises :class:`AnswerError` with a one-line
explanation when the answer cannot be judged as given, and :class:`NotAttempted` when
it is still a placeholder), compares it with :func:`diagnose_number` or
:func:`diagnose_array` (which name the usual slips: a flipped sign, a transpose, a
factor 2, a wrong power of ten) and finishes with :func:`correct` or :func:`not_yet`,
which print the one verdict line. No function here ever prints the expected value.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np

from helpers.checks import Verdict, is_placeholder

__all__ = [
    "AnswerError",
    "NotAttempted",
    "as_array",
    "as_number",
    "call",
    "correct",
    "diagnose_array",
    "diagnose_number",
    "has_placeholder",
    "inexact",
    "not_attempted",
    "not_yet",
    "rtol_for",
]


class NotAttempted(Exception):
    """The answer, a part of it, or what the reader's function returned is still ``...``."""


class AnswerError(Exception):
    """The answer cannot be judged as given; the message (one sentence) says why."""


def has_placeholder(answer: Any) -> bool:
    """Tell whether an answer, or one part of a tuple/list/dict answer, is still ``...``/``None``.

    Examples
    --------
    >>> has_placeholder(...), has_placeholder((1.0, ...)), has_placeholder([1.0, 2.0])
    (True, True, False)
    """
    if is_placeholder(answer):
        return True
    if isinstance(answer, (tuple, list)):
        return any(part is Ellipsis or part is None for part in answer)
    if isinstance(answer, dict):
        return any(part is Ellipsis or part is None for part in answer.values())
    return False


def correct(message: str) -> Verdict:
    """Print ``Correct: message`` and return a true :class:`~helpers.checks.Verdict`.

    Examples
    --------
    >>> correct("the step is right.")
    Correct: the step is right.
    True
    """
    print(f"Correct: {message}")
    return Verdict(True)


def not_yet(message: str) -> Verdict:
    """Print ``Not yet: message`` (one line) and return a false Verdict.

    Examples
    --------
    >>> not_yet("the sign is flipped; look at the minus in the update.")
    Not yet: the sign is flipped; look at the minus in the update.
    False
    """
    print(f"Not yet: {' '.join(message.split())}")
    return Verdict(False)


def not_attempted() -> Verdict:
    """Print the friendly line for an answer that is still a placeholder; return a false Verdict.

    Examples
    --------
    >>> not_attempted()
    Not attempted yet: replace each `...` with your answer, then run the cell again.
    False
    """
    print("Not attempted yet: replace each `...` with your answer, then run the cell again.")
    return Verdict(False)


def _kind(answer: Any) -> str:
    return "a string" if isinstance(answer, str) else type(answer).__name__


def as_number(answer: Any, *, name: str = "your answer", integer: bool = False) -> float:
    """Read the answer as one finite real number, or raise :class:`AnswerError` saying why not.

    Parameters
    ----------
    answer : object
        The reader's answer; a 1-element array counts as a number.
    name : str
        How to call the answer in the message.
    integer : bool
        Whether a whole number is expected (a count): ``2.5`` is then refused, ``3.0`` is not.

    Returns
    -------
    float
        The number.

    Raises
    ------
    NotAttempted
        If the answer is ``...`` or ``None``.
    AnswerError
        If it is not one finite real number (or not whole when ``integer``).

    Examples
    --------
    >>> as_number(np.float32(0.5)), as_number([3.0], integer=True)
    (0.5, 3.0)
    >>> as_number("0.5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    helpers.exercises._diagnose.AnswerError: your answer should be a number, not a string: ...
    """
    if is_placeholder(answer):
        raise NotAttempted(name)
    if isinstance(answer, str):
        raise AnswerError(f"{name} should be a number, not a string: remove the quotes.")
    if isinstance(answer, (bool, np.bool_)):
        raise AnswerError(f"{name} should be a number, not {answer!r}.")
    if callable(answer):
        raise AnswerError(f"{name} should be a number, not a function: call it, or compute it.")
    try:
        value = np.asarray(answer)
    except Exception:  # odd objects must not crash a check
        raise AnswerError(f"{name} should be a number, got {_kind(answer)}.") from None
    if value.dtype == object or value.dtype.kind not in "biufc":
        raise AnswerError(f"{name} should be a number, got {_kind(answer)}.")
    if value.size != 1:
        raise AnswerError(f"{name} should be one number, got an array of shape {value.shape}.")
    value = value.reshape(())
    if value.dtype.kind == "c":
        if value.imag != 0:
            raise AnswerError(
                f"{name} is complex ({complex(value):.3g}); a real number is expected."
            )
        value = value.real
    number = float(value)
    if not math.isfinite(number):
        raise AnswerError(
            f"{name} is {number}, which is not finite: look for a division by zero or an overflow."
        )
    if integer and not number.is_integer():
        raise AnswerError(f"{name} is {number:.6g}, but a whole number (a count) is expected.")
    return number


def as_array(answer: Any, *, name: str = "your answer") -> np.ndarray:
    """Read the answer as a finite real float64 array (lists, float32 are fine), or raise.

    Examples
    --------
    >>> as_array([[1, 2], [3, 4]]).dtype
    dtype('float64')
    >>> as_array([1.0, float("nan")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    helpers.exercises._diagnose.AnswerError: your answer contains NaN or infinite entries: ...
    """
    if is_placeholder(answer):
        raise NotAttempted(name)
    if isinstance(answer, str):
        raise AnswerError(f"{name} should be an array of numbers, not a string.")
    if callable(answer):
        raise AnswerError(f"{name} should be an array, not a function: call it, or compute it.")
    try:
        value = np.asarray(answer)
    except Exception:  # ragged lists raise ValueError, odd objects anything
        raise AnswerError(
            f"{name} could not be read as an array (rows of different lengths?)."
        ) from None
    if value.dtype == object or value.dtype.kind not in "biufc":
        raise AnswerError(f"{name} should be an array of numbers, got {_kind(answer)}.")
    if value.dtype.kind == "c":
        if np.any(value.imag != 0):
            raise AnswerError(f"{name} has complex entries; a real array is expected.")
        value = value.real
    value = value.astype(float)
    if not np.all(np.isfinite(value)):
        raise AnswerError(
            f"{name} contains NaN or infinite entries: look for a division by zero or an overflow."
        )
    return value


def rtol_for(answer: Any, rtol: float = 1e-6) -> float:
    """Widen a relative tolerance so that single-precision answers (float32, float16) pass.

    Examples
    --------
    >>> rtol_for(np.ones(2)), rtol_for(np.ones(2, dtype=np.float32))
    (1e-06, 0.0001)
    """
    dtype = getattr(answer, "dtype", None)
    if (
        dtype is not None
        and dtype.kind in "fc"
        and dtype.itemsize <= (4 if dtype.kind == "f" else 8)
    ):
        return max(rtol, 1e-4)
    return rtol


def call(function: Any, *args: Any, name: str = "your function", **kwargs: Any) -> Any:
    """Call the reader's function on copies of the arguments, turning every failure into feedback.

    Raises
    ------
    NotAttempted
        If ``function`` is a placeholder or returns one (its body is still ``...``).
    AnswerError
        If it is not callable or raises; the message names the exception.

    Examples
    --------
    >>> call(lambda x: 2 * x, 3.0)
    6.0
    >>> call(lambda x: 1 / x, 0.0, name="my_f")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    helpers.exercises._diagnose.AnswerError: my_f raised ZeroDivisionError (...) when called ...
    """
    if is_placeholder(function):
        raise NotAttempted(name)
    if not callable(function):
        raise AnswerError(f"{name} should be a function (def ...), got {_kind(function)}.")
    copied = tuple(copy.deepcopy(a) if isinstance(a, (np.ndarray, list)) else a for a in args)
    try:
        result = function(*copied, **kwargs)
    except Exception as exc:  # any failure of the reader's code is feedback
        shown = ", ".join(_short(a) for a in args)
        raise AnswerError(
            f"{name} raised {type(exc).__name__} ({exc}) when called with {shown}."
        ) from None
    if has_placeholder(result):
        raise NotAttempted(name)
    return result


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if callable(value):
        return getattr(value, "__name__", "a function")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _close(a: Any, b: Any, rtol: float, atol: float) -> bool:
    return bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _power_of_ten(ratio: float) -> int:
    """Return the power of ten closest to ``ratio`` (0 when it is not within 5% of one)."""
    if not ratio > 0:
        return 0
    k = round(math.log10(ratio))
    return k if abs(ratio / 10.0**k - 1) < 0.05 else 0


def diagnose_number(
    value: float, expected: float, *, rtol: float = 1e-6, atol: float = 0.0
) -> str | None:
    """Say what is wrong with a number in a phrase that never shows ``expected``; None if right.

    Examples
    --------
    >>> diagnose_number(0.2, 0.2) is None
    True
    >>> diagnose_number(-0.2, 0.2), diagnose_number(0.4, 0.2)
    ('has the wrong sign', 'is twice the right value (off by a factor 2)')
    >>> diagnose_number(20.0, 0.2)
    'is off by a factor of 10^2: check the order of magnitude (units, powers of ten)'
    """
    if _close(value, expected, rtol, atol):
        return None
    if expected != 0 and _close(-value, expected, rtol, atol):
        return "has the wrong sign"
    if _close(value, 2 * expected, rtol, atol):
        return "is twice the right value (off by a factor 2)"
    if _close(value, expected / 2, rtol, atol):
        return "is half the right value (off by a factor 2)"
    if expected != 0 and value != 0:
        if np.sign(value) != np.sign(expected):
            return "has the wrong sign (and the wrong size)"
        k = _power_of_ten(value / expected)
        if k:
            return (
                f"is off by a factor of 10^{k}: check the order of magnitude (units, powers of ten)"
            )
        ratio = value / expected
        if ratio > 10 or ratio < 0.1:
            return "is far too large" if ratio > 1 else "is far too small"
        if abs(ratio - 1) < 0.01:
            return "is close but not within the tolerance: do not round, keep full precision"
        return "is too large" if ratio > 1 else "is too small"
    return "is not right"


def diagnose_array(
    value: np.ndarray, expected: Any, *, rtol: float = 1e-6, atol: float = 1e-12
) -> str | None:
    """Say what is wrong with an array in a phrase that never shows ``expected``; None if right.

    Shape first (with a word when it is the transpose's), then the usual slips on the
    values: transposed, sign flipped, factor 2 or 1/2, a power of ten.

    Examples
    --------
    >>> J = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> diagnose_array(J.T, J)
    'has shape (3, 2) but (2, 3) is expected: it looks transposed'
    >>> diagnose_array(-J, J), diagnose_array(J / 2, J)
    ('has the wrong sign', 'is half the right value (off by a factor 2)')
    >>> diagnose_array(J + [[0, 0, 1], [0, 0, 0]], J)
    'differs from the right answer in 1 of 6 entries (the first at index (0, 2))'
    """
    expected = np.asarray(expected, dtype=float)
    value = np.asarray(value, dtype=float)
    if value.shape != expected.shape:
        if value.ndim == 2 and value.shape == expected.shape[::-1]:
            return f"has shape {value.shape} but {expected.shape} is expected: it looks transposed"
        if value.size == expected.size:
            return (
                f"has shape {value.shape} but {expected.shape} is expected: the right number of "
                "entries in the wrong arrangement (a flattened or reshaped array?)"
            )
        return f"has shape {value.shape} but {expected.shape} is expected"
    if _close(value, expected, rtol, atol):
        return None
    if (
        value.ndim == 2
        and value.shape[0] == value.shape[1]
        and _close(value.T, expected, rtol, atol)
    ):
        return "looks transposed (rows and columns swapped)"
    if _close(-value, expected, rtol, atol):
        return "has the wrong sign"
    if _close(value, 2 * expected, rtol, atol):
        return "is twice the right value (off by a factor 2)"
    if _close(value, expected / 2, rtol, atol):
        return "is half the right value (off by a factor 2)"
    norm_v, norm_e = float(np.linalg.norm(value)), float(np.linalg.norm(expected))
    if norm_v > 0 and norm_e > 0:
        k = _power_of_ten(norm_v / norm_e)
        if k and _close(value / 10.0**k, expected, 1e-2, atol):
            return (
                f"is off by a factor of 10^{k}: check the order of magnitude (units, powers of ten)"
            )
    wrong = np.argwhere(~np.isclose(value, expected, rtol=rtol, atol=atol))
    first = tuple(int(i) for i in wrong[0])
    where = f"index {first}" if value.ndim else "its value"
    return (
        f"differs from the right answer in {len(wrong)} of {value.size} entries "
        f"(the first at {where})"
    )


def relative_error(value: np.ndarray, expected: np.ndarray) -> float:
    """Norm-wise relative error ``||value - expected|| / ||expected||`` of two arrays.

    Examples
    --------
    >>> relative_error(np.array([3.0, 4.0]), np.array([3.0, 4.5]))
    0.1
    """
    scale = max(float(np.linalg.norm(expected)), 1e-300)
    return float(np.linalg.norm(np.asarray(value) - expected)) / scale


def inexact(value: Any, expected: Any, *, rtol: float = 1e-12, atol: float = 1e-14) -> str | None:
    """Say whether an answer is only approximately right, as a finite difference would be.

    Derivatives worked out with the chain rule agree with the exact value to about 15
    digits; a numerical derivative only to 5-10. This returns a phrase for answers
    that agree within ``1e-4`` but not within ``rtol``, and None otherwise.

    Examples
    --------
    >>> inexact(2.0000000001, 2.0)
    'agrees with the exact value to only about 10 digits, as a numerical (finite-difference) \
derivative would; work it out exactly'
    >>> inexact(2.0, 2.0) is None, inexact(3.0, 2.0) is None
    (True, True)
    """
    value = np.asarray(value, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if value.shape != expected.shape or _close(value, expected, rtol, atol):
        return None
    if not _close(value, expected, 1e-4, 1e-8):
        return None
    # relative to the typical size, so that a point where the exact value is 0 does not dominate
    scale = np.maximum(np.abs(expected), max(1e-3 * float(np.max(np.abs(expected))), atol))
    worst = float(np.max(np.abs(value - expected) / scale))
    digits = max(1, round(-math.log10(max(worst, 1e-17))))
    return (
        f"agrees with the exact value to only about {digits} digits, as a numerical "
        "(finite-difference) derivative would; work it out exactly"
    )
