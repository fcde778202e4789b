"""Benchmark: how long each slider of each notebook takes to redraw, against the 0.2 s budget.

Run with ``make bench-widgets`` or ``python benchmarks/widget_callbacks.py [NOTEBOOK ...]``.
Each notebook runs top to bottom in a fresh kernel (as a student would run it); then, in the
same kernel, every live slider is moved a few times and the time its callbacks take is
measured. Moving a slider's value runs the very callbacks the browser triggers, so nothing
about the explorers has to be known here, and new notebooks are covered automatically.

Prints, per slider, the median and worst time of five moves and the median's ratio to the
0.2 s budget. Not part of ``make test``: timings depend on the machine.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 0.2

PROBE = r"""
import json as _json, time as _time, statistics as _stats
import ipywidgets as _w
from ipywidgets.widgets.widget import _instances as _all
_kinds = (_w.FloatSlider, _w.IntSlider, _w.FloatLogSlider, _w.SelectionSlider)
_report = []
for _slider in [w for w in list(_all.values()) if isinstance(w, _kinds)]:
    if isinstance(_slider, _w.SelectionSlider):
        _values = list(_slider.options)[:: max(1, len(_slider.options) // 5)][:5]
    else:
        _lo, _hi = _slider.min, _slider.max
        _values = [_lo + (_hi - _lo) * f for f in (0.2, 0.4, 0.6, 0.8, 0.5)]
        if isinstance(_slider, _w.FloatLogSlider):  # min and max are exponents
            _values = [_slider.base ** v for v in _values]
        if isinstance(_slider, _w.IntSlider):
            _values = [int(round(v)) for v in _values]
    _start_value, _times = _slider.value, []
    for _v in _values:
        _t0 = _time.perf_counter()
        _slider.value = _v
        _times.append(_time.perf_counter() - _t0)
    _slider.value = _start_value
    _report.append({"slider": _slider.description or type(_slider).__name__,
                    "median": _stats.median(_times), "worst": max(_times)})
print(_json.dumps(_report))
"""


def measure(path: Path) -> list[dict]:
    """Run one notebook, then time its sliders in the same kernel."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    """Measure every notebook given (default: all) and print a table."""
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    print(f"{'notebook':<44} {'slider':<14} {'median':>8} {'worst':>8} {'median/0.2 s':>13}")
    over = 0
    for path in paths:
        for row in measure(path):
            ratio = row["median"] / BUDGET
            over += ratio > 1
            print(
                f"{path.name:<44} {row['slider'][:14]:<14} {row['median']:8.3f} "
                f"{row['worst']:8.3f} {ratio:13.2f}"
            )
    print(f"{over} slider(s) over the budget")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
