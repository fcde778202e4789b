"""Exercise checks: every verdict, every placeholder, and messages that say what is wrong."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks


@pytest.mark.parametrize(
    "call",
    [
        lambda a: checks.check_number(a, 1.0),
        lambda a: checks.check_array(a, np.ones(2)),
        lambda a: checks.check_function(a, np.sin, [0.0]),
        lambda a: checks.check_gradient_function(np.sum, a, [np.ones(2)]),
        lambda a: checks.check_choice(a, "a"),
    ],
)
@pytest.mark.parametrize("placeholder", [..., None])
def test_placeholders_are_not_attempted_and_never_raise(call, placeholder, capsys):
    verdict = call(placeholder)
    assert not verdict
    assert capsys.readouterr().out.startswith("Not attempted yet")


def test_a_function_whose_body_is_still_a_placeholder_counts_as_not_attempted(capsys):
    def my_derivative(x): ...

    assert not checks.check_function(my_derivative, np.cos, [0.0, 1.0])
    assert "Not attempted yet" in capsys.readouterr().out


def test_number_messages(capsys):
    assert checks.check_number(2.0000001, 2.0, rtol=1e-6)
    assert not checks.check_number("two", 2.0)
    assert "should be a number" in capsys.readouterr().out
    assert not checks.check_number([1.0, 2.0], 2.0)
    assert "one number" in capsys.readouterr().out
    assert not checks.check_number(float("nan"), 2.0)
    assert "not finite" in capsys.readouterr().out
    assert not checks.check_number(3.0, 2.0, hint="look again")
    out = capsys.readouterr().out
    assert "expected 2" in out and "Hint: look again" in out


def test_array_messages(capsys):
    expected = np.arange(6.0).reshape(2, 3)
    assert not checks.check_array(expected.T, expected)
    assert "looks transposed" in capsys.readouterr().out
    assert not checks.check_array(np.zeros(4), expected)
    out = capsys.readouterr().out
    assert "(4,)" in out and "transposed" not in out
    wrong = expected.copy()
    wrong[1, 2] = 0.0
    assert not checks.check_array(wrong, expected)
    out = capsys.readouterr().out
    assert "1 of 6 entries" in out and "(1, 2)" in out
    bad = expected.copy()
    bad[0, 0] = np.inf
    assert not checks.check_array(bad, expected)
    assert "NaN or infinite" in capsys.readouterr().out
    assert checks.check_array(expected + 1e-13, expected)


def test_function_messages(capsys):
    def boom(x):
        raise RuntimeError("oops")

    assert not checks.check_function(boom, np.sin, [1.0])
    assert "raised RuntimeError: oops" in capsys.readouterr().out
    assert not checks.check_function(lambda x: np.ones(3), np.sin, [1.0])
    assert "returns shape (3,)" in capsys.readouterr().out
    assert not checks.check_function(3.0, np.sin, [1.0])
    assert "should be a function" in capsys.readouterr().out
    assert checks.check_function(lambda x, y: x * y, lambda x, y: y * x, [(1.0, 2.0), (3.0, 4.0)])


def test_gradient_function_messages(capsys):
    def f(w):
        return float(np.sum(w**2))

    assert checks.check_gradient_function(f, lambda w: 2 * w, [np.ones(3), np.arange(3.0)])
    assert not checks.check_gradient_function(f, lambda w: w, [np.ones(3)])
    assert "disagrees with central differences" in capsys.readouterr().out
    assert not checks.check_gradient_function(f, lambda w: 2 * w.sum(), [np.ones(3)])
    assert "has the shape of what it differentiates by" in capsys.readouterr().out


def test_choice_explains_the_wrong_option(capsys):
    assert not checks.check_choice("b", "a", explanations={"b": "b is the slide's slip"})
    assert "Hint: b is the slide's slip" in capsys.readouterr().out
    assert checks.check_choice("a", "a")


def test_verdict_is_a_boolean_that_shows_nothing_in_a_notebook():
    yes, no = checks.Verdict(True), checks.Verdict(False)
    assert yes and not no
    assert yes == True and no == False  # noqa: E712 - the comparison is the point
    assert {yes, True} == {True}
    assert repr(no) == "False"
    assert yes._ipython_display_() is None


# ---------------------------------------------------------------------------------------------
# Whatever the answer, a check says "Not yet" with the reason and never raises or lies
# ---------------------------------------------------------------------------------------------
def test_complex_answers_are_not_taken_for_their_real_part(capsys):
    # check_number(np.complex128(4+3j), 4.0) used to say Correct
    assert not checks.check_number(np.complex128(4 + 3j), 4.0)
    assert "has a non-zero imaginary part; the answer is a real number" in capsys.readouterr().out
    assert not checks.check_array(np.array([1.0, 2.0]) + 1j, np.array([1.0, 2.0]))
    assert "non-zero imaginary part" in capsys.readouterr().out
    assert not checks.check_function(lambda x: x + 1j, lambda x: x, [1.0])
    assert "non-zero imaginary part at input 1.0" in capsys.readouterr().out
    assert not checks.check_gradient_function(np.sum, lambda w: w * 0 + 1j, [np.ones(2)])
    assert "non-zero imaginary part" in capsys.readouterr().out
    # a complex number whose imaginary part is zero is that real number
    assert checks.check_number(4 + 0j, 4.0)
    assert checks.check_array(np.array([1.0, 2.0]) + 0j, np.array([1.0, 2.0]))
    # complex answers are fine where complex values are expected
    assert checks.check_array(np.array([1j]), np.array([1j]))


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda: checks.check_function(lambda x: "two", lambda x: 2.0, [1.0]), "returns str 'two'"),
        (lambda: checks.check_function(lambda x: [1, "a"], np.sin, [1.0]), "not numbers"),
        (lambda: checks.check_function(lambda x: np.nan, np.sin, [1.0]), "NaN or infinite"),
        (
            lambda: checks.check_function(lambda x: [[1], [2, 3]], np.sin, [1.0]),
            "not numbers",
        ),
        (lambda: checks.check_choice(np.array([1, 2]), "a"), "is array([1, 2])"),
        (lambda: checks.check_choice([1, 2], "a", explanations={"b": "no"}), "is [1, 2]"),
        (
            lambda: checks.check_gradient_function(np.sum, lambda w: w * np.nan, [np.ones(2)]),
            "returns NaN or infinite entries",
        ),
        (
            lambda: checks.check_gradient_function(np.sum, lambda w: "grad", [np.ones(2)]),
            "returns str 'grad', not an array of numbers",
        ),
        (lambda: checks.check_array("abc", np.ones(2)), "should be an array of numbers, got str"),
        (lambda: checks.check_number(object(), 1.0), "should be a number, got object"),
    ],
)
def test_wrong_answers_of_any_type_get_not_yet(call, says, capsys):
    verdict = call()
    assert verdict == False  # noqa: E712 - a Verdict compares like a bool
    out = capsys.readouterr().out
    assert out.startswith("Not yet") and says in out, out


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: checks.check_number(1.0, "1.0"), TypeError, "expected must be a real number"),
        (lambda: checks.check_number(1.0, np.nan), ValueError, "expected must be a finite number"),
        (lambda: checks.check_number(1.0, 1.0, rtol=-1), ValueError, "rtol must be a finite"),
        (lambda: checks.check_number(1.0, 1.0, name=3), TypeError, "name must be a str"),
        (lambda: checks.check_array(1.0, [1j, "a"]), TypeError, "expected must be"),
        (
            lambda: checks.check_function(np.sin, "sin", [1.0]),
            TypeError,
            "reference must be a call",
        ),
        (lambda: checks.check_function(np.sin, np.sin, 1.0), TypeError, "inputs must be a list"),
        (lambda: checks.check_function(np.sin, np.sin, []), ValueError, "inputs must hold"),
        (lambda: checks.check_choice("a", "a", explanations=["b"]), TypeError, "explanations"),
        (lambda: checks.Verdict("yes"), TypeError, "ok must be True or False"),
    ],
)
def test_the_authors_arguments_are_validated(call, error, match):
    with pytest.raises(error, match=match):
        call()
