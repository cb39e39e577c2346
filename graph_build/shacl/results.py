"""SHACL results as both engines give them: one readable result per focus node, path and shape."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from graph_build.shacl.terms import sh


@dataclass(frozen=True)
class ShaclResult:
    focus: URIRef
    path: str | None
    message: str
    severity: str  # "Violation", "Warning", "Info"
    shape: str


def finish(results: Iterable[ShaclResult]) -> list[ShaclResult]:
    """One result per focus, path and shape (pySHACL repeats one per value node, and per
    message language; of different messages the first in order is kept), sorted."""
    unique: dict[tuple[URIRef, str | None, str], ShaclResult] = {}
    for r in results:
        key = (r.focus, r.path, r.shape)
        if key not in unique or r.message < unique[key].message:
            unique[key] = r
    return sorted(unique.values(), key=lambda r: (str(r.focus), r.path or "", r.message, r.shape))


def path_text(graph: Graph, path: Node) -> str:
    """A SHACL path as short text: ``label``, ``^hasPart``, ``a/b``, ``(a|b)``, ``a*``."""
    if isinstance(path, URIRef):
        return local_name(path)
    if isinstance(path, BNode):
        if graph.value(path, RDF.first) is not None or path == RDF.nil:
            return "/".join(path_text(graph, p) for p in graph.items(path))
        for predicate, prefix, suffix in (
            ("inversePath", "^", ""),
            ("zeroOrMorePath", "", "*"),
            ("oneOrMorePath", "", "+"),
            ("zeroOrOnePath", "", "?"),
        ):
            inner = graph.value(path, sh(predicate))
            if inner is not None:
                return f"{prefix}{path_text(graph, inner)}{suffix}"
        alternatives = graph.value(path, sh("alternativePath"))
        if alternatives is not None:
            return "(" + "|".join(path_text(graph, p) for p in graph.items(alternatives)) + ")"
    return str(path)


def local_name(term: object) -> str:
    """The last segment of an IRI (after '#' or '/'): how results name shapes and paths."""
    text = str(term)
    for sep in ("#", "/"):
        if sep in text:
            return text.rsplit(sep, 1)[-1]
    return text


def pick_message(messages: Iterable[tuple[str, str | None]]) -> str | None:
    """The message shown for a result: English first, then the others, each alphabetically."""
    ordered = sorted(messages, key=lambda m: (m[1] != "en", m[0]))
    return ordered[0][0] if ordered else None


def message_languages(
    constraint_messages: Iterable[tuple[str, str | None]], shape_messages: Iterable[tuple[str, str | None]]
) -> dict[str, str | None]:
    """Language of each sh:message text of a SPARQL constraint and its shape. pySHACL drops the
    language tags of the messages of a SPARQL constraint's results; both engines restore them
    from this table, so such a message is chosen English first like any other."""
    return {**dict(shape_messages), **dict(constraint_messages)}
