"""SHACL validation: plankg's own engine for the shapes it uses, pySHACL as the reference.

pySHACL validates focus node by focus node through rdflib lookups and costs 0.2–1 ms a
triple; a build of 10^6 triples would spend minutes in it. The fast engine compiles the
shapes graph once into a plan (targets, property paths, constraint checks) and evaluates
every check over all focus nodes at once, on plain dict indexes of N-Triples term strings
built in one pass over the triples: ~2–3 µs a triple (``bench/shacl.py``). It implements
exactly the components in ``components.COMPONENTS``; for anything else it hands over to
pySHACL, and where the two differ it does what pySHACL does.

One module per concern, lowest first:

* ``terms`` — N-Triples term strings as rdflib stores them; ``Unsupported`` and ``Fallback``,
  the two ways the fast engine hands over to pySHACL;
* ``data`` — the indexes built from the triples in one pass;
* ``components`` — one class per SHACL constraint component, and ``COMPONENTS``, the one list
  the accepted ``sh:`` parameters are derived from (``sparql_python``: the SPARQL constraints
  of ``shapes.ttl`` transcribed in Python);
* ``compile`` — shapes graph → ``Plan``, refusing any ``sh:`` term no component implements;
* ``evaluate`` — a plan over all focus nodes, with pySHACL's messages;
* ``results`` — ``ShaclResult`` and how both engines word and de-duplicate results;
* ``reference`` — pySHACL, and the ontology and shapes graphs;
* ``validate`` — the entry point: the fast engine, or pySHACL where it cannot answer.
"""

from graph_build.shacl.compile import Plan, compile_shapes
from graph_build.shacl.reference import ontology_graph, shapes_graph, validate_graph
from graph_build.shacl.results import ShaclResult
from graph_build.shacl.terms import Fallback, Unsupported
from graph_build.shacl.validate import validate_triples

__all__ = [
    "Fallback",
    "Plan",
    "ShaclResult",
    "Unsupported",
    "compile_shapes",
    "ontology_graph",
    "shapes_graph",
    "validate_graph",
    "validate_triples",
]
