"""The lecture map covers every outline item and erratum, and the stored tables are current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("lecture_map", ROOT / "scripts/lecture_map.py")
lecture_map = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lecture_map)


def test_the_map_lists_all_23_items_the_errata_and_the_notes():
    assert list(lecture_map.ITEMS) == [str(i) for i in range(1, 24)]
    # E6 became note N1; the other errata keep their numbers, so references to them stay valid
    numbers = [int(key[1:]) for key in lecture_map.ERRATA if key.startswith("E")]
    assert len(numbers) == len(lecture_map.ERRATA) and numbers == sorted(set(numbers))
    assert list(lecture_map.NOTES) == [f"N{i}" for i in range(1, len(lecture_map.NOTES) + 1)]
    for old, new in lecture_map.RENAMED.items():
        assert old not in lecture_map.ERRATA and new in lecture_map.NOTES


def test_every_item_and_erratum_is_shown_in_a_section():
    found = lecture_map.markers()
    missing = [
        key
        for key in [*lecture_map.ITEMS, *lecture_map.ERRATA, *lecture_map.NOTES]
        if not any(s.lower() not in ("summary", "introduction") for _, s in found.get(key, []))
    ]
    assert not missing, f"no notebook section marks these items: {missing}"


def test_every_marker_points_at_an_item():
    known = set(lecture_map.ITEMS) | set(lecture_map.ERRATA) | set(lecture_map.NOTES)
    for beyond in (False, True):
        found = lecture_map.markers(beyond=beyond)
        stray = {key: places for key, places in found.items() if key not in known}
        assert not stray, f"markers that name no outline item or erratum: {stray}"


def _notebook(path: Path, title: str, sections: dict[str, str], beyond: bool) -> None:
    cells = [nbformat.v4.new_markdown_cell(f"# {title}")]
    cells += [nbformat.v4.new_markdown_cell(f"## {h}\n\n{text}") for h, text in sections.items()]
    nb = nbformat.v4.new_notebook(cells=cells)
    if beyond:
        nb.metadata["companion"] = {"beyond_lecture": True}
    nbformat.write(nb, path)


def test_a_beyond_the_lecture_notebook_gets_its_own_row_and_covers_nothing(tmp_path):
    _notebook(tmp_path / "01-a.ipynb", "01 - A", {"1. Shown here [lecture 1]": "text"}, False)
    _notebook(
        tmp_path / "02-b.ipynb",
        "02 - Further on",
        {"1. Uses it [lecture 2]": "text [erratum E1]", "2. No marker": "", "Summary": ""},
        True,
    )
    assert lecture_map.markers(tmp_path) == {"1": [("01-a.ipynb", "1. Shown here")]}
    assert lecture_map.markers(tmp_path, beyond=True) == {
        "2": [("02-b.ipynb", "1. Uses it")],
        "E1": [("02-b.ipynb", "1. Uses it")],
    }
    table = lecture_map.render("nb/", tmp_path)
    item_2 = "| 2 | First-order methods; the Hessian is impractical for many parameters |"
    assert f"{item_2} **not covered** |" in table  # a beyond notebook's marker shows nothing
    assert table.splitlines()[-1] == (
        "| beyond | *Beyond the lecture:* Further on (builds on 2, E1) | "
        "[02](nb/02-b.ipynb): 1. Uses it; 2. No marker |"
    )


def test_the_automatic_differentiation_notebook_is_beyond_the_lecture():
    nb = nbformat.read(ROOT / "notebooks/09-automatic-differentiation.ipynb", as_version=4)
    assert lecture_map.is_beyond_the_lecture(nb)
    assert not any("09-" in name for places in lecture_map.markers().values() for name, _ in places)
    assert "| beyond | *Beyond the lecture:* From the chain rule to automatic differentiation" in (
        lecture_map.render()
    )


def test_stored_tables_are_up_to_date():
    readme = (ROOT / "README.md").read_text()
    assert lecture_map.render("notebooks/") in readme, (
        "README's lecture map is out of date: run 'python scripts/lecture_map.py --write'"
    )
    start_here = nbformat.read(ROOT / "notebooks/00-start-here.ipynb", as_version=4)
    text = "\n".join(c.source for c in start_here.cells if c.cell_type == "markdown")
    assert lecture_map.render() in text, (
        "00-start-here's lecture map is out of date: run 'python scripts/lecture_map.py --write'"
    )


def test_summary_notebooks_are_not_read(tmp_path):
    # a revision sheet repeats every formula; the map must keep pointing at the sections that
    # show and check them, not at the sheet. An old [erratum E6] marker counts as note N1.
    _notebook(
        tmp_path / "01-a.ipynb", "01 - A", {"1. A section": "[lecture 3] [erratum E6]"}, False
    )
    _notebook(tmp_path / "10-sheet.ipynb", "10 - Sheet", {"1. Everything": "[lecture 4]"}, False)
    sheet = nbformat.read(tmp_path / "10-sheet.ipynb", as_version=4)
    sheet.metadata["companion"] = {"summary": True}
    nbformat.write(sheet, tmp_path / "10-sheet.ipynb")
    assert lecture_map.markers(tmp_path) == {
        "3": [("01-a.ipynb", "1. A section")],
        "N1": [("01-a.ipynb", "1. A section")],
    }
    assert lecture_map.markers(tmp_path, beyond=True) == {}
    assert "| N1 | Not a slip" in lecture_map.render("", tmp_path)
