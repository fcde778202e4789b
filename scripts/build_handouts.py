"""Print one PDF handout per notebook into build/handouts/, A4, with no network.

Usage: ``python scripts/build_handouts.py [--solutions] [NOTEBOOK_DIR] [TARGET_DIR]``;
``make handouts`` calls it (``SOLUTIONS=1`` adds the worked solutions).

Each notebook becomes an HTML page (nbconvert, ``templates/handout``: stored outputs and
figures, maths typeset by a local copy of MathJax, a print style sheet that wraps code and
fits figures) and is printed to ``NN-name.pdf`` by the installed headless Chromium
(Playwright's ``page.pdf``; a browser is never downloaded). Worked solutions are left out
unless asked for; a live explorer keeps its code and a line saying where it is live.

Checked on the way, and the build fails otherwise: no request leaves the machine, MathJax
typesets without errors, every figure loads, nothing is wider than the printable width
when laid out for print, and each PDF reads back with A4 pages and at least one page.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import nbformat
from build_slides import REMOTE_ASSET, vendor
from check_slides import MATHJAX_DONE_JS, MATHS_JS, block_network, labcheck
from launch_buttons import without_launch_buttons
from nbconvert import HTMLExporter
from slide_metadata import WIDGET_MIME, cue_text, live_explorers
from traitlets.config import Config

__all__ = ["A4_POINTS", "handout_notebook", "main", "pdf_pages"]

HERE = Path(__file__).resolve().parent
#: A4 in PostScript points (1/72 inch): 210 mm x 297 mm.
A4_POINTS = (595.28, 841.89)
#: Page margins (left and right are what the printable width is measured against).
MARGINS = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
#: Printable width of an A4 page with those margins, in CSS pixels (96 per inch).
PRINTABLE_WIDTH = round((210 - 14 - 14) / 25.4 * 96)
FOOTER = (
    '<div style="width:100%; font-size:8pt; color:#666; padding:0 14mm; '
    'font-family:sans-serif; display:flex; justify-content:space-between;">'
    "<span>{title}</span>"
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)

#: Elements wider than the page (or that cut off their content) when laid out for print.
TOO_WIDE_JS = """(limit) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > limit + 1) problems.push(`the page is ${root.scrollWidth} px wide`);
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('.MathJax_CHTML, .mjx-chtml') && !el.matches('.MJXc-display')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    const style = getComputedStyle(el);
    const name = el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className
      ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
    if (box.right > limit + 1) problems.push(`${name} reaches ${Math.round(box.right)} px`);
    else if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
      problems.push(`${name} cuts off ${el.scrollWidth - el.clientWidth} px`);
  }
  return [...new Set(problems)].slice(0, 5);
}"""


@dataclass
class Handout:
    """One printed handout."""

    pdf: Path
    pages: int
    size: tuple[float, float]
    seconds: float
    formulas: int


def handout_notebook(nb: nbformat.NotebookNode, solutions: bool = False) -> nbformat.NotebookNode:
    """Return the notebook as a handout shows it.

    Worked solutions (cells tagged ``solution``) are removed unless ``solutions``; a live
    widget's output is replaced by the line "Live in the notebook: <section>, cell N".

    Parameters
    ----------
    nb : NotebookNode
        An executed notebook.
    solutions : bool
        Keep the worked solutions (printed under a "Worked solution" label).

    Returns
    -------
    NotebookNode
        A copy; ``nb`` is not changed.

    Examples
    --------
    >>> answer = nbformat.v4.new_code_cell("x = 2", metadata={"tags": ["solution"]})
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), answer])
    >>> len(handout_notebook(nb).cells), len(handout_notebook(nb, solutions=True).cells)
    (1, 2)
    """
    if not isinstance(nb, nbformat.NotebookNode):
        raise TypeError(f"nb must be a notebook (NotebookNode), got {type(nb).__name__}")
    cues = {explorer.cell: cue_text(explorer) for explorer in live_explorers(nb)}
    copy = nbformat.from_dict(nb)
    cells = []
    for i, cell in enumerate(copy.cells):
        if "solution" in cell.get("metadata", {}).get("tags", []):
            if not solutions:
                continue
            cell.metadata.get("jupyter", {}).pop("source_hidden", None)
            cell.metadata.get("jupyter", {}).pop("outputs_hidden", None)
        if cell.cell_type == "code":
            outputs = [o for o in cell.outputs if WIDGET_MIME not in o.get("data", {})]
            if i in cues:
                line = f'<p class="handout-cue">▶ {html.escape(cues[i])}</p>'
                outputs.append(nbformat.v4.new_output("display_data", {"text/html": line}))
            cell.outputs = outputs
        cells.append(cell)
    copy.cells = cells
    copy.metadata.pop("widgets", None)
    return copy


def exporter() -> HTMLExporter:
    """Return an nbconvert HTML exporter for handouts, MathJax loaded from ``lib/``."""
    config = Config()
    config.TemplateExporter.extra_template_basedirs = [str(HERE / "templates")]
    config.HTMLExporter.template_name = "handout"
    config.HTMLExporter.mathjax_url = "lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    return HTMLExporter(config=config)


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Return the width and height in points of every page of a PDF.

    Reads the ``/MediaBox`` of each ``/Type /Page`` object (or of its page tree, which
    pages inherit it from), also inside compressed object streams.

    Examples
    --------
    >>> one = b"1 0 obj <</Type /Page /Res <</F 2 0 R>> /MediaBox [0 0 595.28 841.89]>> endobj"
    >>> pdf_pages(b"%PDF-1.4 " + one)
    [(595.28, 841.89)]
    """
    if not isinstance(pdf, bytes):
        raise TypeError(f"pdf must be bytes, got {type(pdf).__name__}")
    texts = [pdf]
    for match in re.finditer(rb"/FlateDecode.*?stream\r?\n", pdf, re.S):
        try:
            texts.append(zlib.decompressobj().decompress(pdf[match.end() : match.end() + 2**24]))
        except zlib.error:
            continue
    objects = [obj for text in texts for obj in re.split(rb"\bendobj\b|\d+\s+\d+\s+obj\b", text)]
    box = rb"/MediaBox\s*\[([^\]]+)\]"
    inherited = next(
        (
            m[1]
            for obj in objects
            if re.search(rb"/Type\s*/Pages\b", obj)
            for m in [re.search(box, obj)]
            if m
        ),
        b"",
    )
    sizes = []
    for obj in objects:
        if re.search(rb"/Type\s*/Page\b(?!s)", obj) is None:
            continue
        found = re.search(box, obj)
        numbers = (found[1] if found else inherited).split()
        if len(numbers) == 4:
            x0, y0, x1, y1 = (float(n) for n in numbers)
            sizes.append((round(x1 - x0, 2), round(y1 - y0, 2)))
    return sizes


def _is_a4(size: tuple[float, float]) -> bool:
    return all(abs(a - b) <= 2.0 for a, b in zip(size, A4_POINTS, strict=True))  # < 1 mm


def print_handout(page, page_html: Path, pdf: Path, title: str) -> Handout:
    """Print one handout page to PDF, checking it on the way; return what was printed."""
    started = time.perf_counter()
    remote = block_network(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": 1100})
    page.goto(page_html.resolve().as_uri())
    page.wait_for_function(MATHJAX_DONE_JS, timeout=120_000)
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
    name = page_html.name
    errors = page.evaluate("() => document.querySelectorAll('.MathJax_Error, merror').length")
    broken = page.evaluate(
        "() => Array.from(document.images).filter(i => !(i.naturalWidth > 0)).length"
    )
    too_wide = page.evaluate(TOO_WIDE_JS, PRINTABLE_WIDTH)
    typeset, untypeset = page.evaluate(MATHS_JS)
    assert not untypeset, f"{name}: maths left as TeX source: {untypeset!r}"
    assert not errors, f"{name}: {errors} MathJax errors"
    assert not broken, f"{name}: {broken} figures did not load"
    assert not too_wide, f"{name}: wider than the printable width: {'; '.join(too_wide)}"
    page.pdf(
        path=str(pdf),
        format="A4",
        print_background=True,
        margin=MARGINS,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER.format(title=html.escape(title)),
    )
    assert not remote, f"{name}: tried to fetch {remote[:3]}"
    sizes = pdf_pages(pdf.read_bytes())
    assert sizes, f"{pdf.name}: no pages found"
    assert all(_is_a4(size) for size in sizes), f"{pdf.name}: pages are not A4: {set(sizes)}"
    return Handout(pdf, len(sizes), sizes[0], time.perf_counter() - started, typeset)


def main(argv: list[str] | None = None) -> int:
    """Write and check the handouts; return the exit status."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="notebooks", type=Path)
    parser.add_argument("target", nargs="?", default="build/handouts", type=Path)
    parser.add_argument("--solutions", action="store_true", help="include worked solutions")
    args = parser.parse_args(argv)
    notebooks = sorted(args.source.glob("*.ipynb"))
    if not notebooks:
        sys.exit(f"error: no notebooks in {args.source}")
    pages_dir = args.target / "html"
    pages_dir.mkdir(parents=True, exist_ok=True)
    for old in [*args.target.glob("*.pdf"), *pages_dir.glob("*.html")]:
        old.unlink()  # a handout of a notebook that was renamed or removed must not linger
    vendor(pages_dir, packages=("mathjax",))
    html_exporter = exporter()
    written = []
    for path in notebooks:
        nb = handout_notebook(
            without_launch_buttons(nbformat.read(path, as_version=4)), args.solutions
        )
        body, _ = html_exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        remote = REMOTE_ASSET.search(body)
        if remote:
            sys.exit(f"error: the handout of {path.name} still loads {remote.group(0)!r}")
        page_html = pages_dir / f"{path.stem}.html"
        page_html.write_text(body, encoding="utf-8")
        title = next(
            (c.source.splitlines()[0].lstrip("# ") for c in nb.cells if c.cell_type == "markdown"),
            path.stem,
        )
        written.append((page_html, args.target / f"{path.stem}.pdf", title))

    harness = labcheck()
    try:
        chromium = harness.find_chromium()
    except RuntimeError as exc:
        sys.exit(f"error: {exc}")
    handouts = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(
            profile, executable_path=chromium, args=list(harness.CHROMIUM_FLAGS), headless=True
        )
        try:
            for page_html, pdf, title in written:
                page = browser.new_page()
                try:
                    handout = print_handout(page, page_html, pdf, title)
                except AssertionError as exc:
                    sys.exit(f"error: {exc}")
                finally:
                    page.close()
                width, height = handout.size
                print(
                    f"{pdf.name}: {handout.pages} A4 pages ({width:.0f} x {height:.0f} pt), "
                    f"{handout.formulas} formulas typeset, {pdf.stat().st_size // 1024} KiB, "
                    f"{handout.seconds:.1f} s",
                    flush=True,
                )
                handouts.append(handout)
        finally:
            browser.close()
    which = "with" if args.solutions else "without"
    print(
        f"wrote {len(handouts)} handouts ({sum(h.pages for h in handouts)} pages, {which} "
        f"worked solutions) to {args.target}; no network used"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
