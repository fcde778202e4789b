"""Slides fitted at build time (scripts/slide_fit.py, slide_metadata.py) and handouts
(scripts/build_handouts.py): the parts that need no browser.

The browser side - every slide measured in Chromium, PDFs printed - is tested in
browser_tests/test_slides_and_handouts.py.
"""

from __future__ import annotations

import doctest
import sys
import zlib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import build_handouts  # noqa: E402
import build_slides  # noqa: E402
import slide_fit  # noqa: E402
import slide_metadata  # noqa: E402
from slide_fit import (  # noqa: E402
    CONTENT_WIDTH,
    MIN_FIGURE_HEIGHT,
    SAFETY,
    SLIDE_HEIGHT,
    deck_notebook,
    markdown_chunks,
    markdown_height,
    paginate,
    pieces,
)
from slide_notebooks import code, figure, long_notebook, md, widget  # noqa: E402

ROOM = SLIDE_HEIGHT - SAFETY
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


# ---------------------------------------------------------------------------------------
# The docstring examples are tests too (scripts/ is outside pytest's doctest paths).


@pytest.mark.parametrize("module", [slide_fit, slide_metadata, build_handouts])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


# ---------------------------------------------------------------------------------------
# Markdown: blocks and their heights.


def test_markdown_chunks_keep_maths_fences_lists_and_tables_whole():
    source = (
        "## Title\nIntro line\n\n$$\na = b\n\nc = d\n$$\n\n```\ncode\n\nmore code\n```\n\n"
        "- one\n- two\n\n  still two\n\n| a | b |\n|---|---|\n<!-- hidden -->\n| 1 | 2 |\n\nEnd"
    )
    chunks = markdown_chunks(source)
    assert chunks[0] == "## Title"
    assert chunks[1] == "Intro line"
    assert chunks[2] == "$$\na = b\n\nc = d\n$$"
    assert chunks[3] == "```\ncode\n\nmore code\n```"
    assert chunks[4] == "- one\n- two\n\n  still two"
    assert chunks[5].startswith("| a | b |") and "hidden" not in "".join(chunks)
    assert chunks[-1] == "End"


def test_reference_links_follow_every_chunk():
    chunks = markdown_chunks("See [the lecture][lec].\n\nAnd again.\n\n[lec]: https://example.org")
    assert len(chunks) == 2
    assert all(chunk.endswith("[lec]: https://example.org") for chunk in chunks)


def test_text_width_follows_the_font():
    assert slide_fit.text_width("iiii") < slide_fit.text_width("MMMM")
    assert slide_fit.text_width("**bold words**") > slide_fit.text_width("bold words")
    # the advance widths of Source Sans Pro: "Hello" is H e l l o
    expected = sum(slide_fit.SANS_WIDTH[ch] for ch in "Hello")
    assert slide_fit.text_width("Hello") == pytest.approx(expected)


def test_longer_text_takes_more_lines_and_height():
    short, long = "word " * 10, "word " * 200
    assert slide_fit.wrapped_lines(short, 40) == 1
    assert slide_fit.wrapped_lines(long, 40) > 10
    assert markdown_height(long) > 10 * markdown_height(short) / 2


def test_maths_widths_and_heights():
    inline = slide_fit.math_width(r"\frac{abcdef}{x}")
    assert slide_fit._display_width(r"\frac{abcdef}{x}") > inline  # display style is bigger
    stacked = slide_fit.math_width("x_i^2")
    assert stacked < slide_fit.math_width("x") + slide_fit.math_width("_i") + 0.7 * 0.5
    assert markdown_height(r"Text $$\frac{a}{b}$$") > markdown_height(r"Text $$a + b$$")
    assert markdown_height(r"A line with $\frac{a}{b}$ in it") > markdown_height("A line")


def test_what_cannot_be_split_is_set_smaller():
    pages = paginate(pieces(long_notebook()))
    [html] = [p for page in pages for p in page.pieces if p.kind == "output"]
    [zoom] = html.tags
    assert zoom.startswith("fit-zoom-") and 50 <= int(zoom[9:]) < 100
    assert html.height <= ROOM
    [wide] = [p for page in pages for p in page.pieces if p.source.startswith("$$\\frac")]
    assert wide.tags and wide.tags[0].startswith("fit-math-")


def test_too_wide_display_maths_is_set_smaller():
    wide = "$$" + " + ".join(f"x_{{{i}}}" for i in range(60)) + "$$"
    assert slide_fit.markdown_piece(0, wide, "t").tags == ["fit-math-60"]
    assert slide_fit.markdown_piece(0, "$$a + b$$", "t").tags == []


# ---------------------------------------------------------------------------------------
# Code and outputs.


def test_code_font_shrinks_to_the_width_then_wraps():
    room = CONTENT_WIDTH - 2 * slide_fit.CODE_PAD_X
    assert slide_fit.code_font_px("x" * 80) == slide_fit.CODE_PX
    px = slide_fit.code_font_px("x" * 100)
    assert slide_fit.CODE_MIN_PX <= px < slide_fit.CODE_PX
    assert 100 * px * slide_fit.MONO_EM <= room
    assert slide_fit.code_font_px("x" * 400) == slide_fit.CODE_MIN_PX
    one_line, _ = slide_fit.code_height("x")
    wrapped, _ = slide_fit.code_height("x" * 400)
    assert wrapped > 3 * (one_line - 2 * slide_fit.CODE_PAD_Y)


def test_long_code_shows_its_output_and_says_so():
    found = pieces(long_notebook())
    notes = [p for p in found if p.kind == "note"]
    assert len(notes) == 1
    assert "Cell 3: 30 lines of code" in notes[0].source
    assert not any(p.kind == "code" and p.source.startswith("x0 = 0") for p in found)
    assert any(p.kind == "text" and p.cell == 2 for p in found)  # its output is kept


def test_long_printed_output_is_split_and_nothing_is_lost():
    parts = [p for p in pieces(long_notebook()) if p.kind == "text" and p.cell == 4]
    assert len(parts) > 1
    assert "".join(p.outputs[0].text for p in parts) == "".join(f"line {i}\n" for i in range(90))
    assert all(p.height <= ROOM for p in parts)


def test_figures_fit_the_width_and_the_room_left():
    pages = paginate(pieces(long_notebook()))
    figures = [p for page in pages for p in page.pieces if p.kind == "figure"]
    assert len(figures) == 2
    for fig in figures:
        width, height = fig.figure
        assert width <= CONTENT_WIDTH
        assert MIN_FIGURE_HEIGHT <= height <= ROOM
    big = figures[0]
    assert big.figure[0] / big.figure[1] == pytest.approx(2.0, rel=0.01)  # shape kept


# ---------------------------------------------------------------------------------------
# Pages.


def test_every_page_fits_and_no_page_ends_on_a_heading():
    pages = paginate(pieces(long_notebook()))
    assert len(pages) > 6
    for page in pages:
        assert page.used <= ROOM
        last = page.pieces[-1]
        assert not (last.kind == "markdown" and slide_fit.heading_line(last.source))
    assert [page.breaks for page in pages].count("slide") == 3  # title, section 1, summary
    continued = [page for page in pages if page.continued]
    assert continued and all(page.breaks == "subslide" for page in continued)


def test_a_long_table_is_split_with_its_header_on_every_part():
    pages = paginate(pieces(long_notebook()))
    tables = [p.source for page in pages for p in page.pieces if p.source.startswith("| a |")]
    assert len(tables) > 1
    assert all(table.startswith("| a | b |\n|---|---|") for table in tables)
    rows = [line for table in tables for line in table.splitlines()[2:]]
    assert rows == [f"| row {i} | value {i} |" for i in range(60)]


def test_the_deck_notebook_has_the_structure_reveal_needs():
    deck, pages = deck_notebook(long_notebook())
    types = [cell.metadata["slideshow"]["slide_type"] for cell in deck.cells]
    assert types[0] == "slide"
    assert types.count("slide") + types.count("subslide") == len(pages)
    assert set(types) <= {"slide", "subslide", "-"}
    text = "\n".join(cell.source for cell in deck.cells)
    assert "answer = 42" not in text and "Correct" not in str(deck.cells)  # solution skipped
    assert slide_metadata.WIDGET_MIME not in str(deck.cells)  # no live widget
    assert "1\\. A very long section *(continued)*" in text


def test_the_live_explorer_cue_sits_beside_its_static_figure():
    _, pages = deck_notebook(long_notebook())
    cue = "Live in the notebook: 1b. The explorer, cell 10"
    [page] = [page for page in pages if any(cue in p.source for p in page.pieces)]
    kinds = [p.kind for p in page.pieces]
    assert kinds.index("cue") + 1 == kinds.index("figure")  # right above the figure
    assert page.pieces[kinds.index("figure")].cell == 10  # the static view after the widget


def test_headings_inside_a_cell_start_slides():
    nb = nbformat.v4.new_notebook(
        cells=[md("# T"), md("Some text.\n\n## 2. Next section\n\nMore.\n\n### 2a. Part")]
    )
    breaks = [(p.source[:8], p.breaks) for p in pieces(nb)]
    assert breaks == [("# T", "slide"), ("Some tex", ""), ("## 2. Ne", "slide"),
                      ("More.", ""), ("### 2a. ", "subslide")]  # fmt: skip


def test_unfitted_decks_keep_one_slide_per_section():
    deck = slide_fit.plain_deck_notebook(long_notebook())
    types = [cell.metadata["slideshow"]["slide_type"] for cell in deck.cells]
    assert types.count("slide") == 3 and types.count("subslide") == 2
    assert types.count("skip") == 2  # the widget and the solution


# ---------------------------------------------------------------------------------------
# Live explorers.


def test_live_explorers_find_the_figure_after_before_or_none():
    after = nbformat.v4.new_notebook(
        cells=[md("## A"), code("w", widget()), code("v", figure(10, 10)), md("## B")]
    )
    before = nbformat.v4.new_notebook(
        cells=[md("## A"), code("v", figure(10, 10)), code("w", widget()), md("## B")]
    )
    none = nbformat.v4.new_notebook(
        cells=[md("## A"), code("w", widget()), md("## B"), code("v", figure(10, 10))]
    )
    assert slide_metadata.live_explorers(after)[0].figure == (2, 0)
    assert slide_metadata.live_explorers(before)[0].figure == (1, 0)
    assert slide_metadata.live_explorers(none)[0].figure is None
    assert slide_metadata.live_explorers(none)[0].section == "A"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_notebook_is_fitted_and_loses_nothing(path):
    nb = nbformat.read(path, as_version=4)
    deck, pages = deck_notebook(nb)
    assert all(page.used <= ROOM for page in pages), [round(p.used) for p in pages]
    shown = [(i, cell) for i, cell in enumerate(nb.cells) if not slide_metadata.is_skipped(i, cell)]
    figures = sum(len(slide_metadata.figure_outputs(cell)) for _, cell in shown)
    assert sum(len(slide_metadata.figure_outputs(cell)) for cell in deck.cells) == figures
    cues = [cell for cell in deck.cells if "Live in the notebook:" in cell.source]
    assert len(cues) == sum(slide_metadata.is_widget_cell(cell) for cell in nb.cells)
    headings = [h[2] for _, cell in shown if cell.cell_type == "markdown"
                for h in slide_metadata.headings(cell.source)]  # fmt: skip
    deck_text = "\n".join(cell.source for cell in deck.cells)
    assert all(heading in deck_text for heading in headings)


# ---------------------------------------------------------------------------------------
# Handouts (the notebook side) and bad input.


def test_handouts_leave_out_solutions_unless_asked_and_cue_live_widgets():
    nb = long_notebook()
    plain = build_handouts.handout_notebook(nb)
    full = build_handouts.handout_notebook(nb, solutions=True)
    assert len(plain.cells) == len(nb.cells) - 1
    assert len(full.cells) == len(nb.cells)
    text = str(plain.cells)
    assert "answer = 42" not in text and slide_metadata.WIDGET_MIME not in text
    assert "Live in the notebook: 1b. The explorer, cell 10" in text
    assert slide_metadata.WIDGET_MIME in str(nb.cells)  # the original is untouched


def test_pdf_pages_reads_page_sizes_also_from_compressed_streams():
    inherited = b"2 0 obj <</Type /Pages /Kids [3 0 R] /MediaBox [0 0 612 792]>> endobj\n"
    page = b"3 0 obj <</Type /Page /Parent 2 0 R /Resources <</F <</A 1>>>>>> endobj\n"
    packed = zlib.compress(b"4 0 obj <</Type /Page /MediaBox [0 0 595.92 842.88]>> endobj")
    stream = b"5 0 obj <</Filter /FlateDecode>> stream\n" + packed + b"\nendstream endobj"
    sizes = build_handouts.pdf_pages(b"%PDF-1.4\n" + inherited + page + stream)
    assert sorted(sizes) == [(595.92, 842.88), (612.0, 792.0)]
    assert build_handouts._is_a4((595.92, 842.88))
    assert not build_handouts._is_a4((612.0, 792.0))  # US Letter


def test_bad_input_is_named():
    with pytest.raises(TypeError, match=r"path must be the Path of a \.ipynb"):
        build_slides.build_deck("notebooks/01.ipynb", Path("build"))
    with pytest.raises(TypeError, match="nb must be a notebook"):
        build_handouts.handout_notebook({"cells": []})
    with pytest.raises(TypeError, match="pdf must be bytes"):
        build_handouts.pdf_pages("%PDF")
