"""Put "Open in Binder" and "Open in Colab" buttons into the README and every notebook.

Usage::

    python scripts/launch_buttons.py [--repository OWNER/NAME] [--branch main] [--check]

``make launch-buttons`` calls it (``REPO=owner/name`` passes ``--repository``), then re-executes
the notebooks. Without ``--repository`` the GitHub address of git's ``origin`` is used; a clone
without a GitHub origin gets no buttons, since they must point at the public repository.

What it writes, each time replacing what an earlier run wrote:

* in README.md, between ``<!-- launch-buttons:start -->`` and ``<!-- launch-buttons:end -->``
  (added under the title the first time), both buttons for 00-start-here;
* in each notebook's opening cell, between the same markers, both buttons for that notebook;
* in each notebook, a first code cell tagged ``colab-setup`` that, on Colab only, clones the
  repository, installs it and makes ``helpers`` importable; anywhere else it does nothing.

``--check`` changes nothing: it fails unless README and notebooks agree, either all without
buttons (not published yet) or all with buttons for the same repository and branch. Slide decks
leave the buttons and the set-up cell out (see :func:`without_launch_buttons`); student copies
keep them, so a copy uploaded to Colab sets itself up too.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- launch-buttons:start -->", "<!-- launch-buttons:end -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", flags=re.DOTALL)
STRIP = re.compile(r"\n?" + BLOCK.pattern, flags=re.DOTALL)  # the block and the line it added
SETUP_TAG = "colab-setup"
SLUG = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"

COLAB_SETUP = """\
# On Google Colab only: fetch this companion (helpers and data) and install it.
# Anywhere else (JupyterLab, Binder, CI) this cell does nothing.
import sys

if "google.colab" in sys.modules:
    import os
    import subprocess

    companion = "/content/{name}"
    if not os.path.isdir(companion):
        subprocess.run(
            ["git", "clone", "--depth=1", "--branch={branch}",
             "https://github.com/{slug}.git", companion],
            check=True,
        )
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", companion], check=True)
    if companion not in sys.path:
        sys.path.insert(0, companion)  # the editable install is seen only after a restart
    os.chdir(os.path.join(companion, "notebooks"))
"""


def github_slug(remote: str) -> str | None:
    """Return ``owner/name`` of a GitHub remote address, or None for any other address.

    Examples
    --------
    >>> github_slug("git@github.com:someone/companion.git")
    'someone/companion'
    >>> github_slug("https://github.com/someone/companion")
    'someone/companion'
    >>> github_slug("/srv/git/companion.git") is None
    True
    """
    match = re.fullmatch(
        r"(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
        r"([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?",
        remote.strip(),
    )
    return match[1] if match else None


def origin_slug(root: Path = ROOT) -> str | None:
    """Return the GitHub ``owner/name`` of git's origin in ``root``, if it has one."""
    result = subprocess.run(
        ["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True
    )
    return github_slug(result.stdout) if result.returncode == 0 else None


def badges(slug: str, branch: str, notebook: str) -> str:
    """Return the two buttons for ``notebook`` (a path inside the repository) as one block."""
    binder = f"https://mybinder.org/v2/gh/{slug}/{branch}?urlpath=lab/tree/{notebook}"
    colab = f"https://colab.research.google.com/github/{slug}/blob/{branch}/{notebook}"
    return (
        f"{START}\n[![Open in Binder]({BINDER_BADGE})]({binder}) "
        f"[![Open in Colab]({COLAB_BADGE})]({colab})\n{END}\n"
    )


def colab_setup_source(slug: str, branch: str) -> str:
    """Return the source of the Colab set-up cell for repository ``slug`` at ``branch``."""
    return COLAB_SETUP.format(slug=slug, branch=branch, name=slug.split("/")[1]).rstrip("\n")


def _with_block(text: str, block: str) -> str:
    """Replace the launch-button block of ``text``, or put it after the first heading line."""
    if BLOCK.search(text):
        return BLOCK.sub(lambda _: block, text, count=1)
    lines = text.split("\n")
    heading = next((i for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join([*lines[: heading + 1], "", block.rstrip("\n"), *lines[heading + 1 :]])


def add_buttons(nb: nbformat.NotebookNode, slug: str, branch: str, notebook: str) -> None:
    """Add (or refresh) the buttons and the Colab set-up cell of one notebook, in place."""
    opening = nb.cells[0]
    opening.source = _with_block(opening.source, badges(slug, branch, notebook))
    source = colab_setup_source(slug, branch)
    setup = [c for c in nb.cells if SETUP_TAG in c.metadata.get("tags", [])]
    if setup:
        setup[0].source, setup[0].id = source, SETUP_TAG
        return
    cell = nbformat.v4.new_code_cell(source, id=SETUP_TAG)  # a fixed id: reruns give one diff
    cell.metadata["tags"] = [SETUP_TAG]
    cell.metadata["slideshow"] = {"slide_type": "skip"}
    nb.cells.insert(1, cell)


def without_launch_buttons(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` without buttons or Colab set-up cell (for decks and copies)."""
    copy = nbformat.from_dict(nb)
    copy.cells = [c for c in copy.cells if SETUP_TAG not in c.metadata.get("tags", [])]
    for cell in copy.cells:
        if cell.cell_type == "markdown":
            cell.source = STRIP.sub("", cell.source)
    return copy


def found_buttons(text: str) -> tuple[str, str] | None:
    """Return (slug, branch) of the Binder button in ``text``, or None when it has none."""
    block = BLOCK.search(text)
    if not block:
        return None
    match = re.search(r"mybinder\.org/v2/gh/([^/]+/[^/]+)/([^?)]+)", block[0])
    return (match[1], match[2]) if match else ("?", "?")


def check(root: Path = ROOT) -> list[str]:
    """Return what is inconsistent about the buttons under ``root`` (empty when all agree)."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    expected = found_buttons(readme)
    problems = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        name = path.relative_to(root).as_posix()
        here = found_buttons(nb.cells[0].source)
        setup = [c for c in nb.cells if SETUP_TAG in c.metadata.get("tags", [])]
        if expected is None:
            if here or setup:
                problems.append(f"{name} has launch buttons but README.md has none")
            continue
        slug, branch = expected
        if here != (slug, branch):
            problems.append(f"{name}: opening cell lacks the buttons for {slug} at {branch}")
        elif badges(slug, branch, name) not in nb.cells[0].source + "\n":
            problems.append(f"{name}: its buttons do not open this notebook")
        if len(setup) != 1 or setup[0].source != colab_setup_source(slug, branch):
            problems.append(f"{name}: the Colab set-up cell is missing or stale")
    return problems


def write(slug: str, branch: str, root: Path = ROOT) -> int:
    """Write the buttons into README and every notebook under ``root``; return how many."""
    readme = root / "README.md"
    block = badges(slug, branch, "notebooks/00-start-here.ipynb")
    readme.write_text(_with_block(readme.read_text(encoding="utf-8"), block), encoding="utf-8")
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        add_buttons(nb, slug, branch, path.relative_to(root).as_posix())
        nbformat.write(nb, path)
    return len(notebooks)


def main(argv: list[str] | None = None) -> int:
    """Write or check the buttons; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repository", help="OWNER/NAME on GitHub (default: git's origin)")
    parser.add_argument("--branch", default="main", help="branch the buttons open")
    parser.add_argument("--check", action="store_true", help="only check, change nothing")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.root)
        for problem in problems:
            print(f"error: {problem}")
        return 1 if problems else 0
    slug = args.repository or origin_slug(args.root)
    if slug is None:
        print(
            "error: no repository to point at: git's origin is not on GitHub. "
            "Pass the public address, e.g. REPO=owner/name (make) or --repository owner/name."
        )
        return 2
    if not SLUG.fullmatch(slug):
        print(f"error: --repository must look like owner/name, got {slug!r}")
        return 2
    if not re.fullmatch(r"[A-Za-z0-9_./-]+", args.branch):
        print(f"error: --branch must be a branch name, got {args.branch!r}")
        return 2
    count = write(slug, args.branch, args.root)
    print(f"launch buttons for {slug} at {args.branch} in README.md and {count} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
