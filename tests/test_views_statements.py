"""Views of the statements below the entity (issue 14): inferred links dashed, parts beside their whole.

Built from the bundled graph with the library's own network and view code (no browser: what the
page draws is the ``network_data`` it is given, which tests/test_views.py opens in chromium).
"""

from __future__ import annotations

import pytest

from graph_build.network import model as N
from graph_build.views import generate as V

LS = "https://w3id.org/plankg/id/lang-son-2021-2030/"
REF = "https://w3id.org/plankg/id/ref/"
OBJECTIVE = LS + "objective-2030"
OBJECTIVE_PARTS = [
    LS + p
    for p in (
        "objective-2030-border-province",
        "objective-2030-stable-society",
        "objective-2030-defence-security",
        "objective-2030-environment",
        "role-growth-pole-2030",
        "role-economic-centre-2030",
        "role-bridge-2030",
    )
]


@pytest.fixture(scope="module")
def net(lang_son):
    return N.to_network(lang_son)


@pytest.fixture(scope="module")
def plan_view(net):
    return V.make_view(net, layout="plan", plans=["lang-son-2021-2030"])


def test_inferred_links_are_dashed_and_name_their_rule(net):
    serves = net.get_edge_data(LS + "task-1-institutions", OBJECTIVE, key="serves")
    assert serves["dashes"] is True and serves["inferred"] == "theo-do"
    member = net.get_edge_data(REF + "lang-son", REF + "tdmnpb", key="partOfRegion")
    assert member["dashes"] is True and member["inferred"] == "region-membership"
    # a stated link is drawn solid, with its quote
    holder = net.get_edge_data(LS + "role-bridge-2030", REF + "lang-son", key="roleHolder")
    assert not holder.get("dashes") and "Xây dựng Lạng Sơn" in holder["quote"]
    dashed = {(s, o, k) for s, o, k, d in net.edges(keys=True, data=True) if d.get("dashes")}
    assert len(dashed) == 19  # the 19 pk:InferredLink of the plan and its reference data


def test_the_page_data_marks_inferred_edges(plan_view):
    data = V.network_data(plan_view)
    ids = [n["id"] for n in data["nodes"]]
    inferred = {(ids[e[0]], ids[e[1]]): e[3]["inferred"] for e in data["edges"] if len(e) > 3 and e[3].get("dashes")}
    assert inferred[(LS + "breakthrough-4-industry", OBJECTIVE)] == "reading-order"
    assert all(rule for rule in inferred.values())


def test_parts_sit_beside_their_whole_in_the_plan_layout(plan_view):
    sub, positions = plan_view.net, plan_view.positions
    level = sub.nodes[OBJECTIVE]["level"]
    for part in OBJECTIVE_PARTS:
        assert sub.nodes[part]["level"] == level and sub.nodes[part]["part_of"] == OBJECTIVE
    # row order: the whole, then its parts by ordinal (rows wrap every nine nodes, left to right)
    order = sorted((n for n in sub if sub.nodes[n]["level"] == level), key=lambda n: (positions[n][1], positions[n][0]))
    start = order.index(OBJECTIVE)
    assert order[start + 1 : start + 1 + len(OBJECTIVE_PARTS)] == OBJECTIVE_PARTS
    # the zone's roles sit beside their orientation, in the orientations' row (below the targets')
    orientation = LS + "orientation-border-gate-economic-zone"
    orientations_row = N.CLASS_STYLES["SectorOrientation"].level
    assert orientations_row is not None and orientations_row > level
    assert sub.nodes[LS + "role-kkt-logistics-centre"]["level"] == sub.nodes[orientation]["level"] == orientations_row
