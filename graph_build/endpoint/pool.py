"""Query workers: child processes that hold the dataset in pyoxigraph and answer one job at a time.

A worker is a plain ``python -m graph_build.endpoint.worker`` child talking
length-prefixed pickles over its stdin and stdout (not ``multiprocessing``:
its ``spawn`` re-imports the caller's main script in every child, and
``fork`` from the multi-threaded server can copy a lock another thread holds).
A job and a reply are small: the query text in, finished answer bytes out;
the dataset crosses the pipe once, when the worker starts.

Each query is bounded three ways, and a worker that hits one is replaced in
the background while the others keep answering:

* time: the server waits ``timeout`` seconds for the reply, then kills the
  worker (Oxigraph cannot be interrupted from another thread) and answers 503;
* memory: the worker's address space is capped at what it holds once loaded
  plus ``max_memory_mib``; a query that needs more makes its allocation fail,
  Rust aborts the process, and the server answers 503 naming the limit;
* answer size: the worker stops serialising past ``max_rows`` rows or
  ``max_answer_bytes`` bytes and answers 400 (``worker``).
"""

from __future__ import annotations

import asyncio
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from typing import IO

from graph_build.endpoint.limits import WORKER_START_TIMEOUT

#: The answer to SPARQL Update in any shape: the endpoint never changes the graph it serves.
READ_ONLY_MESSAGE = (
    "this endpoint is read-only: SPARQL Update is refused "
    "(load data with `plankg push` into a store that accepts updates)"
)

_HEADER = struct.Struct(">Q")  # the length of the pickle that follows


@dataclass(frozen=True)
class Job:
    """One request for a worker: an ad-hoc query, a named query or the service description."""

    query: str | None = None  # ad-hoc SPARQL text
    name: str | None = None  # named query (``graph_build.sparql.library``)
    params: tuple[tuple[str, str], ...] = ()
    accept: str | None = None  # the Accept header
    formats: tuple[str, ...] = ()  # values of the ``format`` parameter, which win over Accept
    default_graphs: tuple[str, ...] = ()  # the protocol's default-graph-uri values
    named_graphs: tuple[str, ...] = ()  # the protocol's named-graph-uri values
    describe_service: bool = False  # the SPARQL Service Description instead of a query
    endpoint_url: str = ""  # this endpoint's URL, for the service description
    deref: str | None = None  # an IRI to dereference (``endpoint.deref``): its description's triples
    deref_page: bool = False  # with deref: the larger graph its page shows
    void: bool = False  # the dataset's VoID/DCAT description


@dataclass(frozen=True)
class Limits:
    """What bounds one query inside a worker."""

    max_rows: int = 10_000
    max_answer_bytes: int = 32 * 2**20
    max_memory_mib: int = 512


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


def memory_message(max_memory_mib: int) -> str:
    return (
        f"query exceeded the memory limit of {max_memory_mib} MiB and was stopped; narrow it "
        "(LIMIT, shorter values) or ask the operator to raise --max-memory"
    )


def send_message(stream: IO[bytes], message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def receive_message(stream: IO[bytes]):
    """The next message, or EOFError when the other side has gone."""
    (size,) = _HEADER.unpack(_read_exactly(stream, _HEADER.size))
    return pickle.loads(_read_exactly(stream, size))  # noqa: S301 - our own worker process, over its pipe


def read_message(fd: int):
    """``receive_message`` on a pipe's descriptor, in one read when the message fits the pipe.

    The sender writes length and pickle at once and each side sends only after the other's
    answer, so nothing but this message is in the pipe: a read may take whatever is there.
    """
    data = os.read(fd, _PIPE_READ_BYTES)
    if len(data) < _HEADER.size:
        data += _read_all(fd, _HEADER.size - len(data))
    (size,) = _HEADER.unpack_from(data)
    missing = _HEADER.size + size - len(data)
    if missing > 0:
        data += _read_all(fd, missing)
    return pickle.loads(memoryview(data)[_HEADER.size :])  # noqa: S301 - our own worker process, over its pipe


def _read_all(fd: int, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = os.read(fd, min(missing, 2**24))
        if not chunk:
            raise EOFError("the other side of the pipe closed")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


#: A pipe holds 64 KiB on Linux: what one read can bring.
_PIPE_READ_BYTES = 2**16


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            raise EOFError("the other side of the pipe closed")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


class QueryPool:
    """A fixed number of worker processes, each holding the same dataset.

    ``source`` is ``("nquads", bytes)``, the whole dataset serialised (named
    graphs kept), ``("store", path)``, a persistent Oxigraph store every
    worker copies into memory, or ``("store-on-disk", path)``, one every
    worker queries in place, read-only (RocksDB shares its pages between them).

    ``run`` is a coroutine of the server's event loop: waiting for an idle
    worker and for its reply are awaits on the loop (the reply pipe is watched
    with ``add_reader``), so a request costs no hand-off to a thread and back.
    """

    def __init__(self, source: tuple[str, object], size: int = 2, timeout: float = 10.0, limits: Limits | None = None):
        if size < 1:
            raise ValueError("the endpoint needs at least one worker")
        if timeout <= 0:
            raise ValueError("the time limit must be positive")
        limits = limits or Limits()
        if limits.max_rows < 1 or limits.max_answer_bytes < 1 or limits.max_memory_mib < 1:
            raise ValueError("the row, answer and memory limits must be at least 1")
        self.size = size
        self.timeout = timeout
        self.limits = limits
        self._source = source
        self._started: list[_Worker] = []  # loaded before the event loop runs; moved to ``_idle`` on first use
        self._idle: asyncio.Queue[_Worker] | None = None
        self._waiting = 0  # requests waiting for an idle worker (only the loop's thread touches it)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start every worker and wait until each has loaded the graph."""
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for worker in workers:
                worker.wait_ready()
                self._started.append(worker)
        except BaseException:
            self.close()
            raise

    def _idle_queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:  # the first request, on the server's loop: the queue belongs to that loop
            self._loop = asyncio.get_running_loop()
            self._idle = asyncio.Queue()
            with self._lock:
                started, self._started = self._started, []
            for worker in started:
                self._idle.put_nowait(worker)
        return self._idle

    def _put_idle(self, worker: _Worker) -> None:
        """Hand a worker back; callable from any thread (a replacement loads in its own)."""
        with self._lock:
            if self._loop is None:
                self._started.append(worker)
                return
            loop, idle = self._loop, self._idle
        assert idle is not None  # set together with _loop
        loop.call_soon_threadsafe(idle.put_nowait, worker)

    async def run(self, job: Job) -> Reply:
        """Run one job on an idle worker; stop it if it takes more than ``timeout`` seconds or too much memory."""
        idle = self._idle_queue()
        try:
            if self._waiting == 0 and not idle.empty():  # at once: no task or timer for wait_for to make
                worker = idle.get_nowait()
            else:  # in turn: a request that arrives later never takes a worker from one that waits
                self._waiting += 1
                try:
                    worker = await asyncio.wait_for(idle.get(), self.timeout)
                finally:
                    self._waiting -= 1
        except asyncio.TimeoutError:  # not the builtin TimeoutError before Python 3.11
            return Reply.error(
                503, f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again later"
            )
        try:
            reply = await worker.exchange(job, self.timeout)
        except (EOFError, OSError):  # the worker died: out of memory, or killed from outside
            # Reaping it may take a moment (a large address space to free): not on the loop's thread.
            code = await asyncio.get_running_loop().run_in_executor(None, worker.exit_code)
            self._replace(worker)
            if code == -signal.SIGABRT:  # Rust aborts when an allocation fails under the address-space cap
                return Reply.error(503, memory_message(self.limits.max_memory_mib))
            return Reply.error(
                500, f"the query worker stopped unexpectedly (exit status {code}); it has been restarted"
            )
        except BaseException:  # the request was cancelled (client gone, shutdown) mid-exchange
            self._replace(worker)  # its reply may still come: the pipe is no longer in step
            raise
        if reply is None:
            self._replace(worker)
            return Reply.error(
                503,
                f"query exceeded the time limit of {self.timeout:g} s and was stopped; "
                "narrow it (LIMIT, more specific patterns) or ask the operator to "
                "raise --timeout",
            )
        self._idle_queue().put_nowait(worker)
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
        worker = _Worker(self._source, self.limits)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start a fresh one, both in the background; the others keep serving meanwhile."""
        with self._lock:
            self._all.discard(worker)
            closed = self._closed

        def start_replacement() -> None:
            worker.kill()  # SIGKILL, then reaping it: never on the event loop's thread
            if closed:
                return
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
            self._put_idle(fresh)

        threading.Thread(target=start_replacement, name="plankg-worker-restart", daemon=True).start()


#: Replies up to this size are read on the event loop (all of it is in the pipe or on its way);
#: larger ones in a thread, so a worker writing megabytes never holds up the other requests.
_READ_ON_LOOP_BYTES = 256 * 2**10


class _Worker:
    """One ``python -m graph_build.endpoint.worker`` child, sent the dataset and limits as its first message."""

    def __init__(self, source: tuple[str, object], limits: Limits):
        env = dict(os.environ)
        # The child imports graph_build exactly as this process did (as multiprocessing's spawn does).
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        env["RUST_BACKTRACE"] = "0"  # a query over the memory limit logs one line, not a 40-frame backtrace
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph_build.endpoint.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env=env,
            start_new_session=True,  # Ctrl-C reaches the server only; it stops the workers itself
        )
        # Both pipes exist: Popen was given stdin=PIPE and stdout=PIPE.
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.stdout: IO[bytes] = self.process.stdout
        send_message(self.stdin, (source, limits))

    async def exchange(self, job: Job, timeout: float) -> Reply | None:
        """Send ``job`` and await the reply; ``None`` when none began within ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        send_message(self.stdin, job)  # a job is at most a query's size: the idle worker reads it at once
        readable: asyncio.Future[bool] = loop.create_future()
        fd = self.stdout.fileno()

        def settle(answered: bool) -> None:
            if not readable.done():
                readable.set_result(answered)

        # A timer and a reader on the one future, not wait_for, which wraps it in a task per request.
        loop.add_reader(fd, settle, True)
        timer = loop.call_later(timeout, settle, False)
        try:
            if not await readable:
                return None
        finally:
            timer.cancel()
            loop.remove_reader(fd)
        head = os.read(fd, _PIPE_READ_BYTES)  # readable: at least the length, often the whole reply
        if not head:
            raise EOFError("the worker closed its pipe")
        if len(head) < _HEADER.size:
            head += _read_all(fd, _HEADER.size - len(head))
        (size,) = _HEADER.unpack_from(head)
        missing = _HEADER.size + size - len(head)
        if missing > _READ_ON_LOOP_BYTES:
            head += await loop.run_in_executor(None, _read_all, fd, missing)
        elif missing > 0:
            head += _read_all(fd, missing)
        return pickle.loads(memoryview(head)[_HEADER.size :])  # noqa: S301 - our own worker process, over its pipe

    def answers_within(self, seconds: float) -> bool:
        readable, _, _ = select.select([self.stdout], [], [], seconds)
        return bool(readable)

    def exit_code(self) -> int | None:
        try:
            return self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None

    def wait_ready(self) -> None:
        if not self.answers_within(WORKER_START_TIMEOUT):
            raise RuntimeError(f"a query worker did not load the graph within {WORKER_START_TIMEOUT:g} s")
        try:
            message = receive_message(self.stdout)
        except EOFError:
            raise RuntimeError(
                f"a query worker exited while loading the graph (exit code {self.process.wait()})"
            ) from None
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
