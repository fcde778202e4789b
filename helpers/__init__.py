"""Helpers for the companion notebooks of the lecture "The power of differentiation".

One module per idea of the lecture; import the one you need, e.g.
``from helpers import calculus``. Importing :mod:`helpers` itself loads nothing
heavy and changes no global state (no printing, no matplotlib settings).
"""

from pathlib import Path

__version__ = "0.1.0"

#: The repository's ``data/`` folder (helpers is installed editable from the repository),
#: so notebooks find the data wherever they run from, student copies included.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
