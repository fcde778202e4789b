"""Ratings that were built by hand or altered never reach the compiled SGD loop unchecked.

The numba kernels do not check array bounds (that is what makes them fast), so a Ratings whose
indices point outside its id maps would make them read and write outside their arrays: a crash
at best, silently corrupted memory at worst. Every case runs in a child process, so a crash fails
the test instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

SETUP = """
import dataclasses
import numpy as np
from helpers import _sgd_kernels
from helpers.ratings import Ratings
from helpers.recommender import FunkSVD

R = Ratings.from_arrays([1, 1, 2, 2, 3], [7, 8, 7, 8, 7], [5, 1, 4.5, 1.5, 5.0])


def report(action):
    try:
        action()
    except (TypeError, ValueError) as error:
        print(type(error).__name__, error)
    else:
        print("no error")
"""


def run_child(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``SETUP + code`` in a fresh interpreter; return the finished process."""
    return subprocess.run(
        [sys.executable, "-c", SETUP + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
        check=False,
    )


def assert_clean(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, (
        f"the child process ended with {result.returncode} (negative: killed by a signal)\n"
        f"{result.stdout}\n{result.stderr[-3000:]}"
    )
    return result.stdout


CASES = {
    # the arrays of a Ratings are read-only: the out-of-bounds index cannot even be written
    "item index set in place": (
        "def alter():\n    R.item_index[4] = 10**7\n"
        "report(alter)\nFunkSVD(rank=2, epochs=3).fit(R)\nprint('fit', R.item_index.tolist())",
        ["ValueError assignment destination is read-only", "fit [0, 1, 0, 1, 0]"],
    ),
    "id map shortened by dataclasses.replace": (
        "report(lambda: dataclasses.replace(R, item_ids=R.item_ids[:1]))",
        ["ValueError Ratings: item_index must lie in 0..0"],
    ),
    "Ratings built directly with a bad index": (
        "report(lambda: Ratings(R.user_ids, R.item_ids, R.user_index, R.item_index + 5, R.values))",
        ["ValueError Ratings: item_index must lie in 0..1"],
    ),
    "Ratings built directly with unequal lengths": (
        "report(lambda: Ratings(R.user_ids, R.item_ids, R.user_index[:3], R.item_index, R.values))",
        ["ValueError Ratings: user_index, item_index and values must have the same length"],
    ),
    "Ratings built directly with a NaN rating": (
        "report(lambda: Ratings(R.user_ids, R.item_ids, R.user_index, R.item_index,"
        " np.array([5, 1, np.nan, 1.5, 5.0])))",
        ["ValueError Ratings: values must be finite ratings inside the scale 0.5-5"],
    ),
    # the memory behind a read-only view can still be changed; fit checks again
    "memory behind the index changed after construction": (
        "R.item_index.base[4] = 10**7\nreport(lambda: FunkSVD(rank=2, epochs=3).fit(R))",
        [
            "ValueError ratings: item_index must lie in 0..1 (one per item_ids entry), got values "
            "from 0 to 10000000"
        ],
    ),
    "memory behind the validation index changed": (
        "V = R.subset([0, 1])\nV.user_index.base[0] = -3\n"
        "report(lambda: FunkSVD(rank=2, epochs=3).fit(R, V))",
        ["ValueError validation: user_index must lie in 0..2"],
    ),
    "fitted factors replaced before predict": (
        "m = FunkSVD(rank=2, epochs=3).fit(R)\nm.item_factors_ = np.zeros((1, 2), np.float32)\n"
        "report(lambda: m.predict([1, 2], [7, 8]))",
        ["ValueError FunkSVD's fitted factors and biases no longer match its 3 users and 2 items"],
    ),
    "stable_group with a key out of range": (
        "report(lambda: _sgd_kernels.stable_group(np.array([0, 7, 1]), 2))\n"
        "report(lambda: _sgd_kernels.stable_group(np.array([0, -1, 1]), 2))",
        [
            "ValueError keys must lie in [0, n_keys) = [0, 2), got values from 0 to 7",
            "ValueError keys must lie in [0, n_keys) = [0, 2), got values from -1 to 1",
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_ratings_end_in_a_clear_error_not_a_crash(case):
    code, expected = CASES[case]
    out = assert_clean(run_child(code))
    for line in expected:
        assert line in out, out


def test_no_out_of_bounds_access_with_numba_boundscheck(tmp_path):
    # NUMBA_BOUNDSCHECK=1 compiles every kernel with bounds checks, so an access outside an array
    # raises IndexError instead of going unnoticed. A private cache folder forces a fresh
    # compilation (a cached kernel compiled without checks would prove nothing).
    code = """
    for case in (
        lambda: dataclasses.replace(R, item_ids=R.item_ids[:1]),
        lambda: _sgd_kernels.stable_group(np.array([0, 7, 1]), 2),
    ):
        report(case)
    R.item_index.base[4] = 5
    report(lambda: FunkSVD(rank=2, epochs=3).fit(R))
    R.item_index.base[4] = 0
    for biased in (True, False):
        m = FunkSVD(rank=3, epochs=5, biased=biased).fit(R, R.subset([0, 2]))
        print("predict", np.round(m.predict([1, 3, 99], [7, 8, 7]), 6).tolist())
    print("group", _sgd_kernels.stable_group(np.array([1, 0, 1, 0]), 2).tolist())
    try:  # the unchecked inner loop does go out of bounds, so the checks above mean something
        _sgd_kernels._stable_group(np.array([0, 7, 1]), 2)
    except IndexError:
        print("unchecked loop: IndexError")
    """
    out = assert_clean(
        run_child(code, NUMBA_BOUNDSCHECK="1", NUMBA_CACHE_DIR=str(tmp_path / "cache"))
    )
    assert out.count("ValueError") == 3, out
    assert out.count("predict [") == 2 and "group [1, 3, 0, 2]" in out, out
    assert "unchecked loop: IndexError" in out, out
