"""The notebook contract, checked on every notebook in notebooks/ (new ones included).

A notebook must be committed executed top to bottom in a fresh kernel, with
outputs that strict nbval can compare on any machine, an opening and a closing
cell, and widget cells marked so nbval does not compare their live output.

A notebook that goes beyond the lecture carries ``{"companion": {"beyond_lecture": true}}``
in its metadata and says "beyond the lecture" in its opening cell; the lecture map lists it in
a row of its own (scripts/lecture_map.py), so nothing here asks it for lecture items. A summary
(the revision sheet) carries ``{"companion": {"summary": true}}`` and has no exercises.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LOCAL_PATH = re.compile(r"(/home/|/Users/|/tmp/|/root/|/work/|[A-Za-z]:\\\\Users)")
MEMORY_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _beyond_the_lecture(nb: dict) -> bool:
    return nb["metadata"].get("companion", {}).get("beyond_lecture") is True


def _summary(nb: dict) -> bool:
    # the revision sheet: it repeats and links what the others teach, and has no exercises
    return nb["metadata"].get("companion", {}).get("summary") is True


def _code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_there_are_notebooks():
    assert any(p.name.startswith("00-") for p in NOTEBOOKS), "notebooks/00-start-here is missing"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request) -> tuple[str, dict]:
    return request.param.name, _load(request.param)


def test_kernel_is_python3(notebook):
    name, nb = notebook
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3", name


def test_no_stored_widget_state(notebook):
    # live widgets need a kernel anyway, and their saved state (images included) bloats the file;
    # the static figure stored beside each widget is what a reader without a kernel sees
    name, nb = notebook
    assert "widgets" not in nb["metadata"], f"{name}: run it with 'make execute' (no widget state)"


def test_no_stored_execution_timestamps(notebook):
    # JupyterLab and nbclient can record when each cell ran; those times differ on every run and
    # machine, so they would turn every re-execution into a diff of the whole file
    name, nb = notebook
    timed = [i for i, c in enumerate(nb["cells"]) if "execution" in c.get("metadata", {})]
    assert not timed, f"{name}: cells {timed} store execution times; run it with 'make execute'"


def test_executed_top_to_bottom_in_a_fresh_kernel(notebook):
    name, nb = notebook
    code = [c for c in _code_cells(nb) if _source(c).strip()]
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), (
        f"{name}: execution counts {counts} are not 1..{len(code)}; "
        "restart the kernel, run all cells, then save"
    )
    assert any(c.get("outputs") for c in code), f"{name}: no stored outputs"
    empty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and not _source(c)]
    assert not empty, f"{name}: empty code cells at positions {empty}"


def test_no_errors_warnings_or_unportable_outputs(notebook):
    name, nb = notebook
    for i, cell in enumerate(_code_cells(nb)):
        tags = _tags(cell)
        for out in cell.get("outputs", []):
            where = f"{name}, code cell {i + 1}"
            if out["output_type"] == "error":
                assert "raises-exception" in tags, f"{where}: stored error {out.get('ename')}"
            if out["output_type"] == "stream" and out.get("name") == "stderr":
                raise AssertionError(f"{where}: output on stderr (a warning?): {out['text']!r}")
            data = out.get("data", {})
            assert "image/svg+xml" not in data, f"{where}: SVG figure (use PNG)"
            assert "text/html" not in data, f"{where}: HTML output (nbval compares it as text)"
            text = json.dumps(
                {k: v for k, v in out.items() if k != "data"}
                | {"data": {k: v for k, v in data.items() if not k.startswith("image/")}}
            )
            assert not LOCAL_PATH.search(text), f"{where}: output shows a local path"
            assert not MEMORY_ADDRESS.search(text), f"{where}: output shows a memory address"


def test_widget_cells_are_not_compared(notebook):
    name, nb = notebook
    for i, cell in enumerate(_code_cells(nb)):
        has_widget = any(WIDGET_MIME in o.get("data", {}) for o in cell.get("outputs", []))
        if has_widget:
            assert "nbval-ignore-output" in _tags(cell), (
                f"{name}, code cell {i + 1}: widget output must be tagged nbval-ignore-output"
            )


def test_no_sys_path_edits(notebook):
    # the one exception: the Colab set-up cell (scripts/launch_buttons.py), which does nothing
    # outside Colab and there makes the freshly installed helpers importable without a restart
    name, nb = notebook
    for cell in _code_cells(nb):
        if "colab-setup" in cell.get("metadata", {}).get("tags", []):
            continue
        assert "sys.path" not in _source(cell), f"{name}: helpers is installed; no sys.path edits"


def test_opening_and_closing_cells(notebook):
    name, nb = notebook
    first, last = nb["cells"][0], nb["cells"][-1]
    assert first["cell_type"] == "markdown", f"{name}: the first cell must be markdown"
    opening = _source(first)
    assert opening.lstrip().startswith("# "), f"{name}: the opening cell needs a '# title'"
    assert re.search(r"lecture", opening, re.I), f"{name}: the opening cell names the lecture part"
    says_beyond = re.search(r"beyond the lecture", opening, re.I) is not None
    assert says_beyond == _beyond_the_lecture(nb), (
        f"{name}: a notebook beyond the lecture says 'beyond the lecture' in its opening cell and "
        'has {"companion": {"beyond_lecture": true}} in its metadata; this one has only one of them'
    )
    assert last["cell_type"] == "markdown", f"{name}: the last cell must be markdown"
    assert re.search(r"^#+ .*summary", _source(last), re.I | re.M), (
        f"{name}: the closing cell needs a 'Summary' heading"
    )


def test_exercises_have_collapsed_worked_solutions(notebook):
    name, nb = notebook
    solutions = [c for c in nb["cells"] if "solution" in _tags(c)]
    for cell in solutions:
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, (
            f"{name}: solution cell is not collapsed: {_source(cell)[:60]!r}"
        )
    if not name.startswith("00-") and not _summary(nb):
        assert 2 <= len(solutions), f"{name}: needs 2-4 exercises with worked solutions"
