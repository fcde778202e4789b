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
    stray = {key: places for key, places in lecture_map.markers().items() if key not in known}
    assert not stray, f"markers that name no outline item or erratum: {stray}"


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


def test_summary_notebooks_are_not_collected(tmp_path):
    # a revision sheet repeats every formula; the map must keep pointing at the sections that
    # show and check them, not at the sheet
    for name, kind in (("01-a.ipynb", None), ("10-sheet.ipynb", "summary")):
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell("## 1. A section\n\nx [lecture 3] [erratum E6]")]
        )
        if kind:
            nb.metadata["companion"] = {"kind": kind}
        nbformat.write(nb, tmp_path / name)
    found = lecture_map.markers(tmp_path)
    assert found == {"3": [("01-a.ipynb", "1. A section")], "N1": [("01-a.ipynb", "1. A section")]}
