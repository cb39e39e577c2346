"""Running a compiled plan over all focus nodes at once, and the results' messages as pySHACL words them.

:func:`evaluate` raises :class:`~graph_build.shacl.terms.Fallback` where pySHACL itself would
fail or do something this engine does not reproduce; the caller then runs pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Graph

from graph_build.core.gcpause import gc_paused
from graph_build.rdf import ntriples
from graph_build.shacl.compile import Plan
from graph_build.shacl.components import Check, Hit, Shape, SparqlCheck, run_shape
from graph_build.shacl.data import Data
from graph_build.shacl.results import message_languages, pick_message
from graph_build.shacl.terms import Fallback

if TYPE_CHECKING:
    from pyshacl.shapes_graph import ShapesGraph

#: A result: (focus term, path text, shape name, message, severity).
RawResult = tuple[str, str | None, str, str, str]


def focus_nodes(data: Data, shape: Shape) -> list[str]:
    nodes: dict[str, None] = {}
    for cls in shape.target_classes:
        nodes.update(dict.fromkeys(data.instances(cls)))
    for p in shape.target_subjects_of:
        nodes.update(dict.fromkeys(data.out[p]))
    for p in shape.target_objects_of:
        for values in data.out[p].values():
            nodes.update(dict.fromkeys(values))
    return list(nodes)


def evaluate(plan: Plan, triples: Iterable[tuple[str, str, str]], distinct: bool = False) -> list[RawResult]:
    """Every result of the plan's shapes over the triples, as
    ``(focus term, path text, shape name, message, severity)``, unsorted and not de-duplicated.
    ``distinct``: no triple comes twice (it saves a pass over the indexes).

    The cyclic garbage collector is paused meanwhile (``gc_paused``): the indexes are
    millions of small objects, none of them garbage, and each full collection would walk them all.
    """
    with gc_paused():
        data = Data(
            triples, plan.out_predicates, plan.in_predicates, keep_all=plan.needs_all_triples, distinct=distinct
        )
        raw: list[Hit] = []
        for shape in plan.top:
            nodes = focus_nodes(data, shape)
            if nodes:
                raw.extend(run_shape(data, shape, nodes, True)[1])
    out = []
    for focus, shape, check, value in raw:
        out.append((focus, shape.path_text, shape.name, _message(plan, shape, check, focus, value), shape.severity))
    return out


def _message(plan: Plan, shape: Shape, check: Check, focus: str, value: str | None) -> str:
    """The message validate_graph shows for a result: pySHACL puts the shape's sh:message
    values in the report, or, for a SPARQL constraint, the constraint's (their {$this}/{?value}
    filled in); without either, the component's generic text."""
    if isinstance(check, SparqlCheck):
        bound = {"this": focus}
        if value is not None:
            bound["value"] = value
        languages = message_languages(check.messages, shape.messages)
        texts = {_fill(text, bound) for text, _ in (*check.messages, *shape.messages)}
        chosen = pick_message((t, languages.get(t)) for t in texts)
        return chosen if chosen is not None else "constraint not met"
    if shape.message is not None:
        return shape.message
    return _generic_message(plan.graph, shape, check, focus, value) or "constraint not met"


def _fill(text: str, bound: dict[str, str]) -> str:
    """pySHACL's ``_format_sparql_based_result_message``."""
    for var, val in bound.items():
        text = re.sub(f"{{[?$]{var}}}", str(ntriples.to_rdflib(val)), text)
    return text


#: pySHACL's ShapesGraph of a shapes graph (by id), made the first time a generic message is needed.
_PYSHACL_SHAPES: dict[int, ShapesGraph] = {}


def _generic_message(graph: Graph, shape: Shape, check: Check, focus: str, value: str | None) -> str | None:
    """pySHACL's own generic message for a component (rare: every shape of plankg has sh:message)."""
    from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
    from pyshacl.shapes_graph import ShapesGraph

    if focus[0] == "_" or (value is not None and value[0] == "_"):
        raise Fallback("pySHACL describes a blank node from the data graph in a generic message")
    sg = _PYSHACL_SHAPES.get(id(graph))
    if sg is None or sg.graph is not graph:
        sg = _PYSHACL_SHAPES[id(graph)] = ShapesGraph(graph)
        _ = sg.shapes
    component = CONSTRAINT_PARAMETERS_MAP[check.parameters[0]](sg.lookup_shape_from_node(shape.node))
    messages = component.make_generic_messages(
        Graph(), ntriples.to_rdflib(focus), ntriples.to_rdflib(value) if value is not None else None
    )
    return pick_message((str(m), getattr(m, "language", None)) for m in messages)


__all__ = ["evaluate", "focus_nodes"]
