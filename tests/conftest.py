"""Shared test set-up: figures made in the test process are drawn off-screen.

Only this process: kernels started by nbval or the figure test keep IPython's inline
backend (an MPLBACKEND environment variable would reach them and hide their figures).
"""

import matplotlib

matplotlib.use("Agg")
