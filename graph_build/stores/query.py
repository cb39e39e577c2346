"""What every store does with a query before its engine sees it, and the shape of its answer.

Each query is parsed once (cached) so a syntax error names its line and column,
and an update, a ``SERVICE`` call or a ``FROM`` of a graph the store does not hold
is refused before any engine or network is touched (``prepare``,
``query_dataset``: ``Store.run`` calls both for every store); parameters are
bound as RDF terms (a ``VALUES`` block, or a literal constant where that helps
Oxigraph's planner), never pasted from the user's text.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph_build.core.errors import EndpointError, QueryError
from graph_build.core.iris import ONTOLOGY_IRI
from graph_build.rdf.terms import _IRI_CHARS

if TYPE_CHECKING:  # rdflib is imported lazily: `plankg --help` must stay quick
    from rdflib import Graph
    from rdflib.term import Identifier

_PK = ONTOLOGY_IRI + "#"


KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


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
        return [tuple(None if t is None else t.toPython() for t in row) for row in self.rows]  # type: ignore[attr-defined]  # every rdflib term has toPython


@dataclass(frozen=True)
class QueryDataset:
    """The RDF dataset one query runs over, when it is not the whole store.

    ``default`` are the graphs merged into the default graph (none: an empty
    default graph), ``named`` the graphs ``GRAPH`` may match (none: no named
    graph). Without one, the default graph is the union of every graph and
    every named graph is visible (Oxigraph's ``--union-default-graph``).
    """

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


def query_dataset(
    prepared, default_graphs=None, named_graphs=None, known_graphs=None, origin: str = "query"
) -> QueryDataset | None:
    """The dataset a query asks for: the protocol's ``default-graph-uri``/``named-graph-uri``, else its
    ``FROM``/``FROM NAMED``, else ``None`` (the whole store).

    As the SPARQL 1.1 Protocol says, graphs given with the request replace the
    query's own ``FROM`` and ``FROM NAMED``. ``known_graphs`` (the graph names a
    local store holds) makes naming any other graph a ``QueryError``: rdflib
    would fetch it over HTTP, and no store of plankg ever fetches a graph.
    """
    from graph_build.rdf.terms import is_safe_iri

    if default_graphs or named_graphs:
        dataset = QueryDataset(tuple(str(g) for g in default_graphs or ()), tuple(str(g) for g in named_graphs or ()))
    else:
        clauses = prepared.algebra.datasetClause or ()
        if not clauses:
            return None
        dataset = QueryDataset(
            tuple(str(c.default) for c in clauses if c.default is not None),
            tuple(str(c.named) for c in clauses if c.named is not None),
        )
    for graph in (*dataset.default, *dataset.named):
        if not is_safe_iri(graph):
            raise QueryError(f"{origin}: {graph!r} is not an absolute IRI, so it cannot name a graph")
        if known_graphs is not None and graph not in known_graphs:
            shown = ", ".join(f"<{g}>" for g in sorted(known_graphs)[:8]) or "none"
            raise QueryError(
                f"{origin}: <{graph}> is not a graph of this dataset, and plankg never fetches "
                f"graphs from the network (its graphs: {shown}"
                f"{', …' if len(known_graphs) > 8 else ''})"
            )
    return dataset


def parse_results_json(body: bytes | str, kind: str = "SELECT") -> QueryResult:
    """SPARQL 1.1 Query Results JSON → ``QueryResult`` with rdflib terms."""
    from graph_build.rdf.terms import from_results_json

    try:
        data = json.loads(body)
    except ValueError as exc:
        raise EndpointError(f"the endpoint's answer is not SPARQL results JSON: {exc}") from None
    if "boolean" in data:
        return QueryResult("ASK", boolean=bool(data["boolean"]))
    try:
        names = list(data["head"]["vars"])
        rows = [tuple(from_results_json(b[v]) if v in b else None for v in names) for b in data["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise EndpointError(f"the endpoint's answer is not SPARQL results JSON (missing {exc})") from None
    return QueryResult(kind, names, rows)


def _with_prefixes(graph: Graph) -> Graph:
    from graph_build.core.namespace import bind_prefixes  # the one prefix table

    return bind_prefixes(graph)


#: Words (any case) and the escape without which a query text cannot call a service, choose a
#: dataset or hold a regular expression: ``SERVICE``, ``FROM`` (``FROM NAMED`` too), ``REGEX``,
#: ``REPLACE``, or a ``\\u`` escape that could spell them.
_MAY_NEED_A_CHECK = re.compile(r"(?i)service|from|regex|replace|\\")


def needs_parsing(text: str) -> bool:
    """False when ``text`` can hold none of ``SERVICE``, ``FROM`` and a regular expression: an
    engine that parses and refuses updates itself (Oxigraph) may then skip ``prepare``.

    rdflib's parser takes ~50 ms for a named query (Oxigraph's ~0.5 ms), so only queries that
    hold one of the words anywhere (in a string or comment too) pay for it, once per text.

    >>> needs_parsing("SELECT * WHERE { ?s ?p ?o }"), needs_parsing("SELECT * { SERVICE <x:y> {} }")
    (False, True)
    """
    return _MAY_NEED_A_CHECK.search(text) is not None


def prepare(text: str, origin: str = "query"):
    """Parse a SPARQL query once (cached) and refuse what would leave the machine or write.

    This is the one guard every store calls before its engine sees the query:
    a syntax error becomes one ``QueryError`` with line and column; an update
    (``INSERT``, ``LOAD``, ``DROP`` …) and a ``SERVICE`` call in any form
    (``SERVICE SILENT``, ``SERVICE ?endpoint``, inside a sub-query) are refused,
    so no query makes plankg open a network connection. A regular expression
    written in the query (``REGEX``, ``REPLACE``) that the engine cannot compile
    is refused too: evaluated, it would only be an error per solution, read as
    false, and an invalid pattern would answer "no rows" instead of saying why. ``FROM`` of a graph the
    store does not hold is refused by ``query_dataset``.
    """
    try:
        return _prepare_cached(text)
    except QueryError as exc:
        raise QueryError(f"{origin}: {exc}") from None
    except Exception as exc:
        from pyparsing import ParseException

        if isinstance(exc, ParseException):
            if _is_update(text):
                raise QueryError(
                    f"{origin}: SPARQL Update (INSERT, DELETE, DROP, LOAD, ...) is refused: "
                    "plankg queries are read-only"
                ) from None
            raise QueryError(
                f"{origin}: SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        # rdflib raises a bare Exception for an unknown prefix, and others while translating
        raise QueryError(
            f"{origin}: the query cannot be used: {str(exc).splitlines()[0] if str(exc) else exc!r}"
        ) from None


@functools.lru_cache(maxsize=256)
def _prepare_cached(text: str):
    from rdflib.plugins.sparql import prepareQuery

    prepared = prepareQuery(text)
    if _calls_a_service(prepared.algebra):
        raise QueryError(
            "SERVICE is refused: plankg answers from its own graph and makes no outgoing "
            "requests (load the other data into the store instead)"
        )
    for function, pattern, flags in _constant_patterns(prepared.algebra):
        if not _engine_compiles(pattern, flags):
            shown = pattern if len(pattern) <= 60 else pattern[:57] + "..."
            raise QueryError(
                f"invalid regular expression in {function}: {shown!r}"
                + (f" with flags {flags!r}" if flags else "")
                + " (XPath syntax; flags are among s, m, i, x, q)"
            )
    return prepared


def _constant_patterns(node) -> list[tuple[str, str, str]]:
    """``(function, pattern, flags)`` of each ``REGEX``/``REPLACE`` whose pattern and flags are literals."""
    from rdflib import Literal
    from rdflib.plugins.sparql.parserutils import CompValue

    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name in ("Builtin_REGEX", "Builtin_REPLACE"):
                # dict.get: CompValue.get answers the key itself for a missing key
                pattern, flags = dict.get(item, "pattern"), dict.get(item, "flags")
                if isinstance(pattern, Literal) and (flags is None or isinstance(flags, Literal)):
                    found.append((item.name.removeprefix("Builtin_"), str(pattern), str(flags or "")))
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return found


@functools.lru_cache(maxsize=256)
def _engine_compiles(pattern: str, flags: str) -> bool:
    """Whether Oxigraph, the engine behind every local store and the endpoint, accepts the pattern.

    Its regular expressions are not Python's (``\\p{L}`` is valid there), so it is asked:
    ``REGEX`` over an empty string is bound exactly when the pattern and flags compile.
    Both are written as N-Triples literals, so no text of the query becomes query code.
    """
    import pyoxigraph as ox

    compiled = f'REGEX("", {ox.Literal(pattern)}, {ox.Literal(flags)})'
    probe = f"ASK {{ BIND({compiled} AS ?compiled) FILTER(BOUND(?compiled)) }}"
    return bool(_probe_store().query(probe))


@functools.lru_cache(maxsize=1)
def _probe_store():
    import pyoxigraph as ox

    return ox.Store()


def _calls_a_service(node) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


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
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            end = min(n, j + len(quote))
            blank(i, end)
            i = end
        else:
            i += 1
    return "".join(out)


def with_literal_constants(
    text: str, bindings: Mapping[str, Identifier], include_iris: bool = False
) -> tuple[str, dict]:
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
    ``include_iris``: IRIs too, for a query whose every branch starts from the
    parameter (a dereferenced IRI's page: each ``UNION`` branch would otherwise
    be evaluated over the whole graph before the join).
    """
    from rdflib import Literal, URIRef

    from graph_build.rdf.terms import sparql_term

    literals = {
        name: term
        for name, term in bindings.items()
        if isinstance(term, Literal) or (include_iris and isinstance(term, URIRef))
    }
    rest = {name: term for name, term in bindings.items() if name not in literals}
    if not literals:
        return text, rest
    code = _blank_comments_and_strings(text)
    pieces, last = [], 0
    for m in re.finditer(r"[?$]([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_])", code):
        if m.group(1) in literals:
            pieces += [text[last : m.start()], sparql_term(literals[m.group(1)])]
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
        if token == "{":  # noqa: S105 - a SPARQL token, not a secret
            if depth == 0 and where_at is not None:
                break
            if depth == 0 and where_at is None and not re.search(r"(?i)\bCONSTRUCT\b", code[: m.start()]):
                break  # SELECT/ASK/DESCRIBE without the optional WHERE keyword
            depth += 1
        elif token == "}":  # noqa: S105 - a SPARQL token, not a secret
            depth -= 1
        elif depth == 0:
            where_at = m.end()
    else:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"cannot bind parameter variable {name!r}")
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(sparql_term(bindings[n]) for n in names)}) }} "
    return text[: m.end()] + block + text[m.end() :]
