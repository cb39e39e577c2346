"""Killable query workers for the endpoint: each holds the graph in its own process.

rdflib evaluates SPARQL in pure Python and offers no way to interrupt a
query running in a thread, so a thread-per-request server could never stop
a runaway query. Instead every query runs in one of a few worker processes
that parsed the graph once at start; the server waits for the answer at most
``timeout`` seconds, then kills that worker and starts a fresh one in the
background while the other workers keep answering.

A worker is a plain ``python -m graph_build.endpoint.worker`` child talking
length-prefixed pickles over its stdin and stdout. Not ``multiprocessing``:
its ``spawn`` method re-imports the caller's main script in every child
(which breaks ``serve()`` called from a script or a notebook), and ``fork``
from the multi-threaded server can copy a lock another thread holds into
the child. A fresh worker costs about half a second (Python, rdflib, the
N-Quads parse), paid once per worker and once per killed query.

A worker does the whole job (parse, evaluate, limit, serialise) and sends
back finished bytes, so serialising a huge result is inside the time limit
too.
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from typing import BinaryIO

#: The answer to SPARQL Update in any shape: the endpoint never changes the graph it serves.
READ_ONLY_MESSAGE = ("this endpoint is read-only: SPARQL Update is refused "
                     "(load data with `plankg push` into a store that accepts updates)")

#: How long a fresh worker may take to import rdflib and parse the graph.
WORKER_START_TIMEOUT = 120.0

_HEADER = struct.Struct(">Q")  # the length of the pickle that follows


@dataclass(frozen=True)
class Job:
    """One request for a worker: an ad-hoc query or a named query, plus what the client accepts."""

    query: str | None = None  # ad-hoc SPARQL text
    name: str | None = None  # named query (``graph_build.sparql.library``)
    params: tuple[tuple[str, str], ...] = ()
    accept: str | None = None  # the Accept header
    formats: tuple[str, ...] = ()  # values of the ``format`` parameter, which win over Accept


@dataclass
class Reply:
    """A finished HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        """Plain-text error body, the SPARQL Protocol's usual failure shape."""
        return cls(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


def send_message(stream: BinaryIO, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive_message(stream: BinaryIO):
    """The next message, or EOFError when the other side has gone."""
    (size,) = _HEADER.unpack(_read_exactly(stream, _HEADER.size))
    return pickle.loads(_read_exactly(stream, size))


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            raise EOFError("the other side of the pipe closed")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


class QueryPool:
    """A fixed number of worker processes, each holding the graph as an rdflib Dataset.

    ``nquads`` is the whole dataset serialised as N-Quads: named graphs are
    kept, so ``GRAPH ?g { }`` works, and the default graph is their union.
    """

    def __init__(self, nquads: bytes, size: int = 2, timeout: float = 10.0, max_rows: int = 10_000):
        if size < 1:
            raise ValueError("the endpoint needs at least one worker")
        if timeout <= 0:
            raise ValueError("the time limit must be positive")
        if max_rows < 1:
            raise ValueError("the row limit must be at least 1")
        self.size = size
        self.timeout = timeout
        self.max_rows = max_rows
        self._nquads = nquads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start every worker and wait until each has loaded the graph."""
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for worker in workers:
                worker.wait_ready()
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def run(self, job: Job) -> Reply:
        """Run one job on an idle worker; kill it if it takes more than ``timeout`` seconds."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Reply.error(503, f"all {self.size} query workers stayed busy for {self.timeout:g} s; "
                                    "try again later")
        try:
            send_message(worker.stdin, job)
            reply = receive_message(worker.stdout) if worker.answers_within(self.timeout) else None
        except (EOFError, OSError):  # the worker died (out of memory, killed from outside)
            self._replace(worker)
            return Reply.error(500, "the query worker stopped unexpectedly; it has been restarted")
        if reply is None:
            self._replace(worker)
            return Reply.error(503, f"query exceeded the time limit of {self.timeout:g} s and was stopped; "
                                    "narrow it (LIMIT, more specific patterns) or ask the operator to "
                                    "raise --timeout")
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        """Stop every worker (the server is shutting down)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    def _spawn(self) -> _Worker:
        worker = _Worker(self._nquads, self.max_rows)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start a fresh one in the background; the others keep serving meanwhile."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return

        def start_replacement() -> None:
            fresh = self._spawn()
            try:
                fresh.wait_ready()
            except RuntimeError as exc:
                print(f"plankg serve: {exc}", file=sys.stderr)
                fresh.kill()
                with self._lock:
                    self._all.discard(fresh)
                return
            with self._lock:
                if self._closed:  # shut down while this one was loading
                    fresh.kill()
                    return
            self._idle.put(fresh)

        threading.Thread(target=start_replacement, name="plankg-worker-restart", daemon=True).start()


class _Worker:
    """One ``python -m graph_build.endpoint.worker`` child, sent the graph as its first message."""

    def __init__(self, nquads: bytes, max_rows: int):
        env = dict(os.environ)
        # The child imports graph_build exactly as this process did (as multiprocessing's spawn does).
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph_build.endpoint.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=env,
            start_new_session=True,  # Ctrl-C reaches the server only; it stops the workers itself
        )
        self.stdin = self.process.stdin
        self.stdout = self.process.stdout
        send_message(self.stdin, (nquads, max_rows))

    def answers_within(self, seconds: float) -> bool:
        readable, _, _ = select.select([self.stdout], [], [], seconds)
        return bool(readable)

    def wait_ready(self) -> None:
        if not self.answers_within(WORKER_START_TIMEOUT):
            raise RuntimeError(f"a query worker did not load the graph within {WORKER_START_TIMEOUT:g} s")
        try:
            message = receive_message(self.stdout)
        except EOFError:
            raise RuntimeError(f"a query worker exited while loading the graph "
                               f"(exit code {self.process.wait()})") from None
        if message != "ready":
            raise RuntimeError(f"a query worker could not load the graph: {message}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.stdin, self.stdout):
            try:
                stream.close()
            except OSError:
                pass
