"""Real servers for the tests: ``plankg serve``, Oxigraph and Virtuoso, each a subprocess on free loopback ports.

Nothing is mocked: the endpoint tests talk HTTP to the real ``plankg serve``
command, the push tests to the ``oxigraph`` server binary that the
``oxigraph`` package from PyPI installs next to the Python interpreter, and
to Debian's Virtuoso Open Source (``virtuoso-t``, which scripts/test.sh installs).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

START_TIMEOUT = 60.0  # seconds for a server to answer its first request


class Server:
    """A started server process and the URL it answers at; ``stop()`` ends it and its children."""

    def __init__(self, process: subprocess.Popen, url: str, log_lines: list[str]):
        self.process = process
        self.url = url
        self.log_lines = log_lines

    @property
    def log(self) -> str:
        return "".join(self.log_lines)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the clean path: plankg stops its workers itself
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def put_graph(server: Server, graph_iri: str, ntriples: bytes) -> None:
    """Replace one named graph of an Oxigraph server (Graph Store Protocol PUT) with N-Triples."""
    from urllib.parse import quote

    request = urllib.request.Request(
        f"{server.url}/store?graph={quote(graph_iri, safe='')}",
        data=ntriples,
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        if response.status not in (200, 201, 204):
            pytest.fail(f"oxigraph answered HTTP {response.status} to PUT {graph_iri}")


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _drain(stream, into: list[str]) -> None:
    """Read a child's output as it comes, so a full pipe never blocks the child."""
    for line in iter(stream.readline, ""):
        into.append(line)
    stream.close()


def wait_until_answering(url: str, process: subprocess.Popen, log_lines: list[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with status {process.returncode}:\n{''.join(log_lines)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except urllib.error.HTTPError:
            return  # it answered, even if not with 200
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"no answer from {url} within {START_TIMEOUT:g} s:\n{''.join(log_lines)}")


def start_plankg_serve(*args: str) -> Server:
    """``python -m graph_build serve --port 0 ARGS``; the URL is the line it prints on stdout."""
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_build", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,
    )
    log_lines: list[str] = []
    threading.Thread(target=_drain, args=(process.stderr, log_lines), daemon=True).start()
    first = _read_line(process, log_lines)
    url = first.strip()
    if not url.startswith("http://127.0.0.1:"):
        process.kill()
        pytest.fail(f"plankg serve printed {first!r} instead of its URL:\n{''.join(log_lines)}")
    server = Server(process, url, log_lines)
    wait_until_answering(url.rsplit("/", 1)[0] + "/", process, log_lines)
    return server


def _read_line(process: subprocess.Popen, log_lines: list[str]) -> str:
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    if not result or not result[0]:
        process.kill()
        pytest.fail(f"plankg serve printed no URL within {START_TIMEOUT:g} s:\n{''.join(log_lines)}")
    return result[0]


def oxigraph_binary() -> str:
    """The ``oxigraph`` server from PyPI: next to this Python (a venv's bin/), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        pytest.fail(
            "the oxigraph server binary is missing: install it with `pip install oxigraph` "
            "(it is in plankg's test extras: `pip install -e .[test]`)"
        )
    return found


def _start_answering(argv: list[str], base: str, probe: str, cwd: Path | None = None) -> Server | None:
    """Start a server and wait until ``base + probe`` answers; None when its port was taken
    meanwhile (a port found free can be taken before the server binds it), so the caller retries."""
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    log_lines: list[str] = []
    threading.Thread(target=_drain, args=(process.stdout, log_lines), daemon=True).start()
    try:
        wait_until_answering(base + probe, process, log_lines)
    except pytest.fail.Exception:
        if process.poll() is not None and "in use" in "".join(log_lines).lower():
            return None
        raise
    return Server(process, base, log_lines)


def start_oxigraph(store_dir: Path) -> Server:
    """``oxigraph serve`` on a free loopback port, with a fresh on-disk store.

    ``--union-default-graph`` makes a query without ``GRAPH`` see every
    named graph, as the local rdflib graph does, so the named queries give
    the same answers in both places.
    """
    binary = oxigraph_binary()
    for _ in range(3):
        port = free_port()
        argv = [binary, "serve", "--location", str(store_dir), "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        server = _start_answering(argv, f"http://127.0.0.1:{port}", "/query?query=ASK%7B%7D")
        if server is not None:
            return server
    pytest.fail("could not start oxigraph on a free port in three tries")


# -- Virtuoso Open Source (Debian's virtuoso-opensource) ------------------------------------------
#: The user and password of a fresh Virtuoso database's administrator: the database lives in a
#: temporary folder and listens on loopback only, so the factory password is kept.
VIRTUOSO_USER = VIRTUOSO_PASSWORD = "dba"

#: A whole virtuoso.ini: only what differs from the compiled-in defaults or matters to the tests.
#: Both ports are loopback-only; ResultSetMaxRows is raised from Debian's 10 000, which would cut a
#: whole-graph SELECT short without an error; DirsAllowed lets the server read files (bulk
#: loading with ld_dir) from its own folder only.
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


def virtuoso_binary() -> str:
    """Debian's Virtuoso server, ``virtuoso-t`` (package virtuoso-opensource)."""
    found = shutil.which("virtuoso-t") or ("/usr/bin/virtuoso-t" if Path("/usr/bin/virtuoso-t").is_file() else None)
    if found is None:
        pytest.fail(
            "the Virtuoso server virtuoso-t is missing: `sudo apt-get install virtuoso-opensource` "
            "(scripts/test.sh installs it when run as root)"
        )
    return found


def start_virtuoso(db_dir: Path) -> Server:
    """``virtuoso-t +foreground`` with its own virtuoso.ini and database in ``db_dir``, on free loopback ports.

    ``Server.url`` is the HTTP base: ``/sparql`` answers queries (URL-encoded POST or GET;
    a direct POST is never answered by 7.2.5), ``/sparql-graph-crud-auth`` takes Graph Store
    Protocol writes from ``VIRTUOSO_USER`` with HTTP Digest authentication.
    """
    binary = virtuoso_binary()
    db_dir.mkdir(parents=True, exist_ok=True)
    for _ in range(3):
        http_port, sql_port = free_port(), free_port()
        ini = db_dir / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(db=db_dir, sql_port=sql_port, http_port=http_port), encoding="utf-8")
        argv = [binary, "+foreground", "+configfile", str(ini)]
        server = _start_answering(argv, f"http://127.0.0.1:{http_port}", "/sparql?query=ASK%7B%7D", cwd=db_dir)
        if server is not None:
            return server
        for leftover in db_dir.iterdir():  # start the next try from an empty folder
            if leftover != ini:
                leftover.unlink()
    pytest.fail("could not start Virtuoso on free ports in three tries")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """One Virtuoso for the whole session (it takes ~10 s to create a database): stopped at the end."""
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()
