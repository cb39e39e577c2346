"""One corpus of queries through every path a query can take; every path gives the same answer.

The paths: the Python API on a ``BuildResult``; ``plankg sparql`` / ``plankg query run``
(click's CliRunner) on the bundled plans, on ``--store DIR`` (written by ``plankg build
--store``) and on ``--graph FILE.trig`` (written by ``plankg build``); the rdflib store; a
``RemoteStore`` against a real ``oxigraph serve --union-default-graph`` after ``plankg push``;
and ``plankg serve``'s endpoint (``graph_build.endpoint.server.serve``) over HTTP. Answers
are compared as sets (rows, triples) with the reference answer of the Python API, and
the dataset queries (``FROM``, ``FROM NAMED``, ``GRAPH``, the protocol's graphs) against
the counts of the build itself.
"""

from __future__ import annotations

import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph_build.cli.main import main
from graph_build.core.iris import DEFAULT_DATA_BASE
from graph_build.sparql.library import QueryResult, parse_results_json, run_query, run_sparql

from .servers import start_oxigraph

pytestmark = pytest.mark.slow

GRAPH = DEFAULT_DATA_BASE + "graph/"
REFERENCE = GRAPH + "reference"
LANG_SON = GRAPH + "lang-son-2021-2030"
LINKS = GRAPH + "links"
PK = "https://w3id.org/plankg/def#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

#: ``plankg serve``'s endpoint refuses ``default-graph-uri``/``named-graph-uri`` (HTTP 400) until
#: it is rebuilt on Oxigraph; then this becomes True and the serve path runs those cases too.
SERVE_HONOURS_PROTOCOL_DATASET = False


@dataclass(frozen=True)
class Case:
    id: str
    kind: str = "SELECT"
    text: str | None = None  # an ad-hoc query, or
    name: str | None = None  # a named query with
    params: dict = field(default_factory=dict)
    default_graphs: tuple[str, ...] = ()  # the protocol's default-graph-uri
    named_graphs: tuple[str, ...] = ()  # and named-graph-uri

    @property
    def protocol_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
CORPUS = [
    Case("count-all", text=COUNT),
    Case("from-reference", text=f"SELECT (COUNT(*) AS ?n) FROM <{REFERENCE}> WHERE {{ ?s ?p ?o }}"),
    Case("from-two-graphs", text=f"SELECT (COUNT(*) AS ?n) FROM <{REFERENCE}> FROM <{LANG_SON}> WHERE {{ ?s ?p ?o }}"),
    Case(
        "from-named-graph-g",
        text=f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{REFERENCE}> FROM NAMED <{LANG_SON}> "
        "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    ),
    Case("from-named-default-is-empty", text=f"SELECT (COUNT(*) AS ?n) FROM NAMED <{REFERENCE}> WHERE {{ ?s ?p ?o }}"),
    Case("graph-g-per-graph", text=PER_GRAPH),
    Case("graph-iri", text=f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LANG_SON}> {{ ?s ?p ?o }} }}"),
    Case(
        "construct",
        kind="CONSTRUCT",
        text=f"CONSTRUCT {{ ?c <{LABEL}> ?l }} WHERE {{ ?c a <{PK}Country> ; <{LABEL}> ?l }}",
    ),
    Case(
        "construct-from",
        kind="CONSTRUCT",
        text=f"CONSTRUCT {{ ?b a <{PK}Breakthrough> }} FROM <{LANG_SON}> WHERE {{ ?b a <{PK}Breakthrough> }}",
    ),
    Case("ask", kind="ASK", text=f"ASK {{ GRAPH <{LANG_SON}> {{ ?b a <{PK}Breakthrough> }} }}"),
    Case("ask-from-false", kind="ASK", text=f"ASK FROM <{REFERENCE}> {{ ?b a <{PK}Breakthrough> }}"),
    Case("named-search-labels", name="search-labels", params={"text": "lang son"}),
    Case("named-concerns-place", name="concerns-place", params={"place": "lang-son"}),
    Case("protocol-default-graph", text=COUNT, default_graphs=(REFERENCE,)),
    Case("protocol-named-graphs", text=PER_GRAPH, named_graphs=(REFERENCE, LINKS)),
    Case(
        "protocol-replaces-from",
        text=f"SELECT (COUNT(*) AS ?n) FROM <{LANG_SON}> WHERE {{ ?s ?p ?o }}",
        default_graphs=(REFERENCE,),
    ),
]


def normal(result: QueryResult):
    """An answer as sets: rows (with their count) for SELECT, triples for CONSTRUCT, the boolean for ASK."""
    if result.kind == "ASK":
        return "ASK", result.boolean
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        return result.kind, frozenset(result.graph)
    return "SELECT", tuple(result.vars), frozenset(Counter(result.rows).items())


# -- the paths ----------------------------------------------------------------------------------
def api_on(source: dict):
    def answer(case: Case) -> QueryResult:
        if case.name:
            return run_query(case.name, case.params, **source)
        return run_sparql(case.text, default_graphs=case.default_graphs, named_graphs=case.named_graphs, **source)

    return answer


def cli_on(*source_args: str):
    runner = CliRunner()

    def answer(case: Case) -> QueryResult:
        fmt = "turtle" if case.kind == "CONSTRUCT" else "json"
        if case.name:
            args = ["query", "run", case.name, *(f"-p{k}={v}" for k, v in case.params.items())]
        else:
            args = [
                "sparql",
                case.text,
                *(f"--default-graph={g}" for g in case.default_graphs),
                *(f"--named-graph={g}" for g in case.named_graphs),
            ]
        out = runner.invoke(main, [*args, "--format", fmt, *source_args])
        assert out.exit_code == 0, out.output
        if case.kind == "CONSTRUCT":
            return QueryResult("CONSTRUCT", graph=Graph().parse(data=out.stdout, format="turtle"))
        return parse_results_json(out.stdout, case.kind)

    return answer


def http_on(endpoint):
    """The SPARQL 1.1 Protocol by hand (urllib): the query text as written, the dataset as parameters."""

    def answer(case: Case) -> QueryResult:
        accept = "application/n-triples" if case.kind == "CONSTRUCT" else "application/sparql-results+json"
        if case.name:
            request = urllib.request.Request(
                f"{endpoint.base_url}queries/{case.name}?{urlencode(case.params)}", headers={"Accept": accept}
            )
        else:
            dataset = [("default-graph-uri", g) for g in case.default_graphs] + [
                ("named-graph-uri", g) for g in case.named_graphs
            ]
            url = endpoint.url + ("?" + urlencode(dataset) if dataset else "")
            request = urllib.request.Request(
                url,
                data=case.text.encode("utf-8"),
                method="POST",
                headers={"Content-Type": "application/sparql-query", "Accept": accept},
            )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
        if case.kind == "CONSTRUCT":
            return QueryResult("CONSTRUCT", graph=Graph().parse(data=body.decode("utf-8"), format="nt"))
        return parse_results_json(body, case.kind)

    return answer


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``plankg build --store DIR`` and a TriG file, written by the command itself."""
    folder = tmp_path_factory.mktemp("built")
    out = CliRunner().invoke(
        main,
        [
            "build",
            "--no-shacl",
            "--format",
            "trig",
            "--out",
            str(folder / "out"),
            "--store",
            str(folder / "store"),
            "-q",
        ],
    )
    assert out.exit_code == 0, out.output
    [trig] = (folder / "out").glob("*.trig")
    return folder / "store", trig


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A real ``oxigraph serve --union-default-graph`` holding what ``plankg push`` sent it."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "store")
    out = CliRunner().invoke(main, ["push", "--endpoint", server.url, "-q"])
    assert out.exit_code == 0, out.output
    yield server
    server.stop()


@pytest.fixture(scope="module")
def served(bundled):
    from graph_build.endpoint.server import serve
    from graph_build.stores.source import open_source

    with serve(open_source(result=bundled), port=0, workers=1, timeout=60) as endpoint:
        yield endpoint


PATHS = {
    "api-build-result": lambda request: api_on({"result": request.getfixturevalue("bundled")}),
    "cli-bundled": lambda request: cli_on(),
    "cli-store-dir": lambda request: cli_on("--store", str(request.getfixturevalue("built")[0])),
    "cli-graph-trig": lambda request: cli_on("--graph", str(request.getfixturevalue("built")[1])),
    "api-rdflib-store": lambda request: api_on({"result": request.getfixturevalue("bundled"), "engine": "rdflib"}),
    "api-store-dir": lambda request: api_on({"store": request.getfixturevalue("built")[0]}),
    "remote-oxigraph": lambda request: api_on({"endpoint": request.getfixturevalue("oxigraph").url + "/query"}),
    "serve-http": lambda request: http_on(request.getfixturevalue("served")),
}


def _combinations():
    for path in PATHS:
        for case in CORPUS:
            if path == "serve-http" and case.protocol_dataset and not SERVE_HONOURS_PROTOCOL_DATASET:
                continue
            yield pytest.param(path, case, id=f"{path}:{case.id}")


@pytest.fixture(scope="module")
def reference(bundled):
    """The answer of the Python API on the BuildResult, each case run once."""
    answer = api_on({"result": bundled})
    return {case.id: normal(answer(case)) for case in CORPUS}


@pytest.mark.parametrize("path, case", list(_combinations()))
def test_every_path_gives_the_same_answer(request, path, case, reference):
    got = normal(PATHS[path](request)(case))
    assert got == reference[case.id]


def test_the_reference_answers_follow_the_sparql_dataset_rules(bundled, reference):
    """The answers every path is held to, checked against the build's own graphs."""
    per_graph = {name: bundled.triples.count(name) for name in bundled.graph_names()}

    def count(case_id):
        kind, _, rows = reference[case_id]
        [((n,), _)] = rows
        return int(n)

    def counts(case_id):
        return {str(g): int(n) for (g, n), _ in reference[case_id][2]}

    assert count("count-all") == len(bundled.triples)  # the union: a triple in two graphs counts once
    assert count("from-reference") == per_graph[REFERENCE]
    assert count("protocol-default-graph") == per_graph[REFERENCE]
    assert count("protocol-replaces-from") == per_graph[REFERENCE]
    assert count("from-two-graphs") == len(bundled.triples.union([REFERENCE, LANG_SON]))
    assert count("from-named-default-is-empty") == 0
    assert count("graph-iri") == per_graph[LANG_SON]
    assert counts("graph-g-per-graph") == per_graph
    assert counts("from-named-graph-g") == {REFERENCE: per_graph[REFERENCE], LANG_SON: per_graph[LANG_SON]}
    assert counts("protocol-named-graphs") == {REFERENCE: per_graph[REFERENCE], LINKS: per_graph[LINKS]}
    assert reference["ask"] == ("ASK", True) and reference["ask-from-false"] == ("ASK", False)
    assert len(reference["construct-from"][1]) == 4  # the four breakthroughs of Lạng Sơn
    assert reference["named-search-labels"][2] and reference["named-concerns-place"][2]


def test_a_graph_query_without_a_store_answers_instead_of_a_traceback():
    out = CliRunner().invoke(main, ["sparql", PER_GRAPH, "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert f"{REFERENCE}," in out.output and "Traceback" not in out.output


def test_a_from_of_a_graph_the_data_does_not_hold_is_refused_naming_it(built):
    for source in ([], ["--store", str(built[0])], ["--graph", str(built[1])]):
        out = CliRunner().invoke(main, ["sparql", f"SELECT * FROM <{GRAPH}nope> WHERE {{ ?s ?p ?o }}", *source])
        assert out.exit_code == 2, out.output
        assert f"<{GRAPH}nope> is not a graph of this dataset" in out.output
        assert "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1


def test_views_load_graph_with_its_documented_default(bundled):
    from graph_build.views.generate import load_graph

    assert len(load_graph()) == len(bundled.triples)


def test_the_public_api_answers_from_any_source(bundled, built):
    import graph_build

    store = graph_build.open_source(store=built[0])
    assert isinstance(store, graph_build.Store)
    for source in ({"store": store}, {"graph_file": built[1]}, {"result": bundled}, {"graph": bundled.rdf}):
        answer = graph_build.run_sparql(f"SELECT (COUNT(*) AS ?n) FROM <{REFERENCE}> WHERE {{ ?s ?p ?o }}", **source)
        assert int(answer.rows[0][0]) == bundled.triples.count(REFERENCE), source
        assert len(graph_build.run_query("partners", **source).rows) == 3, source
    with pytest.raises(graph_build.PlanKGError, match="not both"):
        graph_build.run_sparql("ASK {}", store=store, endpoint="http://127.0.0.1:9/sparql")
