"""Shapes graph → compiled plan, or :class:`~graph_build.shacl.terms.Unsupported` for what the engine lacks.

:func:`compile_shapes` refuses any ``sh:`` term anywhere in the shapes graph that is not a
target, a shape annotation or a parameter of a component in
:data:`~graph_build.shacl.components.COMPONENTS` (and any odd use of a known one): the caller
(:func:`graph_build.shacl.validate.validate_triples`) then runs pySHACL, so an edit of the
shapes can never silently skip a check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from graph_build.shacl.components import NODE_KINDS, PARAMETERS, Shape, SparqlCheck, compile_checks
from graph_build.shacl.results import local_name, path_text, pick_message
from graph_build.shacl.terms import RDF_TYPE, SH, SUBCLASS, Unsupported, node_term, sh

_TARGETS = {sh("targetClass"), sh("targetSubjectsOf"), sh("targetObjectsOf")}
#: Annotations that never change a result (sh:name, sh:description, sh:order, sh:group) are
#: accepted and ignored.
_SHAPE_META = {sh(n) for n in ("path", "message", "severity", "name", "description", "order", "group")}
_STRUCTURE = {sh("property"), sh("inversePath")}
#: Every sh: predicate the shapes graph may contain.
_KNOWN_PREDICATES = _TARGETS | _SHAPE_META | _STRUCTURE | PARAMETERS
_SEVERITIES = {sh("Violation"): "Violation", sh("Warning"): "Warning", sh("Info"): "Info"}
#: Every sh: term the shapes graph may contain as an object.
_KNOWN_OBJECTS = {sh("NodeShape"), sh("PropertyShape"), sh("SPARQLConstraint"), *NODE_KINDS, *_SEVERITIES}


@dataclass
class Plan:
    """The shapes graph compiled: shapes with targets first evaluated, and what to index."""

    graph: Graph
    shapes: list[Shape]
    top: list[Shape]
    out_predicates: set[str]
    in_predicates: set[str]
    needs_all_triples: bool


def compile_shapes(graph: Graph, sparql_in_python: bool = True) -> Plan:
    """Compile a shapes graph; raises :class:`Unsupported` if it uses anything this engine lacks.

    ``sparql_in_python=False`` runs every SPARQL constraint in pyoxigraph (the tests compare both ways).
    """
    _check_vocabulary(graph)
    compiler = _Compiler(graph, sparql_in_python)
    shapes = [compiler.shape(node) for node in compiler.discover()]
    top = [s for s in shapes if s.has_targets]
    out: set[str] = {RDF_TYPE, SUBCLASS}
    inv: set[str] = set()
    needs_all = False
    for shape in compiler.compiled.values():
        if shape.path is not None:
            (out if shape.path[0] == "out" else inv).add(shape.path[1])
        out.update(shape.target_subjects_of)
        out.update(shape.target_objects_of)
        for check in shape.checks:
            o, i = check.predicates()
            out |= o
            inv |= i
            if isinstance(check, SparqlCheck) and check.python is None:
                needs_all = True
    return Plan(graph, list(compiler.compiled.values()), top, out, inv, needs_all)


def _check_vocabulary(graph: Graph) -> None:
    for s, p, o in graph:
        if str(s).startswith(SH):
            raise Unsupported(f"the shapes graph defines {s}")
        if str(p).startswith(SH) and p not in _KNOWN_PREDICATES:
            raise Unsupported(f"{p} is not implemented by the fast SHACL engine")
        if isinstance(o, URIRef) and str(o).startswith(SH) and o not in _KNOWN_OBJECTS:
            raise Unsupported(f"{o} is not implemented by the fast SHACL engine")
        if p == OWL.imports:
            raise Unsupported("the shapes graph imports another graph")


class _Compiler:
    """Reads shapes from a shapes graph (the :class:`~graph_build.shacl.components.ShapeReader`
    the components read their parameters through)."""

    def __init__(self, graph: Graph, sparql_in_python: bool = True):
        self.g, self.sparql_in_python = graph, sparql_in_python
        self.compiled: dict[Node, Shape] = {}
        self.active: set[Node] = set()

    def discover(self) -> list[Node]:
        """Every shape pySHACL would load: typed, with targets or shape-expecting values."""
        g = self.g
        found: dict[Node, None] = dict.fromkeys(
            [*g.subjects(RDF.type, sh("NodeShape")), *g.subjects(RDF.type, sh("PropertyShape"))]
        )
        for p in (*_TARGETS, sh("property"), sh("node")):
            found.update(dict.fromkeys(g.subjects(p, None)))
        for p in (sh("property"), sh("node"), sh("qualifiedValueShape")):
            found.update(dict.fromkeys(g.objects(None, p)))
        for p in (sh("or"), sh("xone")):
            for lst in g.objects(None, p):
                found.update(dict.fromkeys(g.items(lst)))
        return sorted(found, key=str)

    def is_class(self, node: Node) -> bool:
        """pySHACL's implicit class target: the shape is an rdfs:Class (in the shapes graph)."""
        classes = {RDFS.Class, *self.g.subjects(RDFS.subClassOf, RDFS.Class)}
        return any(t in classes for t in self.g.objects(node, RDF.type))

    def one(self, node: Node, predicate: URIRef, required: bool = False) -> Node | None:
        values = list(self.g.objects(node, predicate))
        if len(values) > 1 or (required and not values):
            raise Unsupported(f"{node}: {len(values)} values of {predicate}")
        return values[0] if values else None

    def integer(self, node: Node, predicate: URIRef) -> int | None:
        value = self.one(node, predicate)
        if value is None:
            return None
        if not isinstance(value, Literal) or not isinstance(value.value, int) or isinstance(value.value, bool):
            raise Unsupported(f"{node}: {predicate} must be an integer")
        return value.value

    def iri(self, node: Node) -> str:
        if not isinstance(node, URIRef):
            raise Unsupported(f"expected an IRI, found {node!r}")
        return node_term(node)

    def rdf_list(self, node: Node) -> list[Node]:
        items = list(self.g.items(node))
        if not items:
            raise Unsupported(f"{node}: an empty or malformed RDF list")
        return items

    def messages(self, node: Node) -> Iterator[tuple[str, str | None]]:
        for m in self.g.objects(node, sh("message")):
            if not isinstance(m, Literal):
                raise Unsupported(f"{node}: a sh:message that is not a literal")
            yield str(m), m.language

    def shape(self, node: Node) -> Shape:
        if node in self.compiled:
            return self.compiled[node]
        if node in self.active:
            raise Unsupported(f"recursive shapes through {node}")
        if isinstance(node, Literal):
            raise Unsupported(f"a literal {node!r} used as a shape")
        self.active.add(node)
        try:
            shape = self._compile(node)
        finally:
            self.active.discard(node)
        self.compiled[node] = shape
        return shape

    def nested(self, node: Node) -> Shape:
        """A shape used for conformance (node/or/xone/qualifiedValueShape). pySHACL's
        conformance of a shape with severity Warning or Info differs; none is nested here."""
        shape = self.shape(node)
        todo = [shape]
        while todo:
            s = todo.pop()
            if s.severity != "Violation":
                raise Unsupported(f"{s.node}: a nested shape with severity {s.severity}")
            todo.extend(s.properties)
            for check in s.checks:
                todo.extend(check.nested_shapes())
        return shape

    def _compile(self, node: Node) -> Shape:
        g = self.g
        shape = Shape(node, local_name(node))
        path = self.one(node, sh("path"))
        if (node, RDF.type, sh("NodeShape")) in g and path is not None:
            raise Unsupported(f"{node}: a sh:NodeShape with a sh:path")
        if (node, RDF.type, sh("PropertyShape")) in g and path is None:
            raise Unsupported(f"{node}: a sh:PropertyShape without sh:path")
        if path is not None:
            shape.path, shape.path_text = self._path(path), path_text(g, path)
        severity = self.one(node, sh("severity"))
        if severity is not None:
            if not isinstance(severity, URIRef) or severity not in _SEVERITIES:
                raise Unsupported(f"{node}: severity {severity}")
            shape.severity = _SEVERITIES[severity]
        shape.messages = tuple(self.messages(node))
        shape.message = pick_message(shape.messages)
        for cls in g.objects(node, sh("targetClass")):
            shape.target_classes.append(self.iri(cls))
        if self.is_class(node):
            shape.target_classes.append(node_term(node))
        for p in g.objects(node, sh("targetSubjectsOf")):
            shape.target_subjects_of.append(self.iri(p))
        for p in g.objects(node, sh("targetObjectsOf")):
            shape.target_objects_of.append(self.iri(p))
        shape.checks = compile_checks(self, node, is_property=shape.path is not None)
        for prop in g.objects(node, sh("property")):
            sub = self.shape(prop)
            if sub.path is None:
                raise Unsupported(f"{prop}: sh:property names a shape without sh:path")
            shape.properties.append(sub)
        return shape

    def _path(self, path: Node) -> tuple[str, str]:
        if isinstance(path, URIRef):
            return "out", node_term(path)
        inverse = self.one(path, sh("inversePath"))
        if isinstance(inverse, URIRef) and len(list(self.g.predicate_objects(path))) == 1:
            return "in", node_term(inverse)
        raise Unsupported(f"path {path} is neither a predicate nor sh:inversePath of a predicate")


__all__ = ["Plan", "compile_shapes"]
