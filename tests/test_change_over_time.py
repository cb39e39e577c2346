"""Plans that change over time (issue 14.3): adjustments, validity periods, superseded facts and sources.

Runs the named queries on the bundled build (all plans and the reference data, built once per
session) in the real in-memory store, and checks the data's validity periods against the YAML.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph_build.core.namespace import PK
from graph_build.plans.loader import load_dataset
from graph_build.sparql.library import run_query

from .query_support import BASE, ROOT, cols

NATIONAL = "national-2021-2030"
NAT = f"{NATIONAL}"


@pytest.fixture(scope="module")
def store(bundled):
    from graph_build.stores.source import open_source

    return open_source(graph=bundled.graph())


def _run(store, name, **params):
    return run_query(name, params, store=store)


# -- targets in force on a date -------------------------------------------------------------
def test_national_targets_differ_between_2024_and_2026_each_with_its_deciding_document(store):
    before = _run(store, "targets-in-force", plan=NATIONAL, day="2024-01-01")
    after = _run(store, "targets-in-force", plan=NATIONAL, day="2026-01-01")
    assert cols(before, "target", "value", "value_text", "decided_by", "basis") == [
        (f"{NAT}/target-gdp-growth", "7", "khoảng 7%/năm", f"{NAT}/resolution-81", "stated"),
        (f"{NAT}/target-gdp-per-capita", "7500", "khoảng 7.500 USD", f"{NAT}/resolution-81", "stated"),
    ]
    assert cols(after, "target", "value", "value_text", "decided_by", "decided_on") == [
        (f"{NAT}/target-gdp-growth-2025", "8", "trên 8%/năm", f"{NAT}/adjustment-2025", "2025-12-10"),
        (f"{NAT}/target-gdp-growth-2026-2030", "10", "từ 10%/năm trở lên", f"{NAT}/adjustment-2025", "2025-12-10"),
        (f"{NAT}/target-gdp-per-capita-2025", "8500", "khoảng 8.500 USD", f"{NAT}/adjustment-2025", "2025-12-10"),
    ]
    # The old targets are kept, marked superseded, not overwritten.
    assert cols(before, "superseded_by") == [(f"{NAT}/target-gdp-growth-2025",), (f"{NAT}/target-gdp-per-capita-2025",)]


def test_the_last_day_of_the_old_target_and_the_first_of_the_new_are_adjacent(store):
    last_old = _run(store, "targets-in-force", plan=NATIONAL, day="2025-12-09")
    first_new = _run(store, "targets-in-force", plan=NATIONAL, day="2025-12-10")
    assert [r[0] for r in cols(last_old, "target")] == [f"{NAT}/target-gdp-growth", f"{NAT}/target-gdp-per-capita"]
    assert len(cols(first_new, "target")) == 3 and all(
        "2025" in r[0] or "2026" in r[0] for r in cols(first_new, "target")
    )


def test_a_plan_without_validity_starts_with_its_approving_decision(store):
    before = _run(store, "targets-in-force", plan="lang-son-2021-2030", day="2024-03-18")
    on_the_day = _run(store, "targets-in-force", plan="lang-son-2021-2030", day="2024-03-19")
    assert cols(before, "target") == []
    rows = cols(on_the_day, "basis", "decided_by")
    assert rows and set(rows) == {("approval", "lang-son-2021-2030/decision-236")}


# -- what an adjustment changed -------------------------------------------------------------
def test_what_the_2025_adjustment_changed(store):
    result = _run(store, "adjustment-changes", decision=f"{NATIONAL}/adjustment-2025")
    assert cols(result, "change", "old", "old_value", "new", "new_value", "document", "prepared_in", "amends") == [
        (
            "replaced",
            f"{NAT}/objective-2030",
            "Mục tiêu phát triển đến năm 2030",
            f"{NAT}/objective-2030-adjusted-2025",
            "Mục tiêu phát triển đến năm 2030 (điều chỉnh năm 2025)",
            f"{NAT}/adjustment-2025",
            f"{NAT}/resolution-306-cp",
            NAT,
        ),
        (
            "replaced",
            f"{NAT}/target-gdp-growth",
            "khoảng 7%/năm",
            f"{NAT}/target-gdp-growth-2025",
            "trên 8%/năm",
            f"{NAT}/adjustment-2025",
            f"{NAT}/resolution-306-cp",
            NAT,
        ),
        (
            "added",
            None,
            None,
            f"{NAT}/target-gdp-growth-2026-2030",
            "từ 10%/năm trở lên",
            f"{NAT}/adjustment-2025",
            f"{NAT}/resolution-306-cp",
            NAT,
        ),
        (
            "replaced",
            f"{NAT}/target-gdp-per-capita",
            "khoảng 7.500 USD",
            f"{NAT}/target-gdp-per-capita-2025",
            "khoảng 8.500 USD",
            f"{NAT}/adjustment-2025",
            f"{NAT}/resolution-306-cp",
            NAT,
        ),
    ]
    assert set(cols(result, "document_date", "old_until", "new_from")) <= {
        ("2025-12-10", "2025-12-09", "2025-12-10"),
        ("2025-12-10", None, "2025-12-10"),
    }


def test_the_thai_nguyen_adjustment_adds_targets_without_replacing_any(store):
    result = _run(store, "adjustment-changes", decision="thai-nguyen-2021-2030/adjustment-2026")
    rows = cols(result, "change", "new", "document_date", "amends")
    assert rows and {r[0] for r in rows} == {"added"}
    assert {r[2:] for r in rows} == {("2026-02-04", "thai-nguyen-2021-2030")}


def test_the_merger_resolution_replaces_provinces(store):
    result = _run(store, "adjustment-changes", decision="resolution-202-2025")
    rows = cols(result, "change", "kind", "old", "new", "old_until", "new_from", "document_date")
    assert (
        "replaced",
        "Province",
        "ref/bac-kan",
        "ref/thai-nguyen-2025",
        "2025-06-30",
        "2025-07-01",
        "2025-06-12",
    ) in rows
    # One row per unit that ended on 30/06/2025, as the generated reference file lists them.
    import yaml

    ended = yaml.safe_load((ROOT / "reference" / "provinces-before-2025.yaml").read_text(encoding="utf-8"))
    pairs = {(f"ref/{p['id']}", f"ref/{s['ref']}") for p in ended["places"] for s in p.get("successor") or []}
    assert len(pairs) == 52
    assert {(r[2], r[3]) for r in rows} == pairs and len(rows) == len(pairs)
    assert {r[0] for r in rows} == {"replaced"}


# -- facts resting on a superseded source ---------------------------------------------------
def test_facts_on_a_superseded_source_are_replaced_or_flagged_for_review(store):
    result = _run(store, "superseded-sources", plan=NATIONAL)
    assert cols(result, "status", "fact", "source", "later_source") == [
        ("replaced", f"{NAT}/objective-2030", f"{NAT}/source/luatvietnam81", f"{NAT}/source/tbtcqh2025"),
        ("replaced", f"{NAT}/target-gdp-growth", f"{NAT}/source/luatvietnam81", f"{NAT}/source/tbtcqh2025"),
        ("replaced", f"{NAT}/target-gdp-per-capita", f"{NAT}/source/luatvietnam81", f"{NAT}/source/tbtcqh2025"),
        # The 2050 vision rests on the 2023 text alone: nothing says whether the amendment kept it.
        ("review", f"{NAT}/vision-2050", f"{NAT}/source/luatvietnam81", f"{NAT}/source/tbtcqh2025"),
    ]


# -- the data's validity periods are consistent ---------------------------------------------
def _bundled_datasets():
    from graph_build.core import resources

    return [load_dataset(p) for p in (*resources.bundled_plans(), *sorted((ROOT / "reference").glob("*.yaml")))]


def test_validity_periods_are_consistent_in_the_data():
    """Every superseded fact ends the day before its replacement starts; deciding documents predate the facts."""
    checked = 0
    for ds in _bundled_datasets():
        for entity in ds.entities.values():
            start, end = entity.values.get("valid_from"), entity.values.get("valid_until")
            if start and end:
                assert start <= end, (ds.id, entity.id)
            for ref in entity.values.get("superseded_by", []):
                later = ds.entities[ref.target]
                assert end is not None, f"{ds.id}/{entity.id} is superseded but has no valid_until"
                assert later.values["valid_from"] == end + dt.timedelta(days=1), (ds.id, entity.id, ref.target)
                checked += 1
            for ref in entity.values.get("decided_by", []):
                decider = ds.entities.get(ref.target)
                if decider is None:  # a decision of the reference data
                    continue
                decided_on = decider.values.get("date")
                assert start is not None and decided_on <= start, (ds.id, entity.id)
                checked += 1
    assert checked >= 12


def test_the_graph_keeps_old_and_new_targets_with_typed_dates(bundled):
    g = bundled.graph()
    old = URIRef(f"{BASE}{NAT}/target-gdp-growth")
    new = URIRef(f"{BASE}{NAT}/target-gdp-growth-2025")
    assert (old, PK.supersededBy, new) in g
    assert (old, PK.validUntil, Literal("2025-12-09", datatype=XSD.date)) in g
    assert (new, PK.validFrom, Literal("2025-12-10", datatype=XSD.date)) in g
    assert (old, PK.value, Literal("7", datatype=XSD.decimal)) in g
    source = URIRef(f"{BASE}{NAT}/source/luatvietnam81")
    assert (source, PK.supersededBy, URIRef(f"{BASE}{NAT}/source/tbtcqh2025")) in g


# -- SHACL and the loader refuse inconsistent change data -----------------------------------
def _national_triples(bundled) -> set[tuple[str, str, str]]:
    from graph_build.rdf.terms import from_rdflib

    return {(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in bundled.graph(plans=[NATIONAL])}


def _nt(term) -> str:
    from graph_build.rdf.terms import from_rdflib

    return from_rdflib(term)


def test_shacl_catches_broken_periods_supersession_and_adjustments(bundled, caplog):
    import logging

    from graph_build.shacl import validate as shacl

    data = _national_triples(bundled)
    assert shacl.validate_triples(data) == []
    old, new = URIRef(f"{BASE}{NAT}/target-gdp-growth"), URIRef(f"{BASE}{NAT}/target-gdp-growth-2025")
    adjustment = URIRef(f"{BASE}{NAT}/adjustment-2025")
    broken = set(data)
    # The old target starts after it ends; the new one loses nothing but is "decided" by a target.
    broken.discard((_nt(old), _nt(PK.validFrom), _nt(Literal("2023-01-09", datatype=XSD.date))))
    broken.add((_nt(old), _nt(PK.validFrom), _nt(Literal("2026-01-09", datatype=XSD.date))))
    broken.discard((_nt(new), _nt(PK.decidedBy), _nt(adjustment)))
    broken.add((_nt(new), _nt(PK.decidedBy), _nt(old)))
    # A superseded objective without its last day; an adjustment that amends nothing.
    objective = URIRef(f"{BASE}{NAT}/objective-2030")
    broken = {t for t in broken if not (t[0] == _nt(objective) and t[1] == _nt(PK.validUntil))}
    broken = {t for t in broken if not (t[0] == _nt(adjustment) and t[1] == _nt(PK.amends))}
    with caplog.at_level(logging.INFO, logger="graph_build.shacl.validate"):
        results = shacl.validate_triples(broken)
    assert not [r.getMessage() for r in caplog.records if "pySHACL" in r.getMessage()]
    assert {(str(r.focus).rsplit("/", 1)[-1], r.shape) for r in results} == {
        ("target-gdp-growth", "InForceShape-validFrom"),
        ("target-gdp-growth-2025", "InForceShape-decidedBy"),
        ("objective-2030", "SupersededShape-validUntil"),
        ("adjustment-2025", "AdjustmentShape-amends"),
    }


def test_an_unknown_superseding_source_is_refused_with_file_line_and_field(tmp_path):
    import shutil

    from click.testing import CliRunner

    from graph_build.cli.main import main

    folder = tmp_path / NATIONAL
    shutil.copytree(ROOT / "plans" / NATIONAL, folder)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "    superseded_by: tbtcqh2025\n" in text
    plan.write_text(
        text.replace("    superseded_by: tbtcqh2025\n", "    superseded_by: tbtcqh2052\n"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    assert "plan.yaml:" in result.output and "[sources.superseded_by]" in result.output
    assert "unknown source 'tbtcqh2052'" in result.output and "tbtcqh2025" in result.output  # did you mean
    assert "Traceback" not in result.output


# -- facts found: the conference's outcomes as numbers ---------------------------------------
def test_conference_outcomes_carry_counts_and_amounts(bundled):
    rows = bundled.graph().query(
        """PREFIX pk: <https://w3id.org/plankg/def#>
        SELECT ?outcome ?count ?amount ?unit WHERE {
          ?outcome pk:outcomeOf ?event ; pk:outcomeCount ?count ; pk:amount ?amount ; pk:amountUnit ?unit .
        } ORDER BY ?outcome"""
    )
    assert [(str(o).rsplit("/", 1)[-1], int(c), str(a), str(u).rsplit("/", 1)[-1]) for o, c, a, u in rows] == [
        ("conference-2024-investment-decisions", 14, "18602", "billion-vnd"),
        ("conference-2024-memoranda", 9, "21527", "billion-vnd"),
    ]
