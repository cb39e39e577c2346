"""Injection and XSS: hostile parameter values for every named query, hostile text in every view kind.

Named queries: every parameter of every query in ``queries/`` gets values
built to break out of a SPARQL string, IRI or group (and a 10 kB value, NFD
text, a NUL escape, a ``javascript:`` URL, a newline-laden value). Each
either gives exactly the rows of a harmless value that matches nothing (the
value was bound as one RDF term) or a ``QueryError`` naming the parameter;
never more rows, never another exception, and the graph is unchanged. The
same through the endpoint and the CLI, over a small graph (the sample plan
and the reference data, where every query answers in milliseconds):
``/queries/NAME?param=…`` answers 200 with the same number of rows or 400
naming the parameter, never 500; ``plankg query run`` exits 0 or 2 without
a traceback.

Views: two small plans whose labels, quotes, notes, titles and web address
are hostile, drawn as every view kind and opened in headless chromium with
the network blocked: no dialog, no console error, no request, no element
the data made, and the hostile text shown literally.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graph_build import build
from graph_build.cli.main import main
from graph_build.core.errors import PlanError, QueryError
from graph_build.sparql.library import list_queries, run_query

from .browser import browser, open_page  # noqa: F401 (browser is a fixture)
from .servers import start_plankg_serve

pytestmark = pytest.mark.slow

LANG_SON_NFC = "Lạng Sơn"
HOSTILE_VALUES = {
    "string-breakout": 'x" } ; DROP ALL ; #',
    "iri": "<http://evil>",
    "union-breakout": "') } UNION { ?s ?p ?o } #",
    "long-quotes": '\\"\\"\\"',
    "10-kB": "x" * 10_000,
    "nfd": unicodedata.normalize("NFD", LANG_SON_NFC),
    "nul-escape": "%00",
    "javascript-url": "javascript:alert(1)",
    "group-breakout": "] ; ?s ?p ?o . [",
    "newlines": "tourism\n} ;\nINSERT DATA { <http://evil> <http://evil> <http://evil> }\n#",
}
#: A value of each parameter type that is well-formed or harmless and matches nothing.
HARMLESS = {
    "plan": "no-such-plan-2021-2030",
    "place": "no-such-place",
    "entity": "no-such-entity",
    "sector": "no-such-sector",
    "indicator": "no-such-indicator",
    "search": "zqxjzqxj",
    "integer": "999999",
    "decimal": "999999999",
    "year": "2999",
    "date": "2999-12-31",
    "iri": "https://example.org/no-such-thing",
}
QUERIES = list_queries()
PARAMETERS = [(q.name, p.name, p.type) for q in QUERIES for p in q.params.values()]
PARAMETER_IDS = [f"{name}:{param}" for name, param, _ in PARAMETERS]


def outcome(name: str, params: dict, graph) -> tuple:
    """("error", message) for a QueryError, else (kind, the answer as a comparable value)."""
    try:
        result = run_query(name, params, graph=graph)
    except QueryError as exc:
        return ("error", str(exc))
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        return (result.kind, len(result.graph))
    if result.kind == "ASK":
        return ("ASK", result.boolean)
    return ("SELECT", len(result.rows), frozenset(result.rows))


_OUTCOMES: dict[tuple, tuple] = {}


def local_outcome(graph, name: str, param: str, value: str, others: dict | None = None) -> tuple:
    """The outcome of one call, computed once per graph (some named queries take seconds)."""
    key = (id(graph), name, param, value)
    if key not in _OUTCOMES:
        _OUTCOMES[key] = outcome(name, {**(others or {}), param: value}, graph)
    return _OUTCOMES[key]


def check_against_baseline(graph, name: str, param: str, ptype: str, others: dict | None = None) -> None:
    """Each hostile value: refused naming the parameter, or the rows of a value meaning the same or nothing."""
    for label, value in HOSTILE_VALUES.items():
        got = local_outcome(graph, name, param, value, others)
        if got[0] == "error":
            assert f"parameter {param!r}" in got[1], (label, got[1])
            continue
        # NFD text means what its NFC form means; anything else may match no more than a harmless value
        reference = LANG_SON_NFC if label == "nfd" else HARMLESS[ptype]
        baseline = local_outcome(graph, name, param, reference, others)
        if baseline[0] == "error":
            assert got[0] in ("SELECT", "CONSTRUCT", "DESCRIBE") and got[1] == 0 or got == ("ASK", False), (label, got)
        else:
            assert got == baseline, (label, got, baseline)


def test_every_parameter_type_is_covered():
    assert {t for _, _, t in PARAMETERS} <= set(HARMLESS)
    assert len(PARAMETERS) >= 20 and len(HOSTILE_VALUES) == 10


# ------------------------------------------------------------------------------------------------
# The library
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,param,ptype", PARAMETERS, ids=PARAMETER_IDS)
def test_hostile_values_bind_as_one_term_or_are_refused(bundled_graph, name, param, ptype):
    before = len(bundled_graph)
    check_against_baseline(bundled_graph, name, param, ptype)  # any exception but QueryError fails here
    assert len(bundled_graph) == before


@pytest.fixture(scope="module")
def small_graph_file(mini, tmp_path_factory):
    """The sample plan and the reference data as a TriG file: the CLI runs every query on it in ~10 ms."""
    from graph_build import write
    from graph_build.stores.source import open_source

    [path] = write(mini, tmp_path_factory.mktemp("small"), formats=("trig",))
    return path, open_source(graph_file=path).union_graph()


def plan_params(name: str, param: str) -> dict:
    """On the small graph, the other plan parameters name the sample plan (their default is not in it)."""
    query = next(q for q in QUERIES if q.name == name)
    return {p.name: "mini-2021-2030" for p in query.params.values() if p.type == "plan" and p.name != param}


# ------------------------------------------------------------------------------------------------
# The endpoint
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def endpoint(small_graph_file):
    server = start_plankg_serve("--graph", str(small_graph_file[0]), "--timeout", "10", "--workers", "2", "-q")
    yield server
    server.stop()


def named(server, name: str, params: dict) -> tuple[int, bytes]:
    url = server.url.rsplit("/", 1)[0] + f"/queries/{name}?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json, application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _answer_size(body: bytes) -> tuple:
    text = body.decode("utf-8")
    if text.lstrip().startswith("{"):
        document = json.loads(text)
        if "boolean" in document:
            return ("ASK", document["boolean"])
        return ("SELECT", len(document["results"]["bindings"]))
    return ("GRAPH", len([line for line in text.splitlines() if line.strip()]))


@pytest.mark.parametrize("name,param,ptype", PARAMETERS, ids=PARAMETER_IDS)
def test_endpoint_answers_200_or_400_never_500(endpoint, small_graph_file, name, param, ptype):
    _, graph = small_graph_file
    others = plan_params(name, param)
    with ThreadPoolExecutor(2) as pool:  # two at a time, one per worker
        answers = dict(
            zip(
                HOSTILE_VALUES, pool.map(lambda v: named(endpoint, name, {**others, param: v}), HOSTILE_VALUES.values())
            )
        )
    for label, value in HOSTILE_VALUES.items():
        status, body = answers[label]
        local = local_outcome(graph, name, param, value, others)
        if local[0] == "error":
            assert status == 400, (label, status, body[:300])
            assert f"'{param}'".encode() in body, (label, body[:300])
            continue
        assert status == 200, (label, status, body[:300])
        kind, size = _answer_size(body)
        expected = {"SELECT": ("SELECT", local[1]), "ASK": ("ASK", local[1])}.get(local[0], ("GRAPH", local[1]))
        assert (kind, size) == expected, label


def test_endpoint_still_holds_the_same_graph(endpoint, small_graph_file):
    url = endpoint.url + "?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    with urllib.request.urlopen(url, timeout=60) as response:
        n = json.loads(response.read())["results"]["bindings"][0]["n"]["value"]
    assert int(n) == len(small_graph_file[1])


# ------------------------------------------------------------------------------------------------
# The CLI
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,param,ptype", PARAMETERS, ids=PARAMETER_IDS)
def test_query_run_exits_0_or_2_without_a_traceback(small_graph_file, name, param, ptype):
    path, graph = small_graph_file
    others = plan_params(name, param)
    check_against_baseline(graph, name, param, ptype, others)
    runner = CliRunner()
    for label, value in HOSTILE_VALUES.items():
        given = [arg for key, v in others.items() for arg in ("--param", f"{key}={v}")]
        result = runner.invoke(
            main, ["query", "run", name, *given, "--param", f"{param}={value}", "--graph", str(path), "--format", "csv"]
        )
        local = local_outcome(graph, name, param, value)
        assert result.exit_code == (2 if local[0] == "error" else 0), (label, result.output[-500:])
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        if local[0] == "error":
            assert f"'{param}'" in result.stderr
        elif local[0] == "SELECT":
            assert len(list(csv.reader(io.StringIO(result.stdout)))) == 1 + local[1]  # the header and the rows


def test_query_run_as_a_real_process_refuses_a_breakout():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph_build",
            "query",
            "run",
            "breakthroughs",
            "--param",
            f"plan={HOSTILE_VALUES['string-breakout']}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "parameter 'plan'" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


# ------------------------------------------------------------------------------------------------
# Views
# ------------------------------------------------------------------------------------------------
XSS = {
    "img": "<img src=x onerror=alert(1)>",
    "script": "</script><script>alert(1)</script>",
    "attribute": '" onmouseover="alert(1)',
    "js-url": "javascript:alert(1)",
    "template": "{{7*7}}",
    "template-literal": "${alert(1)}",
}
HOSTILE_URL = "https://example.org/?q=javascript:alert(1)&x='onmouseover=alert(1)"
DATE = "2024-04-21"


def _hostile_plan(root: Path, plan_id: str) -> Path:
    entities = list(XSS.items())
    document = {
        "format": "plankg/1",
        "kind": "plan",
        "id": plan_id,
        "sources": [
            {"id": "doc", "file": "sources/doc.txt", "title": {"vi": XSS["script"], "en": XSS["img"]}},
            {"id": "web", "url": HOSTILE_URL, "title": {"en": XSS["attribute"]}},
        ],
        "plan": {
            "type": "ProvincialPlan",
            "label": {
                "vi": f"Quy hoạch {plan_id} {XSS['template']}",
                "en": f"Plan {plan_id} {XSS['template-literal']}",
            },
            "period_start": 2021,
            "period_end": 2030,
            "territory": ["lang-son"],
            "source": {"doc": "doc", "quote": XSS["script"]},
        },
        "breakthroughs": [
            {
                "id": f"breakthrough-{key}",
                "label": {"vi": text, "en": text},
                "ordinal": i + 1,
                "concerns_sector": ["tourism"],
                "source": [{"doc": "doc", "quote": text}, {"web": "web", "confidence": "high", "note": text}],
            }
            for i, (key, text) in enumerate(entities)
        ],
    }
    folder = root / plan_id
    (folder / "sources").mkdir(parents=True)
    (folder / "plan.yaml").write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "sources" / "doc.txt").write_text("\n".join(XSS.values()) + "\n", encoding="utf-8")
    return folder


PLANS = ("evil-a-2021-2030", "evil-b-2021-2030")
VIEW_KINDS = {
    "whole": {},
    "plan": {"plans": [PLANS[0]]},
    "layout-plan": {"layout": "plan", "plans": [PLANS[0]]},
    "focus": {"focus": f"{PLANS[0]}/breakthrough-img", "depth": 1},
    "query": {"query": "breakthroughs", "params": {"plan": PLANS[0]}},
    "cross-plan": {"cross_plan": True},
    "kind": {"kinds": ["Breakthrough", "Plan"]},
}


@pytest.fixture(scope="module")
def hostile_folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-plans")
    return [_hostile_plan(root, plan_id) for plan_id in PLANS]


@pytest.fixture(scope="module")
def hostile_graph(hostile_folders):
    result = build(hostile_folders, shacl=False, links=False)
    assert result.ok, [str(e) for e in result.errors]
    return result.graph()


def test_a_javascript_url_is_not_a_web_source(tmp_path):
    folder = _hostile_plan(tmp_path, "evil-c-2021-2030")
    plan = folder / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(HOSTILE_URL, "javascript:alert(1)"), encoding="utf-8")
    with pytest.raises(PlanError, match=r"'url' must be an http\(s\) address"):
        build([folder], shacl=False, links=False)


@pytest.fixture(scope="module")
def views(hostile_graph, tmp_path_factory):
    from graph_build.views import generate as V

    out = tmp_path_factory.mktemp("hostile-views")
    return {
        kind: V.generate_view(hostile_graph, out, date=DATE, name=f"hostile-{kind}", **options)
        for kind, options in VIEW_KINDS.items()
    }


BREAKTHROUGH = "https://w3id.org/plankg/id/" + PLANS[0] + "/breakthrough-{}"


@pytest.mark.parametrize("kind", list(VIEW_KINDS))
def test_hostile_text_is_shown_not_run(browser, views, kind):
    files = views[kind]
    source = files.html.read_text(encoding="utf-8")
    for text in (XSS["img"], XSS["script"], XSS["attribute"]):
        assert text not in source, "hostile markup reached the page unescaped"
    page = open_page(browser, files.html)
    try:
        drawn = page.node_ids()
        assert drawn, "the view draws something"
        for key, text in XSS.items():
            node = BREAKTHROUGH.format(key)
            if node not in drawn:
                continue
            assert page.js(f"window.plankgNetwork.nodes.get({json.dumps(node)}).label") == text
            tip = page.js(f"window.plankgNetwork.nodes.get({json.dumps(node)}).title.textContent")
            assert text in tip and HOSTILE_URL in tip
        must_show = {"focus": ["img"], "cross-plan": []}.get(kind, list(XSS))
        assert all(BREAKTHROUGH.format(k) in drawn for k in must_show), kind
        page.page.fill("#search", "alert")
        results = page.page.inner_text("#results")
        for key, text in XSS.items():
            if BREAKTHROUGH.format(key) in drawn and "alert" in text:
                assert text in results, (key, results)
        # hover a hostile node: vis-network's tooltip shows the text, with no element of the data's making
        node = BREAKTHROUGH.format("img")
        if node in drawn:
            assert XSS["img"] in page.hover_node(node, fit=True)
        assert page.js("document.querySelectorAll('img, iframe, object, embed, a[href^=javascript]').length") == 0
        assert page.js("document.scripts.length") == 3  # data, vis-network, the page's own
        assert (
            page.js(
                "Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
                ".some(a => a.name.startsWith('on'))).length"
            )
            == 0
        )
        assert page.dialogs == [] and page.console_errors == [] and page.blocked == []
    finally:
        page.page.close()


def test_index_page_holds_no_hostile_markup(views):
    source = next(iter(views.values())).index.read_text(encoding="utf-8")
    assert "<script>alert" not in source and "<img src=x" not in source and 'onmouseover="' not in source


def test_view_cli_with_hostile_plans(hostile_folders, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["view", *map(str, hostile_folders), "--plan", PLANS[0], "--out", str(out), "--date", DATE, "-q"]
    )
    assert result.exit_code == 0, result.output
    page = (out / "views" / f"graph-{PLANS[0]}.html").read_text(encoding="utf-8")
    assert XSS["script"] not in page and XSS["img"] not in page
