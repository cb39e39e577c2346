"""Building a plan folder: IRIs, typed literals, provenance, counts, outputs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from graph_build.core.namespace import PK, PKV
from graph_build.pipeline import api

from .conftest import MINI_PLAN

BASE = "https://w3id.org/plankg/id/"
PLAN = URIRef(BASE + "mini-2021-2030")


def iri(local: str) -> URIRef:
    return URIRef(f"{BASE}mini-2021-2030/{local}")


def test_sample_plan_is_valid(mini):
    assert mini.ok, [str(p) for p in mini.problems]
    assert mini.shacl_checked


def test_readable_iris_and_typed_literals(mini):
    g = mini.graph()
    assert (PLAN, RDF.type, PK.ProvincialPlan) in g
    assert (PLAN, PK.periodStart, Literal("2021", datatype=XSD.gYear)) in g
    assert (PLAN, PK.visionYear, Literal("2050", datatype=XSD.gYear)) in g
    decision = iri("decision-999")
    assert (decision, PK.signingDate, Literal("2024-02-01", datatype=XSD.date)) in g
    assert (decision, PK.approves, PLAN) in g
    assert (iri("target-growth"), PK.minValue, Literal("8", datatype=XSD.decimal)) in g
    assert (iri("target-growth"), PK.unit, PKV["unit/percent-per-year"]) in g
    assert (iri("breakthrough-1-digital"), RDFS.label, Literal("Chuyển đổi số", lang="vi")) in g
    assert (iri("breakthrough-1-digital"), PK.concernsSector, PKV["sector/digital-transformation"]) in g
    # the plan's territory comes from the shared reference data
    assert (PLAN, PK.coversTerritory, URIRef(BASE + "ref/lang-son")) in g


def test_a_plan_names_another_plan_by_its_id(mini):
    # built alone, the sample still points at the bundled Lạng Sơn plan's IRI
    assert (PLAN, PK.implementsPlan, URIRef(BASE + "lang-son-2021-2030")) in mini.graph()
    together = api.build(
        [MINI_PLAN, MINI_PLAN.parent.parent.parent.parent / "plans" / "lang-son-2021-2030"], shacl=False
    )
    assert together.ok
    assert (PLAN, PK.implementsPlan, URIRef(BASE + "lang-son-2021-2030")) in together.graph()


def test_plan_links_every_part(mini):
    g = mini.graph()
    assert (PLAN, PK.hasBreakthrough, iri("breakthrough-2-tourism")) in g
    assert (PLAN, PK.hasPart, iri("breakthrough-2-tourism")) in g
    assert (iri("breakthrough-2-tourism"), PK.inPlan, PLAN) in g
    assert (PLAN, PK.hasObjective, iri("objective-2030")) in g


def test_every_entity_carries_its_source(mini):
    g = mini.graph()
    plan_entities = set(g.objects(PLAN, PK.hasPart)) | {PLAN}
    for entity in plan_entities:
        attestations = list(g.objects(entity, PK.attestedBy))
        assert attestations, f"{entity} has no source"
        for a in attestations:
            assert g.value(a, PK.inDocument) is not None
    quote_node = g.value(iri("decision-999"), PK.attestedBy)
    assert g.value(quote_node, PK.quote) == Literal("quyết định 999 ngày 01/02/2024", lang="vi")
    assert g.value(quote_node, PK.quoteChecked) == Literal(True)
    web_node = g.value(iri("target-growth"), PK.attestedBy)
    assert g.value(web_node, PK.quoteChecked) == Literal(False)
    assert g.value(web_node, PK.confidence) == PKV["confidence/medium"]
    page = g.value(g.value(web_node, PK.inDocument), URIRef("http://xmlns.com/foaf/0.1/page"))
    assert page == URIRef("https://example.org/mini-plan")


def test_a_relation_with_its_own_source_is_reified(mini):
    g = mini.graph()
    statements = [
        s
        for s in g.subjects(RDF.subject, iri("breakthrough-2-tourism"))
        if g.value(s, RDF.predicate) == PK.concernsSector
    ]
    assert len(statements) == 1
    assert g.value(statements[0], RDF.object) == PKV["sector/tourism"]
    assert g.value(g.value(statements[0], PK.attestedBy), PK.quote) == Literal("phát triển du lịch", lang="vi")


def test_stated_counts_beside_named_members(mini):
    by_owner = {(c.owner, c.of): (c.stated, c.named, c.status) for c in mini.counts}
    assert by_owner[("plan", "Breakthrough")] == (2, 2, "complete")
    assert by_owner[("projects-all", "Project")] == (5, 1, "incomplete")
    assert by_owner[("projects-central", "Project")] == (2, 1, "incomplete")
    assert by_owner[("projects-attraction", "Project")] == (3, 0, "incomplete")
    g = mini.graph()
    count = URIRef(f"{PLAN}/count/Breakthrough")
    assert (PLAN, PK.statedCount, count) in g
    assert g.value(count, PK.statedValue) == Literal(2)
    assert g.value(count, PK.countedClass) == PK.Breakthrough
    # project membership is materialised up through sub-groups
    assert (iri("projects-all"), PK.includesProject, iri("project-gate-road")) in g
    warnings = [str(p) for p in mini.warnings]
    assert any("1 of 5 stated Project are named" in w for w in warnings)


def test_nfc_on_the_way_in(tmp_path):
    import shutil
    import unicodedata

    plan = tmp_path / "mini-2021-2030"
    shutil.copytree(MINI_PLAN, plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    result = api.build([plan], shacl=False)
    assert result.ok
    labels = set(result.graph().objects(iri("breakthrough-1-digital"), RDFS.label))
    assert Literal(unicodedata.normalize("NFC", "Chuyển đổi số"), lang="vi") in labels


def test_writes_four_formats_that_parse_back(mini, tmp_path):
    files = api.write(mini, tmp_path)
    assert sorted(p.name for p in files) == ["plankg.jsonld", "plankg.nt", "plankg.trig", "plankg.ttl"]
    expected = mini.graph()
    for path, fmt in (("plankg.ttl", "turtle"), ("plankg.nt", "nt"), ("plankg.jsonld", "json-ld")):
        parsed = Graph().parse(tmp_path / path, format=fmt)
        assert isomorphic(parsed, expected), path
    trig = Dataset().parse(tmp_path / "plankg.trig", format="trig")
    names = {str(g.identifier) for g in trig.graphs() if len(g)}
    assert names == {BASE + "graph/mini-2021-2030", BASE + "graph/reference"}
    merged = Graph()
    for g in trig.graphs():
        for t in g:
            merged.add(t)
    assert isomorphic(merged, expected)
    assert not list(tmp_path.glob(".*.part")), "no temporary files are left behind"


def test_with_ontology_includes_the_terms(mini, tmp_path):
    api.write(mini, tmp_path, formats=["turtle"], with_ontology=True)
    g = Graph().parse(tmp_path / "plankg.ttl")
    assert (PK.Breakthrough, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g


def test_same_input_same_bytes_across_processes(tmp_path):
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "graph_build", "build", str(MINI_PLAN), "--out", str(out), "-q"], check=True, env=env
        )
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())})
    assert digests[0] == digests[1]
    assert len(digests[0]) == 4


def test_base_iri_is_configurable():
    result = api.build([MINI_PLAN], base="http://example.org/plans/", shacl=False)
    assert (URIRef("http://example.org/plans/mini-2021-2030"), RDF.type, PK.ProvincialPlan) in result.graph()
    with pytest.raises(ValueError):
        api.build([MINI_PLAN], base="http://example.org/no-slash", shacl=False)
