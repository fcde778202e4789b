"""Links between notebooks land on a notebook that exists and on a heading that exists in it.

The revision sheet (notebooks/10-revision-sheet.ipynb) links every formula to the section that
derives and checks it, as ``NN-name.ipynb#Heading-anchor``. JupyterLab builds a heading's anchor
from the rendered heading's text with every space replaced by ``-`` (``createHeaderId`` in
``@jupyterlab/rendermime``), so renaming a section in one notebook silently breaks a link in
another; these tests catch it. Headings with maths are never link targets: their rendered text,
and so their anchor, depends on the maths renderer.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
SHEET = FOLDER / "10-revision-sheet.ipynb"
HEADING = re.compile(r"^#{1,6} +(.+?)\s*$", re.M)


def markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def links(text: str) -> list[str]:
    """Targets of Markdown links ``[text](target)``; parentheses inside a target must balance."""
    found = []
    for match in re.finditer(r"\]\(", text):
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        found.append(text[match.end() : end - 1])
    return found


def notebook_links(text: str) -> list[tuple[str, str | None]]:
    """(notebook, anchor or None) for every relative link to a notebook."""
    out = []
    for target in links(text):
        name, _, anchor = target.partition("#")
        if name.endswith(".ipynb") and "/" not in name and ":" not in name:
            out.append((name, anchor or None))
    return out


def anchor(heading: str) -> str:
    """The anchor JupyterLab gives a heading: its text as rendered, spaces replaced by '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link renders as its text
    text = text.replace("`", "").replace("**", "").replace("__", "")
    return text.strip().replace(" ", "-")


def headings(path: Path) -> dict[str, str]:
    return {anchor(h): h for h in HEADING.findall(markdown(path))}


def test_anchor_follows_jupyterlab():
    assert anchor("6. The lab") == "6.-The-lab"
    assert (
        anchor("1. Training is optimisation [lecture 1]")
        == "1.-Training-is-optimisation-[lecture-1]"
    )
    assert anchor("Exercise 2: your own `sgd_factorise`") == "Exercise-2:-your-own-sgd_factorise"
    assert anchor("A **bold** [link](x.ipynb) ") == "A-bold-link"


def test_links_finds_targets_with_parentheses():
    text = "see [a](04-x.ipynb#The-layout-(read-this)) and [b](https://example.org) [c](05-y.ipynb)"
    assert notebook_links(text) == [("04-x.ipynb", "The-layout-(read-this)"), ("05-y.ipynb", None)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_links_to_notebooks_and_headings_exist(path):
    for name, fragment in notebook_links(markdown(path)):
        target = FOLDER / name
        assert target.exists(), f"{path.name} links to {name}, which does not exist"
        if fragment is None:
            continue
        known = headings(target)
        assert fragment in known, (
            f"{path.name} links to {name}#{fragment}, but {name} has no such heading; "
            f"its headings: {sorted(known)}"
        )
        assert "$" not in known[fragment], f"{path.name} links to a heading with maths: {fragment}"


def test_the_revision_sheet_links_every_lecture_notebook():
    linked = {name for name, _ in notebook_links(markdown(SHEET))}
    lecture = {p.name for p in NOTEBOOKS if re.match(r"0[1-8]-", p.name)}
    assert lecture <= linked, f"not linked from the revision sheet: {sorted(lecture - linked)}"
    anchored = [fragment for _, fragment in notebook_links(markdown(SHEET)) if fragment]
    assert len(anchored) >= 25  # most formulas point at their section, not just a notebook
