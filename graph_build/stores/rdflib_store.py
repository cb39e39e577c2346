"""rdflib's in-memory ``Dataset``: the reference engine, slow beyond ~10^5 triples."""

from __future__ import annotations

from graph_build.stores.base import Store


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

        graphs = {}
        for s, p, o, g in quads:
            graph = graphs.get(g)
            if graph is None:
                graph = graphs[g] = self.dataset.graph(URIRef(g))
            graph.add((s, p, o))

    def quads(self):
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            yield s, p, o, getattr(g, "identifier", g)

    def dump_nquads(self) -> bytes:
        return self.dataset.serialize(format="nquads", encoding="utf-8")

    def __len__(self):
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def run(self, text, bindings, origin="query"):
        from graph_build.stores.query import _LocalBackend

        return _LocalBackend(self.dataset).run(text, bindings, origin)


__all__ = ["RdflibStore"]
