"""The store interface every backend implements (``graph_build.stores``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from graph_build.stores.query import _Backend


class Store(_Backend):
    """A place holding the built dataset (one named graph per plan) that answers SPARQL.

    ``run(text, bindings)`` evaluates a query over the union of all graphs,
    with ``bindings`` (variable name → rdflib term) bound as RDF terms,
    never spliced from a user's text, and returns a ``queries.QueryResult``.
    """

    name = "?"

    @classmethod
    def open(cls, path: Path | str | None = None, url: str | None = None, read_only: bool = False) -> Store:
        raise NotImplementedError

    def add_quads(self, quads: Iterable[tuple]) -> None:
        """Add rdflib ``(s, p, o, graph_iri)`` quads."""
        raise NotImplementedError(f"the {self.name} store cannot be written to")

    def load_build(self, result) -> None:
        """Add every named graph of a ``BuildResult``."""
        self.add_quads((s, p, o, iri) for iri, graph in result.named_graphs() for s, p, o in graph)

    def quads(self) -> Iterable[tuple]:
        """Every quad as rdflib terms ``(s, p, o, graph_iri)``."""
        raise NotImplementedError

    def union_graph(self):
        """The union of all graphs as an rdflib ``Graph`` (for views, which walk triples in Python)."""
        from rdflib import Graph

        from graph_build.pipeline.api import _bind
        from graph_build.core.iris import DEFAULT_DATA_BASE

        graph = Graph()
        _bind(graph, DEFAULT_DATA_BASE)
        for s, p, o, _ in self.quads():
            graph.add((s, p, o))
        return graph

    def dump_nquads(self) -> bytes:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, text: str, bindings: Mapping, origin: str = "query"):
        raise NotImplementedError


__all__ = ["Store"]
