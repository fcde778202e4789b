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


#: Epochs per run of the learning-rate explorer.
LR_EXPLORER_EPOCHS = 200

from typing import Any  # noqa: E402  (imports local to this section)

from numpy.typing import ArrayLike  # noqa: E402


def lr_explorer_run(
    A: ArrayLike, rank: int, lr: float, num_epochs: int = LR_EXPLORER_EPOCHS, seed: int = 0
) -> tuple[Any, int | None]:
    """Run full-batch GD factorisation and report whether it diverged (no widget).

    Parameters
    ----------
    A : array_like, shape (m, n)
        The matrix to factorise.
    rank : int
        Rank of the factorisation.
    lr : float
        Learning rate.
    num_epochs : int
        Number of full-batch steps.
    seed : int
        Seed of the uniform(0, 1) initial factors.

    Returns
    -------
    history : numpy.ndarray
        Loss before training and after each epoch; for a diverged run, up to
        the epoch at which it was stopped.
    diverged_at : int or None
        The epoch at which the run was stopped, or ``None`` if it finished.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.diag([3.0, 1.0])
    >>> history, diverged_at = lr_explorer_run(A, 1, lr=0.1)
    >>> round(float(history[-1]), 6), diverged_at
    (1.0, None)
    >>> lr_explorer_run(A, 1, lr=2.0)[1] is not None
    True
    """
    from helpers.factorise import DivergenceError, gd_factorise

    try:
        _, _, history = gd_factorise(A, rank, num_epochs, lr, seed=seed, return_history=True)
    except DivergenceError as err:
        return err.history, err.epoch
    return history, None


def draw_lr_explorer(
    A: ArrayLike,
    rank: int,
    lr: float,
    num_epochs: int = LR_EXPLORER_EPOCHS,
    seed: int = 0,
    floor: float | None = None,
    ax: Any = None,
) -> Any:
    """Draw the loss curve of one learning rate (the explorer's picture, no widget).

    Parameters
    ----------
    A, rank, lr, num_epochs, seed
        As in :func:`lr_explorer_run`.
    floor : float, optional
        The Eckart-Young loss; if given, the excess loss is plotted.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    from helpers.plotting import plot_factorisation_losses

    history, diverged_at = lr_explorer_run(A, rank, lr, num_epochs, seed)
    if diverged_at is None:
        label = f"lr = {lr:.3g}: final excess {history[-1] - (floor or 0.0):.1e}"
    else:
        label = f"lr = {lr:.3g}: diverged at epoch {diverged_at}"
    ax = plot_factorisation_losses(
        {label: history},
        floor=floor,
        ax=ax,
        title="Full-batch GD with your learning rate",
        legend_kw={"loc": "upper right"},
    )
    ax.set_xlim(0, num_epochs)
    ax.set_ylim(1e-16, 1e16)  # fixed, so that runs at different rates compare at a glance
    # one labelled tick every 4 decades, no minor ticks and plain-text labels (no mathtext):
    # fewer and cheaper texts to lay out, so the explorer redraws fast
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0,), numticks=9))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"1e{round(np.log10(y)):d}"))
    return ax


def lr_explorer(
    A: ArrayLike,
    rank: int,
    *,
    num_epochs: int = LR_EXPLORER_EPOCHS,
    seed: int = 0,
    lr: float = 0.05,
    lr_min: float = 1e-3,
    lr_max: float = 0.5,
) -> Any:
    """Learning-rate slider for full-batch GD factorisation: slow, just right, diverging.

    Parameters
    ----------
    A : array_like, shape (m, n)
        The matrix to factorise.
    rank : int
        Rank of the factorisation.
    num_epochs : int
        Epochs per run.
    seed : int
        Seed of the initial factors (the same for every slider position).
    lr, lr_min, lr_max : float
        Initial value and range of the (logarithmic) learning-rate slider.

    Returns
    -------
    ipywidgets.VBox
        The slider above the plot.

    Notes
    -----
    The picture is one matplotlib ``Figure`` (outside pyplot, so no global state)
    that is redrawn and encoded to PNG once per slider move and shown in an
    ``ipywidgets.Image``; this avoids the inline backend's repeated layout passes
    and keeps the callback short.
    """
    import io

    import ipywidgets as w
    import matplotlib as mpl
    import numpy as np
    from matplotlib.figure import Figure

    floor = float(np.sum(np.linalg.svd(np.asarray(A, float), compute_uv=False)[rank:] ** 2))
    slider = w.FloatLogSlider(
        value=lr,
        base=10,
        min=np.log10(lr_min),
        max=np.log10(lr_max),
        step=0.05,
        description="lr",
        continuous_update=False,
        readout_format=".3g",
    )
    fig = Figure(layout="none")
    fig.subplots_adjust(left=0.16, right=0.97, bottom=0.15, top=0.9)
    ax = fig.add_subplot()
    image = w.Image(format="png")

    def update(change: Any = None) -> None:
        ax.clear()
        draw_lr_explorer(A, rank, slider.value, num_epochs, seed, floor, ax=ax)
        buffer = io.BytesIO()
        with mpl.rc_context({"savefig.bbox": "standard"}):  # fixed margins: one draw, no search
            fig.savefig(buffer, format="png")
        image.value = buffer.getvalue()

    slider.observe(update, names="value")
    update()
    return w.VBox([slider, image])


# ----------------------------------------------------------------------------------------------
# Notebook 08: the Netflix Challenge
# ----------------------------------------------------------------------------------------------
