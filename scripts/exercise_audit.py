"""Audit the exercises: a table of the registry, and every notebook checked against the design.

Usage: ``python scripts/exercise_audit.py [NOTEBOOK_DIR]`` (default ``notebooks``).

It prints one row per registered exercise (id, notebook, lecture items, difficulty, and
how many right and wrong answers its registry entry tests, with how many of them get the
expected verdict), then the audit of every notebook:

* no check call in a non-solution cell carries an expected answer: the old
  ``checks.check_number(my_x, 0.2)`` style is flagged, and ``exercises.check`` may only
  receive the exercise id and plain names;
* every worked solution is collapsed (source and outputs hidden), has no stored text
  output, and ends by asserting ``exercises.check(id, ..., quiet=True)``;
* the exercise ids in each notebook and in the registry match: each registered id is
  checked exactly once in an answer cell and once in a solution cell of its notebook;
* the exercise headings follow ``### Exercise N (★★): title`` with N = 1, 2, ... and
  the registry's difficulty, 3-4 exercises per notebook with at least one ★★★;
* no cell outside a worked solution shows a numeric reference answer.

Exit status 1 when any notebook breaks a rule. ``tests/test_exercise_contract.py``
runs the same rules.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

#: The self-checks of helpers.checks: each takes the expected answer as an argument.
OLD_CHECKS = {
    "check_number",
    "check_array",
    "check_function",
    "check_gradient_function",
    "check_choice",
}
HEADING = re.compile(r"^###\s+Exercise\s+(\d+)\s*\((★{1,3})\)\s*:\s*(.+?)\s*$", re.M)
LECTURE_MARK = re.compile(r"\[lecture\s+(\d+)(?:\s*[-,]\s*(\d+))?\]", re.I)


@dataclass
class CheckCall:
    """One ``exercises.check(...)`` call found in a cell."""

    cell: int
    exercise_id: str | None
    quiet: bool
    asserted: bool
    problems: list[str] = field(default_factory=list)


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def is_solution(cell: dict) -> bool:
    """Tell whether a cell is a worked solution (tagged ``solution``)."""
    return "solution" in _tags(cell)


def _parse(source: str) -> ast.Module | None:
    # IPython magics and shell escapes are not Python: blank them before parsing
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        base = func.value.id if isinstance(func.value, ast.Name) else "?"
        return f"{base}.{func.attr}"
    if isinstance(func, ast.Name):
        return func.id
    return "?"


def _plain(node: ast.expr) -> bool:
    """Tell whether an argument is a plain name, or a tuple of names (the reader's answers)."""
    if isinstance(node, (ast.Tuple, ast.List)):
        return bool(node.elts) and all(isinstance(e, ast.Name) for e in node.elts)
    return isinstance(node, ast.Name)


def check_calls(source: str, cell: int, *, solution: bool) -> tuple[list[CheckCall], list[str]]:
    """Find the ``exercises.check`` calls of a cell and the problems of its check calls.

    Returns the calls and a list of problems: old-style checks with an expected answer
    (outside solutions), and arguments other than the id and plain names.
    """
    tree = _parse(source)
    if tree is None:
        return [], [f"cell {cell}: could not be parsed as Python"]
    asserted = {id(node.test) for node in ast.walk(tree) if isinstance(node, ast.Assert)}
    calls, problems = [], []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        short = name.rsplit(".", 1)[-1]
        if short in OLD_CHECKS and not solution:
            problems.append(
                f"cell {cell}: {name}(...) passes the expected answer in a non-solution cell "
                "(use exercises.check with the exercise id)"
            )
            continue
        first = node.args[0] if node.args else None
        id_first = isinstance(first, ast.Constant) and isinstance(first.value, str)
        if not (name == "exercises.check" or (name == "check" and id_first)):
            continue
        found = CheckCall(cell, None, quiet=False, asserted=id(node) in asserted)
        if id_first:
            found.exercise_id = first.value
        else:
            found.problems.append(f"cell {cell}: {name}'s first argument must be the id string")
        for arg in node.args[1:]:
            if not _plain(arg):
                found.problems.append(
                    f"cell {cell}: {name}({found.exercise_id!r}, ...) has an argument "
                    f"`{ast.unparse(arg)}`; only the reader's names may follow the id"
                )
        for keyword in node.keywords:
            if keyword.arg == "quiet":
                if isinstance(keyword.value, ast.Constant) and keyword.value.value is True:
                    found.quiet = True
                if not solution:
                    found.problems.append(
                        f"cell {cell}: quiet=... belongs in worked solutions, not answer cells"
                    )
            elif keyword.arg is None or not _plain(keyword.value):
                shown = ast.unparse(keyword.value)
                found.problems.append(
                    f"cell {cell}: {name}({found.exercise_id!r}, ...) has a keyword argument "
                    f"`{keyword.arg}={shown}`; context must be a name defined in the notebook"
                )
        if not solution:
            problems.extend(found.problems)
        calls.append(found)
    return calls, problems


def _text_outputs(cell: dict) -> list[str]:
    texts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            text = out.get("text", "")
            texts.append("".join(text) if isinstance(text, list) else text)
        elif out.get("output_type") == "error":
            texts.append(out.get("ename", "error"))
        else:
            data = out.get("data", {})
            for key, value in data.items():
                if not key.startswith("image/"):
                    texts.append("".join(value) if isinstance(value, list) else str(value))
    return [t for t in texts if t.strip()]


def _reference_strings(value: Any) -> set[str]:
    """Ways a numeric reference answer could be printed (only distinctive ones)."""
    parts = value if isinstance(value, (tuple, list)) else (value,)
    shown = set()
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, (int, float, np.number)):
            continue
        number = float(part)
        if not math.isfinite(number) or (number.is_integer() and abs(number) < 10_000):
            continue
        for fmt in (".4g", ".5g", ".6g", ".4f"):
            text = format(number, fmt)
            if len(text.lstrip("-0.").replace(".", "")) >= 4:
                shown.add(text)
        shown.add(repr(number))
    return shown


def _exercise_headings(nb: dict) -> list[tuple[int, int, str, str]]:
    """(cell index, number, stars, title) of every exercise heading in markdown cells."""
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        for match in HEADING.finditer(_source(cell)):
            found.append((i, int(match.group(1)), match.group(2), match.group(3)))
    return found


def _lecture_items(text: str) -> set[int]:
    items = set()
    for match in LECTURE_MARK.finditer(text):
        lo = int(match.group(1))
        hi = int(match.group(2)) if match.group(2) else lo
        items.update(range(lo, hi + 1))
    return items


def audit_notebook(path: Path, registry: dict, *, require_registry: bool = True) -> list[str]:
    """Return every rule the notebook breaks (empty when it follows the design).

    With ``require_registry=False`` only the rules that hold for notebooks not yet moved
    to the registry are applied: the ``exercises.check`` calls present use registered ids
    of this notebook with nothing but names after the id, and solutions check quietly.
    """
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    number = Path(path).name[:2]
    problems: list[str] = []
    answer_ids: list[str] = []
    solution_ids: list[str] = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        solution = is_solution(cell)
        calls, cell_problems = check_calls(_source(cell), i, solution=solution)
        if require_registry:
            problems.extend(cell_problems)
        else:
            problems.extend(p for c in calls for p in c.problems if not solution)
        for call in calls:
            if call.exercise_id is None:
                continue
            known = registry.get(call.exercise_id)
            if known is None:
                problems.append(f"cell {i}: exercise id {call.exercise_id!r} is not registered")
            elif known.notebook != number:
                problems.append(
                    f"cell {i}: exercise {call.exercise_id!r} belongs to notebook {known.notebook}"
                )
            if solution:
                solution_ids.append(call.exercise_id)
                if not (call.quiet and call.asserted):
                    problems.append(
                        f"cell {i}: the worked solution must `assert exercises.check("
                        f"{call.exercise_id!r}, ..., quiet=True)`"
                    )
            else:
                answer_ids.append(call.exercise_id)
    if not require_registry:
        return problems

    for i, cell in enumerate(nb["cells"]):
        if not is_solution(cell):
            continue
        hidden = cell.get("metadata", {}).get("jupyter", {})
        if hidden.get("source_hidden") is not True or hidden.get("outputs_hidden") is not True:
            problems.append(
                f"cell {i}: a worked solution needs jupyter.source_hidden and outputs_hidden true"
            )
        if cell["cell_type"] == "code" and _text_outputs(cell):
            shown = _text_outputs(cell)[0].strip().splitlines()[0][:60]
            problems.append(f"cell {i}: a worked solution has stored text output: {shown!r}")

    mine = sorted(e for e, ex in registry.items() if ex.notebook == number)
    for exercise_id in mine:
        n_answer, n_solution = answer_ids.count(exercise_id), solution_ids.count(exercise_id)
        if n_answer != 1 or n_solution != 1:
            problems.append(
                f"exercise {exercise_id!r} is checked {n_answer} time(s) in answer cells and "
                f"{n_solution} time(s) in solutions; exactly once each is expected"
            )

    headings = _exercise_headings(nb)
    # the start page and the revision sheet (a summary notebook) have no exercises
    summary = nb.get("metadata", {}).get("companion", {}).get("summary") is True
    if number != "00" and not summary:
        if not 3 <= len(headings) <= 4:
            problems.append(f"{len(headings)} exercise headings; 3-4 are expected")
        if headings and not any(len(stars) == 3 for _, _, stars, _ in headings):
            problems.append("no ★★★ exercise; at least one substantial exercise is expected")
    for k, (i, n, stars, _title) in enumerate(headings, start=1):
        if n != k:
            problems.append(f"cell {i}: exercise {n} where exercise {k} is expected")
        ids = [e for e in mine if registry[e].number == n]
        if not ids:
            problems.append(f"cell {i}: exercise {n} has no registered exercise {number}.{n}-...")
            continue
        exercise = registry[ids[0]]
        if len(stars) != exercise.difficulty:
            problems.append(
                f"cell {i}: exercise {n} is marked {stars} but {exercise.id} has difficulty "
                f"{exercise.difficulty}"
            )
        task = _source(nb["cells"][i])
        if exercise.lecture and not (_lecture_items(task) & set(exercise.lecture)):
            problems.append(
                f"cell {i}: exercise {n}'s task names no [lecture N] of {exercise.lecture}"
            )
        following = nb["cells"][i + 1 : i + 3]
        kinds = [("solution" if is_solution(c) else c["cell_type"]) for c in following]
        if kinds != ["code", "solution"]:
            problems.append(
                f"cell {i}: exercise {n} must be followed by its answer cell and its worked "
                f"solution, found {kinds}"
            )
        elif f'"{exercise.id}"' not in _source(following[0]) or "..." not in _source(following[0]):
            problems.append(
                f"cell {i + 1}: the answer cell of exercise {n} needs a `...` placeholder and "
                f"the check of {exercise.id!r}"
            )

    references = {}
    for exercise_id in mine:
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                value = registry[exercise_id].right[0]()
            except Exception:  # a broken reference is the registry test's business
                continue
        for text in _reference_strings(value):
            references[text] = exercise_id
    for i, cell in enumerate(nb["cells"]):
        if is_solution(cell):
            continue
        visible = _source(cell) + "\n".join(_text_outputs(cell))
        for text, exercise_id in references.items():
            if re.search(rf"(?<![\d.]){re.escape(text)}(?!\d)", visible):
                problems.append(
                    f"cell {i}: shows {text}, the answer of {exercise_id}, outside its solution"
                )
    return problems


def registry_table(registry: dict) -> list[dict]:
    """One row per exercise, with how many of its right and wrong answers get their verdict."""
    from helpers.exercises import check

    rows = []
    for exercise in sorted(registry.values(), key=lambda e: e.id):
        context = exercise.context() if exercise.context else {}
        right_ok = wrong_ok = 0
        for make in exercise.right:
            right_ok += bool(check(exercise.id, make(), quiet=True, **context))
        for make, expected in exercise.wrong:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                verdict = check(exercise.id, make(), **context)
            wrong_ok += (not verdict) and expected.lower() in out.getvalue().lower()
        rows.append(
            {
                "id": exercise.id,
                "notebook": exercise.notebook,
                "lecture": ",".join(map(str, exercise.lecture)) or "-",
                "difficulty": "★" * exercise.difficulty,
                "right": f"{right_ok}/{len(exercise.right)}",
                "wrong": f"{wrong_ok}/{len(exercise.wrong)}",
                "title": exercise.title,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the table and the audit; return 1 when a notebook or a registry entry fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=ROOT / "notebooks", type=Path)
    args = parser.parse_args(argv)

    from helpers.exercises import EXERCISES

    rows = registry_table(EXERCISES)
    columns = ["id", "notebook", "lecture", "difficulty", "right", "wrong", "title"]
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        print("  ".join(row[c].ljust(widths[c]) for c in columns).rstrip())
    n_right = sum(len(e.right) for e in EXERCISES.values())
    n_wrong = sum(len(e.wrong) for e in EXERCISES.values())
    failing = [
        r["id"]
        for r in rows
        if len(set(r["right"].split("/"))) > 1 or len(set(r["wrong"].split("/"))) > 1
    ]
    print(
        f"\n{len(rows)} exercises, {n_right} right and {n_wrong} wrong answers tested; "
        f"{len(failing)} with an unexpected verdict {failing if failing else ''}".rstrip()
    )

    status = 1 if failing else 0
    print("\nAudit of the notebooks:")
    for path in sorted(args.folder.glob("*.ipynb")):
        problems = audit_notebook(path, EXERCISES)
        print(f"{path.name}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        for problem in problems:
            print(f"    {problem}")
        status = status or (1 if problems else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
