"""One figure style and the plots the notebooks share.

Nothing here runs on import: call :func:`use_style` once at the top of a notebook
(``"notebook"`` for reading, ``"talk"`` for projecting in a lecture room).
Colours come from the Okabe-Ito palette, which stays distinguishable with the
common forms of colour blindness.
"""

from __future__ import annotations

from typing import Literal

import matplotlib as mpl
from cycler import cycler

#: Okabe & Ito (2008), "Color Universal Design": eight colour-blind-safe colours.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: The order in which lines cycle through the palette.
COLOURS = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]

#: A colour-blind-friendly sequential colour map for surfaces and images.
CMAP = "viridis"

_STYLES = {
    "notebook": {
        "figure.figsize": (7.0, 4.2),
        "figure.dpi": 80,
        "font.size": 12,
        "axes.titlesize": 13,
        "axes.labelsize": 12,
        "legend.fontsize": 11,
        "lines.linewidth": 2.0,
        "lines.markersize": 6,
    },
    "talk": {
        "figure.figsize": (9.0, 5.4),
        "figure.dpi": 80,
        "font.size": 17,
        "axes.titlesize": 19,
        "axes.labelsize": 17,
        "legend.fontsize": 15,
        "xtick.labelsize": 15,
        "ytick.labelsize": 15,
        "lines.linewidth": 3.0,
        "lines.markersize": 9,
    },
}


def use_style(kind: Literal["notebook", "talk"] = "notebook") -> None:
    """Set the companion's figure style (explicitly; importing this module does not).

    Parameters
    ----------
    kind : {"notebook", "talk"}
        ``"notebook"`` for reading on a screen; ``"talk"`` for large fonts and
        thick lines that stay readable on a projector.

    Raises
    ------
    ValueError
        For an unknown ``kind``.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with mpl.rc_context():
    ...     use_style("talk")
    ...     mpl.rcParams["font.size"]
    17.0
    """
    if kind not in _STYLES:
        raise ValueError(f"kind must be one of {tuple(_STYLES)}, got {kind!r}")
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=COLOURS),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "image.cmap": CMAP,
            "figure.autolayout": True,
            "savefig.bbox": "tight",
            **_STYLES[kind],
        }
    )


# ----------------------------------------------------------------------------------------------
# Notebooks 01-02: gradient descent paths, secants and tangents, error-vs-h plots
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# Notebooks 03-05: chain rule, gradient fields, Jacobians, tensor gradients
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# Notebook 06: the SVD recap
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# Notebook 07: SVD by following gradients
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# Notebook 08: the Netflix Challenge
# ----------------------------------------------------------------------------------------------
