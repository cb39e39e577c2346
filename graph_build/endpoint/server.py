"""A read-only SPARQL 1.1 Protocol endpoint over the built graph: a Starlette app on uvicorn.

>>> from graph_build import build
>>> from graph_build.endpoint.server import serve
>>> with serve(build(), port=0) as endpoint:          # doctest: +SKIP
...     print(endpoint.url)                           # http://127.0.0.1:<port>/sparql

Paths:

* ``/sparql``: the query operation, GET (``?query=``) or POST (URL-encoded
  ``query=`` or a direct ``application/sparql-query`` body), with the
  protocol's ``default-graph-uri`` / ``named-graph-uri``. Answers are
  negotiated (``Accept`` or ``format=``). Without a query, GET answers the
  SPARQL Service Description. HEAD and OPTIONS are answered; CORS headers let
  a browser client on another origin query it (``cors=False`` turns them off).
* ``/queries/NAME?param=value``: a named query of ``graph_build.sparql.library``,
  parameters bound as RDF terms, never spliced into the text.
* ``/``: an HTML page listing the named queries with a form for each.

Why Starlette and uvicorn: the HTTP parsing (request line, headers,
Content-Length, chunked bodies) is llhttp's through uvicorn's httptools
protocol, a maintained parser that refuses what ``http.server`` let through
(negative, doubled, ``+15`` or ``1_5`` lengths); ``protocol`` adds the
deadline for a whole request that uvicorn lacks. Queries run in worker
processes (``pool``) with the dataset in pyoxigraph: Oxigraph cannot be
interrupted inside a thread, and a process can be capped in memory. The
server binds to loopback unless told otherwise: it has no authentication,
and every query costs CPU.
"""

from __future__ import annotations

import functools
import ipaddress
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence

from graph_build.core.errors import QueryError
from graph_build.endpoint.deref import VOID_PATH, PageRenderer
from graph_build.endpoint.forms import parse_form
from graph_build.endpoint.limits import (
    DEFAULT_HOST,
    DEFAULT_MAX_ANSWER_BYTES,
    DEFAULT_MAX_MEMORY_MIB,
    DEFAULT_MAX_ROWS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    MAX_CONNECTIONS,
    MAX_QUERY_BYTES,
    QUERIES_PATH,
    REQUEST_READ_TIMEOUT,
    SPARQL_PATH,
)
from graph_build.endpoint.pool import READ_ONLY_MESSAGE, Job, Limits, QueryPool, Reply

#: Methods answered on /sparql; the others that write are refused as updates.
_QUERY_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
_WRITE_METHODS = ("PUT", "DELETE", "PATCH")

# -- what is served ---------------------------------------------------------------


def dataset_source(source, on_disk: bool = False) -> tuple[str, object]:
    """What every worker loads: a persistent Oxigraph store's folder, or the dataset as N-Quads.

    ``source`` is a ``graph_build.stores.Store``, a ``BuildResult``, an rdflib
    ``Dataset`` or ``Graph``, or N-Quads bytes. A persistent Oxigraph store is
    read by each worker from its folder (read-only): copied into memory, or,
    with ``on_disk``, queried in place (less memory, slower on large answers);
    any other store is dumped as N-Quads.
    """
    from graph_build.stores import Store

    if isinstance(source, (bytes, bytearray)):
        return ("nquads", bytes(source))
    if isinstance(source, Store):
        path = getattr(source, "path", None)
        if source.name == "oxigraph" and path is not None:
            return ("store-on-disk" if on_disk else "store", str(path))
        try:
            return ("nquads", source.dump_nquads())
        except NotImplementedError:
            raise TypeError(f"the {source.name} store cannot be served: it cannot list its quads") from None
    from rdflib import Dataset, Graph

    from graph_build.pipeline.api import BuildResult

    if isinstance(source, BuildResult):  # its N-Triples strings are N-Quads lines already
        return ("nquads", source.triples.nquads(source.graph_names()).encode("utf-8"))
    if isinstance(source, Dataset):
        return ("nquads", source.serialize(format="nquads", encoding="utf-8"))
    if isinstance(source, Graph):
        return ("nquads", source.serialize(format="nt", encoding="utf-8"))  # N-Triples: N-Quads in the default graph
    raise TypeError(f"serve() takes a Store, a BuildResult, an rdflib Dataset or Graph, not {type(source).__name__}")


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
    # info[4][0], the address, is a str for IPv4 and IPv6 (typeshed allows an int for other families)
    return bool(infos) and all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)


# -- the running endpoint -----------------------------------------------------------


class Endpoint:
    """A running endpoint: the uvicorn server, its listening socket and its worker pool."""

    def __init__(self, server, sock: socket.socket, pool: QueryPool):
        self.server = server
        self.socket = sock
        self.pool = pool
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The query URL, e.g. ``http://127.0.0.1:8000/sparql``."""
        host, port = self.socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{SPARQL_PATH}"

    @property
    def base_url(self) -> str:
        return self.url[: -len(SPARQL_PATH)] + "/"

    def serve_forever(self) -> None:
        """Answer until ``close()`` (from another thread) or, in the main thread, Ctrl-C / SIGTERM."""
        self.server.run(sockets=[self.socket])

    def start_in_thread(self) -> Endpoint:
        self._thread = threading.Thread(target=self.serve_forever, name="plankg-endpoint", daemon=True)
        self._thread.start()
        while not self.server.started and self._thread.is_alive():
            self._thread.join(0.01)
        return self

    def close(self) -> None:
        """Stop answering (requests under way finish first, up to the time limit), then stop the workers."""
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.socket.close()
        self.pool.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def serve(
    source,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    allow_remote: bool = False,
    log: Callable[[str], None] | None = None,
    max_memory_mib: int = DEFAULT_MAX_MEMORY_MIB,
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
    cors: bool = True,
    on_disk: bool = False,
    allowed_hosts: Sequence[str] = (),
    pages: PageRenderer | None = None,
) -> Endpoint:
    """Start an endpoint over a ``Store``, ``BuildResult``, rdflib ``Dataset`` or ``Graph``, answering in a thread.

    Returns once every worker holds the graph and the socket listens; use
    it as a context manager, or call ``close()``. ``port=0`` picks a free
    port (see ``Endpoint.url``). ``log`` receives one line per request.
    ``on_disk``: workers query a persistent store's folder instead of a copy in memory.
    ``allowed_hosts``: names besides the loopback ones that a request's ``Host`` may carry
    (see ``host_names``). ``pages``: the site's renderer (``graph_build.site.deref.SitePages``), which
    makes ``/id/…``, ``/vocab/…`` and ``/def`` dereferenceable (``endpoint.deref``); without it they answer 404.
    """
    return _open(
        source,
        host,
        port,
        timeout,
        max_rows,
        workers,
        allow_remote,
        log,
        max_memory_mib,
        max_answer_bytes,
        cors,
        on_disk,
        allowed_hosts,
        pages,
    ).start_in_thread()


def run_server(
    source,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = DEFAULT_WORKERS,
    allow_remote: bool = False,
    log: Callable[[str], None] | None = None,
    on_ready: Callable[[Endpoint], None] | None = None,
    max_memory_mib: int = DEFAULT_MAX_MEMORY_MIB,
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
    cors: bool = True,
    on_disk: bool = False,
    allowed_hosts: Sequence[str] = (),
    pages: PageRenderer | None = None,
) -> None:
    """Serve in this thread until Ctrl-C or SIGTERM, then stop the server and its workers cleanly.

    ``on_ready`` is called once the endpoint answers (the CLI prints the URL).
    """
    endpoint = _open(
        source,
        host,
        port,
        timeout,
        max_rows,
        workers,
        allow_remote,
        log,
        max_memory_mib,
        max_answer_bytes,
        cors,
        on_disk,
        allowed_hosts,
        pages,
    )
    # uvicorn catches SIGINT/SIGTERM, finishes the requests under way, then raises the signal again:
    # this handler turns that into the KeyboardInterrupt that ends run_server like Ctrl-C does.
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        if on_ready is not None:
            endpoint.server.on_started = lambda: on_ready(endpoint)
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        endpoint.close()


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _open(
    source,
    host,
    port,
    timeout,
    max_rows,
    workers,
    allow_remote,
    log,
    max_memory_mib,
    max_answer_bytes,
    cors,
    on_disk,
    allowed_hosts,
    pages=None,
) -> Endpoint:
    """Workers loaded and socket bound, not yet answering."""
    if not allow_remote and not is_loopback(host):
        raise ValueError(
            f"{host!r} is not a loopback address: the endpoint has no authentication, "
            "so serving beyond this machine needs allow_remote=True"
        )
    limits = Limits(max_rows=max_rows, max_answer_bytes=max_answer_bytes, max_memory_mib=max_memory_mib)
    pool = QueryPool(dataset_source(source, on_disk), size=workers, timeout=timeout, limits=limits)
    pool.start()
    try:
        sock = _listen(host, port)
    except BaseException:
        pool.close()
        raise
    endpoint = Endpoint(None, sock, pool)
    names = host_names(host, allowed_hosts)
    app = create_app(
        pool, _index_page(timeout, limits), endpoint.url, log=log, cors=cors, allowed_hosts=names, pages=pages
    )
    endpoint.server = _uvicorn_server(app)
    return endpoint


#: The names a browser on this machine uses for a loopback endpoint.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def host_names(host: str, extra: Sequence[str] = ()) -> list[str] | None:
    """The ``Host`` header values the endpoint answers, or ``None`` for any.

    On a loopback address only the loopback names (and ``extra``) are answered: a web page
    from elsewhere whose name an attacker points at 127.0.0.1 (DNS rebinding) gets 400, so
    it cannot read the graph through the visitor's browser. Bound to one other address, that
    address and ``extra``; bound to all addresses (``0.0.0.0``, ``::``) with no ``extra``, the
    names it will be reached by are unknown, so any is answered.

    >>> host_names("127.0.0.1")
    ['127.0.0.1', 'localhost', '[::1]']
    >>> host_names("::", ["plans.example.org"])
    ['plans.example.org']
    >>> host_names("0.0.0.0") is None
    True
    """
    names = [name.lower() for name in extra]
    if is_loopback(host):
        bound = f"[{host}]" if ":" in host else host
        return [*LOOPBACK_NAMES, *([bound] if bound not in LOOPBACK_NAMES else []), *names]
    try:
        if ipaddress.ip_address(host).is_unspecified:
            return names or None
    except ValueError:  # a name, not an address: requests carry that name
        return [host.lower(), *names]
    return [f"[{host}]" if ":" in host else host, *names]


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on such sockets, and without it a
    # response written in two pieces waits for the client's delayed ACK (40 ms per request).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # A short backlog drops a burst of SYNs, which clients retry after 1, 2, 4, 8 s.
        sock.listen(MAX_CONNECTIONS)
    except BaseException:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


@functools.lru_cache(maxsize=1)
def _server_class():
    """uvicorn's Server, calling ``on_started`` once it listens (the CLI prints the URL then)."""
    import uvicorn

    class Server(uvicorn.Server):
        on_started: Callable[[], None] | None = None

        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            if self.started and self.on_started is not None:
                self.on_started()

    return Server


def _uvicorn_server(app):
    import uvicorn

    from graph_build.endpoint.protocol import DeadlineHttpProtocol

    config = uvicorn.Config(
        app,
        http=DeadlineHttpProtocol,
        loop="asyncio",
        lifespan="off",
        access_log=False,
        proxy_headers=False,  # X-Forwarded-For is nobody's to trust here; and it costs a middleware per request
        log_level="warning",
        timeout_keep_alive=int(REQUEST_READ_TIMEOUT),
        limit_concurrency=MAX_CONNECTIONS,
        backlog=MAX_CONNECTIONS,
        server_header=False,
        headers=[("server", "plankg")],
        # Requests under way when the server is told to stop may finish (each is bounded by the time limit).
        timeout_graceful_shutdown=int(DEFAULT_TIMEOUT) + 5,
    )
    return _server_class()(config)


def _index_page(timeout: float, limits: Limits) -> bytes:
    """The HTML page at ``/``, built once: the named queries do not change while serving."""
    from graph_build.endpoint.pages import index_page
    from graph_build.sparql import library

    text = (
        f"Limits: {timeout:g} s per query, {limits.max_rows} rows per result, "
        f"{limits.max_answer_bytes // 2**20} MiB per answer, {limits.max_memory_mib} MiB of memory per query."
    )
    try:
        named = library.list_queries()
    except QueryError as exc:  # a broken .rq file: still serve the graph and the free-form box
        print(f"plankg serve: named queries unavailable: {exc}", file=sys.stderr)
        named = []
    return index_page(named, SPARQL_PATH, text)


# -- the application ------------------------------------------------------------------


def create_app(
    pool: QueryPool,
    index: bytes,
    service_url: str,
    log: Callable[[str], None] | None = None,
    cors: bool = True,
    allowed_hosts: Sequence[str] | None = None,
    pages: PageRenderer | None = None,
):
    """The ASGI application: routes, body limits, refusals; queries go to ``pool`` in a thread each.

    ``allowed_hosts``: the names a request's ``Host`` header may carry (``None``: any).
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    def respond(request: Request, reply: Reply, close: bool = False) -> Response:
        headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Vary": "Accept", **reply.headers}
        if reply.content_type.startswith("text/html"):
            from graph_build.endpoint.pages import CONTENT_SECURITY_POLICY

            headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)  # a deref page brings its own
        if close:
            headers["Connection"] = "close"
        if log is not None:
            client = request.client.host if request.client else "-"
            log(f'{client} "{request.method} {request.url.path}" {reply.status} {len(reply.body)}')
        return Response(reply.body, status_code=reply.status, headers=headers, media_type=reply.content_type)

    async def run(job: Job) -> Reply:
        return await pool.run(job)

    async def read_body(request: Request) -> bytes | Reply:
        """The whole body, or the refusal: never more than MAX_QUERY_BYTES read."""
        length = request.headers.get("content-length")
        if length is not None and int(length) > MAX_QUERY_BYTES:  # llhttp has checked it is digits only
            # Not read: closing the connection is cheaper than draining a huge body.
            return Reply.error(413, f"the request body is larger than {MAX_QUERY_BYTES} bytes")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_QUERY_BYTES:
                return Reply.error(413, f"the request body is larger than {MAX_QUERY_BYTES} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def index_page(request: Request) -> Response:
        return respond(request, Reply(200, "text/html; charset=utf-8", index))

    async def sparql(request: Request) -> Response:
        method = request.method
        if method == "OPTIONS":  # a preflight with Origin is answered by the CORS middleware before this
            return respond(request, Reply(204, "text/plain; charset=utf-8", b"", {"Allow": ", ".join(_QUERY_METHODS)}))
        if method in _WRITE_METHODS:
            return respond(request, _refuse_update(), close=True)
        params = parse_form(request.scope["query_string"])
        direct = None
        if method == "POST":
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return respond(request, _refuse_update(), close=True)
            body = await read_body(request)
            if isinstance(body, Reply):
                return respond(request, body, close=True)
            if content_type == "application/x-www-form-urlencoded":
                try:
                    body.decode("utf-8")
                    params += parse_form(body)
                except UnicodeDecodeError:
                    return respond(request, Reply.error(400, "the request body is not UTF-8"))
            elif content_type == "application/sparql-query":
                try:
                    direct = body.decode("utf-8")
                except UnicodeDecodeError:
                    return respond(request, Reply.error(400, "the query is not UTF-8"))
            else:
                return respond(
                    request,
                    Reply.error(
                        415,
                        f"unsupported Content-Type {content_type or '(none)'}: send "
                        "application/x-www-form-urlencoded or application/sparql-query",
                    ),
                )
        return respond(request, await query_operation(request, params, direct))

    async def query_operation(request: Request, params: list[tuple[str, str]], direct: str | None) -> Reply:
        names = {key for key, _ in params}
        if "update" in names:
            return _refuse_update()
        texts = [value for key, value in params if key == "query"] + ([direct] if direct is not None else [])
        formats = tuple(value for key, value in params if key == "format")
        accept = request.headers.get("accept")
        if not texts and request.method in ("GET", "HEAD"):  # Service Description §2: describe the service
            return await run(Job(describe_service=True, accept=accept, formats=formats, endpoint_url=service_url))
        if not texts:
            return Reply.error(400, "missing the 'query' parameter (SPARQL 1.1 Protocol §2.1)")
        if len(texts) > 1:
            return Reply.error(400, "give exactly one query")
        if not texts[0].strip():
            return Reply.error(400, "the query is empty")
        if len(texts[0].encode("utf-8")) > MAX_QUERY_BYTES:
            return Reply.error(413, f"the query is longer than {MAX_QUERY_BYTES} bytes")
        return await run(
            Job(
                query=texts[0],
                accept=accept,
                formats=formats,
                default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
                named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
            )
        )

    async def named_query(request: Request) -> Response:
        if request.method == "OPTIONS":
            return respond(request, Reply(204, "text/plain; charset=utf-8", b"", {"Allow": "GET, HEAD, OPTIONS"}))
        params = parse_form(request.scope["query_string"])
        formats = tuple(value for key, value in params if key == "format")
        bound = tuple((key, value) for key, value in params if key != "format")
        if sum(len(k) + len(v) for k, v in bound) > MAX_QUERY_BYTES:
            return respond(request, Reply.error(413, f"the parameters are longer than {MAX_QUERY_BYTES} bytes"))
        job = Job(name=request.path_params["name"], params=bound, accept=request.headers.get("accept"), formats=formats)
        return respond(request, await run(job))

    async def not_found(request: Request, exc) -> Response:
        if request.method == "POST":
            return respond(request, Reply.error(404, f"POST queries to {SPARQL_PATH}"), close=True)
        if getattr(exc, "status_code", 404) == 405:
            return respond(request, Reply.error(405, f"{request.method} is not answered here"), close=True)
        return respond(
            request, Reply.error(404, f"no such page: {request.url.path}; the query endpoint is {SPARQL_PATH}")
        )

    async def deref(request: Request) -> Response:
        return respond(request, await dereference(request.url.path, request.headers.get("accept")))

    async def dereference(path: str, accept: str | None) -> Reply:
        """``endpoint.deref``: 303 from the IRI to the document Accept asks for; the document itself; 404."""
        import asyncio

        from graph_build.endpoint.deref import MEDIA, NAME_SUFFIX, iri_of, split_document
        from graph_build.endpoint.formats import NotAcceptable, negotiate

        if pages is None:
            return Reply.error(404, f"no such page: {path}; this endpoint was started without the site's pages")
        stem, name = split_document(path)
        if name is None:
            try:
                chosen = negotiate("graph", accept)
            except NotAcceptable as exc:
                return Reply.error(406, str(exc))
            if chosen not in NAME_SUFFIX:
                return Reply.error(406, f"{path} is described in {', '.join(sorted(MEDIA.values()))}")
            return Reply(303, "text/plain; charset=utf-8", b"", {"Location": stem + NAME_SUFFIX[chosen]})
        if stem == "/def":
            return Reply(200, MEDIA[name], await asyncio.to_thread(pages.ontology, name), _page_headers(name))
        iri = iri_of(stem)
        reply = await run(Job(deref=iri, deref_page=name == "html"))
        if reply.status != 200:
            return reply
        if name == "html":
            body = await asyncio.to_thread(pages.html, iri, reply.body)
        else:
            body = await asyncio.to_thread(pages.rdf, iri, reply.body, name)
        if body is None:
            return Reply.error(404, f"{iri} is not in this dataset")
        return Reply(200, MEDIA[name], body, _page_headers(name))

    def _page_headers(name: str) -> dict[str, str]:
        if name != "html" or pages is None:
            return {}
        return {
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            f"script-src '{pages.script_hash}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'"
        }

    async def void(request: Request) -> Response:
        return respond(request, await run(Job(void=True, endpoint_url=service_url)))

    middleware = []
    if allowed_hosts is not None:
        # Outermost, so a page loaded from another name (DNS rebinding to 127.0.0.1) is refused
        # before anything is run or described; Starlette parses the header (IPv6 brackets, port).
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts), www_redirect=False))
    if cors:  # read-only and without credentials, so any origin may read the answers (YASGUI, notebooks)
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=list(_QUERY_METHODS),
                allow_headers=["Accept", "Content-Type"],
                max_age=86_400,
            )
        )
    routes = [
        Route("/", index_page, methods=["GET", "HEAD"]),
        Route(SPARQL_PATH, sparql, methods=[*_QUERY_METHODS, *_WRITE_METHODS]),
        Route(QUERIES_PATH + "{name:path}", named_query, methods=["GET", "HEAD", "OPTIONS"]),
        Route("/id/{rest:path}", deref, methods=["GET", "HEAD"]),
        Route("/vocab/{rest:path}", deref, methods=["GET", "HEAD"]),
        Route("/def", deref, methods=["GET", "HEAD"]),
        *(Route(f"/def{suffix}", deref, methods=["GET", "HEAD"]) for suffix in (".html", ".ttl", ".jsonld", ".nt")),
        Route(VOID_PATH, void, methods=["GET", "HEAD"]),
    ]
    return Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found, 405: not_found})


def _refuse_update() -> Reply:
    reply = Reply.error(405, READ_ONLY_MESSAGE)
    reply.headers["Allow"] = ", ".join(_QUERY_METHODS)
    return reply


__all__ = [
    "Endpoint",
    "serve",
    "run_server",
    "create_app",
    "dataset_source",
    "is_loopback",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_WORKERS",
    "DEFAULT_MAX_MEMORY_MIB",
    "DEFAULT_MAX_ANSWER_BYTES",
    "MAX_QUERY_BYTES",
    "REQUEST_READ_TIMEOUT",
]
