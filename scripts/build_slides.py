"""Build one offline reveal.js deck per notebook into build/slides/, every slide fitted.

Usage: ``python scripts/build_slides.py [--no-fit] [NOTEBOOK_DIR] [TARGET_DIR]``;
``make slides`` calls it. reveal.js, MathJax 2, require.js and jQuery are installed from
the npm registry at build time and copied to ``TARGET_DIR/lib``, so the decks open with no
network. The slides come from the notebook's own structure (``slide_metadata.py``) and are
fitted to the slide size at build time (``slide_fit.py``): long sections continue on
sub-slides, long code shows its output only, long lines shrink or wrap, figures scale to
the room left, and a skipped live explorer leaves a cue beside its static figure.
``--no-fit`` builds the decks without fitting (one slide per section, as nbconvert would),
to show what the fitting does; ``make slides-check`` fails on such decks.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from launch_buttons import without_launch_buttons
from nbconvert import SlidesExporter
from slide_fit import SLIDE_HEIGHT, SLIDE_WIDTH, css_variables, deck_notebook, plain_deck_notebook
from traitlets.config import Config

__all__ = ["build_deck", "exporter", "main", "vendor"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: Where npm installs the front-end packages once (shared by decks, handouts and tests).
NPM_CACHE = ROOT / "build" / "slides-npm"
#: A script, style sheet or module loaded from the network (links for the reader are fine).
REMOTE_ASSET = re.compile(
    r"<(?:script|link)[^>]*(?:src|href)=[\"']?(?:https?:)?//[^\"' >]+"
    r"|import [^;]* from '(?:https?:)?//"
)
#: Front-end packages, pinned: nbconvert's reveal template is written for reveal.js 4
#: and MathJax 2.
PACKAGES = {
    "reveal.js": "4.6.0",
    "mathjax": "2.7.7",
    "requirejs": "2.3.8",
    "jquery": "3.7.1",
}
#: What to copy from each installed package into lib/.
COPY = {
    "reveal.js": ["dist", "plugin"],
    "mathjax": [
        "MathJax.js",
        "config",
        "extensions",
        "jax",
        "fonts/HTML-CSS/TeX/woff",
        "localization",
    ],
    "requirejs": ["require.js"],
    "jquery": ["dist/jquery.min.js"],
}


def vendor(target: Path, cache: Path = NPM_CACHE, packages: tuple[str, ...] = ()) -> Path:
    """Install the front-end packages with npm (once) and copy them to ``target/lib``.

    Parameters
    ----------
    target : Path
        Folder of the decks (or handouts); ``lib/`` is created inside it.
    cache : Path
        Where npm installs the packages; reused when they are already there.
    packages : tuple of str
        Which packages to copy (default: all of ``PACKAGES``).

    Returns
    -------
    Path
        The ``lib`` folder.
    """
    npm = shutil.which("npm")
    modules = cache / "node_modules"
    wanted = [f"{name}@{version}" for name, version in PACKAGES.items()]
    if not all((modules / name / "package.json").exists() for name in PACKAGES):
        if npm is None:
            sys.exit(
                "error: building decks and handouts needs npm (Node.js) to fetch reveal.js "
                "and MathJax once; install Node.js (e.g. 'apt-get install npm' or "
                "https://nodejs.org) and try again"
            )
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--silent",
             *wanted],
            check=True,
        )  # fmt: skip
    lib = target / "lib"
    for name, parts in COPY.items():
        if packages and name not in packages:
            continue
        for part in parts:
            src, dst = modules / name / part, lib / name / part
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                shutil.copy2(src, dst)
    return lib


def exporter() -> SlidesExporter:
    """Return an nbconvert slides exporter that loads every script from ``lib/``."""
    config = Config()
    config.TemplateExporter.extra_template_basedirs = [str(HERE / "templates")]
    config.SlidesExporter.template_name = "offline-reveal"
    config.SlidesExporter.reveal_url_prefix = "lib/reveal.js"
    config.SlidesExporter.reveal_theme = "white"
    config.SlidesExporter.reveal_width = str(SLIDE_WIDTH)
    config.SlidesExporter.reveal_height = str(SLIDE_HEIGHT)
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    config.HTMLExporter.mathjax_url = "lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    config.HTMLExporter.require_js_url = "lib/requirejs/require.js"
    config.HTMLExporter.jquery_url = "lib/jquery/dist/jquery.min.js"
    # the fitting hides the input of cells that only continue another cell's output
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {"fit-hide-input"}
    return SlidesExporter(config=config)


def build_deck(
    path: Path, target: Path, slides: SlidesExporter | None = None, fit: bool = True
) -> tuple[Path, int]:
    """Write the deck of one notebook into ``target``; return its path and slide count.

    Parameters
    ----------
    path : Path
        The executed notebook.
    target : Path
        The folder of decks (with ``lib/`` from `vendor`).
    slides : SlidesExporter, optional
        A reusable exporter from `exporter`.
    fit : bool
        Fit every slide to the slide size (the default); False builds one slide per
        section, as nbconvert does from slide metadata alone.

    Returns
    -------
    tuple of (Path, int)
        The deck and its number of slides (0 when not fitted).
    """
    if not isinstance(path, Path) or path.suffix != ".ipynb":
        raise TypeError(f"path must be the Path of a .ipynb notebook, got {path!r}")
    slides = slides or exporter()
    # a deck is for a room without network: no launch buttons (remote badge images)
    nb = without_launch_buttons(nbformat.read(path, as_version=4))
    if fit:
        deck, pages = deck_notebook(nb)
        count = len(pages)
    else:
        deck, count = plain_deck_notebook(nb), 0
    resources = {"metadata": {"name": path.stem}, "fit_css_variables": css_variables()}
    body, _ = slides.from_notebook_node(deck, resources=resources)
    remote = REMOTE_ASSET.search(body)
    if remote:
        raise SystemExit(f"error: the deck of {path.name} still loads {remote.group(0)!r}")
    out = target / f"{path.stem}.slides.html"
    out.write_text(body, encoding="utf-8")
    return out, count


def main(argv: list[str] | None = None) -> int:
    """Build the decks; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="notebooks", type=Path)
    parser.add_argument("target", nargs="?", default="build/slides", type=Path)
    parser.add_argument("--no-fit", action="store_true", help="one slide per section, unfitted")
    args = parser.parse_args(argv)
    notebooks = sorted(args.source.glob("*.ipynb"))
    if not notebooks:
        sys.exit(f"error: no notebooks in {args.source}")
    args.target.mkdir(parents=True, exist_ok=True)
    for old in args.target.glob("*.slides.html"):
        old.unlink()  # a deck of a notebook that was renamed or removed must not linger
    vendor(args.target)
    slides = exporter()
    total = 0
    for path in notebooks:
        _, count = build_deck(path, args.target, slides, fit=not args.no_fit)
        total += count
    fitted = f", {total} slides fitted to {SLIDE_WIDTH}x{SLIDE_HEIGHT}" if not args.no_fit else ""
    print(
        f"wrote {len(notebooks)} decks to {args.target}{fitted} "
        "(open them in a browser; no network needed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
