"""`plankg serve` as a real subprocess, queried with SPARQLWrapper (an independent client) and urllib.

Checks the SPARQL 1.1 Protocol surface (GET, POST URL-encoded, POST direct;
every result format; CONSTRUCT), the read-only rule, the time limit (a
runaway query is stopped while another is answered), the result-size and
request-size limits, the HTML page and its escaping, and /queries/NAME.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, Literal
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from graph_build.sparql.library import list_queries

from .servers import start_plankg_serve

pytestmark = pytest.mark.slow

TIMEOUT = 2  # seconds, the --timeout of the served endpoint
MAX_ROWS = 500

#: The four breakthroughs of the Lạng Sơn plan (Decision 236/QĐ-TTg), as the plan states them.
LANG_SON_BREAKTHROUGHS = {
    "Chuyển đổi số và cải thiện mạnh mẽ môi trường đầu tư, sản xuất kinh doanh",
    "Phát triển kết cấu hạ tầng kinh tế - xã hội",
    "Phát triển kinh tế cửa khẩu, thương mại, dịch vụ và du lịch",
    "Phát triển công nghiệp theo hướng nâng cao chất lượng, sức cạnh tranh, xanh, an toàn và hiện đại",
}
PREFIXES = """PREFIX pk: <https://w3id.org/plankg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
BREAKTHROUGH_LABELS = (
    PREFIXES
    + """SELECT ?breakthrough ?label WHERE {
  GRAPH <https://w3id.org/plankg/id/graph/lang-son-2021-2030> {
    <https://w3id.org/plankg/id/lang-son-2021-2030> pk:hasBreakthrough ?breakthrough .
    ?breakthrough rdfs:label ?label . FILTER(LANG(?label) = "vi")
  }
}"""
)
BREAKTHROUGH_GRAPH = (
    PREFIXES
    + """CONSTRUCT { ?breakthrough rdfs:label ?label } WHERE {
  <https://w3id.org/plankg/id/lang-son-2021-2030> pk:hasBreakthrough ?breakthrough .
  ?breakthrough rdfs:label ?label . FILTER(LANG(?label) = "vi")
}"""
)
#: Four unconstrained patterns over ~7 000 triples: ~10^15 combinations to count.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def endpoint():
    server = start_plankg_serve("--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", "2")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A served TriG file whose label tries to inject a script, and whose IRI is a javascript: URL."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.trig"
    path.write_text(
        PREFIXES
        + """
<https://example.org/graph/hostile> {
  <https://example.org/x> a pk:Breakthrough ;
      rdfs:label "Đột phá <script>alert(1)</script> & \\"quoted\\""@vi ;
      rdfs:seeAlso <javascript:alert(2)> .
}
""",
        encoding="utf-8",
    )
    server = start_plankg_serve("--graph", str(path))
    yield server
    server.stop()


def client(url: str, query: str, fmt: str, method: str = "GET", request_method: str = URLENCODED) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == POST:
        sparql.setMethod(POST)
        sparql.setRequestMethod(request_method)
    return sparql


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of one request, errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def get(endpoint, query: str, **params):
    return http(endpoint.url + "?" + urllib.parse.urlencode({"query": query, **params}))


def base(server) -> str:
    return server.url.rsplit("/", 1)[0]


# -- SELECT in every results format, by every request shape -------------------------


@pytest.mark.parametrize(
    "method,request_method",
    [("GET", URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)],
    ids=["get", "post-urlencoded", "post-direct"],
)
def test_select_json(endpoint, method, request_method):
    result = client(endpoint.url, BREAKTHROUGH_LABELS, JSON, method, request_method).query()
    assert result.info()["content-type"].startswith("application/sparql-results+json")
    bindings = result.convert()["results"]["bindings"]
    assert {b["label"]["value"] for b in bindings} == LANG_SON_BREAKTHROUGHS
    assert {b["label"]["xml:lang"] for b in bindings} == {"vi"}


def test_select_xml(endpoint):
    result = client(endpoint.url, BREAKTHROUGH_LABELS, XML).query()
    assert result.info()["content-type"].startswith("application/sparql-results+xml")
    document = result.convert()
    labels = {node.firstChild.data for node in document.getElementsByTagName("literal")}
    assert labels == LANG_SON_BREAKTHROUGHS


def test_select_csv(endpoint):
    result = client(endpoint.url, BREAKTHROUGH_LABELS, CSV).query()
    assert result.info()["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(result.convert().decode("utf-8"))))
    assert {row["label"] for row in rows} == LANG_SON_BREAKTHROUGHS


def test_select_tsv(endpoint):
    result = client(endpoint.url, BREAKTHROUGH_LABELS, TSV).query()
    assert result.info()["content-type"].startswith("text/tab-separated-values")
    lines = result.convert().decode("utf-8").splitlines()
    assert lines[0] == "?breakthrough\t?label"
    assert {line.split("\t")[1] for line in lines[1:]} == {f'"{label}"@vi' for label in LANG_SON_BREAKTHROUGHS}


def test_ask_json_and_xml(endpoint):
    ask = PREFIXES + "ASK { ?b a pk:Breakthrough }"
    assert client(endpoint.url, ask, JSON).query().convert()["boolean"] is True
    document = client(endpoint.url, ask, XML).query().convert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


# -- CONSTRUCT in every graph format --------------------------------------------------


def labels_of(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects() if isinstance(o, Literal) and o.language == "vi"}


def test_construct_turtle(endpoint):
    result = client(endpoint.url, BREAKTHROUGH_GRAPH, TURTLE).query()
    assert result.info()["content-type"].startswith("text/turtle")
    assert labels_of(Graph().parse(data=result.convert(), format="turtle")) == LANG_SON_BREAKTHROUGHS


def test_construct_jsonld(endpoint):
    result = client(endpoint.url, BREAKTHROUGH_GRAPH, JSONLD).query()
    assert result.info()["content-type"].startswith("application/ld+json")
    assert labels_of(result.convert()) == LANG_SON_BREAKTHROUGHS


def test_construct_ntriples(endpoint):
    sparql = client(endpoint.url, BREAKTHROUGH_GRAPH, N3, POST, POSTDIRECTLY)
    sparql.setOnlyConneg(True)  # ask by Accept alone: SPARQLWrapper has no N-Triples constant
    sparql.addCustomHttpHeader("Accept", "application/n-triples")
    response = sparql.query().response
    assert response.headers["Content-Type"] == "application/n-triples"
    text = response.read().decode("utf-8")
    assert len(text.splitlines()) == 4
    assert labels_of(Graph().parse(data=text, format="nt")) == LANG_SON_BREAKTHROUGHS


def test_format_parameter_wins_over_accept_and_unknown_formats_are_406(endpoint):
    status, headers, _ = http(
        endpoint.url + "?" + urllib.parse.urlencode({"query": BREAKTHROUGH_LABELS, "format": "csv"}),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, _, body = get(endpoint, BREAKTHROUGH_LABELS, format="turtle")
    assert status == 406 and b"csv" in body
    status, _, body = http(
        endpoint.url + "?" + urllib.parse.urlencode({"query": BREAKTHROUGH_GRAPH}), headers={"Accept": "image/png"}
    )
    assert status == 406 and b"text/turtle" in body


# -- refusals ----------------------------------------------------------------------------


def test_update_is_refused_in_every_shape_and_nothing_changes(endpoint):
    insert = "INSERT DATA { <https://example.org/s> <https://example.org/p> <https://example.org/o> }"
    sparql = SPARQLWrapper(endpoint.url, updateEndpoint=endpoint.url)
    sparql.setQuery(insert)
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 405
    assert b"read-only" in refused.value.read()
    status, _, body = http(endpoint.url, data=insert.encode(), headers={"Content-Type": "application/sparql-update"})
    assert (status, b"read-only" in body) == (405, True)
    status, _, body = get(endpoint, insert)  # an update sent as a query
    assert status == 400 and b"SPARQL Update" in body
    status, _, _ = http(endpoint.url, data=b"x", method="PUT", headers={"Content-Type": "text/turtle"})
    assert status == 405
    ask = "ASK { <https://example.org/s> ?p ?o }"
    assert client(endpoint.url, ask, JSON).query().convert()["boolean"] is False


def test_malformed_query_is_400_with_the_parsers_message(endpoint):
    with pytest.raises(QueryBadFormed, match="line 1, column"):
        client(endpoint.url, "SELECT * WHERE { ?s ?p }", JSON).query()
    status, _, body = get(endpoint, "SELECT * WHERE { ?s undeclared:p ?o }")
    assert status == 400 and b"undeclared" in body


def test_runaway_query_is_stopped_while_another_is_answered(endpoint):
    outcome = {}
    runaway = threading.Thread(target=lambda: outcome.setdefault("runaway", get(endpoint, RUNAWAY)))
    runaway.start()
    # Ask again and again while the runaway runs: every answer that arrives before the runaway's
    # own reply was given by another worker, so one runaway does not hold up the endpoint.
    answered_meanwhile = []
    for _ in range(5000):  # a bound for a runaway that is never stopped: it fails below, not hangs
        if not runaway.is_alive():
            break
        answer = client(endpoint.url, BREAKTHROUGH_LABELS, JSON).query().convert()
        if "runaway" not in outcome:
            answered_meanwhile.append({b["label"]["value"] for b in answer["results"]["bindings"]})
    runaway.join(60)
    assert not runaway.is_alive(), "the runaway query was not stopped"
    assert answered_meanwhile, "no query was answered while the runaway ran"
    assert all(labels == LANG_SON_BREAKTHROUGHS for labels in answered_meanwhile)
    status, headers, body = outcome["runaway"]
    assert status == 503  # stopped by the time limit: without one it would never end
    assert f"query exceeded the time limit of {TIMEOUT} s".encode() in body
    # the killed worker is replaced: two queries at once are still answered together
    results = []
    pair = [threading.Thread(target=lambda: results.append(get(endpoint, BREAKTHROUGH_LABELS)[0])) for _ in range(2)]
    for t in pair:
        t.start()
    for t in pair:
        t.join(30)
    assert results == [200, 200]


def test_results_over_the_row_limit_are_refused_with_the_reason(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400
    assert f"more than {MAX_ROWS} rows".encode() in body and b"LIMIT" in body
    status, _, body = get(endpoint, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, _, body = get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 400 and f"more than {MAX_ROWS} triples".encode() in body


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv", "html"])
@pytest.mark.parametrize(
    "select",
    ["?s ?p ?o", "?unbound"],  # long rows, and the shortest rows a format can write (no value at all)
    ids=["triples", "empty-rows"],
)
def test_the_row_limit_holds_in_every_results_format(endpoint, name, select):
    def answer(limit: int):
        query = f"SELECT {select} WHERE {{ ?s ?p ?o }} LIMIT {limit}"
        return http(endpoint.url + "?" + urllib.parse.urlencode({"query": query, "format": name}))

    status, _, body = answer(MAX_ROWS + 1)
    assert status == 400 and f"more than {MAX_ROWS} rows".encode() in body, body[:200]
    status, _, body = answer(MAX_ROWS)
    assert status == 200
    if name == "json":
        assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    elif name in ("csv", "tsv"):
        assert body.count(b"\n") == MAX_ROWS + 1  # the header line and one line per row
    elif name == "xml":
        assert body.count(b"<result>") + body.count(b"<result/>") == MAX_ROWS


def test_oversized_requests_are_413(endpoint):
    padding = "#" + "x" * 100_001 + "\nASK {}"
    status, _, body = http(endpoint.url, data=padding.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and b"100000 bytes" in body
    status, _, _ = http(
        endpoint.url,
        data=urllib.parse.urlencode({"query": padding}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 413


# -- named queries and the HTML page ---------------------------------------------------------


def test_named_query_by_url(endpoint):
    status, headers, body = http(
        base(endpoint) + "/queries/breakthroughs?plan=lang-son-2021-2030",
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200
    bindings = json.loads(body)["results"]["bindings"]
    assert [b["ordinal"]["value"] for b in bindings] == ["1", "2", "3", "4"]
    assert {b["label"]["value"] for b in bindings} == LANG_SON_BREAKTHROUGHS


def test_named_query_errors_name_the_problem(endpoint):
    status, _, body = http(base(endpoint) + "/queries/no-such-query")
    assert status == 404 and b"unknown query 'no-such-query'" in body
    status, _, body = http(base(endpoint) + "/queries/breakthroughs?plan=atlantis")
    assert status == 400 and b"parameter 'plan'" in body
    status, _, body = http(base(endpoint) + "/queries/breakthroughs?colour=red")
    assert status == 400 and b"'colour'" in body


def test_page_lists_every_named_query_with_a_form(endpoint):
    status, headers, body = http(base(endpoint) + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'none' forbids scripts
    page = body.decode("utf-8")
    for query in list_queries():
        assert f'<form method="get" action="/queries/{query.name}">' in page
        assert query.summary["vi"].replace("'", "&#x27;").replace('"', "&quot;") in page
        for param in query.params.values():
            assert f'name="{param.name}" value="{param.default}"' in page
    assert "<script" not in page


def test_form_result_is_an_html_table(endpoint):
    status, headers, body = http(base(endpoint) + "/queries/breakthroughs?plan=lang-son-2021-2030&format=html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert page.count("<tr>") == 5  # a header and four breakthroughs
    for label in LANG_SON_BREAKTHROUGHS:
        assert label in page


def test_hostile_labels_and_iris_are_escaped(hostile):
    query = PREFIXES + "SELECT ?label ?see WHERE { ?x rdfs:label ?label ; rdfs:seeAlso ?see }"
    status, _, body = get(hostile, query, format="html")
    page = body.decode("utf-8")
    assert status == 200
    assert "Đột phá &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;" in page
    assert "<script" not in page
    assert 'href="javascript:' not in page and "javascript:alert(2)" in page
    status, _, body = http(base(hostile) + "/queries/search-labels?text=script&format=html")
    assert status == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body.decode("utf-8")
    assert b"<script" not in body


def test_a_served_trig_file_keeps_its_named_graphs(hostile):
    result = client(hostile.url, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", JSON).query().convert()
    assert [b["g"]["value"] for b in result["results"]["bindings"]] == ["https://example.org/graph/hostile"]


def test_outgoing_requests_are_refused(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"no outgoing requests" in body


def test_cli_defaults_are_the_librarys():
    """cli_serve imports only click, so it repeats the defaults: keep the two in step."""
    from graph_build.cli.serve import serve
    from graph_build.endpoint import server as endpoint

    defaults = {p.name: p.default for p in serve.params}
    assert defaults["host"] == endpoint.DEFAULT_HOST
    assert defaults["port"] == endpoint.DEFAULT_PORT
    assert defaults["timeout"] == endpoint.DEFAULT_TIMEOUT
    assert defaults["max_rows"] == endpoint.DEFAULT_MAX_ROWS
    assert defaults["workers"] == endpoint.DEFAULT_WORKERS
