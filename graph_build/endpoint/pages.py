"""The endpoint's HTML: a page listing the named queries, and results as tables.

The markup and the style sheet are package files under ``assets/`` (read
with ``importlib.resources``), filled in with ``string.Template``. Every
value put into them comes from plan data or the query, which is untrusted
text, so each goes through ``html.escape``; the server also sends a
Content-Security-Policy that forbids scripts. Links are made only for
http(s) IRIs, so an IRI such as ``javascript:…`` in the data stays inert text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from html import escape
from importlib.resources import files
from string import Template
from urllib.parse import quote

#: Sent with every HTML answer: no scripts, no outside resources, forms only to this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@functools.cache
def _asset(name: str) -> str:
    return files("graph_build.endpoint").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


@functools.cache
def _fragments() -> dict[str, Template]:
    pieces = re.split(r"^<!-- fragment: ([a-z-]+) -->\n", _asset("fragments.html"), flags=re.MULTILINE)
    return {name: Template(text.rstrip("\n")) for name, text in zip(pieces[1::2], pieces[2::2])}


def _fill(fragment: str, **values: str) -> str:
    return _fragments()[fragment].substitute(values)


def _document(title: str, body: str) -> bytes:
    return (
        Template(_asset("document.html"))
        .substitute(title=escape(title), style=_asset("style.css"), body=body)
        .encode("utf-8")
    )


def index_page(named_queries: Iterable, sparql_path: str, limits: str) -> bytes:
    """The page at ``/``: one form per named query, and a box for any SPARQL query."""
    forms = "\n".join(_query_form(query) for query in named_queries)
    body = Template(_asset("index.html")).substitute(
        sparql_path=escape(sparql_path), limits=escape(limits), forms=forms
    )
    return _document("plankg SPARQL endpoint", body.rstrip("\n"))


def _query_form(query) -> str:
    """One named query (a ``library.NamedQuery``): summaries, then a form with each parameter's default."""
    inputs = "".join(
        _fill(
            "parameter",
            hint=escape(f"{param.description.get('vi', '')} / {param.description.get('en', '')}"),
            name=escape(param.name),
            type=escape(param.type),
            default=escape(param.default),
        )
        for param in query.params.values()
    )
    return _fill(
        "query-form",
        name=escape(query.name),
        summary_vi=escape(query.summary["vi"]),
        summary_en=escape(query.summary["en"]),
        action=escape("/queries/" + quote(query.name, safe="")),
        inputs=inputs,
    )


def results_table(variables: Sequence[str], rows: Sequence[tuple]) -> bytes:
    """SELECT solutions as a table, one column per variable, every cell escaped."""
    head = "".join(_fill("variable", name=escape(v)) for v in variables)
    return _document("plankg query result", _fill("results", count=str(len(rows)), head=head, rows=_rows(rows)))


def boolean_page(value: bool) -> bytes:
    return _document("plankg query result", _fill("boolean", value=str(value).lower()))


def graph_table(graph) -> bytes:
    """CONSTRUCT/DESCRIBE triples (an rdflib Graph) as a subject / predicate / object table."""
    triples = sorted(graph, key=lambda t: tuple(str(x) for x in t))
    return _document("plankg query result", _fill("graph", count=str(len(triples)), rows=_rows(triples)))


def _rows(rows: Iterable[Sequence]) -> str:
    return "".join(_fill("row", cells="".join(_fill("cell", value=_cell(term)) for term in row)) for row in rows)


def _cell(term) -> str:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, Literal):
        if term.language:
            return _fill("language", text=escape(str(term)), language=escape(term.language))
        return escape(str(term))
    if isinstance(term, URIRef):
        iri = str(term)
        if iri.startswith(("http://", "https://")):
            return _fill("link", iri=escape(iri))
        return escape(iri)
    if isinstance(term, BNode):
        return escape(f"_:{term}")
    return escape(str(term))
