"""SHACL validation of built plan graphs, with readable results.

Two engines give the same results:

* :func:`validate_triples` — the fast one, for N-Triples term triples (what the
  builder makes): the shapes compile once (:mod:`graph_build.shacl.compile`) and every
  check runs over all focus nodes at once on dict indexes
  (:mod:`graph_build.shacl.evaluate`; 10^6 triples in seconds). If the shapes use a
  SHACL feature it does not implement, or the data meets a case where pySHACL itself
  fails, it hands over to pySHACL.
* :func:`validate_graph` — pySHACL over an rdflib graph, the reference
  (:mod:`graph_build.shacl.reference`).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from functools import cache

from rdflib import Graph

from graph_build.rdf import ntriples
from graph_build.shacl.compile import Plan, compile_shapes
from graph_build.shacl.evaluate import evaluate
from graph_build.shacl.reference import ontology_graph, shapes_graph, skeleton_triples, validate_graph
from graph_build.shacl.results import ShaclResult, finish
from graph_build.shacl.terms import Fallback, Unsupported

log = logging.getLogger(__name__)


def validate_triples(triples: Iterable[tuple[str, str, str]], shapes: Graph | Plan | None = None) -> list[ShaclResult]:
    """SHACL results for triples of N-Triples terms (``ntriples``), validated together with
    the ontology skeleton; the same list :func:`validate_graph` gives for the same data.

    ``shapes``: another shapes graph than ``ontology/shapes.ttl`` (compiled on each call),
    or one compiled with :func:`~graph_build.shacl.compile.compile_shapes`.

    >>> p = "<https://w3id.org/plankg/def#"
    >>> [r.shape for r in validate_triples([("<http://example.org/a>", p + "inPlan>", "<http://example.org/p>"),
    ...                                     ("<http://example.org/p>", p + "hasPart>", "<http://example.org/a>")])]
    ['EntityShape-attestedBy', 'PlanMembershipShape-inPlan', 'EntityShape-label-vi']
    """
    distinct = isinstance(triples, (set, frozenset))  # as api.BuildResult.selected_triples gives them
    data: Iterable[tuple[str, str, str]] = triples if distinct or isinstance(triples, (list, tuple)) else list(triples)
    skeleton = (t for t in skeleton_triples() if t not in data) if distinct else skeleton_triples()
    try:
        plan = _plan(shapes)
        raw = evaluate(plan, itertools.chain(data, skeleton), distinct=distinct)
    except (Unsupported, Fallback) as exc:
        log.info("SHACL with pySHACL: %s", exc)
        graph = Graph()
        for s, p, o in data:
            graph.add((ntriples.to_rdflib(s), ntriples.to_rdflib(p), ntriples.to_rdflib(o)))
        return validate_graph(graph, shapes.graph if isinstance(shapes, Plan) else shapes)
    return finish(
        ShaclResult(ntriples.to_rdflib(focus), path, message, severity, shape)
        for focus, path, shape, message, severity in raw
    )


def _plan(shapes: Graph | Plan | None) -> Plan:
    if isinstance(shapes, Plan):
        return shapes
    plan = compile_shapes(shapes) if shapes is not None else _default_plan()
    if isinstance(plan, Exception):
        raise plan
    return plan


@cache
def _default_plan() -> Plan | Unsupported:
    """The bundled shapes compiled once per process, or why they cannot be (then every
    validation runs pySHACL)."""
    try:
        return compile_shapes(shapes_graph())
    except Unsupported as exc:
        log.warning("the fast SHACL engine cannot run ontology/shapes.ttl (%s): validating with pySHACL", exc)
        return exc


#: What callers import from here: the entry point, and the reference engine's graphs and results.
__all__ = ["ShaclResult", "ontology_graph", "shapes_graph", "validate_graph", "validate_triples"]
