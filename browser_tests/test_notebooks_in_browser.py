"""Every notebook runs in JupyterLab in a real browser, with live widgets and moving sliders."""

from __future__ import annotations

from labcheck import assert_passes, notebook_checksums


def test_there_are_notebooks_to_check(notebooks_dir):
    """An empty or mistyped --notebooks-dir must not pass silently."""
    assert notebook_checksums(notebooks_dir), f"no notebooks found in {notebooks_dir}"


def test_notebook_works_in_jupyterlab(
    notebook, notebooks_dir, notebook_pipeline, checksums_before, reports
):
    """Run all cells in JupyterLab: no errors, every widget rendered, a slider moves its output."""
    report = notebook_pipeline.report(notebook)
    reports.append(report)
    key = notebook.relative_to(notebooks_dir).as_posix()
    assert notebook_checksums(notebooks_dir)[key] == checksums_before[key], (
        f"{report.name} changed on disk while it was open in JupyterLab"
    )
    assert_passes(report)
