"""The data indexes the fast SHACL engine evaluates on, built from N-Triples term triples in one pass."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from graph_build.shacl.terms import EMPTY, RDF_TYPE, SUBCLASS, canonical_lang, canonical_typed

if TYPE_CHECKING:
    import pyoxigraph


class Data:
    """Indexes over the triples, built in one pass: for each predicate a shape needs,
    subject → objects (``out``) and, for inverse paths, object → subjects (``inv``)."""

    def __init__(
        self,
        triples: Iterable[tuple[str, str, str]],
        out_predicates: Iterable[str],
        in_predicates: Iterable[str],
        keep_all: bool = False,
        distinct: bool = False,
    ):
        """``distinct``: the triples are known to be distinct (a set), so no value lists need
        de-duplicating unless two literals turn out equal in rdflib."""
        out: dict[str, dict[str, list[str]]] = {p: {} for p in out_predicates}
        inv: dict[str, dict[str, list[str]]] = {p: {} for p in in_predicates}
        out_get, inv_get = out.get, inv.get
        canonical: dict[str, str] = {}  # typed and odd language-tagged literals as rdflib stores them
        kept: list[tuple[str, str, str]] = []
        merged = False
        for s, p, o in triples:
            forward = out_get(p)
            backward = inv_get(p) if inv else None
            if forward is None and backward is None and not keep_all:
                continue
            if o[0] == '"' and o[-1] != '"':  # typed or language-tagged: maybe not as rdflib stores it
                tail = o[-3:]
                if tail != "@vi" and tail != "@en":
                    c = canonical.get(o)
                    if c is None:
                        c = canonical[o] = canonical_typed(o) if o[-1] == ">" else canonical_lang(o)
                        merged = merged or c != o
                    o = c
            if keep_all:
                kept.append((s, p, o))
            if forward is not None:
                values = forward.get(s)
                if values is None:
                    forward[s] = [o]
                else:
                    values.append(o)
            if backward is not None:
                values = backward.get(o)
                if values is None:
                    backward[o] = [s]
                else:
                    values.append(s)
        if merged or not distinct:  # one value per distinct term, as in a graph
            for index in (*out.values(), *inv.values()):
                for key, values in index.items():
                    if len(values) > 1:
                        index[key] = list(dict.fromkeys(values))
        self.out, self.inv, self.triples = out, inv, kept
        self._subclasses: dict[str, list[str]] = {}
        self._by_class: dict[str, list[str]] | None = None
        self._instances: dict[str, set[str]] = {}
        self.store: pyoxigraph.Store | None = None  # built on first use by a SPARQL constraint not in Python

    def values(self, path: tuple[str, str]) -> dict[str, list[str]]:
        direction, predicate = path
        return (self.out if direction == "out" else self.inv)[predicate]

    def instances(self, cls: str) -> set[str]:
        """SHACL instances of a class: typed with it or with a (transitive) subclass."""
        found = self._instances.get(cls)
        if found is not None:
            return found
        by_class = self._by_class
        if by_class is None:
            by_class = self._by_class = {}
            for s, types in self.out[RDF_TYPE].items():
                for t in types:
                    by_class.setdefault(t, []).append(s)
            for sub, supers in self.out[SUBCLASS].items():
                for sup in supers:
                    self._subclasses.setdefault(sup, []).append(sub)
        seen, todo = {cls}, [cls]
        while todo:
            for sub in self._subclasses.get(todo.pop(), EMPTY):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        found = self._instances[cls] = set()
        for c in seen:
            found.update(by_class.get(c, EMPTY))
        return found
