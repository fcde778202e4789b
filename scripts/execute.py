"""Run notebooks top to bottom in a fresh kernel and save them with their outputs.

Usage: ``python scripts/execute.py notebooks/NN-name.ipynb ...``; ``make execute`` calls it.
This is "Restart Kernel and Run All, then save", from the command line. Widget state is
not saved: live widgets need a kernel anyway, their saved images would bloat the file, and
every widget in these notebooks has a static figure stored beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> None:
    """Execute one notebook in its own folder and write it back."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,  # no per-cell timestamps in the saved file
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        execute(Path(name))
        print(f"executed {name}")
