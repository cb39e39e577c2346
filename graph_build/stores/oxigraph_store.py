"""pyoxigraph's Store: in memory, or persistent on disk (RocksDB), queried by Oxigraph's engine.

Rows come back as rdflib terms (``rdf.terms.oxigraph_converter``), so they
compare equal to rdflib's, decimals in plankg's canonical form.

Parameters reach Oxigraph written from checked rdflib terms: literals (a
search text, a date, a number) as constants in place of their variables
(``with_literal_constants``: Oxigraph applies a ``FILTER`` on a ``VALUES``
variable only after every join), IRIs as a ``VALUES`` block
(``with_values_block``), the same as for a remote endpoint. pyoxigraph 0.5's
``substitutions`` refuses a variable that is not in the ``SELECT``
projection, and plankg's ``?_param`` variables never are.

The dataset is always passed to pyoxigraph explicitly (``default_graph``,
``named_graphs``): with ``use_default_graph_as_union`` it keeps the union as
the default graph even under ``FROM``, as ``oxigraph serve
--union-default-graph`` does.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph_build.rdf.terms import from_oxigraph, oxigraph_converter, to_oxigraph
from graph_build.stores.base import Store


class OxigraphStore(Store):
    name = "oxigraph"
    parses_queries = True  # pyoxigraph's query() refuses updates; SERVICE and FROM are screened in Store.run

    def __init__(self, store: ox.Store, path: Path | None = None, read_only: bool = False):
        self.store, self.path, self.read_only = store, path, read_only

    @classmethod
    def open(cls, path=None, url=None, read_only=False):
        from graph_build.core.errors import QueryError

        if url is not None:
            raise QueryError("the oxigraph store is local: give a path, not a URL")
        if path is None:
            return cls(ox.Store())
        path = Path(path)
        try:
            store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            raise QueryError(f"{path}: cannot open the store: {exc}") from None
        return cls(store, path, read_only)

    def add_quads(self, quads):
        def convert():
            for s, p, o, g in quads:
                yield ox.Quad(
                    to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph() if g is None else to_oxigraph(g)
                )

        if self.path is None:
            self.store.extend(convert())
        else:
            self.store.bulk_extend(convert())

    def load_build(self, result) -> None:
        """Every named graph of a ``BuildResult``, parsed from N-Quads by Oxigraph (no rdflib terms)."""
        self.load_nquads(result.triples.nquads(result.graph_names(), sort=False).encode("utf-8"))

    def load_nquads(self, data: bytes) -> None:
        from graph_build.core.errors import QueryError

        try:
            if self.path is None:
                self.store.load(data, format=ox.RdfFormat.N_QUADS)
            else:
                self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            raise QueryError(f"the data cannot be loaded into the store: {exc}") from None

    def quads(self):
        for q in self.store:
            yield (
                from_oxigraph(q.subject),
                from_oxigraph(q.predicate),
                from_oxigraph(q.object),
                from_oxigraph(q.graph_name),
            )

    def ntriples_quads(self):
        # pyoxigraph writes each term in N-Triples syntax already: no rdflib term is made.
        for q in self.store:
            graph = q.graph_name
            yield (
                str(q.subject),
                str(q.predicate),
                str(q.object),
                None if isinstance(graph, ox.DefaultGraph) else graph.value,
            )

    def graph_names(self):
        return {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}

    def dump_nquads(self) -> bytes:
        data = self.store.dump(format=ox.RdfFormat.N_QUADS)
        assert data is not None  # without an output file, dump returns the bytes
        return data

    def __len__(self):
        return len(self.store)

    def close(self):
        if self.store is not None and self.path is not None and not self.read_only:
            self.store.flush()
        self.store = None  # type: ignore[assignment]  # RocksDB closes when the last reference goes

    def _evaluate(self, text, prepared, bindings, dataset, origin):
        from graph_build.core.errors import QueryError
        from graph_build.stores.query import (
            KINDS,
            QueryResult,
            _blank_comments_and_strings,
            _with_prefixes,
            prepare,
            with_literal_constants,
            with_values_block,
        )

        graphs: dict[str, Any]
        if dataset is None:
            graphs = {"use_default_graph_as_union": True}
        else:
            graphs = {
                "default_graph": [ox.NamedNode(g) for g in dataset.default],
                "named_graphs": [ox.NamedNode(g) for g in dataset.named],
            }
        query, rest = with_literal_constants(text, bindings) if bindings else (text, {})
        query = with_values_block(query, rest) if rest else query
        try:
            try:
                result = self.store.query(query, **graphs)
            except SyntaxError:
                if not bindings:
                    raise
                # A literal parameter where only a variable may stand (AS ?x, SELECT ?x, ...):
                # every parameter in the VALUES block, as for a remote endpoint.
                result = self.store.query(with_values_block(text, bindings), **graphs)
        except SyntaxError as exc:
            if prepared is None:
                prepare(text, origin)  # rdflib's located message, or "updates are refused"
            raise QueryError(f"{origin}: the query cannot be used: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"{origin}: query evaluation failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            convert, width = oxigraph_converter(), range(len(names))
            rows = [tuple(convert(solution[i]) for i in width) for solution in result]
            return QueryResult("SELECT", names, rows)
        from rdflib import Graph

        graph, convert = Graph(), oxigraph_converter()
        graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph) for t in result)
        if prepared is not None:
            kind = KINDS[prepared.algebra.name]
        else:  # comments, strings and IRIs blanked: the keyword is the query form
            kind = "DESCRIBE" if re.search(r"(?i)\bDESCRIBE\b", _blank_comments_and_strings(text)) else "CONSTRUCT"
        return QueryResult(kind, graph=_with_prefixes(graph))


__all__ = ["OxigraphStore"]
