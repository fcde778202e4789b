"""The package itself: importable, versioned, and free of side effects on import."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import helpers


def test_version_is_a_string():
    assert isinstance(helpers.__version__, str)
    assert helpers.__version__.count(".") == 2


def test_importing_every_module_prints_nothing_and_keeps_matplotlib_settings():
    modules = [m.name for m in pkgutil.iter_modules(helpers.__path__)]
    assert "calculus" in modules
    script = (
        "import matplotlib as mpl\n"
        "before = dict(mpl.rcParams)\n"
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('helpers.' + name)\n"
        "changed = [k for k, v in mpl.rcParams.items() if before[k] != v]\n"
        "assert not changed, changed\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""


def test_plain_import_does_not_load_heavy_modules():
    script = (
        "import sys, helpers; print(sorted(m for m in ('matplotlib', 'numba') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
