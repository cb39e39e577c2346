"""Every file and media format plankg reads or writes, each written down once.

The build (``plankg build --format``), query output (``plankg query --format``),
the endpoint's content negotiation, reading graph files (``--graph FILE``) and
the network exports (``plankg export-network --format``) all look formats up here,
so a name, an alias, a media type or a suffix is spelt in one place.

A format has one ``kind``:

``graph``
    RDF: Turtle, N-Triples, JSON-LD, TriG, N-Quads, RDF/XML.
``results``
    SPARQL solutions and booleans (SELECT, ASK): the W3C JSON, XML, CSV and TSV
    formats, and the terminal table and Markdown meant for people.
``page``
    HTML, which the endpoint offers for both kinds of result (its page module writes it).
``network``
    The graph as a network (GraphML, GEXF, node-link JSON).

``writer`` names the function that writes a format, in the module that owns
its kind (``WRITER_MODULES``): the registry sits low in the layers, so it names
writers instead of importing them, and ``tests/test_formats.py`` checks every
name resolves. This module imports nothing heavy: ``plankg --help`` reads it.

>>> graph_format("ttl").name, graph_format("text/turtle").name, graph_format("n-triples").name
('turtle', 'turtle', 'nt')
>>> graph_format("application/n-triples").suffix
'.nt'
>>> suffix_format("plankg.TRIG").quads
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("graph", "results", "page", "network")

#: Where the function named by ``Format.writer`` lives, per kind.
WRITER_MODULES = {
    "graph": "graph_build.rdf.serialize",
    "results": "graph_build.sparql.results",
    "network": "graph_build.network.model",
}


@dataclass(frozen=True)
class Format:
    """One format: how plankg names it, how HTTP and files name it, and what reads and writes it."""

    name: str
    kind: str
    title: str
    #: Media types: the first is the one plankg sends; the others are accepted from clients.
    media_types: tuple[str, ...] = ()
    #: File suffixes: the first is the one plankg writes; the others are read too.
    suffixes: tuple[str, ...] = ()
    #: Other names users and clients give it (``ttl``, ``json-ld``, ``n-triples``).
    aliases: tuple[str, ...] = ()
    #: Whether it names graphs (TriG, N-Quads), so a file keeps one graph per plan.
    quads: bool = False
    #: The rdflib parser (and serialiser) name; ``None`` when rdflib does not read it.
    rdflib: str | None = None
    #: The ``pyoxigraph.RdfFormat`` member; ``None`` when Oxigraph does not read it.
    oxigraph: str | None = None
    #: The function writing it, in ``WRITER_MODULES[kind]``; ``None`` when plankg only reads it.
    writer: str | None = None
    #: For graphs: the function writing it from sorted N-Triples lines (what ``plankg build`` uses).
    lines_writer: str | None = None
    #: Offered as query output (``plankg query run`` / ``sparql --format``) and by the endpoint.
    #: (What ``plankg build`` writes is the graph formats with a ``lines_writer``.)
    cli: bool = True
    endpoint: bool = True
    #: Short names and media types it answers to, lower case.
    _keys: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown format kind {self.kind!r}")
        keys = {self.name, *self.aliases, *self.media_types}
        object.__setattr__(self, "_keys", frozenset(k.lower() for k in keys))

    @property
    def media_type(self) -> str | None:
        return self.media_types[0] if self.media_types else None

    @property
    def suffix(self) -> str | None:
        return self.suffixes[0] if self.suffixes else None

    def answers_to(self, value: str) -> bool:
        return value.strip().lower() in self._keys


_RDF_JSON_LD = ("application/ld+json", "application/x-json+ld", "application/json")

FORMATS: tuple[Format, ...] = (
    # -- RDF ----------------------------------------------------------------------------------
    # Order matters where a client asks for a range: ``application/*`` gets the first graph
    # format of that type (JSON-LD), ``text/*`` Turtle.
    Format(
        "turtle",
        "graph",
        "Turtle",
        ("text/turtle", "application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"),  # Turtle is valid N3
        (".ttl",),
        ("ttl", "n3"),
        rdflib="turtle",
        oxigraph="TURTLE",
        writer="to_turtle",
        lines_writer="turtle_bytes",
    ),
    Format(
        "jsonld",
        "graph",
        "JSON-LD",
        _RDF_JSON_LD,
        (".jsonld", ".json"),
        ("json-ld", "json"),
        rdflib="json-ld",
        oxigraph="JSON_LD",
        writer="to_jsonld",
        lines_writer="jsonld_bytes",
    ),
    Format(
        "nt",
        "graph",
        "N-Triples",
        ("application/n-triples", "text/plain"),
        (".nt",),
        ("ntriples", "n-triples"),
        rdflib="nt",
        oxigraph="N_TRIPLES",
        writer="to_ntriples",
        lines_writer="ntriples_bytes",
    ),
    Format(
        "rdfxml",
        "graph",
        "RDF/XML",
        ("application/rdf+xml", "application/xml", "text/xml"),
        (".rdf",),
        ("rdf-xml", "rdf+xml", "rdf", "xml"),
        rdflib="xml",
        oxigraph="RDF_XML",
        writer="to_rdfxml",
    ),
    Format(
        "trig",
        "graph",
        "TriG",
        ("application/trig",),
        (".trig",),
        (),
        quads=True,
        rdflib="trig",
        oxigraph="TRIG",
        lines_writer="trig_bytes",
        cli=False,
        endpoint=False,
    ),
    Format(
        "nq",
        "graph",
        "N-Quads",
        ("application/n-quads",),
        (".nq",),
        ("nquads", "n-quads"),
        quads=True,
        rdflib="nquads",
        oxigraph="N_QUADS",
        cli=False,
        endpoint=False,
    ),
    # -- SPARQL results -------------------------------------------------------------------------
    Format("table", "results", "aligned table", (), (), (), writer="to_table", endpoint=False),
    Format(
        "json",
        "results",
        "SPARQL results JSON",
        ("application/sparql-results+json", "application/json"),
        (".srj", ".json"),
        writer="to_json",
    ),
    Format(
        "xml",
        "results",
        "SPARQL results XML",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        (".srx", ".xml"),
        writer="to_xml",
    ),
    Format("csv", "results", "SPARQL results CSV", ("text/csv",), (".csv",), writer="to_csv"),
    Format("tsv", "results", "SPARQL results TSV", ("text/tab-separated-values",), (".tsv",), writer="to_tsv"),
    Format(
        "md",
        "results",
        "Markdown table",
        ("text/markdown",),
        (".md",),
        ("markdown",),
        writer="to_markdown",
        endpoint=False,
    ),
    # -- pages ----------------------------------------------------------------------------------
    Format("html", "page", "HTML table", ("text/html",), (".html",), cli=False),
    # -- networks ----------------------------------------------------------------------------
    Format(
        "graphml",
        "network",
        "GraphML",
        ("application/graphml+xml",),
        (".graphml",),
        writer="graphml_bytes",
        endpoint=False,
    ),
    Format(
        "gexf",
        "network",
        "GEXF 1.2, for Gephi",
        ("application/gexf+xml",),
        (".gexf",),
        writer="gexf_bytes",
        endpoint=False,
    ),
    Format(
        "json",
        "network",
        "networkx node-link JSON",
        ("application/json",),
        (".json",),
        writer="node_link_bytes",
        endpoint=False,
    ),
)


class UnknownFormat(ValueError):
    """A name, media type or suffix no format of the kind answers to; the message lists the ones that do."""


def formats(
    kind: str, *, cli: bool | None = None, endpoint: bool | None = None, quads: bool | None = None
) -> tuple[Format, ...]:
    """The formats of ``kind``, in registry order, optionally only those the CLI / endpoint offer."""
    return tuple(
        f
        for f in FORMATS
        if f.kind == kind
        and (cli is None or f.cli == cli)
        and (endpoint is None or f.endpoint == endpoint)
        and (quads is None or f.quads == quads)
    )


def names(found: Iterable[Format]) -> tuple[str, ...]:
    return tuple(f.name for f in found)


def find(kind: str, value: str, among: Iterable[Format] | None = None) -> Format | None:
    """The format of ``kind`` (or of ``among``) whose name, alias or media type is ``value``; names win."""
    candidates = tuple(among) if among is not None else formats(kind)
    key = value.strip().lower()
    for fmt in candidates:  # a format's own name before another's alias: "json" is the results JSON
        if fmt.name == key:
            return fmt
    for fmt in candidates:
        if fmt.answers_to(key):
            return fmt
    return None


def get(kind: str, value: str) -> Format:
    """Like ``find``, but an unknown value raises ``UnknownFormat`` naming the choices."""
    found = find(kind, value)
    if found is None:
        raise UnknownFormat(f"unknown {kind} format {value!r}; choose from {', '.join(names(formats(kind)))}")
    return found


def graph_format(value: str) -> Format:
    return get("graph", value)


# -- what each command offers -----------------------------------------------------------------
def build_formats() -> tuple[Format, ...]:
    """What ``plankg build`` writes: the RDF formats written from sorted N-Triples lines."""
    return tuple(f for f in formats("graph") if f.lines_writer)


def build_names() -> tuple[str, ...]:
    return names(build_formats())


def query_output_formats() -> tuple[Format, ...]:
    """What ``plankg query run`` / ``plankg sparql`` print: results formats, then RDF for graphs."""
    return formats("results", cli=True) + formats("graph", cli=True)


def query_output_names() -> tuple[str, ...]:
    return names(query_output_formats())


def network_names() -> tuple[str, ...]:
    return names(formats("network"))


def described(found: Iterable[Format]) -> str:
    """``graphml (GraphML), gexf (GEXF 1.2, for Gephi)``: for help texts."""
    return ", ".join(f"{f.name} ({f.title})" for f in found)


def endpoint_formats(kind: str) -> tuple[Format, ...]:
    """What the endpoint answers a ``kind`` ("results" or "graph") result in: its formats, then HTML."""
    return formats(kind, endpoint=True) + formats("page", endpoint=True)


# -- files -------------------------------------------------------------------------------
def graph_file_formats() -> tuple[Format, ...]:
    """The RDF formats a graph file may be in (rdflib reads them all)."""
    return tuple(f for f in formats("graph") if f.rdflib and f.suffixes)


def graph_file_suffixes() -> tuple[str, ...]:
    return tuple(s for f in graph_file_formats() for s in f.suffixes)


def suffix_format(path: Path | str, kind: str = "graph") -> Format | None:
    """The format a file's suffix says (case-insensitive), or ``None``."""
    suffix = Path(path).suffix.lower()
    for fmt in formats(kind):
        if suffix in fmt.suffixes:
            return fmt
    return None


def suffix_list(suffixes: Iterable[str]) -> str:
    """``.ttl, .nt, .jsonld``: for help texts and error messages."""
    return ", ".join(suffixes)


__all__ = [
    "FORMATS",
    "KINDS",
    "WRITER_MODULES",
    "Format",
    "UnknownFormat",
    "build_formats",
    "build_names",
    "endpoint_formats",
    "find",
    "formats",
    "get",
    "graph_file_formats",
    "graph_file_suffixes",
    "graph_format",
    "described",
    "names",
    "network_names",
    "query_output_formats",
    "query_output_names",
    "suffix_format",
    "suffix_list",
]
