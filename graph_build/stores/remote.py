"""A SPARQL 1.1 Protocol endpoint as a (read-only) store; write to one with ``plankg push``."""

from __future__ import annotations

from graph_build.stores.base import Store


class RemoteStore(Store):
    name = "remote"

    def __init__(self, url: str):
        from graph_build.stores.query import _RemoteBackend

        self.backend = _RemoteBackend(url)
        self.url = url

    @classmethod
    def open(cls, path=None, url=None, read_only=True):
        from graph_build.core.errors import QueryError

        if url is None:
            raise QueryError("the remote store needs the endpoint's URL")
        return cls(url)

    def run(self, text, bindings, origin="query"):
        return self.backend.run(text, bindings, origin)

    def __len__(self):
        result = self.run("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", {})
        return int(result.rows[0][0])


__all__ = ["RemoteStore"]
