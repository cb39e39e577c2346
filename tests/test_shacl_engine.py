"""The fast SHACL engine (``shacl.validate_triples``, ``graph_build/shacl/``) gives
exactly what pySHACL gives (``shacl.validate_graph``, the reference):

* on every dataset of the bundled build and every bad-input case that gets as far as SHACL;
* on small hand-written graphs where each constraint component of ``ontology/shapes.ttl``
  fails on one node and passes on another (and the same without any sh:message, for
  pySHACL's generic messages);
* on bundled plans with random faults put in (fixed seeds);
* and when the shapes use a feature the engine lacks, it hands over to pySHACL.

Each comparison also checks that the fast engine itself ran (no hand-over logged).
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from graph_build.core import resources
from graph_build.pipeline import api
from graph_build.rdf import ntriples
from graph_build.rdf.terms import from_rdflib
from graph_build.shacl import components
from graph_build.shacl import validate as shacl
from graph_build.shacl.compile import compile_shapes
from graph_build.shacl.terms import PLAIN_FORMS, Unsupported

BAD = Path(__file__).parent / "data" / "bad"
#: The bad-input cases the build gets through to SHACL: those not expected to stop with exit 2
#: (unusable input, raised as PlanError before anything is validated).
BAD_CASES = sorted(
    p
    for p in BAD.iterdir()
    if (p / "expect.txt").is_file() and not (p / "expect.txt").read_text(encoding="utf-8").startswith("exit=2")
)
PLANS = [p.name for p in resources.bundled_plans()]
PK = "https://w3id.org/plankg/def#"
PKSH = "https://w3id.org/plankg/shapes#"


@pytest.fixture(scope="module")
def bundled():
    return api.build(shacl=False)


def terms(graph: Graph) -> list[tuple[str, str, str]]:
    return [(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph]


def rdflib_graph(triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(tuple(ntriples.to_rdflib(t) for t in triple))
    return graph


def compare(graph: Graph, caplog, shapes=None) -> list[shacl.ShaclResult]:
    """Both engines on the same data: the graph as N-Triples terms for the fast one, those
    terms back in rdflib for pySHACL (rdflib literals can hold more than their N-Triples
    form, e.g. an ill-typed "yes"^^xsd:boolean is Literal("false") marked ill-typed).
    The same results, and the fast one did not hand over."""
    data = set(terms(graph))  # a set, as api.BuildResult.selected_triples gives them
    reference = shacl.validate_graph(rdflib_graph(data), getattr(shapes, "graph", shapes))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="graph_build.shacl.validate"):
        fast = shacl.validate_triples(data, shapes)
    assert not [r.getMessage() for r in caplog.records if "pySHACL" in r.getMessage()]
    assert fast == reference
    return reference


def found(results) -> set[tuple[str, str]]:
    return {(str(r.focus).rsplit("/", 1)[-1], r.shape) for r in results}


# -- real data -----------------------------------------------------------------------------------
@pytest.mark.parametrize("plan", [None, *PLANS], ids=["reference", *PLANS])
def test_bundled_dataset(bundled, plan, caplog):
    """As api._shacl_dataset validates: a plan with the reference data; the reference alone.
    Also the builder's own term strings, as the build hands them over, where it has them."""
    graph = bundled.graph(plans=[plan] if plan else [])
    assert len(graph) > 1000
    reference = compare(graph, caplog)
    if hasattr(bundled, "selected_triples"):
        assert shacl.validate_triples(bundled.selected_triples([plan] if plan else [])) == reference


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_bad_input_case(case, caplog):
    result = api.build([case / "mini-2021-2030"], shacl=False)  # these cases must reach SHACL
    for plan in [None, *(ds.id for ds in result.plans)]:
        compare(result.graph(plans=[plan] if plan else []), caplog)


def test_the_invalid_sample(caplog):
    graph = Graph().parse(Path(__file__).parent / "data" / "ontology" / "invalid-sample.ttl")
    assert len(compare(graph, caplog)) == 8


MUTANTS = [
    Literal("abc", datatype=XSD.integer),
    Literal("0", datatype=XSD.integer),
    Literal("x", lang="fr"),
    Literal(" pad", lang="vi"),
    Literal("a\nb", lang="en"),
    Literal("20x1", datatype=XSD.gYear),
    Literal("2031", datatype=XSD.gYear),
    Literal("2020-01-01", datatype=XSD.date),
    Literal("-1.5", datatype=XSD.decimal),
    Literal(True),
    Literal(False),
    Literal("plain"),
    Literal("with space"),
    URIRef("http://example.org/nowhere"),
    Literal("-3", datatype=XSD.nonNegativeInteger),
    Literal(2.5),
]
PREDICATES = [
    URIRef(PK + n)
    for n in (
        "inPlan hasPart attestedBy inDocument quoteChecked quote confidence note ordinal concernsSector periodStart "
        "periodEnd visionYear validFrom validUntil minValue maxValue statedValue countedClass sourceFile sha256 "
        "issuedBy serves fundingCategory indicator role areaHectares documentNumber signingDate locatedIn"
    ).split()
] + [RDFS.label, RDF.type, URIRef("http://xmlns.com/foaf/0.1/page")]


@pytest.mark.parametrize("seed", range(6))
def test_plans_with_faults_put_in(bundled, seed, caplog):
    """A bundled plan with a dozen random edits: triples dropped, objects swapped, odd literals."""
    rng = random.Random(seed)
    triples = sorted(bundled.graph(plans=[rng.choice(["bac-kan-2021-2030", "national-2021-2030"])]))
    nodes = sorted({t[0] for t in triples} | {t[2] for t in triples})
    for _ in range(12):
        i = rng.randrange(len(triples))
        s, p, o = triples[i]
        op = rng.randrange(5)
        if op == 0:
            triples.pop(i)
        elif op == 1:
            triples[i] = (s, p, rng.choice(nodes))
        elif op == 2:
            triples[i] = (s, p, rng.choice(MUTANTS))
        elif op == 3:
            triples.append((s, rng.choice(PREDICATES), rng.choice(MUTANTS + nodes[:40])))
        else:
            triples.append((s, rng.choice(PREDICATES), rng.choice(nodes)))
    graph = Graph()
    for t in triples:
        graph.add(t)
    assert compare(graph, caplog)


# -- one graph per constraint component ----------------------------------------------------------
PREFIXES = """
@prefix ex:         <http://example.org/id/> .
@prefix pk:         <https://w3id.org/plankg/def#> .
@prefix rdf:        <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:       <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:        <http://www.w3.org/2001/XMLSchema#> .
@prefix foaf:       <http://xmlns.com/foaf/0.1/> .
@prefix dcterms:    <http://purl.org/dc/terms/> .
@prefix time:       <http://www.w3.org/2006/time#> .
@prefix confidence: <https://w3id.org/plankg/vocab/confidence/> .
"""
SHA = "0" * 64

#: component: (Turtle, the (focus, shape) results it must give, (focus, shape) it must not)
COMPONENTS = {
    "class (through two rdfs:subClassOf steps)": (
        """
        ex:a pk:locatedIn ex:province . ex:province a pk:Province .
        ex:b pk:locatedIn ex:thing . ex:thing a pk:Project .
        ex:c pk:locatedIn "a literal" .
        """,
        {("b", "LocatedInShape-locatedIn"), ("c", "LocatedInShape-locatedIn")},
        {("a", "LocatedInShape-locatedIn")},
    ),
    "datatype": (
        """
        ex:e1 a pk:Event ; pk:eventDate "2024-03-01"^^xsd:date ; pk:dateIsPlanned true .
        ex:e2 a pk:Event ; pk:eventDate "2024"^^xsd:gYear ; pk:dateIsPlanned "yes" .
        ex:e3 a pk:Event ; pk:eventDate "2024-02-31"^^xsd:date .
        ex:d1 a pk:Decision ; pk:documentNumber "1/QĐ" ; pk:signingDate "2024-03-01"^^xsd:date .
        ex:d2 a pk:Decision ; pk:documentNumber "2/QĐ"@vi ; pk:signingDate "2024-03-01"^^xsd:date .
        """,
        {
            ("e2", "EventShape-eventDate"),
            ("e2", "EventShape-dateIsPlanned"),
            ("e3", "EventShape-eventDate"),
            ("d2", "LegalDocumentShape-documentNumber"),
        },
        {
            ("e1", "EventShape-eventDate"),
            ("e1", "EventShape-dateIsPlanned"),
            ("d1", "LegalDocumentShape-documentNumber"),
        },
    ),
    "minCount": (
        """
        ex:s1 a rdf:Statement ; rdf:subject ex:a ; rdf:predicate pk:serves ; rdf:object ex:b ; pk:attestedBy ex:att .
        ex:s2 a rdf:Statement ; rdf:subject ex:a ; rdf:predicate pk:serves .
        """,
        {("s2", "StatementShape-object"), ("s2", "StatementShape-attestedBy")},
        {("s1", "StatementShape-object"), ("s1", "StatementShape-attestedBy")},
    ),
    "maxCount": (
        """
        ex:z1 pk:areaHectares 1.5 .
        ex:z2 pk:areaHectares 1.5 , 2.5 .
        """,
        {("z2", "MeasureShape-area")},
        {("z1", "MeasureShape-area")},
    ),
    "nodeKind": (
        """
        ex:s1 a rdf:Statement ; rdf:subject ex:a ; rdf:predicate pk:serves ; rdf:object ex:b ; pk:attestedBy ex:att .
        ex:s2 a rdf:Statement ; rdf:subject "text" ; rdf:predicate "serves" ; rdf:object ex:b ; pk:attestedBy ex:att .
        ex:s3 a rdf:Statement ; rdf:subject [ rdfs:comment "a blank node" ] ; rdf:predicate pk:serves ;
              rdf:object ex:b ; pk:attestedBy ex:att .
        """,
        {("s2", "StatementShape-subject"), ("s2", "StatementShape-predicate")},
        {("s1", "StatementShape-subject"), ("s3", "StatementShape-subject"), ("s1", "StatementShape-predicate")},
    ),
    "languageIn": (
        """
        ex:att1 a pk:Attestation ; pk:note "fine"@en-GB .
        ex:att2 a pk:Attestation ; pk:note "non"@fr .
        ex:att3 a pk:Attestation ; pk:note "untagged" .
        """,
        {("att2", "AttestationShape-note"), ("att3", "AttestationShape-note")},
        {("att1", "AttestationShape-note")},
    ),
    "uniqueLang": (
        """
        ex:m1 pk:role "vai trò"@vi , "role"@en .
        ex:m2 pk:role "một"@vi , "hai"@vi .
        """,
        {("m2", "MeasureShape-role")},
        {("m1", "MeasureShape-role")},
    ),
    "pattern (+ flags)": (
        f"""
        ex:d1 a pk:SourceDocument ; pk:sourceFile "sources/a.txt" ; pk:sha256 "{SHA}" .
        ex:d2 a pk:SourceDocument ; pk:sourceFile "/an absolute path" ; pk:sha256 "ABC" .
        ex:l1 a pk:Breakthrough ; rdfs:label "Tốt"@vi , "Good"@en .
        ex:l2 a pk:Breakthrough ; rdfs:label " lề"@vi , "two\\nlines"@en .
        """,
        {
            ("d2", "SourceDocumentShape-sourceFile"),
            ("d2", "SourceDocumentShape-sha256"),
            ("l2", "EntityShape-label-trim"),
        },
        {
            ("d1", "SourceDocumentShape-sourceFile"),
            ("d1", "SourceDocumentShape-sha256"),
            ("l1", "EntityShape-label-trim"),
        },
    ),
    "minInclusive": (
        """
        ex:t1 a pk:KeyTask ; pk:ordinal 1 .
        ex:t2 a pk:KeyTask ; pk:ordinal 0 .
        ex:t3 a pk:KeyTask ; pk:ordinal "one" .
        ex:z1 pk:lengthKm 0.0 .
        ex:z2 pk:lengthKm -0.5 .
        """,
        {("t2", "EntityShape-ordinal"), ("t3", "EntityShape-ordinal"), ("z2", "MeasureShape-length")},
        {("t1", "EntityShape-ordinal"), ("z1", "MeasureShape-length")},
    ),
    "lessThanOrEquals": (
        """
        ex:p1 a pk:District ; pk:validFrom "2020-01-01"^^xsd:date ; pk:validUntil "2025-06-30"^^xsd:date .
        ex:p2 a pk:District ; pk:validFrom "2025-07-01"^^xsd:date ; pk:validUntil "2025-06-30"^^xsd:date .
        ex:g1 a pk:Target ; pk:minValue 1.0 ; pk:maxValue 1.0 .
        ex:g2 a pk:Target ; pk:minValue 2.0 ; pk:maxValue 1.5 .
        """,
        {("p2", "PlaceShape-validFrom"), ("g2", "TargetShape-minValue")},
        {("p1", "PlaceShape-validFrom"), ("g1", "TargetShape-minValue")},
    ),
    "equals on an inverse path": (
        """
        ex:plan a pk:ProvincialPlan ; pk:hasPart ex:x1 , ex:x3 .
        ex:x1 pk:inPlan ex:plan .
        ex:x2 pk:inPlan ex:plan .
        """,
        {("x2", "PlanMembershipShape-inverse"), ("x3", "PlanMembershipShape-inverse")},
        {("x1", "PlanMembershipShape-inverse")},
    ),
    "xone, hasValue, node (in a branch)": (
        f"""
        ex:doc-file a pk:SourceDocument ; pk:sourceFile "sources/a.txt" ; pk:sha256 "{SHA}" .
        ex:doc-web a pk:SourceDocument ; foaf:page <http://example.org/page> .
        ex:q1 a pk:Attestation ; pk:inDocument ex:doc-file ; pk:quoteChecked true ; pk:quote "trích"@vi .
        ex:q2 a pk:Attestation ; pk:inDocument ex:doc-web ; pk:quoteChecked false ; pk:confidence confidence:high .
        ex:q3 a pk:Attestation ; pk:inDocument ex:doc-file ; pk:quoteChecked false ; pk:quote "trích"@vi .
        ex:q4 a pk:Attestation ; pk:inDocument ex:doc-web ; pk:quoteChecked true ; pk:confidence confidence:high .
        ex:q5 a pk:Attestation ; pk:inDocument ex:doc-web ; pk:quoteChecked true ; pk:quote "trích"@vi .
        """,
        {("q3", "AttestationShape"), ("q4", "AttestationShape"), ("q5", "AttestationShape")},
        {("q1", "AttestationShape"), ("q2", "AttestationShape")},
    ),
    "node (with the nested results)": (
        """
        ex:plan1 a pk:ProvincialPlan ; pk:periodStart "2021"^^xsd:gYear ; pk:periodEnd "2030"^^xsd:gYear ;
                 dcterms:temporal ex:i1 .
        ex:i1 a time:ProperInterval ; time:hasBeginning ex:b1 ; time:hasEnd ex:e1 .
        ex:b1 a time:Instant ; time:inXSDgYear "2021"^^xsd:gYear .
        ex:e1 a time:Instant ; time:inXSDgYear "2030"^^xsd:gYear .
        ex:plan2 a pk:ProvincialPlan ; pk:periodStart "2021"^^xsd:gYear ; pk:periodEnd "2030"^^xsd:gYear ;
                 dcterms:temporal ex:i2 .
        ex:i2 a time:ProperInterval ; time:hasBeginning ex:b2 .
        ex:b2 a time:Instant .
        """,
        {
            ("plan2", "PlanShape-temporal"),
            ("i2", "IntervalShape-hasEnd"),
            ("i2", "IntervalShape-hasBeginning"),
            ("b2", "YearInstantShape-year"),
        },
        {("plan1", "PlanShape-temporal"), ("i1", "IntervalShape-hasEnd")},
    ),
    "or": (
        """
        ex:k1 a pk:KeyTask ; pk:serves ex:objective . ex:objective a pk:GeneralObjective .
        ex:k2 a pk:KeyTask ; pk:serves ex:project . ex:project a pk:Project .
        ex:tg1 a pk:Target ; pk:minValue 1.0 ; pk:maxValue 2.0 .
        ex:tg2 a pk:Target ; pk:minValue 1.0 .
        ex:tg3 a pk:Target ; pk:valueText "cao"@vi .
        ex:sc1 a pk:StatedCount ; pk:statedValue "3"^^xsd:nonNegativeInteger .
        ex:sc2 a pk:StatedCount ; pk:statedValue 2.5 .
        """,
        {("k2", "TaskShape-serves"), ("tg2", "TargetShape"), ("sc2", "StatedCountShape-statedValue")},
        {
            ("k1", "TaskShape-serves"),
            ("tg1", "TargetShape"),
            ("tg3", "TargetShape"),
            ("sc1", "StatedCountShape-statedValue"),
        },
    ),
    "qualifiedValueShape + qualifiedMinCount, severity Warning": (
        """
        ex:o1 a pk:GeneralObjective ; rdfs:label "Mục tiêu"@vi , "Objective"@en .
        ex:o2 a pk:GeneralObjective ; rdfs:label "Objective"@en .
        ex:o3 a pk:GeneralObjective ; rdfs:label "Mục tiêu"@vi .
        """,
        {("o2", "EntityShape-label-vi"), ("o3", "EnglishLabelShape-label-en")},
        {("o1", "EntityShape-label-vi"), ("o1", "EnglishLabelShape-label-en"), ("o2", "EnglishLabelShape-label-en")},
    ),
    "SPARQL constraints": (
        """
        ex:pl1 a pk:ProvincialPlan ; pk:periodStart "2021"^^xsd:gYear ; pk:periodEnd "2030"^^xsd:gYear ;
               pk:visionYear "2050"^^xsd:gYear ; dcterms:temporal ex:i1 .
        ex:i1 a time:ProperInterval ; time:hasBeginning ex:b1 ; time:hasEnd ex:e1 .
        ex:b1 a time:Instant ; time:inXSDgYear "2021"^^xsd:gYear .
        ex:e1 a time:Instant ; time:inXSDgYear "2030"^^xsd:gYear .
        ex:pl2 a pk:ProvincialPlan ; pk:periodStart "2031"^^xsd:gYear ; pk:periodEnd "2030"^^xsd:gYear .
        ex:pl3 a pk:ProvincialPlan ; pk:periodStart "2021"^^xsd:gYear ; pk:periodEnd "2030"^^xsd:gYear ;
               pk:visionYear "2025"^^xsd:gYear .
        ex:pl4 a pk:ProvincialPlan ; pk:periodStart "2020"^^xsd:gYear ; pk:periodEnd "2030"^^xsd:gYear ;
               dcterms:temporal ex:i1 .
        ex:pl5 a pk:NationalMasterPlan ; pk:periodStart "2031"^^xsd:gYear ; pk:periodEnd "2030"^^xsd:gYear ;
               pk:visionYear "2025"^^xsd:gYear .
        """,
        {("pl2", "PlanShape"), ("pl3", "PlanShape"), ("pl4", "PlanShape"), ("pl5", "PlanShape")},
        {("pl1", "PlanShape")},
    ),
}


def component_graph(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


@pytest.mark.parametrize("name", COMPONENTS)
def test_each_component_fails_once_and_passes_once(name, caplog):
    turtle, failing, passing = COMPONENTS[name]
    results = found(compare(component_graph(turtle), caplog))
    assert failing <= results
    assert not passing & results


def test_sparql_messages_are_english_and_one_per_plan(caplog):
    results = {
        str(r.focus).rsplit("/", 1)[-1]: r.message
        for r in compare(component_graph(COMPONENTS["SPARQL constraints"][0]), caplog)
        if r.shape == "PlanShape"
    }
    assert results == {
        "pl2": "The first year (pk:periodStart) is after the last year (pk:periodEnd).",
        "pl3": "The vision year (pk:visionYear) is before the last year of the period (pk:periodEnd).",
        "pl4": "The beginning or end year of dcterms:temporal differs from pk:periodStart or pk:periodEnd.",
        "pl5": "The first year (pk:periodStart) is after the last year (pk:periodEnd).",  # of two: the first
    }


def test_sparql_constraints_in_pyoxigraph_agree(caplog):
    """The whole-data pyoxigraph path (for a SPARQL constraint not transcribed in Python)
    gives what the Python transcriptions give."""
    plan = compile_shapes(shacl.shapes_graph(), sparql_in_python=False)
    checks = [c for s in plan.shapes for c in s.checks if isinstance(c, components.SparqlCheck)]
    assert len(checks) == 3 and all(c.python is None for c in checks)
    compare(component_graph(COMPONENTS["SPARQL constraints"][0]), caplog, shapes=plan)


def test_generic_messages_without_sh_message(caplog):
    """With every sh:message removed, pySHACL writes its own text per component: the same."""
    bare = Graph()
    for triple in shacl.shapes_graph():
        if triple[1] != SH.message:
            bare.add(triple)
    for prefix, namespace in shacl.shapes_graph().namespaces():
        bare.bind(prefix, namespace)
    graph = Graph()
    for turtle, _failing, _passing in COMPONENTS.values():
        graph += component_graph(turtle)
    results = compare(graph, caplog, shapes=bare)
    assert any(r.message.startswith("Value does not have class") for r in results)


def test_literals_are_compared_as_rdflib_stores_them(caplog):
    """ "01"^^xsd:integer is rdflib's "1", and language tags ignore case: one value each."""
    ex, xsd = "<http://example.org/id/t>", "http://www.w3.org/2001/XMLSchema#"
    triples = [
        (ex, f"<{RDF.type}>", f"<{PK}KeyTask>"),
        (ex, f"<{PK}ordinal>", f'"1"^^<{xsd}integer>'),
        (ex, f"<{PK}ordinal>", f'"01"^^<{xsd}integer>'),
        (ex, f"<{RDFS.label}>", '"nhãn"@vi'),
        (ex, f"<{RDFS.label}>", '"nhãn"@VI'),
        (ex, f"<{RDFS.label}>", '"label"@en'),
        (ex, f"<{RDFS.label}>", '"label"@en'),
    ]
    fast = shacl.validate_triples(triples)
    assert fast == shacl.validate_graph(rdflib_graph(triples))
    assert {r.shape for r in fast} == {"EntityShape-attestedBy"}


@pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")
def test_an_ill_typed_literal_rdflib_rewrites_goes_to_pyshacl(caplog):
    """rdflib reads "yes"^^xsd:boolean as "false" marked ill-typed (equal to a real "false"):
    what pySHACL then sees depends on rdflib's store, so pySHACL decides."""
    att, xsd = "<http://example.org/id/att>", "http://www.w3.org/2001/XMLSchema#"
    triples = [(att, f"<{RDF.type}>", f"<{PK}Attestation>"), (att, f"<{PK}quoteChecked>", f'"yes"^^<{xsd}boolean>')]
    with caplog.at_level(logging.INFO, logger="graph_build.shacl.validate"):
        fast = shacl.validate_triples(triples)
    assert any("ill-typed" in r.getMessage() for r in caplog.records)
    assert fast == shacl.validate_graph(rdflib_graph(triples))
    assert ("att", "AttestationShape-quoteChecked") in found(fast)


def test_implicit_class_targets(caplog):
    """A shape that is also an rdfs:Class targets its instances (none in shapes.ttl; a small graph here)."""
    shapes = Graph().parse(
        data=PREFIXES
        + """
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        ex:Thing a sh:NodeShape , rdfs:Class ;
            sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:message "A thing has a label."@en ] .
        """,
        format="turtle",
    )
    graph = component_graph("""
        ex:t1 a ex:Thing ; rdfs:label "một"@vi .
        ex:t2 a ex:Thing .
        ex:SubThing rdfs:subClassOf ex:Thing . ex:t3 a ex:SubThing .
        """)
    results = compare(graph, caplog, shapes=shapes)
    assert {(str(r.focus).rsplit("/", 1)[-1], r.message) for r in results} == {
        ("t2", "A thing has a label."),
        ("t3", "A thing has a label."),
    }


# -- what the engine does not do ------------------------------------------------------------------
def test_the_bundled_shapes_compile_with_every_component():
    plan = compile_shapes(shacl.shapes_graph())
    kinds = {type(c).__name__ for s in plan.shapes for c in s.checks}
    assert kinds == {
        "ClassCheck",
        "DatatypeCheck",
        "MinCountCheck",
        "MaxCountCheck",
        "NodeKindCheck",
        "LanguageInCheck",
        "UniqueLangCheck",
        "PatternCheck",
        "MinInclusiveCheck",
        "LessThanOrEqualsCheck",
        "EqualsCheck",
        "HasValueCheck",
        "NodeCheck",
        "OrCheck",
        "XoneCheck",
        "QualifiedMinCountCheck",
        "SparqlCheck",
    }
    assert all(c.python is not None for s in plan.shapes for c in s.checks if isinstance(c, components.SparqlCheck))
    severities = {s.severity for s in plan.top} | {p.severity for s in plan.top for p in s.properties}
    assert severities == {"Violation", "Warning"}


def test_an_unknown_feature_hands_over_to_pyshacl(caplog):
    """sh:in is not implemented: compiling refuses, and validate_triples runs pySHACL, which
    reports the sh:in violation: the check is not skipped."""
    shapes = Graph()
    for triple in shacl.shapes_graph():
        shapes.add(triple)
    allowed = BNode()
    shapes.add((URIRef(PKSH + "AttestationShape-note"), SH["in"], allowed))
    shapes.add((allowed, RDF.first, Literal("the only note", lang="en")))
    shapes.add((allowed, RDF.rest, RDF.nil))
    with pytest.raises(Unsupported, match="shacl#in"):
        compile_shapes(shapes)
    graph = component_graph('ex:att a pk:Attestation ; pk:note "another note"@en .')
    reference = shacl.validate_graph(graph, shapes)
    assert ("att", "AttestationShape-note") in found(reference)
    with caplog.at_level(logging.INFO, logger="graph_build.shacl.validate"):
        assert shacl.validate_triples(terms(graph), shapes) == reference
    assert any("pySHACL" in r.getMessage() and "shacl#in" in r.getMessage() for r in caplog.records)


def test_where_pyshacl_fails_the_fast_engine_fails_the_same_way():
    """sh:lessThanOrEquals on a blank node: pySHACL raises; so does validate_triples (through pySHACL)."""
    graph = component_graph(
        'ex:p a pk:District ; pk:validFrom [ rdfs:comment "?" ] ; pk:validUntil "2025-06-30"^^xsd:date .'
    )
    with pytest.raises(Exception) as reference:
        shacl.validate_graph(graph)
    with pytest.raises(type(reference.value)):
        shacl.validate_triples(terms(graph))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(PLAIN_FORMS)).flatmap(
        lambda dt: st.tuples(st.just(dt), st.from_regex(PLAIN_FORMS[dt], fullmatch=True))
    )
)
def test_plain_lexical_forms_are_what_rdflib_reads(case):
    """The engine's shortcut: a literal of these forms is well typed and rdflib keeps it as written."""
    datatype, lexical = case
    term = f'"{lexical}"^^<{datatype}>'
    literal = ntriples.to_rdflib(term)
    assert not literal.ill_typed
    assert from_rdflib(literal) == term
    assert components._pyshacl_datatype_match(literal, URIRef(datatype))
