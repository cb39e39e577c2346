"""The endpoint's HTML: a page listing the named queries, and results as tables.

Everything here is built on the server, with no script at all: labels and
literals come from plan data, which is untrusted text, so every value goes
through ``html.escape`` and the server also sends a Content-Security-Policy
that forbids scripts. Links are made only for http(s) IRIs, so an IRI such
as ``javascript:…`` in the data stays inert text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef

#: Sent with every HTML answer: no scripts, no outside resources, forms only to this server.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                           "base-uri 'none'; frame-ancestors 'none'")

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; max-width: 70rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-bottom: .2rem; }
section { border-top: 1px solid #ccc; padding: .6rem 0; }
.en { color: #555; } code, textarea { font-family: ui-monospace, monospace; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .2rem .4rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } .lang, .dt { color: #777; font-size: .8em; }
label { margin-right: .8rem; } textarea { width: 100%; }
"""


def _document(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    ).encode("utf-8")


def index_page(named_queries: Iterable, sparql_path: str, limits: str) -> bytes:
    """The page at ``/``: one form per named query, and a box for any SPARQL query."""
    parts = [
        "<h1>plankg SPARQL endpoint</h1>",
        f"<p>SPARQL 1.1 Protocol endpoint: <code>{escape(sparql_path)}</code> (GET or POST, read-only). "
        f"{escape(limits)}</p>",
        "<h2>Named queries</h2>",
    ]
    for query in named_queries:
        parts.append(_query_form(query))
    parts.append(
        f'<section><h2>Any query</h2><form method="get" action="{escape(sparql_path)}">'
        '<textarea name="query" rows="6">SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea>'
        '<input type="hidden" name="format" value="html"><button type="submit">Run</button></form></section>'
    )
    return _document("plankg SPARQL endpoint", "\n".join(parts))


def _query_form(query) -> str:
    """One named query (a ``queries.NamedQuery``): summaries, then a form with each parameter's default."""
    inputs = []
    for param in query.params.values():
        hint = f"{param.description.get('vi', '')} / {param.description.get('en', '')}"
        inputs.append(
            f'<label title="{escape(hint)}">{escape(param.name)} <span class="dt">({escape(param.type)})</span> '
            f'<input name="{escape(param.name)}" value="{escape(param.default)}"></label>'
        )
    action = "/queries/" + quote(query.name, safe="")
    return (
        f'<section id="q-{escape(query.name)}"><h2><code>{escape(query.name)}</code></h2>'
        f"<p>{escape(query.summary['vi'])}<br><span class=\"en\">{escape(query.summary['en'])}</span></p>"
        f'<form method="get" action="{escape(action)}">{"".join(inputs)}'
        '<input type="hidden" name="format" value="html"><button type="submit">Run</button></form></section>'
    )


def results_table(variables: Sequence[str], rows: Sequence[tuple]) -> bytes:
    """SELECT solutions as a table, one column per variable, every cell escaped."""
    head = "".join(f"<th>?{escape(v)}</th>" for v in variables)
    body = "".join("<tr>" + "".join(f"<td>{_cell(term)}</td>" for term in row) + "</tr>" for row in rows)
    return _document("plankg query result",
                     f'<p><a href="/">← queries</a> · {len(rows)} row(s)</p>'
                     f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def boolean_page(value: bool) -> bytes:
    return _document("plankg query result", f'<p><a href="/">← queries</a></p><p>ASK: <b>{str(value).lower()}</b></p>')


def graph_table(graph: Graph) -> bytes:
    """CONSTRUCT/DESCRIBE triples as a subject / predicate / object table."""
    rows = sorted(graph, key=lambda t: tuple(str(x) for x in t))
    body = "".join("<tr>" + "".join(f"<td>{_cell(term)}</td>" for term in triple) + "</tr>" for triple in rows)
    return _document("plankg query result",
                     f'<p><a href="/">← queries</a> · {len(rows)} triple(s)</p>'
                     "<table><thead><tr><th>subject</th><th>predicate</th><th>object</th></tr></thead>"
                     f"<tbody>{body}</tbody></table>")


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = escape(str(term))
        if term.language:
            return f'{text} <span class="lang">@{escape(term.language)}</span>'
        return text
    if isinstance(term, URIRef):
        iri = str(term)
        if iri.startswith(("http://", "https://")):
            return f'<a href="{escape(iri)}">{escape(iri)}</a>'
        return escape(iri)
    if isinstance(term, BNode):
        return escape(f"_:{term}")
    return escape(str(term))
