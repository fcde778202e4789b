"""The exercise registry: each check accepts right answers, explains wrong ones, never raises.

Each exercise registered in ``helpers.exercises`` carries the answers it must accept
(every variant) and plausible wrong answers with the word its ``Not yet`` must
contain; this file runs them all through the same ``check`` the notebooks call.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from helpers import exercises
from helpers.checks import Verdict
from helpers.exercises import EXERCISES, Exercise, check, reference, register
from helpers.exercises._diagnose import (
    diagnose_array,
    diagnose_number,
    has_placeholder,
    rtol_for,
)

ALL = sorted(EXERCISES.values(), key=lambda e: e.id)
IDS = [e.id for e in ALL]


def _context(exercise: Exercise) -> dict:
    return exercise.context() if exercise.context is not None else {}


def _run(exercise: Exercise, answer, capsys, **kwargs) -> tuple[Verdict, str]:
    capsys.readouterr()
    verdict = check(exercise.id, answer, **_context(exercise), **kwargs)
    return verdict, capsys.readouterr().out


def _raises(*args, **kwargs):
    raise RuntimeError("this function is not written yet")


def _placeholder_body(*args, **kwargs): ...


def _odd_answers():
    """Answers of every wrong type and shape a reader might hand in."""
    return {
        "string": "0.5",
        "bool": True,
        "nan": float("nan"),
        "inf": np.inf,
        "complex": 1 + 2j,
        "negative": -1.0,
        "zero": 0,
        "huge": 1e300,
        "empty list": [],
        "ragged": [[1.0, 2.0], [3.0]],
        "nan array": np.full((3, 2), np.nan),
        "wrong shape": np.ones((7, 3)),
        "object": object(),
        "dict": {"a": 1},
        "function that raises": _raises,
        "function returning a string": lambda *args, **kwargs: "done",
        "function returning NaN": lambda *args, **kwargs: float("nan"),
        "function returning a wrong shape": lambda *args, **kwargs: np.ones((7, 3)),
        "tuple of odd parts": ("x", np.nan, _raises),
    }


def test_the_registry_has_exercises_and_ids_match_their_notebook():
    assert ALL, "no exercise is registered"
    for exercise in ALL:
        assert exercise.id.startswith(f"{exercise.notebook}.{exercise.number}-")
        assert EXERCISES[exercise.id] is exercise


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_right_answers_pass(exercise, capsys):
    for i, make in enumerate(exercise.right):
        verdict, out = _run(exercise, make(), capsys)
        assert isinstance(verdict, Verdict)
        assert verdict, f"{exercise.id}: right answer {i} rejected: {out}"
        assert out.startswith("Correct: "), out
        assert out.count("\n") == 1, f"{exercise.id}: one verdict line expected, got {out!r}"


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_wrong_answers_fail_with_their_feedback(exercise, capsys):
    for make, expected in exercise.wrong:
        verdict, out = _run(exercise, make(), capsys)
        assert isinstance(verdict, Verdict)
        assert not verdict, f"{exercise.id}: a wrong answer passed ({expected!r}): {out}"
        assert out.startswith("Not yet: "), out
        assert out.count("\n") == 1, f"{exercise.id}: one verdict line expected, got {out!r}"
        assert expected.lower() in out.lower(), (
            f"{exercise.id}: the feedback should mention {expected!r}: {out}"
        )


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
@pytest.mark.parametrize("placeholder", [..., None, (..., ...), _placeholder_body])
def test_placeholders_are_not_attempted(exercise, placeholder, capsys):
    verdict, out = _run(exercise, placeholder, capsys)
    if placeholder is _placeholder_body and not callable(exercise.right[0]()):
        # a function where a number is expected is a wrong type, not a placeholder
        assert not verdict and out.startswith("Not yet: ")
        return
    assert not verdict
    assert out.startswith("Not attempted yet"), out


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_odd_answers_never_raise_and_never_pass(exercise, capsys):
    for label, answer in _odd_answers().items():
        verdict, out = _run(exercise, answer, capsys)
        assert isinstance(verdict, Verdict), label
        if verdict:
            # an odd answer can only pass if it happens to be right (e.g. 0 for some exercise)
            assert out.startswith("Correct: "), (label, out)
            continue
        assert out.startswith(("Not yet: ", "Not attempted yet: ")), (label, out)
        assert out.count("\n") == 1, (label, out)


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_quiet_prints_nothing_and_the_reference_passes(exercise, capsys):
    verdict, out = _run(exercise, reference(exercise.id), capsys, quiet=True)
    assert verdict and out == ""
    verdict, out = _run(exercise, exercise.wrong[0][0](), capsys, quiet=True)
    assert not verdict and out == ""


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_wrong_feedback_does_not_reveal_a_numeric_answer(exercise, capsys):
    ref = reference(exercise.id)
    parts = ref if isinstance(ref, (tuple, list)) else (ref,)
    numbers = [float(r) for r in parts if isinstance(r, (int, float, np.number))]
    shown = set()
    for number in numbers:
        if number == 0 or not math.isfinite(number):
            continue
        shown |= {f"{number:.3g}", f"{number:.4g}", f"{number:.6g}", f"{number:g}", repr(number)}
    shown = {s for s in shown if len(s.strip("-0.")) >= 2}  # digits that could give it away
    for make, _ in exercise.wrong:
        _, out = _run(exercise, make(), capsys)
        leaked = [s for s in shown if s in out]
        assert not leaked, f"{exercise.id}: feedback shows the answer {leaked}: {out}"


def test_unknown_ids_are_a_clear_error():
    with pytest.raises(ValueError, match="not a known exercise"):
        check("99.9-nothing", 1.0)
    with pytest.raises(TypeError, match="exercise_id"):
        check(3, 1.0)
    with pytest.raises(ValueError, match="not a known exercise"):
        reference("nope")


def test_exercise_fields_are_validated():
    def judge(answer):
        return Verdict(True)

    good = dict(
        id="42.1-demo",
        notebook="42",
        lecture=(5,),
        difficulty=1,
        title="demo",
        judge=judge,
        right=(lambda: 1.0,),
        wrong=((lambda: 2.0, "x"), (lambda: 3.0, "y")),
    )
    Exercise(**good)
    for field, bad in [
        ("id", "42-demo"),
        ("id", "43.1-demo"),
        ("lecture", (0,)),
        ("difficulty", 4),
        ("right", ()),
        ("wrong", ((lambda: 2.0, "x"),)),
        ("wrong", ((lambda: 2.0, ""), (lambda: 3.0, "y"))),
    ]:
        with pytest.raises(ValueError):
            Exercise(**(good | {field: bad}))
    with pytest.raises(TypeError):
        Exercise(**(good | {"judge": "not callable"}))
    with pytest.raises(TypeError):
        register("not an exercise")
    with pytest.raises(ValueError, match="registered twice"):
        register(ALL[0])


def test_a_judge_that_breaks_becomes_feedback_not_an_exception(capsys, monkeypatch):
    def broken(answer):
        raise KeyError("internal")

    demo = Exercise(
        id="42.1-broken",
        notebook="42",
        lecture=(),
        difficulty=1,
        title="demo",
        judge=broken,
        right=(lambda: 1.0,),
        wrong=((lambda: 2.0, "x"), (lambda: 3.0, "y")),
    )
    monkeypatch.setitem(exercises.EXERCISES, demo.id, demo)
    assert not check(demo.id, 1.0)
    out = capsys.readouterr().out
    assert out.startswith("Not yet: ") and "KeyError" in out


def test_judges_run_without_warnings_on_stderr(capsys):
    # a reader's 1/0 must not print a RuntimeWarning under the verdict
    for exercise in ALL:
        check(exercise.id, np.inf, **_context(exercise))
        check(exercise.id, lambda *a, **k: np.float64(1.0) / np.float64(0.0), **_context(exercise))
    assert capsys.readouterr().err == ""


# --- the shared diagnoses --------------------------------------------------------------------


def test_diagnose_number_names_the_usual_slips_without_the_value():
    assert diagnose_number(3.0, 3.0) is None
    assert "sign" in diagnose_number(-3.0, 3.0)
    assert "factor 2" in diagnose_number(6.0, 3.0)
    assert "factor 2" in diagnose_number(1.5, 3.0)
    assert "10^3" in diagnose_number(3000.0, 3.0)
    assert "10^-2" in diagnose_number(0.03, 3.0)
    assert "too large" in diagnose_number(3.5, 3.0)
    assert "too small" in diagnose_number(2.5, 3.0)
    assert "do not round" in diagnose_number(3.001, 3.0)
    for value in (-3.0, 6.0, 1.5, 3000.0, 3.5, 3.001):
        assert "3" not in diagnose_number(value, 3.0).replace("10^3", "")


def test_diagnose_array_names_shape_transpose_sign_factor_and_place():
    J = np.arange(1.0, 7.0).reshape(2, 3)
    assert diagnose_array(J, J) is None
    assert "transposed" in diagnose_array(J.T, J)
    assert "arrangement" in diagnose_array(J.ravel(), J)
    assert "(4,)" in diagnose_array(np.ones(4), J)
    S = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert "transposed" in diagnose_array(S.T, S)
    assert "sign" in diagnose_array(-J, J)
    assert "factor 2" in diagnose_array(2 * J, J)
    assert "factor 2" in diagnose_array(J / 2, J)
    assert "10^1" in diagnose_array(10 * J, J)
    off = J.copy()
    off[1, 0] += 1
    assert "1 of 6 entries" in diagnose_array(off, J) and "(1, 0)" in diagnose_array(off, J)


def test_placeholders_inside_tuples_and_single_precision_tolerance():
    assert has_placeholder((1.0, None)) and has_placeholder({"a": ...})
    assert not has_placeholder((1.0, 2.0)) and not has_placeholder(np.zeros(2))
    assert rtol_for(np.float32(1.0)) == 1e-4 and rtol_for(1.0) == 1e-6
    assert rtol_for(np.zeros(2, dtype=np.float16)) == 1e-4
