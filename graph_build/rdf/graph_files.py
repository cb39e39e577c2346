"""Built graph files read back as datasets, for `plankg serve --graph` and `plankg push FILE`.

TriG and N-Quads keep their named graphs, so ``GRAPH ?g { }`` queries still
work and each graph can be pushed to its own named graph; Turtle, N-Triples
and JSON-LD land in the default graph. The dataset's default graph is the
union of all its graphs, the same view the bundled build gives.

A graph file is checked before it is parsed (docs/limits.md): a regular file
(a FIFO or a device is refused unread), at most ``MAX_GRAPH_FILE_BYTES``, and,
for the line formats, no line longer than ``MAX_GRAPH_LINE_BYTES``: rdflib's
N-Triples reader re-scans a line for every 2 KiB it reads, so one long line
would take time quadratic in its length. A parser's complaint quotes at most
``EXCERPT_CHARS`` characters of it, control characters escaped.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from graph_build.core.errors import PlanError, Problem
from graph_build.rdf import formats as F

#: The largest graph file read (it is held in memory whole, and parsed into a larger graph).
MAX_GRAPH_FILE_BYTES = 512 * 1024 * 1024
#: The longest line of an N-Triples or N-Quads file, in bytes between line ends (CR or LF).
MAX_GRAPH_LINE_BYTES = 65_536
#: How much of a parser's complaint (which may quote the input) is shown.
EXCERPT_CHARS = 80
#: rdflib parsers of line-based formats, whose line lengths are checked before parsing.
_LINE_FORMATS = ("nt", "nquads")

#: File suffix → rdflib parser name (from the format registry, ``graph_build.rdf.formats``).
GRAPH_FILE_FORMATS = {suffix: f.rdflib for f in F.graph_file_formats() for suffix in f.suffixes}
#: The rdflib parsers whose files name their graphs.
QUAD_FORMATS = tuple(f.rdflib for f in F.graph_file_formats() if f.quads)


def graph_file_type(path: Path | str) -> F.Format:
    """The registry's format for ``path``, by its suffix, or ``PlanError`` naming the suffixes understood."""
    fmt = F.suffix_format(path)
    if fmt is None or fmt not in F.graph_file_formats():
        raise PlanError(
            Problem(
                f"unknown graph file type {Path(path).suffix!r}; use one of {F.suffix_list(F.graph_file_suffixes())}",
                path,
            )
        )
    return fmt


def graph_file_format(path: Path | str) -> str:
    """The rdflib parser for ``path``, or ``PlanError`` naming the suffixes understood."""
    return str(graph_file_type(path).rdflib)


def load_graph_file(path: Path | str):
    """``path`` as an rdflib ``Dataset(default_union=True)``.

    A file that does not parse raises ``PlanError`` with the file and, where
    the parser says, the line: bad input is wrapped once, here.
    """
    from rdflib import Dataset

    path = Path(path)
    found = graph_file_type(path)
    fmt = found.title
    data = _read_bounded(path)
    if found.rdflib in _LINE_FORMATS:
        _check_line_lengths(data, path)
    dataset = Dataset(default_union=True)
    try:
        # the bytes checked are the bytes parsed; the file's address stays the base of relative IRIs
        dataset.parse(data=data, format=found.rdflib, publicID=path.absolute().as_uri())
    except SyntaxError as exc:  # rdflib's BadSyntax (Turtle, TriG, N-Triples) is a SyntaxError
        line = getattr(exc, "lines", None)  # counted from 0
        reason = getattr(exc, "_why", None) or (str(exc).strip().splitlines() or [""])[0]
        raise PlanError(
            Problem(f"not valid {fmt}: {excerpt(reason)}", path, line + 1 if line is not None else None)
        ) from None
    except ValueError as exc:  # JSON-LD's JSONDecodeError, bad literals and IRIs
        raise PlanError(Problem(f"not valid {fmt}: {excerpt(str(exc))}", path, getattr(exc, "lineno", None))) from None
    except Exception as exc:  # rdflib's other parsers raise plain Exceptions
        raise PlanError(Problem(f"not valid {fmt}: {excerpt(str(exc))}", path)) from None
    return dataset


def _read_bounded(path: Path) -> bytes:
    """The bytes of ``path``, a regular file of at most ``MAX_GRAPH_FILE_BYTES``; never more is read."""
    try:
        # non-blocking, so that a FIFO put in the file's place cannot hang the open
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise PlanError(Problem("no such graph file", path)) from None
    except OSError as exc:
        raise PlanError(Problem(f"cannot read the graph file: {exc.strerror or exc}", path)) from None
    with open(fd, "rb", closefd=True) as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise PlanError(Problem("not a regular file (a graph file must be one)", path))
        if info.st_size > MAX_GRAPH_FILE_BYTES:
            raise PlanError(Problem(f"file is {info.st_size:,} bytes; the limit is {MAX_GRAPH_FILE_BYTES:,}", path))
        data = handle.read(MAX_GRAPH_FILE_BYTES + 1)
    if len(data) > MAX_GRAPH_FILE_BYTES:  # it grew after the check
        raise PlanError(Problem(f"file is over {MAX_GRAPH_FILE_BYTES:,} bytes, the limit", path))
    return data


def _check_line_lengths(data: bytes, path: Path) -> None:
    """``PlanError`` at the first line longer than ``MAX_GRAPH_LINE_BYTES``, in time linear in ``data``.

    A longer line covers a whole aligned block of half the limit, so only blocks without a line
    end need a closer look; the others are passed over by ``bytes.find`` at C speed.
    """
    block = MAX_GRAPH_LINE_BYTES // 2
    for start in range(0, len(data) - block + 1, block):
        end = start + block
        if data.find(b"\n", start, end) != -1 or data.find(b"\r", start, end) != -1:
            continue
        line_start = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start)) + 1
        ends = [i for i in (data.find(b"\n", end), data.find(b"\r", end)) if i != -1]
        line_end = min(ends) if ends else len(data)
        if line_end - line_start > MAX_GRAPH_LINE_BYTES:
            line = data.count(b"\n", 0, line_start) + 1
            raise PlanError(
                Problem(
                    f"line longer than {MAX_GRAPH_LINE_BYTES:,} bytes, the limit for a line "
                    "of a graph file in a line format; not parsed",
                    path,
                    line,
                )
            )


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` as one short printable line: control and bidi characters escaped, cut to ``limit``."""
    out = []
    length = 0
    for char in text:
        code = ord(char)
        if (
            code < 0x20
            or 0x7F <= code < 0xA0
            or 0x200E <= code <= 0x200F
            or 0x202A <= code <= 0x202E
            or 0x2066 <= code <= 0x2069
        ):
            char = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        if length + len(char) > limit:
            out.append("…")
            break
        out.append(char)
        length += len(char)
    return "".join(out)
