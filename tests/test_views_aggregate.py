"""Cross-plan views that stay readable (issue 17, point 3), in Debian's chromium.

The aggregated view draws the plans alone, joined by what they share; a real mouse click on a
plan or on the edge between two plans opens the shared entities. ``--shared-by`` keeps any
view to what two chosen plans share. Over the bundled plans.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main
from graph_build.network import model as N
from graph_build.views import generate as V

from .browser import browser, open_page  # noqa: F401 (browser is a fixture)

DATE = "2024-04-21"
LANG_SON, CAO_BANG = "lang-son-2021-2030", "cao-bang-2021-2030"


@pytest.fixture(scope="module")
def net(bundled_graph):
    return N.to_network(bundled_graph)


@pytest.fixture(scope="module")
def aggregate(bundled_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("aggregate")
    return V.generate_view(bundled_graph, out, date=DATE, cross_plan=True, aggregate=True)


@pytest.fixture(scope="module")
def page(browser, aggregate):
    opened = open_page(browser, aggregate.html)
    yield opened
    opened.page.close()


def _plans(net) -> set[str]:
    return {n for n, d in net.nodes(data=True) if "Plan" in d["classes"]}


def _visible(page) -> set[str]:
    return set(page.js("window.plankgNetwork.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


def _dom_point(page, canvas_xy: str) -> list[float]:
    return page.js(
        "(() => { const net = window.plankgNetwork.network; const p = net.canvasToDOM(" + canvas_xy + ");"
        " const r = document.getElementById('network').getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; })()"
    )


def test_the_aggregate_network_is_the_plans_and_what_each_pair_shares(net, aggregate):
    agg = aggregate.view.net
    assert _plans(agg) == _plans(net)
    for a, b, shared in agg.graph["pairs"]:
        pa, pb = agg.nodes[a]["local"], agg.nodes[b]["local"]
        expected = {n for n, d in net.nodes(data=True) if {pa, pb} <= set(d["plans"]) and n not in _plans(net)}
        assert set(shared) == expected
        assert agg.get_edge_data(a, b, key=N.SHARES)["weight"] == len(shared)
    assert len(agg.graph["pairs"]) >= 10


def test_aggregate_view_loads_offline_with_one_node_per_plan(page, aggregate, net):
    assert page.console_errors == [] and page.blocked == [] and page.dialogs == []
    assert _visible(page) == _plans(net)
    assert len(_visible(page)) == len(N.plan_ids(net))
    # edges between plans carry what they share as a number, and are as wide as it
    shown = page.js("window.plankgNetwork.edges.get({filter: e => !e.hidden}).map(e => [e.label, e.width, e.count])")
    assert shown and all(label.startswith(f"{count} · ") and width > 1 for label, width, count in shown)
    assert len(shown) == len(aggregate.view.net.graph["pairs"])
    assert page.js("window.plankgNetwork.meta.kind") == "plans-aggregate"


def test_clicking_a_plan_opens_what_it_shares(page, aggregate, net):
    agg = aggregate.view.net
    plan = next(n for n in agg if agg.nodes[n]["local"] == LANG_SON)
    own_pairs = [k for k, (a, b, _) in enumerate(agg.graph["pairs"]) if plan in (a, b)]
    expected = _plans(net) | {n for k in own_pairs for n in agg.graph["pairs"][k][2]}
    point = _dom_point(page, f"window.plankgNetwork.network.getPositions([{json.dumps(plan)}])[{json.dumps(plan)}]")
    page.page.mouse.click(*point)
    assert page.js("window.plankgOpenPairs()") == own_pairs
    assert _visible(page) == expected and len(expected) > len(_plans(net))
    assert page.console_errors == []
    page.page.mouse.click(*point)  # a second click closes them
    assert page.js("window.plankgOpenPairs()") == [] and _visible(page) == _plans(net)


def _free_point_on_edge(page, a: str, b: str, edge_id: str) -> list[float]:
    """A point (page coordinates) on the edge from ``a`` to ``b`` that no other edge or drawn
    node covers, so that a real click there lands on that edge."""
    for fraction in (0.5, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85, 0.1, 0.9):
        point = _dom_point(
            page,
            f"(() => {{ const p = window.plankgNetwork.network.getPositions([{json.dumps(a)}, {json.dumps(b)}]);"
            f" const A = p[{json.dumps(a)}], B = p[{json.dumps(b)}];"
            f" return {{x: A.x + (B.x - A.x) * {fraction}, y: A.y + (B.y - A.y) * {fraction}}}; }})()",
        )
        hit = page.js(
            "(() => { const net = window.plankgNetwork.network; const r = document.getElementById('network')"
            f".getBoundingClientRect(); const at = {{x: {point[0]} - r.left, y: {point[1]} - r.top}};"
            " return [net.getEdgeAt(at), net.getNodeAt(at) === undefined]; })()"
        )
        if hit == [edge_id, True]:
            return point
    pytest.fail("no free point on the edge between the two plans")


def test_clicking_the_edge_between_two_plans_opens_what_they_share(page, aggregate, net):
    agg = aggregate.view.net
    pairs = agg.graph["pairs"]
    k, (a, b, shared) = max(enumerate(pairs), key=lambda item: (len(item[1][2]), -item[0]))
    edge_id = page.js(
        f"window.plankgNetwork.edges.get({{filter: e => e.from === {json.dumps(a)} && e.to === {json.dumps(b)}}})[0].id"
    )
    point = _free_point_on_edge(page, a, b, edge_id)
    page.page.mouse.click(*point)
    assert page.js("window.plankgOpenPairs()") == [k]
    assert _visible(page) == _plans(net) | set(shared)
    tip = page.js(f"window.plankgNetwork.edges.get({json.dumps(edge_id)}).label")
    assert tip.startswith(f"{len(shared)} · ")
    page.page.mouse.click(*_free_point_on_edge(page, a, b, edge_id))  # the opened nodes now cover some
    assert _visible(page) == _plans(net)
    assert page.console_errors == [] and page.blocked == []


def test_searching_finds_a_shared_node_and_opens_its_pair(page, aggregate, net):
    agg = aggregate.view.net
    thai_nguyen = "https://w3id.org/plankg/id/ref/thai-nguyen-2025"
    assert thai_nguyen in agg and thai_nguyen not in _visible(page)
    page.page.fill("#search", "thai nguyen")
    button = page.page.locator(f"#results li[data-id='{thai_nguyen}'] button")
    assert "(" in button.inner_text()  # listed as hidden
    button.click()
    first = next(k for k, (_, _, shared) in enumerate(agg.graph["pairs"]) if thai_nguyen in shared)
    assert page.js("window.plankgOpenPairs()") == [first]
    assert thai_nguyen in _visible(page)
    assert page.js("window.plankgNetwork.network.getSelectedNodes()") == [thai_nguyen]
    page.page.fill("#search", "")
    a, b, _ = agg.graph["pairs"][first]  # close it again: the next tests start from the plans alone
    page.js("window.plankgNetwork.network.fit()")  # the search zoomed onto the node
    edge_id = page.js(
        f"window.plankgNetwork.edges.get({{filter: e => e.from === {json.dumps(a)} && e.to === {json.dumps(b)}}})[0].id"
    )
    page.page.mouse.click(*_free_point_on_edge(page, a, b, edge_id))
    assert _visible(page) == _plans(net) and page.console_errors == []


def test_the_svg_snapshot_draws_the_plans_and_what_they_share(aggregate):
    svg = V.render_svg(aggregate.view, "en", DATE)
    assert svg.count("<g><title>") == len(_plans(aggregate.view.net))
    assert svg.count("<line ") == len(aggregate.view.net.graph["pairs"])


def test_shared_by_keeps_what_two_plans_share(net, bundled_graph):
    for kind in ({}, {"cross_plan": True}):
        view = V.make_view(net, shared_by=[LANG_SON, CAO_BANG], **kind)
        plans_drawn = {d["local"] for n, d in view.net.nodes(data=True) if "Plan" in d["classes"]}
        assert plans_drawn == {LANG_SON, CAO_BANG}
        both = [n for n, d in view.net.nodes(data=True) if {LANG_SON, CAO_BANG} <= set(d["plans"])]
        assert len(both) >= 10
        for _, d in view.net.nodes(data=True):
            assert {LANG_SON, CAO_BANG} <= set(d["plans"]) or set(d["plans"]) & {LANG_SON, CAO_BANG}
        assert view.name.endswith("shared-by-cao-bang-2021-2030-lang-son-2021-2030")
    with pytest.raises(N.NetworkError, match="two different plans"):
        V.make_view(net, shared_by=[LANG_SON])
    with pytest.raises(N.NetworkError, match="not --aggregate"):
        V.make_view(net, cross_plan=True, aggregate=True, shared_by=[LANG_SON, CAO_BANG])


def test_cli_writes_the_aggregate_and_shared_by_views(tmp_path):
    runner = CliRunner()
    made = runner.invoke(main, ["view", "--cross-plan", "--aggregate", "--out", str(tmp_path), "--date", DATE, "-q"])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "views" / "cross-plan-aggregate.html").is_file()
    shared = runner.invoke(
        main, ["view", "--shared-by", LANG_SON, "--shared-by", CAO_BANG, "--out", str(tmp_path), "--date", DATE, "-q"]
    )
    assert shared.exit_code == 0, shared.output
    assert (tmp_path / "views" / f"graph-shared-by-{CAO_BANG}-{LANG_SON}.html").is_file()
    alone = runner.invoke(main, ["view", "--aggregate", "--out", str(tmp_path)])
    assert alone.exit_code == 2 and "use it with --cross-plan" in alone.stderr
