"""Student copies (``make student``): no worked solution survives, and each copy runs."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

_spec = importlib.util.spec_from_file_location("student_copies", ROOT / "scripts/student_copies.py")
student_copies = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(student_copies)


def _solution_lines(nb) -> set[str]:
    """The meaningful lines of every worked solution (comments and blank lines aside)."""
    lines = set()
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                text = line.strip()
                if text and not text.startswith("#") and len(text) > 12:
                    lines.add(text)
    return lines


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_solution_survives_and_outputs_are_cleared(path):
    nb = nbformat.read(path, as_version=4)
    copy = student_copies.student_copy(nb)
    nbformat.validate(copy)
    solutions = _solution_lines(nb)
    other_code = {
        line.strip()
        for cell in nb.cells
        if "solution" not in cell.metadata.get("tags", [])
        for line in cell.source.splitlines()
    }
    leaked = [
        line
        for cell in copy.cells
        for line in cell.source.splitlines()
        if line.strip() in solutions - other_code
    ]
    assert not leaked, f"{path.name}: solution lines in the student copy: {leaked[:3]}"
    assert all(not c.get("outputs") for c in copy.cells if c.cell_type == "code")
    n_solutions = sum("solution" in c.metadata.get("tags", []) for c in nb.cells)
    assert sum("answer" in c.metadata.get("tags", []) for c in copy.cells) == n_solutions


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if not p.name.startswith("00-")], ids=lambda p: p.name
)
def test_copy_runs_up_to_its_first_exercise(path, tmp_path):
    copy = student_copies.student_copy(nbformat.read(path, as_version=4))
    answers = [i for i, c in enumerate(copy.cells) if "answer" in c.metadata.get("tags", [])]
    first = answers[0] if answers else len(copy.cells)  # no exercises yet: the whole notebook
    copy.cells = copy.cells[:first]
    client = NotebookClient(copy, timeout=120, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [
        o
        for c in copy.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert not errors


def test_refuses_to_overwrite_without_force(tmp_path, capsys):
    source = tmp_path / "nbs"
    source.mkdir()
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution"]}),
        ]
    )
    nbformat.write(nb, source / "a.ipynb")
    before = (source / "a.ipynb").read_bytes()
    target = tmp_path / "student"
    assert student_copies.main([str(source), str(target)]) == 0
    (target / "my-work.txt").write_text("my answers")
    assert student_copies.main([str(source), str(target)]) == 1
    assert "FORCE=1" in capsys.readouterr().err
    assert (target / "my-work.txt").read_text() == "my answers"
    assert student_copies.main([str(source), str(target), "--force"]) == 0
    assert not (target / "my-work.txt").exists()
    assert (source / "a.ipynb").read_bytes() == before
    copied = json.loads((target / "a.ipynb").read_text())
    assert "".join(copied["cells"][0]["source"]).startswith("# Your worked solution")


def _source_with_one_notebook(tmp_path):
    source = tmp_path / "nbs"
    source.mkdir()
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), source / "a.ipynb"
    )
    return source


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_refuses_a_non_empty_folder_it_did_not_write_even_with_force(tmp_path, capsys, force):
    # "student_copies.py notebooks . --force" used to delete the whole checkout
    source = _source_with_one_notebook(tmp_path)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "README.md").write_text("precious")
    assert student_copies.main([str(source), str(checkout), *force]) == 2
    assert "was not written by this script" in capsys.readouterr().err
    assert (checkout / "README.md").read_text() == "precious"
    assert not (checkout / "a.ipynb").exists()


def test_refuses_a_target_that_contains_the_source(tmp_path, capsys, monkeypatch):
    source = _source_with_one_notebook(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / student_copies.MARKER).write_text("even a marker does not make this safe")
    assert student_copies.main([str(source), ".", "--force"]) == 2
    assert "contains the source folder" in capsys.readouterr().err
    assert (source / "a.ipynb").exists()


def test_uses_an_empty_folder_and_replaces_its_own_build(tmp_path):
    source = _source_with_one_notebook(tmp_path)
    target = tmp_path / "empty"
    target.mkdir()
    assert student_copies.main([str(source), str(target)]) == 0
    assert (target / student_copies.MARKER).is_file() and (target / "a.ipynb").is_file()
    (target / "old.ipynb").write_text("{}")
    assert student_copies.main([str(source), str(target), "--force"]) == 0
    assert not (target / "old.ipynb").exists() and (target / "a.ipynb").is_file()


def test_refuses_a_file_as_target(tmp_path, capsys):
    source = _source_with_one_notebook(tmp_path)
    (tmp_path / "file").write_text("x")
    assert student_copies.main([str(source), str(tmp_path / "file"), "--force"]) == 2
    assert "is a file" in capsys.readouterr().err
