"""The endpoint's limits per query and its SPARQL 1.1 Protocol surface, against the real `plankg serve`.

* memory: the 851-byte query nesting ``BIND(CONCAT(?x, ?x))`` 26 times is
  stopped with 503 naming the memory limit, while another client is answered,
  and the worker is replaced;
* answer bytes: a short result of long values is refused with 400;
* HTTP parsing (issue 12 #16): bad and doubled Content-Length headers get 400;
* the dataset: the query's FROM, the protocol's default-graph-uri and
  named-graph-uri, used by rdflib's SPARQLStore and SPARQLWrapper;
* the Service Description at GET /sparql, HEAD, OPTIONS and CORS;
* a persistent store served as it is (each worker opens the folder read-only);
* SERVICE opens no socket (a real listener on loopback counts connections).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from SPARQLWrapper import JSON, SPARQLWrapper

from .servers import start_plankg_serve

pytestmark = pytest.mark.slow

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
REFERENCE = "https://w3id.org/plankg/id/graph/reference"
LANG_SON = "https://w3id.org/plankg/id/graph/lang-son-2021-2030"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MAX_MEMORY_MIB = 256
MAX_ANSWER_BYTES = 1_000_000


def concat_bomb(levels: int, seed: str = "0123456789abcdef0123456789abcdef") -> str:
    """``?x0`` is 32 characters; each level doubles it: 2^levels copies in the last one."""
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(levels))
    return f'SELECT ?x{levels} WHERE {{ BIND("{seed}" AS ?x0) {binds} }}'


@pytest.fixture(scope="module")
def endpoint():
    server = start_plankg_serve(
        "--timeout",
        "20",
        "--workers",
        "2",
        "--max-memory",
        str(MAX_MEMORY_MIB),
        "--max-answer-bytes",
        str(MAX_ANSWER_BYTES),
    )
    yield server
    server.stop()


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def get(server, query: str, **params):
    return http(
        server.url + "?" + urllib.parse.urlencode({"query": query, **params}),
        headers={"Accept": "application/sparql-results+json"},
    )


def count(server, query: str, **params) -> int:
    status, _, body = get(server, query, **params)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# -- memory and answer size ------------------------------------------------------------------


def test_the_concat_bomb_is_stopped_by_the_memory_limit_while_another_client_is_answered(endpoint):
    bomb = concat_bomb(26)
    assert len(bomb.encode()) < 1000
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(bomb=get(endpoint, bomb)))
    thread.start()
    others = [count(endpoint, COUNT) for _ in range(5)]  # answered by the other worker meanwhile
    thread.join(60)
    status, _, body = outcome["bomb"]
    assert status == 503
    assert f"query exceeded the memory limit of {MAX_MEMORY_MIB} MiB".encode() in body
    assert len(set(others)) == 1 and others[0] > 7000
    # the worker that died is replaced: two more bombs and a count after them are all answered
    assert [get(endpoint, bomb)[0] for _ in range(2)] == [503, 503]
    assert count(endpoint, COUNT) == others[0]
    assert "Traceback" not in endpoint.log


def test_an_answer_over_the_byte_limit_is_refused(endpoint):
    # 2^15 copies of 32 characters: one row, a 1 MiB value
    status, _, body = get(endpoint, concat_bomb(15))
    assert status == 400
    assert f"bigger than {MAX_ANSWER_BYTES} bytes".encode() in body and b"--max-answer-bytes" in body
    status, _, body = http(endpoint.url + "?" + urllib.parse.urlencode({"query": concat_bomb(15), "format": "csv"}))
    assert status == 400
    status, _, body = get(endpoint, concat_bomb(10))  # 32 kB: under the limit
    assert status == 200 and len(json.loads(body)["results"]["bindings"][0]["x10"]["value"]) == 32 * 2**10


# -- HTTP parsing ---------------------------------------------------------------------------------


def raw(server, request: bytes) -> bytes:
    host, port = urllib.parse.urlsplit(server.url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    "lengths",
    [["-5"], ["+15"], ["1_5"], ["15", "15"], ["15", "16"], ["0x0f"], [" "]],
    ids=["negative", "plus", "underscore", "twice-same", "twice-different", "hex", "blank"],
)
def test_bad_content_lengths_are_400_and_the_server_goes_on(endpoint, lengths):
    head = b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
    head += b"".join(f"Content-Length: {value}\r\n".encode() for value in lengths)
    answer = raw(endpoint, head + b"\r\nASK { ?s ?p ?o }")
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert count(endpoint, COUNT) > 7000
    assert "Traceback" not in endpoint.log


def test_a_request_head_over_the_limit_is_refused(endpoint):
    from graph_build.endpoint.limits import MAX_REQUEST_HEAD_BYTES

    answer = raw(
        endpoint, b"GET /sparql?query=" + b"x" * MAX_REQUEST_HEAD_BYTES + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    assert answer.startswith((b"HTTP/1.1 414 ", b"HTTP/1.1 400 "))  # llhttp's own URL limit is 64 kB too
    headers = b"".join(b"X-Padding-%d: %s\r\n" % (i, b"y" * 1000) for i in range(80))
    answer = raw(endpoint, b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert count(endpoint, COUNT) > 7000


# -- the dataset: FROM, default-graph-uri, named-graph-uri -------------------------------------------


def test_from_default_graph_uri_and_named_graph_uri_choose_the_dataset(endpoint):
    everything = count(endpoint, COUNT)
    reference = count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{REFERENCE}> {{ ?s ?p ?o }} }}")
    assert 0 < reference < everything
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{REFERENCE}> WHERE {{ ?s ?p ?o }}") == reference
    assert count(endpoint, COUNT, **{"default-graph-uri": REFERENCE}) == reference
    # the protocol's graphs replace the query's FROM (SPARQL 1.1 Protocol §2.1.4)
    assert (
        count(
            endpoint,
            f"SELECT (COUNT(*) AS ?n) FROM <{LANG_SON}> WHERE {{ ?s ?p ?o }}",
            **{"default-graph-uri": REFERENCE},
        )
        == reference
    )
    status, _, body = get(
        endpoint,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        **{"named-graph-uri": REFERENCE},
    )
    rows = json.loads(body)["results"]["bindings"]
    assert status == 200 and [(r["g"]["value"], int(r["n"]["value"])) for r in rows] == [(REFERENCE, reference)]
    status, _, body = get(endpoint, COUNT, **{"default-graph-uri": "not an iri"})
    assert status == 400 and b"default-graph-uri" in body


def test_sparqlwrapper_add_default_graph(endpoint):
    reference = count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{REFERENCE}> {{ ?s ?p ?o }} }}")
    sparql = SPARQLWrapper(endpoint.url)
    sparql.setQuery(COUNT)
    sparql.setReturnFormat(JSON)
    sparql.addDefaultGraph(REFERENCE)
    assert int(sparql.query().convert()["results"]["bindings"][0]["n"]["value"]) == reference
    sparql.addNamedGraph(LANG_SON)
    sparql.setQuery("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert [b["g"]["value"] for b in sparql.query().convert()["results"]["bindings"]] == [LANG_SON]


def test_rdflib_sparqlstore_reads_one_named_graph_and_the_whole_dataset(endpoint):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint.url, returnFormat="json")
    reference = Graph(store, identifier=URIRef(REFERENCE))  # queries with default-graph-uri=REFERENCE
    expected = count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{REFERENCE}> {{ ?s ?p ?o }} }}")
    assert len(list(reference.triples((None, None, None)))) == expected
    graphs = {str(getattr(g, "identifier", g)) for g in store.contexts()}  # GRAPH ?g over the whole dataset
    assert {REFERENCE, LANG_SON} <= graphs
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert any(isinstance(o, Literal) and o.language == "vi" for o in reference.objects(None, label))


# -- service description, HEAD, OPTIONS, CORS ---------------------------------------------------------


def test_get_without_a_query_describes_the_service(endpoint):
    status, headers, body = http(endpoint.url)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    service = URIRef(endpoint.url)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    names = {
        str(name): graph.value(graph.value(node, SD.graph), VOID.triples).toPython()
        for node in graph.objects(None, SD.namedGraph)
        for name in graph.objects(node, SD.name)
    }
    reference = count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{REFERENCE}> {{ ?s ?p ?o }} }}")
    assert names[REFERENCE] == reference and LANG_SON in names
    status, headers, body = http(endpoint.url, headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in Graph().parse(data=body, format="json-ld")


def test_head_and_options(endpoint):
    status, headers, body = http(endpoint.url + "?" + urllib.parse.urlencode({"query": COUNT}), method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Type"].startswith("application/sparql-results+json")
    status, headers, _ = http(endpoint.url, method="OPTIONS")
    assert status == 204 and "POST" in headers["Allow"]


def test_cors_lets_a_page_on_another_origin_query(endpoint):
    origin = {"Origin": "https://yasgui.example"}
    status, headers, _ = http(endpoint.url + "?" + urllib.parse.urlencode({"query": COUNT}), headers=origin)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = http(
        endpoint.url,
        method="OPTIONS",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert status == 200
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()


def test_no_cors_turns_the_headers_off_and_allowed_host_adds_a_name():
    server = start_plankg_serve("--no-cors", "--allowed-host", "Plans.Example.org", "--workers", "1", "-q")
    try:
        status, headers, _ = http(
            server.url + "?" + urllib.parse.urlencode({"query": COUNT}), headers={"Origin": "https://yasgui.example"}
        )
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
        assert raw(
            server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: plans.example.org\r\nConnection: close\r\n\r\n"
        ).startswith(b"HTTP/1.1 200 ")
        assert raw(
            server, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: other.example.org\r\nConnection: close\r\n\r\n"
        ).startswith(b"HTTP/1.1 400 ")
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("host", "answered"),
    [
        ("127.0.0.1:{port}", True),
        ("localhost:{port}", True),
        ("LOCALHOST", True),
        ("[::1]:{port}", True),
        ("evil.example", False),  # a page whose name was pointed at 127.0.0.1 (DNS rebinding)
        ("127.0.0.1.evil.example:{port}", False),
        ("localhost@evil.example", False),
        ("", False),
    ],
)
def test_only_loopback_host_names_are_answered(endpoint, host, answered):
    port = urllib.parse.urlsplit(endpoint.url).port
    header = f"Host: {host.format(port=port)}\r\n".encode()
    for path in (b"/sparql?query=ASK%7B%7D", b"/", b"/queries/plans"):
        answer = raw(endpoint, b"GET " + path + b" HTTP/1.1\r\n" + header + b"Connection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200 " if answered else b"HTTP/1.1 400 "), (path, answer[:120])
    # without any Host header (HTTP/1.0 allows it) nothing is answered either: the name is unknown
    if not answered and host == "":
        assert raw(endpoint, b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.1 400 ")


# -- a persistent store, and no outgoing requests -------------------------------------------------------


def test_a_persistent_store_is_served_from_its_folder(tmp_path):
    store = tmp_path / "store"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph_build",
            "build",
            "--out",
            str(tmp_path / "out"),
            "--store",
            str(store),
            "--no-shacl",
            "-q",
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    server = start_plankg_serve("--store", str(store), "--workers", "2", "-q")
    try:
        assert count(server, COUNT) > 7000
        assert count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{REFERENCE}> {{ ?s ?p ?o }} }}") > 0
    finally:
        server.stop()


def test_service_opens_no_socket(endpoint):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        ):
            status, _, body = get(endpoint, query)
            assert status == 400 and b"SERVICE is refused" in body, body
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody connected
    finally:
        listener.close()


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }", b"SERVICE is refused"),
        (
            "SELECT * WHERE { { SELECT * { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
            b"SERVICE is refused",
        ),
        ("SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }", b"is not a graph of this dataset"),
        ("SELECT * FROM NAMED <http://example.org/elsewhere> WHERE { GRAPH ?g { ?s ?p ?o } }", b"not a graph"),
        ('SELECT * WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "(") }', b"invalid regular expression in REGEX: '('"),
        ('SELECT * WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "a", "z") }', b"with flags 'z'"),
        ('SELECT (REPLACE("a", "[", "b") AS ?x) WHERE {}', b"invalid regular expression in REPLACE"),
        ("", b"the query is empty"),
        ("   ", b"the query is empty"),
    ],
    ids=[
        "service-var",
        "service-silent-in-subquery",
        "from",
        "from-named",
        "regex",
        "flags",
        "replace",
        "empty",
        "blank",
    ],
)
def test_what_the_docs_refuse_is_400_with_the_reason(endpoint, query, says):
    for status, _, body in (
        get(endpoint, query),
        http(endpoint.url, data=urllib.parse.urlencode({"query": query}).encode(), method="POST"),
    ):
        assert status == 400 and says in body, (status, body[:300])
        assert b"update" not in body.lower()
    # a valid pattern from the engine's syntax (not Python's) is answered
    assert count(endpoint, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "\\\\p{L}") }') > 0


# -- form decoding ------------------------------------------------------------------------------------


def test_form_decoding_agrees_with_the_standard_library():
    from urllib.parse import parse_qsl, quote_plus

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from graph_build.endpoint.forms import parse_form

    pieces = st.lists(
        st.sampled_from(list("aé%+=&\\x0123456789ABCDEFfgz đ{}?") + ["%E1", "%BB", "%5C"]), max_size=40
    ).map("".join)

    @settings(max_examples=500, deadline=None)
    @given(pieces, st.lists(st.tuples(st.text(max_size=10), st.text(max_size=30)), max_size=4))
    def agrees(raw: str, pairs):
        assert parse_form(raw) == parse_qsl(raw, keep_blank_values=True)
        encoded = "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in pairs)
        assert parse_form(encoded) == parse_qsl(encoded, keep_blank_values=True)

    agrees()
