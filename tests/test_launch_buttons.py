"""Launch buttons (``make launch-buttons``): consistent everywhere, and a Colab cell that is
harmless outside Colab and does the right thing on it."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SLUG, BRANCH = "someone/power-of-differentiation", "main"

_spec = importlib.util.spec_from_file_location("launch_buttons", ROOT / "scripts/launch_buttons.py")
launch_buttons = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(launch_buttons)


@pytest.fixture
def published(tmp_path):
    """A copy of README and notebooks with the buttons written for SLUG."""
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    status = launch_buttons.main(["--root", str(tmp_path), "--repository", SLUG])
    assert status == 0
    return tmp_path


def test_this_checkout_is_consistent():
    # either nothing has buttons yet (the public address is unknown) or everything has the same
    assert launch_buttons.check(ROOT) == []


def test_buttons_are_written_everywhere_and_point_at_each_notebook(published):
    assert launch_buttons.check(published) == []
    readme = (published / "README.md").read_text()
    assert readme.count(launch_buttons.START) == 1
    assert f"mybinder.org/v2/gh/{SLUG}/{BRANCH}?urlpath=lab/tree/notebooks/00-start-here" in readme
    assert readme.index(launch_buttons.START) < readme.index("## ")  # under the title
    for path in sorted((published / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        colab = f"colab.research.google.com/github/{SLUG}/blob/{BRANCH}/notebooks/{path.name}"
        assert colab in nb.cells[0].source
        assert nb.cells[0].source.startswith("# ")  # the title stays first
        assert nb.cells[1].metadata["tags"] == ["colab-setup"] and nb.cells[1].id == "colab-setup"
        assert nb.cells[1].metadata["slideshow"] == {"slide_type": "skip"}


def test_writing_twice_changes_nothing(published):
    before = {p: p.read_bytes() for p in published.rglob("*") if p.is_file()}
    assert launch_buttons.main(["--root", str(published), "--repository", SLUG]) == 0
    assert {p: p.read_bytes() for p in published.rglob("*") if p.is_file()} == before


def test_another_address_replaces_the_old_one(published):
    assert launch_buttons.main(["--root", str(published), "--repository", "other/fork"]) == 0
    assert launch_buttons.check(published) == []
    text = (published / "README.md").read_text()
    assert "other/fork" in text and SLUG not in text
    nb = nbformat.read(published / "notebooks/03-chain-rule.ipynb", as_version=4)
    assert sum("colab-setup" in c.metadata.get("tags", []) for c in nb.cells) == 1


def test_check_reports_a_notebook_left_behind(published):
    path = published / "notebooks/05-gradients-of-tensors.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.write(launch_buttons.without_launch_buttons(nb), path)
    problems = launch_buttons.check(published)
    assert any("05-gradients-of-tensors" in p and "lacks the buttons" in p for p in problems)
    assert any("05-gradients-of-tensors" in p and "Colab set-up cell" in p for p in problems)
    assert launch_buttons.main(["--root", str(published), "--check"]) == 1


def test_check_reports_buttons_in_a_notebook_when_readme_has_none(tmp_path):
    (tmp_path / "README.md").write_text("# The companion\n\nNo buttons here.\n")
    (tmp_path / "notebooks").mkdir()
    nb = nbformat.read(ROOT / "notebooks/03-chain-rule.ipynb", as_version=4)
    launch_buttons.add_buttons(nb, SLUG, BRANCH, "notebooks/03-chain-rule.ipynb")
    nbformat.write(nb, tmp_path / "notebooks/03-chain-rule.ipynb")
    assert launch_buttons.check(tmp_path) == [
        "notebooks/03-chain-rule.ipynb has launch buttons but README.md has none"
    ]


@pytest.mark.parametrize("name", ["00-start-here.ipynb", "08-netflix-challenge.ipynb"])
def test_decks_leave_buttons_and_setup_cell_out(name):
    # whatever this checkout holds: without buttons -> with buttons -> stripped = without buttons
    plain = launch_buttons.without_launch_buttons(
        nbformat.read(ROOT / "notebooks" / name, as_version=4)
    )
    assert launch_buttons.START not in plain.cells[0].source
    with_buttons = nbformat.from_dict(plain)
    launch_buttons.add_buttons(with_buttons, SLUG, BRANCH, f"notebooks/{name}")
    assert len(with_buttons.cells) == len(plain.cells) + 1
    deck = launch_buttons.without_launch_buttons(with_buttons)
    assert [c.source for c in deck.cells] == [c.source for c in plain.cells]
    text = "".join(c.source for c in deck.cells)
    assert "mybinder" not in text and "colab-badge" not in text


@pytest.mark.parametrize(
    ("remote", "slug"),
    [
        ("git@github.com:someone/companion.git\n", "someone/companion"),
        ("https://github.com/someone/companion.git", "someone/companion"),
        ("ssh://git@github.com/someone/companion", "someone/companion"),
        ("https://gitlab.com/someone/companion.git", None),
        ("/srv/git/companion", None),
        ("", None),
    ],
)
def test_github_slug(remote, slug):
    assert launch_buttons.github_slug(remote) == slug


def test_refuses_without_a_github_address(tmp_path, capsys):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    assert launch_buttons.main(["--root", str(tmp_path)]) == 2
    assert "REPO=owner/name" in capsys.readouterr().out
    assert launch_buttons.main(["--root", str(tmp_path), "--repository", "no-slash"]) == 2
    assert launch_buttons.main(["--root", str(tmp_path), "--repository", SLUG, "--branch", "a b"])
    assert (tmp_path / "README.md").read_text() == (ROOT / "README.md").read_text()


# ---------------------------------------------------------------------------------------------
# The Colab set-up cell itself
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def recorder(monkeypatch):
    """Record subprocess.run and os.chdir instead of running them; keep sys.path intact."""
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(("run", cmd, kw)))
    monkeypatch.setattr("os.chdir", lambda path: calls.append(("chdir", path)))
    monkeypatch.setattr(sys, "path", list(sys.path))
    return calls


def test_colab_cell_does_nothing_outside_colab(recorder):
    assert "google.colab" not in sys.modules
    path_before = list(sys.path)
    exec(launch_buttons.colab_setup_source(SLUG, BRANCH), {})
    assert recorder == []
    assert sys.path == path_before


@pytest.mark.parametrize("cloned_before", [False, True])
def test_colab_cell_on_colab_clones_installs_and_imports(recorder, monkeypatch, cloned_before):
    google = types.ModuleType("google")
    google.colab = types.ModuleType("google.colab")
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", google.colab)
    monkeypatch.setattr("os.path.isdir", lambda path: cloned_before)
    exec(launch_buttons.colab_setup_source(SLUG, BRANCH), {})
    companion = "/content/power-of-differentiation"
    runs = [call[1] for call in recorder if call[0] == "run"]
    if cloned_before:  # a second run in the same session does not fetch again
        assert runs == []
    else:
        assert runs == [
            [
                "git",
                "clone",
                "--depth=1",
                "--branch=main",
                f"https://github.com/{SLUG}.git",
                companion,
            ],
            [sys.executable, "-m", "pip", "install", "-q", "-e", companion],
        ]
        assert all(call[2] == {"check": True} for call in recorder if call[0] == "run")
    assert sys.path[0] == companion
    assert recorder[-1] == ("chdir", f"{companion}/notebooks")
