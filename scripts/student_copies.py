"""Write student copies of the notebooks: worked solutions removed, outputs cleared.

Usage: ``python scripts/student_copies.py [--force] [SOURCE_DIR] [TARGET_DIR]``
(defaults: ``notebooks`` and ``build/student``). ``make student`` calls it.

Each cell tagged ``solution`` becomes an empty answer cell; every output is
cleared, so nothing in a copy gives an answer away. The exercise checks stay.
The target folder is never overwritten without ``--force`` (``FORCE=1`` in make),
so work a student has done there is not lost, and the source notebooks are only read.
Even with ``--force`` only a folder this script wrote (it leaves a ``MARKER`` file
there) is replaced: a mistyped target such as ``.`` or ``notebooks`` is refused.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

ANSWER_SOURCE = "# Your worked solution here: write it, run it, and compare with the check above.\n"
#: Written into every folder of student copies; only such a folder may be replaced.
MARKER = ".student-copies"


def student_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` without worked solutions and without outputs."""
    copy = nbformat.from_dict(nb)
    for i, cell in enumerate(copy.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if "solution" in tags:
            answer = nbformat.v4.new_code_cell(ANSWER_SOURCE)
            answer.metadata["tags"] = ["answer"]
            answer.id = cell.get("id", answer.id)
            copy.cells[i] = answer
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    copy.metadata.pop("widgets", None)
    return copy


def main(argv: list[str] | None = None) -> int:
    """Write the copies; return the exit status (1 when the target exists without --force)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="notebooks", type=Path)
    parser.add_argument("target", nargs="?", default="build/student", type=Path)
    parser.add_argument("--force", action="store_true", help="replace an existing target")
    args = parser.parse_args(argv)

    target, source = args.target.resolve(), args.source.resolve()
    if target == source:
        print("error: the target must not be the source folder", file=sys.stderr)
        return 2
    if target in source.parents:
        print(
            f"error: the target {args.target} contains the source folder {args.source}; "
            "choose a new folder such as build/student",
            file=sys.stderr,
        )
        return 2
    if args.target.exists() and not args.target.is_dir():
        print(f"error: the target {args.target} is a file, not a folder", file=sys.stderr)
        return 2
    if args.target.exists() and any(args.target.iterdir()):
        if not (args.target / MARKER).is_file():
            print(
                f"error: {args.target} is not empty and was not written by this script (it has "
                f"no {MARKER} file), so it is never replaced, not even with --force; choose an "
                "empty or new folder such as build/student",
                file=sys.stderr,
            )
            return 2
        if not args.force:
            print(
                f"error: {args.target} exists and may hold your work; "
                "move it away, or run 'make student FORCE=1' to replace it",
                file=sys.stderr,
            )
            return 1
        shutil.rmtree(args.target)
    args.target.mkdir(parents=True, exist_ok=True)
    notebooks = sorted(args.source.glob("*.ipynb"))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        copy = student_copy(nb)
        nbformat.validate(copy)
        nbformat.write(copy, args.target / path.name)
    (args.target / MARKER).write_text(
        "Student copies written by scripts/student_copies.py; "
        "`make student FORCE=1` may replace this folder.\n"
    )
    print(f"wrote {len(notebooks)} student copies to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
