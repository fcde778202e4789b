"""Check that Binder's files build a working environment, as far as it can be done without Docker.

Usage: ``python scripts/binder_check.py`` (``make test-binder`` calls it).

mybinder.org builds images with repo2docker, which reads ``binder/`` when that folder exists:
``binder/runtime.txt`` picks the Python version and ``pip install -r binder/requirements.txt``
runs from the root of the repository, once the repository has been copied in. This script does
the same in a throw-away folder: it copies the files git tracks (nothing untracked can sneak in),
makes a clean virtual environment with this Python, installs ``binder/requirements.txt`` from the
copy's root, then checks that ``helpers`` imports from the copy with its data beside it and runs
two notebooks (00, and 08 with its compiled kernel) under nbval there. The folder is removed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ["notebooks/00-start-here.ipynb", "notebooks/08-netflix-challenge.ipynb"]
IMPORT_CHECK = """
import pathlib, sys
import helpers, ipywidgets, jupyterlab, matplotlib, numba, numpy
copy = pathlib.Path(sys.argv[1]).resolve()
assert pathlib.Path(helpers.__file__).resolve().parent == copy / "helpers", helpers.__file__
assert (helpers.DATA_DIR / "ml-latest-small" / "ratings.csv").is_file(), helpers.DATA_DIR
print(f"helpers {helpers.__version__} from the copy; numpy {numpy.__version__}, "
      f"numba {numba.__version__}, jupyterlab {jupyterlab.__version__}")
"""


def runtime_version(binder: Path) -> tuple[int, int]:
    """Read the (major, minor) Python version that ``binder/runtime.txt`` asks for."""
    text = (binder / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", text)
    if not match:
        raise SystemExit(f"binder/runtime.txt must read like 'python-3.11', got {text!r}")
    return int(match[1]), int(match[2])


def run(command: list[str], cwd: Path) -> None:
    """Echo ``command``, then run it in ``cwd``; stop on failure."""
    shown = ["<script>" if "\n" in part else part for part in command]
    print("$", " ".join(shown), flush=True)
    subprocess.run(command, cwd=cwd, check=True)


def main() -> None:
    """Copy, install and check; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the throw-away folder")
    args = parser.parse_args()

    wanted = runtime_version(ROOT / "binder")
    if sys.version_info[:2] != wanted:
        raise SystemExit(
            f"binder/runtime.txt asks for Python {wanted[0]}.{wanted[1]}, but this is "
            f"{sys.version_info[0]}.{sys.version_info[1]}; run the check with that Python"
        )
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode()
    folder = Path(tempfile.mkdtemp(prefix="binder-check-"))
    try:
        copy = folder / "repo"
        for name in filter(None, tracked.split("\0")):
            if (ROOT / name).is_file():
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, copy / name)
        print(f"copied {len(tracked.split(chr(0))) - 1} tracked files to {copy}")
        env_dir = folder / "venv"
        venv.create(env_dir, with_pip=True)
        python = str(env_dir / "bin" / "python")
        run([python, "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"], copy)
        run([python, "-c", IMPORT_CHECK, str(copy)], copy)
        run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *NOTEBOOKS], copy)
        print("binder check: the environment from binder/ installs helpers and runs the notebooks")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
