"""Graph files read by `sparql`, `serve`, `view --graph` and `push FILE`: bounded before parsing, short errors.

A long bad line used to be read in quadratic time (rdflib's N-Triples reader re-scans its
buffer for every 2 KiB it adds) and the error echoed the whole line to the terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph_build.core.errors import PlanError
from graph_build.rdf.graph_files import (
    MAX_GRAPH_FILE_BYTES,
    MAX_GRAPH_LINE_BYTES,
    load_graph_file,
)

GOOD_LINE = b'<http://example.org/a> <http://example.org/p> "v" .\n'


def _problem(path: Path) -> str:
    with pytest.raises(PlanError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    return str(problem)


@pytest.mark.parametrize("suffix", [".nt", ".nq"])
@pytest.mark.parametrize("filler", [b"\0", b"x", b"\x1b[31m", "đ".encode()])
def test_a_line_longer_than_the_limit_is_refused_before_parsing(tmp_path, suffix, filler):
    path = tmp_path / f"bad{suffix}"
    long_line = filler * (MAX_GRAPH_LINE_BYTES // len(filler) + 1)
    path.write_bytes(GOOD_LINE * 3 + long_line + b"\n" + GOOD_LINE)
    message = _problem(path)
    assert message.startswith(f"{path}:4: error:")
    assert f"longer than {MAX_GRAPH_LINE_BYTES:,} bytes" in message
    assert len(message) < len(str(path)) + 200, "no input is echoed whole"
    assert "\x1b" not in message and "\0" not in message


def test_the_limit_counts_bytes_between_line_ends_of_any_kind(tmp_path):
    # a file whose lines end in CR only is still many short lines (N-Triples allows CR, LF or CRLF)
    path = tmp_path / "cr.nt"
    path.write_bytes(GOOD_LINE.replace(b"\n", b"\r") * (MAX_GRAPH_LINE_BYTES // len(GOOD_LINE) + 10))
    assert len(load_graph_file(path)) == 1


def test_a_line_at_the_limit_is_read(tmp_path):
    path = tmp_path / "long.nt"
    prefix, suffix = b'<http://example.org/a> <http://example.org/p> "', b'" .'
    path.write_bytes(GOOD_LINE + prefix + b"y" * (MAX_GRAPH_LINE_BYTES - len(prefix) - len(suffix)) + suffix + b"\n")
    assert len(load_graph_file(path)) == 2


@pytest.mark.parametrize("suffix", [".nt", ".ttl", ".trig", ".jsonld"])
def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, suffix):
    path = tmp_path / f"huge{suffix}"
    with open(path, "wb") as handle:  # sparse: no disk is used, and the reader must not read it
        handle.truncate(MAX_GRAPH_FILE_BYTES + 1)
    message = _problem(path)
    assert f"the limit is {MAX_GRAPH_FILE_BYTES:,}" in message and str(path) in message


def test_special_files_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    assert "not a regular file" in _problem(fifo)  # opening a FIFO for reading would hang
    assert "no such graph file" in _problem(tmp_path / "missing.nt")
    device = tmp_path / "zero.nt"
    device.symlink_to("/dev/zero")
    assert "not a regular file" in _problem(device)


@pytest.mark.parametrize(
    "suffix,body",
    [
        (".nt", b'<http://x/a> <http://x/p> "\x1b]0;pwned\x07' + b"z" * 5000 + b"\n"),
        (".ttl", b'<http://x/a> <http://x/p> "\x1b[2J' + b"z" * 5000 + b"\n"),
        (".trig", b"{ <http://x/a> <http://x/p> \x1b[2J" + b"z" * 5000 + b" }\n"),
        (".jsonld", b'{"@id": "\x1b[2J' + b"z" * 5000 + b"\n"),
    ],
)
def test_syntax_errors_echo_a_short_escaped_excerpt(tmp_path, suffix, body):
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(body)
    message = _problem(path)
    reason = message.split(": error: ", 1)[1]
    assert len(reason) <= 160, reason
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in message), repr(message)


def test_the_cli_reports_a_long_bad_line_in_one_short_line(tmp_path):
    path = tmp_path / "nul.nt"
    path.write_bytes(b"\0" * (4 * 1024 * 1024) + b"\n")
    run = subprocess.run(
        [sys.executable, "-m", "graph_build", "sparql", "--graph", str(path), "SELECT * { ?s ?p ?o }"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and len(run.stderr) < 300 and "\0" not in run.stderr
    assert "Traceback" not in run.stderr
