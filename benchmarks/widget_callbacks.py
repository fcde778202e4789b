"""Benchmark: how long each slider of each notebook takes to redraw, against the 0.2 s budget.

Run with ``make bench-widgets`` or ``python benchmarks/widget_callbacks.py [NOTEBOOK ...]``.
Each notebook runs top to bottom in a fresh kernel (as a student would run it); then, in the
same kernel, every explorer (``helpers.viz.live_explorers()``) is driven through its protocol:
``update(**{slider: value})`` for each of its sliders at five positions, followed by ``png()``,
exactly what a slider move in the browser runs. Sliders outside explorers (plain ``interact``)
are moved by setting their value, which runs their callbacks. New notebooks are covered
automatically.

Prints, per slider, the median and worst time of five moves and the median's ratio to the
0.2 s budget, and the worst time overall. Not part of ``make test``: timings depend on the
machine.
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
from helpers.viz import live_explorers as _live
_kinds = (_w.FloatSlider, _w.IntSlider, _w.FloatLogSlider, _w.SelectionSlider)


def _positions(slider):
    if isinstance(slider, _w.SelectionSlider):
        return list(slider.options)[:: max(1, len(slider.options) // 5)][:5]
    lo, hi = slider.min, slider.max
    values = [lo + (hi - lo) * f for f in (0.2, 0.4, 0.6, 0.8, 0.5)]
    if isinstance(slider, _w.FloatLogSlider):  # min and max are exponents
        values = [slider.base ** v for v in values]
    if isinstance(slider, _w.IntSlider):
        values = [int(round(v)) for v in values]
    return values


_report, _driven = [], set()
for _explorer in _live():
    for _name, _slider in _explorer.controls.items():
        _driven.add(id(_slider))
        _start, _times = _slider.value, []
        for _v in _positions(_slider):
            _t0 = _time.perf_counter()
            _explorer.update(**{_name: _v})
            _explorer.png()
            _times.append(_time.perf_counter() - _t0)
        _explorer.update(**{_name: _start})
        _report.append({"slider": _name,
                        "median": _stats.median(_times), "worst": max(_times)})
for _slider in [w for w in list(_all.values()) if isinstance(w, _kinds) and id(w) not in _driven]:
    _start, _times = _slider.value, []
    for _v in _positions(_slider):
        _t0 = _time.perf_counter()
        _slider.value = _v
        _times.append(_time.perf_counter() - _t0)
    _slider.value = _start
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
    over, worst = 0, 0.0
    for path in paths:
        for row in measure(path):
            ratio = row["median"] / BUDGET
            over += ratio > 1
            worst = max(worst, row["worst"])
            print(
                f"{path.name:<44} {row['slider'][:14]:<14} {row['median']:8.3f} "
                f"{row['worst']:8.3f} {ratio:13.2f}"
            )
    print(f"{over} slider(s) over the budget; the worst single move took {worst:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
