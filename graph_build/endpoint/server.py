"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, on the standard library.

>>> from graph_build import build
>>> from graph_build.endpoint.server import serve
>>> with serve(build(), port=0) as endpoint:          # doctest: +SKIP
...     print(endpoint.url)                           # http://127.0.0.1:<port>/sparql

Paths:

* ``/sparql``: the query operation, GET (``?query=``) or POST (URL-encoded
  ``query=`` or a direct ``application/sparql-query`` body). Answers are
  negotiated (``Accept`` or ``format=``): SPARQL results JSON, XML, CSV, TSV
  for SELECT/ASK; Turtle, JSON-LD, N-Triples, RDF/XML for CONSTRUCT/DESCRIBE.
* ``/queries/NAME?param=value``: a named query of ``graph_build.sparql.library``,
  parameters bound as RDF terms, never spliced into the text.
* ``/``: an HTML page listing the named queries with a form for each.

Limits, each answered with a status and a one-line reason: SPARQL Update in
any shape (405 for the update operation, 400 for an update sent as a
query), a body or query over ``MAX_QUERY_BYTES`` (413), a query running
past ``timeout`` seconds (503; its worker process is killed and replaced),
a result over ``max_rows`` rows or triples (400). Queries run in worker
processes (``endpoint_pool``) because rdflib cannot be interrupted inside a
thread. The server binds to loopback unless told otherwise: it has no
authentication, and every query costs CPU.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

from graph_build.endpoint.pool import READ_ONLY_MESSAGE, Job, QueryPool, Reply
from graph_build.core.errors import QueryError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0  # seconds per query
DEFAULT_MAX_ROWS = 10_000  # rows of a SELECT, triples of a CONSTRUCT
DEFAULT_WORKERS = 2
MAX_QUERY_BYTES = 100_000  # request body and query text
#: Seconds a client has to send a whole request (request line, headers, body), and the longest it may
#: stay silent meanwhile; a slower client (slow-loris) gets 408 and the connection is closed, so it
#: cannot hold a server thread for ever. Idle keep-alive connections are closed after the same time.
REQUEST_READ_TIMEOUT = 10.0
SPARQL_PATH = "/sparql"
QUERIES_PATH = "/queries/"

# -- what is served ---------------------------------------------------------------


def _nquads(source) -> bytes:
    """The served data as N-Quads, the one shape every worker loads (named graphs kept).

    ``source`` is a ``Store`` (``stores.source.open_source``), or anything ``as_store``
    turns into one (a ``BuildResult``, an rdflib ``Dataset`` or ``Graph``); bytes are N-Quads already.
    """
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    from graph_build.stores.source import as_store

    return as_store(source).dump_nquads()


def is_loopback(host: str) -> bool:
    """True when every address ``host`` names is a loopback address."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)


# -- the server -------------------------------------------------------------------


class Endpoint:
    """A running endpoint: the HTTP server, its worker pool and the thread serving it."""

    def __init__(self, server: _Server, pool: QueryPool):
        self.server = server
        self.pool = pool
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The query URL, e.g. ``http://127.0.0.1:8000/sparql``."""
        host, port = self.server.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{SPARQL_PATH}"

    @property
    def base_url(self) -> str:
        return self.url[: -len(SPARQL_PATH)] + "/"

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def start_in_thread(self) -> Endpoint:
        self._thread = threading.Thread(target=self.serve_forever, name="plankg-endpoint", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop answering, then stop the workers."""
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join()
            self._thread = None
        self.server.server_close()
        self.pool.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def serve(
    graph_or_dataset,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    allow_remote: bool = False,
    log: Callable[[str], None] | None = None,
) -> Endpoint:
    """Start an endpoint over a ``Store``, ``BuildResult``, rdflib ``Dataset`` or ``Graph``, answering in a thread.

    Returns once every worker holds the graph and the socket listens; use
    it as a context manager, or call ``close()``. ``port=0`` picks a free
    port (see ``Endpoint.url``). ``log`` receives one line per request.
    """
    return _open(graph_or_dataset, host, port, timeout, max_rows, workers, allow_remote, log).start_in_thread()


def run_server(
    graph_or_dataset,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    allow_remote: bool = False,
    log: Callable[[str], None] | None = None,
    on_ready: Callable[[Endpoint], None] | None = None,
) -> None:
    """Serve in this thread until Ctrl-C or SIGTERM, then stop the server and its workers cleanly.

    ``on_ready`` is called once the endpoint answers (the CLI prints the URL).
    """
    endpoint = _open(graph_or_dataset, host, port, timeout, max_rows, workers, allow_remote, log)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)  # `kill` stops it like Ctrl-C does
    try:
        if on_ready is not None:
            on_ready(endpoint)
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        endpoint.close()


def _open(graph_or_dataset, host, port, timeout, max_rows, workers, allow_remote, log) -> Endpoint:
    """Workers loaded and socket bound, not yet answering."""
    if not allow_remote and not is_loopback(host):
        raise ValueError(f"{host!r} is not a loopback address: the endpoint has no authentication, "
                         "so serving beyond this machine needs allow_remote=True")
    pool = QueryPool(_nquads(graph_or_dataset), size=workers, timeout=timeout, max_rows=max_rows)
    pool.start()
    try:
        server = _Server(host, port, pool, _index_page(timeout, max_rows), log)
    except BaseException:
        pool.close()
        raise
    return Endpoint(server, pool)


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _index_page(timeout: float, max_rows: int) -> bytes:
    """The HTML page at ``/``, built once: the named queries do not change while serving."""
    from graph_build.endpoint.pages import index_page

    limits = f"Limits: {timeout:g} s per query, {max_rows} rows per result."
    from graph_build.sparql import library as queries

    try:
        named = queries.list_queries()
    except QueryError as exc:  # a broken .rq file: still serve the graph and the free-form box
        print(f"plankg serve: named queries unavailable: {exc}", file=sys.stderr)
        named = []
    return index_page(named, SPARQL_PATH, limits)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client must not keep the process alive at shutdown
    # socketserver's default listen backlog is 5: a burst of connections beyond it has its SYNs
    # dropped and retried by the client after 1, 2, 4, 8 s, which can hold a client back longer
    # than any time limit of the server (seen with 20 idle connections at once).
    request_queue_size = 128

    def __init__(self, host: str, port: int, pool: QueryPool, index: bytes, log):
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.pool = pool
        self.index = index
        self.log = log
        super().__init__((host, port), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "plankg"
    protocol_version = "HTTP/1.1"
    timeout = REQUEST_READ_TIMEOUT  # socket timeout of every read and write (StreamRequestHandler.setup)

    # -- a deadline for the request to arrive ---------------------------------

    def handle_one_request(self) -> None:
        """One request; its read side is shut when it has not fully arrived within REQUEST_READ_TIMEOUT."""
        self._cut_off = False
        self._deadline = threading.Timer(REQUEST_READ_TIMEOUT, self._cut_off_slow_client)
        self._deadline.daemon = True
        self._deadline.start()
        try:
            super().handle_one_request()
        finally:
            self._deadline.cancel()

    def _cut_off_slow_client(self) -> None:
        self._cut_off = True
        try:
            self.connection.shutdown(socket.SHUT_RD)  # a blocked read returns at once; the answer can still be written
        except OSError:
            pass

    def _arrived(self) -> bool:
        """Stop the deadline once the request is read; False (after answering 408) when it came too late."""
        self._deadline.cancel()
        if self._cut_off:
            self.close_connection = True
            self._send(Reply.error(408, f"the request did not arrive within {REQUEST_READ_TIMEOUT:g} s"))
            return False
        return True

    # -- routing ------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if not self._arrived():
            return
        url = urlsplit(self.path)
        params = parse_qsl(url.query, keep_blank_values=True)
        if url.path == "/":
            self._send(Reply(200, "text/html; charset=utf-8", self.server.index))
        elif url.path == SPARQL_PATH:
            self._query_operation(params, None)
        elif url.path.startswith(QUERIES_PATH) and len(url.path) > len(QUERIES_PATH):
            self._named_query(unquote(url.path[len(QUERIES_PATH):]), params)
        else:
            self._send(Reply.error(404, f"no such page: {url.path}; the query endpoint is {SPARQL_PATH}"))

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != SPARQL_PATH:
            self._discard_body()
            self._send(Reply.error(404, f"POST queries to {SPARQL_PATH}"))
            return
        params = parse_qsl(url.query, keep_blank_values=True)
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            self._discard_body()
            self._send(_refuse_update())
            return
        body = self._read_body()
        if body is None or not self._arrived():
            return
        if content_type == "application/x-www-form-urlencoded":
            try:
                params += parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                self._send(Reply.error(400, "the request body is not UTF-8"))
                return
            self._query_operation(params, None)
        elif content_type == "application/sparql-query":
            try:
                self._query_operation(params, body.decode("utf-8"))
            except UnicodeDecodeError:
                self._send(Reply.error(400, "the query is not UTF-8"))
        else:
            self._send(Reply.error(415, f"unsupported Content-Type {content_type or '(none)'}: send "
                                        "application/x-www-form-urlencoded or application/sparql-query"))

    def do_PUT(self) -> None:  # noqa: N802 (Graph Store Protocol writes)
        self._discard_body()
        self._send(_refuse_update())

    do_DELETE = do_PATCH = do_PUT

    # -- operations ---------------------------------------------------------

    def _query_operation(self, params: list[tuple[str, str]], direct: str | None) -> None:
        names = {key for key, _ in params}
        if "update" in names:
            self._send(_refuse_update())
            return
        texts = [value for key, value in params if key == "query"] + ([direct] if direct is not None else [])
        if not texts:
            self._send(Reply.error(400, "missing the 'query' parameter (SPARQL 1.1 Protocol §2.1)"))
            return
        if len(texts) > 1:
            self._send(Reply.error(400, "give exactly one query"))
            return
        if names & {"default-graph-uri", "named-graph-uri"}:
            # Answering over the whole dataset instead would be silently wrong.
            self._send(Reply.error(400, "default-graph-uri and named-graph-uri are not supported: this "
                                        "endpoint serves one dataset whose default graph is the union of "
                                        "its named graphs; use GRAPH <iri> { } in the query"))
            return
        if len(texts[0].encode("utf-8")) > MAX_QUERY_BYTES:
            self._send(Reply.error(413, f"the query is longer than {MAX_QUERY_BYTES} bytes"))
            return
        formats = tuple(value for key, value in params if key == "format")
        self._send(self.server.pool.run(Job(query=texts[0], accept=self.headers.get("Accept"), formats=formats)))

    def _named_query(self, name: str, params: list[tuple[str, str]]) -> None:
        formats = tuple(value for key, value in params if key == "format")
        bound = tuple((key, value) for key, value in params if key != "format")
        if sum(len(k) + len(v) for k, v in bound) > MAX_QUERY_BYTES:
            self._send(Reply.error(413, f"the parameters are longer than {MAX_QUERY_BYTES} bytes"))
            return
        job = Job(name=name, params=bound, accept=self.headers.get("Accept"), formats=formats)
        self._send(self.server.pool.run(job))

    # -- plumbing -----------------------------------------------------------

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            self._send(Reply.error(411, "a POST needs a Content-Length header"))
            self.close_connection = True
            return None
        try:
            size = int(length)
        except ValueError:
            self._send(Reply.error(400, f"bad Content-Length {length!r}"))
            self.close_connection = True
            return None
        if size > MAX_QUERY_BYTES:
            # Not read: closing the connection is cheaper than draining a huge body.
            self._send(Reply.error(413, f"the request body is larger than {MAX_QUERY_BYTES} bytes"))
            self.close_connection = True
            return None
        body = self.rfile.read(size)
        if len(body) < size:  # cut off by the deadline, or the client hung up
            self._cut_off = True
        return body

    def _discard_body(self) -> None:
        try:
            size = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            size = 0
        if 0 < size <= MAX_QUERY_BYTES:
            self.rfile.read(size)
        elif size:
            self.close_connection = True

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept")
        if reply.content_type.startswith("text/html"):
            from graph_build.endpoint.pages import CONTENT_SECURITY_POLICY

            self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


def _refuse_update() -> Reply:
    reply = Reply.error(405, READ_ONLY_MESSAGE)
    reply.headers["Allow"] = "GET, POST"
    return reply


__all__ = ["Endpoint", "serve", "run_server", "is_loopback",
           "DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_MAX_ROWS", "DEFAULT_WORKERS"]
