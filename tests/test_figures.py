"""Every figure of every notebook is checked: no overlapping or clipped text, no legend on data.

Each notebook in ``notebooks/`` (new ones included, nothing to edit here) runs top to bottom
in a fresh kernel with two extra cells that are never saved: the first hooks IPython's PNG
formatter so that each figure is checked by :func:`figure_check.check_figure` as it is
displayed, the last adds the figures behind the live explorers and prints the results.
The first tests show that the check fails on figures that are wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from figure_check import check_figure
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
HOOK = "\n".join(
    [
        "import sys",
        f"sys.path.insert(0, {str(ROOT / 'tests')!r})",
        "import figure_check",
        "figure_check.install()",
    ]
)
REPORT = "print(figure_check.report())"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def run_with_checks(nb: nbformat.NotebookNode, folder: Path) -> list[dict]:
    """Execute a notebook with the figure hook; return one result per figure."""
    nb.cells.insert(0, nbformat.v4.new_code_cell(HOOK))
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


# ------------------------------------------------------------------ the check can fail
def test_overlapping_labels_fail():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.plot([0, 1], [0, 1])
    ax.set_xticks(np.linspace(0, 1, 40))  # forty tick labels in four inches
    ax.text(0.5, 0.5, "here")
    ax.text(0.5, 0.5, "and here")
    problems = check_figure(fig)
    assert any("x tick label" in p and "overlaps" in p for p in problems)
    assert any("text 'and here' overlaps" in p for p in problems)


def test_a_clipped_label_fails():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100, layout="none")
    fig.subplots_adjust(left=0.0)  # no room for the y tick labels and label
    ax.set_ylabel("a label that needs room")
    assert any("clipped by the figure's edge" in p for p in check_figure(fig))


def test_a_legend_over_data_small_fonts_and_low_resolution_fail():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=72)
    x = np.linspace(0, 1, 50)
    ax.plot(x, np.ones_like(x), label="a flat line")  # through the upper left corner
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper left", fontsize=5)
    problems = check_figure(fig)
    assert any("legend covers line 'a flat line'" in p for p in problems)
    assert any("legend: font 5.0 pt is too small" in p for p in problems)
    assert any("resolution 72 dpi" in p for p in problems)


def test_a_good_figure_passes():
    fig, ax = plt.subplots(figsize=(5, 3.5), dpi=100, layout="constrained")
    x = np.linspace(0, 1, 50)
    ax.plot(x, x**2, label="x²")
    ax.set(xlabel="x", ylabel="y", title="a parabola")
    ax.legend(loc="upper left")
    assert check_figure(fig) == []


def test_a_notebook_with_a_bad_figure_fails(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\n"
            "fig, ax = plt.subplots(figsize=(3, 2), dpi=100)\n"
            "ax.set_title('a title far too long to fit above such a small pair of axes at all')\n"
            "ax.set_xticks(range(30))\n"
            "plt.show()"
        )
    ]
    (result,) = run_with_checks(nb, tmp_path)
    assert result["problems"]
    assert any("clipped" in p for p in result["problems"])
    assert any("overlaps" in p for p in result["problems"])


# ------------------------------------------------------------------ every notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_figure_of_the_notebook_is_clean(path):
    results = run_with_checks(nbformat.read(path, as_version=4), path.parent)
    bad = [f"cell {r['cell']} ({r['figure']}): {p}" for r in results for p in r["problems"]]
    print(f"{path.name}: {len(results)} figure(s) checked, {len(bad)} problem(s)")
    assert not bad, f"{path.name}:\n" + "\n".join(bad)
