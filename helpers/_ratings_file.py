"""Reading MovieLens files (private): find the ratings file, parse it exactly, read titles.

:func:`helpers.ratings.load_movielens` calls these three steps, then indexes and checks the
triples. The parser recognises the three MovieLens layouts from the first line (``,`` CSV
with a header, tab-separated 100k files, ``::``-separated 1M/10M files), reads ids as
integers without passing through floats, skips blank and ``#`` lines while keeping the file's
line numbers for messages, and refuses compressed or binary files with advice.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import numpy as np

__all__: list[str] = []  # private: used by helpers.ratings

_RATING_FILES = ("ratings.csv", "ratings.dat", "u.data")
_DOWNLOAD_HINT = (
    "MovieLens data sets are published by GroupLens at https://grouplens.org/datasets/movielens/ ;"
    " the companion ships ml-latest-small in data/ml-latest-small/ratings.csv"
)


def ratings_file(path: str | Path) -> Path:
    """Return the ratings file ``path`` names: the file itself, or the one in that folder."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"path must be a file or folder name (str or pathlib.Path), got {type(path).__name__}"
        )
    path = Path(path)
    if path.is_dir():
        for name in _RATING_FILES:
            if (path / name).is_file():
                return path / name
        raise FileNotFoundError(
            f"no ratings file ({', '.join(_RATING_FILES)}) in the folder {path.name!r}. "
            + _DOWNLOAD_HINT
        )
    if not path.is_file():
        raise FileNotFoundError(
            f"ratings file {str(path)!r} does not exist; check the path (relative paths start at "
            f"the current working directory, a notebook's is its own folder). {_DOWNLOAD_HINT}"
        )
    return path


def _separator(line: str) -> str:
    if "::" in line:
        return "::"
    if "\t" in line:
        return "\t"
    if "," in line:
        return ","
    return " "


def _fields(line: str, sep: str) -> list[str]:
    return line.split() if sep == " " else [part.strip() for part in line.strip().split(sep)]


#: The first bytes of compressed files and archives, which are not text.
_MAGIC = (
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first (gunzip FILE)"),
    (b"PK\x03\x04", "a zip archive", "unzip it and pass the folder it contains"),
    (b"BZh", "a bzip2-compressed file", "decompress it first (bunzip2 FILE)"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first (unxz FILE)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it first"),
)


def _read_text(path: Path) -> str:
    """Return the text of a ratings file; refuse compressed files and other binary data."""
    data = path.read_bytes()
    for magic, what, advice in _MAGIC:
        if data.startswith(magic):
            raise ValueError(f"{path.name} is {what}, not a text file of ratings; {advice}")
    if b"\x00" in data[:65536]:
        raise ValueError(
            f"{path.name} is not a text file (it contains NUL bytes); expected lines of user id, "
            "item id and rating"
        )
    # utf-8-sig drops a byte-order mark; ids and ratings are ASCII, so nothing else matters
    return data.decode("utf-8-sig", errors="replace")


_ID = re.compile(r"[+-]?[0-9]+(?:\.0*)?")
_INT64 = np.iinfo(np.int64)


def _parse_id(text: str) -> int:
    """Parse an id written as an integer (``42``, ``+42``, ``42.0``) exactly, or raise ValueError.

    Ids are never read through a float: 9007199254740993 stays 9007199254740993, and ``1e20`` or
    ``4.5`` are refused instead of being rounded or wrapped around.
    """
    text = text.strip()
    if not _ID.fullmatch(text):
        raise ValueError(text)
    value = int(text.split(".")[0])
    if not _INT64.min <= value <= _INT64.max:
        raise ValueError(text)
    return value


def _parse_line(line: str, sep: str) -> tuple[int, int, float]:
    """Parse ``user<sep>item<sep>rating[<sep>...]`` exactly (the slow path), or raise ValueError."""
    parts = _fields(line, sep)
    if len(parts) < 3:
        raise ValueError(line)
    value = float(parts[2])
    if not np.isfinite(value):
        raise ValueError(line)
    return _parse_id(parts[0]), _parse_id(parts[1]), value


def _is_header(line: str, sep: str) -> bool:
    """Tell whether ``line`` is a header (``userId,movieId,...``): no number in its first fields.

    A data line with one bad field is not a header: it is reported as malformed, never skipped.
    """
    for part in _fields(line, sep)[:3]:
        try:
            float(part)
        except ValueError:
            continue
        return False
    return True


def parse_ratings(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return raw user ids, raw item ids, ratings and the file line number of each rating."""
    all_lines = _read_text(path).splitlines()
    # blank lines and comment lines (starting with #) are skipped; line numbers stay the file's
    numbered = [
        (k + 1, line)
        for k, line in enumerate(all_lines)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise ValueError(f"{path.name} is empty: it contains no ratings")
    sep = _separator(numbered[0][1])
    if _is_header(numbered[0][1], sep):
        numbered = numbered[1:]
        if not numbered:
            raise ValueError(f"{path.name} has a header line but no ratings")
    line_numbers = np.fromiter((n for n, _ in numbered), dtype=np.int64, count=len(numbered))
    data_lines = [line for _, line in numbered]
    body = "\n".join(data_lines)
    if sep == "::":
        body, fast_sep = body.replace("::", "\t"), "\t"
    else:
        fast_sep = None if sep == " " else sep
    row = np.dtype([("user", np.int64), ("item", np.int64), ("rating", np.float64)])
    try:  # fast path: integer ids parsed as integers, exactly
        table = np.loadtxt(
            io.StringIO(body),
            delimiter=fast_sep,
            usecols=(0, 1, 2),
            dtype=row,
            comments=None,
            ndmin=1,
        )
        ok = table.size == len(data_lines) and bool(np.all(np.isfinite(table["rating"])))
    except ValueError:
        ok = False
    if ok:
        return table["user"].copy(), table["item"].copy(), table["rating"].copy(), line_numbers
    # slow path: ids such as 10.0, or a malformed line to find and report
    parsed = []
    for number, line in zip(line_numbers.tolist(), data_lines, strict=True):
        try:
            parsed.append(_parse_line(line, sep))
        except ValueError:
            shown = {"::": "::", "\t": "a tab", ",": ",", " ": "spaces"}[sep]
            raise ValueError(
                f"{path.name}, line {number}: expected user id, item id and rating separated by "
                f"{shown} (integer ids between -2**63 and 2**63 - 1, a finite rating), "
                f"found {line!r}"
            ) from None
    users, items, values = (np.array(column) for column in zip(*parsed, strict=True))
    return users.astype(np.int64), items.astype(np.int64), values.astype(np.float64), line_numbers


def _decode(data: bytes) -> str:
    """Decode a title file: UTF-8 (with or without a byte-order mark), else Latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_titles(folder: Path) -> dict[int, str]:
    """Read movie titles from movies.csv, u.item or movies.dat beside the ratings (if any).

    The MovieLens releases differ in encoding (UTF-8 for "latest", Latin-1 for the older ones);
    a file that is not valid UTF-8 is read as Latin-1, which never fails.
    """
    titles: dict[int, str] = {}
    if (folder / "movies.csv").is_file():
        reader = csv.reader(io.StringIO(_decode((folder / "movies.csv").read_bytes()), newline=""))
        next(reader, None)
        for row in reader:
            if len(row) >= 2 and row[0].strip().isdigit():
                titles[int(row[0])] = row[1]
    elif (folder / "u.item").is_file():
        for line in _decode((folder / "u.item").read_bytes()).splitlines():
            parts = line.split("|")
            if len(parts) >= 2 and parts[0].isdigit():
                titles[int(parts[0])] = parts[1]
    elif (folder / "movies.dat").is_file():
        for line in _decode((folder / "movies.dat").read_bytes()).splitlines():
            parts = line.split("::")
            if len(parts) >= 2 and parts[0].isdigit():
                titles[int(parts[0])] = parts[1]
    return titles
