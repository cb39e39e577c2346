"""Graphs → bytes, the same bytes for the same input.

rdflib's Turtle writer sorts subjects, predicates and objects, so its output is
reproducible. Its N-Triples, TriG and JSON-LD writers follow the store's
hash order, which changes from one Python process to the next; so N-Triples
lines are sorted, TriG is assembled from per-graph Turtle in graph order, and
JSON-LD is written here from sorted triples (a flat, fully valid JSON-LD 1.1
document that any processor reads back to the same triples).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

FORMATS = {
    "turtle": ".ttl",
    "nt": ".nt",
    "jsonld": ".jsonld",
    "trig": ".trig",
}


def to_turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def to_ntriples(graph: Graph) -> bytes:
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    # split on "\n" only: str.splitlines() also splits on U+2028, U+0085 … inside literals
    lines = sorted(line for line in text.split("\n") if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def to_trig(graphs: Iterable[tuple[URIRef, Graph]], namespaces: Graph) -> bytes:
    """TriG with one block per named graph, graphs in IRI order.

    The prefixes are those of ``namespaces`` plus any a named graph binds, and
    any rdflib has to make up for a namespace nobody bound, all declared once
    at the top so every graph block can use them.
    """
    graphs = list(graphs)
    bound: dict[str, str] = {p: str(ns) for p, ns in namespaces.namespaces() if p}
    for _, graph in graphs:
        for p, ns in graph.namespaces():
            if p and p not in bound and str(ns) not in bound.values():
                bound[p] = str(ns)
    prefixes = sorted(bound.items())
    blocks: list[str] = []
    for name, graph in sorted(graphs, key=lambda item: str(item[0])):
        part = Graph()
        for p, ns in prefixes:
            part.bind(p, ns, override=True, replace=True)
        for triple in graph:
            part.add(triple)
        body = part.serialize(format="turtle").split("\n")  # not splitlines(): U+2028 may be in a literal
        for line in body:  # a namespace no one bound: rdflib made up a prefix for it
            if line.startswith("@prefix"):
                p, ns = line[len("@prefix"):].strip().rstrip(" .").split(":", 1)
                ns = ns.strip()[1:-1]
                if bound.setdefault(p.strip(), ns) != ns:
                    raise ValueError(f"prefix {p.strip()!r} means two namespaces; bind both in the merged graph")
        body = [line for line in body if not line.startswith("@prefix")]
        while body and not body[0].strip():
            body.pop(0)
        blocks.append(f"<{name}> {{")
        blocks.extend(body)  # not indented: a multi-line literal (""" … """) must keep its lines as they are
        blocks.append("}")
        blocks.append("")
    out = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(bound.items())]
    out.append("")
    out.extend(blocks)
    return "\n".join(out).encode("utf-8")


def to_jsonld(graph: Graph) -> bytes:
    """A flat JSON-LD document: a context of prefixes and one node object per subject."""
    prefixes = sorted(((p, str(ns)) for p, ns in graph.namespaces() if p), key=lambda x: -len(x[1]))
    context = {p: ns for p, ns in sorted(prefixes)}

    def compact(iri: str) -> str:
        for p, ns in prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if ":" not in local and "/" not in local[:1]:
                    return f"{p}:{local}"
        return iri

    def node_id(term) -> str:
        return f"_:{term}" if isinstance(term, BNode) else compact(str(term))

    def value(term) -> dict:
        if isinstance(term, Literal):
            out: dict = {"@value": str(term)}
            if term.language:
                out["@language"] = term.language
            elif term.datatype and term.datatype != XSD.string:
                out["@type"] = compact(str(term.datatype))
            return out
        return {"@id": node_id(term)}

    def sort_key(term):
        return (isinstance(term, Literal), str(term), getattr(term, "language", None) or "",
                str(getattr(term, "datatype", None) or ""))

    nodes = []
    for subject in sorted(set(graph.subjects()), key=str):
        node: dict = {"@id": node_id(subject)}
        types = sorted(graph.objects(subject, RDF.type), key=str)
        if types:
            node["@type"] = [compact(str(t)) for t in types]
        for predicate in sorted(set(graph.predicates(subject)) - {RDF.type}, key=str):
            objects = sorted(graph.objects(subject, predicate), key=sort_key)
            node[compact(str(predicate))] = [value(o) for o in objects]
        nodes.append(node)
    document = {"@context": context, "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
