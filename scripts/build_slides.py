"""Build one offline reveal.js deck per notebook into build/slides/.

Usage: ``python scripts/build_slides.py [NOTEBOOK_DIR] [TARGET_DIR]``; ``make slides``
calls it. reveal.js, MathJax 2, require.js and jQuery are installed from the npm
registry at build time and copied to ``TARGET_DIR/lib``, so the decks open with no
network. Each notebook's cell metadata (``slideshow.slide_type``) decides the slides.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from launch_buttons import without_launch_buttons
from nbconvert import SlidesExporter
from traitlets.config import Config

HERE = Path(__file__).resolve().parent
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


def vendor(target: Path) -> Path:
    """Install the front-end packages with npm and copy what the decks load to ``target/lib``."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit(
            "error: 'make slides' needs npm (Node.js) to fetch reveal.js and MathJax once; "
            "install Node.js (e.g. 'apt-get install npm' or https://nodejs.org) and try again"
        )
    cache = target.parent / "slides-npm"
    modules = cache / "node_modules"
    wanted = [f"{name}@{version}" for name, version in PACKAGES.items()]
    if not all((modules / name / "package.json").exists() for name in PACKAGES):
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(cache),
                "--no-audit",
                "--no-fund",
                "--silent",
                *wanted,
            ],
            check=True,
        )
    lib = target / "lib"
    for name, parts in COPY.items():
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
    config.SlidesExporter.reveal_scroll = True
    config.SlidesExporter.reveal_theme = "white"
    config.HTMLExporter.mathjax_url = "lib/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    config.HTMLExporter.require_js_url = "lib/requirejs/require.js"
    config.HTMLExporter.jquery_url = "lib/jquery/dist/jquery.min.js"
    return SlidesExporter(config=config)


def main(argv: list[str] | None = None) -> int:
    """Build the decks; return the exit status."""
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else Path("notebooks")
    target = Path(args[1]) if len(args) > 1 else Path("build/slides")
    target.mkdir(parents=True, exist_ok=True)
    vendor(target)
    slides = exporter()
    notebooks = sorted(source.glob("*.ipynb"))
    for path in notebooks:
        # a deck is for a room without network: no launch buttons (remote badge images)
        nb = without_launch_buttons(nbformat.read(path, as_version=4))
        body, _ = slides.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        remote = REMOTE_ASSET.search(body)
        if remote:
            raise SystemExit(f"error: the deck of {path.name} still loads {remote.group(0)!r}")
        (target / f"{path.stem}.slides.html").write_text(body, encoding="utf-8")
    print(f"wrote {len(notebooks)} decks to {target} (open them in a browser; no network needed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
