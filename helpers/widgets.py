"""The notebooks' interactive explorers, built on ipywidgets.

Each explorer returns a widget (usually an ``ipywidgets.interactive`` or a box of
controls and an output area). Its callback only recomputes and redraws, so it
stays well under 0.2 s. The logic behind every explorer lives in a plain
function that the notebooks (and tests) can call without a widget.
"""

from __future__ import annotations


# ----------------------------------------------------------------------------------------------
# Notebooks 01-02: gradient descent and the secant explorer
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# Notebooks 03-05: gradients, Jacobians, "what does a gradient mean"
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# Notebook 06: rank slider for low-rank approximation
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# Notebook 07: learning-rate explorer for factorisation
# ----------------------------------------------------------------------------------------------


# ----------------------------------------------------------------------------------------------
# Notebook 08: the Netflix Challenge
# ----------------------------------------------------------------------------------------------
