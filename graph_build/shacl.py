"""SHACL validation of built plan graphs, with readable results.

pySHACL is imported here only, when a build validates, so ``plankg --help``
and queries never pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from . import resources


@dataclass(frozen=True)
class ShaclResult:
    focus: URIRef
    path: str | None
    message: str
    severity: str  # "Violation", "Warning", "Info"
    shape: str


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
def _ontology_skeleton() -> tuple:
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


def validate_graph(data: Graph) -> list[ShaclResult]:
    """SHACL results for one data graph, validated together with the ontology."""
    import pyshacl

    mixed = Graph()
    for triple in data:
        mixed.add(triple)
    for triple in _ontology_skeleton():
        mixed.add(triple)
    _conforms, report, _text = pyshacl.validate(
        mixed,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        messages = sorted(report.objects(node, SH.resultMessage), key=lambda m: (getattr(m, "language", "") != "en", str(m)))
        path = report.value(node, SH.resultPath)
        results.append(
            ShaclResult(
                focus=report.value(node, SH.focusNode),
                path=_short(path) if path is not None else None,
                message=str(messages[0]) if messages else "constraint not met",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                shape=_short(report.value(node, SH.sourceShape)),
            )
        )
    # one result per focus, path and shape (pySHACL may repeat one, e.g. per message language)
    unique = {(r.focus, r.path, r.shape): r for r in results}
    return sorted(unique.values(), key=lambda r: (str(r.focus), r.path or "", r.message))


def _short(term) -> str:
    text = str(term)
    for sep in ("#", "/"):
        if sep in text:
            return text.rsplit(sep, 1)[-1]
    return text
