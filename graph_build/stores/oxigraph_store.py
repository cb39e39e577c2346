"""pyoxigraph's Store: in memory, or persistent on disk (RocksDB), queried by Oxigraph's engine.

Rows come back as rdflib terms, so they compare equal to rdflib's. Oxigraph
keeps numbers in their value space (``"8.0"^^xsd:decimal`` comes back as
``"8"``); decimals are rewritten in plankg's canonical form ("8.0"), as the
remote path of ``queries`` does.

Parameters reach Oxigraph written from checked rdflib terms: literals (a
search text, a date, a number) as constants in place of their variables
(``queries.with_literal_constants``: Oxigraph applies a ``FILTER`` on a
``VALUES`` variable only after every join), IRIs as a ``VALUES`` block
(``queries.with_values_block``), the same as for a remote endpoint.
pyoxigraph 0.5's ``substitutions`` refuses a variable that is not in the
``SELECT`` projection, and plankg's ``?_param`` variables never are.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef  # rows are rdflib terms: needed by every query

from graph_build.stores.base import Store

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = ox.NamedNode(XSD + "string")
_XSD_DECIMAL = XSD + "decimal"


# -- terms: rdflib ↔ pyoxigraph -----------------------------------------------------------------
def to_ox(term):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


@lru_cache(maxsize=200_000)
def _named(iri: str):
    return ox.NamedNode(iri)


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype
        if datatype == _XSD_STRING:
            return Literal(term.value)
        if datatype.value == _XSD_DECIMAL:
            from graph_build.rdf.builder import decimal_lexical

            try:
                return Literal(decimal_lexical(Decimal(term.value)), datatype=URIRef(_XSD_DECIMAL))
            except InvalidOperation:
                pass
        return Literal(term.value, datatype=URIRef(datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported term {term!r}")


def _converter():
    """``to_rdflib`` remembering each distinct term, for the rows of one result.

    Rows repeat their plans, sectors, classes and counts, and making an rdflib
    term costs microseconds (a ``Literal`` parses its value): on the 42 000
    rows of ``shared-sectors`` at 10^6 triples converting took longer than the
    query.
    """
    cache: dict = {}

    def convert(term):
        if term is None:
            return None
        value = cache.get(term)
        if value is None:
            value = cache[term] = to_rdflib(term)
        return value

    return convert


# -- the store ----------------------------------------------------------------------------------
class OxigraphStore(Store):
    name = "oxigraph"

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
                yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))

        if self.path is None:
            self.store.extend(convert())
        else:
            self.store.bulk_extend(convert())

    def load_build(self, result) -> None:
        """Every named graph of a ``BuildResult``, parsed from N-Quads by Oxigraph (no rdflib terms)."""
        data = result.triples.nquads(result.graph_names(), sort=False).encode("utf-8")
        if self.path is None:
            self.store.load(data, format=ox.RdfFormat.N_QUADS)
        else:
            self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)

    def quads(self):
        for q in self.store:
            graph = q.graph_name
            yield (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object),
                   None if isinstance(graph, ox.DefaultGraph) else to_rdflib(graph))

    def dump_nquads(self) -> bytes:
        return self.store.dump(format=ox.RdfFormat.N_QUADS)

    def __len__(self):
        return len(self.store)

    def close(self):
        if self.store is not None and self.path is not None and not self.read_only:
            self.store.flush()
        self.store = None  # RocksDB closes when the last reference goes

    def run(self, text, bindings, origin="query"):
        from graph_build.core.errors import QueryError
        from graph_build.stores.query import QueryResult, prepare, with_literal_constants, with_values_block

        query, rest = with_literal_constants(text, bindings) if bindings else (text, {})
        query = with_values_block(query, rest) if rest else query
        try:
            try:
                result = self.store.query(query, use_default_graph_as_union=True)
            except SyntaxError:
                if not bindings:
                    raise
                # A literal parameter where only a variable may stand (AS ?x, SELECT ?x, ...):
                # every parameter in the VALUES block, as for a remote endpoint.
                result = self.store.query(with_values_block(text, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            prepare(text, origin)  # rdflib's located message, or "updates are refused"
            raise QueryError(f"{origin}: the query cannot be used: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"{origin}: query evaluation failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            convert, width = _converter(), range(len(names))
            rows = [tuple(convert(solution[i]) for i in width) for solution in result]
            return QueryResult("SELECT", names, rows)
        from rdflib import Graph

        from graph_build.stores.query import _blank_comments_and_strings, _with_prefixes

        graph, convert = Graph(), _converter()
        for t in result:
            graph.add((convert(t.subject), convert(t.predicate), convert(t.object)))
        code = _blank_comments_and_strings(text)
        kind = "DESCRIBE" if re.search(r"(?i)\bDESCRIBE\b", code) else "CONSTRUCT"
        return QueryResult(kind, graph=_with_prefixes(graph))


__all__ = ["OxigraphStore", "to_ox", "to_rdflib"]
