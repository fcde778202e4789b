"""The shared layer of helpers.viz: style, PNG encoding, sliders, the explorer protocol."""

from __future__ import annotations

import io

import ipywidgets
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from helpers import viz
from helpers.viz._core import encode_png


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_use_style_sets_a_sharp_readable_style_and_rejects_unknown_kinds():
    with mpl.rc_context():
        viz.use_style("talk")
        assert mpl.rcParams["figure.dpi"] >= 100
        assert mpl.rcParams["font.size"] >= 16
        assert mpl.rcParams["figure.constrained_layout.use"]
    with pytest.raises(ValueError, match="kind must be one of"):
        viz.use_style("poster")


def test_importing_viz_changes_no_settings():
    before = dict(mpl.rcParams)
    import importlib

    importlib.reload(viz)
    assert dict(mpl.rcParams) == before


def test_encode_png_round_trips_grey_and_rgba():
    grey = np.arange(12, dtype=np.uint8).reshape(3, 4) * 20
    back = np.asarray(Image.open(io.BytesIO(viz.encode_png(grey))))
    np.testing.assert_array_equal(back, grey)
    rgba = np.zeros((2, 3, 4), dtype=np.uint8)
    assert Image.open(io.BytesIO(viz.encode_png(rgba))).size == (3, 2)
    with pytest.raises(ValueError, match="pixels must be uint8"):
        viz.encode_png(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="colours must be between 2 and 256"):
        viz.encode_png(rgba, colours=1)


def test_figure_png_renders_at_the_display_scale_with_few_colours():
    fig = Figure(figsize=(3, 2), dpi=100)
    fig.add_subplot().plot([0, 1], [0, 1])
    image = Image.open(io.BytesIO(viz.figure_png(fig, scale=2)))
    assert image.size == (600, 400)
    assert image.mode == "P"  # a palette image: small files


@pytest.mark.parametrize("log", [False, True])
def test_slider_rejects_values_outside_its_range_instead_of_clamping(log):
    s = viz.slider("lr", 0.1, 0.01, 1.0, log=log)
    assert s.name == "lr" and s.value == pytest.approx(0.1)
    for bad in (0.001, 2.0):
        with pytest.raises(ValueError, match=r"lr must be between 0\.01 and 1\.0"):
            viz.slider("lr", bad, 0.01, 1.0, log=log)


def test_slider_kinds_and_bad_ranges():
    assert isinstance(viz.slider("steps", 3, 1, 10, integer=True), ipywidgets.IntSlider)
    log = viz.slider("h", 0.1, 1e-3, 1.0, log=True)
    assert isinstance(log, ipywidgets.FloatLogSlider)
    assert (log.min, log.max) == (pytest.approx(-3.0), pytest.approx(0.0))
    with pytest.raises(ValueError, match="0 < low < high"):
        viz.slider("h", 0.5, 0.0, 1.0, log=True)
    with pytest.raises(ValueError, match="low < high"):
        viz.slider("h", 0.5, 1.0, 1.0)
    with pytest.raises(TypeError, match="steps must be an integer"):
        viz.slider("steps", 2.5, 1, 10, integer=True)


def _toy_explorer():
    fig = Figure(figsize=(2, 1.5))
    (line,) = fig.add_subplot().plot([0, 1], [0, 0])
    renderer = viz.FigureRenderer(fig, [line])

    def draw(a, n):
        line.set_ydata([0, a * n])
        return a * n, f"a n = {a * n:g}"

    return viz.Explorer(
        [viz.slider("a", 0.5, 0.1, 1.0, log=True), viz.slider("n", 2, 1, 5, integer=True)],
        draw,
        renderer.png,
        figure=fig,
    )


def test_explorer_protocol_update_png_box_and_registry():
    explorer = _toy_explorer()
    assert explorer.result == pytest.approx(1.0)
    before = explorer.png()
    assert explorer.update(a=1.0, n=5) == pytest.approx(5.0)
    assert explorer.caption.value == "a n = 5"
    assert explorer.png() != before and explorer.image.value == explorer.png()
    assert explorer.values() == {"a": pytest.approx(1.0), "n": 5}
    assert explorer in viz.live_explorers()
    assert isinstance(explorer.box, ipywidgets.VBox)
    # moving a slider (what the browser does) runs the same redraw
    explorer.controls["n"].value = 1
    assert explorer.result == pytest.approx(1.0)


def test_explorer_update_rejects_unknown_names_and_out_of_range_values():
    explorer = _toy_explorer()
    with pytest.raises(TypeError, match="unknown slider"):
        explorer.update(b=1)
    with pytest.raises(ValueError, match="a must be between"):
        explorer.update(a=5.0)
    with pytest.raises(ValueError, match="n must be between 1 and 5"):
        explorer.update(n=0)
    assert explorer.values()["n"] == 2  # nothing moved


def test_place_labels_keeps_labels_apart_and_inside():
    fig, ax = plt.subplots(figsize=(4, 3))
    xy = np.array([[0.5, 0.5], [0.51, 0.5], [0.5, 0.51], [0.52, 0.52]])
    ax.scatter(*xy.T)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    texts = viz.place_labels(ax, xy, ["alpha", "beta", "gamma", "delta"])
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    frame = ax.get_window_extent(renderer)
    for i, box in enumerate(boxes):
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
        assert not any(box.overlaps(other) for other in boxes[:i])
    with pytest.raises(ValueError, match="labels must have one entry per point"):
        viz.place_labels(ax, xy, ["a"])
    with pytest.raises(ValueError, match="xy must be finite"):
        viz.place_labels(ax, [[np.nan, 0.0]], ["a"])


def test_place_labels_covers_no_point_and_sits_nearest_its_own():
    # a tight row and a pair on top of each other: the first free offset of a label often
    # lies on a neighbour's marker, and a label right beside a neighbour would name it
    fig, ax = plt.subplots(figsize=(5, 4), dpi=100)
    row = [[0.40, 0.5], [0.43, 0.5], [0.46, 0.5], [0.49, 0.5], [0.52, 0.5]]
    xy = np.array([*row, [0.3, 0.3], [0.3, 0.32]])
    ax.scatter(*xy.T)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    labels = ["Apollo 13", "Aladdin", "Star Wars V", "Star Wars VI", "Fargo", "one", "two"]
    texts = viz.place_labels(ax, xy, labels)
    renderer = fig.canvas.get_renderer()
    radius = 4.0 * fig.dpi / 72
    centres = ax.transData.transform(xy)
    for k, text in enumerate(texts):
        box = Text.get_window_extent(text, renderer)
        for x, y in centres:  # no label covers a marker, its own or another's
            marker = Bbox.from_extents(x - radius, y - radius, x + radius, y + radius)
            assert not box.overlaps(marker), labels[k]
        if text.arrow_patch is None:  # without a leader line, the nearest point is its own
            gap = [
                np.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1))
                for x, y in centres
            ]
            assert gap[k] < min(np.delete(gap, k)), labels[k]
    with pytest.raises(ValueError, match="marker_radius must be a finite number >= 0"):
        viz.place_labels(ax, xy, labels, marker_radius=-1.0)
    with pytest.raises(TypeError, match="marker_radius must be a real number"):
        viz.place_labels(ax, xy, labels, marker_radius="4")
    plt.close(fig)


def test_short_title_shortens_without_cutting_words():
    assert viz.short_title("Star Wars: Episode IV - A New Hope (1977)") == "Star Wars IV"
    assert viz.short_title("Matrix, The (1999)") == "Matrix"
    long = viz.short_title("Eternal Sunshine of the Spotless Mind (2004)")
    assert long.replace("\n", " ") == "Eternal Sunshine of the Spotless Mind"
    assert all(len(line) <= 22 for line in long.splitlines())


def test_grey_figures_are_stored_as_evenly_spaced_grey_levels():
    ramp = np.tile(np.arange(256, dtype=np.uint8), (8, 1))
    rgba = np.dstack([ramp, ramp, ramp, np.full_like(ramp, 255)])
    stored = Image.open(io.BytesIO(encode_png(rgba, colours=5)))
    assert stored.mode == "L"
    assert sorted(np.unique(np.asarray(stored)).tolist()) == [0, 64, 128, 191, 255]
    # one coloured pixel, or a transparent one, keeps the adaptive palette of a colour figure
    coloured = rgba.copy()
    coloured[0, 0] = [255, 0, 0, 255]
    assert Image.open(io.BytesIO(encode_png(coloured, colours=5))).mode == "P"
    see_through = rgba.copy()
    see_through[0, 0, 3] = 0
    assert Image.open(io.BytesIO(encode_png(see_through, colours=5))).mode == "P"
    # without colours nothing is reduced
    assert Image.open(io.BytesIO(encode_png(rgba))).mode == "RGBA"
