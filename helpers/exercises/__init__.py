"""Every exercise of the notebooks, by a stable id: its task's answer is checked here, out of sight.

A notebook's answer cell calls only the id and the reader's own names::

    my_alpha = ...
    exercises.check("01.1-alpha-max", my_alpha)

and prints one verdict line: ``Correct: ...``, ``Not yet: ...`` (what is wrong and
what to look at, never the expected value) or ``Not attempted yet: ...`` while the
answer is still ``...``. A check never raises on the reader's answer: a string, a
function that raises, a wrong shape or NaN all get a ``Not yet``. Worked solutions
end with ``assert exercises.check(id, solution, quiet=True)``.

Each module ``nbNN.py`` registers the exercises of notebook NN with a judge, the
accepted right answers (every variant) and plausible wrong answers with the word the
feedback must contain; ``tests/test_exercises.py`` runs them all. Opening these
modules is looking at the back of the book.

Examples
--------
>>> from helpers import exercises
>>> exercise = next(iter(exercises.EXERCISES.values()))
>>> exercises.check(exercise.id, ...)
Not attempted yet: replace each `...` with your answer, then run the cell again.
False
>>> bool(exercises.check(exercise.id, exercises.reference(exercise.id), quiet=True))
True
"""

from __future__ import annotations

import contextlib
import importlib
import io
import pkgutil
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from helpers import _validate
from helpers.checks import Verdict
from helpers.exercises._diagnose import (
    AnswerError,
    NotAttempted,
    has_placeholder,
    not_attempted,
    not_yet,
)

__all__ = ["EXERCISES", "Exercise", "check", "reference", "register"]

_ID = re.compile(r"^(\d\d)\.(\d+)-[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Exercise:
    """One exercise: where it is, what it practises, how it is judged and tested.

    Attributes
    ----------
    id : str
        Stable id ``"NN.k-slug"``: notebook number, exercise number, short slug.
    notebook : str
        The notebook's number, ``"02"``.
    lecture : tuple of int
        The outline items it practises (empty for "beyond the lecture").
    difficulty : int
        1 quick check, 2 practice, 3 substantial.
    title : str
        The exercise's title as in the notebook.
    judge : callable
        ``judge(answer, **context) -> Verdict``; prints one verdict line. It may raise
        :class:`~helpers.exercises._diagnose.AnswerError` or ``NotAttempted``, which
        :func:`check` turns into feedback.
    right : tuple of callables
        Factories of correct answers (at least one; every accepted variant). The first
        is the reference answer.
    wrong : tuple of (callable, str)
        Factories of plausible wrong answers (at least two), each with a substring that
        its ``Not yet`` message must contain.
    context : callable or None
        Returns the keyword context the notebook passes to :func:`check` (for tests).
    """

    id: str
    notebook: str
    lecture: tuple[int, ...]
    difficulty: int
    title: str
    judge: Callable[..., Verdict]
    right: tuple[Callable[[], Any], ...]
    wrong: tuple[tuple[Callable[[], Any], str], ...]
    context: Callable[[], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        match = _ID.match(self.id) if isinstance(self.id, str) else None
        if match is None:
            raise ValueError(f"id must look like '02.1-slope', got {self.id!r}")
        if match.group(1) != self.notebook:
            raise ValueError(f"id {self.id!r} does not start with its notebook {self.notebook!r}")
        for name in ("lecture", "right", "wrong"):
            if not isinstance(getattr(self, name), tuple | list):
                raise TypeError(f"{name} of {self.id} must be a tuple, got {getattr(self, name)!r}")
        if not all(type(i) is int and 1 <= i <= 23 for i in self.lecture):
            raise ValueError(f"lecture must hold outline item numbers 1..23, got {self.lecture!r}")
        if _validate.check_count(self.difficulty, "difficulty") not in (1, 2, 3):
            raise ValueError(f"difficulty must be 1, 2 or 3, got {self.difficulty!r}")
        _validate.check_text(self.title, "title")
        if not callable(self.judge):
            raise TypeError(f"judge of {self.id} must be callable")
        if len(self.right) < 1 or not all(callable(r) for r in self.right):
            raise ValueError(f"{self.id}: right must hold at least one answer factory")
        pairs = [w for w in self.wrong if isinstance(w, tuple | list) and len(w) == 2]
        if (
            len(self.wrong) < 2
            or len(pairs) < len(self.wrong)
            or not all(callable(f) and isinstance(s, str) and s for f, s in pairs)
        ):
            raise ValueError(f"{self.id}: wrong must hold at least two (factory, substring) pairs")
        if self.context is not None and not callable(self.context):
            raise TypeError(f"context of {self.id} must be callable or None")

    @property
    def number(self) -> int:
        """The exercise's number within its notebook (``2`` for ``"02.2-cube"``)."""
        return int(self.id.split("-")[0].split(".")[1])


#: Every registered exercise by id, filled on import by the modules ``nbNN``.
EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add an exercise to :data:`EXERCISES` and return it.

    Raises
    ------
    TypeError
        If ``exercise`` is not an :class:`Exercise`.
    ValueError
        If its id is registered already.

    Examples
    --------
    >>> from helpers.exercises._diagnose import as_number, correct, not_yet
    >>> def judge(answer):
    ...     return correct("4 it is.") if as_number(answer) == 4 else not_yet("count again.")
    >>> demo = register(Exercise(id="99.1-demo", notebook="99", lecture=(), difficulty=1,
    ...     title="a demo", judge=judge, right=(lambda: 4,),
    ...     wrong=((lambda: 5, "count"), (lambda: "4", "string"))))
    >>> check("99.1-demo", 5)
    Not yet: count again.
    False
    >>> del EXERCISES["99.1-demo"]
    """
    if not isinstance(exercise, Exercise):
        raise TypeError(f"exercise must be an Exercise, got {type(exercise).__name__}")
    if exercise.id in EXERCISES:
        raise ValueError(f"exercise id {exercise.id!r} is registered twice")
    EXERCISES[exercise.id] = exercise
    return exercise


def _lookup(exercise_id: str) -> Exercise:
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a string such as '02.1-slope', got {exercise_id!r}")
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        raise ValueError(
            f"exercise_id {exercise_id!r} is not a known exercise; known: {sorted(EXERCISES)}"
        ) from None


def _judge(exercise: Exercise, answer: Any, context: dict[str, Any]) -> Verdict:
    if has_placeholder(answer):
        return not_attempted()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            verdict = exercise.judge(answer, **context)
    except NotAttempted:
        return not_attempted()
    except AnswerError as exc:
        return not_yet(str(exc))
    except Exception as exc:  # a check never raises on the reader's answer
        return not_yet(
            f"your answer could not be checked ({type(exc).__name__}: {exc}); "
            "compare its type and shape with what the task asks for."
        )
    if not isinstance(verdict, Verdict):
        verdict = Verdict(bool(verdict))
    return verdict


def check(exercise_id: str, answer: Any, *, quiet: bool = False, **context: Any) -> Verdict:
    """Judge the reader's answer to an exercise; print one verdict line; never raise on the answer.

    Parameters
    ----------
    exercise_id : str
        The exercise's id, e.g. ``"02.1-slope"``.
    answer : object
        The reader's answer: a number, an array, a function, or a tuple of parts.
        ``...`` or ``None`` (or a part that is) means not attempted yet.
    quiet : bool
        Print nothing (worked solutions: ``assert check(id, solution, quiet=True)``).
    **context
        Data from the notebook that the judge needs (named in the exercise's task).

    Returns
    -------
    Verdict
        True exactly when the answer is right.

    Raises
    ------
    TypeError, ValueError
        Only for a wrong ``exercise_id`` (a slip in the notebook, not in the answer).

    Examples
    --------
    >>> check("02.1-slope", ...)
    Not attempted yet: replace each `...` with your answer, then run the cell again.
    False
    >>> check("02.1-slope", "minus three")
    Not yet: my_slope should be a number, not a string: remove the quotes.
    False
    >>> bool(check("02.1-slope", reference("02.1-slope"), quiet=True))
    True
    """
    exercise = _lookup(exercise_id)
    if _validate.check_bool(quiet, "quiet"):
        with contextlib.redirect_stdout(io.StringIO()):
            return _judge(exercise, answer, context)
    return _judge(exercise, answer, context)


def reference(exercise_id: str) -> Any:
    """Return the reference answer of an exercise (the back of the book): its first right answer.

    Raises
    ------
    TypeError, ValueError
        For an unknown ``exercise_id``.

    Examples
    --------
    >>> callable(reference("02.2-cube-quotient"))  # that exercise's answer is a function
    True
    """
    return _lookup(exercise_id).right[0]()


def _load_notebook_modules() -> None:
    """Import every ``nbNN`` module of this package; each registers its exercises."""
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        if re.fullmatch(r"nb\d\d", module):
            importlib.import_module(f"{__name__}.{module}")


_load_notebook_modules()
