"""`plankg push` against a real Oxigraph server, and the query library run remotely against it.

Oxigraph is the ``oxigraph`` binary from PyPI, started on a free loopback
port with an on-disk store in a temporary folder; nothing is mocked.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from rdflib.compare import isomorphic

from graph_build.cli.main import main
from graph_build.core.errors import EndpointError
from graph_build.pipeline import api
from graph_build.sparql.library import list_queries, run_query, run_sparql
from graph_build.stores.push import push, store_urls

from .servers import start_oxigraph

pytestmark = pytest.mark.slow

QUERY_NAMES = [q.name for q in list_queries()]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "store")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pushed(oxigraph, bundled):
    """The bundled build pushed once: (server, reports)."""
    return oxigraph, push(bundled, oxigraph.url)


def counts_in_store(query_url: str) -> dict[str, int]:
    rows = run_sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", endpoint=query_url).rows
    return {str(g): int(n) for g, n in rows}


def local_counts(result) -> dict[str, int]:
    return {str(iri): len(graph) for iri, graph in result.named_graphs()}


def test_each_plan_lands_in_its_own_graph_with_the_local_count(pushed, bundled):
    server, reports = pushed
    expected = local_counts(bundled)
    assert {r.graph: r.pushed for r in reports} == expected
    assert all(r.in_store == r.pushed for r in reports)
    # the store holds exactly these graphs, counted independently of push()'s own check
    assert counts_in_store(f"{server.url}/query") == expected
    assert any(iri.endswith("/graph/lang-son-2021-2030") for iri in expected)


def test_pushing_again_replaces_instead_of_duplicating(pushed, bundled):
    server, first = pushed
    second = push(bundled, server.url)
    assert [(r.graph, r.pushed, r.in_store) for r in second] == [(r.graph, r.pushed, r.in_store) for r in first]
    assert counts_in_store(f"{server.url}/query") == local_counts(bundled)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_named_query_gives_the_same_answer_remotely(pushed, bundled_graph, name):
    server, _ = pushed
    local = run_query(name, graph=bundled_graph)
    remote = run_query(name, endpoint=f"{server.url}/query")
    assert remote.kind == local.kind
    if local.kind in ("CONSTRUCT", "DESCRIBE"):
        assert isomorphic(remote.graph, local.graph)
    elif local.kind == "ASK":
        assert remote.boolean == local.boolean
    else:
        assert remote.vars == local.vars
        assert len(remote.rows) == len(local.rows)
        assert set(remote.rows) == set(local.rows)


def test_query_run_cli_reads_a_remote_endpoint(pushed):
    server, _ = pushed
    out = CliRunner().invoke(
        main, ["query", "run", "breakthroughs", "--endpoint", f"{server.url}/query", "--format", "csv"]
    )
    assert out.exit_code == 0, out.output
    assert "Phát triển công nghiệp theo hướng nâng cao chất lượng" in out.output
    assert len(out.output.splitlines()) == 5  # the header and the four breakthroughs


def test_push_cli_prints_one_line_per_graph_and_exits_0(pushed, bundled):
    server, _ = pushed
    done = subprocess.run(
        [sys.executable, "-m", "graph_build", "push", "--endpoint", server.url, "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    expected = local_counts(bundled)
    lines = done.stdout.splitlines()
    assert sorted(lines) == sorted(f"graph {iri}: {n} triples pushed, {n} in store" for iri, n in expected.items())


def test_push_of_a_trig_file_keeps_its_graphs(pushed, bundled, tmp_path):
    server, _ = pushed
    [trig] = api.write(bundled, tmp_path, formats=("trig",))
    reports = push([trig], f"{server.url}/store")
    assert {r.graph: r.in_store for r in reports} == local_counts(bundled)


def test_push_into_one_named_graph(pushed, bundled):
    server, _ = pushed
    iri = "https://example.org/plankg-all"
    try:
        [report] = push(bundled, server.url, graph_iri=iri)
        assert report.graph == iri
        assert report.in_store == report.pushed == len(bundled.graph())
    finally:  # leave the store as the other tests expect it
        request = urllib.request.Request(f"{server.url}/store?graph={quote(iri, safe='')}", method="DELETE")
        urllib.request.urlopen(request).close()


def test_unreachable_store_is_one_clear_error_and_exit_2(bundled):
    from .servers import free_port

    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(EndpointError, match="cannot reach the store .*Connection refused"):
        push(bundled, url)
    out = CliRunner().invoke(main, ["push", "--endpoint", url, "-q"])
    assert out.exit_code == 2
    assert "cannot reach the store" in out.output
    assert "Traceback" not in out.output


def test_http_error_names_the_status_and_the_servers_message(pushed, bundled):
    server, _ = pushed
    with pytest.raises(EndpointError, match=r"answered HTTP 404: .*not supported"):
        push(bundled, server.url, store_url=f"{server.url}/no-such-service")


def test_a_triples_file_needs_a_graph_iri(bundled, tmp_path):
    [ttl] = api.write(bundled, tmp_path, formats=("turtle",))
    out = CliRunner().invoke(main, ["push", str(ttl), "--endpoint", "http://127.0.0.1:9"])
    assert out.exit_code == 2
    assert "give --graph IRI" in out.output


def test_store_urls_follow_oxigraph_unless_given():
    assert store_urls("http://h:7878/query") == ("http://h:7878/store", "http://h:7878/query")
    assert store_urls("http://h:3030/ds", store_url="http://h:3030/ds/data", query_url="http://h:3030/ds/sparql") == (
        "http://h:3030/ds/data",
        "http://h:3030/ds/sparql",
    )
    with pytest.raises(EndpointError, match="http:// or https://"):
        store_urls("ftp://h/")
