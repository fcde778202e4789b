"""Notebooks for the tests of slides and handouts, built in code (no files to keep in step).

Used by tests/test_slide_fit.py and browser_tests/test_slides_and_handouts.py.
"""

from __future__ import annotations

import base64
import struct
import zlib

import nbformat

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def png(width: int, height: int) -> str:
    """A real, grey PNG of the given size, base64-encoded as notebooks store it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x99" * (3 * width) for _ in range(height))
    raw = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return base64.b64encode(raw).decode("ascii")


def code(source: str, *outputs, tags=()) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = list(outputs)
    return cell


def stream(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def figure(width: int, height: int) -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "display_data", {"image/png": png(width, height), "text/plain": "<Figure>"}
    )


def widget() -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "display_data", {WIDGET_MIME: {"model_id": "x"}, "text/plain": "VBox()"}
    )


def html_output(rows: int) -> nbformat.NotebookNode:
    body = "".join(f"<tr><td>{i}</td><td>{i % 5}</td></tr>" for i in range(rows))
    html = (
        f"<table><thead><tr><th>user</th><th>rating</th></tr></thead><tbody>{body}</tbody></table>"
    )
    return nbformat.v4.new_output("display_data", {"text/html": html, "text/plain": "table"})


def md(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(source)


def long_notebook() -> nbformat.NotebookNode:
    """A notebook with every kind of content that is too big for one slide."""
    paragraph = "A sentence that says something about gradients and their steps. " * 4
    cells = [
        md("# 99 - A long notebook\n\nIt has one section that no slide can hold."),
        md("## 1. A very long section\n\n" + "\n\n".join([paragraph] * 14)),
        code("\n".join(f"x{i} = {i}" for i in range(30)), stream("done\n")),
        code("y = 'a line of code that is much too long for a slide' + " * 3, stream("ok\n")),
        code("for i in range(90): print(i)", stream("".join(f"line {i}\n" for i in range(90)))),
        code("plot()", figure(1800, 900)),
        md("| a | b |\n|---|---|\n" + "".join(f"| row {i} | value {i} |\n" for i in range(60))),
        md("### 1b. The explorer"),
        md("**Explore.** Move the slider."),
        code("explorer()", widget()),
        code("static_view()", figure(800, 400)),
        code("answer = 42", stream("Correct\n"), tags=["solution"]),
        md("### 1c. What cannot be split"),
        md(
            "$$"
            + " + ".join(f"\\frac{{\\partial L}}{{\\partial w_{{{i}}}}}" for i in range(24))
            + "$$"
        ),
        code("table()", html_output(rows=30)),
        md("Call `" + "a_very_long_name_" * 8 + "()` to see why long names wrap."),
        md("## Summary\n\nShort."),
    ]
    return nbformat.v4.new_notebook(cells=cells)


def short_notebook() -> nbformat.NotebookNode:
    """A notebook whose sections each fit on one slide as they are."""
    cells = [
        md("# 98 - A short notebook\n\nOne section, one small cell."),
        md("## 1. A small section\n\nThe slope of $y = 3x$ is $3$."),
        code("print(3 * 2 - 3 * 1)", stream("3\n")),
        md("## Summary\n\nShort."),
    ]
    return nbformat.v4.new_notebook(cells=cells)
