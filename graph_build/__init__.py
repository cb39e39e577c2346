"""plankg: Vietnamese provincial master plans as an RDF knowledge graph.

The package is layered along the pipeline; each subpackage imports only the ones
above it in this list (``tests/test_layers.py`` keeps it so)::

    core       errors, IRIs and prefixes, the Vietnamese fold, atomic writes, data folders
    plans      plan files in: YAML, schema, loader, cross-file checks, scaffold (no RDF)
    rdf        records → triples → bytes: terms, builder, graph files, writers, SSSOM
    shacl      plankg's SHACL engine, pySHACL as the reference
    pipeline   build / validate / write: plans → checks → triples → SHACL, one BuildResult
    stores     one Store interface (Oxigraph, rdflib, remote), the persistent store, push
    sparql     the named-query library, typed parameters, result formats
    network    the graph as a networkx model and its exports
    linking    cross-plan link suggestions
    endpoint   the read-only SPARQL endpoint
    views      offline HTML pages: network views, index, ontology docs
    site       the static plan portal: a page per entity, plan, concept, comparison
    cli        the ``plankg`` command, thin over the rest

Heavy modules (rdflib, pyshacl) are imported when a function needs them, so
``import graph_build`` and ``plankg --help`` stay fast.

The Python API, importable from here: ``build``, ``load``, ``validate``, ``write``
and ``BuildResult`` (the pipeline); ``open_source`` (where the graph comes from:
plans, a graph file, a store folder, an endpoint, a build, an rdflib graph),
``Store`` and ``QueryResult``; ``run_query`` and ``run_sparql``, which take
``store=`` or the same source arguments::

    >>> from graph_build import open_source, run_query, run_sparql
    >>> run_sparql("ASK { GRAPH ?g { ?s ?p ?o } }").boolean          # the bundled plans
    True
"""

from __future__ import annotations

from importlib import import_module

from graph_build.core.version import __version__

_API = {
    "build": "pipeline.api",
    "load": "pipeline.api",
    "validate": "pipeline.api",
    "write": "pipeline.api",
    "extract_plan": "extract.draft",
    "BuildResult": "pipeline.api",
    "open_source": "stores.source",
    "Store": "stores.base",
    "QueryResult": "stores.query",
    "run_query": "sparql.library",
    "run_sparql": "sparql.library",
    "PlanKGError": "core.errors",
    "PlanError": "core.errors",
    "Problem": "core.errors",
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'graph_build' has no attribute {name!r}")
