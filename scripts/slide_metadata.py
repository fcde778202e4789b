"""The slide structure of a notebook, read from the notebook itself.

``make slides`` and ``make handouts`` apply these rules at build time to whatever the
notebooks hold, so a new section, figure or explorer needs no slide metadata:

* the opening cell and every ``##`` section start a slide; ``###`` starts a subslide
  (also when the heading sits in the middle of a markdown cell);
* worked solutions and live-widget cells are skipped (a deck cannot run a kernel);
* a skipped live explorer leaves a one-line cue, "Live in the notebook: <section>, cell N",
  beside the static figure that the notebook stores next to it (`live_explorers`);
* everything else continues the current slide.

A slide type set by hand in JupyterLab's property inspector (``skip``, ``notes``, ``slide``,
``subslide``) is kept. ``python scripts/slide_metadata.py notebooks/*.ipynb`` writes the
rules' types into cells that have none, for people who present from JupyterLab with a
slideshow extension; the decks do not need it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

__all__ = [
    "FIGURE_MIMES",
    "WIDGET_MIME",
    "LiveExplorer",
    "cue_text",
    "figure_outputs",
    "heading_text",
    "headings",
    "is_skipped",
    "is_widget_cell",
    "live_explorers",
    "slide_type",
]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
#: Output types that a deck and a handout show as a picture.
FIGURE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
#: A markdown heading line (ATX style): its level and its text.
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
#: Slide types chosen by hand that the build keeps.
KEPT_TYPES = ("skip", "notes", "slide", "subslide")


def is_widget_cell(cell: nbformat.NotebookNode) -> bool:
    """Return whether a code cell displays a live widget.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("slider")
    >>> cell.outputs = [nbformat.v4.new_output("display_data", {WIDGET_MIME: {}})]
    >>> is_widget_cell(cell), is_widget_cell(nbformat.v4.new_code_cell("1 + 1"))
    (True, False)
    """
    return cell.cell_type == "code" and any(
        WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", [])
    )


def slide_type(index: int, cell: nbformat.NotebookNode) -> str:
    """Choose the slide type of one cell by the rules above.

    Parameters
    ----------
    index : int
        The cell's position in the notebook (0 for the opening cell).
    cell : NotebookNode
        The cell.

    Returns
    -------
    str
        ``"slide"``, ``"subslide"``, ``"skip"`` or ``"-"`` (continue the current slide).

    Examples
    --------
    >>> slide_type(3, nbformat.v4.new_markdown_cell("## 2. Partials"))
    'slide'
    >>> slide_type(4, nbformat.v4.new_markdown_cell("### Exercise 1"))
    'subslide'
    >>> slide_type(5, nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution"]}))
    'skip'
    """
    tags = set(cell.get("metadata", {}).get("tags", []))
    source = cell.source.lstrip()
    if index == 0:
        return "slide"
    if "solution" in tags or is_widget_cell(cell):
        return "skip"
    if cell.cell_type == "markdown" and source.startswith("## "):
        return "slide"
    if cell.cell_type == "markdown" and source.startswith("### "):
        return "subslide"
    return "-"


def is_skipped(index: int, cell: nbformat.NotebookNode) -> bool:
    """Return whether a deck leaves the cell out (by the rules, or by a type set by hand).

    Examples
    --------
    >>> chosen = {"slideshow": {"slide_type": "skip"}}
    >>> is_skipped(2, nbformat.v4.new_markdown_cell("Hi", metadata=chosen))
    True
    >>> is_skipped(2, nbformat.v4.new_markdown_cell("Hi"))
    False
    """
    chosen = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
    return chosen in ("skip", "notes") or slide_type(index, cell) == "skip"


def heading_text(line: str) -> tuple[int, str] | None:
    """Return the level and text of a markdown heading line, or None for other lines.

    Examples
    --------
    >>> heading_text("## 4. The three empty slides [lecture 4]")
    (2, '4. The three empty slides [lecture 4]')
    >>> heading_text("#hashtag") is None
    True
    """
    match = HEADING.match(line.rstrip())
    return (len(match[1]), match[2]) if match else None


def headings(source: str) -> list[tuple[int, int, str]]:
    r"""Return ``(line number, level, text)`` of every heading in a markdown source.

    Lines inside fenced code blocks are not headings.

    Examples
    --------
    >>> headings("Intro\n\n## A\n```\n# comment\n```\n### B")
    [(2, 2, 'A'), (6, 3, 'B')]
    """
    found, fence = [], ""
    for number, line in enumerate(source.splitlines()):
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        parsed = heading_text(line)
        if parsed:
            found.append((number, *parsed))
    return found


def figure_outputs(cell: nbformat.NotebookNode) -> list[int]:
    """Return the positions of a code cell's outputs that are pictures.

    Examples
    --------
    >>> cell = nbformat.v4.new_code_cell("plot()")
    >>> cell.outputs = [nbformat.v4.new_output("stream", text="hi"),
    ...                 nbformat.v4.new_output("display_data", {"image/png": "iVBO"})]
    >>> figure_outputs(cell)
    [1]
    """
    if cell.cell_type != "code":
        return []
    return [
        k
        for k, out in enumerate(cell.get("outputs", []))
        if any(mime in out.get("data", {}) for mime in FIGURE_MIMES)
    ]


@dataclass(frozen=True)
class LiveExplorer:
    """A live widget that a deck skips, and where its static figure is.

    Attributes
    ----------
    cell : int
        Position of the widget cell in the notebook (0-based).
    section : str
        Title of the section the widget is in (the nearest heading before it).
    figure : tuple of int or None
        ``(cell, output)`` of the stored static figure beside the widget: the first picture
        after it in the same section, else the last one before it, else the widget cell's own
        picture; None when the section stores no picture.
    """

    cell: int
    section: str
    figure: tuple[int, int] | None

    @property
    def number(self) -> int:
        """The cell's number as a reader counts (1-based)."""
        return self.cell + 1


def cue_text(explorer: LiveExplorer) -> str:
    """Return the one-line cue a deck shows in place of a live explorer.

    Examples
    --------
    >>> cue_text(LiveExplorer(cell=20, section="4a. A parabola", figure=None))
    'Live in the notebook: 4a. A parabola, cell 21'
    """
    return f"Live in the notebook: {explorer.section}, cell {explorer.number}"


def live_explorers(nb: nbformat.NotebookNode) -> list[LiveExplorer]:
    """Find every live widget of a notebook, its section and the static figure beside it.

    Parameters
    ----------
    nb : NotebookNode
        The notebook, with its stored outputs.

    Returns
    -------
    list of LiveExplorer
        In notebook order.

    Examples
    --------
    >>> widget = nbformat.v4.new_code_cell("explorer")
    >>> widget.outputs = [nbformat.v4.new_output("display_data", {WIDGET_MIME: {}})]
    >>> static = nbformat.v4.new_code_cell("view()")
    >>> static.outputs = [nbformat.v4.new_output("display_data", {"image/png": "iVBO"})]
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("## 2. The secant"), widget, static])
    >>> live_explorers(nb)
    [LiveExplorer(cell=1, section='2. The secant', figure=(2, 0))]
    """
    # the section each cell starts in, and where each section begins and ends
    section_at_start, title, boundaries = [], "", set()
    for i, cell in enumerate(nb.cells):
        section_at_start.append(title)
        if cell.cell_type == "markdown":
            found = headings(cell.source)
            if found:
                boundaries.add(i)
                title = found[-1][2]

    def figures_in(order):
        for j in order:
            cell = nb.cells[j]
            if is_skipped(j, cell):
                continue
            outputs = figure_outputs(cell)
            if outputs:
                return (j, outputs[0])
        return None

    explorers = []
    for i, cell in enumerate(nb.cells):
        if not is_widget_cell(cell):
            continue
        after = []
        for j in range(i + 1, len(nb.cells)):
            if j in boundaries:
                break
            after.append(j)
        before = []
        for j in range(i - 1, -1, -1):
            if j in boundaries:
                break
            before.append(j)
        figure = figures_in(after) or figures_in(before)
        if figure is None and figure_outputs(cell):
            figure = (i, figure_outputs(cell)[0])
        explorers.append(LiveExplorer(i, section_at_start[i] or "the notebook", figure))
    return explorers


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
