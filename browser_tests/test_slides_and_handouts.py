"""Decks and handouts in a real browser: their checks must fail on what would go wrong.

The checks behind ``make slides-check`` and ``make handouts`` are tested here on pages made
for the purpose.

A deck built from a small notebook with a deliberately long section must fail the slide
check when it is built without fitting (one slide per section), and pass when fitted; a
short notebook passes either way; a hand-written reveal.js page with a slide too tall and
a code block too wide fails, and so does one that fetches from the network. A handout is
printed to A4 and read back; a page wider than the printable width is refused.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import build_handouts  # noqa: E402
import build_slides  # noqa: E402
import check_slides  # noqa: E402
from slide_notebooks import long_notebook, short_notebook  # noqa: E402

RAW_DECK = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="lib/reveal.js/dist/reveal.css">{extra_head}
</head><body><div class="reveal"><div class="slides">
<section><h2>Fits</h2><p>A short slide.</p></section>
{sections}
</div></div>
<script src="lib/reveal.js/dist/reveal.js"></script>
<script>Reveal.initialize({{width: 960, height: 700, center: false, hash: true}});</script>
</body></html>
"""
TOO_TALL = '<section><h2>Too tall</h2><div style="height: 1500px">a long list</div></section>'
TOO_WIDE = (
    '<section><h2>Too wide</h2><pre style="overflow: auto; white-space: pre"><code>'
    + "x = 1  # " + "a very long line " * 30
    + "</code></pre></section>"
)  # fmt: skip


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> Path:
    """Return a folder for decks, with reveal.js and MathJax in it (npm installs them once)."""
    folder = tmp_path_factory.mktemp("decks")
    build_slides.vendor(folder)
    return folder


def build(decks: Path, nb: nbformat.NotebookNode, name: str, fit: bool) -> Path:
    """Write ``nb`` as ``name.ipynb`` into ``decks`` and build its deck; return the deck."""
    path = decks / f"{name}.ipynb"
    nbformat.write(nb, path)
    deck, _ = build_slides.build_deck(path, decks, fit=fit)
    return deck


def check(browser, deck: Path) -> check_slides.DeckReport:
    """Run the slide check of ``make slides-check`` on one deck in a new page."""
    shots = deck.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    page = browser.new_page()
    try:
        return check_slides.check_deck(page, deck, shots)
    finally:
        page.close()


def test_the_check_fails_on_a_long_slide_unless_the_build_fits_it(browser, decks):
    """One slide per section overflows on a long section; the fitted deck does not."""
    unfitted = check(browser, build(decks, long_notebook(), "99-long-unfitted", fit=False))
    assert unfitted.problems, "a section taller than the slide must fail the check"
    tall = [p for p in unfitted.problems if p.title == "1. A very long section"]
    assert tall and any("px tall in a 700 px slide" in r for r in tall[0].reasons)
    assert unfitted.tallest > 2 * unfitted.height

    fitted = check(browser, build(decks, long_notebook(), "99-long", fit=True))
    assert fitted.problems == [], "\n".join(map(str, fitted.problems))
    assert fitted.slides > 6 and fitted.tallest <= fitted.height
    assert (fitted.width, fitted.height) == (build_slides.SLIDE_WIDTH, build_slides.SLIDE_HEIGHT)
    html = (decks / "99-long.slides.html").read_text(encoding="utf-8")
    assert "Live in the notebook: 1b. The explorer, cell 10" in html
    assert "Cell 3: 30 lines of code, not shown here" in html
    assert "<p>1. A very long section <em>(continued)</em></p>" in html  # not a list item


def test_a_short_notebook_passes_with_or_without_fitting(browser, decks):
    """Sections that fit need no fitting, and the check does not cry wolf."""
    for fit in (False, True):
        report = check(browser, build(decks, short_notebook(), f"98-short-{fit}", fit=fit))
        assert report.problems == []
        assert report.slides == 3 and report.formulas > 0


def test_the_check_fails_on_a_raw_page_too_tall_or_too_wide(browser, decks):
    """Any reveal.js page is measured: a tall slide and a scrolling code block both fail."""
    deck = decks / "raw.html"
    deck.write_text(RAW_DECK.format(extra_head="", sections=TOO_TALL + TOO_WIDE), "utf-8")
    report = check(browser, deck)
    assert report.slides == 3
    assert [p.index for p in report.problems] == ["2", "3"]
    assert "content 1" in report.problems[0].reasons[0] and "px tall" in str(report.problems[0])
    assert "cuts or scrolls its content horizontally" in str(report.problems[1])
    assert (deck.parent / "screenshots" / "raw-overflow-2.png").exists()


def test_the_check_refuses_a_deck_that_needs_the_network(browser, decks):
    """A deck that fetches a style sheet from the internet fails."""
    deck = decks / "remote.html"
    remote = '\n<link rel="stylesheet" href="https://example.org/theme.css">'
    deck.write_text(RAW_DECK.format(extra_head=remote, sections=""), "utf-8")
    with pytest.raises(AssertionError, match=r"tried to fetch.*example\.org"):
        check(browser, deck)


# ---------------------------------------------------------------------------------------
# Handouts


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """Return a folder for handout pages, with MathJax in it."""
    folder = tmp_path_factory.mktemp("handouts")
    build_slides.vendor(folder, packages=("mathjax",))
    return folder


def test_a_handout_prints_to_a4_without_network(browser, pages):
    """The long notebook prints to several A4 pages, read back from the PDF."""
    nb = build_handouts.handout_notebook(long_notebook())
    body, _ = build_handouts.exporter().from_notebook_node(nb)
    page_html = pages / "99-long.html"
    page_html.write_text(body, encoding="utf-8")
    page = browser.new_page()
    try:
        handout = build_handouts.print_handout(page, page_html, pages / "99-long.pdf", "99")
    finally:
        page.close()
    assert handout.pages >= 3
    assert build_handouts._is_a4(handout.size)
    assert (pages / "99-long.pdf").read_bytes().startswith(b"%PDF")


def test_a_handout_wider_than_the_page_is_refused(browser, pages):
    """A page with an element wider than A4's printable width is not printed."""
    page_html = pages / "wide.html"
    page_html.write_text(
        '<html><head><script src="lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full"></script>'
        '</head><body><main><p>Fine.</p><div style="width: 1200px">too wide</div></main>'
        "</body></html>",
        encoding="utf-8",
    )
    page = browser.new_page()
    try:
        with pytest.raises(AssertionError, match="wider than the printable width"):
            build_handouts.print_handout(page, page_html, pages / "wide.pdf", "wide")
    finally:
        page.close()
    assert not (pages / "wide.pdf").exists()
