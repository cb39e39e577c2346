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
    cli        the ``plankg`` command, thin over the rest

Heavy modules (rdflib, pyshacl) are imported when a function needs them, so
``import graph_build`` and ``plankg --help`` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from graph_build.core.version import __version__

_API = {
    "build": "pipeline.api",
    "load": "pipeline.api",
    "validate": "pipeline.api",
    "write": "pipeline.api",
    "BuildResult": "pipeline.api",
    "PlanKGError": "core.errors",
    "PlanError": "core.errors",
    "Problem": "core.errors",
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'graph_build' has no attribute {name!r}")
