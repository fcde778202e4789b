"""Figures and explorers, one module per part of the lecture, over one shared layer.

=====================  ==========================================================
``viz.descent``        01 follow the gradient: paths, contours, loss per step
``viz.secants``        02 the derivative: secants, tangents, error against h
``viz.composition``    03 the chain rule: products of local derivatives
``viz.gradients``      04 partials, gradients, Jacobians: fields and slopes
``viz.tensors``        05 gradients of tensors: the first-order prediction
``viz.svd``            06 the SVD recap: geometry, PCA, low rank, memory
``viz.factorisation``  07 the SVD by gradients: loss curves, learning rate
=====================  ==========================================================

The shared layer, importable from here: :mod:`helpers.viz.style` (palette, style, sharp
display, axes and labels) and :mod:`helpers.viz._core` (the PNG encoder and renderer, the
slider factory and the :class:`Explorer` protocol). Display only: the mathematics
lives in :mod:`helpers.calculus`, :mod:`helpers.linalg` and the other modules.
Importing this package changes nothing; call :func:`use_style` to set the style.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from helpers.viz._core import (
    Explorer,
    FigureRenderer,
    encode_png,
    live_explorers,
    slider,
)
from helpers.viz.style import (
    CMAP,
    COLOURS,
    DISPLAY_SCALE,
    PALETTE,
    figure_png,
    new_axes,
    new_figure,
    place_labels,
    plain_log_ticks,
    short_title,
    use_style,
)

_PARTS = ("descent", "secants", "composition", "gradients", "tensors", "svd", "factorisation")

__all__ = [
    "CMAP",
    "COLOURS",
    "DISPLAY_SCALE",
    "PALETTE",
    "Explorer",
    "FigureRenderer",
    "encode_png",
    "figure_png",
    "live_explorers",
    "new_axes",
    "new_figure",
    "place_labels",
    "plain_log_ticks",
    "short_title",
    "slider",
    "use_style",
]


def __getattr__(name: str) -> ModuleType:
    """Import a part's module on first use (``viz.svd``), so importing viz stays light."""
    if name in _PARTS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
