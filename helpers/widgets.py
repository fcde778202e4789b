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


def descent_view(
    f: Callable,
    grad: Callable,
    x0: float | tuple[float, float],
    lr: float,
    steps: int,
    *,
    xlim: tuple[float, float],
    ylim: tuple[float, float] | None = None,
    grid: tuple | None = None,
    minimum: float = 0.0,
    tol: float | None = 1e-10,
) -> tuple[Trajectory, Figure]:
    """Run gradient descent and draw its path (left) and its loss per step (right).

    This is the logic of :func:`descent_explorer`, callable without a widget.

    Parameters
    ----------
    f : callable
        The objective; for 2-D problems it takes points whose last axis is (x, y).
    grad : callable
        Its gradient.
    x0 : float or pair of float
        The start ``a_0`` (a number for a curve, a pair for a surface).
    lr : float
        The learning rate ``alpha``.
    steps : int
        The most steps.
    xlim, ylim : tuple of float
        The region drawn; ``ylim`` only for surfaces.
    grid : tuple, optional
        A precomputed :func:`helpers.plotting.contour_grid` (saves time in a widget).
    minimum : float
        The known minimum value, subtracted from the losses for the log axis.
    tol : float, optional
        Passed to :func:`helpers.optimise.gradient_descent`.

    Returns
    -------
    tuple
        The :class:`~helpers.optimise.Trajectory` and the matplotlib figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> run, fig = descent_view(lambda x: x**2, lambda x: 2 * x, 1.5, 0.25, 50, xlim=(-2, 2))
    >>> run.status
    'converged'
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from helpers import plotting
    from helpers.optimise import gradient_descent

    run = gradient_descent(grad, x0, lr, steps, f=f, tol=tol)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    if np.ndim(x0) == 0:
        plotting.plot_path_1d(f, run, x_range=xlim, ax=left)
        left.set_title("the path on the curve")
    else:
        if ylim is None:
            raise ValueError("ylim is required for a 2-D start x0")
        grid = grid if grid is not None else plotting.contour_grid(f, xlim, ylim)
        plotting.plot_contours_and_paths(grid, [run], ax=left, log=True)
        left.set_title("the path on the contours")
    plotting.plot_loss_per_step([run], ax=right, minimum=minimum)
    right.set_title(run.status.replace("_", " "))
    return run, fig


class _Blitter:
    """Render a figure whose only changing parts are a few artists, quickly.

    The static parts (axes, ticks, contours, the curve) are drawn once; each
    update restores that background, draws the changing artists on top and
    encodes the pixels as PNG. This keeps a slider callback to a few tens of
    milliseconds instead of a full redraw.
    """

    def __init__(self, fig: Figure, artists: list) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.canvas = FigureCanvasAgg(fig)
        self.artists = artists
        for artist in artists:
            artist.set_animated(True)
        self.canvas.draw()
        fig.set_layout_engine("none")
        self.background = self.canvas.copy_from_bbox(fig.bbox)

    def png(self) -> bytes:
        """Redraw the changing artists over the background and return PNG bytes."""
        import io

        from PIL import Image

        self.canvas.restore_region(self.background)
        for artist in self.artists:
            artist.axes.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba())
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def descent_explorer(
    f: Callable,
    grad: Callable,
    *,
    x0: float | tuple[float, float],
    lr: float,
    steps: int = 30,
    xlim: tuple[float, float],
    ylim: tuple[float, float] | None = None,
    lr_range: tuple[float, float] = (1e-3, 1.0),
    max_steps: int = 100,
    minimum: float = 0.0,
    loss_range: tuple[float, float] = (1e-12, 1e4),
):
    """Show sliders for the learning rate, the start point and the number of steps.

    Each change reruns gradient descent (as :func:`descent_view` does) and
    redraws the path and the loss per step. The axes stay fixed and only the
    lines are redrawn, so a change takes well under 0.2 s.

    Parameters
    ----------
    f, grad : callable
        The objective and its gradient (see :func:`descent_view`).
    x0 : float or pair of float
        The initial start point.
    lr : float
        The initial learning rate.
    steps : int
        The initial number of steps.
    xlim, ylim : tuple of float
        The region drawn (and the range of the start sliders); ``ylim`` only for
        surfaces.
    lr_range : tuple of float
        The smallest and largest learning rate on the (logarithmic) slider.
    max_steps : int
        The largest number of steps on the slider (and the width of the loss plot).
    minimum : float
        The known minimum value of ``f``, subtracted from the losses.
    loss_range : tuple of float
        The fixed range of the (logarithmic) loss axis.

    Returns
    -------
    ipywidgets.VBox
        The controls, a status line and the figure; its ``update()`` method
        redraws for the current slider values and returns the trajectory.
    """
    import ipywidgets as widgets
    import numpy as np
    from matplotlib.figure import Figure

    from helpers import plotting
    from helpers.optimise import gradient_descent

    two_d = np.ndim(x0) == 1
    if two_d and ylim is None:
        raise ValueError("ylim is required for a 2-D start x0")
    lo, hi = np.log10(lr_range[0]), np.log10(lr_range[1])
    controls = {
        "lr": widgets.FloatLogSlider(
            value=lr,
            base=10,
            min=lo,
            max=hi,
            step=(hi - lo) / 100,
            description="α",
            readout_format=".3g",
        ),
        "steps": widgets.IntSlider(value=steps, min=1, max=max_steps, description="steps"),
    }
    starts = list(x0) if two_d else [x0]
    limits = [xlim, ylim] if two_d else [xlim]
    names = ["x0", "y0"] if two_d else ["x0"]
    for name, value, (a, b) in zip(names, starts, limits, strict=True):
        controls[name] = widgets.FloatSlider(
            value=value, min=a, max=b, step=(b - a) / 200, description=f"start {name[0]}"
        )

    fig = Figure(figsize=(10, 4.2), dpi=80)
    left, right = fig.subplots(1, 2)
    if two_d:
        grid = plotting.contour_grid(f, xlim, ylim)
        plotting.plot_contours_and_paths(grid, [], ax=left, log=True)
    else:
        xs = np.linspace(*xlim, 400)
        left.plot(xs, f(xs), color=plotting.PALETTE["blue"])
        left.set_xlim(*xlim)
        left.set_xlabel("parameter x (no unit)")
        left.set_ylabel("loss F(x)")
    left.set_title("the path")
    colour = plotting.PALETTE["vermillion"]
    (path,) = left.plot([], [], "o-", color=colour, markersize=4, linewidth=1.3)
    (start,) = left.plot([], [], "s", color=colour, markersize=8)
    (loss,) = right.plot([], [], "o-", color=colour, markersize=3)
    right.set_yscale("log")
    right.set_xlim(0, max_steps)
    right.set_ylim(*loss_range)
    right.set_xlabel("step n")
    right.set_ylabel("F(a_n) - min F")
    right.set_title("loss per step")
    blitter = _Blitter(fig, [path, start, loss])

    image = widgets.Image(format="png")
    status = widgets.Label()

    def update(*_):
        values = {name: control.value for name, control in controls.items()}
        a0 = (values["x0"], values["y0"]) if two_d else values["x0"]
        run = gradient_descent(grad, a0, values["lr"], values["steps"], f=f, tol=1e-10)
        pts = run.points
        if two_d:
            path.set_data(pts[:, 0], pts[:, 1])
            start.set_data([pts[0, 0]], [pts[0, 1]])
        else:
            path.set_data(pts, f(pts))
            start.set_data([pts[0]], [f(pts[0])])
        gap = np.clip(run.losses - minimum, loss_range[0] / 10, loss_range[1] * 10)
        loss.set_data(np.arange(len(gap)), gap)
        status.value = run.message
        image.value = blitter.png()
        return run

    for control in controls.values():
        control.observe(update, names="value")
    update()
    box = widgets.VBox([widgets.HBox(list(controls.values())), status, image])
    box.update = update
    return box


def secant_view(
    f: Callable,
    a: float,
    h: float,
    *,
    fprime: Callable | None = None,
    x_range: tuple[float, float] = (-1.0, 4.0),
) -> tuple[dict, Figure]:
    """Draw the secant from ``a`` to ``a + h`` (and the tangent) and report its slope.

    This is the logic of :func:`secant_explorer`, callable without a widget.

    Parameters
    ----------
    f : callable
        A real function, applied elementwise.
    a, h : float
        The first point and the step (``h`` non-zero).
    fprime : callable, optional
        The exact derivative; if given, the tangent is drawn and the error reported.
    x_range : tuple of float
        The interval drawn.

    Returns
    -------
    tuple
        A dict with ``"slope"`` (the secant's), ``"tangent"`` and ``"error"`` (``None``
        without ``fprime``), and the matplotlib figure.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> info, fig = secant_view(lambda x: x**2 / 4, 1.0, 0.5, fprime=lambda x: x / 2)
    >>> round(info["slope"], 6), round(info["error"], 6)   # a/2 + h/4 and h/4
    (0.625, 0.125)
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt

    from helpers import plotting

    slope = (float(f(a + h)) - float(f(a))) / h
    tangent = None if fprime is None else float(fprime(a))
    fig, ax = plt.subplots(figsize=(7, 4.2))
    plotting.plot_curve_and_secant(f, a, h, x_range=x_range, tangent_slope=tangent, ax=ax)
    error = None if tangent is None else slope - tangent
    return {"slope": slope, "tangent": tangent, "error": error}, fig


def secant_explorer(
    f: Callable,
    a: float,
    *,
    fprime: Callable | None = None,
    h: float = 1.0,
    h_range: tuple[float, float] = (1e-3, 2.0),
    x_range: tuple[float, float] = (-1.0, 4.0),
):
    """Show a logarithmic slider for h: watch the secant turn into the tangent.

    Parameters
    ----------
    f : callable
        A real function, applied elementwise.
    a : float
        Where the secant starts.
    fprime : callable, optional
        The exact derivative (draws the tangent and reports the difference).
    h : float
        The initial step.
    h_range : tuple of float
        The smallest and largest step on the slider.
    x_range : tuple of float
        The interval drawn.

    Returns
    -------
    ipywidgets.VBox
        The slider, a read-out line and the figure; its ``update()`` method
        redraws for the current slider value and returns the secant's slope.
    """
    import ipywidgets as widgets
    import numpy as np
    from matplotlib.figure import Figure

    from helpers import plotting

    lo, hi = np.log10(h_range[0]), np.log10(h_range[1])
    slider = widgets.FloatLogSlider(
        value=h,
        base=10,
        min=lo,
        max=hi,
        step=(hi - lo) / 100,
        description="h",
        readout_format=".3g",
    )
    tangent = None if fprime is None else float(fprime(a))
    fig = Figure(figsize=(7, 4.2), dpi=80)
    ax = fig.subplots()
    plotting.plot_curve_and_secant(f, a, h, x_range=x_range, ax=ax, tangent_slope=tangent)
    ax.set_title(f"secant through (a, f(a)) and (a + h, f(a + h)), a = {a:g}")
    secant, points, rise = ax.lines[1], ax.lines[-2], ax.lines[-1]
    secant.set_label("secant")
    if tangent is not None:
        ax.lines[2].set_label("tangent")
    ax.legend(loc="upper left")
    run_label, rise_label = ax.texts[-2], ax.texts[-1]
    blitter = _Blitter(fig, [secant, points, rise, run_label, rise_label])
    xs = np.linspace(*x_range, 2)
    image = widgets.Image(format="png")
    readout = widgets.Label()

    def update(*_):
        step = slider.value
        fa, fb = float(f(a)), float(f(a + step))
        slope = (fb - fa) / step
        secant.set_data(xs, fa + slope * (xs - a))
        points.set_data([a, a + step], [fa, fb])
        rise.set_data([a, a + step, a + step], [fa, fa, fb])
        run_label.xy = (a + step / 2, fa)
        rise_label.xy = (a + step, (fa + fb) / 2)
        text = f"h = {step:.3g}: secant slope {slope:.6f}"
        if tangent is not None:
            text += f", tangent slope {tangent:.6f}, difference {slope - tangent:.2e}"
        readout.value = text
        image.value = blitter.png()
        return slope

    slider.observe(update, names="value")
    update()
    box = widgets.VBox([slider, readout, image])
    box.update = update
    return box


from typing import TYPE_CHECKING  # noqa: E402 (imports of this section only)

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.figure import Figure

    from helpers.optimise import Trajectory


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
