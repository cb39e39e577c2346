"""What a query worker does with one job: parse, evaluate, apply the row limit, serialise.

Runs inside a worker process of ``endpoint_pool``, never in the server
itself, so the server can kill it when it runs too long. Every failure
becomes a ``Reply`` with the HTTP status the SPARQL 1.1 Protocol asks for:
400 for a malformed query or a bad parameter (with the parser's message),
404 for an unknown named query, 406 when no offered format is acceptable,
500 when evaluation itself fails.
"""

from __future__ import annotations

import sys
from itertools import islice

from rdflib import Dataset

from graph_build.endpoint.formats import NotAcceptable, media_type, negotiate, result_bytes
from graph_build.endpoint.pool import Job, Reply
from graph_build.core.errors import QueryError


class Refused(Exception):
    """A request this worker will not answer, with its HTTP status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class OutgoingRequestRefused(PermissionError):
    """Raised by the audit hook: a query tried to fetch something from the network."""


def load_nquads(nquads: bytes) -> Dataset:
    """The served dataset: named graphs kept, the default graph is their union."""
    import rdflib.plugins.sparql as sparql

    # `FROM <url>` would make rdflib download that URL: an endpoint must not fetch for its clients.
    sparql.SPARQL_LOAD_GRAPHS = False
    dataset = Dataset(default_union=True)
    dataset.parse(data=nquads, format="nquads")
    return dataset


def no_outgoing_requests() -> None:
    """Stop this process from opening network connections (``SERVICE <url>`` in rdflib).

    An audit hook cannot be removed, which is the point: a worker only ever
    talks to its parent through an already-connected pipe.
    """

    def hook(event: str, args) -> None:
        if event in ("urllib.Request", "socket.connect", "socket.getaddrinfo"):
            raise OutgoingRequestRefused(
                "this endpoint makes no outgoing requests: SERVICE and remote FROM/LOAD are not supported")

    sys.addaudithook(hook)


def perform(dataset: Dataset, job: Job, max_rows: int) -> Reply:
    """Answer one job; never raises."""
    try:
        result = _named(dataset, job) if job.name is not None else _adhoc(dataset, job.query or "", max_rows)
        return _render(result, job, max_rows)
    except Refused as exc:
        return Reply.error(exc.status, str(exc))
    except NotAcceptable as exc:
        return Reply.error(406, str(exc))
    except OutgoingRequestRefused as exc:
        return Reply.error(400, str(exc))
    except Exception as exc:  # evaluation failed inside rdflib: the client should see why
        return Reply.error(500, f"query evaluation failed: {type(exc).__name__}: {exc}")


def _adhoc(dataset: Dataset, text: str, max_rows: int):
    """An ad-hoc query, parsed by ``queries.prepare`` (no implicit prefixes, updates refused)."""
    from graph_build.sparql.library import QueryResult, prepare

    try:
        prepared = prepare(text)
    except QueryError as exc:
        raise Refused(400, str(exc)) from None
    result = dataset.query(prepared)
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(result.type, graph=result.graph)
    # rdflib yields SELECT rows lazily: stop one past the limit instead of computing them all.
    rows = [tuple(row) for row in islice(result, max_rows + 1)]
    return QueryResult("SELECT", [str(v) for v in result.vars], rows)


def _named(dataset: Dataset, job: Job):
    """A named query with its parameters bound as RDF terms by ``queries.run_query``."""
    from graph_build.sparql import library as queries

    try:
        queries.get_query(job.name)
    except QueryError as exc:
        raise Refused(404, str(exc)) from None
    params: dict[str, str] = {}
    for key, value in job.params:
        if key in params:
            raise Refused(400, f"parameter {key!r} is given twice")
        params[key] = value
    try:
        return queries.run_query(job.name, params, graph=dataset)
    except QueryError as exc:  # names the parameter and what it accepts
        raise Refused(400, str(exc)) from None


def _render(result, job: Job, max_rows: int) -> Reply:
    """A ``queries.QueryResult`` as bytes in the negotiated format, refusing results over ``max_rows``."""
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        name = negotiate("graph", job.accept, job.formats)
        if len(result.graph) > max_rows:
            raise Refused(400, _too_many(f"more than {max_rows} triples", max_rows))
    else:
        name = negotiate("results", job.accept, job.formats)
        if len(result.rows) > max_rows:
            raise Refused(400, _too_many(f"more than {max_rows} rows", max_rows))
    return Reply(200, media_type(name), result_bytes(name, result))


def _too_many(what: str, max_rows: int) -> str:
    return (f"result too large: {what}, the limit of this endpoint (--max-rows {max_rows}); "
            f"add LIMIT {max_rows} or narrow the query")


def main() -> int:
    """Worker process entry (``python -m graph_build.endpoint.worker``), started by ``endpoint_pool``.

    Reads the graph and the row limit from stdin, answers "ready", then one
    reply per job until stdin closes (the server stopped or died).
    """
    import os

    from graph_build.endpoint.pool import receive_message, send_message

    jobs = os.fdopen(os.dup(0), "rb", buffering=0)
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must never corrupt the reply stream
    sys.stdout = sys.stderr
    nquads, max_rows = receive_message(jobs)
    try:
        no_outgoing_requests()
        dataset = load_nquads(nquads)
    except Exception as exc:  # reported to the server, which names it and stops
        send_message(replies, f"{type(exc).__name__}: {exc}")
        return 1
    send_message(replies, "ready")
    while True:
        try:
            job = receive_message(jobs)
        except EOFError:
            return 0
        send_message(replies, perform(dataset, job, max_rows))


if __name__ == "__main__":
    sys.exit(main())
