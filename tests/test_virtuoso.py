"""`plankg push` into a real Virtuoso Open Source, read back quad for quad, and queried through the remote store.

Virtuoso is Debian's ``virtuoso-opensource`` 7.2.5 (``virtuoso-t``), started
once for the session by ``tests/servers.py`` with its own virtuoso.ini and
database in a temporary folder, on loopback ports. Writes go to its Graph
Store endpoint with HTTP Digest authentication, as a user that holds only
the ``SPARQL_UPDATE`` role (the setup docs/endpoint.md describes); queries to
``/sparql``, which never answers a direct ``application/sparql-query`` POST.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph
import pytest

from graph_build.core.errors import EndpointError
from graph_build.sparql.library import run_query, run_sparql
from graph_build.stores.push import push

from .servers import VIRTUOSO_PASSWORD, VIRTUOSO_USER, virtuoso  # noqa: F401 - virtuoso is a fixture

pytestmark = pytest.mark.slow

XSD = "http://www.w3.org/2001/XMLSchema#"
WRITER, WRITER_PASSWORD = "plankg-writer", "Wr1ter-not-dba"

#: Named queries whose answers Virtuoso 7.2.5 gives exactly as plankg does. The others differ
#: because of Virtuoso's SPARQL engine, not of what push stored (docs/endpoint.md lists them):
#: ``BIND(EXISTS {...})`` comes back as xsd:integer 1/0 (plan-decisions), a ``FILTER EXISTS``
#: inside ``OPTIONAL`` counts an unmatched row (infrastructure), places-after-2025 is refused
#: by its parser (SQ074), and the folded search (search-labels, search-quotes) finds nothing, as
#: its ``STR()`` turns each character outside Latin-1 into "?" (``STR("Hữu")`` is ``"H?u"``).
SAME_ANSWERS = [
    "breakthroughs",
    "concerns-sector",
    "gaps-stated-counts",
    "objectives-and-targets",
    "plans",
    "shared-places",
    "targets-side-by-side",
]


def isql(server, statement: str) -> None:
    """One SQL statement through Virtuoso's own client, isql-vt, as dba on the server's SQL port."""
    import re
    import shutil

    ini = (Path(server.process.args[-1])).read_text(encoding="utf-8")
    port = re.search(r"\[Parameters\]\nServerPort = (127\.0\.0\.1:\d+)", ini).group(1)
    client = shutil.which("isql-vt") or "/usr/bin/isql-vt"
    done = subprocess.run(
        [client, port, VIRTUOSO_USER, VIRTUOSO_PASSWORD, f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, done.stdout + done.stderr


@pytest.fixture(scope="module")
def pushed(virtuoso, bundled):  # noqa: F811 - the fixture imported above
    """A user allowed SPARQL_UPDATE and nothing else, then the bundled build pushed once: (server, reports)."""
    isql(virtuoso, f"DB.DBA.USER_CREATE('{WRITER}', '{WRITER_PASSWORD}'); GRANT SPARQL_UPDATE TO \"{WRITER}\";")
    reports = push(bundled, f"{virtuoso.url}/sparql-graph-crud-auth", user=WRITER, password=WRITER_PASSWORD)
    return virtuoso, reports


def local_counts(result) -> dict[str, int]:
    return {str(iri): len(graph) for iri, graph in result.named_graphs()}


def counts_in_store(server, graphs) -> dict[str, int]:
    """Each graph's triple count, asked independently of push()'s own check (Virtuoso holds graphs
    of its own too, so only the pushed ones are compared)."""
    rows = run_sparql(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", endpoint=f"{server.url}/sparql"
    ).rows
    return {str(g): int(n) for g, n in rows if str(g) in graphs}


def term_key(term) -> tuple:
    """A pyoxigraph term as (kind, lexical form, language, datatype): the RDF term exactly, lexical form kept."""
    if isinstance(term, pyoxigraph.NamedNode):
        return ("iri", term.value, None, None)
    if isinstance(term, pyoxigraph.Literal):
        datatype = None if term.language or term.datatype.value == f"{XSD}string" else term.datatype.value
        return ("literal", term.value, term.language, datatype)
    raise AssertionError(f"unexpected term {term!r}")  # the build writes no blank nodes


def json_key(binding: dict) -> tuple:
    """A binding of SPARQL results JSON as ``term_key`` writes a term; ``"x"^^xsd:string`` is RDF 1.1's ``"x"``."""
    if binding["type"] == "uri":
        return ("iri", binding["value"], None, None)
    datatype = binding.get("datatype")
    return ("literal", binding["value"], binding.get("xml:lang"), None if datatype == f"{XSD}string" else datatype)


def local_triples(result, graph: str) -> set[tuple]:
    text = "\n".join(result.triples.ntriples_lines([graph]))
    return {
        (term_key(t.subject), term_key(t.predicate), term_key(t.object))
        for t in pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    }


def test_each_graph_lands_with_the_local_count(pushed, bundled):
    server, reports = pushed
    expected = local_counts(bundled)
    assert {r.graph: r.pushed for r in reports} == expected
    assert all(r.in_store == r.pushed for r in reports)
    assert counts_in_store(server, expected) == expected


def test_pushing_again_adds_nothing(pushed, bundled):
    server, first = pushed
    second = push(bundled, f"{server.url}/sparql-graph-crud-auth", user=WRITER, password=WRITER_PASSWORD)
    assert [(r.graph, r.pushed, r.in_store) for r in second] == [(r.graph, r.pushed, r.in_store) for r in first]
    assert counts_in_store(server, local_counts(bundled)) == local_counts(bundled)


def test_every_graph_reads_back_term_for_term_with_its_lexical_forms(pushed, bundled):
    """Read through the Graph Store Protocol (GET, N-Triples): what Virtuoso stored, spelled as it was sent."""
    server, _ = pushed
    for graph in local_counts(bundled):
        request = urllib.request.Request(
            f"{server.url}/sparql-graph-crud?graph={quote(graph, safe='')}", headers={"Accept": "application/n-triples"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.headers.get_content_type() == "application/n-triples"
            body = response.read()
        stored = {
            (term_key(t.subject), term_key(t.predicate), term_key(t.object))
            for t in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)
        }
        local = local_triples(bundled, graph)
        assert stored == local, (graph, sorted(local - stored)[:5], sorted(stored - local)[:5])


def test_results_json_changes_only_the_spelling_of_booleans(pushed, bundled):
    """Read through SPARQL results JSON: Virtuoso 7.2.5 writes each xsd:boolean as "1"/"0" there
    (only there: the Graph Store read above gives "true"/"false"); every other term comes back as sent."""
    server, _ = pushed
    respelled = {("1", f"{XSD}boolean"): "true", ("0", f"{XSD}boolean"): "false"}
    booleans = 0
    for graph in local_counts(bundled):
        request = urllib.request.Request(
            f"{server.url}/sparql",
            data=urlencode({"query": f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}).encode(),
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            bindings = json.loads(response.read())["results"]["bindings"]
        answered = set()
        for row in bindings:
            s, p, o = (json_key(row[v]) for v in "spo")
            if (o[1], o[3]) in respelled:
                booleans += 1
                o = ("literal", respelled[o[1], o[3]], None, o[3])
            answered.add((s, p, o))
        local = local_triples(bundled, graph)
        assert answered == local, (graph, sorted(local - answered)[:5], sorted(answered - local)[:5])
    assert booleans == sum(
        line.endswith(f"<{XSD}boolean> .")
        for graph in local_counts(bundled)
        for line in bundled.triples.ntriples_lines([graph])
    )


@pytest.mark.parametrize("name", SAME_ANSWERS)
def test_named_query_through_the_remote_store_answers_as_locally(pushed, bundled_graph, name):
    server, _ = pushed
    local = run_query(name, graph=bundled_graph)
    remote = run_query(name, endpoint=f"{server.url}/sparql")
    assert remote.vars == local.vars
    assert sorted(remote.rows, key=repr) == sorted(local.rows, key=repr)
    assert local.rows  # a query that finds nothing on either side would prove nothing


def test_ask_answers_true_and_false(pushed):
    server, _ = pushed
    ask = "ASK {{ GRAPH <https://w3id.org/plankg/id/graph/{}> {{ ?s ?p ?o }} }}"
    assert run_sparql(ask.format("lang-son-2021-2030"), endpoint=f"{server.url}/sparql").boolean is True
    assert run_sparql(ask.format("no-such-plan"), endpoint=f"{server.url}/sparql").boolean is False


def push_cli(server, password: str | None, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANKG_PUSH_")}
    if password is not None:
        env["PLANKG_PUSH_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "graph_build", "push", "--endpoint", f"{server.url}/sparql-graph-crud-auth", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_push_cli_takes_the_password_from_the_environment_and_never_prints_it(pushed, bundled):
    server, _ = pushed
    done = push_cli(server, WRITER_PASSWORD, "--user", WRITER)
    assert done.returncode == 0, done.stderr
    expected = local_counts(bundled)
    assert sorted(done.stdout.splitlines()) == sorted(
        f"graph {iri}: {n} triples pushed, {n} in store" for iri, n in expected.items()
    )
    assert f"{server.url}/sparql-graph-crud-auth" in done.stderr  # progress names the URLs ...
    assert WRITER_PASSWORD not in done.stdout + done.stderr  # ... never the password


def test_a_wrong_password_is_one_clear_error_and_exit_2(pushed):
    server, _ = pushed
    done = push_cli(server, "not-the-password", "--user", WRITER, "-q")
    assert done.returncode == 2
    assert "answered HTTP 401" in done.stderr and "PLANKG_PUSH_PASSWORD" in done.stderr
    assert "Traceback" not in done.stderr and "not-the-password" not in done.stderr


def test_without_a_login_virtuoso_refuses_and_push_says_why(pushed, bundled):
    server, _ = pushed
    with pytest.raises(EndpointError, match=r"answered HTTP 401"):
        push(bundled, f"{server.url}/sparql-graph-crud-auth")
    with pytest.raises(EndpointError, match=r"answered HTTP 403: .*Permission denied"):
        push(bundled, f"{server.url}/sparql-graph-crud")  # the SPARQL user may not write here
    done = push_cli(server, None, "--user", WRITER, "-q")  # no password and no terminal to ask on
    assert done.returncode == 2
    assert "PLANKG_PUSH_PASSWORD" in done.stderr


def test_a_password_in_the_url_is_refused(pushed, bundled):
    server, _ = pushed
    url = server.url.replace("http://", f"http://{WRITER}:{WRITER_PASSWORD}@")
    with pytest.raises(EndpointError, match="--user") as caught:
        push(bundled, f"{url}/sparql-graph-crud-auth")
    assert WRITER_PASSWORD not in str(caught.value)
