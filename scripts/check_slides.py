"""Open every deck in build/slides/ in headless Chromium with the network blocked.

Usage: ``python scripts/check_slides.py [SLIDES_DIR]``; ``make slides-check`` calls it.
For each deck it checks that reveal.js initialised, that MathJax typeset the maths,
and that every figure loaded, and it saves a screenshot of the first slide with maths
to ``SLIDES_DIR/screenshots/``. Any request that is not for a local file is refused,
so a deck that needs the network fails here.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _labcheck():
    """Load the browser test's harness, which knows how to find and start Chromium."""
    spec = importlib.util.spec_from_file_location("labcheck", ROOT / "browser_tests/labcheck.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["labcheck"] = module
    spec.loader.exec_module(module)
    return module


def check_deck(page, deck: Path, shots: Path) -> str:
    """Check one deck; return a one-line report or raise AssertionError."""
    remote: list[str] = []

    def route(request_route, request):
        if request.url.startswith("file://"):
            request_route.continue_()
        else:
            remote.append(request.url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(deck.resolve().as_uri())
    # reveal.js marks its root element "ready" once it has initialised.
    page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
    page.wait_for_function(
        "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0"
        " && MathJax.Hub.queue.running === 0",
        timeout=60_000,
    )
    source_maths = page.evaluate(
        "() => document.querySelectorAll('.jp-MarkdownCell, .text_cell_render').length"
    )
    typeset = page.evaluate(
        "() => document.querySelectorAll('.MathJax_CHTML, mjx-container').length"
    )
    errors = page.evaluate("() => document.querySelectorAll('.MathJax_Error, merror').length")
    images = page.evaluate(
        "() => Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt])"
    )
    broken = [alt for ok, alt in images if not ok]
    has_tex = "$" in deck.read_text(encoding="utf-8") or "\\(" in deck.read_text(encoding="utf-8")
    assert not remote, f"{deck.name}: tried to fetch {remote[:3]}"
    assert not errors, f"{deck.name}: {errors} MathJax errors"
    assert not has_tex or typeset > 0, f"{deck.name}: maths present but nothing typeset"
    assert not broken, f"{deck.name}: {len(broken)} figures did not load"
    # Show the first slide that holds typeset maths (or the title) in the screenshot.
    index = page.evaluate(
        """() => Array.from(document.querySelectorAll('.slides > section'))
            .findIndex(s => s.querySelector('.MathJax_CHTML, mjx-container'))"""
    )
    if index > 0:
        page.evaluate(f"() => {{ window.location.hash = '#/{index}'; }}")
    page.wait_for_timeout(600)
    page.screenshot(path=str(shots / f"{deck.stem}.png"))
    return (
        f"{deck.name}: initialised, {typeset} formulas typeset in {source_maths} text cells, "
        f"{len(images)} figures loaded"
    )


def main(argv: list[str] | None = None) -> int:
    """Check every deck; return the exit status."""
    from playwright.sync_api import sync_playwright

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("build/slides")
    decks = sorted(folder.glob("*.slides.html"))
    if not decks:
        sys.exit(f"error: no decks in {folder}; run 'make slides' first")
    shots = folder / "screenshots"
    shots.mkdir(exist_ok=True)
    labcheck = _labcheck()
    try:
        chromium = labcheck.find_chromium()
    except RuntimeError as exc:
        sys.exit(f"error: {exc}")
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            args=list(labcheck.CHROMIUM_FLAGS),
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            for deck in decks:
                page = browser.new_page()
                print(check_deck(page, deck, shots))
                page.close()
        finally:
            browser.close()
    print(f"{len(decks)} decks work offline; screenshots in {shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
