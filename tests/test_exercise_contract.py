"""The exercise contract, on every notebook: answers out of sight, checks by id, quiet solutions.

The rules live in ``scripts/exercise_audit.py`` (which also prints them as a report):

* every ``exercises.check`` call in a notebook uses a registered id of that notebook,
  receives nothing but the reader's names after the id, and solutions check with
  ``quiet=True`` inside an ``assert``;
* no ``checks.check_*`` call with an expected answer outside solutions; solutions
  collapsed with their outputs hidden and no stored text; each registered exercise
  checked exactly once in an answer cell and once in a solution of its notebook;
  headings ``### Exercise N (★★): title`` matching the registry; 3-4 exercises with a
  ★★★ (except the start page and the revision sheet); no reference answer shown
  outside solutions.

The fixture tests below apply the rules to a small notebook that follows the design,
and to copies of it with each rule broken.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from helpers.exercises import EXERCISES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FIXTURE = ROOT / "tests" / "fixtures" / "exercises" / "01-fixture.json"

_spec = importlib.util.spec_from_file_location("exercise_audit", ROOT / "scripts/exercise_audit.py")
audit = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("exercise_audit", audit)  # dataclasses look their module up there
_spec.loader.exec_module(audit)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_exercises_follow_the_contract(path):
    problems = audit.audit_notebook(path, EXERCISES)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_every_registered_exercise_has_its_notebook():
    numbers = {p.name[:2] for p in NOTEBOOKS}
    orphans = sorted(e.id for e in EXERCISES.values() if e.notebook not in numbers)
    assert not orphans, f"registered exercises without a notebook: {orphans}"


# --- the rules themselves, on a fixture that follows the design --------------------------------


def _fixture() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _write(nb: dict, folder: Path) -> Path:
    path = folder / "01-fixture.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def _cell(nb: dict, cell_id: str) -> dict:
    return next(c for c in nb["cells"] if c.get("id") == cell_id)


def _replace(cell: dict, old: str, new: str) -> None:
    source = "".join(cell["source"])
    assert old in source, (old, source)
    cell["source"] = source.replace(old, new)


@pytest.mark.parametrize("strict", [True, False])
def test_the_fixture_follows_the_contract(tmp_path, strict):
    path = _write(_fixture(), tmp_path)
    assert audit.audit_notebook(path, EXERCISES, require_registry=strict) == []


def _literal_answer(nb):
    _replace(_cell(nb, "ex01-1-answer"), "my_terabytes)", "2621.44)")


def _expression(nb):
    _replace(_cell(nb, "ex01-1-answer"), "my_terabytes)", "my_terabytes * 1)")


def _literal_context(nb):
    _replace(_cell(nb, "ex01-1-answer"), "my_terabytes)", "my_terabytes, scale=2)")


def _unknown_id(nb):
    _replace(_cell(nb, "ex01-1-answer"), '"01.1-hessian-size"', '"01.9-unknown"')


def _foreign_id(nb):
    _replace(_cell(nb, "ex01-1-answer"), '"01.1-hessian-size"', '"02.1-slope"')


def _loud_solution(nb):
    _replace(_cell(nb, "ex01-1-solution"), ", quiet=True)", ")")


def _old_style_check(nb):
    _replace(
        _cell(nb, "ex01-1-answer"),
        'exercises.check("01.1-hessian-size", my_terabytes)',
        "checks.check_number(my_terabytes, 2621.44)",
    )


def _solution_output(nb):
    _cell(nb, "ex01-1-solution")["outputs"] = [
        {"name": "stdout", "output_type": "stream", "text": ["Correct: it is 2621.44.\n"]}
    ]


def _outputs_shown(nb):
    del _cell(nb, "ex01-2-solution")["metadata"]["jupyter"]["outputs_hidden"]


def _missing_exercise(nb):
    nb["cells"] = [c for c in nb["cells"] if not c.get("id", "").startswith("ex01-2-")]


def _wrong_stars(nb):
    _replace(_cell(nb, "ex01-3-task"), "(★★★)", "(★★)")


def _no_lecture_marker(nb):
    _replace(_cell(nb, "ex01-2-task"), "**[lecture 3]**", "")


def _answer_in_task(nb):
    _replace(_cell(nb, "ex01-1-task"), "Assign the number", "(About 2621.44.) Assign the number")


def _answer_in_output(nb):
    _cell(nb, "ex01-1-answer")["outputs"][0]["text"] = ["Correct: 2621.44\n"]


VIOLATIONS = [
    (_literal_answer, "has an argument `2621.44`", True),
    (_expression, "has an argument `my_terabytes * 1`", True),
    (_literal_context, "keyword argument `scale=2`", True),
    (_unknown_id, "'01.9-unknown' is not registered", True),
    (_foreign_id, "belongs to notebook 02", True),
    (_loud_solution, "quiet=True", True),
    (_old_style_check, "passes the expected answer", False),
    (_solution_output, "stored text output", False),
    (_outputs_shown, "outputs_hidden", False),
    (_missing_exercise, "'01.2-descent' is checked 0 time(s)", False),
    (_missing_exercise, "exercise 3 where exercise 2 is expected", False),
    (_wrong_stars, "has difficulty 3", False),
    (_no_lecture_marker, "names no [lecture N]", False),
    (_answer_in_task, "the answer of 01.1-hessian-size", False),
    (_answer_in_output, "the answer of 01.1-hessian-size", False),
]


@pytest.mark.parametrize(
    ("breaks", "message", "always"), VIOLATIONS, ids=[v[0].__name__.strip("_") for v in VIOLATIONS]
)
def test_each_broken_rule_is_reported(tmp_path, breaks, message, always):
    nb = copy.deepcopy(_fixture())
    breaks(nb)
    path = _write(nb, tmp_path)
    strict = audit.audit_notebook(path, EXERCISES, require_registry=True)
    assert any(message in p for p in strict), strict
    lenient = audit.audit_notebook(path, EXERCISES, require_registry=False)
    assert any(message in p for p in lenient) == always, lenient


def test_the_audit_script_reports_and_sets_its_exit_status(tmp_path, capsys):
    _write(_fixture(), tmp_path)
    assert audit.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "01.3-tilted-bowl" in out and "01-fixture.ipynb: ok" in out
    assert f"{len(EXERCISES)} exercises" in out
    nb = _fixture()
    _literal_answer(nb)
    _write(nb, tmp_path)
    assert audit.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "01-fixture.ipynb: ok" not in out and "has an argument `2621.44`" in out
