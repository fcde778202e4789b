"""Shared test set-up: figures are drawn off-screen."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
