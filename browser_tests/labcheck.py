"""Run notebooks in JupyterLab inside a real, headless Chromium and check what a student sees.

nbval proves that the kernel side of a notebook works. This module checks the browser side: it
starts its own JupyterLab server, opens each notebook in Chromium (driven by Playwright), runs all
cells there, and fails when a cell shows an error, a widget does not render, the browser logs a
widget error, or a slider moves without changing its output. It never saves a notebook.

Use it through pytest (``pytest browser_tests``, see ``conftest.py``) or directly::

    python browser_tests/labcheck.py notebooks/

Chromium is taken from the ``CHROMIUM`` environment variable, or else the first of
``CHROMIUM_NAMES`` found (on the PATH, or the usual macOS application folders). Playwright only
drives it: it never downloads a browser of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Flags known to work for headless Chromium in a container without a GPU or a network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
CHROMIUM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# Console errors from the widget manager or a widget view: their text or stack trace names a
# widget, a comm, or a widget module that is not registered.
WIDGET_CONSOLE_ERROR = re.compile(r"widget|\bcomm\b|is not registered|model not found", re.I)

# User settings for the throw-away settings directory: never save a notebook, keep every cell in
# the page so widget views can be counted, and fetch nothing from the internet.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "contentVisibility"
    },
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False},
}


SERVER_EXTENSIONS_OFF = {"jupyter_server_terminals": False}


class BrowserCheckError(AssertionError):
    """A notebook does not work in JupyterLab; the message names the notebook and the cell."""


@dataclass
class NotebookReport:
    """What the browser check saw in one notebook.

    Attributes
    ----------
    name : str
        The notebook's path relative to the server's root directory.
    cells : int
        Number of cells in the notebook.
    widget_cells : int
        Number of cells that display at least one widget.
    widgets_expected : int
        Number of widget views the notebook displays (stored or live, whichever is larger).
    widgets_rendered : int
        Number of those views that rendered in the browser.
    slider : str
        The slider that was moved and how its readout changed; empty when there is none.
    slider_cell : str
        The notebook and cell of that slider.
    timings : dict of str to float
        Seconds spent waiting for the notebook to be open, running it, and checking a slider.
    seconds : float
        Wall time from the start of loading the notebook to the end of its check (loading
        overlaps the previous notebook's run in a `NotebookPipeline`).
    screenshot : Path or None
        Where the screenshot was saved.
    console_notes : list of str
        Browser console errors that did not come from a widget (reported, not failed).
    problems : list of str
        Everything that makes the notebook fail; empty when it passes.
    """

    name: str
    cells: int = 0
    widget_cells: int = 0
    widgets_expected: int = 0
    widgets_rendered: int = 0
    slider: str = ""
    slider_cell: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    screenshot: Path | None = None
    console_notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def find_chromium() -> str:
    """Return the path of a Chromium or Chrome executable.

    Returns
    -------
    str
        ``$CHROMIUM`` when set, else the first of ``CHROMIUM_NAMES`` found on the PATH.

    Raises
    ------
    RuntimeError
        When no browser is found; the message says how to get one.
    """
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            raise RuntimeError(f"CHROMIUM={explicit!r} is not an executable file")
        return found
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise RuntimeError(
        "No Chromium or Chrome found for the browser test. Install one "
        "(Debian/Ubuntu: 'sudo apt-get install chromium'; Fedora: 'sudo dnf install chromium'; "
        "macOS: install Google Chrome) or point CHROMIUM at its executable, e.g. "
        "'make test-browser CHROMIUM=/path/to/chrome'."
    )


def notebook_checksums(directory: Path) -> dict[str, str]:
    """Return the SHA-256 of every notebook under `directory`, keyed by relative path.

    Parameters
    ----------
    directory : Path
        Folder searched recursively for ``*.ipynb`` files (checkpoint folders skipped).

    Returns
    -------
    dict of str to str
        Relative POSIX path to hex digest.
    """
    directory = Path(directory)
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*.ipynb"))
        if ".ipynb_checkpoints" not in path.parts
    }


def find_notebooks(directory: Path) -> list[Path]:
    """Return the notebooks directly inside `directory`, sorted by name.

    Parameters
    ----------
    directory : Path
        A folder of notebooks.

    Returns
    -------
    list of Path
        The ``*.ipynb`` files in the folder.

    Raises
    ------
    ValueError
        When `directory` is not a folder.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ValueError(f"directory must be a folder of notebooks, got {str(directory)!r}")
    return sorted(directory.glob("*.ipynb"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """A JupyterLab server of our own on a free loopback port, stopped by its PID on exit.

    Parameters
    ----------
    root : Path
        The server's root directory; notebooks are opened by their path relative to it, and each
        kernel starts in its notebook's folder.
    startup_timeout : float
        Seconds to wait for the server to answer.

    Examples
    --------
    ``with LabServer(Path(".")) as lab: lab.url_for("notebooks/00-start-here.ipynb")``
    """

    def __init__(self, root: Path, startup_timeout: float = 90.0) -> None:
        self.root = Path(root).resolve()
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.log_path: Path | None = None

    @property
    def base_url(self) -> str:
        """The server's address, without the token."""
        return f"http://127.0.0.1:{self.port}"

    def url_for(self, path: str) -> str:
        """Return the URL that opens `path` in a fresh workspace (``?reset``) with the token."""
        return f"{self.base_url}/lab/tree/{urllib.parse.quote(path)}?reset&token={self.token}"

    def __enter__(self) -> LabServer:
        self._tmp = tempfile.TemporaryDirectory(prefix="labcheck-")
        tmp = Path(self._tmp.name)
        for relative, values in LAB_SETTINGS.items():
            target = tmp / "settings" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values), encoding="utf-8")
        # A server extension a notebook run does not need, switched off to start faster.
        (tmp / "config").mkdir()
        (tmp / "config" / "jupyter_server_config.json").write_text(
            json.dumps({"ServerApp": {"jpserver_extensions": SERVER_EXTENSIONS_OFF}}),
            encoding="utf-8",
        )
        env = dict(os.environ)
        env.update(
            JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
            JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
            JUPYTER_CONFIG_DIR=str(tmp / "config"),
            JUPYTER_DATA_DIR=str(tmp / "data"),
            IPYTHONDIR=str(tmp / "ipython"),
        )
        self.port = _free_port()
        command = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log_path = tmp / "server.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        status_url = f"{self.base_url}/api/status?token={self.token}"
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited at start:\n{self.log_tail()}")
            with contextlib.suppress(OSError, urllib.error.URLError):
                with urllib.request.urlopen(status_url, timeout=2) as response:
                    if response.status == 200:
                        return
            time.sleep(0.25)
        raise RuntimeError(
            f"JupyterLab did not answer within {self.startup_timeout:.0f} s:\n{self.log_tail()}"
        )

    def start_kernel_for(self, path: str, kernel_name: str) -> None:
        """Start the session (and kernel) that JupyterLab will attach to when it opens `path`.

        Starting it before the page loads lets the kernel boot while the browser is busy with
        JupyterLab's code. It is a new kernel that has run nothing.

        Parameters
        ----------
        path : str
            The notebook's path relative to the root directory.
        kernel_name : str
            The kernel spec's name, e.g. ``"python3"``.
        """
        body = {"path": path, "name": Path(path).name, "type": "notebook"}
        body["kernel"] = {"name": kernel_name}
        request = urllib.request.Request(
            f"{self.base_url}/api/sessions",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def log_tail(self, lines: int = 30) -> str:
        """Return the last lines of the server's log (with the token masked)."""
        if self.log_path is None or not self.log_path.exists():
            return "(no server log)"
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.replace(self.token, "***").splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server by its PID (then its process group if it lingers) and clean up."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                # The server runs in its own session, so its group id is its PID: this reaches
                # the server and the kernels it started, and nothing else.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


@contextlib.contextmanager
def chromium_browser(executable: str | None = None) -> Iterator[object]:
    """Launch headless Chromium through Playwright, with a fresh temporary profile.

    Parameters
    ----------
    executable : str, optional
        The browser to run; `find_chromium` by default.

    Yields
    ------
    playwright.sync_api.Browser
        The running browser; it is closed on exit.
    """
    from playwright.sync_api import sync_playwright

    executable = executable or find_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
        )
        try:
            yield browser
        finally:
            browser.close()


# --------------------------------------------------------------------------------------------
# JavaScript run in the page. `window.jupyterapp` exists because of expose_app_in_browser.
# --------------------------------------------------------------------------------------------

JS_NOTEBOOK_READY = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path || !panel.context.isReady) {
    return false;
  }
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return Boolean(kernel && kernel.status === 'idle' && panel.content.widgets.length > 0);
}"""

JS_RUN_ALL = """() => {
  const commands = window.jupyterapp.commands;
  window.__labcheck = {done: false};
  commands.execute('notebook:clear-all-cell-outputs')
    .then(() => commands.execute('notebook:run-all-cells'))
    .then(result => { window.__labcheck = {done: true, result: String(result)}; },
          error => { window.__labcheck = {done: true, error: String(error)}; });
}"""

JS_IDLE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  return panel.content.widgets.every(cell => cell.model.type !== 'code'
    || !cell.model.executionState || cell.model.executionState === 'idle');
}"""

# One record per cell: what the model holds and what the page shows.
JS_CELLS = """(widgetMime) => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.map((cell, index) => {
    const model = cell.model;
    const source = model.sharedModel.getSource();
    const record = {
      index: index, type: model.type, tags: model.getMetadata('tags') || [],
      firstLine: (source.split('\\n').find(line => line.trim()) || '').trim().slice(0, 80),
      errors: [], stderr: [], widgetsLive: 0, widgetsRendered: 0, widgetFailures: [],
      widgetOutputErrors: [], sliders: 0, running: false, executed: false,
    };
    if (model.type !== 'code') return record;
    record.executed = model.executionCount !== null && model.executionCount !== undefined;
    record.running = model.executionState === 'running'
      || (cell.promptNode && /\\*/.test(cell.promptNode.textContent || ''));
    for (const output of model.outputs.toJSON()) {
      if (output.output_type === 'error') {
        record.errors.push(`${output.ename}: ${output.evalue}`);
      } else if (output.output_type === 'stream' && output.name === 'stderr') {
        const text = Array.isArray(output.text) ? output.text.join('') : output.text;
        record.stderr.push(text.trim().split('\\n').slice(-3).join(' | '));
      } else if (output.data && output.data[widgetMime]) {
        record.widgetsLive += 1;
      }
    }
    const area = cell.outputArea ? cell.outputArea.node : null;
    if (!area) return record;
    const outputs = area.querySelectorAll(':scope > .jp-OutputArea-child > .jp-OutputArea-output');
    for (const out of outputs) {
      if (out.hasAttribute('data-mime-type')) continue;  // text, images: not a widget view
      const view = out.querySelector(':scope > .jupyter-widgets');
      const broken = out.querySelector('.jupyter-widgets-error-widget');
      const text = (out.textContent || '').trim().split('\\n')[0].slice(0, 200);
      if (view && !broken && !/Error displaying widget/.test(text)) {
        record.widgetsRendered += 1;
      } else if (broken) {
        record.widgetFailures.push(`a widget error view ('${text}')`);
      } else if (/Error displaying widget/.test(text)) {
        record.widgetFailures.push(`'${text}'`);
      }  // anything else is still loading: wait for it
    }
    const stderr = '.widget-output [data-mime-type="application/vnd.jupyter.stderr"]';
    for (const err of area.querySelectorAll(stderr)) {
      const lines = (err.textContent || '').split('\\n').filter(line => line.trim());
      record.widgetOutputErrors.push(lines.slice(-2).join(' | ').slice(0, 300));
    }
    record.sliders = area.querySelectorAll('.widget-slider .noUi-handle').length;
    return record;
  });
}"""

# What the widgets show apart from the sliders themselves: the text and images of every output
# widget, HTML widget and image widget, hashed so that large figure data stays in the page.
JS_WIDGET_OUTPUT_SIGNATURE = """() => {
  const node = window.jupyterapp.shell.currentWidget.content.node;
  const parts = [];
  const shown = '.widget-output .jp-OutputArea-output, .widget-html-content, .widget-image';
  for (const el of node.querySelectorAll(shown)) {
    // A widget displayed inside an output widget is skipped here (a slider's own readout must
    // not count as its output); what that widget shows is matched on its own.
    if (el.matches('.jp-OutputArea-output:not([data-mime-type])')) continue;
    parts.push(el.textContent || '');
    for (const img of el.querySelectorAll('img')) parts.push(img.src);
    if (el.tagName === 'IMG') parts.push(el.src);
  }
  const text = parts.join('\\u0000');
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return {hash: hash, length: text.length};
}"""


# Count the kernel's busy phases from now on, to know when a slider's callback has run.
JS_COUNT_BUSY = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.__labcheckBusy = 0;
  if (!window.__labcheckListening) {
    kernel.statusChanged.connect((_, status) => {
      if (status === 'busy') window.__labcheckBusy += 1;
    });
    window.__labcheckListening = true;
  }
}"""


def _cell_label(name: str, record: dict) -> str:
    first = record["firstLine"]
    return f"{name}, cell {record['index'] + 1} ({record['type']}: {first!r})"


def _stored_widget_counts(path: Path) -> list[int]:
    """Count the widget views in each cell's stored outputs (0 for markdown cells)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        sum(1 for output in cell.get("outputs", []) if WIDGET_MIME in output.get("data", {}))
        for cell in notebook.get("cells", [])
    ]


@dataclass
class _OpenNotebook:
    """A notebook whose page is loading (and kernel starting) but which has not run yet."""

    path: Path
    report: NotebookReport
    context: object = None
    page: object = None
    console_errors: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    error: str = ""


def _open(browser: object, server: LabServer, path: Path) -> _OpenNotebook:
    """Start the notebook's kernel and begin loading it in a new page; do not wait."""
    path = Path(path).resolve()
    opened = _OpenNotebook(path, NotebookReport(name=path.relative_to(server.root).as_posix()))
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        kernel = metadata.get("kernelspec", {}).get("name", "python3")
        server.start_kernel_for(opened.report.name, kernel)
        opened.context = browser.new_context(viewport={"width": 1280, "height": 960})
        opened.page = page = opened.context.new_page()
        errors = opened.console_errors
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        page.goto(server.url_for(opened.report.name), wait_until="domcontentloaded")
    except Exception as error:  # reported when the notebook is finished
        opened.error = str(error)
    return opened


def _finish(opened: _OpenNotebook, screenshot_dir: Path, run_timeout: float) -> NotebookReport:
    """Run an opened notebook, probe it, screenshot it, shut its kernel down, close the page."""
    report, page = opened.report, opened.page
    name = report.name
    try:
        if opened.error:
            raise RuntimeError(opened.error)
        _run_in_page(page, opened.path, name, report, run_timeout)
    except Exception as error:  # a timeout or a page crash is a failure of this notebook
        report.problems.append(f"{name}: the browser check stopped: {error}")
    finally:
        screenshot_dir.mkdir(parents=True, exist_ok=True)
        report.screenshot = screenshot_dir / f"{opened.path.stem}.png"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(report.screenshot))
        with contextlib.suppress(Exception):
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        with contextlib.suppress(Exception):
            opened.context.close()
    for text in opened.console_errors:
        message = text.strip().split("\n")[0][:300]  # the message, not its stack trace
        if WIDGET_CONSOLE_ERROR.search(text):
            report.problems.append(f"{name}: the browser console logged a widget error: {message}")
        else:
            report.console_notes.append(message)
    report.seconds = time.monotonic() - opened.started
    return report


def check_notebook(
    browser: object,
    server: LabServer,
    path: Path,
    screenshot_dir: Path,
    run_timeout: float = 120.0,
) -> NotebookReport:
    """Open, run and probe one notebook in JupyterLab; never save it.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        A running browser (see `chromium_browser`).
    server : LabServer
        A running server whose root directory contains `path`.
    path : Path
        The notebook.
    screenshot_dir : Path
        Where ``<notebook stem>.png`` is written.
    run_timeout : float
        Seconds allowed for running all cells.

    Returns
    -------
    NotebookReport
        What was seen; ``problems`` lists every failure (empty when the notebook passes).
    """
    return _finish(_open(browser, server, path), Path(screenshot_dir), run_timeout)


class NotebookPipeline:
    """Check notebooks in a fixed order, loading the next one while the current one runs.

    JupyterLab takes seconds to load in a page and a kernel seconds to start; doing that for the
    next notebook while the current one runs its cells keeps both cores busy. Each notebook still
    gets a fresh page, a fresh workspace (``?reset``) and a new kernel.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        A running browser.
    server : LabServer
        A running server whose root directory contains the notebooks.
    paths : list of Path
        The notebooks, in the order they will be asked for.
    screenshot_dir : Path
        Where the screenshots go.
    run_timeouts : dict of Path to float, optional
        Seconds allowed for running all cells, per notebook (default `default_timeout`).
    default_timeout : float
        Seconds allowed for notebooks not in `run_timeouts`.
    """

    def __init__(
        self,
        browser: object,
        server: LabServer,
        paths: list[Path],
        screenshot_dir: Path,
        run_timeouts: dict[Path, float] | None = None,
        default_timeout: float = 120.0,
    ) -> None:
        self.browser, self.server = browser, server
        self.paths = [Path(path).resolve() for path in paths]
        self.screenshot_dir = Path(screenshot_dir)
        self.timeouts = {Path(p).resolve(): t for p, t in (run_timeouts or {}).items()}
        self.default_timeout = default_timeout
        self.reports: dict[Path, NotebookReport] = {}
        self._next = 0
        self._opened: _OpenNotebook | None = None

    def report(self, path: Path) -> NotebookReport:
        """Return the report of `path`, checking the notebooks up to it first if needed.

        Parameters
        ----------
        path : Path
            One of the pipeline's notebooks (any other is checked on its own).

        Returns
        -------
        NotebookReport
            Its report.
        """
        path = Path(path).resolve()
        if path not in self.paths:
            return check_notebook(self.browser, self.server, path, self.screenshot_dir)
        while path not in self.reports:
            current = self._opened or _open(self.browser, self.server, self.paths[self._next])
            self._next += 1
            self._opened = None
            if self._next < len(self.paths):
                self._opened = _open(self.browser, self.server, self.paths[self._next])
            timeout = self.timeouts.get(current.path, self.default_timeout)
            self.reports[current.path] = _finish(current, self.screenshot_dir, timeout)
        return self.reports[path]

    def close(self) -> None:
        """Close the page of a notebook that was opened ahead but never asked for."""
        if self._opened is not None:
            with contextlib.suppress(Exception):
                self._opened.page.evaluate(
                    "() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()"
                )
            with contextlib.suppress(Exception):
                self._opened.context.close()
            self._opened = None


def _run_in_page(
    page: object, path: Path, name: str, report: NotebookReport, timeout: float
) -> None:
    clock = time.monotonic()
    page.wait_for_function(JS_NOTEBOOK_READY, arg=name, timeout=90_000, polling=200)
    report.timings["open"] = time.monotonic() - clock
    clock = time.monotonic()
    page.evaluate(JS_RUN_ALL)
    try:
        page.wait_for_function(
            "() => window.__labcheck && window.__labcheck.done", timeout=timeout * 1000, polling=200
        )
        outcome = page.evaluate("() => window.__labcheck")
        if "error" in outcome:
            report.problems.append(f"{name}: 'Run All Cells' failed: {outcome['error']}")
        page.wait_for_function(JS_IDLE, timeout=timeout * 1000, polling=200)
    except Exception as error:
        running = [
            _cell_label(name, record)
            for record in page.evaluate(JS_CELLS, WIDGET_MIME)
            if record["running"]
        ]
        raise RuntimeError(
            f"the kernel was still busy after {timeout:.0f} s; running or queued: "
            f"{'; '.join(running) or 'no cell'}"
        ) from error
    records = _settled_cells(page)
    report.timings["run"] = time.monotonic() - clock
    clock = time.monotonic()
    report.cells = len(records)
    stored = _stored_widget_counts(path)
    for record in records:
        _judge_cell(name, record, stored, report)
    _move_a_slider(page, name, records, report)
    if report.slider:  # the new output must not be an error either
        for before, after in zip(records, page.evaluate(JS_CELLS, WIDGET_MIME), strict=False):
            if "raises-exception" in after["tags"]:
                continue
            report.problems += [
                f"{_cell_label(name, after)}: error inside a widget's output after moving the "
                f"slider: {text}"
                for text in after["widgetOutputErrors"]
                if text not in before["widgetOutputErrors"]
            ]
    report.timings["slider"] = time.monotonic() - clock


def _settled_cells(page: object, limit: float = 15.0) -> list[dict]:
    """Read the cells once the widget views have stopped appearing (or `limit` s passed)."""
    deadline = time.monotonic() + limit
    previous = None
    while True:
        records = page.evaluate(JS_CELLS, WIDGET_MIME)
        counts = [
            (r["widgetsLive"], r["widgetsRendered"], len(r["widgetFailures"])) for r in records
        ]
        done = all(live <= rendered + failed for live, rendered, failed in counts)
        if (done and counts == previous) or time.monotonic() > deadline:
            return records
        previous = counts
        page.wait_for_timeout(250)


def _judge_cell(name: str, record: dict, stored: list[int], report: NotebookReport) -> None:
    label = _cell_label(name, record)
    excused = "raises-exception" in record["tags"]
    if not excused:
        report.problems += [f"{label}: error output: {text}" for text in record["errors"]]
        report.problems += [f"{label}: output on stderr: {text}" for text in record["stderr"]]
        report.problems += [
            f"{label}: error inside a widget's output: {text}"
            for text in record["widgetOutputErrors"]
        ]
    stored_count = stored[record["index"]] if record["index"] < len(stored) else 0
    expected = max(stored_count, record["widgetsLive"])
    if expected == 0:
        return
    report.widget_cells += 1
    report.widgets_expected += expected
    report.widgets_rendered += min(record["widgetsRendered"], expected)
    if not record["executed"]:
        report.problems.append(
            f"{label}: was not run (an earlier cell failed), so its {expected} widget view(s) "
            "did not render"
        )
    elif record["widgetsRendered"] < expected:
        shown = "; ".join(record["widgetFailures"]) or "nothing"
        report.problems.append(
            f"{label}: {record['widgetsRendered']} of {expected} widget view(s) rendered "
            f"(the stored notebook has {stored_count}, the live run displayed "
            f"{record['widgetsLive']}); the page shows: {shown}"
        )


def _move_a_slider(page: object, name: str, records: list[dict], report: NotebookReport) -> None:
    """Move the first slider with a readout by keyboard; its readout and an output must change.

    A notebook whose widget cells hold sliders but none of them can be moved is a problem,
    not a skip: JupyterLab renders only the cells near the viewport, so each widget cell is
    scrolled into view before its sliders are looked for.
    """
    with_sliders = [record for record in records if record["sliders"]]
    for record in with_sliders:
        cell = page.locator(".jp-Notebook .jp-Cell").nth(record["index"])
        cell.scroll_into_view_if_needed()
        try:
            cell.locator(".widget-slider .widget-readout").first.wait_for(
                state="visible", timeout=5_000
            )
        except Exception:  # no visible readout in this cell; try the next widget cell
            continue
        for slider in cell.locator(".widget-slider").all():
            readout = slider.locator(".widget-readout")
            if not readout.count() or not readout.first.is_visible():
                continue
            handle = slider.locator(".noUi-handle").first
            _move_this_slider(page, name, record, slider, readout.first, handle, report)
            return
    if with_sliders:
        report.problems.append(
            f"{_cell_label(name, with_sliders[0])}: has a slider, but no slider with a visible "
            "readout could be found to move"
        )


def _move_this_slider(
    page: object,
    name: str,
    record: dict,
    slider: object,
    readout: object,
    handle: object,
    report: NotebookReport,
    callback_timeout: float = 60.0,
) -> None:
    label = _cell_label(name, record)
    description = slider.locator(".widget-label").first
    title = (description.text_content().strip() if description.count() else "") or "(no name)"
    # Bring the whole widget (slider and output below it) into view, for the key presses and the
    # screenshot.
    slider.evaluate(
        "el => (el.closest('.jp-Cell-outputArea > .jp-OutputArea-child') || el)"
        ".scrollIntoView({block: 'start'})"
    )
    page.wait_for_timeout(100)
    before_readout = readout.text_content().strip()
    before_output = page.evaluate(JS_WIDGET_OUTPUT_SIGNATURE)
    page.evaluate(JS_COUNT_BUSY)
    started = time.monotonic()
    after_readout = before_readout
    for key in ("ArrowRight", "ArrowLeft"):  # a slider at its maximum only moves left
        handle.focus()
        handle.press(key)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            after_readout = readout.text_content().strip()
            if after_readout != before_readout:
                break
            page.wait_for_timeout(100)
        if after_readout != before_readout:
            break
    if after_readout == before_readout:
        report.problems.append(
            f"{label}: slider {title!r} did not move by keyboard (readout stays {before_readout!r})"
        )
        return
    # The kernel must run the callback, and the output must have changed once it is idle again.
    deadline = time.monotonic() + callback_timeout
    idle_since = previous = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)
        busy_count = page.evaluate("() => window.__labcheckBusy")
        if busy_count == 0:
            if time.monotonic() - started > 5:
                break  # the slider never reached the kernel
            continue
        if not page.evaluate(JS_IDLE):
            idle_since = None
            continue
        idle_since = idle_since or time.monotonic()
        now = page.evaluate(JS_WIDGET_OUTPUT_SIGNATURE)
        if now != before_output and now == previous and now["length"] > 0:
            report.slider = f"{title} {before_readout} -> {after_readout}"
            report.slider_cell = label
            return
        if time.monotonic() - idle_since > 2:
            break
        previous = now
    report.problems.append(
        f"{label}: slider {title!r} moved ({before_readout} -> {after_readout}) but no widget "
        "output (text or figure) changed"
    )


def assert_passes(report: NotebookReport) -> None:
    """Raise `BrowserCheckError` listing every problem of `report`, if it has any.

    Parameters
    ----------
    report : NotebookReport
        The report of one notebook.

    Raises
    ------
    BrowserCheckError
        When the notebook failed; one line per problem, each naming the notebook and cell.
    """
    if report.problems:
        lines = [f"{report.name} fails in JupyterLab (screenshot: {report.screenshot}):"]
        lines += [f"  - {problem}" for problem in report.problems]
        raise BrowserCheckError("\n".join(lines))


def check_directory(directory: Path, screenshot_dir: Path) -> list[NotebookReport]:
    """Check every notebook directly inside `directory` with a server rooted at its parent.

    Parameters
    ----------
    directory : Path
        A folder of notebooks.
    screenshot_dir : Path
        Where the screenshots go.

    Returns
    -------
    list of NotebookReport
        One report per notebook, in name order.
    """
    directory = Path(directory).resolve()
    notebooks = find_notebooks(directory)
    with LabServer(directory.parent) as server, chromium_browser() as browser:
        pipeline = NotebookPipeline(browser, server, notebooks, screenshot_dir)
        try:
            return [pipeline.report(path) for path in notebooks]
        finally:
            pipeline.close()


def describe(report: NotebookReport) -> str:
    """Return one line about one notebook: time, widget views, the slider moved.

    Parameters
    ----------
    report : NotebookReport
        The report of one notebook.

    Returns
    -------
    str
        The line.

    Examples
    --------
    >>> describe(NotebookReport("n.ipynb", seconds=9.04, widgets_expected=1, widgets_rendered=1,
    ...                         slider="n 3 -> 4", timings={"open": 5.0, "run": 3.0}))
    'n.ipynb: 9.0 s (open 5.0, run 3.0), 1/1 widget view(s), slider n 3 -> 4'
    """
    phases = ", ".join(f"{phase} {seconds:.1f}" for phase, seconds in report.timings.items())
    line = f"{report.name}: {report.seconds:.1f} s ({phases}), "
    line += f"{report.widgets_rendered}/{report.widgets_expected} widget view(s)"
    return line + (f", slider {report.slider}" if report.slider else "")


def summary_line(reports: list[NotebookReport]) -> str:
    """Return the one-line summary of a run: notebooks, widget views rendered, sliders moved.

    Parameters
    ----------
    reports : list of NotebookReport
        The reports of a run.

    Returns
    -------
    str
        The summary.

    Examples
    --------
    >>> report = NotebookReport("a.ipynb", widget_cells=1, widgets_expected=2, widgets_rendered=2)
    >>> summary_line([report, NotebookReport("b.ipynb", slider="x 1 -> 2")])
    'browser check: 2 notebook(s), 2 of 2 widget view(s) rendered in 1 widget cell(s),
     1 slider(s) moved'
    """
    return (
        f"browser check: {len(reports)} notebook(s), "
        f"{sum(r.widgets_rendered for r in reports)} of "
        f"{sum(r.widgets_expected for r in reports)} widget view(s) rendered in "
        f"{sum(r.widget_cells for r in reports)} widget cell(s), "
        f"{sum(1 for r in reports if r.slider)} slider(s) moved"
    )


def main(argv: list[str] | None = None) -> int:
    """Check the notebooks in a folder from the command line; return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        ``[FOLDER] [--screenshots DIR]``, or ``--which-chromium`` to print the browser that
        would be used (exit status 1 with advice when there is none).

    Returns
    -------
    int
        0 when every notebook passes and none changed on disk, else 1.
    """
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="notebooks", type=Path)
    parser.add_argument("--screenshots", default="build/browser", type=Path)
    parser.add_argument("--which-chromium", action="store_true")
    args = parser.parse_args(argv)
    if args.which_chromium:
        try:
            print(find_chromium())
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    before = notebook_checksums(args.folder)
    reports = check_directory(args.folder, args.screenshots)
    for report in reports:
        status = "FAIL" if report.problems else "ok"
        print(f"{status:4} {describe(report)}")
        for problem in report.problems:
            print(f"     {problem}")
        for note in report.console_notes:
            print(f"     console error not from a widget (ignored): {note}")
    changed = sorted(set(before.items()) ^ set(notebook_checksums(args.folder).items()))
    if changed:
        print(f"notebooks changed on disk: {sorted({path for path, _ in changed})}")
    print(summary_line(reports))
    return 1 if changed or any(r.problems for r in reports) else 0


if __name__ == "__main__":
    raise SystemExit(main())
