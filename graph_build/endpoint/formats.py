"""Content negotiation and result bytes for the endpoint (SPARQL 1.1 Protocol §2.1.5).

SELECT and ASK answer in SPARQL results JSON, XML, CSV or TSV; CONSTRUCT
and DESCRIBE in Turtle, JSON-LD, N-Triples or RDF/XML; both also as an HTML
table for the browser page. The client chooses with the ``Accept`` header
or, winning over it, a ``format`` parameter (a short name such as ``json``
or a media type, the values SPARQLWrapper and browsers' forms send).
Names, aliases and media types come from the one format registry,
``graph_build.rdf.formats``.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph_build.rdf import formats as F


def _sent(fmt: F.Format) -> str:
    """The media type an endpoint format is sent as (every endpoint format has one)."""
    media = fmt.media_type
    assert media is not None, f"endpoint format {fmt.name!r} has no media type"
    return media


#: Short name → media type sent, for solutions (SELECT) and booleans (ASK); from the format registry.
RESULT_FORMATS = {f.name: _sent(f) for f in F.endpoint_formats("results")}
#: Short name → media type sent, for graphs (CONSTRUCT, DESCRIBE).
GRAPH_FORMATS = {f.name: _sent(f) for f in F.endpoint_formats("graph")}


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
    'nt'
    >>> negotiate("graph", None, ["json-ld"])
    'jsonld'
    >>> negotiate("results", "*/*", ["tsv", "text/tab-separated-values"])
    'tsv'
    """
    offered = F.endpoint_formats("results" if kind == "results" else "graph")
    table = {f.name: _sent(f) for f in offered}
    wanted = [value.strip().lower() for given in formats for value in given.split(",") if value.strip()]
    if wanted:
        for value in wanted:
            found = F.find(kind, value, offered)
            if found is not None:
                return found.name
        raise NotAcceptable(
            f"format {', '.join(formats)!s} is not offered for {_what(kind)}; "
            f"choose one of {', '.join(table)} (or its media type)"
        )
    default = offered[0].name  # what */* or no Accept header gets: results JSON, Turtle
    if not accept or not accept.strip():
        return default
    for media_range in _ranges(accept):
        if media_range == "*/*":
            return default
        if media_range.endswith("/*"):  # the first format sent with that type; a page only when named
            major = media_range[:-1]
            for fmt in offered:
                if fmt.kind != "page" and str(fmt.media_type).startswith(major):
                    return fmt.name
            continue
        found = F.find(kind, media_range, offered)
        if found is not None:
            return found.name
    raise NotAcceptable(
        f"none of the accepted media types ({accept}) is offered for {_what(kind)}; "
        f"this endpoint offers {', '.join(table.values())}"
    )


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
    media = RESULT_FORMATS.get(name) or GRAPH_FORMATS[name]  # a name negotiate gave: KeyError is a bug
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


# -- bytes ---------------------------------------------------------------------------


def result_bytes(name: str, result) -> bytes:
    """A ``queries.QueryResult`` in format ``name`` (one ``negotiate`` gave).

    Rows and booleans are written by ``graph_build.sparql.results`` (the W3C
    formats the CLI writes too), graphs by ``graph_build.rdf.serialize``
    (sorted N-Triples, flat JSON-LD), each as the registry names; HTML by the
    endpoint's page.
    """
    from graph_build.endpoint import pages as endpoint_page

    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        if name == "html":
            return endpoint_page.graph_table(result.graph)
        from graph_build.rdf.serialize import write_graph

        return write_graph(result.graph, name)
    if name == "html":
        if result.kind == "ASK":
            return endpoint_page.boolean_page(bool(result.boolean))
        return endpoint_page.results_table(result.vars, result.rows)
    from graph_build.sparql.results import format_result

    return format_result(result, name).encode("utf-8")
