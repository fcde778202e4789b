"""Bad input never crashes or lies: every public callable, fed a catalogue of bad values.

Every module of the ``helpers`` package is found with ``pkgutil.walk_packages`` and every
callable in its ``__all__`` (and every public method of a public class) is taken, so a new
function is covered without editing this file - but it must be registered in ``VALID`` below
with valid example arguments, or ``test_every_public_callable_is_registered`` fails.

For each parameter, values are built from its valid example by its kind (number, count, flag,
text, array, function, Ratings, path, ...): NaN, infinities, empty and 0-d arrays, wrong shapes,
wrong dtypes (complex, object, strings), None, negative and zero counts, functions that return
text, NaN, complex numbers or the wrong shape. Each value is one of three kinds:

* ``reject``: must raise the project's error - a TypeError or ValueError (or an error class of
  the package), raised by the package's own code (never from inside NumPy or numba) and naming
  the parameter;
* ``same``: another spelling of the valid value (a NumPy scalar, a list for an array): must give
  the very result of the valid call;
* ``edge``: zero, negative, huge, empty, reshaped: either such an error, or a finite result.

A result is never NaN or infinite. A value listed in an entry's ``accepts`` is legitimately
accepted there (``h=None`` means the default step): it must give a finite result. For the
answer of an exercise check, any value must give a false Verdict with a "Not yet" message.
A figure, an axes, an explorer or a widget is judged by what it shows (the data of its
lines, markers, arrows, bars, texts and images, its titles and labels): a NaN or infinity
drawn silently counts as a non-finite result. Figures are drawn off-screen (Agg) and closed.

The cases of each module run in a child process (they reach the compiled SGD kernels), so a
crash fails this test and names the case. Run ``python tests/test_bad_input.py`` for the
number of callables and cases.
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib
import inspect
import io
import json
import math
import numbers
import os
import pkgutil
import re
import subprocess
import sys
import tempfile
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import helpers

PACKAGE_DIR = Path(helpers.__file__).resolve().parent
KINDS = ("reject", "same", "edge")


# ---------------------------------------------------------------------------------------------
# Finding the public callables
# ---------------------------------------------------------------------------------------------
def _modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(helpers.__path__, "helpers."))


def _public_methods(cls: type) -> list[str]:
    """Public methods of a class, inherited ones included, but not those of builtin bases."""
    names = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("helpers"):
            continue
        for name, value in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(value, (staticmethod, classmethod)) or inspect.isfunction(value):
                names.add(name)
    return sorted(names)


def _private(module_name: str) -> bool:
    return any(part.startswith("_") for part in module_name.split("."))


def public_callables() -> Iterator[tuple[str, str, Any]]:
    """Yield (module, qualified name, object) for every public callable, methods included.

    Private modules (a name part starting with ``_``) are left out: their ``__all__`` serves
    the package itself. Exception classes are left out: raising them is what the others do.
    A name that a module re-exports from another public module is taken where it is defined
    (``helpers.viz.new_axes`` is ``helpers.viz.style.new_axes``); one re-exported from a
    private module counts as the public module's own.
    """
    for module_name in _modules():
        if _private(module_name):
            continue
        module = importlib.import_module(module_name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if not callable(obj):
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            home = getattr(obj, "__module__", module_name) or module_name
            if home != module_name and home.startswith("helpers") and not _private(home):
                continue
            yield module_name, f"{module_name}.{attr}", obj
            if inspect.isclass(obj):
                for method in _public_methods(obj):
                    yield module_name, f"{module_name}.{attr}.{method}", getattr(obj, method)


# ---------------------------------------------------------------------------------------------
# Valid example arguments, one entry per public callable
# ---------------------------------------------------------------------------------------------
@dataclasses.dataclass
class Entry:
    """How to call one public callable validly, and what it legitimately accepts.

    ``args`` returns fresh valid arguments by name (called once per case, since some callables
    change their arguments in place); ``make`` returns a fresh instance for a method.
    """

    args: Callable[[], dict[str, Any]]
    make: Callable[[], Any] | None = None
    #: parameter -> labels of "reject" values that are legitimately accepted there
    accepts: Mapping[str, set[str]] = dataclasses.field(default_factory=dict)
    #: parameter -> labels of "same" values that are legitimately refused there, or of "edge"
    #: values that must be refused there (with an error, like a "reject" value)
    refuses: Mapping[str, set[str]] = dataclasses.field(default_factory=dict)
    #: parameters that take any value whatsoever (the result must still be finite)
    anything: tuple[str, ...] = ()
    #: parameters holding an exercise answer: every value gives a false Verdict, "Not yet"
    answers: tuple[str, ...] = ()
    #: why a result record is not fed bad values
    record: str | None = None
    #: the ``*args`` parameter, if the callable has one: ``args()`` gives it as a tuple, and
    #: its bad values replace the tuple's first entry
    star: str | None = None


def _ratings(seed: int = 0, n_users: int = 6, n_items: int = 5):
    from helpers.ratings import Ratings

    rng = np.random.default_rng(seed)
    cells = rng.choice(n_users * n_items, size=20, replace=False)
    values = rng.choice(np.arange(1, 11) / 2, size=cells.size)
    return Ratings.from_arrays(10 + cells // n_items, 100 + cells % n_items, values)


def _new(cls_name: str, **kwargs: Any):
    from helpers import recommender

    return getattr(recommender, cls_name)(**kwargs)


def _fitted(cls_name: str, **kwargs: Any):
    return _new(cls_name, **kwargs).fit(_ratings())


_TEMPORARY: list[tempfile.TemporaryDirectory] = []


def _folder() -> Path:
    """A fresh folder inside one temporary folder that is removed when the process ends."""
    if not _TEMPORARY:
        _TEMPORARY.append(tempfile.TemporaryDirectory(prefix="bad-input-"))
    return Path(tempfile.mkdtemp(dir=_TEMPORARY[0].name))


def _ratings_file() -> Path:
    path = _folder() / "ratings.csv"
    path.write_text("userId,movieId,rating\n1,10,4.0\n2,10,3.5\n2,20,1.0\n")
    return path


def _sse_args() -> dict[str, Any]:
    rng = np.random.default_rng(0)
    return {
        "users": np.array([0, 1, 1]),
        "items": np.array([0, 0, 1]),
        "values": np.array([4.0, 3.0, 1.5]),
        "mu": 3.0,
        "bu": np.zeros(2),
        "bi": np.zeros(2),
        "P": rng.normal(0, 0.1, (2, 2)),
        "Q": rng.normal(0, 0.1, (2, 2)),
        "lr": 0.01,
        "reg": 0.02,
        "biased": True,
    }


SQUARE = np.array([[3.0, 1.0], [1.0, 2.0], [0.5, 0.5]])
VECTOR = np.array([1.0, 2.0])

# Values the catalogue calls bad but that some parameters legitimately take (see Entry.accepts).
_NONE = {"None"}  # the documented default: None means "not given"
_STEP_ARRAY = {"list of two"}  # a list of steps, one per point, is a valid h
_ANY_ID = {"negative"}  # raw ids are any integers; -1 is an id like others
_UNKNOWN_ID = {"other text", "empty"}  # an id that is no exercise's: a slip, refused by name
_RETURNS = {  # what a function returns, for a function that is stored, not called
    "returns text",
    "returns None",
    "returns NaN",
    "returns inf",
    "returns complex",
    "returns wrong shape",
    "returns object",
}


def _calculus(**extra: Any) -> dict[str, Any]:
    return {"f": np.sin, "x": np.array([0.5, 1.0]), "h": 1e-3} | extra


def _ids() -> dict[str, Any]:
    return {"user_ids": np.array([10, 11, 99]), "item_ids": np.array([100, 101, 100])}


def _check_args(**extra: Any) -> dict[str, Any]:
    return {"name": "x", "rtol": 1e-6, "atol": 1e-12, "hint": "h"} | extra


def _factorise_args(**extra: Any) -> dict[str, Any]:
    return {
        "A": SQUARE.copy(),
        "rank": 1,
        "num_epochs": 3,
        "lr": 0.05,
        "seed": 1,
        "return_history": True,
    } | extra


def _funk(**extra: Any):
    return _new("FunkSVD", rank=2, epochs=3, dtype=np.float64, **extra)


# The autodiff, exercise and viz examples ------------------------------------------------------
def _tensor():
    from helpers.autodiff import Tensor

    return Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))


def _dual():
    from helpers.autodiff import Dual

    return Dual(np.array([[1.0, 2.0], [3.0, 4.0]]), np.ones((2, 2)))


def _graph():
    """A small computation graph with a vector output."""
    from helpers.autodiff import Tensor

    return Tensor(VECTOR.copy()) * 3.0


_EXERCISE_COUNT = [0]


def _exercise_fields(unique: bool = False) -> dict[str, Any]:
    """A demo exercise (of a notebook "99"); ``unique`` gives it an id not registered yet."""
    from helpers.checks import Verdict

    _EXERCISE_COUNT[0] += 1
    number = _EXERCISE_COUNT[0] if unique else 1
    return {
        "id": f"99.{number}-demo",
        "notebook": "99",
        "lecture": (2,),
        "difficulty": 1,
        "title": "a demo",
        "judge": lambda answer: Verdict(answer == 4),
        "right": (lambda: 4,),
        "wrong": ((lambda: 5, "count"), (lambda: "4", "string")),
        "context": lambda: {},
    }


def _exercise():
    from helpers.exercises import Exercise

    return Exercise(**_exercise_fields(unique=True))


def _axes(log: bool = False):
    import matplotlib.pyplot as plt

    ax = plt.subplots(figsize=(3.0, 2.0))[1]
    if log:
        ax.set_yscale("log")
    return ax


def _figure():
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2.0, 1.0), dpi=50)
    figure.add_subplot().plot([0, 1], [0, 1])
    return figure


def _bowl(p: np.ndarray) -> np.ndarray:
    return p[..., 0] ** 2 + p[..., 1] ** 2


def _grid():
    from helpers.viz.descent import contour_grid

    return contour_grid(_bowl, (-1.0, 1.0), (-1.0, 1.0), 20)


def _svd(matrix: np.ndarray) -> tuple[np.ndarray, ...]:
    return tuple(np.linalg.svd(matrix, full_matrices=False))


IMAGE = np.random.default_rng(0).random((8, 6))
CIRCLE = np.linspace(0.0, 2.0 * np.pi, 9)


def _explorer_args() -> dict[str, Any]:
    import ipywidgets

    from helpers.viz import encode_png, slider

    return {
        "controls": [slider("v", 0.5, 0.0, 1.0)],
        "draw": lambda v: (2.0 * v, f"v = {v:.2f}"),
        "render": lambda: encode_png(np.zeros((2, 2), dtype=np.uint8)),
        "figure": _figure(),
        "arrange": lambda image: ipywidgets.HBox([image]),
        "extra": [ipywidgets.Label("more")],
    }


def _explorer():
    from helpers.viz import Explorer

    return Explorer(**_explorer_args())


def _renderer_args() -> dict[str, Any]:
    figure = _figure()
    return {"figure": figure, "animated": list(figure.axes[0].lines)}


def _renderer():
    from helpers.viz import FigureRenderer

    return FigureRenderer(**_renderer_args())


def _descent(**extra: Any) -> dict[str, Any]:
    return {
        "f": _bowl,
        "grad": lambda p: 2 * np.asarray(p),
        "x0": (0.8, 0.5),
        "lr": 0.25,
        "steps": 6,
        "xlim": (-1.0, 1.0),
        "ylim": (-1.0, 1.0),
        "minimum": 0.0,
    } | extra


def _secant(**extra: Any) -> dict[str, Any]:
    return {
        "f": lambda x: x**2 / 4,
        "a": 1.0,
        "fprime": lambda x: x / 2,
        "x_range": (-1.0, 4.0),
    } | extra


VALID: dict[str, Entry] = {
    # calculus -----------------------------------------------------------------------------
    "helpers.calculus.forward_difference": Entry(_calculus, accepts={"h": _STEP_ARRAY}),
    "helpers.calculus.backward_difference": Entry(_calculus, accepts={"h": _STEP_ARRAY}),
    "helpers.calculus.central_difference": Entry(_calculus, accepts={"h": _STEP_ARRAY}),
    "helpers.calculus.derivative": Entry(
        lambda: _calculus(method="forward"), accepts={"h": _NONE | _STEP_ARRAY}
    ),
    "helpers.calculus.default_step": Entry(
        lambda: {"x": np.array([0.5, 1.0]), "method": "forward"}
    ),
    "helpers.calculus.gradient": Entry(
        lambda: {"f": lambda v: float(np.sum(v**2)), "x": VECTOR.copy()}
    ),
    "helpers.calculus.jacobian": Entry(
        lambda: {"f": lambda v: np.array([v[0] * v[1], v[0] + v[1]]), "x": VECTOR.copy()},
        accepts={"f": {"returns wrong shape"}},  # f may return any shape: a tensor Jacobian
    ),
    "helpers.calculus.check_gradient": Entry(
        lambda: {
            "f": lambda w: float(np.sum(w**2)),
            "grad_f": lambda w: 2 * w,
            "x": VECTOR.copy(),
            "tiny": 1e-6,
        },
        accepts={"tiny": _NONE},
    ),
    # optimise -----------------------------------------------------------------------------
    "helpers.optimise.gradient_descent": Entry(
        lambda: {
            "grad": lambda x: 2 * x,
            "x0": VECTOR.copy(),
            "lr": 0.1,
            "steps": 20,
            "f": lambda x: float(np.sum(x**2)),
            "tol": 1e-8,
        },
        accepts={"tol": _NONE, "f": _NONE},
    ),
    "helpers.optimise.Trajectory": Entry(
        dict, record="a result record built by gradient_descent, which checks its parts"
    ),
    # linalg (real or complex matrices) ----------------------------------------------------
    "helpers.linalg.truncated_svd": Entry(
        lambda: {"A": SQUARE.copy(), "rank": 1}, accepts={"A": {"complex"}}
    ),
    "helpers.linalg.low_rank_approximation": Entry(
        lambda: {"A": SQUARE.copy(), "rank": 1}, accepts={"A": {"complex"}}
    ),
    "helpers.linalg.eckart_young_error": Entry(
        lambda: {"singular_values": np.array([3.0, 2.0, 1.0]), "rank": 1}
    ),
    "helpers.linalg.low_rank_storage": Entry(lambda: {"shape": (4, 3), "rank": 2}),
    "helpers.linalg.pseudo_inverse": Entry(
        lambda: {"A": SQUARE.copy(), "rcond": 1e-12}, accepts={"A": {"complex"}, "rcond": _NONE}
    ),
    "helpers.linalg.power_iteration": Entry(
        lambda: {
            "A": SQUARE.copy(),
            "tol": 1e-10,
            "max_iter": 500,
            "seed": 3,
            "raise_on_failure": True,
        },
        accepts={"A": {"complex"}, "seed": _NONE},
    ),
    "helpers.linalg.PowerIterationResult": Entry(
        dict, record="a result record built by power_iteration"
    ),
    # factorise ----------------------------------------------------------------------------
    "helpers.factorise.sgd_factorise": Entry(_factorise_args, accepts={"seed": _NONE}),
    "helpers.factorise.sgd_factorise_masked": Entry(
        lambda: _factorise_args(M=np.array([[1, 1], [1, 0], [0, 1]])), accepts={"seed": _NONE}
    ),
    "helpers.factorise.gd_factorise": Entry(_factorise_args, accepts={"seed": _NONE}),
    "helpers.factorise.reconstruction_loss": Entry(
        lambda: {
            "A": SQUARE.copy(),
            "U": np.ones((3, 1)),
            "V": np.ones((2, 1)),
            "M": np.array([[1, 1], [1, 0], [0, 1]]),
        },
        accepts={"M": _NONE},
    ),
    # ratings ------------------------------------------------------------------------------
    "helpers.ratings.Ratings": Entry(
        lambda: {
            "user_ids": np.array([1, 2]),
            "item_ids": np.array([7, 8]),
            "user_index": np.array([0, 1, 1]),
            "item_index": np.array([0, 0, 1]),
            "values": np.array([4.0, 3.0, 1.5]),
            "scale": (0.5, 5.0),
            "titles": {7: "Seven"},
            "source": "arrays",
        }
    ),
    "helpers.ratings.Ratings.from_arrays": Entry(
        lambda: {
            "users": np.array([1, 2, 2]),
            "items": np.array([7, 7, 8]),
            "values": np.array([4.0, 3.0, 1.5]),
            "scale": (0.5, 5.0),
            "titles": {7: "Seven"},
            "source": "arrays",
            "duplicates": "raise",
        },
        accepts={"titles": _NONE},
    ),
    "helpers.ratings.Ratings.subset": Entry(lambda: {"rows": np.array([0, 2])}, make=_ratings),
    "helpers.ratings.Ratings.title": Entry(
        lambda: {"item_id": 101}, make=_ratings, accepts={"item_id": _ANY_ID}
    ),
    "helpers.ratings.load_movielens": Entry(
        lambda: {"path": _ratings_file(), "scale": (0.5, 5.0), "duplicates": "raise"}
    ),
    "helpers.ratings.train_test_split": Entry(
        lambda: {"ratings": _ratings(), "test_fraction": 0.25, "seed": 2}, accepts={"seed": _NONE}
    ),
    "helpers.ratings.train_validation_split": Entry(
        lambda: {"train": _ratings(), "validation_fraction": 0.25, "seed": 2},
        accepts={"seed": _NONE},
    ),
    # recommender --------------------------------------------------------------------------
    "helpers.recommender.rmse": Entry(
        lambda: {"predicted": np.array([3.0, 4.0]), "actual": np.array([4.0, 4.0])}
    ),
    "helpers.recommender.sgd_epoch_reference": Entry(
        _sse_args,
        # the pass updates these in place, so a list (a copy) cannot stand for them
        refuses={name: {"list"} for name in ("bu", "bi", "P", "Q")},
    ),
    "helpers.recommender.GlobalMean": Entry(dict),
    "helpers.recommender.GlobalMean.fit": Entry(
        lambda: {"ratings": _ratings()}, make=lambda: _new("GlobalMean")
    ),
    "helpers.recommender.GlobalMean.predict": Entry(_ids, make=lambda: _fitted("GlobalMean")),
    "helpers.recommender.GlobalMean.rmse": Entry(
        lambda: {"ratings": _ratings(1)}, make=lambda: _fitted("GlobalMean")
    ),
    "helpers.recommender.BiasBaseline": Entry(
        lambda: {"reg_users": 15.0, "reg_items": 10.0, "iterations": 3}
    ),
    "helpers.recommender.BiasBaseline.fit": Entry(
        lambda: {"ratings": _ratings()}, make=lambda: _new("BiasBaseline")
    ),
    "helpers.recommender.BiasBaseline.predict": Entry(_ids, make=lambda: _fitted("BiasBaseline")),
    "helpers.recommender.BiasBaseline.rmse": Entry(
        lambda: {"ratings": _ratings(1)}, make=lambda: _fitted("BiasBaseline")
    ),
    "helpers.recommender.FunkSVD": Entry(
        lambda: {
            "rank": 2,
            "epochs": 3,
            "lr": 0.01,
            "reg": 0.02,
            "biased": True,
            "init_std": 0.1,
            "seed": 0,
            "dtype": np.float64,
            "engine": "numba",
        },
        accepts={"seed": _NONE},
    ),
    "helpers.recommender.FunkSVD.fit": Entry(
        lambda: {
            "ratings": _ratings(),
            "validation": _ratings().subset(np.arange(5)),
            "history": True,
        },
        make=_funk,
        accepts={"validation": _NONE},
    ),
    "helpers.recommender.FunkSVD.predict": Entry(_ids, make=lambda: _funk().fit(_ratings())),
    "helpers.recommender.FunkSVD.rmse": Entry(
        lambda: {"ratings": _ratings(1)}, make=lambda: _funk().fit(_ratings())
    ),
    "helpers.recommender.FunkSVD.similar_items": Entry(
        lambda: {"item_id": 101, "n": 2, "min_ratings": 1}, make=lambda: _funk().fit(_ratings())
    ),
    "helpers.recommender.FunkSVD.recommend": Entry(
        lambda: {"user_id": 10, "n": 2, "min_ratings": 1},
        make=lambda: _funk().fit(_ratings()),
        accepts={"user_id": _ANY_ID},
    ),
    # checks: the answer may be anything (Not yet); the author's arguments are validated -----
    "helpers.checks.Verdict": Entry(lambda: {"ok": True}),
    "helpers.checks.is_placeholder": Entry(lambda: {"answer": 1.0}, anything=("answer",)),
    "helpers.checks.check_number": Entry(
        lambda: _check_args(answer=4.0, expected=4.5, atol=0.0),
        answers=("answer",),
        accepts={"hint": _NONE},
    ),
    "helpers.checks.check_array": Entry(
        lambda: _check_args(answer=VECTOR + 1, expected=VECTOR.copy()),
        answers=("answer",),
        accepts={"hint": _NONE, "expected": {"complex"}},  # complex arrays can be expected
    ),
    "helpers.checks.check_function": Entry(
        lambda: _check_args(function=lambda x: x, reference=lambda x: 2 * x, inputs=[1.0, 2.0]),
        answers=("function",),
        accepts={
            "hint": _NONE,
            # a complex or differently shaped reference is compared as it is: "Not yet"
            "reference": {"returns wrong shape", "returns complex"},
        },
    ),
    "helpers.checks.check_gradient_function": Entry(
        lambda: {
            "f": lambda w: float(np.sum(w**3)),
            "grad_f": lambda w: w,
            "points": [np.ones(2)],
            "name": "g",
            "hint": "h",
        },
        answers=("grad_f",),
        accepts={"hint": _NONE},
    ),
    "helpers.checks.check_choice": Entry(
        lambda: {"answer": "b", "expected": "a", "name": "c", "explanations": {"b": "why"}},
        answers=("answer",),
        anything=("expected",),  # any object can be the right choice
        accepts={"explanations": _NONE},
    ),
    # calculus: the explorers' logic --------------------------------------------------------
    "helpers.calculus.deep_chain": Entry(lambda: {"x": 0.5, "weights": np.array([0.9, 1.1, 1.0])}),
    "helpers.calculus.directional_slope": Entry(
        lambda: {
            "f": lambda v: v[0] ** 2 + v[0] * v[1] + v[1] ** 2,
            "point": VECTOR.copy(),
            "angle": 0.3,
        }
    ),
    "helpers.calculus.perturbation_changes": Entry(
        lambda: {
            "loss": lambda w: float(np.sum(w**2)),
            "grad": 2 * VECTOR,
            "W": VECTOR.copy(),
            "direction": np.array([1.0, 0.0]),
            "sizes": np.array([1e-3, 1e-2]),
        }
    ),
    "helpers.calculus.loglog_slope": Entry(
        lambda: {"sizes": np.array([1e-3, 1e-2, 1e-1]), "errors": np.array([3e-6, 3e-4, 3e-2])}
    ),
    # linalg: one rank at a time -------------------------------------------------------------
    "helpers.linalg.rank_reconstruction": Entry(
        lambda: {"factors": _svd(SQUARE), "rank": 1}, accepts={"factors": {"complex"}}
    ),
    "helpers.linalg.low_rank_view": Entry(
        lambda: {"factors": _svd(SQUARE), "rank": 1}, accepts={"factors": {"complex"}}
    ),
    "helpers.linalg.LowRankView": Entry(dict, record="a result record built by low_rank_view"),
    # autodiff -------------------------------------------------------------------------------
    "helpers.autodiff.Tensor": Entry(lambda: {"data": SQUARE.copy(), "requires_grad": True}),
    "helpers.autodiff.Tensor.backward": Entry(lambda: {"grad": np.array([1.0, 0.5])}, make=_graph),
    "helpers.autodiff.Tensor.sum": Entry(
        lambda: {"axis": 0, "keepdims": False},
        make=_tensor,
        accepts={"axis": _NONE | {"negative"}},  # None sums all axes; -1 is the last axis
    ),
    "helpers.autodiff.Tensor.mean": Entry(
        lambda: {"axis": 0, "keepdims": False},
        make=_tensor,
        accepts={"axis": _NONE | {"negative"}},
    ),
    "helpers.autodiff.Tensor.reshape": Entry(
        lambda: {"shape": (4, 1)},
        make=_tensor,
        star="shape",
        accepts={"shape": {"negative"}},  # -1: the length that fits, as in NumPy
    ),
    "helpers.autodiff.topological_order": Entry(lambda: {"output": _graph()}),
    "helpers.autodiff.gradient": Entry(
        lambda: {"f": lambda x, y: x**2 + x * y + y**2, "inputs": (1.0, 2.0)}, star="inputs"
    ),
    "helpers.autodiff.Dual": Entry(
        lambda: {"value": SQUARE.copy(), "tangent": np.ones((3, 2))}, accepts={"tangent": _NONE}
    ),
    "helpers.autodiff.Dual.sum": Entry(
        lambda: {"axis": 0, "keepdims": False},
        make=_dual,
        accepts={"axis": _NONE | {"negative"}},
    ),
    "helpers.autodiff.Dual.mean": Entry(
        lambda: {"axis": 0, "keepdims": False},
        make=_dual,
        accepts={"axis": _NONE | {"negative"}},
    ),
    "helpers.autodiff.Dual.reshape": Entry(
        lambda: {"shape": (4, 1)}, make=_dual, star="shape", accepts={"shape": {"negative"}}
    ),
    "helpers.autodiff.jvp": Entry(
        lambda: {
            "f": lambda v: (v * v).sum(),
            "x": VECTOR.copy(),
            "direction": np.array([1.0, 0.0]),
        }
    ),
    **{
        f"helpers.autodiff.{name}": Entry(lambda: {"x": np.array([0.5, 1.0])})
        for name in ("exp", "log", "tanh", "sin", "cos")
    },
    # exercises: a bad answer is "Not yet", a bad id or a bad registration an error -----------
    "helpers.exercises.check": Entry(
        lambda: {"exercise_id": "01.1-hessian-size", "answer": 2.0, "quiet": False},
        answers=("answer",),
        refuses={"exercise_id": _UNKNOWN_ID},
    ),
    "helpers.exercises.reference": Entry(
        lambda: {"exercise_id": "01.1-hessian-size"}, refuses={"exercise_id": _UNKNOWN_ID}
    ),
    "helpers.exercises.register": Entry(lambda: {"exercise": _exercise()}),
    "helpers.exercises.Exercise": Entry(
        _exercise_fields,
        accepts={
            "lecture": {"empty"},  # an exercise beyond the lecture practises no outline item
            # what a judge or a context returns shows only when an answer is checked (the
            # registry's own test checks every exercise's right and wrong answers)
            "judge": _RETURNS,
            "context": _NONE | _RETURNS,
        },
    ),
    # viz: the shared layer ------------------------------------------------------------------
    "helpers.viz.Explorer": Entry(
        _explorer_args,
        accepts={"figure": _NONE, "arrange": _NONE, "extra": {"empty"}},
    ),
    "helpers.viz.Explorer.update": Entry(dict, make=_explorer),
    "helpers.viz.Explorer.png": Entry(dict, make=_explorer),
    "helpers.viz.Explorer.values": Entry(dict, make=_explorer),
    "helpers.viz.FigureRenderer": Entry(_renderer_args, accepts={"animated": {"empty"}}),
    "helpers.viz.FigureRenderer.png": Entry(dict, make=_renderer),
    "helpers.viz.encode_png": Entry(
        lambda: {"pixels": np.zeros((4, 6), dtype=np.uint8), "compress_level": 1, "colours": 16},
        accepts={"colours": _NONE},
        refuses={"pixels": {"list"}},  # a list has no dtype: pixels are uint8 by contract
    ),
    "helpers.viz.live_explorers": Entry(dict),
    "helpers.viz.slider": Entry(
        lambda: {
            "name": "lr",
            "value": 0.1,
            "low": 1e-3,
            "high": 1.0,
            "log": True,
            "integer": False,
            "step": 0.03,
            "description": "rate",
        },
        accepts={"step": _NONE, "description": _NONE},
    ),
    "helpers.viz.style.use_style": Entry(lambda: {"kind": "notebook"}),
    "helpers.viz.style.figure_png": Entry(
        lambda: {"fig": _figure(), "scale": 1.0, "colours": 16}, accepts={"colours": _NONE}
    ),
    "helpers.viz.style.new_axes": Entry(lambda: {"ax": _axes()}, accepts={"ax": _NONE}),
    "helpers.viz.style.new_figure": Entry(
        lambda: {"ncols": 2, "width": 3.0, "height": 2.0},
        accepts={"width": _NONE, "height": _NONE},
    ),
    "helpers.viz.style.place_labels": Entry(
        lambda: {
            "ax": _axes(),
            "xy": np.array([[0.5, 0.5], [0.51, 0.5]]),
            "labels": ["first", "second"],
            "fontsize": 9.0,
        }
    ),
    "helpers.viz.style.plain_log_ticks": Entry(
        lambda: {"axis": _axes(log=True).yaxis, "low": -2, "high": 2, "every": 2},
        accepts={"low": {"negative"}, "high": {"negative"}},  # 10**-1 is a tick like others
    ),
    "helpers.viz.style.short_title": Entry(
        lambda: {"title": "Star Wars: Episode IV - A New Hope (1977)", "width": 22}
    ),
    # viz: notebook 01 -----------------------------------------------------------------------
    "helpers.viz.descent.plot_path_1d": Entry(
        lambda: {
            "f": lambda x: x**2,
            "trajectory": _run(),
            "x_range": (-2.0, 2.0),
            "ax": _axes(),
            "label": "run",
            "color": "#0072B2",
            "marker": "s",
        },
        accepts={"ax": _NONE, "label": _NONE, "color": _NONE},
    ),
    "helpers.viz.descent.contour_grid": Entry(
        lambda: {"f": _bowl, "xlim": (-1.0, 1.0), "ylim": (-1.0, 1.0), "n": 20}
    ),
    "helpers.viz.descent.plot_contours_and_paths": Entry(
        lambda: {
            "grid": _grid(),
            "trajectories": [_run(two_d=True)],
            "labels": ["run"],
            "levels": 10,
            "ax": _axes(),
            "log": False,
        },
        # a list of contour levels is a valid levels; one label for one run is valid labels
        accepts={
            "labels": _NONE | {"with text"},
            "ax": _NONE,
            "trajectories": {"empty"},
            "levels": {"list"},
        },
    ),
    "helpers.viz.descent.plot_loss_per_step": Entry(
        lambda: {
            "trajectories": [_run()],
            "labels": ["run"],
            "ax": _axes(),
            "log": True,
            "minimum": 0.0,
        },
        accepts={"labels": _NONE | {"with text"}, "ax": _NONE},
    ),
    "helpers.viz.descent.descent_view": Entry(
        lambda: _descent(grid=_grid(), tol=1e-10), accepts={"grid": _NONE, "tol": _NONE}
    ),
    "helpers.viz.descent.descent_explorer": Entry(
        lambda: _descent(lr_range=(1e-3, 1.0), max_steps=20, loss_range=(1e-12, 1e4))
    ),
    # viz: notebook 02 -----------------------------------------------------------------------
    "helpers.viz.secants.plot_curve_and_secant": Entry(
        lambda: {
            "f": lambda x: x**2 / 4,
            "a": 1.0,
            "h": 0.5,
            "x_range": (-1.0, 4.0),
            "tangent_slope": 0.5,
            "ax": _axes(),
        },
        accepts={"tangent_slope": _NONE, "ax": _NONE},
    ),
    "helpers.viz.secants.plot_error_vs_h": Entry(
        lambda: {
            "h": np.logspace(-8, -1, 8),
            "errors": {"forward": np.logspace(-8, -1, 8)},
            "guides": {"sqrt(eps)": 1.5e-8},
            "ax": _axes(),
            "title": "error",
        },
        accepts={"guides": _NONE, "ax": _NONE},
    ),
    "helpers.viz.secants.secant_view": Entry(lambda: _secant(h=0.5), accepts={"fprime": _NONE}),
    "helpers.viz.secants.secant_explorer": Entry(
        lambda: _secant(h=0.5, h_range=(1e-3, 2.0)), accepts={"fprime": _NONE}
    ),
    # viz: notebook 03 -----------------------------------------------------------------------
    "helpers.viz.composition.plot_chain_products": Entry(
        lambda: {
            "depth": np.arange(1, 6),
            "products": {"0.5": 0.5 ** np.arange(1, 6)},
            "ax": _axes(),
        },
        accepts={"ax": _NONE},
    ),
    "helpers.viz.composition.chain_product_explorer": Entry(
        lambda: {"x": 0.5, "weight": 0.9, "depth": 10}
    ),
    # viz: notebook 04 -----------------------------------------------------------------------
    "helpers.viz.gradients.plot_gradient_field": Entry(
        lambda: {
            "f": lambda x, y: x**2 + x * y + y**2,
            "grad_f": lambda x, y: (2 * x + y, x + 2 * y),
            "xlim": (-2.0, 2.0),
            "ylim": (-2.0, 2.0),
            "levels": 6,
            "arrows": 5,
            "ax": _axes(),
        },
        accepts={"ax": _NONE},
    ),
    "helpers.viz.gradients.plot_tangent_vectors": Entry(
        lambda: {
            "points": np.c_[np.cos(CIRCLE), np.sin(CIRCLE)],
            "tangents": np.c_[-np.sin(CIRCLE), np.cos(CIRCLE)],
            "curve": np.c_[np.cos(CIRCLE), np.sin(CIRCLE)],
            "centre": (0.0, 0.0),
            "ax": _axes(),
            "label": "tangents",
        },
        accepts={"curve": _NONE, "centre": _NONE, "ax": _NONE},
    ),
    "helpers.viz.gradients.directional_slope_explorer": Entry(
        lambda: {
            "f": lambda v: v[0] ** 2 + v[1] ** 2,
            "xlim": (-2.0, 2.0),
            "ylim": (-2.0, 2.0),
            "x": 1.0,
            "y": 0.5,
            "angle": 45.0,
        }
    ),
    # viz: notebook 05 -----------------------------------------------------------------------
    "helpers.viz.tensors.plot_perturbation_errors": Entry(
        lambda: {
            "sizes": np.logspace(-4, -1, 4),
            "predicted": 3 * np.logspace(-4, -1, 4),
            "actual": 3 * np.logspace(-4, -1, 4) + np.logspace(-4, -1, 4) ** 2,
            "ax": _axes(),
            "highlight": 1e-2,
            "plain": False,
        },
        accepts={"ax": _NONE, "highlight": _NONE},
    ),
    "helpers.viz.tensors.gradient_meaning_explorer": Entry(
        lambda: {
            "loss": lambda w: float(np.sum(w**3)),
            "grad": 3 * np.ones(3),
            "W": np.ones(3),
            "direction": np.ones(3),
            "sizes": np.logspace(-3, 0, 4),
            "size": 0.1,
        },
        accepts={"sizes": _NONE},
    ),
    # viz: notebook 06 -----------------------------------------------------------------------
    "helpers.viz.svd.plot_svd_geometry": Entry(
        lambda: {"A": np.array([[2.0, 1.0], [0.5, 1.0]]), "n_points": 50}
    ),
    "helpers.viz.svd.plot_explained_variance": Entry(
        lambda: {"singular_values": np.array([3.0, 2.0, 1.0]), "n_show": 2},
        accepts={"n_show": _NONE},
    ),
    "helpers.viz.svd.plot_pca_plane": Entry(
        lambda: {
            "coordinates": np.array([[0.1, 0.2], [-0.3, 0.0]]),
            "labels": ["a", "b"],
            "title": "plane",
        }
    ),
    "helpers.viz.svd.plot_low_rank_gallery": Entry(
        lambda: {"image": IMAGE.copy(), "factors": _svd(IMAGE), "ranks": [1, 3]}
    ),
    "helpers.viz.svd.plot_eckart_young": Entry(
        lambda: {
            "singular_values": np.array([3.0, 2.0, 1.0]),
            "ranks": np.array([1, 2]),
            "measured_errors": np.array([0.6, 0.27]),
        }
    ),
    "helpers.viz.svd.plot_perturbation_excess": Entry(
        lambda: {"eps": np.array([1e-3, 1e-2]), "excess": np.array([1e-6, 1e-4])}
    ),
    "helpers.viz.svd.plot_power_iteration": Entry(
        lambda: {"history": np.array([2.9, 2.999, 3.0]), "sigma": 3.0, "ratio": 0.5}
    ),
    "helpers.viz.svd.plot_memory_bars": Entry(
        lambda: {"labels": ["dense", "sparse"], "n_bytes": np.array([6.8e10, 1.2e9])}
    ),
    "helpers.viz.svd.low_rank_explorer": Entry(
        lambda: {"image": IMAGE.copy(), "factors": _svd(IMAGE), "rank": 2, "max_rank": 4},
        accepts={"factors": _NONE, "max_rank": _NONE},
    ),
    # viz: notebook 07 -----------------------------------------------------------------------
    "helpers.viz.factorisation.plot_factorisation_losses": Entry(
        lambda: {
            "histories": {"run": np.array([4.0, 2.0, 1.5])},
            "floor": 1.0,
            "ax": _axes(),
            "title": "losses",
            "xlabel": "epoch",
            "legend_kw": {"loc": "upper right"},
        },
        accepts={"floor": _NONE, "ax": _NONE, "legend_kw": _NONE},
    ),
    "helpers.viz.factorisation.plot_singular_value_comparison": Entry(
        lambda: {
            "singular_values": np.array([3.0, 1.0]),
            "estimates": np.array([2.9, 1.2]),
            "estimate_label": "estimates",
            "ax": _axes(),
            "title": "values",
        },
        accepts={"ax": _NONE},
    ),
    "helpers.viz.factorisation.lr_explorer_run": Entry(
        lambda: {"A": np.diag([3.0, 1.0]), "rank": 1, "lr": 0.1, "num_epochs": 20, "seed": 0},
        accepts={"seed": _NONE},
    ),
    "helpers.viz.factorisation.lr_explorer": Entry(
        lambda: {
            "A": np.diag([3.0, 1.0]),
            "rank": 1,
            "num_epochs": 20,
            "seed": 0,
            "lr": 0.1,
            "lr_min": 1e-3,
            "lr_max": 2.0,
        }
    ),
}


# ---------------------------------------------------------------------------------------------
# The catalogue of bad values
# ---------------------------------------------------------------------------------------------
class _Unconvertible:
    def __repr__(self) -> str:
        return "<an object>"


def _with_entry(array: np.ndarray, value: Any) -> np.ndarray:
    out = np.array(
        array,
        dtype=np.result_type(array.dtype, type(value)) if not isinstance(value, str) else object,
    )
    out.flat[0] = value
    return out


def _wrong_callables(valid: Callable) -> list[tuple[str, Any, str]]:
    def numbers_of(*args: Any, **kwargs: Any) -> np.ndarray:
        """What the valid function returns, as numbers (an empty shape if it is not numbers)."""
        try:
            out = np.asarray(valid(*args, **kwargs))
        except ValueError:  # a tuple of unlike things
            return np.zeros(())
        return out if out.dtype.kind in "biufc" else np.zeros(())

    def shape_of(*args: Any, **kwargs: Any) -> tuple[int, ...]:
        return numbers_of(*args, **kwargs).shape

    return [
        ("not callable", 3.0, "reject"),
        ("None", None, "reject"),
        ("string", "f", "reject"),
        ("returns text", lambda *a, **k: "text", "reject"),
        ("returns None", lambda *a, **k: None, "reject"),
        ("returns NaN", lambda *a, **k: np.full(shape_of(*a, **k), np.nan), "reject"),
        ("returns inf", lambda *a, **k: np.full(shape_of(*a, **k), np.inf), "reject"),
        ("returns complex", lambda *a, **k: numbers_of(*a, **k) + 1j, "reject"),
        ("returns wrong shape", lambda *a, **k: np.ones((*shape_of(*a, **k), 3)), "reject"),
        ("returns object", lambda *a, **k: np.full(shape_of(*a, **k), _Unconvertible()), "reject"),
    ]


def _display_catalogue(valid: Any) -> list[tuple[str, Any, str]] | None:
    """Bad values for a matplotlib axes or figure parameter (None when ``valid`` is neither)."""
    if "matplotlib.figure" not in sys.modules:
        return None
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    common = [("None", None, "reject"), ("string", "ax", "reject"), ("int", 3, "reject")]
    if isinstance(valid, Axes):
        return [*common, ("figure", Figure(), "reject"), ("array", np.ones(2), "reject")]
    if isinstance(valid, Figure):
        return [*common, ("axes", Figure().add_subplot(), "reject")]
    return None


def _run(two_d: bool = False, lr: float = 0.2):
    """A short gradient-descent run on a bowl, with losses (``lr=1.5`` diverges)."""
    from helpers.optimise import gradient_descent

    if two_d:
        return gradient_descent(
            lambda p: 2 * p, np.array([0.8, 0.5]), lr / 2, 8, f=lambda p: float(np.sum(p**2))
        )
    return gradient_descent(lambda x: 2 * x, 1.5, lr, 5, f=lambda x: x**2)


def catalogue(name: str, valid: Any) -> list[tuple[str, Any, str]]:
    """Return (label, value, kind) for the bad values of a parameter with valid value ``valid``."""
    from helpers.optimise import Trajectory
    from helpers.ratings import Ratings

    nan, inf = math.nan, math.inf
    display = _display_catalogue(valid)
    if display is not None:
        return display
    if isinstance(valid, Trajectory):
        two_d = valid.points.ndim == 2
        return [
            ("None", None, "reject"),
            ("string", "run", "reject"),
            ("array", np.ones(3), "reject"),
            ("other dimension", _run(not two_d), "edge"),
            ("diverged", _run(two_d, lr=1.5), "edge"),
        ]
    if isinstance(valid, (bool, np.bool_)):
        return [
            ("numpy bool", np.bool_(valid), "same"),
            ("string", "yes", "reject"),
            ("None", None, "reject"),
            ("float", 0.5, "reject"),
            ("array", np.array([valid, valid]), "reject"),
            ("int", int(valid), "edge"),
        ]
    if isinstance(valid, (numbers.Integral, np.integer)):
        v = int(valid)
        return [
            ("numpy int", np.int64(v), "same"),
            ("numpy int32", np.int32(v), "same"),
            ("float", v + 0.5, "reject"),
            ("whole float", float(v), "reject"),
            ("string", str(v), "reject"),
            ("None", None, "reject"),
            ("NaN", nan, "reject"),
            ("bool", True, "reject"),
            ("complex", complex(v, 1), "reject"),
            ("list", [v], "reject"),
            ("zero", 0, "edge"),
            ("negative", -1, "reject"),
        ]
    if isinstance(valid, (numbers.Real, np.floating)):
        v = float(valid)
        return [
            ("numpy float", np.float64(v), "same"),
            ("0-d", np.array(v), "same"),
            ("NaN", nan, "reject"),
            ("inf", inf, "reject"),
            ("-inf", -inf, "reject"),
            ("string", str(v), "reject"),
            ("None", None, "reject"),
            ("complex", complex(v, 1), "reject"),
            ("bool", True, "reject"),
            ("object", _Unconvertible(), "reject"),
            ("list of two", [v, v], "reject"),
            ("zero", 0.0, "edge"),
            ("negative", -1.0, "edge"),
            ("huge", 1e300, "edge"),
            ("tiny", 1e-300, "edge"),
        ]
    if isinstance(valid, str):
        return [
            ("int", 3, "reject"),
            ("None", None, "reject"),
            ("bytes", valid.encode(), "reject"),
            ("list", [valid], "reject"),
            ("other text", "no such option", "edge"),
            ("empty", "", "edge"),
        ]
    if isinstance(valid, np.ndarray):
        floats = valid.astype(float)
        out = [
            ("list", valid.tolist(), "same"),
            ("NaN entry", _with_entry(floats, nan), "reject"),
            ("inf entry", _with_entry(floats, inf), "reject"),
            ("complex", valid + 1j, "reject"),
            ("object entry", _with_entry(valid.astype(object), _Unconvertible()), "reject"),
            ("strings", valid.astype(str), "reject"),
            ("string", "text", "reject"),
            ("None", None, "reject"),
            ("ragged", [[1.0], [1.0, 2.0]], "reject"),
            ("empty", np.empty((0,) * max(valid.ndim, 1)), "edge"),
            ("0-d", np.array(1.0), "edge"),
            ("extra axis", valid[..., None], "edge"),
            ("transposed", valid.T if valid.ndim == 2 else valid[..., None].T, "edge"),
            ("bool", valid.astype(bool), "edge"),
            ("integers", np.round(valid).astype(np.int64), "edge"),
            ("huge", np.full(valid.shape, 1e200), "edge"),
            ("tiny", np.full(valid.shape, 1e-200), "edge"),
        ]
        if valid.dtype.kind in "iu":
            out.append(("negative", -np.ones_like(valid), "edge"))
            out.append(("zero", np.zeros_like(valid), "edge"))
        return out
    if isinstance(valid, Ratings):
        altered = valid.subset(np.arange(len(valid)))
        index = altered.item_index
        (index if index.base is None else index.base)[0] = 10**6  # memory behind a read-only view
        return [
            ("None", None, "reject"),
            ("array", np.ones((3, 3)), "reject"),
            ("string", "ratings", "reject"),
            ("empty subset", valid.subset(np.zeros(len(valid), bool)), "reject"),
            ("altered in memory", altered, "reject"),
            ("other ratings", _ratings(5, 9, 7), "edge"),
        ]
    if isinstance(valid, Path):
        folder = _folder()
        files = {
            "missing": folder / "missing.csv",
            "empty file": folder / "empty.csv",
            "binary": folder / "binary.csv",
            "gzip": folder / "packed.csv",
            "float ids": folder / "float_ids.csv",
            "folder without ratings": folder / "nothing",
            "huge id": folder / "huge_id.csv",
        }
        files["empty file"].write_text("")
        files["binary"].write_bytes(b"1,2,3\x00\x00\x00")
        files["gzip"].write_bytes(gzip.compress(b"1,10,4.0\n"))
        files["float ids"].write_text("1.5,10,4.0\n")
        files["huge id"].write_text("1e20,10,4.0\n")
        files["folder without ratings"].mkdir()
        return [
            ("str", str(valid), "same"),
            ("int", 5, "reject"),
            ("None", None, "reject"),
            *((label, path, "reject") for label, path in files.items()),
        ]
    if isinstance(valid, tuple) and valid and all(isinstance(v, np.ndarray) for v in valid):
        first = valid[0]
        return [
            ("list", list(valid), "same"),
            ("one entry", valid[:1], "reject"),
            ("extra entry", (*valid, valid[-1]), "reject"),
            ("None", None, "reject"),
            ("int", 5, "reject"),
            ("string", "text", "reject"),
            ("NaN entry", (_with_entry(first.astype(float), nan), *valid[1:]), "reject"),
            ("complex", (first + 1j, *valid[1:]), "reject"),
            ("strings", (first.astype(str), *valid[1:]), "reject"),
            ("reversed", valid[::-1], "edge"),
            ("transposed", (first.T, *valid[1:]), "edge"),
            ("empty", tuple(np.empty((0,) * v.ndim) for v in valid), "edge"),
        ]
    pair = isinstance(valid, tuple) and len(valid) == 2
    if not (pair and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in valid)):
        if isinstance(valid, tuple):  # of other things, or not a pair
            return [
                ("list", list(valid), "same"),
                ("empty", (), "reject"),
                ("None", None, "reject"),
                ("int", 5, "reject"),
                ("string", "text", "reject"),
                ("with text", ("text",), "reject"),
                ("with None", (None,), "reject"),
            ]
    if isinstance(valid, tuple):
        return [
            ("list", list(valid), "same"),
            ("one entry", valid[:1], "reject"),
            ("three entries", (*valid, valid[-1]), "reject"),
            ("strings", tuple(str(v) for v in valid), "reject"),
            ("None", None, "reject"),
            ("int", 5, "reject"),
            ("NaN", (nan, valid[1]), "reject"),
            ("inf", (valid[0], inf), "reject"),
            ("complex", (complex(valid[0], 1), valid[1]), "reject"),
            ("reversed", valid[::-1], "edge"),
            ("huge", (valid[0], 1e300), "edge"),
        ]
    if isinstance(valid, list):
        return [
            ("tuple", tuple(valid), "edge"),
            ("not iterable", 1.5, "reject"),
            ("empty", [], "reject"),
            ("string", "text", "reject"),
            ("None", None, "reject"),
            ("with NaN", [nan], "reject"),
            ("with text", ["text"], "reject"),
        ]
    if isinstance(valid, Mapping):
        return [
            ("None", None, "reject"),
            ("list", ["a"], "reject"),
            ("string", "text", "reject"),
            ("int", 3, "reject"),
            ("empty", {}, "edge"),
        ]
    if isinstance(valid, type) or isinstance(valid, np.dtype):
        return [
            ("name", np.dtype(valid).name, "same"),
            ("dtype", np.dtype(valid), "same"),
            ("integer type", "int64", "reject"),
            ("half precision", np.float16, "reject"),
            ("None", None, "reject"),
            ("int", 3, "reject"),
            ("nonsense", "not a type", "reject"),
        ]
    if callable(valid):
        return _wrong_callables(valid)
    if type(valid).__module__.split(".")[0] in ("helpers", *_DISPLAY_PACKAGES):
        return [  # an object of the package or of a display library
            ("None", None, "reject"),
            ("string", "text", "reject"),
            ("int", 3, "reject"),
            ("array", np.ones(3), "reject"),
        ]
    raise TypeError(f"no catalogue for {name} = {valid!r}: extend catalogue()")


# ---------------------------------------------------------------------------------------------
# Running the cases (in a child process) and judging them
# ---------------------------------------------------------------------------------------------
_DISPLAY_PACKAGES = ("matplotlib", "ipywidgets", "traitlets", "PIL")


def _display_object(value: Any) -> bool:
    """Whether ``value`` belongs to a display library (compared through what it shows)."""
    return type(value).__module__.split(".")[0] in _DISPLAY_PACKAGES


@dataclasses.dataclass
class _Drawing:
    """What a figure, an axes, an explorer or a widget shows, flattened to comparable data.

    ``bad`` counts drawn points with an infinite coordinate or only one coordinate NaN (a
    NaN drawn silently); a row of NaN after a finite row is a deliberate break in a line.
    """

    data: dict[str, Any]
    bad: int = 0


def _bad_points(xy: Any) -> int:
    xy = np.asarray(xy, dtype=float)
    if xy.size == 0:
        return 0
    xy = xy.reshape(len(xy), -1)
    nan, inf = np.isnan(xy), np.isinf(xy)
    gap = nan.all(axis=1)
    separator = gap & np.r_[False, ~gap[:-1]]  # one NaN row after a finite one: a break
    return int(np.sum(inf.any(axis=1) | (nan.any(axis=1) & ~gap) | (gap & ~separator)))


def _axes_data(ax: Any, key: str, data: dict[str, Any]) -> int:
    """Add what one axes shows to ``data`` under ``key``; return its number of bad points."""
    bad = 0
    data[key] = (ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_xscale(), ax.get_yscale())
    data[key + ".limits"] = np.array([*ax.get_xlim(), *ax.get_ylim()], dtype=float)
    bad += _bad_points(data[key + ".limits"].reshape(2, 2))
    for i, line in enumerate(ax.lines):
        xy = np.asarray(line.get_xydata(), dtype=float)
        data[f"{key}.line{i}"] = xy
        bad += _bad_points(xy)
    for i, collection in enumerate(ax.collections):
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        data[f"{key}.collection{i}"] = offsets
        bad += _bad_points(offsets)
        if hasattr(collection, "U"):  # the arrows of a quiver
            arrows = np.column_stack([np.ravel(collection.U), np.ravel(collection.V)])
            data[f"{key}.arrows{i}"] = arrows
            bad += _bad_points(arrows)
    for i, patch in enumerate(ax.patches):
        bounds = np.array(patch.get_bbox().bounds, dtype=float)
        data[f"{key}.patch{i}"] = bounds
        bad += _bad_points(bounds.reshape(2, 2))
    for i, text in enumerate(ax.texts):
        where = np.asarray(getattr(text, "xy", text.get_position()), dtype=float)
        data[f"{key}.text{i}"] = (text.get_text(), where)
        bad += _bad_points(where.reshape(1, -1))
    for i, image in enumerate(ax.images):
        pixels = np.ma.filled(np.ma.asarray(image.get_array(), dtype=float), np.nan)
        data[f"{key}.image{i}"] = pixels
        bad += int(not np.all(np.isfinite(pixels)))
    legend = ax.get_legend()
    data[key + ".legend"] = [t.get_text() for t in legend.get_texts()] if legend else []
    return bad


def _figure_drawing(fig: Any) -> _Drawing:
    data: dict[str, Any] = {"suptitle": fig._suptitle.get_text() if fig._suptitle else None}
    bad = sum(_axes_data(ax, f"axes{i}", data) for i, ax in enumerate(fig.axes))
    return _Drawing(data, bad)


def _comparable(result: Any) -> Any:
    """Replace figures, axes, explorers and widgets inside a result by what they show."""
    if "matplotlib.figure" in sys.modules:
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure

        if isinstance(result, Figure):
            return _figure_drawing(result)
        if isinstance(result, Axes):
            data: dict[str, Any] = {}
            return _Drawing(data, _axes_data(result, "axes", data))
    viz_core = sys.modules.get("helpers.viz._core")
    if viz_core is not None and isinstance(result, viz_core.Explorer):
        shown = (
            _figure_drawing(result.figure)
            if result.figure is not None
            else _Drawing({"png": result.png()})
        )
        answer = _comparable(result.result)
        shown.data.update(result=answer, caption=result.caption.value)
        shown.bad += 0 if _finite(answer) else 1
        return shown
    if type(result).__module__.startswith("ipywidgets"):
        traits = ("value", "min", "max", "step", "description", "base")
        return _Drawing({t: getattr(result, t) for t in traits if hasattr(result, t)})
    if type(result) in (list, tuple):
        items = [_comparable(item) for item in result]
        if any(a is not b for a, b in zip(items, result, strict=True)):
            return type(result)(items)
    return result


def _finite(result: Any, depth: int = 0) -> bool:
    """Whether every number inside a result is finite (arrays, records and models included)."""
    if depth > 4 or result is None or isinstance(result, (str, bytes, bool, np.bool_)):
        return True
    if isinstance(result, _Drawing):
        return result.bad == 0
    if _display_object(result):
        return True
    if isinstance(result, np.ndarray):
        return result.dtype.kind not in "fc" or bool(np.all(np.isfinite(result)))
    if isinstance(result, numbers.Number):
        return bool(np.isfinite(complex(result)))
    if isinstance(result, Mapping):
        return all(_finite(v, depth + 1) for v in result.values())
    if isinstance(result, (list, tuple)):
        return all(_finite(v, depth + 1) for v in result)
    if dataclasses.is_dataclass(result):
        return all(_finite(getattr(result, f.name), depth + 1) for f in dataclasses.fields(result))
    if hasattr(result, "__dict__"):
        return all(_finite(v, depth + 1) for k, v in vars(result).items() if not k.startswith("_"))
    return True


def _same(a: Any, b: Any, depth: int = 0) -> bool:
    """Whether two results are equal, entry by entry (arrays, records and models included)."""
    if depth > 4:
        return True
    if isinstance(a, _Drawing) and isinstance(b, _Drawing):
        return _same(a.data, b.data, depth)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        nan_equal = all(np.asarray(x).dtype.kind in "fc" for x in (a, b))
        return np.shape(a) == np.shape(b) and bool(np.array_equal(a, b, equal_nan=nan_equal))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k], depth + 1) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y, depth + 1) for x, y in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        return all(
            _same(getattr(a, f.name), getattr(b, f.name), depth + 1) for f in dataclasses.fields(a)
        )
    if _display_object(a) or _display_object(b):
        return type(a) is type(b)
    if hasattr(a, "__dict__") and hasattr(b, "__dict__") and type(a) is type(b):
        keys = [k for k in vars(a) if not k.startswith("_")]
        return all(_same(vars(a)[k], vars(b).get(k), depth + 1) for k in keys)
    try:
        return bool(a == b)
    except Exception:
        return False


def _target(qualname: str, entry: Entry) -> Callable:
    parts = qualname.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        rest = parts[split:]
        if entry.make is not None:  # a method: of a fresh instance
            return getattr(entry.make(), rest[-1])
        for attr in rest:
            obj = getattr(obj, attr)
        return obj
    raise LookupError(qualname)


def _parameters(func: Callable) -> list[str]:
    return [
        p.name
        for p in inspect.signature(func).parameters.values()
        if p.kind != p.VAR_KEYWORD and p.name != "self"
    ]


def _invoke(func: Callable, args: dict[str, Any]) -> Any:
    """Call ``func`` with ``args`` by name; an ``*args`` parameter gets its tuple spread out.

    The parameters before ``*args`` are then passed by position, as Python requires.
    """
    parameters = list(inspect.signature(func).parameters.values())
    star = next((p for p in parameters if p.kind == p.VAR_POSITIONAL), None)
    if star is None or star.name not in args:
        return func(**args)
    args = dict(args)
    before = [p.name for p in parameters[: parameters.index(star)]]
    positional = [args.pop(name) for name in before]
    return func(*positional, *args.pop(star.name), **args)


def _example(entry: Entry, func: Callable, name: str, args: dict[str, Any]) -> Any:
    """The valid value of one parameter (for ``*args``: the first of its values)."""
    if name == entry.star:
        return args[name][0]
    return args.get(name, inspect.signature(func).parameters[name].default)


def _with_value(entry: Entry, args: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    args = dict(args)
    args[name] = (value, *args[name][1:]) if name == entry.star else value
    return args


def _close_figures() -> None:
    """Close every pyplot figure (figure functions make them; explorers make their own)."""
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _call(qualname: str, entry: Entry, args: dict[str, Any]) -> dict[str, Any]:
    """Call once; describe what happened (what it returned stays in ``record["result"]``).

    A figure, an explorer or a widget is kept as what it shows (see :func:`_comparable`),
    and the figures made are closed.
    """
    out = io.StringIO()
    record: dict[str, Any] = {}
    try:
        func = _target(qualname, entry)
        with redirect_stdout(out), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = _comparable(_invoke(func, args))
    except Exception as error:
        frames = traceback.extract_tb(error.__traceback__)
        origin = frames[-1].filename if frames else ""
        record.update(
            outcome="error",
            type=type(error).__name__,
            module=type(error).__module__,
            bases=[c.__name__ for c in type(error).__mro__],
            message=str(error)[:500],
            origin=origin,
        )
        _close_figures()
    else:
        _close_figures()
        record.update(outcome="return", finite=_finite(result), result=result)
        if entry.answers:
            from helpers.checks import Verdict

            record["falsy_verdict"] = isinstance(result, (Verdict, bool)) and not bool(result)
    record["printed"] = out.getvalue()[:300]
    return record


def run_module(module_name: str) -> Iterator[dict[str, Any]]:
    """Run every case of one module; yield a JSON-ready record per case."""
    for module, qualname, _ in public_callables():
        if module != module_name:
            continue
        entry = VALID.get(qualname)
        if entry is None or entry.record:
            continue
        func = _target(qualname, entry)
        names = _parameters(func)
        valid = _call(qualname, entry, entry.args())
        _close_figures()
        yield {
            "callable": qualname,
            "param": None,
            "label": "valid",
            "kind": "valid",
            **_json(valid),
        }
        for name in names:
            example = _example(entry, func, name, entry.args())
            _close_figures()
            for label, value, kind in catalogue(name, example):
                args = _with_value(entry, entry.args(), name, value)
                print(json.dumps({"starting": qualname, "param": name, "label": label}), flush=True)
                got = _call(qualname, entry, args)
                if kind == "same" and got["outcome"] == "return":
                    got["same"] = _same(got["result"], valid.get("result"))
                yield {
                    "callable": qualname,
                    "param": name,
                    "label": label,
                    "kind": kind,
                    **_json(got),
                }


def _json(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "result"}


_NAMED = r"(?<![A-Za-z0-9_]){}(?![A-Za-z0-9_])"


def judge(case: dict[str, Any]) -> str | None:
    """Return what is wrong with a case's outcome, or None when it is right."""
    entry = VALID[case["callable"]]
    param, label, kind = case["param"], case["label"], case["kind"]
    where = f"{case['callable']}({param}={label})"
    if kind == "valid":
        if case["outcome"] != "return" or not case["finite"]:
            return f"{case['callable']}: the valid example fails: {case.get('message')}"
        return None
    if param in entry.answers:
        if case["outcome"] != "return" or not case.get("falsy_verdict"):
            error = f"{case.get('type')}: {case.get('message')}"
            return f"{where}: a check must answer, not raise: {error}"
        if not case["printed"].startswith(("Not yet", "Not attempted yet")):
            return f"{where}: printed {case['printed']!r}"
        return None
    if param in entry.anything:
        kind = "edge"
    if label in entry.accepts.get(param, set()) and kind == "reject":
        kind = "edge"
    if label in entry.refuses.get(param, set()) and kind in ("same", "edge"):
        kind = "reject"
    if case["outcome"] == "return":
        if not case["finite"]:
            return f"{where}: returned a non-finite result"
        if kind == "reject":
            return f"{where}: accepted silently (register it in accepts if that is right)"
        if kind == "same" and not case.get("same"):
            return f"{where}: the same value spelled differently gave another result"
        return None
    if kind == "same":
        return f"{where}: refused an equivalent value: {case['type']}: {case['message']}"
    own = Path(case["origin"]).resolve().is_relative_to(PACKAGE_DIR) if case["origin"] else False
    ok_type = (
        "TypeError" in case["bases"]
        or "ValueError" in case["bases"]
        or case["module"].startswith("helpers")
        or (param == "path" and case["type"] in ("FileNotFoundError", "NotADirectoryError"))
    )
    if case["origin"] and Path(case["origin"]).resolve() == Path(__file__).resolve():
        # the function given as an argument raised by itself (the examples here index v[0] and
        # v[1], so an empty or 0-d point fails inside them): such an error is the caller's and
        # passes through unchanged - but only for values that are not plainly bad
        if kind == "edge":
            return None
        return f"{where}: passed to the given function instead of being refused: {case['message']}"
    if not (ok_type and own):
        return f"{where}: raw error from {case['origin']}: {case['type']}: {case['message']}"
    names = {param} | ({"path"} if param == "path" else set())
    if param == "path" and label not in ("int", "None"):
        return None  # a file problem: the message names the file (checked in test_ratings.py)
    if not any(re.search(_NAMED.format(re.escape(n)), case["message"]) for n in names):
        return f"{where}: the message does not name {param!r}: {case['type']}: {case['message']}"
    return None


def _child_results(module_name: str) -> tuple[list[dict[str, Any]], str | None]:
    """Run one module's cases in a child process; return the records and a crash, if any."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", module_name],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )
    records, last_start = [], None
    for line in result.stdout.splitlines():
        if not line.startswith("{"):
            continue
        data = json.loads(line)
        if "starting" in data:
            last_start = data
        else:
            records.append(data)
    crash = None
    if result.returncode != 0:
        crash = (
            f"the child process for {module_name} ended with {result.returncode} "
            f"during {last_start}:\n{result.stderr[-2000:]}"
        )
    return records, crash


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------
def test_every_public_callable_is_registered():
    found = {qualname for _, qualname, _ in public_callables()}
    missing = sorted(found - VALID.keys())
    assert not missing, (
        "public callables without valid example arguments in tests/test_bad_input.py VALID "
        f"(add them, so that bad input to them is tested too): {missing}"
    )
    stale = sorted(VALID.keys() - found)
    assert not stale, f"VALID entries for callables that no longer exist: {stale}"


def _labels(qualname: str, entry: Entry) -> dict[str, dict[str, str]]:
    """Parameter -> label -> kind of the catalogue built for one registered callable."""
    func = _target(qualname, entry)
    args = entry.args()
    labels = {
        name: {label: kind for label, _, kind in catalogue(name, _example(entry, func, name, args))}
        for name in _parameters(func)
    }
    _close_figures()
    return labels


def test_the_registry_relaxes_only_what_it_must():
    # an "accepts" label must be one the catalogue would reject, a "refuses" label one it would
    # take as the same value or as an edge, and every named parameter must exist: no dead entries
    problems = []
    for qualname, entry in VALID.items():
        if entry.record:
            continue
        labels = _labels(qualname, entry)
        for table, wanted in ((entry.accepts, {"reject"}), (entry.refuses, {"same", "edge"})):
            for param, chosen in table.items():
                if param not in labels:
                    problems.append(f"{qualname}: no parameter {param!r}")
                    continue
                for label in chosen:
                    if labels[param].get(label) not in wanted:
                        problems.append(f"{qualname}({param}={label}): not a {wanted} value")
        for param in (*entry.answers, *entry.anything):
            if param not in labels:
                problems.append(f"{qualname}: no parameter {param!r}")
    assert not problems, "\n".join(problems)


def test_every_public_module_declares_all():
    for name in _modules():
        if _private(name):
            continue
        assert hasattr(importlib.import_module(name), "__all__"), f"{name} has no __all__"


@pytest.mark.parametrize("module_name", [m for m in _modules() if not _private(m)])
def test_bad_input_gives_a_named_error_or_the_right_result(module_name):
    records, crash = _child_results(module_name)
    assert crash is None, crash
    names = [q for m, q, _ in public_callables() if m == module_name]
    unregistered = [q for q in names if q not in VALID]
    assert not unregistered, f"register these in VALID first: {unregistered}"
    expected = sum(not VALID[q].record for q in names)
    assert len({r["callable"] for r in records}) == expected, "some callables were not run"
    problems = [p for p in map(judge, records) if p]
    cases = sum(r["kind"] != "valid" for r in records)
    print(f"{module_name}: {expected} callables, {cases} bad-input cases")
    assert not problems, f"{len(problems)} of {len(records)} cases:\n" + "\n".join(problems)


def test_the_judge_catches_raw_errors_silence_and_nan():
    # the judge itself must be able to fail: feed it outcomes it must refuse
    base = {"callable": "helpers.linalg.truncated_svd", "param": "rank", "label": "string"}
    raw = {
        **base,
        "kind": "reject",
        "outcome": "error",
        "type": "TypeError",
        "module": "builtins",
        "bases": ["TypeError"],
        "message": "'<=' not supported between instances of 'int' and 'str'",
        "origin": str(Path(np.__file__).parent / "core" / "x.py"),
        "printed": "",
    }
    assert "raw error" in judge(raw)
    unnamed = {**raw, "origin": str(PACKAGE_DIR / "linalg.py"), "message": "bad value"}
    assert "does not name" in judge(unnamed)
    silent = {**base, "kind": "reject", "outcome": "return", "finite": True, "printed": ""}
    assert "accepted silently" in judge(silent)
    nan = {**base, "kind": "edge", "outcome": "return", "finite": False, "printed": ""}
    assert "non-finite" in judge(nan)
    named = {**unnamed, "message": "rank must be an integer, got str '1'"}
    assert judge(named) is None
    # an exercise id that is no exercise's must be refused, not answered
    unknown = {
        "callable": "helpers.exercises.check",
        "param": "exercise_id",
        "label": "other text",
        "kind": "edge",
        "outcome": "return",
        "finite": True,
        "printed": "",
    }
    assert "accepted silently" in judge(unknown)


def test_a_drawing_with_nan_is_not_finite_and_a_break_in_a_line_is():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        ax.plot([0.0, 1.0, 2.0], [1.0, 2.0, 3.0])
        assert _finite(_comparable(ax)) and _finite(_comparable(fig))
        ax.plot([0.0, np.nan, 1.0, 2.0, np.nan], [0.0, np.nan, 1.0, 2.0, np.nan])  # two pieces
        assert _finite(_comparable(ax))
        ax.plot([0.0, 1.0], [np.nan, np.nan])  # a line drawn from NaN data
        assert not _finite(_comparable(ax)) and not _finite(_comparable(fig))
        same = _comparable(ax)
        assert _same(same, _comparable(ax))
        ax.set_title("changed")
        assert not _same(same, _comparable(ax))
    finally:
        plt.close(fig)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        import matplotlib

        matplotlib.use("Agg")  # figures off-screen, in this process only
        for record in run_module(sys.argv[2]):
            print(json.dumps(record, default=str), flush=True)
    else:
        totals = {"callables": 0, "cases": 0, "problems": 0}
        for module_name in (m for m in _modules() if not _private(m)):
            records, crash = _child_results(module_name)
            problems = [p for p in map(judge, records) if p]
            totals["callables"] += sum(r["kind"] == "valid" for r in records)
            totals["cases"] += sum(r["kind"] != "valid" for r in records)
            totals["problems"] += len(problems) + (crash is not None)
            print(f"{module_name}: {len(records)} records, {len(problems)} problems")
            for problem in problems:
                print("   ", problem)
            if crash:
                print("   ", crash)
        print(json.dumps(totals))
