"""SHACL validation of built plan graphs, with readable results.

Two engines give the same results:

* :func:`validate_triples` — the fast one, for N-Triples term triples (what the
  builder makes): :mod:`graph_build.shacl.engine` compiles the shapes once and
  checks all focus nodes at once on dict indexes (10^6 triples in seconds).
  If the shapes use a SHACL feature it does not implement, or the data meets a
  case where pySHACL itself fails, it hands over to pySHACL.
* :func:`validate_graph` — pySHACL over an rdflib graph, the reference.

pySHACL is imported only when it runs, so ``plankg --help`` and queries never
pay for it.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from graph_build.rdf import ntriples, terms
from graph_build.core import resources

log = logging.getLogger(__name__)


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


@cache
def _skeleton_triples() -> tuple[tuple[str, str, str], ...]:
    """The ontology skeleton as N-Triples term triples."""
    return tuple(tuple(terms.from_rdflib(t) for t in triple) for triple in _ontology_skeleton())


def validate_triples(triples: Iterable[tuple[str, str, str]], shapes=None) -> list[ShaclResult]:
    """SHACL results for triples of N-Triples terms (``ntriples``), validated together with
    the ontology skeleton; the same list :func:`validate_graph` gives for the same data.

    ``shapes``: another shapes graph than ``ontology/shapes.ttl`` (compiled on each call),
    or one compiled with ``shacl_core.compile_shapes``.

    >>> p = "<https://w3id.org/plankg/def#"
    >>> [r.shape for r in validate_triples([("<http://example.org/a>", p + "inPlan>", "<http://example.org/p>"),
    ...                                     ("<http://example.org/p>", p + "hasPart>", "<http://example.org/a>")])]
    ['EntityShape-attestedBy', 'PlanMembershipShape-inPlan', 'EntityShape-label-vi']
    """
    from graph_build.shacl import engine as shacl_core

    distinct = isinstance(triples, (set, frozenset))  # as api.BuildResult.selected_triples gives them
    data = triples if distinct or isinstance(triples, (list, tuple)) else list(triples)
    skeleton = (t for t in _skeleton_triples() if t not in data) if distinct else _skeleton_triples()
    try:
        plan = _plan(shapes)
        raw = shacl_core.evaluate(plan, itertools.chain(data, skeleton), distinct=distinct)
    except (shacl_core.Unsupported, shacl_core.Fallback) as exc:
        log.info("SHACL with pySHACL: %s", exc)
        graph = Graph()
        for s, p, o in data:
            graph.add((ntriples.to_rdflib(s), ntriples.to_rdflib(p), ntriples.to_rdflib(o)))
        return validate_graph(graph, getattr(shapes, "graph", shapes))
    return _finish(
        ShaclResult(ntriples.to_rdflib(focus), path, message, severity, shape)
        for focus, path, shape, message, severity in raw
    )


def _plan(shapes):
    from graph_build.shacl import engine as shacl_core

    if isinstance(shapes, shacl_core.Plan):
        return shapes
    plan = shacl_core.compile_shapes(shapes) if shapes is not None else _default_plan()
    if isinstance(plan, Exception):
        raise plan
    return plan


@cache
def _default_plan():
    """The bundled shapes compiled once per process, or why they cannot be (then every
    validation runs pySHACL)."""
    from graph_build.shacl import engine as shacl_core

    try:
        return shacl_core.compile_shapes(shapes_graph())
    except shacl_core.Unsupported as exc:
        log.warning("the fast SHACL engine cannot run ontology/shapes.ttl (%s): validating with pySHACL", exc)
        return exc


def validate_graph(data: Graph, shapes: Graph | None = None) -> list[ShaclResult]:
    """SHACL results for one data graph, validated together with the ontology (pySHACL)."""
    import pyshacl

    from graph_build.shacl.engine import local_name, message_languages, path_text, pick_message

    shapes = shapes if shapes is not None else shapes_graph()
    mixed = Graph()
    for triple in data:
        mixed.add(triple)
    for triple in _ontology_skeleton():
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
    return _finish(results)


def _messages_of(shapes: Graph, node) -> list[tuple[str, str | None]]:
    return [(str(m), getattr(m, "language", None)) for m in shapes.objects(node, SH.message)]


def _finish(results: Iterable[ShaclResult]) -> list[ShaclResult]:
    """One result per focus, path and shape (pySHACL repeats one per value node, and per
    message language; of different messages the first in order is kept), sorted."""
    unique: dict[tuple, ShaclResult] = {}
    for r in results:
        key = (r.focus, r.path, r.shape)
        if key not in unique or r.message < unique[key].message:
            unique[key] = r
    return sorted(unique.values(), key=lambda r: (str(r.focus), r.path or "", r.message, r.shape))

