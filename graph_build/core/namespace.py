"""The plankg ontology namespace, closed.

Every term that ``ontology/plankg.ttl`` and ``ontology/vocabularies.ttl``
declare is listed here, and nothing else: a misspelt ``PK.hasBreaktrough``
raises ``AttributeError`` in a test instead of silently minting a new IRI in a
user's graph. ``tests/test_ontology.py`` keeps this list and the Turtle in sync.

>>> PK.Breakthrough
rdflib.term.URIRef('https://w3id.org/plankg/def#Breakthrough')
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from graph_build.core.iris import DEFAULT_DATA_BASE, ONTOLOGY_IRI, VOCAB_IRI


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


#: IRIs of vocabulary concepts (funding categories, confidence, …) live here.
PKV = Namespace(VOCAB_IRI)

__all__ = ["PK", "PKV", "ONTOLOGY_IRI", "VOCAB_IRI", "DEFAULT_DATA_BASE"]
