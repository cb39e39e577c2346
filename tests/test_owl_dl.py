"""The ontology is OWL 2 DL: HermiT classifies it with the built plans' individuals (issue 13.3).

The check itself is ``bench/owl_dl.py`` (a structural audit with rdflib, then HermiT through
owlready2, on Java from Debian's ``default-jre-headless``); its result is committed as
``ontology/dl-check.json`` and shown on the ontology docs page. These tests re-run it and
compare, check that the check can fail (an unsatisfiable class, an inconsistent individual, a
range outside the datatype map, an undeclared term), and hold the ontology to what DL tools
and generic RDF tools need: every term the built data uses declared with its OWL kind,
domains and ranges that the data obeys, rdfs:comment beside skos:definition.

The rule for "declared": every class and property that the ontology, the vocabularies or the
built data (all bundled plans, links included) use has an ``rdf:type`` of ``owl:Class``,
``owl:ObjectProperty``, ``owl:DatatypeProperty`` or ``owl:AnnotationProperty`` in
``ontology/plankg.ttl``. plankg imports no other ontology, so reused terms (SKOS, PROV, ORG,
FOAF, OWL-Time, DCMI, schema.org, SSSOM) are declared there too; only OWL 2's reserved
vocabulary (rdf:, rdfs:, owl:, xsd:), which OWL 2 builds in and which cannot be declared, is
exempt.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from graph_build.core.namespace import PK

ROOT = Path(__file__).resolve().parent.parent
EX = Namespace("http://example.org/owl-dl-test/")


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_owl_dl", ROOT / "bench" / "owl_dl.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses resolve their annotations through it
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    return _load_bench()


@pytest.fixture(scope="module")
def built():
    from graph_build import build

    return build(shacl=False)


@pytest.fixture(scope="module")
def ontology(bench) -> Graph:
    return bench.ontology_graph()


@pytest.fixture(scope="module")
def plan_data(bench, built) -> Graph:
    return built.graph(plans=[bench.PLAN])


@pytest.fixture(scope="module")
def all_data(built) -> Graph:
    return built.graph()


@pytest.fixture(scope="module")
def result(bench, ontology, plan_data) -> dict:
    return bench.run(ontology, plan_data)


def _union(*graphs: Graph) -> Graph:
    out = Graph()
    for g in graphs:
        for triple in g:
            out.add(triple)
    return out


# --- the committed result ------------------------------------------------------------------


def test_committed_result_is_what_the_check_gives(bench, result):
    committed = bench.RESULT_FILE.read_text(encoding="utf-8")
    assert json.loads(committed) == result, "ontology/dl-check.json is not current: run python bench/owl_dl.py"
    assert committed == bench.dumps(result)


def test_hermit_classifies_the_ontology_and_vocabularies(result):
    assert result["reasoner"] == "HermiT" and result["reasoner_version"].startswith("1.3.8")
    part = result["ontology"]
    assert part["reasoner_error"] is None  # no datatype left for HermiT to refuse, none ignored
    assert part["consistent"] is True
    assert part["unsatisfiable_classes"] == []
    assert part["outside_owl2_dl"] == []
    assert part["classes"] >= 60 and part["object_properties"] >= 70 and part["datatype_properties"] >= 30
    # The headers' dcterms:created / dcterms:modified dates are annotation values, nothing else
    assert part["kept_outside_owl2_dl"] == {
        "annotation_literals_outside_datatype_map": {"xsd:date": 4},
        "data_literals_outside_datatype_map": {},
        "rdf_statements": 0,
    }


def test_hermit_classifies_with_the_lang_son_individuals(result, plan_data):
    part = result["with_individuals"]
    assert part["plan"] == "lang-son-2021-2030"
    assert part["reasoner_error"] is None
    assert part["consistent"] is True
    assert part["unsatisfiable_classes"] == []
    assert part["outside_owl2_dl"] == []
    assert part["typed_individuals"] > 500
    kept = part["kept_outside_owl2_dl"]
    # only the years and dates the plans state, and the reified relations, stay outside DL
    assert set(kept["data_literals_outside_datatype_map"]) == {"xsd:date", "xsd:gYear"}
    gyears = sum(1 for o in plan_data.objects() if isinstance(o, Literal) and o.datatype == XSD.gYear)
    assert kept["data_literals_outside_datatype_map"]["xsd:gYear"] == gyears
    assert kept["rdf_statements"] == len(set(plan_data.subjects(RDF.type, RDF.Statement))) > 0


def test_hermit_finds_every_bundled_plan_consistent(bench, ontology, all_data):
    """Beyond the committed Lạng Sơn check: all bundled plans, the cross-plan links included."""
    readable, statements = bench.without_reification(_union(ontology, all_data))
    assert statements > 0
    found = bench.reason(readable, ignore_unsupported_datatypes=True)
    assert (found.error, found.consistent, found.unsatisfiable) == (None, True, [])


# --- the check can fail ----------------------------------------------------------------------


def test_hermit_reports_an_unsatisfiable_class(bench, ontology):
    scratch = _union(ontology)
    scratch.add((PK.ProvincialPlan, OWL.disjointWith, PK.Plan))
    found = bench.reason(scratch)
    assert found.error is None and found.consistent is True
    assert "pk:ProvincialPlan" in found.unsatisfiable


def test_hermit_reports_an_inconsistent_individual(bench, ontology, plan_data):
    scratch = _union(ontology, plan_data)
    scratch.add((PK.ProvincialPlan, OWL.disjointWith, PK.Plan))  # Lạng Sơn's plan is a ProvincialPlan
    readable, _ = bench.without_reification(scratch)
    assert bench.reason(readable, ignore_unsupported_datatypes=True).consistent is False


def test_a_range_outside_the_datatype_map_is_found_and_refused(bench, ontology):
    scratch = _union(ontology)
    scratch.remove((PK.periodStart, RDFS.range, None))
    scratch.add((PK.periodStart, RDFS.range, XSD.gYear))  # the range before issue 13
    assert bench.audit(scratch).problems() == [
        "range outside the OWL 2 datatype map: pk:periodStart rdfs:range xsd:gYear"
    ]
    found = bench.reason(scratch)
    assert found.consistent is None and "gYear" in (found.error or "")


def test_the_audit_finds_what_is_not_dl(bench, ontology):
    scratch = _union(ontology)
    scratch.add((EX.a, EX.undeclared, EX.b))
    scratch.add((EX.a, RDF.type, EX.Undeclared))
    scratch.add((EX.a, PK.locatedIn, Literal("a literal for an object property")))
    scratch.add((EX.a, PK.value, EX.b))
    scratch.add((EX.a, RDF.value, EX.b))
    members, union = BNode(), BNode()
    Collection(scratch, members, [PK.Plan, EX.NotAClass])
    scratch.add((union, RDF.type, OWL.Class))
    scratch.add((union, OWL.unionOf, members))
    scratch.add((PK.names, RDFS.range, union))
    # pk:countedClass as it was before issue 13: an object property whose range is owl:Class
    scratch.remove((PK.countedClass, RDF.type, OWL.AnnotationProperty))
    scratch.add((PK.countedClass, RDF.type, OWL.ObjectProperty))
    scratch.add((PK.countedClass, RDFS.range, OWL.Class))
    assert bench.audit(scratch).problems() == [
        "undeclared: <http://example.org/owl-dl-test/NotAClass> (class)",
        "undeclared: <http://example.org/owl-dl-test/Undeclared> (class)",
        "undeclared: <http://example.org/owl-dl-test/undeclared> (property)",
        "reserved vocabulary used outside its role: owl:Class used as a class",
        "reserved vocabulary used outside its role: rdf:value used as a property",
        "value of the wrong kind: pk:locatedIn (object property) has a literal value",
        "value of the wrong kind: pk:value (datatype property) has a resource value",
    ]


# --- every term used is declared; domains and ranges hold ---------------------------------


def test_every_term_the_built_data_uses_is_declared(bench, ontology, all_data):
    """All bundled plans with their links: see the module docstring for the rule."""
    found = bench.audit(_union(ontology, all_data))
    assert found.problems() == []
    assert not found.undeclared
    kept = found.kept()
    assert set(kept["data_literals_outside_datatype_map"]) <= {"xsd:date", "xsd:gYear"}
    assert set(kept["annotation_literals_outside_datatype_map"]) <= {"xsd:date"}


#: Properties that link any plan entity, so no rdfs:domain (or rdfs:range) would be true but
#: owl:Thing; every other pk: object or datatype property has both.
ANY_SUBJECT = {PK.inPlan, PK.concernsSector, PK.concernsPlace, PK.ordinal, PK.attestedBy}
ANY_OBJECT = {PK.hasPart, PK.names, PK.attests, PK.aimsAt}  # aimsAt: what a purpose is directed at, of any kind


def _class_members(ontology: Graph, data: Graph, cls) -> set:
    """Members of a class or of an owl:unionOf class expression, through rdfs:subClassOf."""
    from rdflib.collection import Collection

    union = ontology.value(cls, OWL.unionOf)
    if union is not None:
        return set().union(*(_class_members(ontology, data, c) for c in Collection(ontology, union)))
    classes, todo = set(), [cls]
    while todo:
        c = todo.pop()
        if c not in classes:
            classes.add(c)
            todo.extend(ontology.subjects(RDFS.subClassOf, c))
    return {s for c in classes for s in (*data.subjects(RDF.type, c), *ontology.subjects(RDF.type, c))}


def test_domains_and_ranges_are_given_where_they_hold(ontology, all_data):
    pk_ns = str(PK._NS)
    properties = [
        p
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in ontology.subjects(RDF.type, kind)
        if str(p).startswith(pk_ns)
    ]
    assert len(properties) > 70
    for p in properties:
        domains = set(ontology.objects(p, RDFS.domain))
        ranges = set(ontology.objects(p, RDFS.range))
        assert bool(domains) != (p in ANY_SUBJECT), f"{p}: rdfs:domain"
        assert bool(ranges) != (p in ANY_OBJECT), f"{p}: rdfs:range"
        for domain in domains:
            members = _class_members(ontology, all_data, domain)
            outside = {s for s in all_data.subjects(p) if s not in members}
            assert not outside, f"{p} rdfs:domain does not hold for {sorted(outside)[:3]}"
        if (p, RDF.type, OWL.ObjectProperty) in ontology:
            for rng in ranges:
                members = _class_members(ontology, all_data, rng)
                outside = {o for o in all_data.objects(None, p) if o not in members}
                assert not outside, f"{p} rdfs:range does not hold for {sorted(outside)[:3]}"
        for included in ontology.objects(p, URIRef("https://schema.org/domainIncludes")):
            assert domains, f"{p}: schema:domainIncludes {included} without an rdfs:domain"


def test_stated_count_annotations_still_point_to_classes_and_properties(ontology, all_data):
    assert set(ontology.objects(PK.countedClass, RDF.type)) == {OWL.AnnotationProperty}
    assert set(ontology.objects(PK.countedProperty, RDF.type)) == {OWL.AnnotationProperty}
    classes = set(all_data.objects(None, PK.countedClass))
    properties = set(all_data.objects(None, PK.countedProperty))
    assert classes and all((c, RDF.type, OWL.Class) in ontology for c in classes)
    assert properties and all((p, RDF.type, OWL.ObjectProperty) in ontology for p in properties)


def test_every_term_has_rdfs_comment_beside_its_definition(ontology):
    missing = []
    for name in PK.__annotations__:
        term = PK[name]
        for lang in ("vi", "en"):
            definitions = [str(d) for d in ontology.objects(term, SKOS.definition) if d.language == lang]
            comments = [str(c) for c in ontology.objects(term, RDFS.comment) if c.language == lang]
            if comments != definitions or len(definitions) != 1:
                missing.append(f"pk:{name}@{lang}")
    assert not missing, (
        "rdfs:comment must repeat skos:definition (vi and en) for every term; add the line to the "
        f"rdfs:comment block at the end of ontology/plankg.ttl: {missing}"
    )


# --- the docs page shows the result --------------------------------------------------------


def test_docs_page_shows_the_committed_result(bench):
    from graph_build.views.ontology_docs import render_ontology_docs

    committed = json.loads(bench.RESULT_FILE.read_text(encoding="utf-8"))
    page = render_ontology_docs()
    start = page.index('id="dl-check"')
    section = page[start : page.index("</section>\n</section>", start)]
    assert f"HermiT {committed['reasoner_version']} (owlready2)" in section
    for key in ("ontology", "with_individuals"):
        assert f'<td lang="en">{committed[key]["triples"]}</td>' in section
        assert f'<td lang="en">{committed[key]["typed_individuals"]}</td>' in section
    assert section.count('<td lang="en">yes</td>') == 2  # consistent, twice
    years = committed["with_individuals"]["kept_outside_owl2_dl"]["data_literals_outside_datatype_map"]["xsd:gYear"]
    assert f"xsd:gYear: {years}" in section and "python bench/owl_dl.py" in section
    assert 'href="#dl-check"' in page


def test_docs_page_without_a_result_says_so():
    from graph_build.views.ontology_docs import _dl_check_block

    block = _dl_check_block(None)
    assert "run python bench/owl_dl.py" in block and "<script" not in block


def test_docs_page_does_not_repeat_the_comment():
    from graph_build.views.ontology_docs import render_ontology_docs

    page = render_ontology_docs()
    block = page[page.index('id="Breakthrough"') :]
    block = block[: block.index("</section>")]
    assert "Chú thích / Comment" not in block and "Định nghĩa / Definition" in block
