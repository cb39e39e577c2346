"""The reference engine: pySHACL over an rdflib graph, and the ontology and shapes both engines validate with.

pySHACL is imported only when it runs, so ``plankg --help`` and queries never pay for it.
"""

from __future__ import annotations

from functools import cache

from rdflib import BNode, Graph
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from graph_build.core import resources
from graph_build.rdf.terms import from_rdflib
from graph_build.shacl.results import ShaclResult, finish, local_name, message_languages, path_text, pick_message

Triple = tuple[Node, Node, Node]


@cache
def ontology_graph() -> Graph:
    """The ontology plus the vocabularies, parsed once per process."""
    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


@cache
def shapes_graph() -> Graph:
    return Graph().parse(resources.shapes_file(), format="turtle")


@cache
def ontology_skeleton() -> tuple[Triple, ...]:
    """The ontology triples SHACL needs beside the data: the class hierarchy and
    the vocabulary concepts' types (for ``sh:targetClass`` on subclasses and
    ``sh:class`` on concept values). Only triples without blank nodes.

    pySHACL's own ``ont_graph`` mixing clones blank-node structures recursively
    and took minutes on this ontology, so we add these triples ourselves.
    """
    return tuple(
        (s, p, o)
        for s, p, o in ontology_graph()
        if not isinstance(s, BNode) and not isinstance(o, BNode) and p in (RDFS.subClassOf, RDF.type)
    )


@cache
def skeleton_triples() -> tuple[tuple[str, str, str], ...]:
    """The ontology skeleton as N-Triples term triples."""
    return tuple((from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in ontology_skeleton())


def validate_graph(data: Graph, shapes: Graph | None = None) -> list[ShaclResult]:
    """SHACL results for one data graph, validated together with the ontology (pySHACL)."""
    import pyshacl

    shapes = shapes if shapes is not None else shapes_graph()
    mixed = Graph()
    for triple in data:
        mixed.add(triple)
    for triple in ontology_skeleton():
        mixed.add(triple)
    _conforms, report, _text = pyshacl.validate(
        mixed,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        shape = report.value(node, SH.sourceShape)
        messages = [(str(m), getattr(m, "language", None)) for m in report.objects(node, SH.resultMessage)]
        constraint = report.value(node, SH.sourceConstraint)
        if constraint is not None:  # a SPARQL constraint: pySHACL dropped its messages' languages
            languages = message_languages(_messages_of(shapes, constraint), _messages_of(shapes, shape))
            messages = [(text, lang or languages.get(text)) for text, lang in messages]
        path = report.value(node, SH.resultPath)
        message = pick_message(messages)
        results.append(
            ShaclResult(
                focus=report.value(node, SH.focusNode),
                path=path_text(report, path) if path is not None else None,
                message=message if message is not None else "constraint not met",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                shape=local_name(shape),
            )
        )
    return finish(results)


def _messages_of(shapes: Graph, node: Node | None) -> list[tuple[str, str | None]]:
    return [(str(m), getattr(m, "language", None)) for m in shapes.objects(node, SH.message)]


__all__ = ["ontology_graph", "shapes_graph", "validate_graph"]
