"""Content negotiation and result bytes for the endpoint (SPARQL 1.1 Protocol §2.1.5).

SELECT and ASK answer in SPARQL results JSON, XML, CSV or TSV; CONSTRUCT
and DESCRIBE in Turtle, JSON-LD, N-Triples or RDF/XML; both also as an HTML
table for the browser page. The client chooses with the ``Accept`` header
or, winning over it, a ``format`` parameter (a short name such as ``json``
or a media type, the values SPARQLWrapper and browsers' forms send).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

#: Short name → media type, for solutions (SELECT) and booleans (ASK).
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
}
#: Short name → media type, for graphs (CONSTRUCT, DESCRIBE).
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "json-ld": "application/ld+json",
    "n-triples": "application/n-triples",
    "rdf-xml": "application/rdf+xml",
    "html": "text/html",
}
#: Other media types and short names clients send, per kind of result.
_RESULT_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
_GRAPH_ALIASES = {
    "application/turtle": "turtle", "application/x-turtle": "turtle", "ttl": "turtle",
    "text/n3": "turtle", "text/rdf+n3": "turtle", "n3": "turtle",  # Turtle is valid N3
    "application/x-json+ld": "json-ld", "application/json": "json-ld", "jsonld": "json-ld", "json": "json-ld",
    "text/plain": "n-triples", "nt": "n-triples", "ntriples": "n-triples",
    "application/xml": "rdf-xml", "text/xml": "rdf-xml", "xml": "rdf-xml", "rdf": "rdf-xml", "rdf+xml": "rdf-xml",
}
#: What ``*/*`` or no Accept header gets.
_DEFAULT = {"results": "json", "graph": "turtle"}


class NotAcceptable(Exception):
    """No format both sides support: HTTP 406, naming the formats on offer."""


def negotiate(kind: str, accept: str | None, formats: Sequence[str] = ()) -> str:
    """Short name of the format to answer a ``kind`` ("results" or "graph") result in.

    ``formats`` are the values of the ``format`` parameter: the first one
    offered wins. SPARQLWrapper repeats it, once as a short name and once as
    a comma-separated list of media types, so both shapes are understood.

    >>> negotiate("results", "text/csv;q=0.5, application/sparql-results+xml")
    'xml'
    >>> negotiate("graph", "*/*")
    'turtle'
    >>> negotiate("graph", None, ["application/n-triples"])
    'n-triples'
    >>> negotiate("results", "*/*", ["tsv", "text/tab-separated-values"])
    'tsv'
    """
    table, aliases = (RESULT_FORMATS, _RESULT_ALIASES) if kind == "results" else (GRAPH_FORMATS, _GRAPH_ALIASES)
    wanted = [value.strip().lower() for given in formats for value in given.split(",") if value.strip()]
    if wanted:
        for value in wanted:
            name = _lookup(value, table, aliases)
            if name is not None:
                return name
        raise NotAcceptable(f"format {', '.join(formats)!s} is not offered for {_what(kind)}; "
                            f"choose one of {', '.join(table)} (or its media type)")
    if not accept or not accept.strip():
        return _DEFAULT[kind]
    for media_range in _ranges(accept):
        if media_range == "*/*":
            return _DEFAULT[kind]
        if media_range.endswith("/*"):
            major = media_range[:-1]
            for name, media_type in table.items():
                if media_type.startswith(major) and name != "html":
                    return name
            continue
        name = _lookup(media_range, table, aliases)
        if name is not None:
            return name
    raise NotAcceptable(f"none of the accepted media types ({accept}) is offered for {_what(kind)}; "
                        f"this endpoint offers {', '.join(table.values())}")


def _lookup(value: str, table: dict[str, str], aliases: dict[str, str]) -> str | None:
    if value in table:
        return value
    for name, media_type in table.items():
        if value == media_type:
            return name
    return aliases.get(value)


def _ranges(accept: str) -> list[str]:
    """Media ranges of an Accept header, best first (by q, then by order given); q=0 dropped."""
    weighted = []
    for position, part in enumerate(accept.split(",")):
        media_range, *params = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_range and quality > 0:
            weighted.append((-quality, position, media_range.lower()))
    return [media_range for _, _, media_range in sorted(weighted)]


def _what(kind: str) -> str:
    return "SELECT/ASK results" if kind == "results" else "CONSTRUCT/DESCRIBE graphs"


def media_type(name: str) -> str:
    """The Content-Type header for a short format name (text types declare UTF-8)."""
    media = RESULT_FORMATS.get(name) or GRAPH_FORMATS[name]
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


# -- bytes ---------------------------------------------------------------------------


def result_bytes(name: str, result) -> bytes:
    """A ``queries.QueryResult`` in format ``name``.

    JSON, CSV and TSV come from ``graph_build.sparql.results`` (the W3C formats the
    CLI writes too), XML from rdflib's serialiser, graphs from
    ``graph_build.rdf.serialize`` (sorted N-Triples, flat JSON-LD).
    """
    from graph_build.endpoint import pages as endpoint_page
    from graph_build.sparql import results

    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        return _graph_bytes(name, result.graph)
    if name == "html":
        if result.kind == "ASK":
            return endpoint_page.boolean_page(bool(result.boolean))
        return endpoint_page.results_table(result.vars, result.rows)
    if name == "json":
        return results.to_json(result).encode("utf-8")
    if name == "xml":
        return _xml(result)
    if result.kind == "ASK":  # CSV and TSV define no boolean form: the bare word, as Oxigraph and Jena write
        return b"true\n" if result.boolean else b"false\n"
    return (results.to_csv(result) if name == "csv" else results.to_tsv(result)).encode("utf-8")


def _graph_bytes(name: str, graph: Graph) -> bytes:
    from graph_build.endpoint import pages as endpoint_page
    from graph_build.rdf import serialize

    if name == "html":
        return endpoint_page.graph_table(graph)
    if name == "turtle":
        return serialize.to_turtle(graph)
    if name == "n-triples":
        return serialize.to_ntriples(graph)
    if name == "json-ld":
        return serialize.to_jsonld(graph)
    return graph.serialize(format="xml", encoding="utf-8")


def _xml(result) -> bytes:
    """SPARQL Query Results XML, written by rdflib's serialiser."""
    from rdflib import Variable
    from rdflib.query import Result

    out = Result(result.kind)
    if result.kind == "ASK":
        out.askAnswer = bool(result.boolean)
    else:
        out.vars = [Variable(v) for v in result.vars]
        out.bindings = [{Variable(v): t for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return out.serialize(format="xml", encoding="utf-8")
