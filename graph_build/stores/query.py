"""What every store does with a query before its engine sees it, and the shape of its answer.

Each query is parsed once (cached) so a syntax error names its line and column
and an update is refused before any engine or network is touched; parameters are
bound as RDF terms (a ``VALUES`` block, or a literal constant where that helps
Oxigraph's planner), never pasted from the user's text.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from graph_build.core.errors import EndpointError, QueryError
from graph_build.core.iris import ONTOLOGY_IRI, VOCAB_IRI
from graph_build.rdf.terms import _IRI_CHARS

if TYPE_CHECKING:  # rdflib is imported lazily: `plankg --help` must stay quick
    from rdflib import Graph
    from rdflib.term import Identifier

_PK = ONTOLOGY_IRI + "#"


_KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass
class QueryResult:
    """What a query returned, the same shape from a local graph or an endpoint.

    ``rows`` hold rdflib terms (``None`` where a variable is unbound), so a
    remote row and a local row compare equal when they mean the same.
    """

    kind: str  # "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE"
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def values(self) -> list[tuple]:
        """Rows as plain Python values (``term.toPython()``): handy in tests and notebooks."""
        return [tuple(None if t is None else t.toPython() for t in row) for row in self.rows]








class _Backend:
    """Where queries run. ``run`` takes query text and parameter bindings (variable → term)."""

    def run(self, text: str, bindings: Mapping[str, Identifier], origin: str = "query") -> QueryResult:
        raise NotImplementedError


class _LocalBackend(_Backend):
    def __init__(self, graph: Graph):
        self.graph = graph

    def run(self, text, bindings, origin="query"):
        prepared = prepare(text, origin)
        result = self.graph.query(prepared, initBindings=dict(bindings))
        kind = _KINDS[prepared.algebra.name]
        if kind == "ASK":
            return QueryResult(kind, boolean=bool(result.askAnswer))
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(kind, graph=_with_prefixes(result.graph))
        names = [str(v) for v in result.vars]
        return QueryResult(kind, names, [tuple(row) for row in result])


class _RemoteBackend(_Backend):
    """A SPARQL 1.1 Protocol endpoint, reached with urllib (POST, ``application/sparql-query``)."""

    timeout = 60

    def __init__(self, url: str):
        if not re.match(r"^https?://", url or ""):
            raise QueryError(f"the endpoint must be an http(s) URL, got {url!r}")
        self.url = url

    def run(self, text, bindings, origin="query"):
        prepared = prepare(text, origin)  # syntax check and query kind, before any network traffic
        kind = _KINDS[prepared.algebra.name]
        if bindings:
            text = with_values_block(text, bindings)
        graph_result = kind in ("CONSTRUCT", "DESCRIBE")
        accept = "text/turtle" if graph_result else "application/sparql-results+json"
        content_type, body = self._post(text, accept)
        if graph_result:
            return QueryResult(kind, graph=self._parse_graph(body, content_type))
        return parse_results_json(body, kind)

    def _post(self, text: str, accept: str) -> tuple[str, bytes]:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(
            self.url, data=text.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) checked
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            raise EndpointError(f"{self.url} answered HTTP {exc.code}: {detail[0] if detail else exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise EndpointError(f"cannot reach {self.url}: {getattr(exc, 'reason', exc)}") from None

    def _parse_graph(self, body: bytes, content_type: str) -> Graph:
        from rdflib import Graph

        fmt = "nt" if "n-triples" in content_type else "json-ld" if "ld+json" in content_type else "turtle"
        try:
            return _with_prefixes(Graph().parse(data=body.decode("utf-8"), format=fmt))
        except Exception as exc:  # whatever the parser raises for a bad answer
            raise EndpointError(f"{self.url} sent a graph that cannot be read: {exc}") from None


def parse_results_json(body: bytes | str, kind: str = "SELECT") -> QueryResult:
    """SPARQL 1.1 Query Results JSON → ``QueryResult`` with rdflib terms."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    try:
        data = json.loads(body)
    except ValueError as exc:
        raise EndpointError(f"the endpoint's answer is not SPARQL results JSON: {exc}") from None
    if "boolean" in data:
        return QueryResult("ASK", boolean=bool(data["boolean"]))

    def term(binding: dict):
        kind_, value = binding.get("type"), binding.get("value")
        if kind_ == "uri":
            return URIRef(value)
        if kind_ == "bnode":
            return BNode(value)
        if kind_ in ("literal", "typed-literal"):
            if "xml:lang" in binding:
                return Literal(value, lang=binding["xml:lang"])
            datatype = binding.get("datatype")
            if datatype == str(XSD.decimal):  # "156" and "156.0" are one value: use plankg's canonical form
                from graph_build.rdf.builder import decimal_lexical

                try:
                    return Literal(decimal_lexical(Decimal(value)), datatype=XSD.decimal)
                except InvalidOperation:
                    return Literal(value, datatype=XSD.decimal)
            if datatype and datatype != str(XSD.string):
                return Literal(value, datatype=URIRef(datatype))
            return Literal(value)
        raise EndpointError(f"unsupported term type {kind_!r} in the endpoint's results")

    try:
        names = list(data["head"]["vars"])
        rows = [tuple(term(b[v]) if v in b else None for v in names) for b in data["results"]["bindings"]]
    except (KeyError, TypeError) as exc:
        raise EndpointError(f"the endpoint's answer is not SPARQL results JSON (missing {exc})") from None
    return QueryResult(kind, names, rows)


def _with_prefixes(graph: Graph) -> Graph:
    from graph_build.core.namespace import bind_prefixes  # the one prefix table

    return bind_prefixes(graph)


def prepare(text: str, origin: str = "query"):
    """Parse a SPARQL query once (cached); errors become one ``QueryError`` with line and column."""
    try:
        return _prepare_cached(text)
    except QueryError:
        raise
    except Exception as exc:
        from pyparsing import ParseException

        if isinstance(exc, ParseException):
            if _is_update(text):
                raise QueryError(f"{origin}: SPARQL Update (INSERT, DELETE, DROP, LOAD, ...) is refused: "
                                 "plankg queries are read-only") from None
            raise QueryError(f"{origin}: SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                             f"{exc.msg}") from None
        # rdflib raises a bare Exception for an unknown prefix, and others while translating
        raise QueryError(f"{origin}: the query cannot be used: {str(exc).splitlines()[0] if str(exc) else exc!r}") \
            from None


@functools.lru_cache(maxsize=256)
def _prepare_cached(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # not an update either: the caller reports the query syntax error
        return False
    return True


_IRIREF = re.compile("<" + _IRI_CHARS + ">")


@functools.lru_cache(maxsize=128)  # a named query's text is blanked on every run: ~0.2 ms each
def _blank_comments_and_strings(text: str) -> str:
    """``text`` with comments, string literals and IRIs replaced by spaces (same length).

    What is left is SPARQL syntax only, so keywords, braces and variables can be
    found with regular expressions without being fooled by a ``{`` in a string.
    """
    out = list(text)
    i, n = 0, len(text)

    def blank(start, end):
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif c == "<":
            m = _IRIREF.match(text, i)
            if m:
                blank(i, m.end())
                i = m.end()
            else:
                i += 1
        elif c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            end = min(n, j + len(quote))
            blank(i, end)
            i = end
        else:
            i += 1
    return "".join(out)


def with_literal_constants(text: str, bindings: Mapping[str, Identifier]) -> tuple[str, dict]:
    """The query with each literal parameter written in place of its variable, and the other bindings.

    Oxigraph joins a ``VALUES`` block with the rest of the query last, so a
    ``FILTER`` on a parameter (a search text, a date, a number) is applied
    only after every join (``search-quotes``: 1.2 s instead of 0.9 s at 10^6
    triples); written as a constant, it is applied where its pattern is
    matched. IRIs stay in the ``VALUES`` block: as constants they make some
    plans worse. Each literal is written by ``results.sparql_term`` from a
    checked, typed rdflib term, as in ``with_values_block``, and only where
    the query has the variable itself (not in strings, IRIs or comments). A
    parameter is used only in the top-level group (see the module
    docstring), where a constant and a ``VALUES`` binding give the same rows.
    """
    from rdflib import Literal

    from graph_build.rdf.terms import sparql_term

    literals = {name: term for name, term in bindings.items() if isinstance(term, Literal)}
    rest = {name: term for name, term in bindings.items() if name not in literals}
    if not literals:
        return text, rest
    code = _blank_comments_and_strings(text)
    pieces, last = [], 0
    for m in re.finditer(r"[?$]([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_])", code):
        if m.group(1) in literals:
            pieces += [text[last:m.start()], sparql_term(literals[m.group(1)])]
            last = m.end()
    return "".join(pieces) + text[last:], rest


def with_values_block(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with ``VALUES (?_a ?_b) { (term term) }`` as the first element of its WHERE clause.

    This is how parameters reach an endpoint: each term is written by
    ``results.sparql_term`` from a checked, typed rdflib term, never from the
    user's text, so a value can only ever be a value.
    """
    from graph_build.rdf.terms import sparql_term

    code = _blank_comments_and_strings(text)
    depth, where_at = 0, None
    for m in re.finditer(r"[{}]|(?<![\w:])WHERE(?![\w:-])", code, flags=re.IGNORECASE):
        token = m.group(0)
        if token == "{":
            if depth == 0 and where_at is not None:
                break
            if depth == 0 and where_at is None and not re.search(r"(?i)\bCONSTRUCT\b", code[:m.start()]):
                break  # SELECT/ASK/DESCRIBE without the optional WHERE keyword
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            where_at = m.end()
    else:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"cannot bind parameter variable {name!r}")
    block = (f" VALUES ({' '.join('?' + n for n in names)}) "
             f"{{ ({' '.join(sparql_term(bindings[n]) for n in names)}) }} ")
    return text[:m.end()] + block + text[m.end():]
