"""What a query worker does with one job: guard, evaluate on Oxigraph, bound, serialise.

Runs inside a worker process of ``pool``, never in the server itself, so the
server can kill it when it runs too long or dies of a memory limit. Every
failure becomes a ``Reply`` with the HTTP status the SPARQL 1.1 Protocol asks
for: 400 for a malformed or refused query, a bad parameter or an answer over a
limit (each message says which), 404 for an unknown named query, 406 when no
offered format is acceptable, 503 when the query ran out of memory.

Queries are answered by pyoxigraph from end to end: results are streamed as
SPARQL TSV into a writer that stops the evaluation one row past ``max_rows``
or one byte past ``max_answer_bytes``, and that TSV (lossless: every term in
N-Triples syntax) is re-serialised by pyoxigraph into JSON, XML or CSV.
Named queries have their parameters checked and bound as terms by
``graph_build.sparql.library.bind_parameters``, as ``plankg query run`` does,
then take the same path.
"""

from __future__ import annotations

import sys
from itertools import islice
from typing import IO, cast

from graph_build.core.errors import QueryError
from graph_build.endpoint.formats import NotAcceptable, media_type, negotiate
from graph_build.endpoint.pool import Job, Limits, Reply, memory_message

_KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class Refused(Exception):
    """A request this worker will not answer, with its HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class OutgoingRequestRefused(PermissionError):
    """Raised by the audit hook: a query tried to fetch something from the network."""


class _TooLarge(Exception):
    """Raised by ``_BoundedOutput`` to stop a serialiser (and the lazy evaluation feeding it)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


class _BoundedOutput:
    """A binary file for pyoxigraph's serialisers that refuses more than ``max_bytes`` (and ``max_lines``)."""

    def __init__(self, max_bytes: int, max_lines: int | None = None):
        self.max_bytes, self.max_lines = max_bytes, max_lines
        self.parts: list[bytes] = []
        self.size = self.lines = 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise _TooLarge("bytes")
        if self.max_lines is not None:
            self.lines += bytes(data).count(b"\n")
            if self.lines > self.max_lines:
                raise _TooLarge("rows")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


# -- isolation ------------------------------------------------------------------------------------


def isolate_network() -> bool:
    """Move this process into its own empty network namespace, where no address is reachable.

    Oxigraph evaluates ``SERVICE`` with its own HTTP client, which Python's
    audit hooks do not see; in a network namespace of its own (unprivileged,
    through a user namespace) the worker cannot open a connection at all.
    False where the kernel does not allow it (then the query guard and the
    audit hook are what stand). Must run before any thread starts.
    """
    import ctypes

    if not sys.platform.startswith("linux"):
        return False
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(clone_newuser | clone_newnet) == 0
    except (OSError, AttributeError):
        return False


def no_outgoing_requests() -> None:
    """Stop this process from opening network connections from Python.

    An audit hook cannot be removed, which is the point: a worker only ever
    talks to its parent through an already-connected pipe.
    """

    def hook(event: str, args) -> None:
        if event in ("urllib.Request", "socket.connect", "socket.getaddrinfo"):
            raise OutgoingRequestRefused(
                "this endpoint makes no outgoing requests: SERVICE and remote FROM/LOAD are not supported"
            )

    sys.addaudithook(hook)


def limit_memory(max_memory_mib: int) -> None:
    """Cap this process's address space at what it uses now plus ``max_memory_mib``."""
    import resource

    with open("/proc/self/status", encoding="ascii") as status:
        used_kib = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    cap = used_kib * 1024 + max_memory_mib * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


# -- the dataset ------------------------------------------------------------------------------------


def load(source: tuple[str, object]):
    """The served dataset as a pyoxigraph Store in memory (from N-Quads, or copied from a store folder),
    or a store folder itself, opened read-only."""
    import pyoxigraph as ox

    kind, value = source
    if kind == "store-on-disk":
        return ox.Store.read_only(str(value))
    if kind == "store":  # a copy in memory: large answers are 4-11x faster than from RocksDB
        value = ox.Store.read_only(str(value)).dump(format=ox.RdfFormat.N_QUADS)
    assert isinstance(value, (bytes, str)), "an N-Quads source is sent as its text"
    store = ox.Store()
    store.load(value, format=ox.RdfFormat.N_QUADS)
    return store


class Worker:
    """One worker's dataset and limits, answering jobs."""

    def __init__(self, store, limits: Limits):
        from graph_build.stores.oxigraph_store import OxigraphStore

        self.store = store
        self._graph_names: set[str] | None = None  # the store's graph IRIs, read on first use
        self.named_query_store = OxigraphStore(store)  # the Store interface `run_query` speaks
        self.limits = limits
        self._description: dict[str, bytes] = {}

    def perform(self, job: Job) -> Reply:
        """Answer one job; never raises."""
        try:
            if job.describe_service:
                return self._service_description(job)
            if job.deref is not None:
                return self._deref(job.deref, job.deref_page)
            if job.void:
                return self._void(job)
            if job.name is not None:
                return self._named(job)
            return self._adhoc(job)
        except Refused as exc:
            return Reply.error(exc.status, str(exc))
        except NotAcceptable as exc:
            return Reply.error(406, str(exc))
        except OutgoingRequestRefused as exc:
            return Reply.error(400, str(exc))
        except MemoryError:
            return Reply.error(503, memory_message(self.limits.max_memory_mib))
        except Exception as exc:  # evaluation failed inside the engine: the client should see why
            return Reply.error(500, f"query evaluation failed: {type(exc).__name__}: {exc}")

    # -- ad-hoc queries -------------------------------------------------------------------------

    def _adhoc(self, job: Job) -> Reply:
        from graph_build.stores.query import prepare

        text = job.query or ""
        try:
            prepared = prepare(text)  # the one guard: syntax, updates, what the endpoint refuses
        except QueryError as exc:
            raise Refused(400, str(exc)) from None
        kind = _KINDS[prepared.algebra.name]
        # Negotiate before evaluating: a 406 costs nothing.
        name = negotiate("graph" if kind in ("CONSTRUCT", "DESCRIBE") else "results", job.accept, job.formats)
        try:
            result = self.store.query(text, **self._dataset(job, prepared))
            # Evaluation is lazy: it runs while the answer is serialised, so errors surface there too.
            if kind == "ASK":
                return self._boolean(result, name)
            if kind == "SELECT":
                return self._solutions(result, name)
            return self._triples(result, name)
        except SyntaxError as exc:
            raise Refused(400, f"query: the query cannot be used: {exc}") from None
        except OSError as exc:  # SERVICE: no address is reachable from a worker
            raise Refused(
                400, f"this endpoint makes no outgoing requests: SERVICE and remote FROM/LOAD are not supported ({exc})"
            ) from None

    def _dataset(self, job: Job, prepared) -> dict:
        """The query's RDF dataset: the protocol's graph IRIs, else the query's FROM, else the union of all graphs.

        A graph the store does not hold is refused (400), as every other store does: an empty
        answer would read as "no such data" when the graph was misspelt.
        """
        import pyoxigraph as ox

        from graph_build.stores.query import query_dataset

        if self._graph_names is None:
            self._graph_names = {node.value for node in self.store.named_graphs()}
        try:
            origin = "default-graph-uri / named-graph-uri" if job.default_graphs or job.named_graphs else "query"
            dataset = query_dataset(prepared, job.default_graphs, job.named_graphs, self._graph_names, origin)
        except QueryError as exc:
            raise Refused(400, str(exc)) from None
        if dataset is None:
            return {"use_default_graph_as_union": True}
        # SPARQL 1.1 Protocol §2.1.4: the request's graphs replace FROM / FROM NAMED; ``query_dataset``
        # did that. Oxigraph is given the dataset explicitly: under a union default graph it ignores FROM.
        return {
            "default_graph": [ox.NamedNode(iri) for iri in dataset.default],
            "named_graphs": [ox.NamedNode(iri) for iri in dataset.named],
        }

    def _boolean(self, result, name: str) -> Reply:
        from graph_build.endpoint import pages

        value = bool(result)
        if name == "html":
            body = pages.boolean_page(value)
        elif name in ("csv", "tsv"):  # CSV and TSV define no boolean form: the bare word, as Oxigraph and Jena write
            body = b"true\n" if value else b"false\n"
        else:
            body = result.serialize(format=_RESULTS_FORMAT[name]())
        return Reply(200, media_type(name), body)

    def _solutions(self, solutions, name: str) -> Reply:
        import pyoxigraph as ox

        limits = self.limits
        if name != "html":
            # Written once, straight into the format asked for, bounded in bytes. Every row takes at
            # least _MIN_ROW_BYTES[name] bytes, so a short answer cannot hold too many rows; only a
            # longer one is read back to count them (a third of the work of a TSV round trip).
            out = _BoundedOutput(limits.max_answer_bytes, max_lines=limits.max_rows + 1 if name == "tsv" else None)
            try:
                # pyoxigraph writes to any object with write(); its stubs ask for IO[bytes]
                solutions.serialize(cast(IO[bytes], out), format=_RESULTS_FORMAT[name]())
            except _TooLarge as exc:
                raise Refused(400, self._too_large(exc.what, "rows")) from None
            body = out.getvalue()
            if name != "tsv" and len(body) > _MIN_ROW_BYTES[name] * limits.max_rows:
                if _row_count(body, name) > limits.max_rows:
                    raise Refused(400, self._too_large("rows", "rows"))
            return Reply(200, media_type(name), body)
        tsv = _BoundedOutput(limits.max_answer_bytes, max_lines=limits.max_rows + 1)  # + the header line
        try:
            solutions.serialize(tsv, format=ox.QueryResultsFormat.TSV)
        except _TooLarge as exc:
            raise Refused(400, self._too_large(exc.what, "rows")) from None
        parsed = ox.parse_query_results(tsv.getvalue(), format=ox.QueryResultsFormat.TSV)
        assert isinstance(parsed, ox.QuerySolutions)  # TSV holds solutions only, never a boolean
        from graph_build.endpoint import pages
        from graph_build.rdf.terms import from_oxigraph as to_rdflib

        variables = [v.value for v in parsed.variables]
        rows = [tuple(to_rdflib(solution[i]) for i in range(len(variables))) for solution in parsed]
        return self._bounded(Reply(200, media_type(name), pages.results_table(variables, rows)))

    def _triples(self, triples, name: str) -> Reply:
        limit = self.limits.max_rows
        kept = list(islice(triples, limit + 1))
        if len(kept) > limit:
            raise Refused(400, self._too_large("rows", "triples"))
        return self._bounded(Reply(200, media_type(name), graph_bytes(kept, name)))

    # -- named queries --------------------------------------------------------------------------

    def _named(self, job: Job) -> Reply:
        """A named query: parameters checked and bound as terms by the library, then the same path as ad-hoc."""
        from graph_build.sparql import library
        from graph_build.stores.query import prepare

        assert job.name is not None  # perform sends only named jobs here
        try:
            query = library.get_query(job.name)
        except QueryError as exc:
            raise Refused(404, str(exc)) from None
        params: dict[str, str] = {}
        for key, value in job.params:
            if key in params:
                raise Refused(400, f"parameter {key!r} is given twice")
            params[key] = value
        try:
            bindings = library.bind_parameters(query, params, self.named_query_store)
        except QueryError as exc:  # names the parameter and what it accepts
            raise Refused(400, str(exc)) from None
        kind = _KINDS[prepare(query.text, str(query.path)).algebra.name]
        name = negotiate("graph" if kind in ("CONSTRUCT", "DESCRIBE") else "results", job.accept, job.formats)
        result = self._bound(query.text, bindings)
        if kind == "ASK":
            return self._boolean(result, name)
        if kind == "SELECT":
            return self._solutions(result, name)
        return self._triples(result, name)

    def _bound(self, text: str, bindings: dict):
        """Evaluate a named query with its parameters written from checked terms, as the Oxigraph store does:
        literals as constants, IRIs in a VALUES block; all in VALUES where a constant cannot stand."""
        from graph_build.stores.query import with_literal_constants, with_values_block

        if not bindings:
            return self.store.query(text, use_default_graph_as_union=True)
        query, rest = with_literal_constants(text, bindings)
        try:
            return self.store.query(with_values_block(query, rest) if rest else query, use_default_graph_as_union=True)
        except SyntaxError:
            return self.store.query(with_values_block(text, bindings), use_default_graph_as_union=True)

    # -- dereferenced IRIs (endpoint.deref) -----------------------------------------------------

    def _deref(self, iri: str, page: bool) -> Reply:
        """The triples of one IRI's description (or of its page), as N-Triples; the IRI bound as a term."""
        from rdflib import URIRef

        from graph_build.endpoint.deref import DESCRIBE_QUERY, PAGE_QUERY
        from graph_build.rdf.terms import is_safe_iri
        from graph_build.stores.query import with_literal_constants

        if not is_safe_iri(iri):
            raise Refused(404, f"not an IRI of this dataset: {iri}")
        # written as a constant from the checked term: in a VALUES block, Oxigraph would evaluate every
        # UNION branch over the whole graph before joining (170 ms instead of a few at 10^5 triples)
        query, _ = with_literal_constants(
            PAGE_QUERY if page else DESCRIBE_QUERY, {"entity": URIRef(iri)}, include_iris=True
        )
        result = self.store.query(query, use_default_graph_as_union=True)
        return self._triples(result, "nt")

    def _void(self, job: Job) -> Reply:
        from graph_build.endpoint.deref import void_description

        graphs = list(self.store.named_graphs())
        example = next(
            iter(
                self.store.query(
                    "SELECT ?plan WHERE { ?plan a <https://w3id.org/plankg/def#ProvincialPlan> } "
                    "ORDER BY ?plan LIMIT 1",
                    use_default_graph_as_union=True,
                )
            ),
            None,
        )
        text = void_description(
            job.endpoint_url, len(self.store), len(graphs), None if example is None else example[0].value
        )
        return Reply(200, "text/turtle; charset=utf-8", text.encode("utf-8"))

    # -- the service description ----------------------------------------------------------------

    def _service_description(self, job: Job) -> Reply:
        from graph_build.endpoint.description import service_description

        name = negotiate("graph", job.accept, job.formats)
        key = f"{name} {job.endpoint_url}"
        if key not in self._description:
            self._description[key] = graph_bytes(service_description(self.store, job.endpoint_url), name, sort=False)
        return Reply(200, media_type(name), self._description[key])

    # -- limits -----------------------------------------------------------------------------------

    def _bounded(self, reply: Reply) -> Reply:
        if len(reply.body) > self.limits.max_answer_bytes:
            raise Refused(400, self._too_large("bytes", ""))
        return reply

    def _too_large(self, what: str, unit: str) -> str:
        limits = self.limits
        if what == "bytes":
            return (
                f"result too large: the answer is bigger than {limits.max_answer_bytes} bytes, the limit of "
                f"this endpoint (--max-answer-bytes); select fewer or shorter values, or add a LIMIT"
            )
        return (
            f"result too large: more than {limits.max_rows} {unit}, the limit of this endpoint "
            f"(--max-rows {limits.max_rows}); add LIMIT {limits.max_rows} or narrow the query"
        )


def _results_format(attribute: str):
    def get():
        import pyoxigraph as ox

        return getattr(ox.QueryResultsFormat, attribute)

    return get


#: The fewest bytes one solution takes in each results format: ``{}`` and a comma in JSON, an
#: empty ``<result/>`` in XML, the line end in CSV (TSV is counted by lines as it is written).
_MIN_ROW_BYTES = {"json": 3, "xml": 9, "csv": 2}


def _row_count(body: bytes, name: str) -> int:
    """The solutions in a results document this worker wrote (JSON, XML or CSV)."""
    if name == "csv":  # pyoxigraph does not read CSV back (it is lossy); a value may hold a quoted line break
        import csv
        import io

        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1
    import pyoxigraph as ox

    solutions = ox.parse_query_results(body, format=_RESULTS_FORMAT[name]())
    assert isinstance(solutions, ox.QuerySolutions)  # written from solutions by the caller
    return sum(1 for _ in solutions)


#: Short format name (``formats``) → pyoxigraph's results format.
_RESULTS_FORMAT = {
    "json": _results_format("JSON"),
    "xml": _results_format("XML"),
    "csv": _results_format("CSV"),
    "tsv": _results_format("TSV"),
}


def graph_bytes(triples, name: str, sort: bool = True) -> bytes:
    """pyoxigraph triples in format ``name``, sorted (same data, same bytes), with plankg's prefixes in Turtle."""
    import pyoxigraph as ox

    triples = sorted(triples, key=str) if sort else list(triples)
    if name == "html":
        from rdflib import Graph

        from graph_build.endpoint import pages
        from graph_build.rdf.terms import from_oxigraph as to_rdflib

        graph = Graph()
        for t in triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return pages.graph_table(graph)
    from graph_build.rdf import formats

    found = formats.find("graph", name)
    if found is None or found.oxigraph is None:
        raise ValueError(f"no pyoxigraph writer for the graph format {name!r}")
    rdf_format = getattr(ox.RdfFormat, found.oxigraph)
    if found.oxigraph in ("TURTLE", "RDF_XML"):  # the formats that can hold prefixes
        from graph_build.sparql.results import DISPLAY_PREFIXES

        data = ox.serialize(triples, format=rdf_format, prefixes=DISPLAY_PREFIXES)
    else:
        data = ox.serialize(triples, format=rdf_format)
    assert data is not None  # no output given: serialize returns the bytes
    return data


def main() -> int:
    """Worker process entry (``python -m graph_build.endpoint.worker``), started by ``pool``.

    Reads the dataset and the limits from stdin, answers "ready", then one
    reply per job until stdin closes (the server stopped or died).
    """
    import os

    from graph_build.endpoint.pool import read_message, receive_message, send_message

    isolate_network()  # first: it needs a single-threaded process
    jobs = os.fdopen(os.dup(0), "rb", buffering=0)
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must never corrupt the reply stream
    sys.stdout = sys.stderr
    source, limits = receive_message(jobs)
    try:
        no_outgoing_requests()
        worker = Worker(load(source), limits)
        del source
        worker.perform(Job(query="ASK { ?s ?p ?o }"))  # imports and caches warm, outside the memory budget
        limit_memory(limits.max_memory_mib)
    except Exception as exc:  # reported to the server, which names it and stops
        send_message(replies, f"{type(exc).__name__}: {exc}")
        return 1
    send_message(replies, "ready")
    while True:
        try:
            job = read_message(jobs.fileno())
        except EOFError:
            return 0
        send_message(replies, worker.perform(job))


if __name__ == "__main__":
    sys.exit(main())
