"""Fit a notebook's content to reveal.js slides of a fixed size, at build time.

``build_slides.py`` turns each notebook into a *deck notebook* whose cells are small
pieces (a paragraph, a list, a table's rows, a code cell's input, a chunk of printed text,
one figure) with slide types that keep every slide within ``SLIDE_HEIGHT`` by
``SLIDE_WIDTH`` pixels. Nothing is read from hand-made metadata: the structure comes from
the notebook's headings (`slide_metadata`), the geometry from an estimate of each piece's
rendered height under the deck's own style sheet, whose sizes are the constants below
(`css_variables` hands them to the template, so the two cannot drift apart).

How a section that is too tall is fitted:

* it continues on sub-slides (reveal.js's vertical slides) headed "<title> (continued)";
  it breaks between pieces, never after a heading or a line ending in a colon;
* a code cell longer than ``MAX_CODE_LINES`` lines shows only its output, with a note
  saying how long the hidden code is and where it is; a line too long for the width is
  set in a smaller font (down to ``CODE_MIN_PX``) and wrapped beyond that;
* long printed output and long tables or lists are split between lines, rows or items;
* a figure is scaled to the width and to the height left on its slide (no smaller than
  ``MIN_FIGURE_HEIGHT``; otherwise it moves to the next sub-slide);
* a skipped live explorer leaves a one-line cue beside its static figure.

The estimates are deliberately generous; ``check_slides.py`` measures every slide in a
browser and fails on any that is taller or wider than the slide.
"""

from __future__ import annotations

import base64
import math
import re
import struct
from dataclasses import dataclass, field

import nbformat
from slide_metadata import (
    FIGURE_MIMES,
    cue_text,
    is_skipped,
    live_explorers,
    slide_type,
)

__all__ = [
    "SLIDE_HEIGHT",
    "SLIDE_WIDTH",
    "Piece",
    "code_font_px",
    "css_variables",
    "deck_notebook",
    "markdown_chunks",
    "markdown_height",
    "math_width",
    "paginate",
    "pieces",
    "text_width",
]

# ---------------------------------------------------------------------------------------
# The deck's geometry, in CSS pixels at the slide's own size (reveal.js scales the whole
# slide to the screen). templates/offline-reveal/static/fit.css uses these values.
SLIDE_WIDTH = 960
SLIDE_HEIGHT = 700
#: Horizontal padding of every cell, and the vertical padding above and below it.
CELL_PAD_X, CELL_PAD_Y = 12, 2
CONTENT_WIDTH = SLIDE_WIDTH - 2 * CELL_PAD_X
#: What the estimate keeps free at the bottom of every slide, for the estimate's errors.
SAFETY = 36
TEXT_PX, TEXT_LINE = 24, 1.3
HEADING_PX = {1: 38, 2: 32, 3: 27, 4: 24, 5: 24, 6: 24}
HEADING_LINE = 1.2
GAP = 10  # below a paragraph, list, table or heading
CODE_PX, CODE_MIN_PX, CODE_LINE = 17, 13, 1.3
CODE_PAD_X, CODE_PAD_Y = 10, 6
OUTPUT_PX, OUTPUT_LINE, OUTPUT_PAD_Y = 16, 1.25, 3
OUTPUT_GAP = 5  # above a cell's outputs (JupyterLab's style; counted for every output piece)
TABLE_PX, TABLE_LINE, TABLE_PAD_X, TABLE_PAD_Y = 19, 1.25, 6, 3
NOTE_PX, NOTE_LINE = 18, 1.3
LIST_INDENT = 1.4  # em, per level
#: Monospace advance width, in em (DejaVu Sans Mono, Menlo and Courier are 0.6).
MONO_EM = 0.61
#: Longest code cell shown as code; a longer one shows its output and a note instead.
MAX_CODE_LINES = 16
#: Smallest size (percent) to which display maths too wide for the slide is shrunk.
MIN_MATH_SCALE = 60
#: Smallest size (percent) to which a part that cannot be split is set to fit a slide.
MIN_ZOOM = 50
#: Room (pixels) left on a slide below which a list or table moves on rather than splits.
MIN_FILL = 160
#: Smallest figure height on a slide before the figure moves to the next sub-slide.
MIN_FIGURE_HEIGHT = 260

#: Advance widths of ASCII 32-126 in Source Sans Pro Regular (reveal.js's theme font),
#: in thousandths of an em, read from source-sans-pro-regular.ttf of reveal.js 4.6.0.
_SANS_WIDTHS = (
    "202 289 425 497 497 824 609 249 303 303 418 497 249 311 249 350 497 497 497 497 497 497 "
    "497 497 497 497 249 249 497 497 497 425 847 544 588 571 615 527 494 617 652 263 480 579 "
    "486 727 647 664 576 664 581 534 536 645 515 786 513 476 539 303 350 303 497 500 542 512 "
    "555 456 555 496 292 504 544 246 247 495 255 829 547 542 555 550 347 419 338 544 467 718 "
    "446 467 425 303 241 303 497"
)
SANS_WIDTH = {chr(32 + i): int(w) / 1000 for i, w in enumerate(_SANS_WIDTHS.split())}
#: Semibold (bold text, headings) is about this much wider than regular.
BOLD_FACTOR = 1.04


def css_variables() -> str:
    """Return the CSS custom properties that carry the geometry to the deck's style sheet.

    Examples
    --------
    >>> "--fit-text-px: 24px" in css_variables()
    True
    """
    values = {
        "slide-width": f"{SLIDE_WIDTH}px",
        "slide-height": f"{SLIDE_HEIGHT}px",
        "cell-pad-x": f"{CELL_PAD_X}px",
        "cell-pad-y": f"{CELL_PAD_Y}px",
        "text-px": f"{TEXT_PX}px",
        "text-line": str(TEXT_LINE),
        "h1-px": f"{HEADING_PX[1]}px",
        "h2-px": f"{HEADING_PX[2]}px",
        "h3-px": f"{HEADING_PX[3]}px",
        "heading-line": str(HEADING_LINE),
        "gap": f"{GAP}px",
        "code-px": f"{CODE_PX}px",
        "code-line": str(CODE_LINE),
        "code-pad-x": f"{CODE_PAD_X}px",
        "code-pad-y": f"{CODE_PAD_Y}px",
        "output-px": f"{OUTPUT_PX}px",
        "output-line": str(OUTPUT_LINE),
        "output-pad-y": f"{OUTPUT_PAD_Y}px",
        "output-gap": f"{OUTPUT_GAP}px",
        "table-px": f"{TABLE_PX}px",
        "table-line": str(TABLE_LINE),
        "table-pad-x": f"{TABLE_PAD_X}px",
        "table-pad-y": f"{TABLE_PAD_Y}px",
        "note-px": f"{NOTE_PX}px",
        "note-line": str(NOTE_LINE),
        "list-indent": f"{LIST_INDENT}em",
    }
    body = "\n".join(f"  --fit-{name}: {value};" for name, value in values.items())
    sizes = "\n".join(
        f".reveal .jp-Cell.celltag_fit-code-{px} .jp-InputArea-editor pre "
        f"{{ font-size: {px}px !important; }}"
        for px in range(CODE_MIN_PX, CODE_PX)
    )
    maths = "\n".join(
        f".reveal .celltag_fit-math-{scale} .MJXc-display {{ font-size: {scale}%; }}"
        for scale in range(MIN_MATH_SCALE, 100, 10)
    )
    zooms = "\n".join(
        f".reveal .jp-RenderedHTMLCommon.celltag_fit-zoom-{zoom}, "
        f".reveal .jp-Cell.celltag_fit-zoom-{zoom} .jp-OutputArea-output {{ zoom: {zoom / 100}; }}"
        for zoom in range(MIN_ZOOM, 100, 5)
    )
    return f":root {{\n{body}\n}}\n{sizes}\n{maths}\n{zooms}\n"


# ---------------------------------------------------------------------------------------
# Widths of text and maths, in em.

INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)((?:\\.|[^$\\])+?)\$|\\\((.+?)\\\)", re.S)
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
INLINE_CODE = re.compile(r"`+([^`]*)`+")
TAG = re.compile(r"<[^>]+>")
COMMENT = re.compile(r"<!--.*?-->", re.S)
ENTITY = re.compile(r"&[a-zA-Z]+;|&#\d+;")
#: A forced line break: an HTML break, or two spaces or a backslash at the end of a line.
BREAK = re.compile(r"<br\s*/?>|  \n|\\\n", re.I)

#: Widths in TeX's em of what MathJax sets inline (TeX fonts); MathJax scales the maths
#: by ``MATH_SCALE`` to match the x-height of the text font.
MATH_SCALE = 1.12
_LOWER = dict(zip("abcdefghijklmnopqrstuvwxyz",
                  (0.53, 0.43, 0.43, 0.52, 0.47, 0.49, 0.48, 0.58, 0.35, 0.41, 0.52, 0.3, 0.88,
                   0.6, 0.49, 0.5, 0.46, 0.45, 0.47, 0.36, 0.57, 0.49, 0.72, 0.57, 0.49, 0.47),
                  strict=True))  # fmt: skip
_UPPER_WIDE = {"W": 1.05, "M": 0.97, "H": 0.89, "N": 0.89, "X": 0.85, "K": 0.85, "D": 0.83,
               "I": 0.5, "J": 0.63, "S": 0.65, "T": 0.7, "P": 0.65, "F": 0.68}  # fmt: skip
_MATH_SPACES = {",": 0.17, ":": 0.22, ";": 0.28, "!": -0.17, " ": 0.25, "quad": 1.0, "qquad": 2.0}
_BIG_OPERATORS = {"sum", "prod", "int", "oint", "bigcup", "bigcap", "coprod"}
_WRAPPERS = {
    "mathbf", "mathrm", "mathit", "mathsf", "mathbb", "mathcal", "boldsymbol", "bm",
    "hat", "tilde", "bar", "vec", "dot", "ddot", "widehat", "widetilde", "overline",
    "underline", "mathop", "displaystyle", "textstyle", "mathbin", "mathrel",
}  # fmt: skip
_TEXT_WRAPPERS = {"text", "textrm", "textbf", "textit", "mbox", "operatorname", "mathtt"}
_IGNORED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
            "limits", "nolimits", "label", "nonumber", "notag", "tag"}  # fmt: skip
_BINARY = {"cdot", "times", "pm", "mp", "circ", "otimes", "odot", "oplus", "ast", "star",
           "setminus", "cup", "cap", "wedge", "vee", "div"}  # fmt: skip
_RELATIONS = {"le", "leq", "ge", "geq", "approx", "to", "in", "notin", "ne", "neq", "equiv",
              "sim", "simeq", "rightarrow", "leftarrow", "Rightarrow", "Leftarrow", "mapsto",
              "propto", "subset", "subseteq", "supset", "gets", "coloneqq", "ll", "gg",
              "iff", "implies", "longrightarrow", "xrightarrow", "perp", "mid", "cong"}  # fmt: skip
_NARROW = {"lvert": 0.28, "rvert": 0.28, "vert": 0.28, "|": 0.5, "lVert": 0.5, "rVert": 0.5,
           "langle": 0.39, "rangle": 0.39, "{": 0.5, "}": 0.5, "prime": 0.28, "top": 0.78,
           "nabla": 0.83, "partial": 0.57, "infty": 1.0, "ell": 0.42, "dagger": 0.45,
           "ldots": 1.17, "cdots": 1.17, "dots": 1.17, "vdots": 0.28, "ddots": 1.17,
           "varepsilon": 0.47, "epsilon": 0.41, "star": 0.5, "%": 0.83, "$": 0.5, "_": 0.5,
           "#": 0.83, "&": 0.78}  # fmt: skip


def _group(tex: str, i: int) -> tuple[str, int]:
    """Return the TeX group (braced, a command or one character) at ``tex[i:]`` and the end."""
    while i < len(tex) and tex[i].isspace():
        i += 1
    if i >= len(tex):
        return "", i
    if tex[i] == "{":
        depth = 0
        for j in range(i, len(tex)):
            if tex[j] == "{":
                depth += 1
            elif tex[j] == "}":
                depth -= 1
                if depth == 0:
                    return tex[i + 1 : j], j + 1
        return tex[i + 1 :], len(tex)
    if tex[i] == "\\":
        match = re.match(r"\\([A-Za-z]+|.)", tex[i:])
        return match[0], i + len(match[0])
    return tex[i], i + 1


def _char_width(ch: str) -> float:
    """TeX width of one character in maths."""
    if ch.islower() and ch.isascii():
        return _LOWER[ch]
    if ch.isupper() and ch.isascii():
        return _UPPER_WIDE.get(ch, 0.76)
    if ch.isdigit():
        return 0.5
    if ch in "+-*":
        return 0.78 + 0.44  # a binary operator and its medium spaces
    if ch in "=<>":
        return 0.78 + 0.56  # a relation and its thick spaces
    if ch in ",;":
        return 0.28 + 0.17
    if ch in "()[]":
        return 0.39
    if ch in "|/":
        return 0.5 if ch == "/" else 0.28
    if ch in ".!'":
        return 0.28
    return 0.6


def _tex_width(tex: str, display: bool = False) -> float:
    """Width in TeX em of TeX set inline, or in display style (see `math_width`)."""
    width, i, last_script = 0.0, 0, (None, 0.0)
    while i < len(tex):
        ch = tex[i]
        if ch.isspace() or ch in "{}&":
            i += 1
            continue
        if ch in "^_":
            group, i = _group(tex, i + 1)
            part = 0.7 * _tex_width(group)  # scripts are never in display style
            kind, previous = last_script
            if kind is not None and kind != ch:  # a sub- and a superscript stack
                width += max(part - previous, 0.0)
                last_script = (None, 0.0)
            else:
                width += part
                last_script = (ch, part)
            continue
        last_script = (None, 0.0)
        if ch == "\\":
            name, i = _group(tex, i)
            name = name[1:]
            if name in _MATH_SPACES:
                width += _MATH_SPACES[name]
            elif name in ("frac", "dfrac", "tfrac", "binom"):
                top, i = _group(tex, i)
                bottom, i = _group(tex, i)
                scale = 1.0 if name == "dfrac" or (display and name != "tfrac") else 0.72
                width += scale * max(_tex_width(top), _tex_width(bottom)) + 0.25
            elif name == "sqrt":
                inner, i = _group(tex, i)
                width += _tex_width(inner, display) + 0.85
            elif name in _WRAPPERS:
                inner, i = _group(tex, i)
                bold = name in ("mathbf", "boldsymbol", "bm")
                width += _tex_width(inner, display) * (1.12 if bold else 1.0)
            elif name in _TEXT_WRAPPERS:
                inner, i = _group(tex, i)
                width += _plain_width(inner) * 0.95 + 0.17
            elif name in _BIG_OPERATORS:
                width += (1.44 if display else 1.06) + 0.17
            elif name in _IGNORED:
                continue
            elif name in ("begin", "end"):
                _, i = _group(tex, i)
            elif name in _BINARY:
                width += 0.78 + 0.44
            elif name in _RELATIONS:
                width += 1.0 + 0.56
            elif name in _NARROW:
                width += _NARROW[name]
            elif name[:1].isupper():  # an upper-case Greek letter
                width += 0.8
            elif len(name) > 1 and name not in {
                "alpha", "beta", "gamma", "delta", "zeta", "eta", "theta", "iota", "kappa",
                "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi",
                "chi", "psi", "omega", "varphi", "vartheta", "varrho", "varsigma", "varpi",
            }:  # fmt: skip
                width += 0.5 * len(name) + 0.17  # \sin, \log, \tanh, \max, ... upright
            else:
                width += 0.62
            continue
        width += _char_width(ch)
        i += 1
    return width


def math_width(tex: str) -> float:
    r"""Estimate the width of inline TeX, in em of the surrounding text.

    A model of how MathJax sets it, from the widths of TeX's fonts: letters, operators and
    relations with their spacing, scripts at 70% (a sub- and superscript stacked),
    fractions as wide as their wider part, commands that only decorate as wide as what
    they decorate; everything scaled by ``MATH_SCALE``.

    Examples
    --------
    >>> round(math_width("x"), 2)
    0.64
    >>> math_width(r"\frac{a}{b}") < math_width("a/b")
    True
    >>> math_width(r"\mathbf{a}_{n+1} = \mathbf{a}_n - \alpha \nabla F(\mathbf{a}_n)") > 8
    True
    """
    return MATH_SCALE * _tex_width(tex, display="\\displaystyle" in tex)


def _plain_width(text: str, bold: bool = False) -> float:
    """Width in em of plain text in the theme's sans-serif font."""
    width = sum(SANS_WIDTH.get(ch, 0.6) for ch in text)
    return width * (BOLD_FACTOR if bold else 1.0)


def _words(text: str, bold: bool = False) -> list[float]:
    """Split inline markdown into unbreakable pieces and return their widths in em."""
    text = COMMENT.sub("", text)
    maths: list[float] = []

    def keep_math(match: re.Match) -> str:
        maths.append(math_width(match[1] or match[2] or ""))
        return f"\x00{len(maths) - 1}\x00"

    text = INLINE_MATH.sub(keep_math, text)
    codes: list[float] = []

    def keep_code(match: re.Match) -> str:
        codes.append(len(match[1]) * MONO_EM * 0.9 + 0.3)
        return f"\x01{len(codes) - 1}\x01"

    text = INLINE_CODE.sub(keep_code, text)
    text = LINK.sub(r"\1", text)
    text = TAG.sub("", text)
    text = ENTITY.sub("x", text)
    text = text.replace("\\", "")
    # strong emphasis (**...** or __...__) can run over many words: track it per character
    chars: list[tuple[str, bool]] = []
    strong = bold
    for part in re.split(r"(\*\*|__)", text):
        if part in ("**", "__"):
            strong = not strong
        else:
            chars.extend((ch, strong) for ch in part.replace("*", ""))
    widths, width, i = [], 0.0, 0
    while i <= len(chars):
        ch, strong = chars[i] if i < len(chars) else (" ", False)
        if ch.isspace():
            if width:
                widths.append(width)
            width = 0.0
        elif ch in "\x00\x01":
            end = next(j for j in range(i + 1, len(chars)) if chars[j][0] == ch)
            number = int("".join(c for c, _ in chars[i + 1 : end]))
            width += maths[number] if ch == "\x00" else codes[number]
            i = end
        else:
            width += SANS_WIDTH.get(ch, 0.6) * (BOLD_FACTOR if strong else 1.0)
        i += 1
    return widths


def text_width(text: str, bold: bool = False) -> float:
    """Return the width of inline markdown set on one line (the widest of its forced lines), in em.

    Examples
    --------
    >>> round(text_width("Hello world"), 2)
    4.82
    >>> text_width("**Hello world**") > text_width("Hello world")
    True
    >>> text_width("Hello<br>world") < text_width("Hello world")
    True
    """
    widths = []
    for segment in BREAK.split(text):
        words = _words(segment, bold)
        widths.append(sum(words) + SANS_WIDTH[" "] * max(len(words) - 1, 0))
    return max(widths)


def wrapped_lines(text: str, width_em: float, bold: bool = False) -> int:
    """Return how many lines inline markdown takes when wrapped at ``width_em``.

    Examples
    --------
    >>> wrapped_lines("word " * 10, 100), wrapped_lines("word " * 100, 20) > 5
    (1, True)
    >>> wrapped_lines("one<br>two", 100)
    2
    """
    lines = 0
    space = SANS_WIDTH[" "]
    for segment in BREAK.split(text):
        lines += 1
        used = 0.0
        for word in _words(segment, bold):
            if used and used + space + word > width_em:
                lines += 1
                used = word
                while used > width_em:  # a word longer than the line breaks anywhere
                    lines += 1
                    used -= width_em
            else:
                used += (space if used else 0) + word
    return lines


# ---------------------------------------------------------------------------------------
# Markdown: chunks, and the height of a chunk.

LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|(\\begin\{(\w+\*?)\}.+?\\end\{\4\})", re.S)


def _is_table(lines: list[str]) -> bool:
    return len(lines) >= 2 and "|" in lines[0] and bool(TABLE_RULE.match(lines[1]))


def markdown_chunks(source: str) -> list[str]:
    r"""Split a markdown cell into blocks that can sit on different slides.

    A block is a heading, a paragraph (with its display maths), a whole list, a table, a
    fenced code block or an HTML block. Blank lines inside fences and ``$$`` maths do not
    split. Link reference definitions are appended to every block that uses none of its own.

    Examples
    --------
    >>> markdown_chunks("## Title\nSome text\n\n- a\n- b\n\n  still b\n\nEnd")
    ['## Title', 'Some text', '- a\n- b\n\n  still b', 'End']
    >>> markdown_chunks("$$\na\n\nb\n$$")
    ['$$\na\n\nb\n$$']
    """
    references = [
        line for line in source.splitlines() if re.match(r"^\s{0,3}\[[^\]]+\]:\s*\S", line)
    ]
    chunks: list[list[str]] = []
    current: list[str] = []
    fence, in_math, blank = "", False, False

    def flush():
        nonlocal current
        while current and not current[-1].strip():
            current.pop()
        if current:
            chunks.append(current)
        current = []

    for line in source.splitlines():
        stripped = line.strip()
        if fence:
            current.append(line)
            if stripped.startswith(fence):
                fence = ""
            continue
        if in_math:
            current.append(line)
            if stripped.count("$$") % 2 == 1 or stripped.startswith("\\]"):
                in_math = False
            continue
        if line in references or COMMENT.fullmatch(stripped):
            continue  # invisible: link definitions are added back below, comments dropped
        if not stripped:
            blank = True
            if current:
                current.append(line)
            continue
        is_list = bool(LIST_ITEM.match(line))
        continues_list = (
            current and LIST_ITEM.match(current[0]) and (is_list or line.startswith((" ", "\t")))
        )
        if heading_line(line):
            flush()
            chunks.append([line])
            blank = False
            continue
        if blank and current and not continues_list:
            flush()
        elif current and is_list and not LIST_ITEM.match(current[0]) and not blank:
            flush()  # a list right after a paragraph line starts its own block
        blank = False
        current.append(line)
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif stripped.count("$$") % 2 == 1 or stripped == "\\[":
            in_math = True
    flush()
    texts = ["\n".join(chunk) for chunk in chunks]
    if references:
        texts = [text + "\n\n" + "\n".join(references) for text in texts]
    return texts


def heading_line(line: str) -> int:
    """Return the level of a heading line (0 for other lines)."""
    match = re.match(r"^(#{1,6})[ \t]+\S", line)
    return len(match[1]) if match else 0


def _display_height(tex: str) -> float:
    """Height in em of a display equation (without its margins)."""
    rows = [row for row in re.split(r"\\\\", tex) if row.strip()] or [tex]
    height = 0.0
    for row in rows:
        tall = 1.3
        if re.search(r"\\[dt]?frac|\\binom", row):
            tall = 2.7
        if re.search(r"\\(sum|prod|int|lim|max|min)\w*\s*(_|\\limits)", row):
            tall = max(tall, 3.3)
        if re.search(r"\\sqrt\s*\{[^}]*\\(frac|sum)", row):
            tall += 0.5
        if re.search(r"\\(hat|tilde|widehat|bar|overline)", row):
            tall += 0.15
        height += tall
    matrix_rows = 0
    for env in re.finditer(r"\\begin\{([pbvBV]?matrix|array|cases)\}(.*?)\\end\{\1\}", tex, re.S):
        matrix_rows = max(matrix_rows, len(re.split(r"\\\\", env[2])))
    if matrix_rows:
        height = max(height, 1.35 * matrix_rows + 0.6)
    return height


def _display_width(tex: str) -> float:
    """Width in em of the widest row of a display equation."""
    rows = re.split(r"\\\\", tex)
    return max(MATH_SCALE * _tex_width(row, display=True) for row in rows)


def inline_extra(text: str, lines: int) -> float:
    r"""Extra height, in em, that tall inline maths adds to ``lines`` lines of text.

    An inline fraction is about one em taller than a line, a root or a sum with limits a
    little; each formula is assumed to be on a line of its own (the tallest ``lines`` count).

    Examples
    --------
    >>> inline_extra("a $x^2$ b", 1)
    0.0
    >>> two = r"$\frac{a}{b}$ and $\frac{c}{d}$"
    >>> inline_extra(two, 1) < inline_extra(two, 2)
    True
    """
    extras = []
    for match in INLINE_MATH.finditer(text):
        tex = match[1] or match[2] or ""
        extra = 0.0
        fractions = len(re.findall(r"\\[dt]?frac|\\binom|\\over\b", tex))
        display = re.search(r"\\displaystyle|\\dfrac", tex) is not None
        if fractions:
            nested = re.search(r"\\[dt]?frac\s*\{[^{}]*\\[dt]?frac", tex) is not None
            extra = (1.7 if display else 1.1) + (0.8 if nested else 0.0)
            if display and re.search(r"\\(sum|prod|int)\w*\s*_", tex):
                extra += 0.4  # limits set under the sum
        elif re.search(r"\\(sum|prod|int)\w*\s*_.*\^|\\sqrt|\\(hat|widehat|tilde)\s*\{?[A-Z]", tex):
            extra = 0.4
        elif re.search(r"\^\{[^}]*[\^_]|_\{[^}]*[\^_]|\\top|\^\{?\\", tex):
            extra = 0.2
        matrix = re.search(r"\\begin\{([pbvBV]?matrix|array|cases)\}(.*?)\\end", tex, re.S)
        if matrix:
            extra = max(extra, 1.2 * len(re.split(r"\\\\", matrix[2])) - 0.4)
        if extra:
            extras.append(extra)
    return float(sum(sorted(extras, reverse=True)[:lines]))


def _text_height(text: str, width_em: float, px: float, line: float, bold: bool = False) -> float:
    """Height of wrapped inline markdown, with the extra height of tall inline maths."""
    lines = wrapped_lines(text, width_em, bold)
    return (lines * line + inline_extra(text, lines)) * px


def _paragraph_height(text: str, width_px: float, px: float = TEXT_PX) -> float:
    """Height of a paragraph of inline markdown that may hold display maths."""
    width_em = width_px / px
    height, pos = 0.0, 0
    for match in DISPLAY_MATH.finditer(text):
        before = text[pos : match.start()].strip()
        if before:
            height += _text_height(before, width_em, px, TEXT_LINE)
        tex = match[1] or match[2] or match[3]
        height += (_display_height(tex) + 2.0) * px  # MathJax: 1 em margin above and below
        pos = match.end()
    rest = text[pos:].strip()
    if rest:
        height += _text_height(rest, width_em, px, TEXT_LINE)
    return height


def widest_display(text: str) -> float:
    """Return the estimated width in em of the widest display equation in a chunk."""
    widths = [_display_width(m[1] or m[2] or m[3]) for m in DISPLAY_MATH.finditer(text)]
    return max(widths, default=0.0)


def _split_cells(row: str) -> list[str]:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


def _table_row_heights(lines: list[str]) -> list[float]:
    """Heights of a markdown table's rows (header first, the rule line left out)."""
    rows = [_split_cells(line) for i, line in enumerate(lines) if i != 1]
    columns = max(len(row) for row in rows)
    pad = 2 * TABLE_PAD_X / TABLE_PX  # em
    widest = [0.0] * columns  # max-content width of each column
    longest_word = [0.0] * columns  # min-content width
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            words = _words(BREAK.sub(" ", cell), bold=(r == 0)) or [0.0]
            widest[c] = max(widest[c], text_width(cell, bold=(r == 0)) + pad)
            longest_word[c] = max(longest_word[c], max(words) + pad)
    available = CONTENT_WIDTH / TABLE_PX
    if sum(widest) <= available:
        widths = widest
    else:  # the browser's automatic layout, roughly: min-content plus a share of the rest
        spare = max(available - sum(longest_word), 0.0)
        stretch = [w - m for w, m in zip(widest, longest_word, strict=True)]
        total = sum(stretch) or 1.0
        widths = [m + spare * s / total for m, s in zip(longest_word, stretch, strict=True)]
    heights = []
    for r, row in enumerate(rows):
        tallest = max(
            _text_height(cell, max(widths[c] - pad, 1.0), TABLE_PX, TABLE_LINE, bold=(r == 0))
            for c, cell in enumerate(row)
        )
        heights.append(tallest + 2 * TABLE_PAD_Y + 1)
    return heights


def _list_items(lines: list[str]) -> list[tuple[int, str]]:
    """Return ``(indent level, text)`` for each item of a markdown list."""
    items: list[tuple[int, list[str]]] = []
    base = None
    for line in lines:
        match = LIST_ITEM.match(line)
        if match:
            indent = len(match[1].expandtabs(4))
            base = indent if base is None else min(base, indent)
            items.append((indent, [line[match.end() :]]))
        elif items:
            items[-1][1].append(line.strip() if line.strip() else "\n")
    out = []
    for indent, parts in items:
        level = 0 if base is None else (indent - base + 1) // 2
        out.append((min(level, 4), " ".join(parts)))
    return out


def markdown_height(chunk: str) -> float:
    """Estimate the rendered height in pixels of one markdown block on a slide.

    Parameters
    ----------
    chunk : str
        One block as returned by `markdown_chunks`.

    Returns
    -------
    float
        Height in CSS pixels at the slide's size, including the block's bottom margin.

    Examples
    --------
    >>> one_line = markdown_height("A short paragraph.")
    >>> round(one_line)
    41
    >>> markdown_height("A short paragraph. " * 20) > 3 * one_line
    True
    >>> markdown_height("## A title") > one_line
    True
    """
    chunk = COMMENT.sub("", chunk).strip("\n")
    lines = [line for line in chunk.splitlines() if not re.match(r"^\s{0,3}\[[^\]]+\]:", line)]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return 0.0
    first = lines[0]
    level = heading_line(first)
    if level:
        px = HEADING_PX[level]
        text = first.lstrip("#").strip()
        return _text_height(text, CONTENT_WIDTH / px, px, HEADING_LINE, bold=True) + GAP
    if first.strip().startswith(("```", "~~~")):
        return (len(lines) - 2) * CODE_PX * CODE_LINE + 2 * CODE_PAD_Y + GAP
    if _is_table(lines):
        return sum(_table_row_heights(lines)) + GAP
    if LIST_ITEM.match(first):
        height = 0.0
        for level, text in _list_items(lines):
            width = CONTENT_WIDTH - (level + 1) * LIST_INDENT * TEXT_PX
            paragraphs = [p for p in text.split("\n") if p.strip()]
            height += sum(_paragraph_height(p, width) for p in paragraphs)
            height += GAP * (len(paragraphs) - 1) + 4
        return height + GAP
    if re.match(r"^\s*(-{3,}|\*{3,}|_{3,})\s*$", first):
        return 2 * GAP + 2
    if first.lstrip().startswith(">"):
        text = " ".join(line.lstrip().lstrip(">") for line in lines)
        return _paragraph_height(text, CONTENT_WIDTH - 2 * TEXT_PX) + 2 * GAP
    if first.lstrip().startswith("<") and not first.lstrip().startswith("<!--"):
        text = TAG.sub(" ", chunk)
        return _paragraph_height(text, CONTENT_WIDTH) + GAP if text.strip() else 0.0
    if re.match(r"^\s*!\[", first):  # a picture on its own
        return 320.0
    return _paragraph_height("\n".join(lines), CONTENT_WIDTH) + GAP


def split_markdown(chunk: str, room: float) -> list[str]:
    r"""Split a block that is taller than ``room`` pixels between rows, items or sentences.

    Tables keep their header on every part; lists split between items; a paragraph splits
    between sentences. Blocks that cannot split are returned whole.

    Examples
    --------
    >>> table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 40
    >>> parts = split_markdown(table, 400)
    >>> len(parts) > 1 and all(part.startswith("| a | b |") for part in parts)
    True
    """
    lines = chunk.splitlines()
    if _is_table(lines):
        heights = _table_row_heights(lines)
        head, rows = lines[:2], lines[2:]
        parts, current, used = [], [], heights[0] + GAP
        for row, height in zip(rows, heights[1:], strict=True):
            if current and used + height > room:
                parts.append("\n".join(head + current))
                current, used = [], heights[0] + GAP
            current.append(row)
            used += height
        parts.append("\n".join(head + current))
        return parts
    if LIST_ITEM.match(lines[0]):
        items: list[list[str]] = []
        base = len(LIST_ITEM.match(lines[0])[1])
        for line in lines:
            match = LIST_ITEM.match(line)
            if match and len(match[1]) <= base:
                items.append([line])
            else:
                items[-1].append(line)
        return _pack(["\n".join(item).rstrip() for item in items], room, "\n")
    if not heading_line(lines[0]) and not lines[0].lstrip().startswith(("```", "~~~", "|", "<")):
        text = " ".join(lines)
        if DISPLAY_MATH.search(text) is None:
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z*$(\[])", text)
            return _pack(sentences, room, " ")
    return [chunk]


def _pack(parts: list[str], room: float, joiner: str) -> list[str]:
    """Greedily join parts into groups whose estimated height fits ``room``."""
    groups: list[str] = []
    current: list[str] = []
    for part in parts:
        trial = joiner.join([*current, part])
        if current and markdown_height(trial) > room:
            groups.append(joiner.join(current))
            current = [part]
        else:
            current.append(part)
    if current:
        groups.append(joiner.join(current))
    return groups


# ---------------------------------------------------------------------------------------
# Code and outputs.

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def code_font_px(source: str) -> int:
    """Return the font size that fits a code cell's longest line to the width.

    Lines are shrunk from ``CODE_PX`` down to ``CODE_MIN_PX``; a line still too long wraps.

    Examples
    --------
    >>> code_font_px("x = 1")
    17
    >>> code_font_px("x" * 100) < 17
    True
    >>> code_font_px("x" * 500)
    13
    """
    longest = max((len(line.expandtabs(4)) for line in source.splitlines()), default=0)
    room = CONTENT_WIDTH - 2 * CODE_PAD_X
    for px in range(CODE_PX, CODE_MIN_PX - 1, -1):
        if longest * px * MONO_EM <= room:
            return px
    return CODE_MIN_PX


def text_lines(text: str, px: float, pad_x: float) -> int:
    """Return how many lines preformatted text takes, wrapped at the content width."""
    per_line = max(int((CONTENT_WIDTH - 2 * pad_x) / (px * MONO_EM)), 1)
    return sum(max(math.ceil(len(line.expandtabs(8)) / per_line), 1) for line in text.split("\n"))


def code_height(source: str) -> tuple[float, int]:
    """Return the height in pixels of a code cell's input on a slide, and its font size."""
    px = code_font_px(source)
    lines = text_lines(source.rstrip("\n"), px, CODE_PAD_X)
    return lines * px * CODE_LINE + 2 * CODE_PAD_Y + 2 * CELL_PAD_Y, px


def output_text(output: nbformat.NotebookNode) -> str | None:
    """Return the text an output shows as preformatted text (None for other outputs)."""
    if output.output_type == "stream":
        return ANSI.sub("", "".join(output.get("text", "")))
    if output.output_type == "error":
        return ANSI.sub("", "\n".join(output.get("traceback", [])))
    data = output.get("data", {})
    shown = {"text/html", "text/markdown", "text/latex", *FIGURE_MIMES}
    if "text/plain" in data and not shown & set(data):
        return "".join(data["text/plain"])
    return None


def output_lines_height(lines: int) -> float:
    """Height in pixels of ``lines`` lines of printed output."""
    return lines * OUTPUT_PX * OUTPUT_LINE + 2 * OUTPUT_PAD_Y + 2 * CELL_PAD_Y + OUTPUT_GAP


def figure_size(output: nbformat.NotebookNode) -> tuple[float, float]:
    """Return the width and height in CSS pixels at which a notebook shows a picture.

    The picture's metadata ``width``/``height`` (as IPython writes for high-resolution
    figures) win; else a PNG or JPEG's pixel size; else a generous guess.
    """
    data = output.get("data", {})
    for mime in FIGURE_MIMES:
        if mime not in data:
            continue
        meta = output.get("metadata", {}).get(mime, {})
        size = _picture_pixels(mime, data[mime])
        width = meta.get("width") or (size[0] if size else 800)
        height = meta.get("height") or (size[1] * width / size[0] if size else 0.6 * float(width))
        return float(width), float(height)
    return 800.0, 480.0


def _picture_pixels(mime: str, payload) -> tuple[int, int] | None:
    """Pixel size of a base64 PNG or JPEG, or of an SVG's width/height attributes."""
    if mime == "image/svg+xml":
        text = "".join(payload)
        w = re.search(r'<svg[^>]*\bwidth="([\d.]+)(?:pt|px)?"', text)
        h = re.search(r'<svg[^>]*\bheight="([\d.]+)(?:pt|px)?"', text)
        if w and h:
            scale = 4 / 3 if 'pt"' in text[: text.find(">")] else 1
            return int(float(w[1]) * scale), int(float(h[1]) * scale)
        return None
    try:
        raw = base64.b64decode("".join(payload)[:50_000] + "==")
    except ValueError:
        return None
    if raw[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", raw[16:24])
    if raw[:2] == b"\xff\xd8":  # JPEG: walk the segments to the frame header
        i = 2
        while i + 9 < len(raw):
            if raw[i] != 0xFF:
                return None
            marker, length = raw[i + 1], struct.unpack(">H", raw[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                h, w = struct.unpack(">HH", raw[i + 5 : i + 9])
                return w, h
            i += 2 + length
    return None


# ---------------------------------------------------------------------------------------
# Pieces and pages.


@dataclass
class Piece:
    """One unbreakable piece of a deck, with its estimated height.

    Attributes
    ----------
    kind : str
        ``"markdown"``, ``"code"`` (a cell's input), ``"text"`` (printed output),
        ``"output"`` (another output, e.g. HTML), ``"figure"``, ``"cue"`` or ``"note"``.
    cell : int
        The notebook cell it comes from.
    height : float
        Estimated height in pixels (for a figure: at full width, before any shrinking).
    source : str
        Markdown or code text (for a cue or note, the markdown to show).
    outputs : list
        The outputs it shows (``"text"``, ``"output"`` and ``"figure"`` pieces).
    breaks : str
        ``"slide"`` or ``"subslide"`` when it must start one, else ``""``.
    title : str
        The title of the section it belongs to.
    keep_with_next : bool
        Never end a slide after this piece.
    font_px : int
        Font size of a code piece.
    figure : tuple of float
        Width and height of a figure at full size.
    tags : list of str
        Cell tags for the deck's style sheet (e.g. a smaller size for too wide maths).
    """

    kind: str
    cell: int
    height: float
    source: str = ""
    outputs: list = field(default_factory=list)
    breaks: str = ""
    title: str = ""
    keep_with_next: bool = False
    font_px: int = CODE_PX
    figure: tuple[float, float] = (0.0, 0.0)
    tags: list[str] = field(default_factory=list)


def markdown_piece(cell: int, chunk: str, title: str, breaks: str = "") -> Piece:
    """Return the piece of one markdown block.

    Display maths too wide for the slide is set smaller (down to ``MIN_MATH_SCALE``
    percent): the piece is tagged for the style sheet to do so.
    """
    height = markdown_height(chunk) + 2 * CELL_PAD_Y
    piece = Piece("markdown", cell, height, chunk, breaks=breaks, title=title)
    widest = widest_display(chunk) * TEXT_PX
    if widest > CONTENT_WIDTH:
        scale = max(MIN_MATH_SCALE, 10 * math.floor(10 * CONTENT_WIDTH / widest))
        piece.tags.append(f"fit-math-{scale}")
    return piece


def continued_height(title: str) -> float:
    """Height of the "<title> (continued)" line at the top of a continuation sub-slide."""
    text = f"{title} (continued)"
    return _text_height(text, CONTENT_WIDTH / NOTE_PX, NOTE_PX, NOTE_LINE, bold=True) + (
        GAP + 2 * CELL_PAD_Y
    )


def _figure_piece(cell: int, output, title: str) -> Piece:
    width, height = figure_size(output)
    if width > CONTENT_WIDTH:
        width, height = CONTENT_WIDTH, height * CONTENT_WIDTH / width
    return Piece(
        "figure",
        cell,
        height + 8 + OUTPUT_GAP,
        outputs=[output],
        title=title,
        figure=(width, height),
    )


def pieces(nb: nbformat.NotebookNode) -> list[Piece]:
    """Cut a notebook into the pieces of its deck, in order, with their estimated heights.

    Parameters
    ----------
    nb : NotebookNode
        An executed notebook (launch buttons already removed).

    Returns
    -------
    list of Piece
        Skipped cells leave nothing but their live-explorer cue.
    """
    cues = _Cues(nb)
    out: list[Piece] = []
    title = ""
    for i, cell in enumerate(nb.cells):
        if i in cues.alone:
            out.append(cues.piece(i, cues.alone[i], title))
        if is_skipped(i, cell):
            continue
        chosen = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        rule = slide_type(i, cell)
        first_break = chosen if chosen in ("slide", "subslide") else rule if rule != "-" else ""
        start = len(out)
        if cell.cell_type == "markdown":
            for chunk in markdown_chunks(cell.source):
                level = heading_line(chunk)
                if level:
                    title = chunk.lstrip("#").strip()
                piece = markdown_piece(i, chunk, title)
                piece.breaks = {1: "slide", 2: "slide", 3: "subslide"}.get(level, "")
                piece.keep_with_next = bool(level) or chunk.rstrip().endswith(":")
                out.append(piece)
        elif cell.cell_type == "code":
            out.extend(_code_pieces(i, cell, title, cues))
        if first_break and len(out) > start and not out[start].breaks:
            out[start].breaks = first_break
    if out:
        out[0].breaks = "slide"
    return out


class _Cues:
    """Where the live-explorer cues of a notebook go: before or after a figure, or alone."""

    height = NOTE_PX * NOTE_LINE * 2 + GAP + 2 * CELL_PAD_Y  # up to two lines

    def __init__(self, nb: nbformat.NotebookNode) -> None:
        self.before: dict[tuple[int, int], str] = {}
        self.after: dict[tuple[int, int], str] = {}
        self.alone: dict[int, str] = {}
        for explorer in live_explorers(nb):
            cue = f"<span class='fit-cue'>▶ {cue_text(explorer)}</span>"
            if explorer.figure is None:
                self.alone[explorer.cell] = cue
            elif explorer.figure[0] > explorer.cell:
                self.before[explorer.figure] = cue
            else:
                self.after.setdefault(explorer.figure, cue)

    def piece(self, cell: int, cue: str, title: str, keep: bool = False) -> Piece:
        return Piece("cue", cell, self.height, cue, title=title, keep_with_next=keep)


def _code_pieces(i: int, cell: nbformat.NotebookNode, title: str, cues: _Cues) -> list[Piece]:
    """Return the pieces of one code cell: its input (or a note), then its outputs."""
    out: list[Piece] = []
    source = cell.source.rstrip()
    has_outputs = bool(cell.get("outputs"))
    if source:
        height, px = code_height(source)
        lines = round((height - 2 * CODE_PAD_Y - 2 * CELL_PAD_Y) / (px * CODE_LINE))
        if lines <= MAX_CODE_LINES:
            code = Piece("code", i, height, source, title=title, font_px=px)
            code.keep_with_next = has_outputs
            out.append(code)
        else:
            note = (
                f"<span class='fit-note'>Cell {i + 1}: {len(source.splitlines())} "
                "lines of code, not shown here (see the notebook)</span>"
            )
            height = NOTE_PX * NOTE_LINE + GAP + 2 * CELL_PAD_Y
            out.append(Piece("note", i, height, note, title=title, keep_with_next=has_outputs))
    for k, output in enumerate(cell.get("outputs", [])):
        if (i, k) in cues.before:
            out.append(cues.piece(i, cues.before[(i, k)], title, keep=True))
        text = output_text(output)
        if text is not None:
            out.extend(_text_pieces(i, output, text, title))
        elif any(mime in output.get("data", {}) for mime in FIGURE_MIMES):
            figure = _figure_piece(i, output, title)
            figure.keep_with_next = (i, k) in cues.after
            out.append(figure)
        else:
            height = _other_output_height(output)
            out.append(Piece("output", i, height, outputs=[output], title=title))
        if (i, k) in cues.after:
            out.append(cues.piece(i, cues.after[(i, k)], title))
    return out


def _text_pieces(cell: int, output, text: str, title: str) -> list[Piece]:
    """One piece per line group of printed output, so long output can continue."""
    lines = text.rstrip("\n").split("\n")
    per_line = max(int((CONTENT_WIDTH - 2 * CODE_PAD_X) / (OUTPUT_PX * MONO_EM)), 1)
    room = SLIDE_HEIGHT - SAFETY - 3 * HEADING_PX[3]
    max_lines = int((room - 2 * OUTPUT_PAD_Y - 2 * CELL_PAD_Y) / (OUTPUT_PX * OUTPUT_LINE))
    groups: list[list[str]] = [[]]
    used = 0
    for line in lines:
        need = max(math.ceil(len(line.expandtabs(8)) / per_line), 1)
        if groups[-1] and used + need > max_lines:
            groups.append([])
            used = 0
        groups[-1].append(line)
        used += need
    result = []
    for group in groups:
        part = nbformat.from_dict(output)
        chunk = "\n".join(group) + "\n"
        if part.output_type == "stream":
            part.text = chunk
        elif part.output_type == "error":
            part.traceback = group
        else:
            part.data = {"text/plain": chunk}
        height = output_lines_height(text_lines(chunk.rstrip("\n"), OUTPUT_PX, CODE_PAD_X))
        result.append(Piece("text", cell, height, outputs=[part], title=title))
    return result


def _other_output_height(output) -> float:
    """Return a generous height for an HTML, markdown or LaTeX output."""
    data = output.get("data", {})
    if "text/html" in data:
        html = "".join(data["text/html"])
        rows = len(re.findall(r"<tr\b", html, re.I))
        if rows:
            return rows * (TABLE_PX * TABLE_LINE + 2 * TABLE_PAD_Y + 1) + 2 * GAP + OUTPUT_GAP
        return markdown_height(TAG.sub(" ", html)) + GAP + OUTPUT_GAP
    if "text/markdown" in data:
        return sum(markdown_height(c) for c in markdown_chunks("".join(data["text/markdown"])))
    if "text/latex" in data:
        return _paragraph_height("".join(data["text/latex"]), CONTENT_WIDTH) + GAP
    return 2 * TEXT_PX * TEXT_LINE


@dataclass
class Page:
    """One slide of a deck: its pieces, how it starts, and its estimated height."""

    breaks: str
    title: str
    continued: bool = False
    pieces: list[Piece] = field(default_factory=list)
    used: float = 0.0


def paginate(items: list[Piece], height: float = SLIDE_HEIGHT - SAFETY) -> list[Page]:
    """Group pieces into slides no taller than ``height`` pixels (estimated).

    A piece that does not fit on the current slide starts a sub-slide headed
    "<title> (continued)"; pieces marked ``keep_with_next`` move with the next one; a list
    or table that does not fit is split to fill the slide (when at least ``MIN_FILL``
    pixels are left); a figure shrinks into the room left (down to ``MIN_FIGURE_HEIGHT``);
    a markdown block taller than a whole slide is split with `split_markdown`, and one
    that cannot be split (like an HTML output) is set smaller, down to ``MIN_ZOOM`` percent.

    Parameters
    ----------
    items : list of Piece
        From `pieces`.
    height : float
        Room on a slide, in pixels.

    Returns
    -------
    list of Page
    """
    pages: list[Page] = []
    queue = list(items)

    def new_page(breaks: str, title: str, continued: bool) -> Page:
        page = Page(breaks, title, continued)
        if continued:
            page.used = continued_height(title)
        pages.append(page)
        return page

    def fits(group: list[Piece], room: float) -> bool:
        need = sum(p.height for p in group)
        last = group[-1]
        return need <= room or (
            last.kind == "figure" and need - last.height + MIN_FIGURE_HEIGHT <= room
        )

    def split_last(group: list[Piece], room: float, lists_only: bool) -> bool:
        """Place the group with the first part of its last piece; queue the other parts."""
        last, others = group[-1], group[:-1]
        left = room - sum(p.height for p in others)
        source = last.source.lstrip()
        splittable = last.kind == "markdown" and (
            not lists_only or source.startswith("|") or LIST_ITEM.match(source)
        )
        if not splittable or left < (MIN_FILL if lists_only else 0):
            return False
        parts = split_markdown(last.source, left - 2 * CELL_PAD_Y)
        first = markdown_piece(last.cell, parts[0], last.title)
        if len(parts) < 2 or first.height > left:
            return False
        _place(page, [*others, first], room)
        queue[:0] = [markdown_piece(last.cell, part, last.title) for part in parts[1:]]
        return True

    page: Page | None = None
    while queue:
        piece = queue.pop(0)
        if page is None or piece.breaks:
            page = new_page(piece.breaks or "slide", piece.title, False)
        group = [piece]
        while group[-1].keep_with_next and queue and not queue[0].breaks:
            group.append(queue.pop(0))
        room = height - page.used
        if fits(group, room):
            _place(page, group, room)
            continue
        if page.pieces:
            if split_last(group, room, lists_only=True):
                continue
            page = new_page("subslide", piece.title, True)
            room = height - page.used
            if fits(group, room):
                _place(page, group, room)
                continue
        # the group is taller than a whole slide
        if split_last(group, room, lists_only=False):
            continue
        last = group[-1]
        left = room - sum(p.height for p in group[:-1])
        if last.kind in ("markdown", "output") and left > 0:
            _zoom(last, left)
            if fits(group, room):
                _place(page, group, room)
                continue
        if len(group) > 1:  # place the first piece alone; the others follow
            queue[:0] = group[1:]
            group = [piece]
        _place(page, group, room)
    return pages


def _zoom(piece: Piece, room: float) -> None:
    """Set a piece that cannot be split smaller (CSS zoom), to ``MIN_ZOOM`` percent at most."""
    zoom = 5 * math.floor(20 * room / piece.height)
    if MIN_ZOOM <= zoom < 100:
        piece.tags.append(f"fit-zoom-{zoom}")
        piece.height *= zoom / 100


def _place(page: Page, group: list[Piece], room: float) -> None:
    """Put pieces on a page, shrinking a figure into the room left."""
    fixed = sum(p.height for p in group if p.kind != "figure")
    for piece in group:
        if piece.kind == "figure":
            spare = room - fixed - 8 - OUTPUT_GAP
            width, height = piece.figure
            if height > spare:
                width, height = width * spare / height, spare
            piece.figure = (width, height)
            piece.height = height + 8 + OUTPUT_GAP
            fixed += piece.height
        page.pieces.append(piece)
        page.used += piece.height


# ---------------------------------------------------------------------------------------
# The deck notebook.


def deck_notebook(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, list[Page]]:
    """Return the notebook a deck is built from, with every slide fitted, and its pages.

    Each page becomes consecutive cells: the first carries the page's slide type; pieces
    of one code cell on one page are joined into one cell again (input shown only when it
    is on that page); figures get the width that fits.
    """
    pages = paginate(pieces(nb))
    cells = []
    for number, page in enumerate(pages):
        page_cells = []
        if page.continued:
            title = page.title or "continued"
            note = nbformat.v4.new_markdown_cell(f"{_inline(title)} *(continued)*")
            note.metadata["tags"] = ["fit-continued"]
            note.metadata["fit_estimate"] = continued_height(title)
            page_cells.append(note)
        last_code = None
        for piece in page.pieces:
            if piece.kind in ("markdown", "cue", "note"):
                cell = nbformat.v4.new_markdown_cell(piece.source)
                cell.metadata["tags"] = [f"fit-{piece.kind}", *piece.tags]
                cell.metadata["fit_estimate"] = piece.height
                page_cells.append(cell)
                last_code = None
                continue
            if piece.kind == "code":
                cell = nbformat.v4.new_code_cell(piece.source)
                tags = ["fit-code"]
                if piece.font_px != CODE_PX:
                    tags.append(f"fit-code-{piece.font_px}")
                cell.metadata["tags"] = tags
                cell.metadata["fit_cell"] = piece.cell
                cell.metadata["fit_estimate"] = piece.height
                page_cells.append(cell)
                last_code = cell
                continue
            outputs = []
            for output in piece.outputs:
                output = nbformat.from_dict(output)
                if piece.kind == "figure":
                    _set_figure_width(output, piece.figure[0])
                outputs.append(output)
            if last_code is not None and last_code.metadata.get("fit_cell") == piece.cell:
                last_code.outputs.extend(outputs)
                last_code.metadata["fit_estimate"] += piece.height
                last_code.metadata["tags"].extend(piece.tags)
            else:
                cell = nbformat.v4.new_code_cell("")
                cell.metadata["tags"] = ["fit-output", "fit-hide-input", *piece.tags]
                cell.metadata["fit_cell"] = piece.cell
                cell.metadata["fit_estimate"] = piece.height
                cell.outputs = outputs
                page_cells.append(cell)
                last_code = cell
        for cell in page_cells:
            cell.metadata["slideshow"] = {"slide_type": "-"}
        page_cells[0].metadata["slideshow"] = {
            "slide_type": page.breaks,
            "data": {"fit-estimate": str(round(page.used)), "fit-page": str(number)},
        }
        cells.extend(page_cells)
    deck = nbformat.from_dict(nb)
    deck.cells = cells
    for cell in deck.cells:
        cell.metadata.pop("fit_cell", None)
        # each piece's estimate, as a class of its cell, so a check can say which one is off
        estimate = round(cell.metadata.pop("fit_estimate", 0))
        cell.metadata["tags"] = [*cell.metadata.get("tags", []), f"fit-estimate-{estimate}"]
        if cell.cell_type == "code":
            cell.execution_count = None
    deck.metadata.pop("widgets", None)
    return deck, pages


def _inline(title: str) -> str:
    r"""Return a heading's text so that markdown keeps it one line of text.

    A leading "2." or "-" would start a list, a leading "#" a heading.

    Examples
    --------
    >>> print(_inline("2. The secant"), _inline("- minus"), _inline("4a. Parabola"), sep=" | ")
    2\. The secant | \- minus | 4a. Parabola
    """
    title = re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", title)
    return re.sub(r"^([-+*#>])", r"\\\1", title)


def _set_figure_width(output, width: float) -> None:
    for mime in FIGURE_MIMES:
        if mime in output.get("data", {}):
            meta = output.setdefault("metadata", {}).setdefault(mime, {})
            meta["width"] = max(int(width), 1)
            meta.pop("height", None)


def plain_deck_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return the notebook with the rules' slide types and nothing fitted (for comparison)."""
    deck = nbformat.from_dict(nb)
    for i, cell in enumerate(deck.cells):
        show = cell.metadata.setdefault("slideshow", {})
        show["slide_type"] = "skip" if is_skipped(i, cell) else slide_type(i, cell)
    return deck
