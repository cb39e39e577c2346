"""Load the built graph into a running triplestore, one named graph per plan, and check it arrived.

Each graph goes in one SPARQL 1.1 Graph Store HTTP Protocol request,
``PUT <store>?graph=<IRI>`` with an N-Triples body, which replaces that named
graph as a whole: pushing twice leaves the same triples, never duplicates,
and no request ever leaves half of a plan behind (Oxigraph clears the graph
and loads the body in one transaction each). Then
``SELECT (COUNT(*) AS ?n) WHERE { GRAPH <IRI> { ?s ?p ?o } }`` on the
store's query endpoint must equal the local count; a store that merged or
dropped triples fails the push. The count query goes as a URL-encoded POST,
like every query of the ``remote`` store (see ``stores.remote`` for why).

A store that wants a login for writes (Virtuoso's ``/sparql-graph-crud-auth``,
a Fuseki or GraphDB with security on) gets ``user`` and ``password``: they
answer the server's HTTP Basic or Digest challenge on the store's own URLs
only, and no message ever shows the password.

Where the two URLs are, for the common stores (``--store-url``/``--query-url``):

============  ==========================================  ==========================================
store         Graph Store Protocol URL                    query URL
============  ==========================================  ==========================================
Oxigraph      ``http://HOST:7878/store``                  ``http://HOST:7878/query``
Fuseki        ``http://HOST:3030/DATASET/data``           ``http://HOST:3030/DATASET/sparql``
GraphDB       ``http://HOST:7200/repositories/REPO/``     ``http://HOST:7200/repositories/REPO``
              ``rdf-graphs/service``
Virtuoso      ``http://HOST:8890/sparql-graph-crud-auth``  ``http://HOST:8890/sparql``
============  ==========================================  ==========================================

Given only ``endpoint``, both are derived the Oxigraph way, or Virtuoso's when
``endpoint`` is its Graph Store URL (see ``store_urls``).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from graph_build.core.errors import EndpointError, PlanError, Problem

#: Seconds to wait for the store to answer one request (a big PUT included).
HTTP_TIMEOUT = 120


@dataclass(frozen=True)
class PushReport:
    """One named graph pushed: how many triples were sent and how many the store then held."""

    graph: str
    pushed: int
    in_store: int
    seconds: float

    @property
    def ok(self) -> bool:
        return self.pushed == self.in_store

    def __str__(self) -> str:
        return f"graph {self.graph}: {self.pushed} triples pushed, {self.in_store} in store"


def store_urls(endpoint: str, store_url: str | None = None, query_url: str | None = None) -> tuple[str, str]:
    """The Graph Store Protocol URL and the query URL of a store.

    ``endpoint`` may be the store's base URL or either of the two; the
    missing ones follow Oxigraph's layout, or Virtuoso's when ``endpoint`` is
    one of its Graph Store URLs. Explicit URLs win. A user name or password
    in a URL is refused: it would show in every message that names the URL.

    >>> store_urls("http://127.0.0.1:7878")
    ('http://127.0.0.1:7878/store', 'http://127.0.0.1:7878/query')
    >>> store_urls("http://127.0.0.1:7878/store/")
    ('http://127.0.0.1:7878/store', 'http://127.0.0.1:7878/query')
    >>> store_urls("http://h:3030/ds", store_url="http://h:3030/ds/data", query_url="http://h:3030/ds/sparql")
    ('http://h:3030/ds/data', 'http://h:3030/ds/sparql')
    >>> store_urls("http://127.0.0.1:8890/sparql-graph-crud-auth")
    ('http://127.0.0.1:8890/sparql-graph-crud-auth', 'http://127.0.0.1:8890/sparql')
    """
    from urllib.parse import urlsplit

    for url in (endpoint, store_url, query_url):
        if url is not None and not url.startswith(("http://", "https://")):
            raise EndpointError(f"the store URL must start with http:// or https://, got {url!r}")
        if url is not None and "@" in urlsplit(url).netloc:
            raise EndpointError(
                "the store URL holds a user name or password: give the user with --user and the password "
                "in the PLANKG_PUSH_PASSWORD environment variable instead"
            )
    base = endpoint.rstrip("/")
    for virtuoso_gsp in ("/sparql-graph-crud-auth", "/sparql-graph-crud"):
        if base.endswith(virtuoso_gsp):
            return store_url or base, query_url or f"{base[: -len(virtuoso_gsp)]}/sparql"
    for suffix in ("/store", "/query", "/sparql"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    return store_url or f"{base}/store", query_url or f"{base}/query"


def push(
    result_or_files,
    endpoint: str,
    graph_iri: str | None = None,
    store_url: str | None = None,
    query_url: str | None = None,
    on_report: Callable[[PushReport], None] | None = None,
    user: str | None = None,
    password: str | None = None,
) -> list[PushReport]:
    """Replace each named graph in the store with the local one, then check its triple count.

    ``result_or_files`` is a ``Store`` (e.g. from ``stores.source.open_source``), a
    ``BuildResult`` (each plan, the reference data and the accepted links to its
    own graph) or built graph files (TriG and N-Quads keep their graphs; Turtle,
    N-Triples and JSON-LD need ``graph_iri``). With ``graph_iri`` everything
    goes into that one graph.
    ``on_report`` hears about each graph as soon as it is checked.
    ``user`` and ``password`` answer the store's HTTP Basic or Digest
    authentication challenge, if it sends one.

    Raises ``EndpointError`` on an HTTP error, an unreachable store, or a
    count that differs (after pushing every graph, naming each mismatch).
    """
    from graph_build.rdf.terms import is_safe_iri

    if graph_iri is not None and not is_safe_iri(graph_iri):
        raise EndpointError(f"--graph must be an absolute IRI, got {graph_iri!r}")
    gsp, query = store_urls(endpoint, store_url, query_url)
    opener = _opener(user, password, (gsp, query))
    reports = []
    for iri, lines in _graphs_to_push(result_or_files, graph_iri):
        started = time.perf_counter()
        _put_graph(opener, gsp, iri, lines)
        report = PushReport(iri, len(lines), _count_in_store(opener, query, iri), time.perf_counter() - started)
        reports.append(report)
        if on_report is not None:
            on_report(report)
    wrong = [r for r in reports if not r.ok]
    if wrong:
        raise EndpointError(
            "the store does not hold what was pushed: "
            + "; ".join(f"{r.graph} has {r.in_store} triples, expected {r.pushed}" for r in wrong)
        )
    return reports


def _graphs_to_push(source, graph_iri: str | None) -> list[tuple[str, list[str]]]:
    """(graph IRI, sorted distinct N-Triples lines) pairs, in graph order: a build as built, anything else
    through its store (``stores.source``), so graph files are read as every command reads them."""
    from graph_build.pipeline.api import BuildResult
    from graph_build.rdf.ntriples import line
    from graph_build.stores.base import Store
    from graph_build.stores.source import as_store, open_source

    if isinstance(source, BuildResult):  # its triples are N-Triples lines already: sent as built
        if graph_iri is not None:
            return [(graph_iri, sorted(line(t) for t in source.selected_triples()))]
        return sorted((name, source.triples.ntriples_lines([name])) for name in source.graph_names())
    if isinstance(source, (str, Path)) or (
        isinstance(source, Iterable) and not isinstance(source, Store) and not hasattr(source, "query")
    ):
        files = [Path(p) for p in ([source] if isinstance(source, (str, Path)) else source)]
        if not files:
            raise PlanError(Problem("no graph files to push"))
        if graph_iri is None:
            check_files_name_their_graphs(files)
        store = open_source(graph_file=files)
    else:
        store = as_store(source)
    graphs: dict[str | None, set[str]] = {}
    for s, p, o, g in store.ntriples_quads():
        graphs.setdefault(graph_iri or g, set()).add(line((s, p, o)))
    if None in graphs:
        raise PlanError(Problem("some triples are in no named graph: give --graph IRI to push everything into one"))
    if not graphs:
        raise PlanError(Problem("no triples to push"))
    return [(str(iri), sorted(lines)) for iri, lines in sorted(graphs.items())]


def check_files_name_their_graphs(files: Sequence[Path]) -> None:
    """Only TriG and N-Quads name their graphs; any other file needs one graph IRI to go into."""
    from graph_build.rdf.graph_files import QUAD_FORMATS, graph_file_format

    unnamed = [f for f in files if graph_file_format(f) not in QUAD_FORMATS]
    if unnamed:
        raise PlanError(
            [Problem("this file has no named graphs: give --graph IRI to push it into one", f) for f in unnamed]
        )


def _opener(user: str | None, password: str | None, urls: Sequence[str]) -> urllib.request.OpenerDirector:
    """urllib's opener, answering a Basic or Digest challenge with these credentials on ``urls`` only.

    Nothing is sent until the server asks (a 401 with ``WWW-Authenticate``), and
    then only to a URL under one of ``urls``: a redirect elsewhere gets no password.
    """
    if user is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in urls:
        passwords.add_password(None, url, user, password or "")
    return urllib.request.build_opener(
        urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)
    )


def _put_graph(opener: urllib.request.OpenerDirector, gsp_url: str, iri: str, lines: list[str]) -> None:
    """One Graph Store Protocol PUT: the store replaces the whole graph with these N-Triples lines."""
    from graph_build.rdf.serialize import ntriples_bytes

    url = f"{gsp_url}?graph={quote(iri, safe='')}"
    request = urllib.request.Request(  # noqa: S310 - the URL was checked to be http(s)
        url, data=ntriples_bytes(lines), method="PUT", headers={"Content-Type": "application/n-triples"}
    )
    try:
        with opener.open(request, timeout=HTTP_TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise EndpointError(f"PUT {gsp_url} (graph {iri}) answered HTTP {exc.code}: {_why(exc)}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(
            f"cannot reach the store at {gsp_url}: {reason} (is it running? "
            "e.g. `oxigraph serve --location store --bind 127.0.0.1:7878`)"
        ) from None


def _why(exc: urllib.error.HTTPError) -> str:
    """The store's own message: the first line of a plain-text answer, the last text of an HTML
    page (Virtuoso puts its error there, after a title and the status), else the status's reason."""
    import html
    import re

    try:
        raw = exc.read(4000)
    except (OSError, ValueError):  # a reply already consumed (urllib's auth retries) or closed
        raw = b""
    # urllib's digest handler raises its own HTTPError whose body may already be text
    body = (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw or "")).strip()
    is_page = body.startswith("<")
    lines = [html.unescape(re.sub(r"<[^>]*>", " ", x)) if is_page else x for x in body.splitlines()]
    said = [" ".join(x.split()) for x in lines if x.strip()]
    why = (said[-1] if is_page else said[0])[:300] if said else str(exc.reason)
    return why + (" (check --user and PLANKG_PUSH_PASSWORD)" if exc.code in (401, 403) else "")


def _count_in_store(opener: urllib.request.OpenerDirector, query_url: str, iri: str) -> int:
    from rdflib import URIRef

    from graph_build.rdf.terms import sparql_term
    from graph_build.stores.remote import RemoteStore

    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {sparql_term(URIRef(iri))} {{ ?s ?p ?o }} }}"
    rows = RemoteStore(query_url, opener=opener).run(text, {}).rows
    try:
        return int(str(rows[0][0]))
    except (IndexError, TypeError, ValueError, AttributeError):
        raise EndpointError(f"{query_url} did not answer the triple count of {iri}: {rows!r}") from None


__all__ = ["PushReport", "push", "store_urls", "check_files_name_their_graphs"]
