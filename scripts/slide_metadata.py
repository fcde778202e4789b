"""Give every notebook cell a reveal.js slide type, by the notebook's own structure.

Usage: ``python scripts/slide_metadata.py notebooks/*.ipynb``. Only cells without a
slide type get one (a type chosen by hand is kept); outputs are not touched.

* the opening cell and every ``##`` section start a slide; ``###`` starts a subslide;
* worked solutions and live-widget cells are skipped (a deck cannot run a kernel; the
  static figure stored after each widget shows instead);
* everything else continues the current slide.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def slide_type(index: int, cell: nbformat.NotebookNode) -> str:
    """Choose the slide type of one cell."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    source = cell.source.lstrip()
    if index == 0:
        return "slide"
    if "solution" in tags:
        return "skip"
    if cell.cell_type == "code" and any(
        WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", [])
    ):
        return "skip"
    if cell.cell_type == "markdown" and source.startswith("## "):
        return "slide"
    if cell.cell_type == "markdown" and source.startswith("### "):
        return "subslide"
    return "-"


def annotate(path: Path) -> int:
    """Add missing slide types to one notebook; return how many cells changed."""
    nb = nbformat.read(path, as_version=4)
    changed = 0
    for i, cell in enumerate(nb.cells):
        show = cell.metadata.setdefault("slideshow", {})
        if "slide_type" not in show:
            show["slide_type"] = slide_type(i, cell)
            changed += 1
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {annotate(Path(name))} cells given a slide type")
