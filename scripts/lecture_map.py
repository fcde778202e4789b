"""The lecture map: every outline item and erratum -> where a notebook shows and checks it.

Notebook markdown marks what it covers with ``[lecture N]`` (N = 1..23, the items of the
lecture outline), ``[erratum EK]`` (the slips in the slide text) and ``[note NK]`` (things
that are not slips but easy to trip over), all listed below. This script collects the
markers and renders the map as a Markdown table.

A notebook that goes **beyond the lecture** says so twice: in its metadata,
``{"companion": {"beyond_lecture": true}}``, and in its opening cell, in words ("beyond the
lecture"; ``tests/test_notebook_contract.py`` checks that the two agree). Its ``[lecture N]``
markers then name the items it *builds on*: they do not count as showing an item, and the map
lists the notebook in a row of its own, with its sections and the items it builds on.

A **summary** notebook (the revision sheet), ``{"companion": {"summary": true}}`` in its
metadata, repeats what the others show and links back to them: the map does not read it.

Usage: ``python scripts/lecture_map.py`` prints the table;
``python scripts/lecture_map.py --write`` puts it into notebooks/00-start-here.ipynb and
README.md (between the ``lecture-map`` comment lines). ``tests/test_lecture_map.py`` fails
when an item has no marker, a marker names no item, or a stored table is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]

ITEMS = {
    "1": "Training optimises parameters: look for a zero gradient of the loss",
    "2": "First-order methods; the Hessian is impractical for many parameters",
    "3": "Gradient descent: a_{n+1} = a_n - alpha grad F(a_n)",
    "4": "The three empty slides: a 1D, a 2D and a more indicative example",
    "5": "Slope Delta y / Delta x; the secant and the difference quotient",
    "6": "d(x^2)/dx = 2x from first principles",
    "7": "Central differences; floating point and the choice of h",
    "8": "The chain rule for z = f(g(x))",
    "9": "The 'silly example' z = x^4, two ways",
    "10": "Derivatives of vector functions y(t): tangent vectors",
    "11": "Partial derivatives, the gradient and the Jacobian",
    "12": "Scalar losses of vectors, matrices and tensors",
    "13": "The vector chain rule grad_x z = (dy/dx)^T grad_y z",
    "14": "The chain rule for tensors: flatten, or index tuples",
    "15": "grad_W f(XW) = X^T dL/dD",
    "16": "What a gradient means: the change for a small perturbation",
    "17": "The SVD: A = U Sigma V^T (real), U Sigma V* (complex)",
    "18": "Uses of the SVD: eigenvectors, PCA, pseudo-inverse, low rank (Eckart-Young)",
    "19": "Standard SVD algorithms don't scale: the Netflix matrix",
    "20": "Folding Sigma^(1/2) into both factors",
    "21": "The objective J = sum of squared errors e_rc",
    "22": "Its derivatives and the update rules",
    "23": "The stochastic, per-entry version that won the Netflix Challenge",
}

ERRATA = {
    "E1": "Slope is Delta y / Delta x (the slides swap it)",
    "E2": "The update is a_{n+1} = a_n - alpha grad F(a_n) (the slides drop the n)",
    "E3": "The error sums p = 1..rho, rho terms (not p = 0..rho)",
    "E4": "dJ/dU^_rq sums over c only; the factor 2 goes into the learning rate",
    "E5": "The per-entry update has no sums",
    "E7": "f((x_1, ..., x_n) has an extra parenthesis (found in the slide text)",
}

#: Not slips, but traps worth a note (E6 was listed as an erratum before it was recognised as one).
NOTES = {
    "N1": "Not a slip: the slide's Netflix matrix is movies x users; the notebooks: users x items",
}

#: Markers that older notebooks may still carry, and the key they stand for now.
RENAMED = {"E6": "N1"}

MARKER = re.compile(r"\[(lecture|erratum|note) ([^\]]+)\]")
HEADING = re.compile(r"^#{1,6} +(.+?)\s*$", re.M)
START, END = "<!-- lecture-map:start -->", "<!-- lecture-map:end -->"
SKIPPED = ("summary", "introduction", "exercises")  # sections that show no item


def is_beyond_the_lecture(nb: nbformat.NotebookNode) -> bool:
    """Whether a notebook's metadata marks it as going beyond the lecture."""
    return nb.metadata.get("companion", {}).get("beyond_lecture") is True


def is_summary(nb: nbformat.NotebookNode) -> bool:
    """Whether a notebook's metadata marks it as a summary (the revision sheet)."""
    return nb.metadata.get("companion", {}).get("summary") is True


def _notebooks(folder: Path, beyond: bool) -> list[tuple[str, nbformat.NotebookNode]]:
    """List the numbered notebooks of one kind (00-start-here and summaries aside), in order."""
    found = []
    for path in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if path.name.startswith("00-") or is_summary(nb):
            continue
        if is_beyond_the_lecture(nb) == beyond:
            found.append((path.name, nb))
    return found


def _sections(nb: nbformat.NotebookNode) -> list[tuple[str, list[str]]]:
    """Each section heading (markers removed) with the marker keys found under it."""
    sections: list[tuple[str, list[str]]] = [("introduction", [])]
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            heading = HEADING.match(line)
            if heading and not line.startswith("# "):
                sections.append((MARKER.sub("", heading.group(1)).strip(), []))
            keys = (key.strip() for _kind, key in MARKER.findall(line))
            sections[-1][1].extend(RENAMED.get(key, key) for key in keys)
    return sections


def markers(
    folder: Path = ROOT / "notebooks", beyond: bool = False
) -> dict[str, list[tuple[str, str]]]:
    """Map each marker key ("15", "E3", or anything else found) to (notebook, section) pairs.

    Lecture notebooks by default; ``beyond=True`` reads the beyond-the-lecture notebooks instead.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    for name, nb in _notebooks(folder, beyond):
        for section, keys in _sections(nb):
            for key in keys:
                if (name, section) not in found.setdefault(key, []):
                    found[key].append((name, section))
    return found


def _beyond_rows(folder: Path, prefix: str) -> list[str]:
    """One table row per beyond-the-lecture notebook: its title, what it builds on, its sections."""
    order = {key: i for i, key in enumerate([*ITEMS, *ERRATA, *NOTES])}
    rows = []
    for name, nb in _notebooks(folder, beyond=True):
        title = next(
            (c.source.splitlines()[0][2:] for c in nb.cells if c.source.startswith("# ")), name
        )
        title = re.sub(r"^\d\d +- +", "", title).strip()
        sections = [s for s, _ in _sections(nb) if s.lower() not in SKIPPED]
        keys = sorted({k for _, ks in _sections(nb) for k in ks}, key=lambda k: order.get(k, 99))
        builds_on = f" (builds on {', '.join(keys)})" if keys else ""
        rows.append(
            f"| beyond | *Beyond the lecture:* {title}{builds_on} | "
            f"[{name[:2]}]({prefix}{name}): " + "; ".join(sections) + " |"
        )
    return rows


def render(prefix: str = "", folder: Path = ROOT / "notebooks") -> str:
    """Render the map as a Markdown table; ``prefix`` goes before each notebook link."""
    found = markers(folder)
    rows = ["| Item | The lecture says | Shown and checked in |", "|---|---|---|"]
    for key, text in [*ITEMS.items(), *ERRATA.items(), *NOTES.items()]:
        by_notebook: dict[str, list[str]] = {}
        for notebook, section in found.get(key, []):
            if section.lower() not in SKIPPED:
                by_notebook.setdefault(notebook, []).append(section)
        where = "<br>".join(
            f"[{nb[:2]}]({prefix}{nb}): " + "; ".join(sections)
            for nb, sections in by_notebook.items()
        )
        rows.append(f"| {key} | {text} | {where or '**not covered**'} |")
    return "\n".join(rows + _beyond_rows(folder, prefix))


def _replace_between(text: str, table: str) -> str:
    if START not in text or END not in text:
        raise SystemExit(f"error: the markers {START} and {END} are missing")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table}\n{END}{tail}"


def write() -> None:
    """Store the rendered map in the start-here notebook and the README."""
    readme = ROOT / "README.md"
    readme.write_text(_replace_between(readme.read_text(), render("notebooks/")))
    start_here = ROOT / "notebooks" / "00-start-here.ipynb"
    nb = nbformat.read(start_here, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and START in cell.source:
            cell.source = _replace_between(cell.source, render())
    nbformat.write(nb, start_here)


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        write()
    else:
        print(render())
