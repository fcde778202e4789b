"""The files that install the companion agree with each other (pip, conda, Binder)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]


def _requirement_lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_package_dependencies_use_the_tested_ranges_of_requirements_txt():
    # pip install of the package alone (as on Colab) must get what the tests ran with
    requirements = set(_requirement_lines(ROOT / "requirements.txt"))
    dependencies = _pyproject()["project"]["dependencies"]
    assert {"numpy", "matplotlib", "ipywidgets", "numba"} <= {
        re.split(r"[<>=!~ ]", d)[0] for d in dependencies
    }
    missing = [d for d in dependencies if d not in requirements]
    assert not missing, f"pyproject.toml and requirements.txt disagree on {missing}"


def test_requirements_install_the_helpers_themselves():
    assert "-e ." in _requirement_lines(ROOT / "requirements.txt")


def test_conda_environment_matches_requirements_txt():
    text = (ROOT / "environment.yml").read_text()
    conda = set(re.findall(r"^\s*-\s+([A-Za-z][\w-]*[<>=!][^\s#]*)", text, flags=re.MULTILINE))
    pip = {line for line in _requirement_lines(ROOT / "requirements.txt") if line[0].isalpha()}
    assert conda - {c for c in conda if c.startswith("python")} == pip
    assert re.search(r"^\s*-\s+-e \.\s*$", text, flags=re.MULTILINE), "conda must install helpers"


def test_binder_reads_its_own_folder_and_installs_the_tested_versions():
    # With a binder/ folder, repo2docker ignores environment.yml and requirements.txt at the top
    # level; binder/requirements.txt pulls in both requirements.txt and the locked versions.
    lines = _requirement_lines(ROOT / "binder" / "requirements.txt")
    assert lines == ["-c ../constraints.txt", "-r ../requirements.txt"]
    for line in lines:
        assert (ROOT / "binder" / line.split()[1]).resolve().is_file(), line


def test_binder_python_version_is_supported():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match, f"binder/runtime.txt: expected 'python-3.X', got {runtime!r}"
    oldest = re.fullmatch(r">=3\.(\d+)", _pyproject()["project"]["requires-python"])
    assert oldest and int(match[1]) >= int(oldest[1])
    assert "python>=3." in (ROOT / "environment.yml").read_text()
