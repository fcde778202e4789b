"""Open every deck in headless Chromium with the network blocked and measure every slide.

Usage: ``python scripts/check_slides.py [SLIDES_DIR | DECK.html ...]``; ``make slides-check``
calls it. For each deck it checks that reveal.js initialised, that MathJax typeset the
maths without errors and that every figure loaded; then it sets the window to the deck's own
slide size (reveal.js's ``width`` and ``height``), shows every slide in turn and fails on any
slide whose content is taller or wider than the slide, or that holds an element (a code
block, an output, a table) that has to scroll or cuts off its content. Any request that is
not for a local file is refused, so a deck that needs the network fails here too.

A screenshot of the first slide with maths goes to ``SLIDES_DIR/screenshots/``, and one of
every slide that does not fit, named after it.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "MATHJAX_DONE_JS",
    "MATHS_JS",
    "DeckReport",
    "SlideProblem",
    "check_deck",
    "main",
    "measure_slides",
]

ROOT = Path(__file__).resolve().parents[1]
#: How many pixels a box may exceed its limit by (rounding of fractional layout).
TOLERANCE = 1

#: How many formulas MathJax typeset, and TeX still showing as source text (MathJax did
#: not run), e.g. "$x^2$", in the page's visible text.
MATHS_JS = r"""() => {
  const typeset = document.querySelectorAll('.MathJax_CHTML, .mjx-chtml, mjx-container').length;
  const copy = document.body.cloneNode(true);
  const hidden = 'script, style, pre, code, .MathJax_Preview, .MJX_Assistive_MathML, .mjx-chtml';
  copy.querySelectorAll(hidden).forEach(e => e.remove());
  const tex = copy.textContent.match(/\$\$?[^$\s][^$]*\$|\\\(.+?\\\)/);
  return [typeset, tex ? tex[0].slice(0, 40) : ''];
}"""
#: True once MathJax (when the page loads it) has started and typeset everything queued.
MATHJAX_DONE_JS = """() => !document.querySelector('script[src*="MathJax.js"]')
  || (window.MathJax && MathJax.isReady && MathJax.Hub.queue.pending === 0
      && MathJax.Hub.queue.running === 0)"""
#: The page's reveal.js: a global, or the module that nbconvert's decks load by require.js.
DECK_JS = """(window.Reveal || (window.require && window.require.defined
    && window.require.defined('lib/reveal.js/dist/reveal.js')
    ? window.require('lib/reveal.js/dist/reveal.js') : null))"""
#: The deck's own slide size, from its reveal.js configuration.
SIZE_JS = f"""() => {{
  const deck = {DECK_JS};
  if (!deck || !deck.isReady || !deck.isReady()) return {{error: 'reveal.js is not ready'}};
  const config = deck.getConfig();
  const width = Number(config.width), height = Number(config.height);
  if (!(width > 0 && height > 0))
    return {{error: `no fixed slide size (width ${{config.width}}, height ${{config.height}})`}};
  return {{width, height}};
}}"""
#: Shows each slide in turn and measures it. Returns the slide size and, per slide, its
#: indices, title, content height and width, what overflows in it, and its cells' heights.
MEASURE_JS = (
    "async () => { const deck = "
    + DECK_JS
    + r""";
  const config = deck.getConfig();
  const width = Number(config.width), height = Number(config.height);
  deck.configure({transition: 'none', backgroundTransition: 'none'});
  const idle = async () => {
    for (let i = 0; i < 500; i++) {
      const hub = window.MathJax && window.MathJax.Hub;
      if (!hub || !hub.queue || (hub.queue.pending === 0 && hub.queue.running === 0)) break;
      await new Promise(r => setTimeout(r, 20));
    }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  };
  const describe = el => {
    const cls = (typeof el.className === 'string' ? el.className : '').split(/\s+/)
      .filter(c => c && !c.startsWith('celltag_fit-estimate')).slice(0, 3).join('.');
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '');
  };
  const plain = el => {  // an element's text, with its maths as the TeX source
    const copy = el.cloneNode(true);
    const rendered = '.MathJax_Preview, .MJX_Assistive_MathML, .mjx-chtml, .anchor-link';
    copy.querySelectorAll(rendered).forEach(e => e.remove());
    copy.querySelectorAll('script[type^="math/tex"]')
      .forEach(e => e.replaceWith(`$${e.textContent}$`));
    return copy.textContent.replace(/¶/g, '').replace(/\s+/g, ' ').trim();
  };
  const slides = [];
  for (const slide of deck.getSlides()) {
    const at = deck.getIndices(slide);
    deck.slide(at.h, at.v);
    await idle();
    const problems = [];
    for (const el of slide.querySelectorAll('*')) {
      // inside a formula only the display box counts: MathJax clips its own glyph boxes
      if (el.closest('.mjx-chtml') && !el.matches('.MJXc-display')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none') continue;
      const wide = `${el.scrollWidth} px in ${el.clientWidth} px`;
      const tall = `${el.scrollHeight} px in ${el.clientHeight} px`;
      if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${describe(el)} cuts or scrolls its content horizontally (${wide})`);
      if (style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1)
        problems.push(`${describe(el)} cuts or scrolls its content vertically (${tall})`);
    }
    const heading = slide.querySelector('h1, h2, h3, .celltag_fit-continued');
    const cells = [...slide.querySelectorAll(':scope > .jp-Cell, :scope > div')].map(cell => {
      const inner = [...cell.querySelectorAll('[class*=celltag_fit-estimate]')];
      const tags = [cell, ...inner].map(e => e.className).join(' ');
      const estimate = (tags.match(/celltag_fit-estimate-(\d+)/) || [])[1];
      return {height: cell.offsetHeight, estimate: estimate ? Number(estimate) : null,
              text: plain(cell).slice(0, 60)};
    });
    slides.push({
      h: at.h, v: at.v,
      title: heading ? plain(heading).slice(0, 70) : '',
      height: slide.scrollHeight, width: slide.scrollWidth,
      estimate: slide.getAttribute('data-fit-estimate'),
      problems: [...new Set(problems)].slice(0, 5), cells,
    });
  }
  deck.slide(0, 0);
  return {width, height, slides};
}
"""
)


@dataclass
class SlideProblem:
    """A slide that does not fit: where it is and what is wrong."""

    deck: str
    index: str
    title: str
    reasons: list[str]

    def __str__(self) -> str:
        title = f' "{self.title}"' if self.title else ""
        return f"{self.deck} slide {self.index}{title}: " + "; ".join(self.reasons)


@dataclass
class DeckReport:
    """What the check saw in one deck."""

    name: str
    width: int = 0
    height: int = 0
    slides: int = 0
    tallest: int = 0
    formulas: int = 0
    figures: int = 0
    problems: list[SlideProblem] = field(default_factory=list)

    def __str__(self) -> str:
        status = "ok  " if not self.problems else "FAIL"
        return (
            f"{status} {self.name}: {self.slides} slides at {self.width}x{self.height}, "
            f"tallest {self.tallest} px, {len(self.problems)} not fitting; "
            f"{self.formulas} formulas typeset, {self.figures} figures loaded"
        )


def block_network(page) -> list[str]:
    """Let ``page`` load only local files; return the list that collects refused addresses."""
    remote: list[str] = []

    def route(request_route, request):
        if request.url.startswith(("file://", "data:")):
            request_route.continue_()
        else:
            remote.append(request.url)
            request_route.abort()

    page.route("**/*", route)
    return remote


def labcheck():
    """Load the browser test's harness, which knows how to find and start Chromium."""
    spec = importlib.util.spec_from_file_location("labcheck", ROOT / "browser_tests/labcheck.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["labcheck"] = module
    spec.loader.exec_module(module)
    return module


def measure_slides(page, name: str) -> DeckReport:
    """Measure every slide of the deck open in ``page`` at the deck's own slide size."""
    size = page.evaluate(SIZE_JS)
    if "error" in size:
        raise AssertionError(f"{name}: {size['error']}")
    # lay the deck out in a window of exactly its slide size
    page.set_viewport_size({"width": size["width"], "height": size["height"]})
    page.wait_for_timeout(100)
    result = page.evaluate(MEASURE_JS)
    report = DeckReport(name, result["width"], result["height"], len(result["slides"]))
    for slide in result["slides"]:
        report.tallest = max(report.tallest, slide["height"])
        reasons = []
        if slide["height"] > result["height"] + TOLERANCE:
            reasons.append(f"content {slide['height']} px tall in a {result['height']} px slide")
            worst = _worst_cell(slide["cells"], result["height"])
            if worst:
                reasons.append(worst)
        if slide["width"] > result["width"] + TOLERANCE:
            reasons.append(f"content {slide['width']} px wide in a {result['width']} px slide")
        reasons.extend(slide["problems"])
        if reasons:
            index = f"{slide['h'] + 1}" + (f".{slide['v'] + 1}" if slide["v"] else "")
            report.problems.append(SlideProblem(name, index, slide["title"], reasons))
    return report


def _worst_cell(cells: list[dict], height: int) -> str:
    """Name the part to blame: one taller than a slide, or the one most underestimated."""
    for cell in cells:
        if cell["height"] > height:
            return f"one part alone is {cell['height']} px tall: {cell['text']!r}"
    off = [
        (cell["height"] - cell["estimate"], cell) for cell in cells if cell["estimate"] is not None
    ]
    if not off:
        return ""
    excess, cell = max(off, key=lambda pair: pair[0])
    if excess <= 0:
        return ""
    return (
        f"the build estimated {cell['estimate']} px for a part {cell['height']} px tall: "
        f"{cell['text']!r}"
    )


def check_deck(page, deck: Path, shots: Path) -> DeckReport:
    """Check one deck; return its report (slides that do not fit are listed in it).

    Raises
    ------
    AssertionError
        When the deck needs the network, does not start, or its maths or figures fail.
    """
    remote = block_network(page)
    page.goto(deck.resolve().as_uri())
    # reveal.js marks its root element "ready" once it has initialised.
    page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
    page.wait_for_function(MATHJAX_DONE_JS, timeout=60_000)
    typeset, untypeset = page.evaluate(MATHS_JS)
    errors = page.evaluate("() => document.querySelectorAll('.MathJax_Error, merror').length")
    images = page.evaluate(
        "() => Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt])"
    )
    broken = [alt for ok, alt in images if not ok]
    assert not untypeset, f"{deck.name}: maths left as TeX source: {untypeset!r}"
    assert not errors, f"{deck.name}: {errors} MathJax errors"
    assert not broken, f"{deck.name}: {len(broken)} figures did not load"

    report = measure_slides(page, deck.name)
    report.formulas, report.figures = typeset, len(images)
    assert not remote, f"{deck.name}: tried to fetch {remote[:3]}"
    for problem in report.problems:
        h, _, v = problem.index.partition(".")
        page.evaluate(f"() => {DECK_JS}.slide({int(h) - 1}, {int(v or 1) - 1})")
        page.wait_for_timeout(100)
        page.screenshot(path=str(shots / f"{deck.stem}-overflow-{problem.index}.png"))
    # Show the first slide that holds typeset maths (or the title) in the screenshot.
    page.evaluate(
        f"""() => {{ const deck = {DECK_JS}; const s = deck.getSlides().find(s =>
              s.querySelector('.MathJax_CHTML, .mjx-chtml, mjx-container'));
            if (s) {{ const at = deck.getIndices(s); deck.slide(at.h, at.v); }} }}"""
    )
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / f"{deck.stem}.png"))
    return report


def main(argv: list[str] | None = None) -> int:
    """Check every deck; return 0 when every slide fits, 1 when some do not."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("build/slides")])
    args = parser.parse_args(argv)
    decks: list[Path] = []
    for path in args.paths:
        decks.extend(sorted(path.glob("*.html")) if path.is_dir() else [path])
    if not decks:
        sys.exit(f"error: no decks in {', '.join(map(str, args.paths))}; run 'make slides' first")
    shots = decks[0].parent / "screenshots"
    shots.mkdir(exist_ok=True)
    for old in shots.glob("*-overflow-*.png"):
        old.unlink()
    harness = labcheck()
    try:
        chromium = harness.find_chromium()
    except RuntimeError as exc:
        sys.exit(f"error: {exc}")
    reports = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            args=list(harness.CHROMIUM_FLAGS),
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            for deck in decks:
                page = browser.new_page()
                report = check_deck(page, deck, shots)
                print(report, flush=True)
                for problem in report.problems:
                    print(f"     {problem}")
                reports.append(report)
                page.close()
        finally:
            browser.close()
    slides = sum(r.slides for r in reports)
    bad = sum(len(r.problems) for r in reports)
    print(
        f"{len(reports)} decks, {slides} slides, {bad} overflowing; all work offline; "
        f"screenshots in {shots}"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
