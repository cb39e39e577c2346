"""The store interface every backend implements (``graph_build.stores``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from graph_build.stores.query import QueryDataset, QueryResult, needs_parsing, prepare, query_dataset


class Store:
    """A place holding the built dataset (one named graph per plan) that answers SPARQL.

    ``run(text, bindings)`` evaluates a query with ``bindings`` (variable name →
    rdflib term) bound as RDF terms, never spliced from a user's text, and
    returns a ``QueryResult`` whose rows are rdflib terms, so a row from one
    store compares equal to the same row from another. Every store answers
    over the same dataset: the default graph is the union of all graphs,
    ``GRAPH`` sees each named graph, and ``FROM``/``FROM NAMED`` (or the
    protocol's ``default_graphs``/``named_graphs``, which replace them) choose
    other graphs of the store, as the SPARQL 1.1 specifications say.
    """

    name = "?"
    #: True for an engine that parses the query itself and refuses updates (Oxigraph): a text that
    #: ``needs_parsing`` clears then reaches it without rdflib's parse (``prepared`` is ``None``).
    parses_queries = False

    @classmethod
    def open(cls, path: Path | str | None = None, url: str | None = None, read_only: bool = False) -> Store:
        raise NotImplementedError

    # -- querying ------------------------------------------------------------------------------
    def run(
        self,
        text: str,
        bindings: Mapping | None = None,
        origin: str = "query",
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
    ) -> QueryResult:
        """Evaluate ``text``; ``origin`` names it in error messages (a file, ``query``).

        ``default_graphs``/``named_graphs`` are the SPARQL Protocol's
        ``default-graph-uri``/``named-graph-uri``. The query is checked by
        ``prepare`` (syntax, updates, ``SERVICE``) and its dataset by
        ``query_dataset`` before the engine sees it.
        """
        if self.parses_queries and not (default_graphs or named_graphs) and not needs_parsing(text):
            return self._evaluate(text, None, dict(bindings or {}), None, origin)
        prepared = prepare(text, origin)
        dataset = query_dataset(
            prepared,
            list(default_graphs or ()),
            list(named_graphs or ()),
            self.graph_names() if (default_graphs or named_graphs or prepared.algebra.datasetClause) else None,
            origin,
        )
        return self._evaluate(text, prepared, dict(bindings or {}), dataset, origin)

    def _evaluate(self, text: str, prepared, bindings: dict, dataset: QueryDataset | None, origin: str) -> QueryResult:
        """Run a query that ``prepare`` accepted (``prepared``; ``None`` when ``needs_parsing`` found no
        need) over ``dataset`` (``None``: the whole store)."""
        raise NotImplementedError

    def graph_names(self) -> set[str] | None:
        """The IRIs of the store's named graphs (``None`` when not known here, as for a remote store)."""
        return {str(g) for *_, g in self.quads() if g is not None}

    # -- contents ------------------------------------------------------------------------------
    def add_quads(self, quads: Iterable[tuple]) -> None:
        """Add rdflib ``(s, p, o, graph_iri)`` quads (``graph_iri`` ``None``: the default graph)."""
        raise NotImplementedError(f"the {self.name} store cannot be written to")

    def load_build(self, result) -> None:
        """Add every named graph of a ``BuildResult``."""
        self.add_quads((s, p, o, iri) for iri, graph in result.named_graphs() for s, p, o in graph)

    def load_rdflib(self, graph) -> None:
        """Add an rdflib ``Dataset`` (its graphs kept) or ``Graph`` (into the default graph)."""
        if hasattr(graph, "quads"):
            default = getattr(graph, "default_context", None)
            default_id = getattr(default, "identifier", None)
            self.add_quads(
                (
                    s,
                    p,
                    o,
                    None if c is None or getattr(c, "identifier", c) == default_id else getattr(c, "identifier", c),
                )
                for s, p, o, c in graph.quads((None, None, None, None))
            )
        else:
            self.add_quads((s, p, o, None) for s, p, o in graph)

    def quads(self) -> Iterator[tuple]:
        """Every quad as rdflib terms ``(s, p, o, graph_iri)`` (``graph_iri`` ``None``: the default graph)."""
        raise NotImplementedError(f"the {self.name} store cannot list its quads")

    def ntriples_quads(self) -> Iterator[tuple[str, str, str, str | None]]:
        """Every quad as the builder's N-Triples term strings (the graph as its IRI, or ``None``)."""
        from graph_build.rdf.terms import from_rdflib

        for s, p, o, g in self.quads():
            yield from_rdflib(s), from_rdflib(p), from_rdflib(o), None if g is None else str(g)

    def union_graph(self):
        """The union of all graphs as an rdflib ``Graph`` (for views, which walk triples in Python)."""
        from rdflib import Graph

        from graph_build.core.iris import DEFAULT_DATA_BASE
        from graph_build.pipeline.api import _bind

        graph = Graph()
        _bind(graph, DEFAULT_DATA_BASE)
        graph.addN((s, p, o, graph) for s, p, o, _ in self.quads())
        return graph

    def dump_nquads(self) -> bytes:
        """The whole store as N-Quads (named graphs kept), e.g. for the endpoint's workers."""
        from graph_build.rdf.ntriples import line

        return "".join(
            line((s, p, o))[:-1] + (f"<{g}> .\n" if g is not None else ".\n") for s, p, o, g in self.ntriples_quads()
        ).encode("utf-8")

    def __len__(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = ["Store"]
