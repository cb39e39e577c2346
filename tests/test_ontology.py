"""Lint the ontology files: ``ontology/plankg.ttl``, ``vocabularies.ttl``, ``shapes.ttl``.

What is checked, and why:

* the pk: terms declared in the Turtle are exactly ``graph_build.core.namespace.PK``
  (a closed ``DefinedNamespace``), and every pk: IRI *used* anywhere is declared —
  W3C ORG shipped a misspelt ``org:subOrganzationOf``;
* every term has one label and one definition in each of vi and en, and is
  ``rdfs:isDefinedBy`` the ontology — DCAT 3 shipped Italian tagged ``@en`` and
  ORG a wrong ``isDefinedBy``;
* only vi/en language tags, NFC text, typed dates;
* object vs datatype property and datatype ranges agree with ``graph_build/schema.py``;
* the vocabularies keep the ids plan files use;
* the shapes load in pySHACL, pass SHACL-SHACL, and give exactly the expected
  results on a valid and a deliberately broken sample graph.

Run: ``cd /work/main && python -m pytest tests/test_ontology.py -q``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from graph_build.core.namespace import ONTOLOGY_IRI, PK, VOCAB_IRI
from graph_build.plans import schema

SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")
PKSH = Namespace("https://w3id.org/plankg/shapes#")
PKV = Namespace(VOCAB_IRI)
ONTOLOGY = URIRef(ONTOLOGY_IRI)
PK_NS = str(PK._NS)

TESTS_DIR = Path(__file__).parent
ROOT = TESTS_DIR.parent
ONTOLOGY_DIR = ROOT / "ontology"
SAMPLES_DIR = TESTS_DIR / "data" / "ontology"
FILES = ("plankg.ttl", "vocabularies.ttl", "shapes.ttl")
SAMPLES = ("valid-sample.ttl", "invalid-sample.ttl")
LANGS = {"vi", "en"}
DECISION_PAGE = URIRef(
    "https://thuvienphapluat.vn/van-ban/Xay-dung-Do-thi/"
    "Quyet-dinh-236-QD-TTg-2024-phe-duyet-Quy-hoach-tinh-Lang-Son-thoi-ky-2021-2030-602729.aspx"
)
ANNOUNCEMENT = ROOT / "plans" / "lang-son-2021-2030" / "sources" / "lang-son-plan-announcement-2024.txt"


# --- fixtures ------------------------------------------------------------------


def _parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="session")
def graphs() -> dict[str, Graph]:
    return {name: _parse(ONTOLOGY_DIR / name) for name in FILES}


@pytest.fixture(scope="session")
def ontology(graphs) -> Graph:
    return graphs["plankg.ttl"]


@pytest.fixture(scope="session")
def vocab(graphs) -> Graph:
    return graphs["vocabularies.ttl"]


@pytest.fixture(scope="session")
def shapes(graphs) -> Graph:
    return graphs["shapes.ttl"]


@pytest.fixture(scope="session")
def samples() -> dict[str, Graph]:
    return {name: _parse(SAMPLES_DIR / name) for name in SAMPLES}


def pk_name(term) -> str | None:
    """Local name of a pk: IRI, or None for anything else."""
    if isinstance(term, URIRef) and str(term).startswith(PK_NS):
        return str(term)[len(PK_NS) :]
    return None


def declared_pk_terms(g: Graph) -> dict[str, set[URIRef]]:
    """pk: local name → the OWL kinds it is declared as."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
    out: dict[str, set[URIRef]] = {}
    for kind in kinds:
        for s in g.subjects(RDF.type, kind):
            if (name := pk_name(s)) is not None:
                out.setdefault(name, set()).add(kind)
    return out


def texts_by_lang(g: Graph, s, p) -> dict[str | None, list[Literal]]:
    out: dict[str | None, list[Literal]] = {}
    for o in g.objects(s, p):
        assert isinstance(o, Literal), f"{s} {p} {o!r} is not a literal"
        out.setdefault(o.language, []).append(o)
    return out


def all_literals(g: Graph):
    for s, p, o in g:
        if isinstance(o, Literal):
            yield s, p, o


# --- the three files parse ---------------------------------------------------------


@pytest.mark.parametrize("name", FILES + SAMPLES)
def test_file_parses(name):
    folder = ONTOLOGY_DIR if name in FILES else SAMPLES_DIR
    assert len(_parse(folder / name)) > 0


# --- ontology header ---------------------------------------------------------------


def test_ontology_header(ontology):
    g, o = ontology, ONTOLOGY
    assert (o, RDF.type, OWL.Ontology) in g
    assert set(g.objects(o, OWL.versionIRI)) == {URIRef(ONTOLOGY_IRI + "/0.1.0")}
    assert set(g.objects(o, OWL.versionInfo)) == {Literal("0.1.0")}
    for p in (DCTERMS.title, RDFS.comment):
        by_lang = texts_by_lang(g, o, p)
        assert set(by_lang) == LANGS and all(len(v) == 1 for v in by_lang.values()), p
    for p in (DCTERMS.created, DCTERMS.modified):
        values = list(g.objects(o, p))
        assert len(values) == 1 and values[0].datatype == XSD.date, p
    assert set(g.objects(o, DCTERMS.created)) == {Literal("2026-11-26", datatype=XSD.date)}
    assert set(g.objects(o, DCTERMS.license)) == {URIRef("https://creativecommons.org/licenses/by/4.0/")}
    assert set(g.objects(o, DCTERMS.creator)) == {Literal("plankg developers")}
    assert DECISION_PAGE in set(g.objects(o, RDFS.seeAlso))
    assert set(g.objects(o, VANN.preferredNamespacePrefix)) == {Literal("pk")}
    assert {str(x) for x in g.objects(o, VANN.preferredNamespaceUri)} == {PK_NS}


# --- pk: terms: declared == namespace.py, used ⊆ declared ----------------------------


def test_declared_terms_equal_namespace_py(ontology):
    declared = set(declared_pk_terms(ontology))
    listed = set(PK.__annotations__)
    assert not listed - declared, f"in namespace.py, not declared in plankg.ttl: {sorted(listed - declared)}"
    assert not declared - listed, f"declared in plankg.ttl, not in namespace.py: {sorted(declared - listed)}"


#: Properties whose values are classes or properties, not individuals: annotation
#: properties, so that the ontology and the data stay in OWL 2 DL (tests/test_owl_dl.py).
ANNOTATION_PROPERTIES = {"countedClass", "countedProperty"}


def test_each_term_has_exactly_one_kind(ontology):
    declared = declared_pk_terms(ontology)
    for name, kinds in declared.items():
        if name[0].isupper():
            assert kinds == {OWL.Class}, (name, kinds)
        elif name in ANNOTATION_PROPERTIES:
            assert kinds == {OWL.AnnotationProperty}, (name, kinds)
        else:
            assert kinds in ({OWL.ObjectProperty}, {OWL.DatatypeProperty}), (name, kinds)


@pytest.mark.parametrize("name", FILES + SAMPLES)
def test_every_used_pk_iri_is_declared(name, ontology):
    folder = ONTOLOGY_DIR if name in FILES else SAMPLES_DIR
    g = _parse(folder / name)
    declared = set(declared_pk_terms(ontology))
    used = {n for triple in g for term in triple if (n := pk_name(term)) is not None}
    # SPARQL constraints in shapes name pk: terms inside strings.
    for query in g.objects(None, SH.select):
        used |= set(re.findall(r"\bpk:([A-Za-z_][\w-]*)", str(query)))
    assert not used - declared, f"{name} uses undeclared pk: terms: {sorted(used - declared)}"


@pytest.mark.parametrize("name", ("vocabularies.ttl", "shapes.ttl"))
def test_only_plankg_ttl_declares_pk_terms(name, graphs):
    assert not declared_pk_terms(graphs[name])
    assert not {n for s in graphs[name].subjects() if (n := pk_name(s)) is not None}


# --- labels, definitions, languages, dates --------------------------------------


def test_every_term_has_one_label_and_definition_per_language(ontology):
    for name in PK.__annotations__:
        term = PK[name]
        for p in (RDFS.label, SKOS.definition):
            by_lang = texts_by_lang(ontology, term, p)
            assert set(by_lang) == LANGS, f"{name} {p}: languages {set(by_lang)}"
            assert all(len(v) == 1 for v in by_lang.values()), f"{name} {p}: several per language"


def test_definitions_are_sentences(ontology):
    """A definition says what the thing is: not the label again, not two words."""
    for name in PK.__annotations__:
        labels = {str(x).lower() for x in ontology.objects(PK[name], RDFS.label)}
        for d in ontology.objects(PK[name], SKOS.definition):
            assert str(d).lower() not in labels, name
            assert len(str(d).split()) >= 6, f"{name}: definition too short: {d}"
            assert str(d).rstrip().endswith("."), f"{name}: definition is not a sentence: {d}"


def test_labels_are_unique_per_language(ontology):
    """Two terms with one label (say a class and its property) are confusing in any UI."""
    seen: dict[tuple[str | None, str], str] = {}
    for name in PK.__annotations__:
        for label in ontology.objects(PK[name], RDFS.label):
            key = (label.language, str(label).casefold())
            assert key not in seen, f"{name} and {seen[key]} share the label {label!r}"
            seen[key] = name


def test_every_term_is_defined_by_the_ontology(ontology):
    for name in PK.__annotations__:
        assert set(ontology.objects(PK[name], RDFS.isDefinedBy)) == {ONTOLOGY}, name


@pytest.mark.parametrize("name", FILES + SAMPLES)
def test_only_vi_and_en_language_tags(name):
    folder = ONTOLOGY_DIR if name in FILES else SAMPLES_DIR
    g = _parse(folder / name)
    bad = {(s, p, o) for s, p, o in all_literals(g) if o.language is not None and o.language not in LANGS}
    assert not bad


@pytest.mark.parametrize("name", FILES + SAMPLES)
def test_text_is_nfc(name):
    folder = ONTOLOGY_DIR if name in FILES else SAMPLES_DIR
    g = _parse(folder / name)
    bad = [o for _, _, o in all_literals(g) if unicodedata.normalize("NFC", str(o)) != str(o)]
    assert not bad


@pytest.mark.parametrize("name", FILES + SAMPLES)
def test_dates_are_typed(name):
    folder = ONTOLOGY_DIR if name in FILES else SAMPLES_DIR
    g = _parse(folder / name)
    date_like = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for s, p, o in all_literals(g):
        if date_like.match(str(o)):
            assert o.datatype == XSD.date, f"untyped date {o!r} on {s} {p}"
    for p in (DCTERMS.created, DCTERMS.modified, DCTERMS.issued, DCTERMS.date):
        for o in g.objects(None, p):
            assert isinstance(o, Literal) and o.datatype == XSD.date, f"{p} {o!r}"


def test_labels_are_trimmed(graphs):
    for g in graphs.values():
        for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.definition):
            for o in g.objects(None, p):
                assert str(o) == str(o).strip() and str(o), repr(o)


# --- structure: hierarchy and reuse of standard vocabularies -----------------------

SUBCLASS_OF = [
    (PK.ProvincialPlan, PK.Plan),
    (PK.RegionalPlan, PK.Plan),
    (PK.NationalMasterPlan, PK.Plan),
    (PK.ImplementationPlan, PK.Plan),
    (PK.Decision, PK.LegalDocument),
    (PK.Resolution, PK.LegalDocument),
    (PK.GeneralObjective, PK.Objective),
    (PK.SpecificObjective, PK.Objective),
    (PK.DevelopmentAxis, PK.SpatialElement),
    (PK.EconomicCorridor, PK.SpatialElement),
    (PK.SocioEconomicZone, PK.SpatialElement),
    (PK.BorderGateEconomicZone, PK.EconomicZone),
    (PK.AdministrativeUnit, PK.Place),
    (PK.Province, PK.AdministrativeUnit),
    (PK.District, PK.AdministrativeUnit),
    (PK.Commune, PK.AdministrativeUnit),
    (PK.Country, PK.Place),
    (PK.Region, PK.Place),
    (PK.InternationalBloc, PK.Place),
    (PK.Plan, PROV.Entity),
    (PK.SourceDocument, PROV.Entity),
    (PK.Attestation, PROV.Entity),
    (PK.Event, PROV.Activity),
    (PK.Event, SDO.Event),
    (PK.Place, SDO.Place),
    (PK.Place, DCTERMS.Location),
    (PK.Sector, SKOS.Concept),
    (PK.Indicator, SKOS.Concept),
    (PK.Unit, SKOS.Concept),
    (PK.Comparison, SKOS.Concept),
    (PK.FundingCategory, SKOS.Concept),
    (PK.Confidence, SKOS.Concept),
]

SUBPROPERTY_OF = [
    (PK.hasPart, DCTERMS.hasPart),
    (PK.inPlan, DCTERMS.isPartOf),
    (PK.issuedBy, DCTERMS.publisher),
    (PK.eventDate, SDO.startDate),
] + [
    (p, PK.hasPart)
    for p in (
        PK.hasVision,
        PK.hasObjective,
        PK.hasKeyTask,
        PK.hasBreakthrough,
        PK.hasSectorOrientation,
        PK.hasSpatialStructure,
        PK.hasProjectGroup,
        PK.hasGrowthPillar,
        PK.hasAdjustment,
        PK.hasProgramme,  # issue 14
    )
]


@pytest.mark.parametrize(("sub", "sup"), SUBCLASS_OF, ids=lambda t: t.n3(Graph().namespace_manager))
def test_subclass_axiom(ontology, sub, sup):
    assert (sub, RDFS.subClassOf, sup) in ontology


@pytest.mark.parametrize(("sub", "sup"), SUBPROPERTY_OF, ids=lambda t: t.n3(Graph().namespace_manager))
def test_subproperty_axiom(ontology, sub, sup):
    assert (sub, RDFS.subPropertyOf, sup) in ontology


def test_industrial_cluster_is_a_sibling_of_industrial_park(ontology):
    assert (PK.IndustrialCluster, RDFS.subClassOf, PK.IndustrialPark) not in ontology
    assert (PK.IndustrialPark, RDFS.subClassOf, PK.IndustrialCluster) not in ontology


def test_only_plan_links_are_subproperties_of_has_part(ontology):
    subs = set(ontology.subjects(RDFS.subPropertyOf, PK.hasPart))
    assert subs == {p for p, sup in SUBPROPERTY_OF if sup == PK.hasPart}


def test_inverses(ontology):
    assert (PK.inPlan, OWL.inverseOf, PK.hasPart) in ontology
    assert (PK.attests, OWL.inverseOf, PK.attestedBy) in ontology


def test_in_document_reuses_a_provenance_property(ontology):
    supers = set(ontology.objects(PK.inDocument, RDFS.subPropertyOf))
    assert supers & {PROV.wasQuotedFrom, DCTERMS.source}


def test_no_pk_twins_of_org_and_foaf(ontology):
    """The data uses ORG and FOAF directly: no pk:Organization, pk:Person, pk:holds …"""
    assert not set(PK.__annotations__) & {"Organization", "Organisation", "Person", "Post", "holds", "postIn"}
    assert set(ontology.objects(PK.assignee, RDFS.range)) == {ORG.Organization}
    assert set(ontology.objects(PK.signerPost, RDFS.range)) == {ORG.Post}
    assert set(ontology.objects(PK.signedBy, RDFS.range)) == {FOAF.Person}


def test_period_shortcuts_point_to_owl_time(ontology):
    for p in (PK.periodStart, PK.periodEnd, PK.visionYear):
        assert set(ontology.objects(p, RDFS.range)) == {RDFS.Literal}
        assert set(ontology.objects(p, SDO.rangeIncludes)) == {XSD.gYear}
        notes = [str(n) for n in ontology.objects(p, VANN.usageNote)]
        assert any("shortcut" in n for n in notes), p
    for p in (PK.periodStart, PK.periodEnd):
        assert any("time:inXSDgYear" in str(n) for n in ontology.objects(p, VANN.usageNote)), p
    assert any("time:ProperInterval" in str(n) for n in ontology.objects(PK.Plan, VANN.usageNote))


# --- properties agree with graph_build/schema.py ------------------------------

KIND_RANGE = {
    "text": RDF.langString,
    "texts": RDF.langString,
    "string": XSD.string,
    "int": XSD.integer,
    "decimal": XSD.decimal,
    "year": XSD.gYear,
    "date": XSD.date,
    "bool": XSD.boolean,
}
OBJECT_KINDS = {"ref", "refs", "concept", "concepts"}
#: Datatypes outside the OWL 2 datatype map: OWL 2 DL has no range of them, so the range is
#: rdfs:Literal and the datatype is named by schema:rangeIncludes (SHACL checks it).
OUTSIDE_OWL2_MAP = {XSD.gYear, XSD.date}


def _schema_fields():
    seen = {}
    for f in schema.COMMON_FIELDS:
        seen.setdefault(f.predicate, f)
    for t in schema.TYPE_LIST:
        for f in t.fields:
            seen.setdefault(f.predicate, f)
    return [f for f in seen.values() if pk_name(f.predicate) is not None]


@pytest.mark.parametrize("field", _schema_fields(), ids=lambda f: pk_name(f.predicate))
def test_property_kind_follows_schema(ontology, field):
    p = field.predicate
    if field.kind in OBJECT_KINDS:
        assert (p, RDF.type, OWL.ObjectProperty) in ontology
        if field.kind.startswith("concept") and len(field.targets) == 1:
            assert set(ontology.objects(p, RDFS.range)) == {schema.CONCEPT_CLASSES[field.targets[0]]}
    elif KIND_RANGE[field.kind] in OUTSIDE_OWL2_MAP:
        assert (p, RDF.type, OWL.DatatypeProperty) in ontology
        assert set(ontology.objects(p, RDFS.range)) == {RDFS.Literal}
        assert set(ontology.objects(p, SDO.rangeIncludes)) == {KIND_RANGE[field.kind]}
    else:
        assert (p, RDF.type, OWL.DatatypeProperty) in ontology
        assert set(ontology.objects(p, RDFS.range)) == {KIND_RANGE[field.kind]}


def test_schema_classes_and_plan_links_are_declared(ontology):
    for t in schema.TYPE_LIST:
        if pk_name(t.cls) is not None:
            assert (t.cls, RDF.type, OWL.Class) in ontology, t.name
        if t.plan_link is not None:
            assert (t.plan_link, RDFS.subPropertyOf, PK.hasPart) in ontology, t.name


# --- vocabularies ------------------------------------------------------------------

REQUIRED_IDS = {
    "sector": (
        PK.Sector,
        "industry services trade border-gate-economy logistics tourism agriculture-forestry-fisheries "
        "energy clean-energy digital-transformation business-environment institutions infrastructure "
        "transport human-resources science-technology-innovation culture social-security "
        "defence-security environment urban-development external-relations new-rural-development",
    ),
    "indicator": (
        PK.Indicator,
        "grdp-growth agriculture-growth industry-construction-growth services-growth product-tax-growth "
        "share-agriculture share-industry-construction share-services share-product-tax grdp-per-capita "
        "income-per-capita total-investment poverty-rate-reduction economic-scale-rank "
        "grdp-per-capita-rank gdp-growth gdp-per-capita urbanisation-rate forest-cover tfp-share "
        "urban-area-count budget-revenue-growth",
    ),
    "unit": (
        PK.Unit,
        "percent percent-per-year percentage-points-per-year million-vnd billion-vnd "
        "thousand-billion-vnd usd hectare square-kilometre kilometre count",
    ),
    "comparison": (PK.Comparison, "exactly approximately at-least at-most between among-top"),
    "funding": (PK.FundingCategory, "central provincial investment-attraction"),
    "confidence": (PK.Confidence, "high medium low"),
    "isic-section": (None, " ".join("ABCDEFGHIJKLMNOPQRSTU")),
}
MAPPING = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def concepts(vocab: Graph) -> set[URIRef]:
    return set(vocab.subjects(RDF.type, SKOS.Concept))


@pytest.mark.parametrize("scheme", sorted(REQUIRED_IDS))
def test_vocabulary_keeps_required_ids(vocab, scheme):
    cls, ids = REQUIRED_IDS[scheme]
    scheme_iri = PKV[scheme]
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in vocab
    members = set(vocab.subjects(SKOS.inScheme, scheme_iri))
    for id_ in ids.split():
        c = URIRef(f"{VOCAB_IRI}{scheme}/{id_}")
        assert c in members, f"{scheme}/{id_} missing"
    for c in members:
        types = set(vocab.objects(c, RDF.type))
        if cls is None:
            assert types == {SKOS.Concept}, c
        else:
            assert types == {SKOS.Concept, cls}, c


def test_every_concept_is_complete(vocab):
    for c in concepts(vocab):
        for p in (SKOS.prefLabel, SKOS.definition):
            by_lang = texts_by_lang(vocab, c, p)
            assert set(by_lang) == LANGS and all(len(v) == 1 for v in by_lang.values()), (c, p)
        schemes = list(vocab.objects(c, SKOS.inScheme))
        assert len(schemes) == 1, c
        notations = list(vocab.objects(c, SKOS.notation))
        assert len(notations) == 1, c
        assert str(c) == f"{schemes[0]}/{notations[0]}", f"{c}: IRI is not <scheme>/<notation>"
        assert str(schemes[0]).startswith(VOCAB_IRI)


def test_schemes_and_top_concepts(vocab):
    for scheme in vocab.subjects(RDF.type, SKOS.ConceptScheme):
        by_lang = texts_by_lang(vocab, scheme, SKOS.prefLabel)
        assert set(by_lang) == LANGS, scheme
        members = set(vocab.subjects(SKOS.inScheme, scheme))
        assert members, scheme
        tops = {c for c in members if not set(vocab.objects(c, SKOS.broader))}
        assert set(vocab.objects(scheme, SKOS.hasTopConcept)) == tops, scheme
        assert set(vocab.subjects(SKOS.topConceptOf, scheme)) == tops, scheme
        for c in members:
            for b in vocab.objects(c, SKOS.broader):
                assert (b, SKOS.inScheme, scheme) in vocab, (c, b)


def test_required_broader_relations(vocab):
    s = Namespace(VOCAB_IRI + "sector/")
    for narrower, broader in (
        ("clean-energy", "energy"),
        ("transport", "infrastructure"),
        ("new-rural-development", "agriculture-forestry-fisheries"),
    ):
        assert (s[narrower], SKOS.broader, s[broader]) in vocab


def test_sector_mappings_point_to_isic_sections(vocab):
    s = Namespace(VOCAB_IRI + "sector/")
    isic = Namespace(VOCAB_IRI + "isic-section/")
    for c in vocab.subjects(SKOS.inScheme, PKV.sector):
        for p in MAPPING:
            for target in vocab.objects(c, p):
                assert (target, SKOS.inScheme, PKV["isic-section"]) in vocab, (c, p, target)
    assert (s["agriculture-forestry-fisheries"], SKOS.exactMatch, isic.A) in vocab
    assert (s.logistics, SKOS.closeMatch, isic.H) in vocab
    assert {isic.I, isic.N} <= set(vocab.objects(s.tourism, SKOS.relatedMatch))
    # industry is broader than B, C, D, E: the sections are its narrower matches.
    assert {isic.B, isic.C, isic.D, isic.E} <= set(vocab.objects(s.industry, SKOS.narrowMatch))
    # Cross-cutting themes: no mapping, or relatedMatch only.
    for theme in ("institutions", "digital-transformation", "business-environment", "external-relations"):
        strong = {p for p in MAPPING if p != SKOS.relatedMatch and set(vocab.objects(s[theme], p))}
        assert not strong, theme


def test_every_concept_class_has_concepts(vocab):
    for cls in schema.CONCEPT_CLASSES.values():
        assert set(vocab.subjects(RDF.type, cls)), cls


# --- shapes ------------------------------------------------------------------------


def test_shapes_load_in_pyshacl(shapes):
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes)
    assert conforms, text


def test_shapes_pass_shacl_shacl(shapes):
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


# Node-level constraints report with the node shape's sh:message (SPARQL
# constraints carry their own, checked below).
NODE_LEVEL = (SH["or"], SH.xone, SH["and"], SH["not"], SH.node, SH["class"], SH.datatype)


def test_every_shape_reads_well(shapes):
    """Node shapes carry vi/en labels; every constraint that reports carries vi/en messages."""

    def has_vi_en(s, p):
        return {o.language for o in shapes.objects(s, p) if isinstance(o, Literal)} >= LANGS

    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert node_shapes
    for ns in node_shapes:
        assert has_vi_en(ns, RDFS.label), f"{ns}: rdfs:label vi/en"
        if any(shapes.value(ns, p) is not None for p in NODE_LEVEL):
            assert has_vi_en(ns, SH.message), f"{ns}: node-level constraint without sh:message vi/en"
        for ps in shapes.objects(ns, SH.property):
            assert not isinstance(ps, BNode), f"{ns}: name its property shapes"
            assert has_vi_en(ps, SH.message), f"{ps}: sh:message vi/en"
    for constraint in shapes.objects(None, SH.sparql):
        assert has_vi_en(constraint, SH.message), f"{constraint}: sh:message vi/en"


def test_only_missing_english_is_a_warning(shapes):
    severities = set(shapes.subject_objects(SH.severity))
    # ... and a rank without its comparison group (issue 15): the target is still usable.
    assert severities == {
        (PKSH["EnglishLabelShape-label-en"], SH.Warning),
        (PKSH["RankGroupShape-comparisonGroup"], SH.Warning),
    }


def validate(data: Graph, ontology: Graph, vocab: Graph, shapes: Graph):
    """Validate as the builder does: data + vocabularies, with the ontology as ont_graph."""
    conforms, report, text = pyshacl.validate(data + vocab, shacl_graph=shapes, ont_graph=ontology, allow_warnings=True)
    results = {
        (report.value(r, SH.focusNode), report.value(r, SH.sourceShape), report.value(r, SH.resultSeverity))
        for r in report.objects(None, SH.result)
    }
    return conforms, results, text


def test_valid_sample_conforms(samples, ontology, vocab, shapes):
    conforms, results, text = validate(samples["valid-sample.ttl"], ontology, vocab, shapes)
    assert conforms and not results, text


def test_valid_sample_quotes_occur_in_the_source():
    g = _parse(SAMPLES_DIR / "valid-sample.ttl")
    norm = lambda s: re.sub(r"\s+", " ", unicodedata.normalize("NFC", s))  # noqa: E731
    source = norm(ANNOUNCEMENT.read_text(encoding="utf-8"))
    for q in g.objects(None, PK.quote):
        assert norm(str(q)) in source, q


def test_invalid_sample_gives_exactly_the_expected_results(samples, ontology, vocab, shapes):
    ex = Namespace("http://example.org/id/broken/")
    expected = {
        (ex["objective-no-vi"], PKSH["EntityShape-label-vi"], SH.Violation),
        (ex["att-no-document"], PKSH["AttestationShape-inDocument"], SH.Violation),
        (ex["decision-no-date"], PKSH["LegalDocumentShape-signingDate"], SH.Violation),
        (ex["target-min-above-max"], PKSH["TargetShape-minValue"], SH.Violation),
        (ex["plan"], PKSH.PlanShape, SH.Violation),
        (ex["district-bad-dates"], PKSH["PlaceShape-validFrom"], SH.Violation),
        (ex["att-web-no-confidence"], PKSH.AttestationShape, SH.Violation),
        (ex["decision-no-date"], PKSH["EnglishLabelShape-label-en"], SH.Warning),
    }
    conforms, results, text = validate(samples["invalid-sample.ttl"], ontology, vocab, shapes)
    assert not conforms
    assert results == expected, text


def test_subclass_targets_need_the_ontology(samples, vocab, shapes):
    """Shapes on superclasses reach subclass instances only through the ontology's axioms."""
    data = samples["invalid-sample.ttl"] + vocab
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True)
    sources = set(report.objects(None, SH.sourceShape))
    # ex:decision-no-date is a pk:Decision; without the ontology the
    # pk:LegalDocument shape does not see it.
    assert PKSH["LegalDocumentShape-signingDate"] not in sources
