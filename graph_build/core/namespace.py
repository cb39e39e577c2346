"""The plankg ontology namespace, closed, and the one table of prefixes.

Every term that ``ontology/plankg.ttl`` and ``ontology/vocabularies.ttl``
declare is listed here, and nothing else: a misspelt ``PK.hasBreaktrough``
raises ``AttributeError`` in a test instead of silently minting a new IRI in a
user's graph. ``tests/test_ontology.py`` keeps this list and the Turtle in sync.

>>> PK.Breakthrough
rdflib.term.URIRef('https://w3id.org/plankg/def#Breakthrough')

``PREFIXES`` is every prefix plankg writes or shows; the built files, query
output, the endpoint's graphs and the ontology documentation take theirs from
it (``prefixes``, ``bind_prefixes``, ``DISPLAY_PREFIXES``).

>>> prefixes("https://example.org/plans/")["id"]
'https://example.org/plans/'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from graph_build.core.iris import DEFAULT_DATA_BASE, ONTOLOGY_IRI, VOCAB_IRI

if TYPE_CHECKING:
    from rdflib import Graph

SHAPES_IRI = "https://w3id.org/plankg/shapes#"

#: Prefix → namespace: every prefix plankg declares in a file or uses to shorten an IRI.
#: ``id`` is the data's base (``build --base``); ``prefixes(base)`` puts the one in use.
PREFIXES: dict[str, str] = {
    # plankg's own, and the mapping vocabularies the links use
    "pk": ONTOLOGY_IRI + "#",
    "pkv": VOCAB_IRI,
    "id": DEFAULT_DATA_BASE,
    "pksh": SHAPES_IRI,
    "sssom": "https://w3id.org/sssom/",
    "semapv": "https://w3id.org/semapv/vocab/",
    # The standard vocabularies rdflib 7 binds to every new graph. Built files declared them
    # (those their IRIs use) before this table existed; written out here, they stay the same
    # when another rdflib binds others.
    "brick": "https://brickschema.org/schema/Brick#",
    "csvw": "http://www.w3.org/ns/csvw#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcam": "http://purl.org/dc/dcam/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "dcterms": "http://purl.org/dc/terms/",
    "doap": "http://usefulinc.com/ns/doap#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prof": "http://www.w3.org/ns/dx/prof/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sosa": "http://www.w3.org/ns/sosa/",
    "ssn": "http://www.w3.org/ns/ssn/",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "wgs": "https://www.w3.org/2003/01/geo/wgs84_pos#",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    # used by the ontology's documentation only (built files write these IRIs in full)
    "qudt-unit": "http://qudt.org/vocab/unit/",
}
#: Prefixes the documentation uses but built files never declare (adding one there would change their bytes).
DOCS_ONLY = ("pksh", "qudt-unit")
#: Prefixes the terminal table and Markdown shorten IRIs with (``id:lang-son-2021-2030/…``).
DISPLAY_NAMES = ("pk", "pkv", "id", "rdf", "rdfs", "xsd", "skos", "org", "foaf", "dcterms", "owl")


def prefixes(base: str = DEFAULT_DATA_BASE, *, documentation: bool = False) -> dict[str, str]:
    """The prefixes built files declare (those their IRIs use), ``id`` being ``base``;
    with ``documentation``, the documentation-only ones too."""
    table = {p: ns for p, ns in PREFIXES.items() if documentation or p not in DOCS_ONLY}
    table["id"] = base
    return dict(sorted(table.items()))


def bind_prefixes(graph: Graph, base: str = DEFAULT_DATA_BASE) -> Graph:
    """``graph`` with the built files' prefixes bound (``id`` being ``base``); returned for chaining."""
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, namespace, override=True)
    return graph


#: Prefix → namespace for people's formats (table, Markdown).
DISPLAY_PREFIXES = {p: PREFIXES[p] for p in DISPLAY_NAMES}


class PK(DefinedNamespace):
    """Classes and properties of the plankg ontology."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # --- plans and legal documents ---------------------------------------
    Plan: URIRef
    ProvincialPlan: URIRef
    RegionalPlan: URIRef
    NationalMasterPlan: URIRef
    ImplementationPlan: URIRef
    LegalDocument: URIRef
    Decision: URIRef
    Resolution: URIRef
    Assignment: URIRef
    # --- direction: vision, objectives, targets ---------------------------
    Vision: URIRef
    Objective: URIRef
    GeneralObjective: URIRef
    SpecificObjective: URIRef
    Target: URIRef
    Indicator: URIRef
    Comparison: URIRef
    Unit: URIRef
    KeyTask: URIRef
    Breakthrough: URIRef
    Sector: URIRef
    SectorOrientation: URIRef
    # --- space -------------------------------------------------------------
    SpatialStructure: URIRef
    SpatialElement: URIRef
    DevelopmentAxis: URIRef
    EconomicCorridor: URIRef
    SocioEconomicZone: URIRef
    EconomicZone: URIRef
    BorderGateEconomicZone: URIRef
    BorderGate: URIRef
    IndustrialPark: URIRef
    IndustrialCluster: URIRef
    UrbanArea: URIRef
    Infrastructure: URIRef
    Place: URIRef
    AdministrativeUnit: URIRef
    Country: URIRef
    Province: URIRef
    District: URIRef
    Commune: URIRef
    Region: URIRef
    InternationalBloc: URIRef
    # --- projects ------------------------------------------------------------
    Project: URIRef
    ProjectGroup: URIRef
    FundingCategory: URIRef
    # --- actors and events ---------------------------------------------------
    Event: URIRef
    # --- provenance and completeness ----------------------------------------
    SourceDocument: URIRef
    Attestation: URIRef
    Confidence: URIRef
    StatedCount: URIRef

    # --- object properties ----------------------------------------------------
    hasPart: URIRef
    hasVision: URIRef
    hasObjective: URIRef
    hasTarget: URIRef
    hasKeyTask: URIRef
    hasBreakthrough: URIRef
    hasSectorOrientation: URIRef
    hasSpatialStructure: URIRef
    hasSpatialElement: URIRef
    hasProjectGroup: URIRef
    hasSubGroup: URIRef
    includesProject: URIRef
    hasPartner: URIRef
    inPlan: URIRef
    implementsPlan: URIRef
    coversTerritory: URIRef
    serves: URIRef
    concernsSector: URIRef
    concernsPlace: URIRef
    names: URIRef
    forSector: URIRef
    inGroup: URIRef
    fundingCategory: URIRef
    carriesBreakthrough: URIRef
    locatedIn: URIRef
    partOfRegion: URIRef
    connects: URIRef
    includesPlace: URIRef
    alongInfrastructure: URIRef
    indicator: URIRef
    comparison: URIRef
    unit: URIRef
    approves: URIRef
    issuedBy: URIRef
    signedBy: URIRef
    signerPost: URIRef
    assigns: URIRef
    assignee: URIRef
    assignedActivity: URIRef
    announces: URIRef
    organisedBy: URIRef
    speaker: URIRef
    aboutEvent: URIRef
    eventPlace: URIRef
    successor: URIRef
    attestedBy: URIRef
    attests: URIRef
    inDocument: URIRef
    confidence: URIRef
    statedCount: URIRef
    countedClass: URIRef
    countedProperty: URIRef
    # --- datatype properties --------------------------------------------------
    documentNumber: URIRef
    signingDate: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    visionYear: URIRef
    targetYear: URIRef
    value: URIRef
    minValue: URIRef
    maxValue: URIRef
    rank: URIRef
    valueText: URIRef
    ordinal: URIRef
    orientation: URIRef
    role: URIRef
    eventDate: URIRef
    dateIsPlanned: URIRef
    fundingNote: URIRef
    areaHectares: URIRef
    lengthKm: URIRef
    officialCode: URIRef
    validFrom: URIRef
    validUntil: URIRef
    quote: URIRef
    note: URIRef
    quoteChecked: URIRef
    sourceFile: URIRef
    sha256: URIRef
    statedValue: URIRef
    # --- change over time (issue 14.3) ------------------------------------
    Adjustment: URIRef
    amends: URIRef
    adjustmentDate: URIRef
    preparedIn: URIRef
    hasAdjustment: URIRef
    decidedBy: URIRef
    supersededBy: URIRef
    # --- outcomes of events (issue 14.4) -----------------------------------
    EventOutcome: URIRef
    outcomeOf: URIRef
    outcomeCount: URIRef
    amount: URIRef
    amountUnit: URIRef

    # --- ranks, poles and pillars (issue 15) ------------------------------------
    comparisonGroup: URIRef
    DevelopmentPole: URIRef
    GrowthPillar: URIRef
    hasGrowthPillar: URIRef
    placeholderDocument: URIRef

    # --- statements below the entity, inferred links (issue 14) ----------------
    StatementPart: URIRef
    ObjectivePart: URIRef
    VisionPart: URIRef
    Purpose: URIRef
    Role: URIRef
    Programme: URIRef
    InvestmentPromotionProgramme: URIRef
    InferenceRule: URIRef
    InferredLink: URIRef
    roleHolder: URIRef
    roleIn: URIRef
    roleBetween: URIRef
    aimsAt: URIRef
    hasProgramme: URIRef
    announcedAt: URIRef
    inferredBy: URIRef
    audience: URIRef
    programmeYear: URIRef


#: IRIs of vocabulary concepts (funding categories, confidence, …) live here.
PKV = Namespace(VOCAB_IRI)

__all__ = [
    "DEFAULT_DATA_BASE",
    "DISPLAY_PREFIXES",
    "DOCS_ONLY",
    "ONTOLOGY_IRI",
    "PK",
    "PKV",
    "PREFIXES",
    "SHAPES_IRI",
    "VOCAB_IRI",
    "bind_prefixes",
    "prefixes",
]
