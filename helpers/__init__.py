"""Helpers for the companion notebooks of the lecture "The power of differentiation".

One module per idea of the lecture; import the one you need, e.g.
``from helpers import calculus``. Importing :mod:`helpers` itself loads nothing
heavy and changes no global state (no printing, no matplotlib settings).
"""

__version__ = "0.1.0"
