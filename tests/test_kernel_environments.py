"""FunkSVD's compiled kernels work wherever the notebooks may run.

* A read-only project folder and a read-only home folder (a shared JupyterHub, a container
  image): numba cannot cache next to the source nor in the user's cache folder, and must not
  fail; the kernels are cached in a private temporary folder, or compiled without a cache.
* ``NUMBA_DISABLE_JIT=1`` (how numba code is debugged): the kernels run as plain Python.

Each case runs in a child process with a copy of the package.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import helpers

PACKAGE = Path(helpers.__file__).resolve().parent

FIT = """
import numpy as np
import helpers
from helpers.ratings import Ratings
from helpers.recommender import FunkSVD

print("package", helpers.__file__)
R = Ratings.from_arrays([1, 1, 2, 2, 3, 3], [7, 8, 7, 8, 7, 9], [5, 1, 4.5, 1.5, 5.0, 3.0])
fast = FunkSVD(rank=2, epochs=20, lr=0.05, dtype=np.float64).fit(R)
slow = FunkSVD(rank=2, epochs=20, lr=0.05, dtype=np.float64, engine="python").fit(R)
np.testing.assert_allclose(fast.user_factors_, slow.user_factors_, rtol=0, atol=1e-10)
np.testing.assert_allclose(fast.item_factors_, slow.item_factors_, rtol=0, atol=1e-10)
np.testing.assert_allclose(fast.predict([1, 3], [9, 8]), slow.predict([1, 3], [9, 8]), atol=1e-10)
print("rmse", round(fast.rmse(R), 6))
"""


def _read_only_tree(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _writable_tree(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


@pytest.fixture
def project(tmp_path):
    """A copy of the package whose folders cannot be written, and a home that cannot be written.

    ``chmod`` alone does not stop the superuser, so the folders numba would create
    (``helpers/__pycache__`` and ``~/.cache``) are also taken by ordinary files: creating them
    fails for every user.
    """
    copy = tmp_path / "project"
    shutil.copytree(PACKAGE, copy / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "helpers" / "__pycache__").write_text("not a folder\n")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".cache").write_text("not a folder\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    _read_only_tree(copy)
    _read_only_tree(home)
    yield copy, home, temp
    _writable_tree(copy)
    _writable_tree(home)


def _run(code: str, project_dir: Path, home: Path, temp: Path, **extra: str):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("NUMBA_") and key not in ("XDG_CACHE_HOME", "PYTHONPATH")
    }
    env.update(
        HOME=str(home),
        TMPDIR=str(temp),
        PYTHONPATH=str(project_dir),
        PYTHONDONTWRITEBYTECODE="1",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=project_dir,
        check=False,
    )


def _check(result, project_dir: Path) -> None:
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"package {project_dir / 'helpers' / '__init__.py'}" in result.stdout
    assert "rmse " in result.stdout
    assert result.stderr == "", result.stderr[-3000:]


def _private_cache(temp: Path) -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return temp / f"helpers-numba-cache-{uid}"


def test_read_only_project_and_home_cache_in_a_private_temporary_folder(project):
    copy, home, temp = project
    first = _run(FIT, copy, home, temp)
    _check(first, copy)
    cached = list(_private_cache(temp).rglob("*.nbi"))
    assert cached, "no numba index file in the private cache folder"
    assert not (_private_cache(temp).stat().st_mode & 0o077)  # nobody else may read or write it
    # a second process finds the compiled kernels there
    _check(_run(FIT, copy, home, temp), copy)


def test_no_writable_folder_at_all_compiles_without_a_cache(project):
    copy, home, temp = project
    _private_cache(temp).write_text("taken\n")  # the private folder cannot be created either
    _check(_run(FIT, copy, home, temp), copy)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="the superuser can write into read-only folders",
)
def test_read_only_project_with_an_existing_compiled_cache(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(PACKAGE, copy / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    _check(_run(FIT, copy, home, temp), copy)  # compiles and caches in helpers/__pycache__
    assert list((copy / "helpers" / "__pycache__").glob("*.nbi"))
    _read_only_tree(copy)
    _read_only_tree(home)
    try:
        _check(_run(FIT, copy, home, temp), copy)
    finally:
        _writable_tree(copy)
        _writable_tree(home)


def test_disable_jit_runs_the_kernels_as_plain_python(tmp_path):
    # with NUMBA_DISABLE_JIT=1 the kernels are ordinary Python functions: the fit must give the
    # reference loop's factors (the checks inside FIT), and stable_group still checks its keys
    code = FIT + (
        "from helpers import _sgd_kernels\n"
        "assert not hasattr(_sgd_kernels.sgd_epoch, 'signatures'), 'compiled'\n"
        "print('group', _sgd_kernels.stable_group(np.array([1, 0, 1]), 2).tolist())\n"
        "try:\n"
        "    _sgd_kernels.stable_group(np.array([0, 7]), 2)\n"
        "except ValueError as error:\n"
        "    print('ValueError', error)\n"
    )
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    result = _run(code, PACKAGE.parent, home, temp, NUMBA_DISABLE_JIT="1")
    _check(result, PACKAGE.parent)
    assert "group [1, 0, 2]" in result.stdout
    assert "ValueError keys must lie in [0, n_keys)" in result.stdout
