"""Named and ad-hoc queries sent to a SPARQL 1.1 Protocol endpoint: the real Oxigraph server.

The server is the ``oxigraph`` binary from PyPI (tests/servers.py), holding the
Lạng Sơn graph in one named graph and answering with ``--union-default-graph``,
so a query without ``GRAPH`` sees what the local graph holds. The answers
come from Oxigraph's own evaluator and writers, independently of plankg's.
"""

from __future__ import annotations

import pytest
from rdflib.compare import isomorphic

from graph_build.core.errors import EndpointError, QueryError
from graph_build.sparql import library as Q

from .query_support import BASE, HOSTILE, LS, QUERY_FILES, cols
from .servers import put_graph, start_oxigraph

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("default_graph_is_lang_son")]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, lang_son):
    """The query URL of an Oxigraph server holding exactly the Lạng Sơn graph."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "store")
    put_graph(server, BASE + "graph/all", lang_son.serialize(format="nt", encoding="utf-8"))
    yield f"{server.url}/query"
    server.stop()


def same_rows(remote, local) -> None:
    assert remote.kind == local.kind
    assert remote.vars == local.vars
    assert sorted(map(repr, remote.rows)) == sorted(map(repr, local.rows))


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERY_FILES))
def test_endpoint_rows_equal_local_rows(endpoint, lang_son, name):
    same_rows(Q.run_query(name, endpoint=endpoint), Q.run_query(name, graph=lang_son))


@pytest.mark.parametrize(
    "name, params",
    [
        ("concerns-place", {"place": "ref/van-lang"}),
        ("entity-sources", {"entity": f"{LS}/decision-748"}),
        ("search-labels", {"text": "  ĐỒNG   bành "}),
        ("events", {"since": "2024-04-20"}),
        ("infrastructure", {"min_length_km": "100.5"}),
    ],
)
def test_parameters_reach_the_endpoint_as_bound_values(endpoint, lang_son, name, params):
    remote = Q.run_query(name, params, endpoint=endpoint)
    assert remote.rows, "a value that matches: the binding reached the server"
    assert remote.rows != Q.run_query(name, endpoint=endpoint).rows or not Q.get_query(name).params
    same_rows(remote, Q.run_query(name, params, graph=lang_son))


def test_endpoint_graph_results_and_hostile_values(endpoint, lang_son):
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{BASE}ref/asean>) }}"
    remote = Q.run_sparql(construct, endpoint=endpoint)
    assert remote.kind == "CONSTRUCT" and len(remote.graph) > 0
    assert isomorphic(remote.graph, Q.run_sparql(construct, graph=lang_son).graph)
    described = Q.run_sparql(f"DESCRIBE <{BASE}ref/asean>", endpoint=endpoint)
    assert ("ref/asean",) in {(s.removeprefix(BASE),) for s in map(str, described.graph.subjects())}
    assert Q.run_sparql("ASK { ?s a <https://w3id.org/plankg/def#Breakthrough> }", endpoint=endpoint).boolean is True
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = Q.run_sparql(count, endpoint=endpoint).values()
    for value in HOSTILE:
        assert Q.run_query("search-labels", {"text": value}, endpoint=endpoint).rows == []
    assert Q.run_sparql(count, endpoint=endpoint).values() == before == [(len(lang_son),)]
    assert cols(Q.run_query("plans", endpoint=endpoint), "plan") == [(LS,)]


def test_endpoint_failures_are_endpoint_errors(endpoint):
    with pytest.raises(EndpointError, match="cannot reach"):
        Q.run_sparql("ASK {}", endpoint="http://127.0.0.1:9/sparql")
    with pytest.raises(EndpointError, match=r"answered HTTP 404"):
        Q.run_sparql("ASK {}", endpoint=endpoint.rsplit("/", 1)[0] + "/no-such-path")
    with pytest.raises(QueryError, match="http"):
        Q.run_sparql("ASK {}", endpoint="file:///etc/passwd")
