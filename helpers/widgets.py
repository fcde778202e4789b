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


def log_slider(value: float, low: float, high: float, description: str, **kwargs):
    """Make a base-10 logarithmic slider from ``low`` to ``high`` (values, not exponents).

    The explorers move learning rates and step sizes, which matter by orders of
    magnitude; by default the range is cut into 100 equal steps of the exponent.

    Parameters
    ----------
    value, low, high : float
        Start value and range, all positive.
    description : str
        The slider's label.
    **kwargs
        Passed on to ``ipywidgets.FloatLogSlider`` (e.g. ``step``, ``continuous_update``).

    Returns
    -------
    ipywidgets.FloatLogSlider

    Raises
    ------
    ValueError
        If the range is not ``0 < low < high``.

    Examples
    --------
    >>> s = log_slider(0.1, 1e-3, 1.0, "lr")
    >>> s.min, s.max, round(s.value, 6)
    (-3.0, 0.0, 0.1)
    """
    import ipywidgets
    import numpy as np

    if not (0 < low < high):
        raise ValueError(f"the range must satisfy 0 < low < high, got low={low!r}, high={high!r}")
    lo, hi = float(np.log10(low)), float(np.log10(high))
    options = {"step": (hi - lo) / 100, "readout_format": ".3g", **kwargs}
    return ipywidgets.FloatLogSlider(
        value=value, base=10, min=lo, max=hi, description=description, **options
    )


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
    controls = {
        "lr": log_slider(lr, lr_range[0], lr_range[1], "α"),
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

    slider = log_slider(h, h_range[0], h_range[1], "h")
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


def deep_chain(x: float, weights) -> tuple:
    """Run ``x`` through a chain of layers and collect the chain rule's pieces.

    Layer ``k`` is ``y_k = w_k * (y_{k-1} + 0.1 * tanh(y_{k-1}))``, a smooth function
    whose local derivative ``w_k * (1 + 0.1 / cosh(y_{k-1})**2)`` lies between
    ``w_k`` and ``1.1 * w_k``. By the chain rule ``dz/dx`` of the whole chain is the
    product of the local derivatives.

    Parameters
    ----------
    x : float
        The input ``y_0``.
    weights : array_like of float
        One weight per layer (at least one).

    Returns
    -------
    values : numpy.ndarray
        ``y_0, y_1, ..., y_n`` (length ``n + 1``).
    local : numpy.ndarray
        ``dy_k / dy_{k-1}`` for ``k = 1..n``.
    running : numpy.ndarray
        ``dy_k / dx``, the running products of ``local`` (length ``n``).

    Raises
    ------
    ValueError
        If ``x`` or a weight is not finite, or ``weights`` is empty.

    Examples
    --------
    >>> values, local, running = deep_chain(0.0, [2.0, 3.0])
    >>> [round(float(v), 6) for v in local], round(float(running[-1]), 6)
    ([2.2, 3.3], 7.26)
    """
    import numpy as np

    weights = np.atleast_1d(np.asarray(weights, dtype=float))
    if weights.ndim != 1 or weights.size == 0:
        raise ValueError(f"weights must be a non-empty 1-D list, got shape {weights.shape}")
    if not np.all(np.isfinite(weights)):
        raise ValueError("weights must be finite")
    if not np.isfinite(x):
        raise ValueError(f"x must be finite, got {x!r}")
    values = np.empty(weights.size + 1)
    values[0] = x
    local = np.empty(weights.size)
    for k, w in enumerate(weights):
        y = values[k]
        values[k + 1] = w * (y + 0.1 * np.tanh(y))
        local[k] = w * (1 + 0.1 * (1 - np.tanh(y) ** 2))  # 1 / cosh^2 = 1 - tanh^2
    return values, local, np.cumprod(local)


def _grad_png(fig, compress_level: int = 1) -> bytes:
    """Render a figure to PNG bytes with a single draw (no tight bounding box).

    Level 1 compression is fast (for slider moves); 6 gives smaller files.
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer, pil_kwargs={"compress_level": compress_level})
    return buffer.getvalue()


def _grad_explorer(controls: list, redraw, fig):
    """Lay out sliders above an image of ``fig``; redraw on every slider move.

    The figure is drawn off-screen (no pyplot) and shown as a PNG in an
    ``ipywidgets.Image``, so a slider move costs one draw of one figure. The
    returned box has a ``redraw(**values)`` method (the callback) for timing and
    tests.
    """
    import ipywidgets

    image = ipywidgets.Image(format="png")

    def on_change(_change=None, compress_level: int = 1) -> None:
        redraw(**{c.description_key: c.value for c in controls})
        image.value = _grad_png(fig, compress_level)

    for control in controls:
        control.observe(on_change, names="value")
    box = ipywidgets.VBox([*controls, image])
    box.redraw = lambda **values: (redraw(**values), _grad_png(fig))[1]
    on_change(compress_level=6)  # the first image is stored with the notebook: keep it small
    return box


def _grad_slider(kind: str, key: str, description: str, **kwargs):
    """Make an ipywidgets slider that remembers which keyword of ``redraw`` it sets."""
    import ipywidgets

    slider = getattr(ipywidgets, kind)(description=description, continuous_update=True, **kwargs)
    slider.description_key = key
    return slider


def _grad_figure(figsize: tuple[float, float]):
    """Make a figure outside pyplot (so the notebook does not display it by itself)."""
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, dpi=80, layout="none")


def _grad_plain_log_ticks(axis, low: int, high: int, every: int = 1) -> None:
    """Put fixed ticks ``10**k`` with plain-text labels on a log axis.

    Matplotlib's default labels for log axes are math text, which it re-parses on
    every draw; plain labels keep a slider's redraw fast.
    """
    import numpy as np

    powers = np.arange(low, high + 1, every)
    axis.set_ticks(10.0**powers, labels=[f"1e{k}" if k else "1" for k in powers])
    axis.set_ticks([], minor=True)


def chain_product_explorer(x: float = 0.5):
    """Explore how ``dz/dx`` of a deep chain vanishes or explodes with depth.

    Sliders: the layer weight (the size of each local derivative) and the depth.
    The figure shows ``|dy_k/dx|`` against ``k``; the logic is :func:`deep_chain`.

    Parameters
    ----------
    x : float
        The chain's input.

    Returns
    -------
    ipywidgets.VBox
        The sliders and the figure; display it in a notebook. Its ``redraw(weight=,
        depth=)`` method is the slider callback (it returns the PNG bytes).

    Examples
    --------
    In a notebook cell (its logic is checked by calling :func:`deep_chain`):

    >>> chain_product_explorer()  # doctest: +SKIP
    """
    import numpy as np

    from helpers import plotting

    fig = _grad_figure((7.0, 3.8))
    ax = fig.add_subplot()
    (line,) = ax.semilogy([1], [1], marker="o", markersize=3, color=plotting.PALETTE["blue"])
    ax.axhline(1.0, color=plotting.PALETTE["black"], linewidth=1, linestyle="--")
    ax.set_xlim(0, 51)
    ax.set_ylim(1e-16, 1e10)
    _grad_plain_log_ticks(ax.yaxis, -15, 10, 5)
    ax.set_xlabel("number of layers (depth)")
    ax.set_ylabel("|dz/dx|")
    fig.subplots_adjust(left=0.13, right=0.97, bottom=0.15, top=0.9)

    def redraw(weight: float, depth: int) -> None:
        _, _, running = deep_chain(x, np.full(depth, weight))
        line.set_data(np.arange(1, depth + 1), np.abs(running))
        ax.set_title(
            f"local derivatives {weight:.2f} to {1.1 * weight:.2f}: "
            f"dz/dx after {depth} layers = {running[-1]:.3g}"
        )

    controls = [
        _grad_slider("FloatSlider", "weight", "weight", value=0.9, min=0.4, max=1.5, step=0.05),
        _grad_slider("IntSlider", "depth", "depth", value=50, min=1, max=50),
    ]
    return _grad_explorer(controls, redraw, fig)


def directional_slope(f, point, angle: float) -> tuple[float, float]:
    """Slope of ``f`` along the unit direction ``u = (cos angle, sin angle)`` at ``point``.

    Returns both the numerical derivative of ``t -> f(point + t u)`` at ``t = 0``
    and the prediction ``<grad f(point), u>``; they agree for a smooth ``f``.

    Parameters
    ----------
    f : callable
        Scalar function of a 2-vector.
    point : array_like, shape (2,)
        Where to look.
    angle : float
        Direction in radians, measured from the x-axis.

    Returns
    -------
    numerical : float
        The slope along ``u`` from a central difference in ``t``.
    predicted : float
        ``<grad f(point), u>`` with the gradient from :func:`helpers.calculus.gradient`.

    Raises
    ------
    ValueError
        If ``point`` is not a finite 2-vector or ``angle`` is not finite.

    Examples
    --------
    >>> f = lambda v: v[0] ** 2 + v[0] * v[1] + v[1] ** 2
    >>> slope, predicted = directional_slope(f, [1.0, 2.0], 0.0)   # along x: df/dx = 2x + y
    >>> round(slope, 6), round(predicted, 6)
    (4.0, 4.0)
    """
    import numpy as np

    from helpers import calculus

    point = np.asarray(point, dtype=float)
    if point.shape != (2,) or not np.all(np.isfinite(point)):
        raise ValueError(f"point must be a finite 2-vector, got {point!r}")
    if not np.isfinite(angle):
        raise ValueError(f"angle must be finite, got {angle!r}")
    u = np.array([np.cos(angle), np.sin(angle)])
    along = np.vectorize(lambda t: float(f(point + t * u)))
    numerical = float(calculus.derivative(along, 0.0))
    predicted = float(calculus.gradient(f, point) @ u)
    return numerical, predicted


def directional_slope_explorer(f, xlim=(-2.0, 2.0), ylim=(-2.0, 2.0)):
    """Explore the slope of ``f(x, y)`` in every direction from a point.

    Sliders move the point and turn a direction ``u``; the figure shows the
    contours, ``grad f`` (vermillion) and ``u`` (green), and the title the slope
    along ``u`` (from :func:`directional_slope`). The slope is largest along the
    gradient and zero along the contour.

    Parameters
    ----------
    f : callable
        ``f(v)`` for a 2-vector ``v``; it must also work elementwise when ``v[0]``
        and ``v[1]`` are arrays (used to draw the contours).
    xlim, ylim : tuple of float
        The region shown and the sliders' ranges.

    Returns
    -------
    ipywidgets.VBox
        The sliders and the figure; display it in a notebook. Its ``redraw(x=, y=,
        angle=)`` method is the slider callback (it returns the PNG bytes).

    Examples
    --------
    In a notebook cell (its logic is checked by calling :func:`directional_slope`):

    >>> directional_slope_explorer(lambda v: v[0] ** 2 + v[1] ** 2)  # doctest: +SKIP
    """
    import numpy as np

    from helpers import calculus, plotting

    gx, gy = np.meshgrid(np.linspace(*xlim, 100), np.linspace(*ylim, 100))
    values = f(np.stack([gx, gy]))
    fig = _grad_figure((5.6, 4.8))
    ax = fig.add_subplot()
    ax.contour(gx, gy, values, levels=12, cmap=plotting.CMAP, linewidths=1)
    arrows = ax.quiver(
        [0.0, 0.0],
        [0.0, 0.0],
        [1.0, 1.0],
        [0.0, 0.0],
        color=[plotting.PALETTE["vermillion"], plotting.PALETTE["green"]],
        angles="xy",
        scale_units="xy",
        scale=1.0,
        width=0.012,
    )
    (dot,) = ax.plot([0.0], [0.0], "o", color=plotting.PALETTE["black"])
    ax.text(0.02, 0.02, "vermillion: grad f   green: u", transform=ax.transAxes, fontsize=10)
    ax.set_aspect("equal")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x$ (no unit)")
    ax.set_ylabel("$y$ (no unit)")
    fig.subplots_adjust(left=0.14, right=0.97, bottom=0.12, top=0.9)
    span = 0.25 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])

    def redraw(x: float, y: float, angle: float) -> None:
        point = np.array([x, y])
        theta = np.deg2rad(angle)
        numerical, _ = directional_slope(f, point, theta)
        grad = calculus.gradient(f, point)
        norm = float(np.linalg.norm(grad))
        shown = grad / norm * span if norm > 0 else np.zeros(2)
        arrows.set_offsets([point, point])
        arrows.set_UVC([shown[0], span * np.cos(theta)], [shown[1], span * np.sin(theta)])
        dot.set_data([x], [y])
        ax.set_title(f"slope along u: {numerical:.3f}    |grad f|: {norm:.3f}", fontsize=12)

    step = (xlim[1] - xlim[0]) / 40
    controls = [
        _grad_slider("FloatSlider", "x", "x", value=1.0, min=xlim[0], max=xlim[1], step=step),
        _grad_slider("FloatSlider", "y", "y", value=0.5, min=ylim[0], max=ylim[1], step=step),
        _grad_slider(
            "FloatSlider", "angle", "angle (deg)", value=45.0, min=-180.0, max=180.0, step=5.0
        ),
    ]
    return _grad_explorer(controls, redraw, fig)


def perturbation_changes(loss, grad, W, direction, sizes) -> tuple:
    """Predicted and actual change of a loss when ``W`` moves by ``delta = size * u``.

    ``u`` is ``direction`` scaled to unit Frobenius norm, so ``|delta| = size``.
    The prediction is the first-order one, ``<grad L(W), delta>`` (sum of the
    elementwise products); the actual change is ``L(W + delta) - L(W)``.

    Parameters
    ----------
    loss : callable
        Scalar function of an array shaped like ``W``.
    grad : array_like
        ``grad L(W)``, shaped like ``W``.
    W : array_like
        The point (any shape).
    direction : array_like
        Direction of the perturbation, shaped like ``W``, not all zero.
    sizes : array_like
        Perturbation sizes ``|delta|``, positive.

    Returns
    -------
    predicted, actual : numpy.ndarray
        One entry per size.

    Raises
    ------
    ValueError
        On a shape mismatch, non-finite input, a zero direction or a size <= 0.
    TypeError
        If ``loss`` is not callable.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([1.0, 2.0])
    >>> pred, act = perturbation_changes(lambda w: np.sum(w**2), 2 * W, W, [1.0, 0.0], [0.1])
    >>> round(float(pred[0]), 6), round(float(act[0]), 6)   # 2 * 0.1 and 1.1**2 - 1
    (0.2, 0.21)
    """
    import numpy as np

    if not callable(loss):
        raise TypeError(f"loss must be a callable, got {type(loss).__name__}")
    W = np.asarray(W, dtype=float)
    grad = np.asarray(grad, dtype=float)
    direction = np.asarray(direction, dtype=float)
    sizes = np.atleast_1d(np.asarray(sizes, dtype=float))
    for name, arr in (("grad", grad), ("direction", direction)):
        if arr.shape != W.shape:
            raise ValueError(f"{name} must have the shape of W {W.shape}, got {arr.shape}")
    for name, arr in (("W", W), ("grad", grad), ("direction", direction), ("sizes", sizes)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite")
    norm = np.linalg.norm(direction)
    if norm == 0:
        raise ValueError("direction must not be all zero")
    if np.any(sizes <= 0):
        raise ValueError(f"sizes must be positive, got {float(np.min(sizes))!r}")
    u = direction / norm
    base = float(loss(W))
    predicted = sizes * float(np.sum(grad * u))
    actual = np.array([float(loss(W + s * u)) - base for s in sizes])
    return predicted, actual


def loglog_slope(sizes, errors) -> float:
    """Least-squares slope of ``log(errors)`` against ``log(sizes)``.

    An error that behaves like ``C * size**p`` has slope ``p``.

    Parameters
    ----------
    sizes, errors : array_like
        Positive numbers of one shape, at least two of them.

    Returns
    -------
    float
        The fitted exponent ``p``.

    Raises
    ------
    ValueError
        If the shapes differ, fewer than two points are given, or a value is not
        positive and finite.

    Examples
    --------
    >>> round(loglog_slope([1e-3, 1e-2, 1e-1], [3e-6, 3e-4, 3e-2]), 6)
    2.0
    """
    import numpy as np

    sizes, errors = np.asarray(sizes, dtype=float), np.asarray(errors, dtype=float)
    if sizes.shape != errors.shape or sizes.ndim != 1 or sizes.size < 2:
        raise ValueError(
            f"sizes and errors must be 1-D of one length >= 2, got {sizes.shape} and {errors.shape}"
        )
    for name, arr in (("sizes", sizes), ("errors", errors)):
        if not np.all(np.isfinite(arr) & (arr > 0)):
            raise ValueError(f"{name} must be positive and finite (a log-log fit)")
    slope, _ = np.polyfit(np.log(sizes), np.log(errors), 1)
    return float(slope)


def gradient_meaning_explorer(loss, grad, W, direction, sizes=None):
    """Explore how well ``<grad L, delta>`` predicts the change of the loss.

    A log slider sets ``|delta|``; the figure shows the actual change and the
    prediction's error for many sizes (computed once) with the current size
    marked, and the title prints predicted, actual and error. The logic is
    :func:`perturbation_changes`.

    Parameters
    ----------
    loss : callable
        Scalar function of an array shaped like ``W``.
    grad : array_like
        ``grad L(W)``.
    W : array_like
        The point.
    direction : array_like
        Direction of the perturbation, shaped like ``W``.
    sizes : array_like, optional
        Sizes for the background curves; default ``logspace(-5, 0, 21)``.

    Returns
    -------
    ipywidgets.VBox
        The slider and the figure; display it in a notebook. Its ``redraw(size=)``
        method is the slider callback (it returns the PNG bytes).

    Examples
    --------
    In a notebook cell (its logic is checked by calling :func:`perturbation_changes`):

    >>> import numpy as np
    >>> W = np.ones(3)
    >>> gradient_meaning_explorer(lambda w: np.sum(w**3), 3 * W**2, W, np.ones(3))  # doctest: +SKIP
    """
    import numpy as np

    from helpers import plotting

    sizes = np.logspace(-5, 0, 21) if sizes is None else np.asarray(sizes, dtype=float)
    predicted, actual = perturbation_changes(loss, grad, W, direction, sizes)
    fig = _grad_figure((7.0, 4.4))
    ax = fig.add_subplot()
    plotting.plot_perturbation_errors(sizes, predicted, actual, ax=ax, highlight=1e-2)
    marker = ax.lines[-1]
    # plain-text labels: math text is re-parsed on every draw and slows the slider down
    ax.set_xlabel("perturbation size |delta| (Frobenius norm)")
    ax.legend(
        ax.lines,
        ["|actual change|", "error of the prediction <grad L, delta>", "slope 2", "current size"],
        fontsize=9,
        loc="upper left",
    )
    _grad_plain_log_ticks(ax.xaxis, -5, 0)
    low, high = np.floor(np.log10(ax.get_ylim()))
    _grad_plain_log_ticks(ax.yaxis, int(low) + 1, int(high), 2)
    fig.subplots_adjust(left=0.14, right=0.97, bottom=0.13, top=0.9)

    def redraw(size: float) -> None:
        (p,), (a,) = perturbation_changes(loss, grad, W, direction, [size])
        marker.set_xdata([size, size])
        ax.set_title(
            f"|delta| = {size:.1e}: predicted {p:.3e}, actual {a:.3e}, error {abs(a - p):.1e}",
            fontsize=11,
        )

    controls = [
        _grad_slider(
            "FloatLogSlider", "size", "|delta|", value=1e-2, base=10, min=-5, max=0, step=0.1
        )
    ]
    return _grad_explorer(controls, redraw, fig)


# ----------------------------------------------------------------------------------------------
# Notebook 06: rank slider for low-rank approximation
# ----------------------------------------------------------------------------------------------


class LowRankView:
    """What the rank slider shows for one rank (see :func:`low_rank_view`).

    Attributes
    ----------
    rank : int
        The rank kept.
    approximation : numpy.ndarray
        The rank-``rank`` reconstruction ``U_rank Sigma_rank V_rank^T``.
    relative_error : float
        ``||A - A_rank||_F / ||A||_F`` by Eckart-Young, from the singular values.
    storage_ratio : float
        ``rank (m + n + 1) / (m n)``: numbers stored by the factors per pixel.
    """

    def __init__(self, rank: int, approximation, relative_error: float, storage_ratio: float):
        self.rank = rank
        self.approximation = approximation
        self.relative_error = relative_error
        self.storage_ratio = storage_ratio

    def __repr__(self) -> str:
        return (
            f"LowRankView(rank={self.rank}, relative_error={self.relative_error:.4f}, "
            f"storage_ratio={self.storage_ratio:.4f})"
        )


def low_rank_view(factors, rank: int) -> LowRankView:
    """Rebuild the rank-``rank`` approximation from an SVD computed once, with its numbers.

    This is the whole computation behind :func:`low_rank_explorer`'s slider: a
    product of thin slices of the factors, so it is fast enough to follow a slider.

    Parameters
    ----------
    factors : tuple of arrays
        ``(U, s, Vh)`` from ``np.linalg.svd(A, full_matrices=False)``.
    rank : int
        The rank to keep, ``1 <= rank <= len(s)``.

    Returns
    -------
    LowRankView
        The rank, ``A_rank = U_rank Sigma_rank V_rank^T``, the relative Frobenius error
        ``sqrt(sum_{i > rank} s_i^2) / sqrt(sum_i s_i^2)`` (Eckart-Young) and the
        storage ratio ``rank (m + n + 1) / (m n)``.

    Raises
    ------
    TypeError
        If ``rank`` is not an integer.
    ValueError
        If the factors have inconsistent shapes or ``rank`` is out of range.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.diag([3.0, 4.0])
    >>> view = low_rank_view(np.linalg.svd(A, full_matrices=False), 1)
    >>> view.approximation
    array([[0., 0.],
           [0., 4.]])
    >>> print(f"{view.relative_error:.2f} {view.storage_ratio:.2f}")
    0.60 1.25
    """
    import numpy as np

    from helpers.linalg import low_rank_storage

    U, s, Vh = (np.asarray(f) for f in factors)
    if U.ndim != 2 or s.ndim != 1 or Vh.ndim != 2 or not (U.shape[1] == s.size == Vh.shape[0]):
        raise ValueError(
            "factors must be (U, s, Vh) of shapes (m, k), (k,), (k, n), as returned by "
            f"np.linalg.svd(A, full_matrices=False); got {U.shape}, {s.shape}, {Vh.shape}"
        )
    if isinstance(rank, bool) or not isinstance(rank, int | np.integer):
        raise TypeError(f"rank must be an integer, got {type(rank).__name__} {rank!r}")
    if not 1 <= rank <= s.size:
        raise ValueError(f"rank must be between 1 and {s.size}, got {rank}")
    approximation = (U[:, :rank] * s[:rank]) @ Vh[:rank]
    relative_error = float(np.sqrt(np.sum(s[rank:] ** 2) / np.sum(s**2)))
    storage = low_rank_storage((U.shape[0], Vh.shape[1]), int(rank))
    return LowRankView(int(rank), approximation, relative_error, storage)


def _grey_png(image) -> bytes:
    """Encode a greyscale image with values in [0, 1] as PNG bytes (values outside are clipped)."""
    import io

    import numpy as np
    from PIL import Image  # Pillow is a dependency of matplotlib

    pixels = np.round(255 * np.clip(image, 0.0, 1.0)).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()


def _low_rank_caption(view: LowRankView, shape: tuple[int, int]) -> str:
    m, n = shape
    return (
        f"rank {view.rank}: U ({m} x {view.rank}), {view.rank} singular values and "
        f"V^T ({view.rank} x {n}) store {100 * view.storage_ratio:.1f}% as many numbers as "
        f"the {m} x {n} pixels; relative Frobenius error {100 * view.relative_error:.1f}%"
    )


def low_rank_explorer(image, *, factors=None, rank: int = 20, max_rank: int | None = None):
    """Build a rank slider showing the best rank-``rho`` approximation of a greyscale image.

    The SVD is computed once (or passed in as ``factors``). Moving the slider only
    runs :func:`low_rank_view` and encodes the new picture as a PNG, a few
    milliseconds for images of a few hundred pixels a side, so it follows the
    slider live. Two bars show the storage ratio and the relative error.

    Parameters
    ----------
    image : array_like, shape (m, n)
        Greyscale image with values in [0, 1].
    factors : tuple of arrays, optional
        ``(U, s, Vh)``, the thin SVD of ``image``, if already computed.
    rank : int
        The rank shown first.
    max_rank : int, optional
        The slider's largest rank (default: ``min(m, n)``).

    Returns
    -------
    ipywidgets.VBox
        Its attribute ``slider`` is the rank slider and ``update(rank)`` redraws for a
        rank (what moving the slider calls); ``children`` are the slider, the two
        pictures (original and approximation), the caption and the two bars.

    Raises
    ------
    ValueError
        If ``image`` is not a finite 2-D array, or ``rank``/``max_rank`` are out of range.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.random.default_rng(0).random((30, 20))
    >>> explorer = low_rank_explorer(img, rank=3)
    >>> explorer.slider.value = 20
    >>> explorer.caption.value.endswith("relative Frobenius error 0.0%")
    True
    """
    import ipywidgets
    import numpy as np

    image = np.asarray(image, dtype=float)
    if image.ndim != 2 or not np.all(np.isfinite(image)):
        raise ValueError(f"image must be a finite 2-D array, got shape {image.shape}")
    if factors is None:
        factors = np.linalg.svd(image, full_matrices=False)
    s = np.asarray(factors[1])
    largest = min(image.shape) if max_rank is None else max_rank
    if not 1 <= largest <= s.size:
        raise ValueError(f"max_rank must be between 1 and {s.size}, got {max_rank}")
    if not 1 <= rank <= largest:
        raise ValueError(f"rank must be between 1 and max_rank = {largest}, got {rank}")

    width = f"{2 * image.shape[1]}px"  # shown at twice the pixel size
    slider = ipywidgets.IntSlider(
        value=rank, min=1, max=largest, description="rank", continuous_update=True
    )
    original = ipywidgets.Image(value=_grey_png(image), format="png", layout={"width": width})
    picture = ipywidgets.Image(format="png", layout={"width": width})
    caption = ipywidgets.Label()
    bar_style = {"description_width": "initial"}
    storage = ipywidgets.FloatProgress(
        min=0, max=100, description="storage (% of pixels)", style=bar_style
    )
    error = ipywidgets.FloatProgress(
        min=0, max=100, description="relative error (%)", style=bar_style, bar_style="warning"
    )

    def update(new_rank: int) -> LowRankView:
        view = low_rank_view(factors, new_rank)
        picture.value = _grey_png(view.approximation)
        caption.value = _low_rank_caption(view, image.shape)
        storage.value = min(100.0, 100 * view.storage_ratio)
        error.value = 100 * view.relative_error
        return view

    slider.observe(lambda change: update(change["new"]), names="value")
    update(rank)
    box = ipywidgets.VBox(
        [
            slider,
            ipywidgets.HBox(
                [
                    ipywidgets.VBox([ipywidgets.Label("original"), original]),
                    ipywidgets.VBox([ipywidgets.Label("rank-rho approximation"), picture]),
                ]
            ),
            caption,
            storage,
            error,
        ]
    )
    box.slider, box.caption, box.update = slider, caption, update
    return box


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
    slider = log_slider(lr, lr_min, lr_max, "lr", step=0.05, continuous_update=False)
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
        # savefig restores the layout engine through set_layout_engine(None), which reads
        # rcParams["figure.autolayout"] and would switch on tight layout (a second draw) for
        # every later move of the slider
        fig.set_layout_engine("none")
        image.value = buffer.getvalue()

    slider.observe(update, names="value")
    update()
    return w.VBox([slider, image])


# ----------------------------------------------------------------------------------------------
# Notebook 08: the Netflix Challenge
# ----------------------------------------------------------------------------------------------
