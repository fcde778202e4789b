"""A test of the browser test: throw-away notebooks that are broken in the browser must fail it.

The notebooks are written to a temporary folder at test time and checked by the same code that
checks the real notebooks, with their own JupyterLab server rooted at that folder.
"""

from __future__ import annotations

import os
import urllib.request

import nbformat
import pytest
from labcheck import (
    WIDGET_MIME,
    BrowserCheckError,
    LabServer,
    NotebookPipeline,
    assert_passes,
    notebook_checksums,
)

GHOST_WIDGET = """\
import ipywidgets
from traitlets import Unicode


class Ghost(ipywidgets.DOMWidget):
    # A widget whose JavaScript module exists nowhere, so the browser cannot render it.
    _model_name = Unicode("GhostModel").tag(sync=True)
    _model_module = Unicode("no-such-widget-module").tag(sync=True)
    _model_module_version = Unicode("^1.0.0").tag(sync=True)
    _view_name = Unicode("GhostView").tag(sync=True)
    _view_module = Unicode("no-such-widget-module").tag(sync=True)
    _view_module_version = Unicode("^1.0.0").tag(sync=True)


Ghost()"""

TWO_SLIDERS_AND_A_FIGURE = """\
import matplotlib.pyplot as plt
import numpy as np
from ipywidgets import FloatLogSlider, IntSlider, interact


def show(rate=0.1, steps=5):
    x = np.linspace(0.0, 1.0, 50)
    fig, ax = plt.subplots(figsize=(3, 2), dpi=60)
    ax.plot(x, (1.0 - rate) ** (steps * x))
    ax.set_title(f"rate {rate:.3f}, {steps} steps")
    plt.show()


# The first slider only updates when released (or on a key press), as heavy explorers do.
rate = FloatLogSlider(value=0.1, base=10, min=-3, max=0, step=0.1, continuous_update=False)
interact(show, rate=rate, steps=IntSlider(value=5, min=1, max=10));"""

STEADY_SLIDER = """\
from ipywidgets import FloatSlider, interact

interact(lambda h: print("this never changes"), h=FloatSlider(value=0.5, min=0.0, max=1.0));"""

BREAKING_SLIDER = """\
from ipywidgets import IntSlider, interact


def square(n=3):
    if n != 3:
        raise ValueError(f"n = {n} is not supported")
    print(f"{n} squared is {n * n}")


interact(square, n=IntSlider(value=3, min=0, max=10));"""


# A widget cell as a notebook executed and saved elsewhere stores it: with its widget output.
STORED_SLIDER_CELL = nbformat.v4.new_code_cell(
    "from ipywidgets import IntSlider\n\nIntSlider(value=1)",
    execution_count=4,
    outputs=[
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/plain": "IntSlider(value=1)",
                WIDGET_MIME: {"version_major": 2, "version_minor": 0, "model_id": "0" * 32},
            },
        )
    ],
)


def _notebook(*cells):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    for cell in cells:
        if isinstance(cell, nbformat.NotebookNode):
            notebook.cells.append(cell)
        elif isinstance(cell, tuple):
            source, tags = cell
            notebook.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": tags}))
        elif cell.startswith("#"):
            notebook.cells.append(nbformat.v4.new_markdown_cell(cell))
        else:
            notebook.cells.append(nbformat.v4.new_code_cell(cell))
    return notebook


FIXTURES = {
    "cell-error.ipynb": _notebook(
        "# A notebook with an error",
        ('raise RuntimeError("an expected error")', ["raises-exception"]),
        "ratio = 1 / 0",
        STORED_SLIDER_CELL,
    ),
    "dead-widget.ipynb": _notebook("# A widget that cannot render", GHOST_WIDGET),
    "steady-slider.ipynb": _notebook("# A slider that changes nothing", STEADY_SLIDER),
    "breaking-slider.ipynb": _notebook("# A slider that breaks its output", BREAKING_SLIDER),
    "hanging-cell.ipynb": _notebook(
        "# A cell that never finishes", "import time", "time.sleep(600)"
    ),
    "working-sliders.ipynb": _notebook(
        "# Working widgets", TWO_SLIDERS_AND_A_FIGURE, 'print("done")'
    ),
}


@pytest.fixture(scope="module")
def fixture_dir(tmp_path_factory):
    """Write the throw-away notebooks into a temporary folder."""
    directory = tmp_path_factory.mktemp("labcheck") / "fixtures"
    directory.mkdir()
    for name, notebook in FIXTURES.items():
        nbformat.write(notebook, directory / name)
    return directory


@pytest.fixture(scope="module")
def check(fixture_dir, lab_server_for, browser, tmp_path_factory):
    """Return a function that checks one throw-away notebook and that it was not written."""
    server = lab_server_for(fixture_dir.parent)
    before = notebook_checksums(fixture_dir)
    pipeline = NotebookPipeline(
        browser,
        server,
        [fixture_dir / name for name in FIXTURES],  # the order of the tests below
        tmp_path_factory.mktemp("screenshots"),
        run_timeouts={fixture_dir / "hanging-cell.ipynb": 5.0},
        default_timeout=60.0,
    )

    def run(name):
        report = pipeline.report(fixture_dir / name)
        assert notebook_checksums(fixture_dir)[name] == before[name]
        return report

    yield run
    pipeline.close()


def _failure(report):
    with pytest.raises(BrowserCheckError) as caught:
        assert_passes(report)
    return str(caught.value)


def test_an_error_output_fails_naming_the_notebook_and_cell(check):
    """An exception in a cell fails; a cell tagged raises-exception does not."""
    message = _failure(check("cell-error.ipynb"))
    assert "fixtures/cell-error.ipynb, cell 3 (code: 'ratio = 1 / 0')" in message
    assert "ZeroDivisionError" in message
    assert "cell 4 (code: 'from ipywidgets import IntSlider'): was not run" in message
    # The cell tagged raises-exception is allowed to fail.
    assert "cell 2" not in message
    assert "an expected error" not in message


def test_a_widget_that_cannot_render_fails_naming_the_notebook_and_cell(check):
    """A widget whose JavaScript module is missing shows an error view instead: fail."""
    report = check("dead-widget.ipynb")
    message = _failure(report)
    assert "fixtures/dead-widget.ipynb, cell 2 (code: 'import ipywidgets')" in message
    assert "0 of 1 widget view(s) rendered" in message
    assert (report.widgets_expected, report.widgets_rendered) == (1, 0)


def test_a_slider_whose_output_does_not_change_fails(check):
    """A slider wired to nothing visible is dead for a student: fail."""
    message = _failure(check("steady-slider.ipynb"))
    assert "fixtures/steady-slider.ipynb, cell 2" in message
    assert "slider 'h' moved (0.50 -> 0.60) but no widget output" in message


def test_a_slider_that_breaks_its_output_fails(check):
    """A slider whose new value raises in the callback fails, even though the output changed."""
    message = _failure(check("breaking-slider.ipynb"))
    assert "fixtures/breaking-slider.ipynb, cell 2" in message
    assert "after moving the slider" in message
    assert "n = 4 is not supported" in message


def test_a_cell_that_does_not_finish_fails_naming_it(check):
    """A notebook that outlives the time limit fails and names the cell still running."""
    message = _failure(check("hanging-cell.ipynb"))
    assert "the kernel was still busy after 5 s" in message
    assert "fixtures/hanging-cell.ipynb, cell 3 (code: 'time.sleep(600)')" in message


def test_working_sliders_and_a_figure_pass(check):
    """A log slider redrawing a matplotlib figure passes, with one view and one slider moved."""
    report = check("working-sliders.ipynb")
    assert_passes(report)
    assert (report.widget_cells, report.widgets_expected, report.widgets_rendered) == (1, 1, 1)
    # The first slider is the log-scale one; one keyboard step multiplies the rate by 10**0.1.
    assert report.slider.endswith("rate 0.100 -> 0.126"), report.slider


def test_the_server_stops_even_when_the_check_fails(tmp_path):
    """The server and its kernels are stopped by the server's PID when the block raises."""
    with pytest.raises(RuntimeError, match="a failing check"), LabServer(tmp_path) as server:
        pid = server.process.pid
        with urllib.request.urlopen(f"{server.base_url}/api/status?token={server.token}") as reply:
            assert reply.status == 200
        raise RuntimeError("a failing check")
    assert server.process is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
