"""Cross-plan use (issue 5, part 4): every bundled plan in one graph, each plan also alone,
and the "Done when" questions answered by named queries.

Each answer is checked twice: against rows written out here from the plan files,
and against an oracle computed from the YAML itself (plans/*/plan.yaml,
reference/*.yaml), independently of the graph.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from graph_build import build
from graph_build.core import resources
from graph_build.core.namespace import PK
from graph_build.pipeline import api
from graph_build.sparql.library import run_query

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/plankg/id/"
LS, CB, BG, QN, TN, BK = (
    f"{p}-2021-2030" for p in ("lang-son", "cao-bang", "bac-giang", "quang-ninh", "thai-nguyen", "bac-kan")
)
REGION, NATIONAL = "tdmnpb-2021-2030", "national-2021-2030"
#: The plans whose facts the literal expectations below spell out; a plan added to plans/ is
#: checked by the oracles read from its YAML, not by these lists.
KNOWN = {LS, CB, BG, QN, TN, BK, REGION, NATIONAL}
BUNDLED = resources.bundled_plans()
PLAN_IDS = [p.name for p in BUNDLED]


# ------------------------------------------------------------------------------------------
# Helpers: the graph answers, and the YAML oracle
# ------------------------------------------------------------------------------------------
def plain(term):
    """A term as a short plain value: data IRIs without the base, literals as their lexical form."""
    if term is None:
        return None
    text = str(term)
    return text[len(BASE) :] if isinstance(term, URIRef) and text.startswith(BASE) else text


def cols(result, *names):
    index = [result.vars.index(n) for n in names]
    return [tuple(plain(row[i]) for i in index) for row in result.rows]


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


PLANS = {p.name: load_yaml(p / "plan.yaml") for p in BUNDLED}
REFERENCE = [load_yaml(p) for p in resources.reference_files()]
REF_PLACES = {e["id"]: e for data in REFERENCE for e in data.get("places", [])}


def refs(value) -> list[str]:
    """Ids of a reference field: a list (or one value) of ids or {ref: id} mappings."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    return [item["ref"] if isinstance(item, dict) else item for item in items]


def entities(data: dict):
    """(section, entity) for every entity of a plan file, the plan itself as ("plan", ...)."""
    if "plan" in data:
        yield "plan", {"id": "plan", **data["plan"]}
    for section, items in data.items():
        if section != "sources" and isinstance(items, list):
            for item in items:
                yield section, item


def dmy(text: str) -> dt.date:
    d, m, y = (int(x) for x in text.split("/"))
    return dt.date(y, m, d)


# ------------------------------------------------------------------------------------------
# Fixtures
# ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def result(bundled):
    """`plankg build` of the bundled plans and reference data (conftest: built once, with SHACL)."""
    return bundled


@pytest.fixture(scope="module")
def graph(result):
    return result.graph()


# ------------------------------------------------------------------------------------------
# One conforming graph of every bundled plan; each plan also alone
# ------------------------------------------------------------------------------------------
def test_all_bundled_plans_build_into_one_conforming_graph(result, graph):
    assert result.ok, [str(p) for p in result.errors]
    assert result.shacl_checked
    assert sorted(ds.id for ds in result.plans) == PLAN_IDS
    assert KNOWN <= set(PLAN_IDS)
    plans_in_graph = {plain(s) for s in graph.subjects(PK.periodStart, None)}
    assert plans_in_graph == set(PLAN_IDS)


@pytest.mark.parametrize("plan", BUNDLED, ids=lambda p: p.name)
def test_every_bundled_plan_builds_alone_and_is_valid(plan, result):
    alone = build([plan])
    assert alone.ok, [str(p) for p in alone.errors]
    assert alone.shacl_checked
    assert [ds.id for ds in alone.plans] == [plan.name]
    # Alone, the plan is exactly its own named graph plus the reference data of the full build.
    ds = next(d for d in result.plans if d.id == plan.name)
    ref = next(d for d in result.datasets if d.kind == "reference")
    expected = set(result.rdf.graph(result.graph_iri(ds))) | set(result.rdf.graph(result.graph_iri(ref)))
    assert set(alone.graph()) == expected
    other_plans = {URIRef(BASE + p) for p in PLAN_IDS} - {URIRef(BASE + plan.name)}
    assert not set(alone.graph().objects(None, PK.inPlan)) & other_plans


def test_each_plan_has_its_own_named_graph_and_the_union_is_their_union(result, graph):
    names = {str(name) for name, _ in result.named_graphs()}
    assert {f"{BASE}graph/{p}" for p in PLAN_IDS} | {f"{BASE}graph/reference"} <= names
    union = set()
    for _, named in result.named_graphs():
        union |= set(named)
    assert set(graph) == union
    for ds in result.plans:
        named = result.rdf.graph(result.graph_iri(ds))
        plan = URIRef(BASE + ds.id)
        assert set(named.objects(None, PK.inPlan)) == {plan}, ds.id
        assert (plan, PK.periodStart, None) in named


def _check_trig(path: Path, expected_union: set, plan_ids: list[str]):
    dataset = Dataset()
    dataset.parse(path, format="trig")
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    for plan_id in plan_ids:
        named = graphs[f"{BASE}graph/{plan_id}"]
        plan = URIRef(BASE + plan_id)
        assert (plan, RDF.type, None) in named
        assert set(named.objects(None, PK.inPlan)) == {plan}, f"{plan_id}: only its own entities"
    assert f"{BASE}graph/reference" in graphs
    union = set()
    for g in graphs.values():
        union |= set(g)
    assert union == expected_union


def test_trig_output_keeps_one_named_graph_per_plan(tmp_path):
    """Written with api.write and parsed back: one graph per plan, their union is the union graph.

    Built without the accepted links: see the next test for the TriG with links.
    """
    unlinked = build(shacl=False, links=False)
    [trig] = api.write(unlinked, tmp_path, formats=("trig",))
    _check_trig(trig, set(unlinked.graph()), PLAN_IDS)


def test_trig_output_with_the_accepted_links_parses_back(result, graph, tmp_path):
    [trig] = api.write(result, tmp_path, formats=("trig",))
    _check_trig(trig, set(graph), PLAN_IDS)


# ------------------------------------------------------------------------------------------
# 1. Which plans contain the Đồng Đăng – Trà Lĩnh expressway
# ------------------------------------------------------------------------------------------
DDTL = "expressway-dong-dang-tra-linh"


def _plans_along(route: str) -> set[str]:
    return {pid for pid, data in PLANS.items() if any(route in refs(e.get("along")) for _, e in entities(data))}


def test_which_plans_contain_the_dong_dang_tra_linh_expressway(graph):
    rows = [
        r
        for r in cols(run_query("shared-corridors", graph=graph), "route", "plan", "relation", "via")
        if r[0] == f"ref/{DDTL}"
    ]
    assert rows == [
        (f"ref/{DDTL}", CB, "along", f"{CB}/project-dong-dang-tra-linh-expressway"),
        (f"ref/{DDTL}", LS, "along", f"{LS}/project-dong-dang-tra-linh-expressway"),
    ]
    assert {r[1] for r in rows} == _plans_along(DDTL) == {LS, CB}
    pairs = cols(run_query("shared-infrastructure", graph=graph), "infrastructure", "plan_a", "plan_b")
    assert [p for p in pairs if p[0] == f"ref/{DDTL}"] == [(f"ref/{DDTL}", CB, LS)]


def test_shared_corridors_rows(graph):
    travel_axis = f"{QN}/travel-axis-lang-son-quang-ninh"
    corridor = f"{REGION}/corridor-lang-son-ha-noi"
    hncl, rail = "ref/expressway-huu-nghi-chi-lang", "ref/railway-ha-noi-dong-dang"
    result = run_query("shared-corridors", graph=graph)
    assert cols(result, "route", "type", "defined_in", "plans", "plan", "relation", "via") == [
        (travel_axis, "SpatialElement", QN, "2", LS, "passes-through", "ref/lang-son"),
        (travel_axis, "SpatialElement", QN, "2", QN, "defines", travel_axis),
        (f"ref/{DDTL}", "Infrastructure", None, "2", CB, "along", f"{CB}/project-dong-dang-tra-linh-expressway"),
        (f"ref/{DDTL}", "Infrastructure", None, "2", LS, "along", f"{LS}/project-dong-dang-tra-linh-expressway"),
        (hncl, "Infrastructure", None, "2", LS, "along", f"{LS}/project-1371-expressway-connectors"),
        (hncl, "Infrastructure", None, "2", LS, "along", f"{LS}/project-huu-nghi-chi-lang-expressway"),
        (hncl, "Infrastructure", None, "2", REGION, "along", f"{REGION}/expressways-2021-2025"),
        (rail, "Infrastructure", None, "2", LS, "along", f"{LS}/project-ha-noi-lang-son-railway"),
        (rail, "Infrastructure", None, "2", REGION, "along", corridor),
        (
            rail,
            "Infrastructure",
            None,
            "2",
            REGION,
            "along",
            f"{REGION}/railways-lang-son-ha-noi-and-lao-cai-quang-ninh",
        ),
        (corridor, "EconomicCorridor", REGION, "3", BG, "passes-through", "ref/bac-giang"),
        (corridor, "EconomicCorridor", REGION, "3", LS, "passes-through", "ref/lang-son"),
        (corridor, "EconomicCorridor", REGION, "3", REGION, "defines", corridor),
    ]
    # The YAML oracle for the shared reference routes: named (along) by two or more plans.
    along = {route for data in PLANS.values() for _, e in entities(data) for route in refs(e.get("along"))}
    shared = {route for route in along if len(_plans_along(route)) >= 2}
    assert {r[0] for r in cols(result, "route") if r[0].startswith("ref/")} == {f"ref/{r}" for r in shared}


@pytest.mark.parametrize("plan", PLAN_IDS)
def test_infrastructure_of_each_plan_includes_reference_routes_reached_along(graph, plan):
    """infrastructure.rq: a plan's own routes and the reference routes its entities run along."""
    data = PLANS[plan]
    expected = {f"{plan}/{e['id']}" for e in data.get("infrastructure", [])}
    expected |= {
        f"ref/{r}"
        for _, e in entities(data)
        for r in refs(e.get("along"))
        if r not in {x["id"] for x in data.get("infrastructure", [])}
    }
    found = [r[0] for r in cols(run_query("infrastructure", {"plan": plan}, graph=graph), "infrastructure")]
    assert len(found) == len(set(found))
    assert set(found) == expected


# ------------------------------------------------------------------------------------------
# 2. Which corridors of the regional plan pass through Lạng Sơn
# ------------------------------------------------------------------------------------------
def test_which_corridors_of_the_regional_plan_pass_through_lang_son(graph):
    rows = cols(run_query("shared-corridors", graph=graph), "route", "type", "defined_in", "plan", "relation", "via")
    through = [r for r in rows if r[2] == REGION and r[4] == "passes-through" and r[5] == "ref/lang-son"]
    assert through == [
        (f"{REGION}/corridor-lang-son-ha-noi", "EconomicCorridor", REGION, LS, "passes-through", "ref/lang-son")
    ]
    oracle = {
        e["id"]
        for e in PLANS[REGION]["spatial_elements"]
        if e.get("type") == "EconomicCorridor"
        and "lang-son" in refs(e.get("connects")) + refs(e.get("includes_places"))
    }
    assert {r[0] for r in through} == {f"{REGION}/{c}" for c in oracle} == {f"{REGION}/corridor-lang-son-ha-noi"}
    # The same from the place's side.
    concerning = cols(run_query("concerns-place", {"place": "lang-son"}, graph=graph), "plan", "entity", "type")
    assert [r[1] for r in concerning if r[0] == REGION and r[2] == "EconomicCorridor"] == [
        f"{REGION}/corridor-lang-son-ha-noi"
    ]


# ------------------------------------------------------------------------------------------
# 3. The GRDP growth targets of the bundled provinces, side by side
# ------------------------------------------------------------------------------------------
def test_grdp_growth_targets_side_by_side(graph):
    result = run_query("targets-side-by-side", graph=graph)
    known_rows = cols(result, "plan", "target", "value", "min", "max", "unit", "comparison", "year")
    assert [r for r in known_rows if r[0] in KNOWN] == [
        (BG, f"{BG}/target-grdp-growth", None, "15", "16", "percent-per-year", "between", "2030"),
        (CB, f"{CB}/target-grdp-growth", "9.72", None, None, "percent-per-year", "exactly", "2030"),
        (LS, f"{LS}/target-grdp-growth", None, "8", "9", "percent-per-year", "between", "2030"),
        (QN, f"{QN}/target-grdp-growth", "10", None, None, "percent-per-year", "exactly", "2030"),
        (TN, f"{TN}/target-grdp-growth", None, "8", "8.5", "percent-per-year", "between", "2030"),
        # Added by the 2026 adjustment (issue 14.3), beside the 2021-2030 target it does not replace.
        (TN, f"{TN}/target-grdp-growth-2026-2030", "10.5", None, None, "percent-per-year", "at-least", "2030"),
    ]
    assert dict(cols(result, "plan", "plan_label"))[LS] == PLANS[LS]["plan"]["label"]["vi"]

    def number(v):
        return None if v is None else Decimal(str(v))

    # In the query's order: plan, year, target id (a plan may now have several, issue 14.3).
    oracle = [
        (pid, number(t.get("value")), number(t.get("min")), number(t.get("max")), t.get("unit"), t.get("year"))
        for pid, data in sorted(PLANS.items())
        for t in sorted(data.get("targets", []), key=lambda t: (t.get("year", 0), t["id"]))
        if t["indicator"] == "grdp-growth"
    ]
    index = [result.vars.index(v) for v in ("plan", "value", "min", "max", "unit", "year")]
    found = [
        (
            plain(row[index[0]]),
            *(None if row[i] is None else row[i].toPython() for i in index[1:4]),
            str(row[index[4]]),
            int(str(row[index[5]])),
        )
        for row in result.rows
    ]
    assert found == oracle
    assert len({f[0] for f in found if f[0] in KNOWN}) == 5, "one province per GRDP growth target (Bắc Kạn states none)"


def test_targets_side_by_side_takes_another_indicator(graph):
    result = run_query(
        "targets-side-by-side", {"indicator": "https://w3id.org/plankg/vocab/indicator/gdp-growth"}, graph=graph
    )
    # The 2023 target and, from the 2025 adjustment, its replacement and the new 2026-2030 one.
    assert sorted(cols(result, "plan", "value", "comparison", "year")) == [
        (NATIONAL, "10", "at-least", "2030"),
        (NATIONAL, "7", "approximately", "2030"),
        (NATIONAL, "8", "at-least", "2030"),
    ]


# ------------------------------------------------------------------------------------------
# 4. Which province Bắc Giang became on 01/07/2025
# ------------------------------------------------------------------------------------------
def test_which_province_bac_giang_became_on_1_july_2025(graph):
    result = run_query("places-after-2025", {"plan": BG}, graph=graph)
    assert cols(
        result, "place", "type", "relations", "valid_until", "successor", "successor_valid_from", "province_after"
    ) == [
        (
            "ref/bac-giang",
            "Province",
            "coversTerritory locatedIn concernsPlace",
            "2025-06-30",
            "ref/bac-ninh-2025",
            "2025-07-01",
            "ref/bac-ninh-2025",
        ),
    ]
    bac_giang = REF_PLACES["bac-giang"]
    [successor] = refs(bac_giang["successor"])
    assert successor == "bac-ninh-2025"
    assert dmy(bac_giang["valid_until"]) == dt.date(2025, 6, 30)
    assert dmy(REF_PLACES[successor]["valid_from"]) == dt.date(2025, 7, 1)


# ------------------------------------------------------------------------------------------
# 5. Which sectors Lạng Sơn and Cao Bằng both prioritise (the shared sector scheme)
# ------------------------------------------------------------------------------------------
def _sector_entities(plan: str) -> dict[str, set[str]]:
    out = defaultdict(set)
    for section, e in entities(PLANS[plan]):
        if section == "plan":
            continue  # shared-sectors counts the plan's entities
        for sector in refs(e.get("concerns_sector")) + refs(e.get("for_sector")):
            out[sector].add(e["id"])
    return out


def test_which_sectors_lang_son_and_cao_bang_both_prioritise(graph):
    rows = [
        r
        for r in cols(
            run_query("shared-sectors", graph=graph), "sector", "plan_a", "entities_a", "plan_b", "entities_b"
        )
        if (r[1], r[3]) == (CB, LS)
    ]
    sector = "https://w3id.org/plankg/vocab/sector/"
    assert rows == [
        (sector + s, CB, a, LS, b)
        for s, a, b in [
            # Lạng Sơn's counts include the parts and roles of its objective, vision and orientations (issue 14)
            ("agriculture-forestry-fisheries", "1", "4"),
            ("border-gate-economy", "3", "9"),
            ("business-environment", "1", "2"),
            ("clean-energy", "1", "2"),
            ("culture", "1", "4"),
            ("external-relations", "1", "2"),
            ("industry", "1", "4"),
            ("logistics", "1", "6"),
            ("tourism", "2", "10"),
            ("trade", "1", "5"),
            ("transport", "2", "6"),
        ]
    ]
    cb, ls = _sector_entities(CB), _sector_entities(LS)
    assert [(sector + s, CB, str(len(cb[s])), LS, str(len(ls[s]))) for s in sorted(set(cb) & set(ls))] == rows


# ------------------------------------------------------------------------------------------
# Which plan implements which higher plan
# ------------------------------------------------------------------------------------------
def test_plan_hierarchy(graph):
    result = run_query("plan-hierarchy", graph=graph)
    rows = cols(result, "plan", "plan_type", "higher_plan", "higher_type")
    assert [r for r in rows if r[0] in KNOWN] == [
        (QN, "ProvincialPlan", NATIONAL, "NationalMasterPlan"),
        (REGION, "RegionalPlan", NATIONAL, "NationalMasterPlan"),
        *[(p, "ProvincialPlan", REGION, "RegionalPlan") for p in sorted((BG, BK, CB, LS, TN))],
    ]
    oracle = sorted((pid, higher) for pid, data in PLANS.items() for higher in refs(data["plan"].get("implements")))
    assert sorted((r[0], r[2]) for r in rows) == oracle
    provincial = {pid for pid, data in PLANS.items() if data["plan"]["type"] == "ProvincialPlan"}
    assert {r[0] for r in rows if r[2] == REGION} == provincial - {QN}
    labels = dict(cols(result, "higher_plan", "higher_label"))
    assert labels[NATIONAL] == PLANS[NATIONAL]["plan"]["label"]["vi"]


# ------------------------------------------------------------------------------------------
# What changed for a plan's places after 01/07/2025
# ------------------------------------------------------------------------------------------
PLACE_FIELDS = ("territory", "located_in", "connects", "includes_places", "concerns_place", "part_of")


def test_places_after_2025_for_lang_son_lists_the_former_districts(graph):
    result = run_query("places-after-2025", graph=graph)  # default plan: Lạng Sơn
    rows = cols(
        result, "place", "type", "relations", "valid_until", "successor", "successor_valid_from", "province_after"
    )
    district = [
        ("ref/cao-loc", "locatedIn connects concernsPlace"),  # concernsPlace: the planned merger (issue 14.4)
        ("ref/chi-lang", "locatedIn"),
        ("ref/dinh-lap", "connects"),
        ("ref/huu-lung", "locatedIn connects"),
        ("ref/loc-binh", "locatedIn connects"),
        ("ref/trang-dinh", "connects"),
        ("ref/van-lang", "locatedIn connects"),
        ("ref/van-quan", "locatedIn"),
    ]
    assert rows == [
        ("ref/dong-dang", "AdministrativeUnit", "connects", "2025-06-30", None, None, "ref/lang-son"),
        (
            "ref/tp-lang-son",
            "AdministrativeUnit",
            "locatedIn connects concernsPlace",
            "2025-06-30",
            None,
            None,
            "ref/lang-son",
        ),
        *[(place, "District", how, "2025-06-30", None, None, "ref/lang-son") for place, how in district],
        (
            "ref/bac-giang",
            "Province",
            "concernsPlace",
            "2025-06-30",
            "ref/bac-ninh-2025",
            "2025-07-01",
            "ref/bac-ninh-2025",
        ),
        (
            "ref/bac-kan",
            "Province",
            "concernsPlace",
            "2025-06-30",
            "ref/thai-nguyen-2025",
            "2025-07-01",
            "ref/thai-nguyen-2025",
        ),
        (
            "ref/thai-nguyen",
            "Province",
            "concernsPlace",
            "2025-06-30",
            "ref/thai-nguyen-2025",
            "2025-07-01",
            "ref/thai-nguyen-2025",
        ),
    ]
    # The oracle: every place the plan file refers to through those fields that ended by 30/06/2025.
    named = {ref for _, e in entities(PLANS[LS]) for f in PLACE_FIELDS for ref in refs(e.get(f))}
    ended = {
        pid
        for pid in named
        if pid in REF_PLACES
        and "valid_until" in REF_PLACES[pid]
        and dmy(REF_PLACES[pid]["valid_until"]) <= dt.date(2025, 6, 30)
    }
    assert {r[0] for r in rows} == {f"ref/{p}" for p in ended}
    districts = {f"ref/{p}" for p in ended if REF_PLACES[p].get("type") == "District"}
    assert districts == {r[0] for r in rows if r[1] == "District"}
    assert len(districts) == 8
    for place, *_ in rows:
        successor = refs(REF_PLACES[place[4:]].get("successor"))
        assert [r[4] for r in rows if r[0] == place] == ([f"ref/{successor[0]}"] if successor else [None])


def test_places_after_2025_a_place_without_a_province_has_no_province_after(graph):
    from rdflib import Graph, Literal
    from rdflib.namespace import RDFS, XSD

    g = Graph()
    for triple in graph:
        g.add(triple)
    place = URIRef(BASE + "ref/somewhere-abroad")
    g.add((place, RDF.type, PK.Place))
    g.add((place, RDFS.label, Literal("Nơi nào đó", lang="vi")))
    g.add((place, PK.validUntil, Literal("2025-06-30", datatype=XSD.date)))
    g.add((URIRef(f"{BASE}{LS}"), PK.concernsPlace, place))
    before = cols(run_query("places-after-2025", graph=graph), "place", "province_after")
    after = cols(run_query("places-after-2025", graph=g), "place", "label", "province_after", "province_after_label")
    assert ("ref/somewhere-abroad", "Nơi nào đó", None, None) in after
    assert sorted((r[0], r[2]) for r in after) == sorted([*before, ("ref/somewhere-abroad", None)])


def test_places_after_2025_takes_a_date(graph):
    assert run_query("places-after-2025", {"ended_by": "29/06/2025"}, graph=graph).rows == []


# ------------------------------------------------------------------------------------------
# Queries ordered by sort keys (IRI + space, made once per row for speed on a persistent store)
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, columns",
    [
        ("shared-sectors", ("sector", "plan_a", "plan_b")),
        ("gaps-projects-without-breakthrough", ("plan", "project")),
        ("search-quotes", ("entity", "aspect")),
    ],
)
def test_rows_sorted_by_sort_keys_come_in_the_order_of_the_iris(result, graph, name, columns):
    from graph_build.stores import open_store

    oxigraph = open_store("oxigraph")
    oxigraph.load_build(result)
    params = {"text": "a"} if name == "search-quotes" else None
    for answer in (run_query(name, params, graph=graph), run_query(name, params, store=oxigraph)):
        at = [answer.vars.index(c) for c in columns]
        keys = [tuple(str(row[i]) for i in at) for row in answer.rows]
        assert len(keys) >= 20 and keys == sorted(keys)
