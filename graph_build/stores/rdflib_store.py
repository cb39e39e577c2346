"""rdflib's in-memory ``Dataset``: the reference engine, slow beyond ~10^5 triples."""

from __future__ import annotations

from graph_build.stores.base import Store
from graph_build.stores.query import KINDS, QueryResult, _with_prefixes


class RdflibStore(Store):
    name = "rdflib"

    def __init__(self):
        from rdflib import Dataset

        self.dataset = Dataset(default_union=True)

    @classmethod
    def open(cls, path=None, url=None, read_only=False):
        from graph_build.core.errors import QueryError

        if path is not None or url is not None:
            raise QueryError("the rdflib store lives in memory only: no path or URL")
        return cls()

    def add_quads(self, quads):
        from rdflib import URIRef

        graphs: dict = {}
        for s, p, o, g in quads:
            graph = graphs.get(g)
            if graph is None:
                graph = graphs[g] = self.dataset.default_context if g is None else self.dataset.graph(URIRef(g))
            graph.add((s, p, o))

    def quads(self):
        default = self.dataset.default_context.identifier
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            graph = getattr(g, "identifier", g)
            yield s, p, o, None if graph == default else graph

    def graph_names(self):
        default = self.dataset.default_context.identifier
        return {str(g.identifier) for g in self.dataset.graphs() if g.identifier != default and len(g)}

    def dump_nquads(self) -> bytes:
        return self.dataset.serialize(format="nquads", encoding="utf-8")

    def __len__(self):
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def _evaluate(self, text, prepared, bindings, dataset, origin):
        from rdflib.plugins.sparql.evaluate import evalPart
        from rdflib.plugins.sparql.processor import SPARQLResult
        from rdflib.plugins.sparql.sparql import QueryContext
        from rdflib.term import Variable

        named, default = self._view(dataset)
        # rdflib's own evalQuery would read FROM itself, fetching any graph it does not hold over
        # HTTP, and (with its global SPARQL_DEFAULT_GRAPH_UNION) make every named graph part of the
        # default graph: the context is set up here instead, as query_dataset decided.
        context = QueryContext(named, initBindings={Variable(k): v for k, v in bindings.items()})
        context.graph = default
        context.prologue = prepared.prologue
        result = SPARQLResult(evalPart(context, prepared.algebra))
        kind = KINDS[prepared.algebra.name]
        if kind == "ASK":
            return QueryResult(kind, boolean=bool(result.askAnswer))
        if kind in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            return QueryResult(kind, graph=_with_prefixes(result.graph))
        names = [str(v) for v in result.vars or ()]
        return QueryResult(kind, names, [tuple(row) for row in result])  # type: ignore[arg-type]  # SELECT rows

    def _view(self, dataset):
        """(the dataset ``GRAPH`` sees, the default graph) for a query over ``dataset``."""
        from rdflib import Dataset, Graph, URIRef

        if dataset is None:
            return self.dataset, self.dataset  # default_union: the default graph is every graph
        named = Dataset()
        for iri in dataset.named:
            graph = named.graph(URIRef(iri))
            graph += self.dataset.get_context(URIRef(iri))
        if len(dataset.default) == 1:
            default = self.dataset.get_context(URIRef(dataset.default[0]))
        else:
            default = Graph()
            for iri in dataset.default:
                default += self.dataset.get_context(URIRef(iri))
        return named, default


__all__ = ["RdflibStore"]
