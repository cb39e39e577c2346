"""Graphs → bytes, the same bytes for the same input, at pyoxigraph's speed.

Every writer starts from sorted, distinct N-Triples lines (``ntriples``):
the N-Triples file is those lines; Turtle and TriG are pyoxigraph's writers
fed the parsed lines in that order (so subjects come sorted and each
subject's triples are grouped); JSON-LD is a flat document written here from
the same lines. Sorting is what makes the bytes reproducible: rdflib's and
Oxigraph's stores iterate in an order that changes between processes.

Blank nodes (the ontology has none; a CONSTRUCT result may) are first given
canonical labels (rdflib's RGDA1), since their ids change with every parse.

The ``to_*`` functions take rdflib graphs (query results, links, the
endpoint); the build writes through ``ntriples_bytes``, ``turtle_bytes``,
``trig_bytes`` and ``jsonld_bytes`` without making rdflib terms at all.
Which function writes which format is said once, in ``graph_build.rdf.formats``
(``writer`` and ``lines_writer``); ``write_graph`` looks it up there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, URIRef

from graph_build.rdf.ntriples import line as nt_line
from graph_build.rdf.ntriples import literal_parts

Prefixes = Mapping[str, str]


# -- from sorted N-Triples lines -----------------------------------------------------------------
def ntriples_bytes(lines: list[str], prefixes: Prefixes | None = None) -> bytes:  # noqa: ARG001 - no prefixes in N-Triples
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def turtle_bytes(lines: list[str], prefixes: Prefixes) -> bytes:
    import pyoxigraph as ox

    data = ntriples_bytes(lines)
    prefixes = _used(prefixes, data)
    if not lines:
        return _prefix_header(prefixes)
    return _bytes(ox.serialize(_parse(data), format=ox.RdfFormat.TURTLE, prefixes=prefixes))


def trig_bytes(graphs: Iterable[tuple[str, list[str]]], prefixes: Prefixes) -> bytes:
    """TriG with one block per named graph, graphs in IRI order, lines in the order given."""
    import pyoxigraph as ox

    chunks = [(name, ntriples_bytes(lines)) for name, lines in sorted(graphs, key=lambda item: item[0])]
    used: dict[str, str] = {}
    for _, data in chunks:
        used.update(_used(prefixes, data))
    used = dict(sorted(used.items()))

    def quads():
        for name, data in chunks:
            graph = ox.NamedNode(name)
            for t in _parse(data):
                yield ox.Quad(t.subject, t.predicate, t.object, graph)

    out = ox.serialize(quads(), format=ox.RdfFormat.TRIG, prefixes=used)
    return out or _prefix_header(used)


def jsonld_bytes(lines: list[str], prefixes: Prefixes) -> bytes:
    """A flat JSON-LD 1.1 document: a context of prefixes and one node object per subject.

    ``lines`` must be sorted (subjects grouped); objects keep that order.
    """
    data = "\n".join(lines)
    ordered = sorted(((p, ns) for p, ns in prefixes.items() if p and f"<{ns}" in data), key=lambda x: -len(x[1]))
    context = dict(sorted((p, ns) for p, ns in ordered))
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

    compacted: dict[str, str] = {}  # predicates, classes and shared objects recur

    def compact(iri: str) -> str:
        found = compacted.get(iri)
        if found is None:
            found = compacted[iri] = _compact(iri)
        return found

    by_namespace = {ns: p for p, ns in ordered}
    cut_only = all(ns.endswith(("/", "#")) for ns in by_namespace)

    def _compact(iri: str) -> str:
        if cut_only:  # try the namespaces this IRI could have, longest first: a few dict lookups
            end = len(iri) - 1
            while (cut := max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))) >= 0:
                p = by_namespace.get(iri[: cut + 1])
                local = iri[cut + 1 :]
                if p is not None and ":" not in local and not local.startswith("/"):
                    return f"{p}:{local}"
                end = cut
            return iri
        for p, ns in ordered:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns) :]
                if ":" not in local and "/" not in local[:1]:
                    return f"{p}:{local}"
        return iri

    def node_id(term: str) -> str:
        return term if term.startswith("_:") else compact(term[1:-1])

    def value(term: str) -> dict:
        if term[0] != '"':
            return {"@id": node_id(term)}
        lexical, lang, datatype = literal_parts(term)
        out: dict = {"@value": lexical}
        if lang:
            out["@language"] = lang
        elif datatype != "http://www.w3.org/2001/XMLSchema#string":
            out["@type"] = compact(datatype)
        return out

    nodes: list[dict] = []
    current: str | None = None
    node: dict = {}
    for text in lines:
        s, p, o = _split(text)
        if s != current:
            current, node = s, {"@id": node_id(s)}
            nodes.append(node)
        if p == rdf_type and o[0] != '"':
            node.setdefault("@type", []).append(compact(o[1:-1]))
        else:
            node.setdefault(compact(p[1:-1]), []).append(value(o))
    for node in nodes:  # "@id", "@type" first, then properties in IRI order (as sorted lines give them)
        keys = [k for k in node if k not in ("@id", "@type")]
        ordered_node = {k: node[k] for k in ("@id", "@type") if k in node}
        ordered_node.update((k, node[k]) for k in keys)
        node.clear()
        node.update(ordered_node)
    # one node object per line: json's C encoder does not indent, and its Python one is ~10× slower
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=1)[:-2]
    body = ",\n".join(json.dumps(node, ensure_ascii=False) for node in nodes)
    return f'{head},\n "@graph": [\n{body}\n ]\n}}\n'.encode()


def _split(text: str) -> tuple[str, str, str]:
    """(s, p, o) of one N-Triples line written by ``ntriples.line``."""
    s, p, rest = text.split(" ", 2)
    return s, p, rest[:-2]


def _parse(data: bytes):
    import pyoxigraph as ox

    return ox.parse(data, format=ox.RdfFormat.N_TRIPLES)


def _used(prefixes: Prefixes, data: bytes) -> dict[str, str]:
    """The prefixes worth declaring for ``data``, in name order: those some IRI starts with,
    except where local names go on with "/" (``id:lang-son-2021-2030\\/objective-2030`` is valid
    Turtle but harder to read than the full IRI; the first IRI found decides)."""
    out = {}
    for p, ns in sorted(prefixes.items()):
        at = data.find(f"<{ns}".encode()) if p else -1
        if at < 0:
            continue
        start = at + 1 + len(ns.encode())
        if b"/" not in data[start : data.index(b">", start)]:
            out[p] = ns
    return out


def _prefix_header(prefixes: Prefixes) -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())).encode("utf-8")


# -- from rdflib graphs --------------------------------------------------------------------------
def graph_lines(graph: Graph) -> list[str]:
    """An rdflib graph as sorted, distinct N-Triples lines, blank nodes labelled canonically."""
    from graph_build.rdf.terms import from_rdflib

    if any(isinstance(term, BNode) for triple in graph for term in triple):
        from rdflib.compare import to_canonical_graph

        graph = to_canonical_graph(graph)
    return sorted({nt_line((from_rdflib(s), from_rdflib(p), from_rdflib(o))) for s, p, o in graph})


def prefixes_of(graph: Graph) -> dict[str, str]:
    return {p: str(ns) for p, ns in graph.namespaces() if p}


def to_turtle(graph: Graph) -> bytes:
    return turtle_bytes(graph_lines(graph), prefixes_of(graph))


def to_ntriples(graph: Graph) -> bytes:
    return ntriples_bytes(graph_lines(graph))


def to_trig(graphs: Iterable[tuple[URIRef, Graph]], namespaces: Graph) -> bytes:
    """TriG with one block per named graph, graphs in IRI order; prefixes of ``namespaces``."""
    prefixes = prefixes_of(namespaces)
    for _, graph in graphs:
        for p, ns in prefixes_of(graph).items():
            prefixes.setdefault(p, ns)
    return trig_bytes([(str(name), graph_lines(graph)) for name, graph in graphs], prefixes)


def to_jsonld(graph: Graph) -> bytes:
    return jsonld_bytes(graph_lines(graph), prefixes_of(graph))


def to_rdfxml(graph: Graph) -> bytes:
    """RDF/XML by rdflib's serialiser, fed the sorted lines so that the same graph gives the same bytes."""
    ordered = Graph()
    for p, ns in sorted(prefixes_of(graph).items()):
        ordered.bind(p, ns, override=True)
    lines = graph_lines(graph)
    if lines:
        ordered.parse(data=ntriples_bytes(lines).decode("utf-8"), format="nt")
    for predicate in sorted({str(p) for p in ordered.predicates()}):  # rdflib names unbound namespaces ns1, ns2… in the
        try:  # order it meets them: make that order the sorted one
            ordered.namespace_manager.compute_qname_strict(predicate)
        except ValueError:
            pass  # rdflib's serialiser reports a predicate RDF/XML cannot write
    return ordered.serialize(format="xml", encoding="utf-8")


def write_graph(graph: Graph, fmt: str) -> bytes:
    """An rdflib graph in the RDF format ``fmt`` (a name, alias or media type of ``graph_build.rdf.formats``)."""
    from graph_build.rdf.formats import graph_format

    found = graph_format(fmt)
    if found.writer is None:
        raise ValueError(
            f"{found.title} holds named graphs; a single graph is written as "
            f"{', '.join(f.name for f in _graph_writers())}"
        )
    return globals()[found.writer](graph)


def _graph_writers():
    from graph_build.rdf.formats import formats

    return [f for f in formats("graph") if f.writer]


def _bytes(data: bytes | None) -> bytes:
    """pyoxigraph's ``serialize`` without an output file returns the bytes (typed as optional)."""
    assert data is not None
    return data
