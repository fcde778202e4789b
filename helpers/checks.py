"""Exercise self-checks that say what is wrong, not just ``False``.

Every check prints one short verdict and returns a :class:`Verdict`, which is true
exactly when the answer is right:

* ``Correct: ...`` when the answer matches;
* ``Not yet: ...`` with what differs (shape, value, where) and a hint;
* ``Not attempted yet: ...`` when the answer is still the placeholder ``...``
  (or ``None``), so running a notebook top to bottom never fails on an exercise
  the reader has not tried.

Worked solutions call the same checks inside ``assert``, so the checks are
themselves tested every time a notebook runs. In a notebook the verdict shows only
its printed message (no ``Out: False`` below it).

Whatever the *answer* is - text, ``None``, a complex number, an array of the wrong
shape, a function that raises or returns NaN - a check answers ``Not yet`` with the
reason and never raises. The other arguments (the expected value, the reference, the
tolerances) come from the notebook's author and are validated like any argument.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from helpers import _validate

__all__ = [
    "Verdict",
    "check_array",
    "check_choice",
    "check_function",
    "check_gradient_function",
    "check_number",
    "is_placeholder",
]


class Verdict:
    """The outcome of a check: true when the answer is right.

    It behaves like ``True``/``False`` (in ``assert``, ``if`` and comparisons) but
    displays nothing in a notebook, where the printed message already says it all.

    Examples
    --------
    >>> v = Verdict(False)
    >>> bool(v), v == False, v
    (False, True, False)
    """

    __slots__ = ("ok",)

    def __init__(self, ok: bool) -> None:
        self.ok = _validate.check_bool(ok, "ok")

    def __bool__(self) -> bool:
        return self.ok

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (bool, Verdict)):
            return self.ok == bool(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.ok)

    def __repr__(self) -> str:
        return repr(self.ok)

    def _ipython_display_(self) -> None:
        """Show nothing: the check has printed its message already."""


def is_placeholder(answer: Any) -> bool:
    """Tell whether an answer is still the exercise's placeholder (``...`` or ``None``).

    Examples
    --------
    >>> is_placeholder(...), is_placeholder(None), is_placeholder(0.0)
    (True, True, False)
    """
    return answer is Ellipsis or answer is None


def _verdict(ok: bool, name: str, detail: str, hint: str | None) -> Verdict:
    if ok:
        print(f"Correct: {name} {detail}".rstrip())
    else:
        print(f"Not yet: {name} {detail}".rstrip())
        if hint:
            print(f"Hint: {hint}")
    return Verdict(ok)


def _check_options(name: object, hint: object, rtol: object = 0.0, atol: object = 0.0) -> None:
    """Validate the author's arguments of a check (never the reader's answer)."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if hint is not None and not isinstance(hint, str):
        raise TypeError(f"hint must be a str or None, got {type(hint).__name__}")
    _validate.check_non_negative(rtol, "rtol")
    _validate.check_non_negative(atol, "atol")


#: What is wrong with an answer that :func:`_numbers` cannot take.
_NOT_NUMBERS, _COMPLEX = "not numbers", "complex"


def _numbers(answer: Any, complex_ok: bool = False) -> tuple[np.ndarray | None, str]:
    """Return the reader's answer as a float (or complex) array, or None and what is wrong.

    The second item is ``_NOT_NUMBERS`` (text, objects, ragged lists) or ``_COMPLEX`` (a
    non-zero imaginary part where real numbers are expected). A complex answer whose
    imaginary parts are all zero is its real part.
    """
    try:
        value = np.asarray(answer)
    except (TypeError, ValueError):
        return None, _NOT_NUMBERS
    if value.dtype.kind == "c" and not complex_ok:
        if np.any(value.imag != 0):
            return None, _COMPLEX
        value = value.real
    if value.dtype.kind not in "biufc":
        return None, _NOT_NUMBERS
    return value.astype(np.complex128 if value.dtype.kind == "c" else np.float64), ""


def _kind(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:37] + '...'}"


def _not_attempted(name: str) -> Verdict:
    print(
        f"Not attempted yet: replace the `...` in {name} with your answer and run the cell again."
    )
    return Verdict(False)


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def check_number(
    answer: Any,
    expected: float,
    *,
    name: str = "your answer",
    rtol: float = 1e-6,
    atol: float = 0.0,
    hint: str | None = None,
) -> Verdict:
    """Check a single number against the expected value.

    Parameters
    ----------
    answer : float
        The reader's answer (``...`` while not attempted).
    expected : float
        The right value.
    name : str
        How to call the answer in the message.
    rtol, atol : float
        Tolerances as in :func:`numpy.isclose`.
    hint : str, optional
        Printed when the answer is wrong.

    Returns
    -------
    Verdict
        Whether the answer is right.

    Examples
    --------
    >>> check_number(4.0, 4.0, name="f'(2)")
    Correct: f'(2) is 4.
    True
    >>> check_number(2.0, 4.0, name="f'(2)", hint="d(x^2)/dx = 2x")
    Not yet: f'(2) is 2, expected 4 (relative error 0.5).
    Hint: d(x^2)/dx = 2x
    False
    >>> check_number(..., 4.0, name="f'(2)")
    Not attempted yet: replace the `...` in f'(2) with your answer and run the cell again.
    False
    """
    _check_options(name, hint, rtol, atol)
    expected = _validate.check_finite_number(expected, "expected")
    if is_placeholder(answer):
        return _not_attempted(name)
    value, problem = _numbers(answer)
    if value is None:
        detail = (
            f"should be a number, got {type(answer).__name__}."
            if problem == _NOT_NUMBERS
            else "has a non-zero imaginary part; the answer is a real number."
        )
        return _verdict(False, name, detail, hint)
    if value.size != 1:
        return _verdict(False, name, f"should be one number, got shape {value.shape}.", hint)
    value = float(value.reshape(()))
    if not np.isfinite(value):
        return _verdict(False, name, f"is {value}, which is not finite.", hint)
    if np.isclose(value, expected, rtol=rtol, atol=atol):
        return _verdict(True, name, f"is {_fmt(value)}.", None)
    rel = abs(value - expected) / max(abs(expected), np.finfo(float).tiny)
    return _verdict(
        False,
        name,
        f"is {_fmt(value)}, expected {_fmt(expected)} (relative error {_fmt(rel)}).",
        hint,
    )


def check_array(
    answer: Any,
    expected: Any,
    *,
    name: str = "your answer",
    rtol: float = 1e-6,
    atol: float = 1e-12,
    hint: str | None = None,
) -> Verdict:
    """Check an array: first its shape, then finiteness, then its values.

    A transposed answer gets its own message, because mixing up ``n x m`` and
    ``m x n`` is the most common slip with Jacobians and gradients.

    Parameters
    ----------
    answer : array_like
        The reader's answer (``...`` while not attempted).
    expected : array_like
        The right array.
    name : str
        How to call the answer in the message.
    rtol, atol : float
        Tolerances as in :func:`numpy.allclose`.
    hint : str, optional
        Printed when the answer is wrong.

    Returns
    -------
    Verdict
        Whether the answer is right.

    Examples
    --------
    >>> J = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> check_array(J.T, J, name="the Jacobian")
    Not yet: the Jacobian has shape (3, 2), expected (2, 3): it looks transposed.
    False
    >>> check_array(J, J, name="the Jacobian")
    Correct: the Jacobian matches (shape (2, 3)).
    True
    """
    _check_options(name, hint, rtol, atol)
    expected = _validate.as_float_array(expected, "expected", allow_complex=True)
    if is_placeholder(answer):
        return _not_attempted(name)
    value, problem = _numbers(answer, complex_ok=expected.dtype.kind == "c")
    if value is None:
        detail = (
            f"should be an array of numbers, got {type(answer).__name__}."
            if problem == _NOT_NUMBERS
            else "has entries with a non-zero imaginary part; the answer is real."
        )
        return _verdict(False, name, detail, hint)
    if value.shape != expected.shape:
        transposed = value.ndim == 2 and value.shape == expected.shape[::-1]
        extra = ": it looks transposed." if transposed else "."
        return _verdict(
            False, name, f"has shape {value.shape}, expected {expected.shape}{extra}", hint
        )
    if not np.all(np.isfinite(value)):
        return _verdict(False, name, "contains NaN or infinite entries.", hint)
    close = np.isclose(value, expected, rtol=rtol, atol=atol)
    if np.all(close):
        return _verdict(True, name, f"matches (shape {value.shape}).", None)
    wrong = np.argwhere(~close)
    first = tuple(int(i) for i in wrong[0])
    return _verdict(
        False,
        name,
        f"differs in {len(wrong)} of {value.size} entries; the first is at index {first}: "
        f"{_fmt(value[first].real)} instead of {_fmt(expected[first].real)}.",
        hint,
    )


def check_function(
    function: Any,
    reference: Callable[..., Any],
    inputs: Iterable[Any],
    *,
    name: str = "your function",
    rtol: float = 1e-6,
    atol: float = 1e-12,
    hint: str | None = None,
) -> Verdict:
    """Check a function by comparing it with a reference on several inputs.

    Parameters
    ----------
    function : callable
        The reader's function (``...`` while not attempted; a function whose body is
        still ``...`` returns ``None`` and also counts as not attempted).
    reference : callable
        A correct implementation.
    inputs : iterable
        Arguments to try; a tuple is unpacked into positional arguments.
    name : str
        How to call the function in the message.
    rtol, atol : float
        Tolerances as in :func:`numpy.allclose`.
    hint : str, optional
        Printed when the function is wrong.

    Returns
    -------
    Verdict
        Whether the function agrees with the reference on every input.

    Examples
    --------
    >>> check_function(lambda x: 2 * x, lambda x: 2 * x, [1.0, 2.0], name="f'")
    Correct: f' agrees with the reference on all 2 inputs.
    True
    >>> check_function(lambda x: x, lambda x: 2 * x, [0.0, 3.0], name="f'")
    Not yet: f' gives 3 at input 3.0, expected 6.
    False
    """
    _check_options(name, hint, rtol, atol)
    _validate.check_callable(reference, "reference")
    if isinstance(inputs, str) or not isinstance(inputs, Iterable):
        raise TypeError(f"inputs must be a list of arguments, got {type(inputs).__name__}")
    inputs = list(inputs)
    if not inputs:
        raise ValueError("inputs must hold at least one argument to try")
    if is_placeholder(function):
        return _not_attempted(name)
    if not callable(function):
        return _verdict(False, name, f"should be a function, got {type(function).__name__}.", hint)
    for arg in inputs:
        args = arg if isinstance(arg, tuple) else (arg,)
        try:
            with np.errstate(all="ignore"):
                got = function(*args)
        except Exception as exc:
            return _verdict(
                False, name, f"raised {type(exc).__name__}: {exc} at input {arg!r}.", hint
            )
        if is_placeholder(got):
            return _not_attempted(name)
        want = _reference_value(reference(*args), arg)
        value, problem = _numbers(got, complex_ok=want.dtype.kind == "c")
        if value is None:
            detail = (
                f"returns {_kind(got)} at input {arg!r}, not numbers."
                if problem == _NOT_NUMBERS
                else f"returns values with a non-zero imaginary part at input {arg!r}; the "
                "answer is real."
            )
            return _verdict(False, name, detail, hint)
        got = value
        if got.shape != want.shape:
            return _verdict(
                False,
                name,
                f"returns shape {got.shape} at input {arg!r}, expected {want.shape}.",
                hint,
            )
        if not np.all(np.isfinite(got)):
            return _verdict(False, name, f"returns NaN or infinite values at input {arg!r}.", hint)
        if not np.allclose(got, want, rtol=rtol, atol=atol):
            shown = _fmt(got.item()) if got.ndim == 0 else np.array2string(got, precision=4)
            wanted = _fmt(want.item()) if want.ndim == 0 else np.array2string(want, precision=4)
            return _verdict(
                False, name, f"gives {shown} at input {arg!r}, expected {wanted}.", hint
            )
    return _verdict(True, name, f"agrees with the reference on all {len(inputs)} inputs.", None)


def check_gradient_function(
    f: Callable[[np.ndarray], Any],
    grad_f: Any,
    points: Iterable[Any],
    *,
    name: str = "your gradient",
    hint: str | None = None,
) -> Verdict:
    """Check an analytic gradient against central differences at several points.

    Uses :func:`helpers.calculus.check_gradient`; a relative error below ``1e-6``
    counts as right.

    Parameters
    ----------
    f : callable
        The scalar function.
    grad_f : callable
        The reader's gradient of ``f`` (``...`` while not attempted).
    points : iterable of array_like
        Where to compare.
    name : str
        How to call the gradient in the message.
    hint : str, optional
        Printed when the gradient is wrong.

    Returns
    -------
    Verdict
        Whether the gradient is right at every point.

    Examples
    --------
    >>> f = lambda w: float(np.sum(w**3))
    >>> check_gradient_function(f, lambda w: 3 * w**2, [np.ones(3)], name="grad f")
    Correct: grad f matches central differences at 1 point(s) (largest relative error < 1e-6).
    True
    """
    from helpers.calculus import check_gradient

    _check_options(name, hint)
    _validate.check_callable(f, "f")
    if isinstance(points, str) or not isinstance(points, Iterable):
        raise TypeError(f"points must be a list of points, got {type(points).__name__}")
    points = [_validate.as_float_array(p, "points") for p in points]
    if not points:
        raise ValueError("points must hold at least one point")
    if is_placeholder(grad_f):
        return _not_attempted(name)
    if not callable(grad_f):
        return _verdict(False, name, f"should be a function, got {type(grad_f).__name__}.", hint)
    for p in points:
        try:
            with np.errstate(all="ignore"):
                value = grad_f(p.copy())
        except Exception as exc:
            return _verdict(False, name, f"raised {type(exc).__name__}: {exc}.", hint)
        if is_placeholder(value):
            return _not_attempted(name)
        returned = value
        value, problem = _numbers(returned)
        if value is None:
            detail = (
                f"returns {_kind(returned)}, not an array of numbers."
                if problem == _NOT_NUMBERS
                else "returns values with a non-zero imaginary part; the gradient of a real "
                "function is real."
            )
            return _verdict(False, name, detail, hint)
        if value.shape != p.shape:
            return _verdict(
                False,
                name,
                f"returns shape {value.shape}, but a gradient has the shape of what it "
                f"differentiates by: {p.shape}.",
                hint,
            )
        if not np.all(np.isfinite(value)):
            return _verdict(False, name, "returns NaN or infinite entries.", hint)
        err = check_gradient(f, value, p)
        if err > 1e-6:
            return _verdict(
                False,
                name,
                f"disagrees with central differences (largest relative error {err:.1e}).",
                hint,
            )
    return _verdict(
        True,
        name,
        f"matches central differences at {len(points)} point(s) (largest relative error < 1e-6).",
        None,
    )


def check_choice(
    answer: Any,
    expected: Any,
    *,
    name: str = "your choice",
    explanations: Mapping[Any, str] | None = None,
) -> Verdict:
    """Check a multiple-choice answer and explain why a wrong option is wrong.

    Parameters
    ----------
    answer : object
        The reader's choice (``...`` while not attempted).
    expected : object
        The right choice.
    name : str
        How to call the answer in the message.
    explanations : mapping, optional
        For each wrong option, why it is wrong (printed as the hint).

    Returns
    -------
    Verdict
        Whether the choice is right.

    Examples
    --------
    >>> check_choice("b", "a", explanations={"b": "b only holds for small h."})
    Not yet: your choice is 'b'.
    Hint: b only holds for small h.
    False
    """
    _check_options(name, None)
    if explanations is not None and not isinstance(explanations, Mapping):
        raise TypeError(
            "explanations must be a dict of option -> explanation, got "
            f"{type(explanations).__name__}"
        )
    if is_placeholder(answer):
        return _not_attempted(name)
    if _same_choice(answer, expected):
        return _verdict(True, name, f"is {answer!r}.", None)
    try:
        explanation = (explanations or {}).get(answer)
    except TypeError:  # an unhashable answer (a list, an array) is none of the options
        explanation = None
    return _verdict(False, name, f"is {answer!r}.", explanation)


def _reference_value(value: Any, arg: Any) -> np.ndarray:
    """Return the reference's result at one input as numbers; a non-number is the author's error."""
    try:
        want = _validate.as_float_array(value, "reference", allow_complex=True, finite=False)
    except (TypeError, ValueError):
        raise TypeError(
            f"reference must return numbers at every one of the inputs, got "
            f"{type(value).__name__} at input {arg!r}"
        ) from None
    if not np.all(np.isfinite(want)):
        raise ValueError(
            f"reference returned NaN or infinite values at input {arg!r}; the inputs must be "
            "points where the reference is finite"
        )
    return want


def _same_choice(answer: Any, expected: Any) -> bool:
    """Compare a choice without trusting ``==`` (an array answer compares entry by entry)."""
    try:
        same = answer == expected
    except Exception:
        return False
    return isinstance(same, bool | np.bool_) and bool(same)
