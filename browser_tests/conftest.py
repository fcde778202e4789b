"""pytest wiring for the browser test: options, one browser, one JupyterLab server per folder.

Run with ``pytest browser_tests`` (``make test-browser``); ``make test`` never collects this
folder, so it does not need a browser.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from labcheck import (
    LabServer,
    NotebookPipeline,
    NotebookReport,
    chromium_browser,
    describe,
    find_notebooks,
    notebook_checksums,
    summary_line,
)

REPORTS_KEY = pytest.StashKey[list[NotebookReport]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--notebooks-dir`` and ``--screenshots-dir``."""
    group = parser.getgroup("browser", "browser test of the notebooks in JupyterLab")
    group.addoption(
        "--notebooks-dir",
        default="notebooks",
        help="folder whose notebooks are run in JupyterLab (default: notebooks)",
    )
    group.addoption(
        "--screenshots-dir",
        default="build/browser",
        help="where one screenshot per notebook is saved (default: build/browser)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Prepare the list that collects each notebook's report for the summary."""
    config.stash[REPORTS_KEY] = []


def _notebooks_dir(config: pytest.Config) -> Path:
    return (Path(config.rootpath) / config.getoption("--notebooks-dir")).resolve()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Make one test per notebook in ``--notebooks-dir``, so new notebooks are covered."""
    if "notebook" in metafunc.fixturenames:
        notebooks = find_notebooks(_notebooks_dir(metafunc.config))
        metafunc.parametrize("notebook", notebooks, ids=[path.name for path in notebooks])


@pytest.fixture(scope="session")
def notebooks_dir(pytestconfig: pytest.Config) -> Path:
    """Return the folder of notebooks under test."""
    return _notebooks_dir(pytestconfig)


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig: pytest.Config) -> Path:
    """Return where the screenshots go."""
    return (Path(pytestconfig.rootpath) / pytestconfig.getoption("--screenshots-dir")).resolve()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    with chromium_browser() as running:
        yield running


@pytest.fixture(scope="session")
def lab_server_for():
    """Return a function giving the (started once, stopped at the end) server for a root."""
    servers: dict[Path, LabServer] = {}
    with contextlib.ExitStack() as stack:

        def server_for(root: Path) -> LabServer:
            root = Path(root).resolve()
            if root not in servers:
                servers[root] = stack.enter_context(LabServer(root))
            return servers[root]

        yield server_for


@pytest.fixture(scope="session")
def notebook_pipeline(request, notebooks_dir, lab_server_for, browser, screenshot_dir):
    """Check the selected notebooks in test order, each loaded while the previous one runs."""
    ordered = [
        item.callspec.params["notebook"]
        for item in request.session.items
        if "notebook" in getattr(getattr(item, "callspec", None), "params", {})
    ]
    server = lab_server_for(notebooks_dir.parent)
    pipeline = NotebookPipeline(browser, server, ordered, screenshot_dir)
    yield pipeline
    pipeline.close()


@pytest.fixture(scope="session")
def checksums_before(notebooks_dir: Path):
    """Checksums of the notebooks before any is opened; checked again after the session."""
    before = notebook_checksums(notebooks_dir)
    yield before
    after = notebook_checksums(notebooks_dir)
    assert after == before, f"notebooks in {notebooks_dir} changed on disk during the browser test"


@pytest.fixture(scope="session")
def reports(pytestconfig: pytest.Config) -> list[NotebookReport]:
    """Collect the reports of the notebooks under test for the terminal summary."""
    return pytestconfig.stash[REPORTS_KEY]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Print each notebook's time and moved slider, then the counts."""
    collected = config.stash.get(REPORTS_KEY, [])
    if not collected:
        return
    terminalreporter.section("notebooks in JupyterLab")
    for report in collected:
        status = "FAIL" if report.problems else "ok"
        terminalreporter.write_line(f"{status:4} {describe(report)}")
        for note in report.console_notes:
            terminalreporter.write_line(f"     console error not from a widget (ignored): {note}")
    terminalreporter.write_line(summary_line(collected))
