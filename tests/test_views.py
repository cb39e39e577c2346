"""Network views, opened for real in Debian's headless chromium with the network blocked.

Each view kind is written by the library, opened offline and checked: no
console error, no request leaving the file, the drawn DataSet holds the
expected nodes and edges, the legend lists exactly the classes present,
search folds diacritics, filters hide and restore nodes. A label made of
markup must show as text and run nothing. Exports parse back; the ontology
page lists every term. These tests never skip: without chromium they fail.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph_build.core.namespace import PK
from graph_build.network import model as N
from graph_build.views import generate as V

from .browser import browser, open_page  # noqa: F401 (browser is a fixture)

BASE = "https://w3id.org/plankg/id/"
LANG_SON_PLAN = URIRef(BASE + "lang-son-2021-2030")
LANG_SON = BASE + "ref/lang-son"
DATE = "2024-04-21"
XSS_LABELS = ("<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>")


# ------------------------------------------------------------------------------------------------
# Fixtures: one browser, one network, each view kind written once
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def net(bundled_graph):
    return N.to_network(bundled_graph)


VIEW_KINDS = {
    "graph": {},
    "plan": {"layout": "plan", "plans": ["lang-son-2021-2030"]},
    "focus": {"focus": "breakthrough-4-industry", "depth": 1},
    "query": {"query": "breakthroughs"},
    "cross-plan": {"cross_plan": True},
    "kind": {"kinds": ["Breakthrough", "KeyTask", "Sector"]},
}


@pytest.fixture(scope="module")
def written(bundled_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    return out, {
        kind: V.generate_view(bundled_graph, out, date=DATE, **options) for kind, options in VIEW_KINDS.items()
    }


@pytest.fixture(scope="module")
def pages(browser, written):
    _, files = written
    opened = {kind: open_page(browser, f.html) for kind, f in files.items()}
    yield opened
    for page in opened.values():
        page.page.close()


def _drawn_edges(page) -> set[tuple[str, str, str]]:
    return {tuple(e) for e in page.js("window.plankgNetwork.edges.map(e => [e.from, e.to, e.relation])")}


# ------------------------------------------------------------------------------------------------
# Every view kind, offline
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(VIEW_KINDS))
def test_view_opens_offline_and_draws_its_network(kind, pages, written, tmp_path):
    page = pages[kind]
    view = written[1][kind].view
    assert page.console_errors == []
    assert page.blocked == [], "a request tried to leave the file"
    assert page.dialogs == []
    assert page.node_ids() == set(view.net)
    assert len(_drawn_edges(page)) == len({(s, o, d["relation"]) for s, o, d in view.net.edges(data=True)})
    assert page.js("window.plankgNetwork.edges.length") == view.net.number_of_edges()
    # the legend lists exactly the classes drawn, with their counts
    drawn_classes = page.js("window.plankgNetwork.nodes.map(n => n.cls)")
    assert sorted(page.legend_classes()) == sorted(set(drawn_classes))
    counts = page.js(
        "Object.fromEntries(Array.from(document.querySelectorAll('#legend li'), "
        "li => [li.dataset.class, +li.querySelector('.count').textContent]))"
    )
    assert counts == {c: drawn_classes.count(c) for c in set(drawn_classes)}
    # title and date on the page
    assert page.page.title().startswith("plankg — ")
    assert DATE in page.page.inner_text("#subtitle")
    shot = tmp_path / f"{kind}.png"
    page.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plan_layout_holds_the_plans_breakthroughs_and_key_tasks(pages, bundled_graph):
    page = pages["plan"]
    ids = page.node_ids()
    breakthroughs = {str(o) for o in bundled_graph.objects(LANG_SON_PLAN, PK.hasBreakthrough)}
    key_tasks = {str(o) for o in bundled_graph.objects(LANG_SON_PLAN, PK.hasKeyTask)}
    assert len(breakthroughs) == 4 and len(key_tasks) == 8
    assert breakthroughs | key_tasks | {str(LANG_SON_PLAN)} <= ids
    drawn = {n: (c, y) for n, c, y in page.js("window.plankgNetwork.nodes.map(n => [n.id, n.cls, n.y])")}
    assert {n for n, (c, _) in drawn.items() if c == "Breakthrough"} == breakthroughs
    assert {n for n, (c, _) in drawn.items() if c == "KeyTask"} == key_tasks
    # top-down: the plan above its objectives, above its tasks, above the sectors they concern
    plan_y = drawn[str(LANG_SON_PLAN)][1]
    task_y = {drawn[t][1] for t in key_tasks}
    sector_y = {y for c, y in drawn.values() if c == "Sector"}
    assert plan_y < min(task_y) and max(task_y) < min(sector_y)
    assert (
        "https://w3id.org/plankg/id/lang-son-2021-2030",
        sorted(breakthroughs)[0],
        PK.hasBreakthrough.__str__(),
    ) in _drawn_edges(page)
    # positions computed ahead: physics off, nothing moves
    assert page.js("window.plankgNetwork.meta.layout") == "plan"


def test_focus_view_is_the_entitys_neighbourhood(pages, bundled_graph):
    centre = URIRef(BASE + "lang-son-2021-2030/breakthrough-4-industry")
    expected = {str(centre)}
    expected |= {
        str(o)
        for p, o in bundled_graph.predicate_objects(centre)
        if isinstance(o, URIRef) and p not in (RDF.type, PK.attestedBy, PK.inPlan)
    }
    expected |= {str(s) for s, p in bundled_graph.subject_predicates(centre) if p not in (RDF.subject, RDF.object)}
    assert pages["focus"].node_ids() == expected
    assert pages["focus"].js("window.plankgNetwork.meta.marked") == [str(centre)]


def test_query_view_draws_the_query_answers(pages, bundled_graph):
    breakthroughs = {str(o) for o in bundled_graph.objects(LANG_SON_PLAN, PK.hasBreakthrough)}
    assert breakthroughs <= pages["query"].node_ids()
    assert "breakthroughs" in pages["query"].page.title()


def test_cross_plan_view_marks_shared_nodes(pages, net):
    page = pages["cross-plan"]
    shared = {n for n, s in net.nodes(data="shared") if s}
    assert LANG_SON in shared  # the province is reached from several plans
    drawn = {n: (s, w) for n, s, w in page.js("window.plankgNetwork.nodes.map(n => [n.id, n.shared, n.borderWidth])")}
    assert shared <= set(drawn)
    assert all(w == 4 for s, w in drawn.values() if s)
    assert {n for n, (s, _) in drawn.items() if s} == shared
    assert page.js("document.querySelector('#markers [data-marker=shared] .count').textContent") == str(len(shared))


def test_kind_view_keeps_only_the_given_classes(pages):
    assert set(pages["kind"].legend_classes()) == {"Breakthrough", "KeyTask", "Sector"}


def test_edge_tooltip_shows_on_hover(pages):
    """Edge tooltips are built on first hover, not at startup; hovering an edge shows its relation."""
    page = pages["kind"]
    edge, relation, x, y = page.js(
        "(() => { const {network, edges} = window.plankgNetwork; network.fit();"
        " for (const e of edges.get({filter: e => e.relation.endsWith('#concernsSector')})) {"
        "   const p = network.getPositions([e.from, e.to]);"
        "   const m = network.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});"
        "   if (network.getNodeAt(m) !== undefined || network.getEdgeAt(m) !== e.id) { continue; }"
        "   const r = document.getElementById('network').getBoundingClientRect();"
        "   return [e.id, e.relation, m.x + r.left, m.y + r.top]; } })()"
    )
    assert page.js(f"window.plankgNetwork.edges.get({json.dumps(edge)}).title") is None
    page.page.mouse.move(x - 30, y - 30)
    page.page.mouse.move(x, y)
    page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    shown = page.page.inner_text("div.vis-tooltip")
    assert relation in shown and "concerns sector" in shown
    assert relation in page.js(f"window.plankgNetwork.edges.get({json.dumps(edge)}).title.textContent")
    page.page.mouse.move(0, 0)


def test_page_data_is_compact(net):
    """Styles live in one vis group per class, edges name their ends and relation by index, and a
    label equal to the drawn one is not repeated (a 10 000-node page is ~4 MB, not 16 MB)."""
    view = V.make_view(net)
    data = V.page_data(view, "vi", DATE)
    classes = {n["cls"] for n in data["nodes"]}
    assert set(data["options"]["groups"]) == classes == {c["cls"] for c in data["legend"]}
    assert not any({"color", "shape", "title", "info"} & set(n) for n in data["nodes"])
    by_id = {n["id"]: n for n in data["nodes"]}
    lang_son = by_id[LANG_SON]
    assert lang_son["label"] == "Lạng Sơn" and "vi" not in lang_son
    assert lang_son["en"] == net.nodes[LANG_SON]["label_en"]
    assert [data["plans"][i]["id"] for i in lang_son["plans"]] == net.nodes[LANG_SON]["plans"]
    drawn = set()
    for edge in data["edges"]:
        s, o, r = edge[:3]
        relation = data["relations"][r]
        drawn.add((data["nodes"][s]["id"], data["nodes"][o]["id"], relation["relation"]))
    assert drawn == {(s, o, d["relation"]) for s, o, d in view.net.edges(data=True)}


# ------------------------------------------------------------------------------------------------
# Search and filters
# ------------------------------------------------------------------------------------------------
def test_search_finds_lang_son_without_diacritics(pages):
    page = pages["graph"]
    page.page.fill("#search", "lang son")
    selected = page.js("window.plankgNetwork.network.getSelectedNodes()")
    assert LANG_SON in selected
    first = page.js("document.querySelector('#results li').dataset.id")
    assert first == LANG_SON  # an exact label match comes first
    assert page.js("window.plankgFold('Đồng Đăng – LẠNG SƠN')") == "dong dang – lang son"
    page.page.fill("#search", "")
    assert page.js("window.plankgNetwork.network.getSelectedNodes()") == []


def test_class_filter_hides_and_restores_nodes(pages, written):
    page = pages["graph"]
    view = written[1]["graph"].view
    total = len(view.net)
    key_tasks = sum(1 for _, c in view.net.nodes(data="cls") if c == "KeyTask")
    assert page.hidden_count() == 0
    box = page.page.locator("#legend li[data-class=KeyTask] input")
    box.uncheck()
    assert page.hidden_count() == key_tasks
    assert page.js("window.plankgNetwork.nodes.length") == total  # hidden, not removed
    hidden_edges = page.js("window.plankgNetwork.edges.get({filter: e => e.hidden}).length")
    assert hidden_edges == sum(
        1 for s, o in view.net.edges() if "KeyTask" in (view.net.nodes[s]["cls"], view.net.nodes[o]["cls"])
    )
    assert page.page.inner_text("#status").startswith(f"{total - key_tasks} ")
    # a hidden node keeps its tooltip (built on demand, also after the DataSet replaced the item)
    tips = page.js(
        "window.plankgNetwork.nodes.get({filter: n => n.cls === 'KeyTask'}).map(n => [n.id, n.title.textContent])"
    )
    assert len(tips) == key_tasks and all(view.net.nodes[node]["label_vi"] in tip for node, tip in tips)
    box.check()
    assert page.hidden_count() == 0
    assert page.js("window.plankgNetwork.edges.get({filter: e => e.hidden}).length") == 0


def test_sector_and_plan_filters(pages, written):
    page = pages["cross-plan"]
    view = written[1]["cross-plan"].view
    page.page.locator("#sector-filter li[data-sector=industry] input").check()
    visible = page.js("window.plankgNetwork.nodes.get({filter: n => !n.hidden}).map(n => n.sectors)")
    assert visible and all("industry" in s for s in visible)
    page.page.click("#reset")
    assert page.hidden_count() == 0
    plan = "cao-bang-2021-2030"
    page.page.locator(f"#plan-filter li[data-plan={plan}] input").uncheck()
    only_there = sum(1 for _, p in view.net.nodes(data="plans") if p == [plan])
    assert page.hidden_count() == only_there > 0
    page.page.click("#reset")
    assert page.hidden_count() == 0


# ------------------------------------------------------------------------------------------------
# Markup in the data stays text
# ------------------------------------------------------------------------------------------------
def _hostile_graph() -> Graph:
    g = Graph()
    plan = URIRef(BASE + "evil-2021-2030")
    g.add((plan, RDF.type, PK.ProvincialPlan))
    g.add((plan, RDFS.label, Literal("Quy hoạch thử", lang="vi")))
    for i, label in enumerate(XSS_LABELS):
        node = URIRef(f"{BASE}evil-2021-2030/task-{i}")
        g.add((node, RDF.type, PK.KeyTask))
        g.add((node, RDFS.label, Literal(label, lang="vi")))
        g.add((node, PK.inPlan, plan))
        g.add((plan, PK.hasKeyTask, node))
        att = URIRef(f"{BASE}evil-2021-2030/attestation/{i}")
        g.add((node, PK.attestedBy, att))
        g.add((att, RDF.type, PK.Attestation))
        g.add((att, PK.quote, Literal(f"quote {label}\u2028<b>bold</b>", lang="vi")))
    return g


def test_markup_in_labels_shows_as_text_and_runs_nothing(browser, tmp_path):
    files = V.generate_view(_hostile_graph(), tmp_path, date=DATE, snapshots=("svg",))
    source = files.html.read_text(encoding="utf-8")
    assert "</script><script>alert(1)" not in source and "<img src=x" not in source
    page = open_page(browser, files.html)
    try:
        assert page.dialogs == [] and page.console_errors == [] and page.blocked == []
        assert page.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.js("document.scripts.length") == 3  # data, vis-network, the page's own
        for i, label in enumerate(XSS_LABELS):
            node = f"{BASE}evil-2021-2030/task-{i}"
            assert page.js(f"window.plankgNetwork.nodes.get({json.dumps(node)}).label") == label
            tip = page.js(f"window.plankgNetwork.nodes.get({json.dumps(node)}).title.textContent")
            assert label in tip and "<b>bold</b>" in tip
            # hover the node: vis-network shows the tooltip element, as text
            shown = page.hover_node(node)  # also checks the tooltip holds only our own divs
            assert label in shown
        page.page.fill("#search", "script")
        assert XSS_LABELS[1] in page.page.inner_text("#results")
        assert page.dialogs == [] and page.js("document.querySelectorAll('img').length") == 0
    finally:
        page.page.close()
    svg = ET.fromstring(files.snapshots[0].read_text(encoding="utf-8"))
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert all(label in texts for label in XSS_LABELS)


def test_json_for_html_escapes_what_could_end_the_script():
    text = V.json_for_html({"a": "</script>&\u2028\u2029"})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"a": "</script>&\u2028\u2029"}


# ------------------------------------------------------------------------------------------------
# Languages, sizes, large graphs, reproducible bytes
# ------------------------------------------------------------------------------------------------
def test_label_fallback_vi_en_local():
    assert N.display_label({"label_vi": "Lạng Sơn", "label_en": "Lang Son"}, "en") == "Lang Son"
    assert N.display_label({"label_vi": "Dương Xuân Huyên", "label_en": None, "local": "x"}, "en") == "Dương Xuân Huyên"
    assert N.display_label({"label_vi": None, "label_en": "Only English", "local": "x"}, "vi") == "Only English"
    assert N.display_label({"label_vi": None, "label_en": None, "local": "task-1"}, "vi") == "task-1"


def test_english_view_uses_english_labels(net, bundled_graph):
    view = V.make_view(net, kinds=["Breakthrough"], lang="en")
    data = V.page_data(view, "en", DATE)
    by_id = {n["id"]: n["label"] for n in data["nodes"]}
    for node in view.net:
        english = [str(l) for l in bundled_graph.objects(URIRef(node), RDFS.label) if l.language == "en"][0]
        assert by_id[node] == V._short(english)
    assert data["text"]["search"] == "Search" and view.name.endswith("-en")


def test_sizes_grow_with_degree():
    assert N.node_size(0) < N.node_size(1) < N.node_size(9) <= 40


def _large_graph() -> Graph:
    g = Graph()
    plan = URIRef(BASE + "big-2021-2030")
    g.add((plan, RDF.type, PK.ProvincialPlan))
    for i in range(N.PRECOMPUTE_ABOVE + 50):
        node = URIRef(f"{BASE}big-2021-2030/place-{i}")
        g.add((node, RDF.type, PK.District))
        g.add((node, RDFS.label, Literal(f"Huyện {i}", lang="vi")))
        g.add((node, PK.inPlan, plan))
        g.add((plan, PK.hasPart, node))
        if i:
            g.add((node, PK.partOfRegion, URIRef(f"{BASE}big-2021-2030/place-{i // 3}")))
    return g


def test_large_view_gets_positions_and_no_physics():
    view = V.make_view(N.to_network(_large_graph()))
    data = V.network_data(view)
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["interaction"]["hideEdgesOnZoom"] is True
    assert all("x" in n and "y" in n for n in data["nodes"])
    small = V.network_data(V.make_view(N.to_network(_hostile_graph())))
    assert small["options"]["physics"]["enabled"] is True
    assert small["options"]["physics"]["stabilization"]["iterations"] == V.STABILIZATION_ITERATIONS


def test_large_view_labels_the_edges_in_view(browser, tmp_path):
    """A large view gives an edge its label once the view is zoomed in enough to show it there
    (vis would otherwise measure all its labels at the first draw, though none shows at that scale)."""
    files = V.generate_view(_large_graph(), tmp_path, date=DATE)
    page = open_page(browser, files.html)
    try:
        assert page.console_errors == [] and page.blocked == []
        labelled = "window.plankgNetwork.edges.get({filter: e => e.label !== undefined}).length"
        assert page.js("window.plankgNetwork.network.getScale()") < 0.35
        assert page.js(labelled) == 0
        edge = page.js(
            "(() => { const {network, edges} = window.plankgNetwork; const e = edges.get()[100];"
            " const at = network.getPositions([e.from, e.to]);"
            " const middle = {x: (at[e.from].x + at[e.to].x) / 2, y: (at[e.from].y + at[e.to].y) / 2};"
            " network.moveTo({position: middle, scale: 1}); return e.id; })()"
        )
        for _ in range(50):  # labels come 100 ms after the view stops moving (no wait_for_function: CSP)
            page.page.wait_for_timeout(100)
            if page.js(labelled):
                break
        on_screen = page.js(
            "(() => { const {network, edges} = window.plankgNetwork; const at = network.getPositions();"
            " const box = document.getElementById('network'); const out = [];"
            " edges.forEach(e => { const p = network.canvasToDOM({x: (at[e.from].x + at[e.to].x) / 2,"
            "   y: (at[e.from].y + at[e.to].y) / 2});"
            "   if (p.x >= 0 && p.y >= 0 && p.x <= box.clientWidth && p.y <= box.clientHeight) {"
            "     out.push(e.label === undefined ? null : e.label); } });"
            " return out; })()"
        )
        assert on_screen and None not in on_screen
        assert page.js(f"window.plankgNetwork.edges.get({json.dumps(edge)}).label")
        assert 0 < page.js(labelled) < page.js("window.plankgNetwork.edges.length")
    finally:
        page.page.close()


def test_same_input_same_bytes(bundled_graph, tmp_path):
    one = V.generate_view(bundled_graph, tmp_path / "a", date=DATE, layout="plan")
    two = V.generate_view(bundled_graph, tmp_path / "b", date=DATE, layout="plan")
    assert one.html.read_bytes() == two.html.read_bytes()
    assert one.index.read_bytes() == two.index.read_bytes()


def test_date_comes_from_option_epoch_or_data(bundled_graph, monkeypatch):
    assert V.resolve_date("2024-01-02") == "2024-01-02"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert V.resolve_date(None, bundled_graph) == "2023-11-14"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    newest = max(
        str(o)
        for o in bundled_graph.objects()
        if isinstance(o, Literal) and o.datatype and str(o.datatype).endswith("#date")
    )
    assert V.resolve_date(None, bundled_graph) == newest
    with pytest.raises(N.NetworkError):
        V.resolve_date("21/04/2024")


def test_page_has_no_external_reference(written):
    _, files = written
    source = files["graph"].html.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", source, re.IGNORECASE)
    assert not re.search(r"url\(\s*(?!['\"]?data:)", source), "a stylesheet loads a file"
    assert "@import" not in source
    assert "sourceMappingURL" not in source


# ------------------------------------------------------------------------------------------------
# Exports, snapshots, docs, CLI
# ------------------------------------------------------------------------------------------------
def test_exports_parse_back(net, tmp_path):
    import networkx as nx

    paths = N.write_exports(net, tmp_path)
    assert sorted(p.suffix for p in paths) == [".gexf", ".graphml", ".json"]
    graphml = nx.read_graphml(tmp_path / "plankg-network.graphml", force_multigraph=True)
    gexf = nx.read_gexf(tmp_path / "plankg-network.gexf")
    linked = nx.node_link_graph(
        json.loads((tmp_path / "plankg-network.json").read_text(encoding="utf-8")), edges="edges"
    )
    for back in (graphml, gexf, linked):
        assert set(back.nodes) == set(net.nodes)
        assert back.number_of_edges() == net.number_of_edges()
    assert graphml.nodes[LANG_SON]["label"] == "Lạng Sơn"
    assert graphml.nodes[LANG_SON]["plans"] == "; ".join(net.nodes[LANG_SON]["plans"])
    assert linked.nodes[LANG_SON]["plans"] == net.nodes[LANG_SON]["plans"]


def test_png_snapshot(browser, written, tmp_path):
    _, files = written
    png = V.snapshot_png(files["plan"].html, tmp_path / "plan.png", browser=browser)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ontology_docs_list_every_term(tmp_path):
    from rdflib.namespace import SH, SKOS

    from graph_build.shacl.validate import shapes_graph
    from graph_build.views.ontology_docs import render_ontology_docs

    page = render_ontology_docs()
    anchors = set(re.findall(r'id="([^"]+)"', page))
    missing = [name for name in PK.__annotations__ if name not in anchors]
    assert missing == []
    for shape in shapes_graph().subjects(RDF.type, SH.NodeShape):
        assert f"shape-{str(shape).rsplit('#', 1)[-1]}" in anchors
    from graph_build.shacl.validate import ontology_graph

    for scheme in ontology_graph().subjects(RDF.type, SKOS.ConceptScheme):
        assert f"scheme-{str(scheme).rsplit('/', 1)[-1]}" in anchors
    assert "khâu đột phá" in page and "breakthrough" in page
    assert "<script" not in page


def test_cli_writes_one_folder_with_index(tmp_path):
    from graph_build.cli.main import main

    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["view", "--layout", "plan", "--out", str(out), "--date", DATE, "-q"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        main,
        [
            "view",
            "--focus",
            "breakthrough-4-industry",
            "--depth",
            "2",
            "--out",
            str(out),
            "--date",
            DATE,
            "--lang",
            "en",
            "--snapshot",
            "svg",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["docs", "--out", str(out), "-q"]).exit_code == 0
    assert runner.invoke(main, ["export-network", "--format", "graphml", "--out", str(out), "-q"]).exit_code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    for href in (
        "views/plan-layout.html",
        "views/focus-breakthrough-4-industry-d2-en.html",
        "views/focus-breakthrough-4-industry-d2-en.svg",
        "docs/ontology.html",
        "plankg-network.graphml",
    ):
        assert f'href="{href}"' in index
        assert (out / href).is_file()
    bad = runner.invoke(main, ["view", "--focus", "no-such-entity", "--out", str(out)])
    assert bad.exit_code == 2 and "no entity 'no-such-entity'" in bad.output
    both = runner.invoke(main, ["view", "--focus", "breakthrough-4-industry", "--cross-plan", "--out", str(out)])
    assert both.exit_code == 2 and "cannot be combined" in both.output


def test_cli_reads_a_built_graph_file(tmp_path):
    command = [sys.executable, "-m", "graph_build"]  # this interpreter's plankg, not another on PATH
    built = subprocess.run(
        [*command, "build", "--out", str(tmp_path), "--format", "turtle", "--no-shacl", "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    run = subprocess.run(
        [
            *command,
            "view",
            "--graph",
            str(tmp_path / "plankg.ttl"),
            "--kind",
            "Breakthrough",
            "--out",
            str(tmp_path),
            "--date",
            DATE,
            "--snapshot",
            "png",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "views" / "graph-kind-breakthrough.png").read_bytes()[:4] == b"\x89PNG"
    page = (tmp_path / "views" / "graph-kind-breakthrough.html").read_text(encoding="utf-8")
    assert page.count('"cls":"Breakthrough"') >= 4
    assert 'href="plankg.ttl"' in (tmp_path / "index.html").read_text(encoding="utf-8")
