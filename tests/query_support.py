"""What the query tests share: the plan ids, hostile values and the helpers that make rows comparable.

Expected rows in the query tests are written out from
plans/lang-son-2021-2030/plan.yaml (and the mini plan of tests/data for the
cross-plan queries). The graphs they run on are the session fixtures
``lang_son`` and ``lang_son_and_mini`` of tests/conftest.py; a module asks for
``default_graph_is_lang_son`` so that queries run without a graph see only
the Lạng Sơn plan.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/plankg/id/"
LS = "lang-son-2021-2030"
MINI = "mini-2021-2030"
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))

# Values that would change the query if they were pasted into its text.
HOSTILE = [
    'x" } ; DROP ALL ; #',
    "<http://evil>",
    "') } UNION { ?s ?p ?o } #",
    'x"^^<http://evil> } INSERT DATA { <a> <b> <c> } #',
    "x\n} SELECT * WHERE { ?s ?p ?o }",
]
# For each parameter type, a well-formed value that matches nothing in the bundled data.
HARMLESS = {"search": "zzzz qqqq", "iri": "http://example.org/no-such-class"}


def copy_of(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def plain(term):
    """A term as a short plain value: plan-data IRIs without the base, literals as their lexical form."""
    if term is None:
        return None
    text = str(term)
    if isinstance(term, URIRef):
        if text.startswith(BASE):
            return text[len(BASE) :]
        if text.startswith("https://w3id.org/plankg/vocab/"):
            return "vocab:" + text[len("https://w3id.org/plankg/vocab/") :]
    return text


def cols(result, *names):
    """The rows of ``result`` restricted to ``names``, as plain values, in result order."""
    index = [result.vars.index(n) for n in names]
    return [tuple(plain(row[i]) for i in index) for row in result.rows]
