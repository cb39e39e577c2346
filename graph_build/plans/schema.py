"""What a plan file may say: sections, entity types and their fields.

This one table drives the loader (which keys are allowed, what type each value
has, which references must resolve) and the builder (which RDF class and
property each key becomes). ``docs/data-format.md`` is the human-readable
form of the same table; ``tests/test_schema_docs.py`` keeps the two in sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS, URIRef

from graph_build.core.iris import VOCAB_IRI
from graph_build.core.namespace import PK

ValueKind = Literal[
    "text",  # {vi: ..., en: ...}: language-tagged literals
    "texts",  # list of {vi:..., en:...}
    "string",  # plain string literal
    "int",
    "decimal",
    "year",  # xsd:gYear from an integer
    "date",  # xsd:date from dd/mm/yyyy or yyyy-mm-dd
    "bool",
    "ref",  # one id of another entity
    "refs",  # list of ids
    "concept",  # id of a vocabulary concept in ontology/vocabularies.ttl
    "concepts",  # list of such ids
]


@dataclass(frozen=True)
class Field:
    key: str
    predicate: URIRef
    kind: ValueKind
    #: For refs/concepts: the entity types (names in TYPES) or concept schemes
    #: a value must belong to; empty means any entity.
    targets: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class EntityType:
    name: str
    cls: URIRef
    #: YAML section whose items default to this type.
    section: str | None
    fields: tuple[Field, ...] = ()
    #: Property from the plan to entities of this type (besides pk:hasPart).
    plan_link: URIRef | None = None
    #: More specific types an item of this section may declare with ``type:``.
    subtypes: tuple[str, ...] = ()
    #: Label in English is required (False for people: names are not translated).
    english_label_required: bool = True


# Fields every entity may have. ``id``, ``type``, ``label`` and ``source`` are
# handled by the loader itself (see loader.COMMON_KEYS).
COMMON_FIELDS = (
    Field("alt_label", SKOS.altLabel, "texts"),
    Field("description", DCTERMS.description, "text"),
    Field("ordinal", PK.ordinal, "int"),
    Field("concerns_sector", PK.concernsSector, "concepts", ("Sector",)),
    Field("concerns_place", PK.concernsPlace, "refs", ("Place",)),
)

_located = Field("located_in", PK.locatedIn, "refs", ("Place",))
_connects = Field("connects", PK.connects, "refs", ("Place",))
_along = Field("along", PK.alongInfrastructure, "refs", ("Infrastructure",))
_area = Field("area_ha", PK.areaHectares, "decimal")
_length = Field("length_km", PK.lengthKm, "decimal")
_role = Field("role", PK.role, "text")
_names = Field("names", PK.names, "refs")
_year = Field("year", PK.targetYear, "year")

# Change over time (issue 14.3): the period a fact was in force, the document that put it in
# force, and the fact that took its place. Places use the same pk:validFrom / pk:validUntil;
# their replacement is pk:successor (a place taking over territory), so they take no
# superseded_by. A superseded fact is kept, never overwritten.
_valid_from = Field("valid_from", PK.validFrom, "date")
_valid_until = Field("valid_until", PK.validUntil, "date")
_decided_by = Field("decided_by", PK.decidedBy, "ref", ("Decision", "Adjustment"))


def _in_force(kind: str) -> tuple[Field, ...]:
    """The validity fields of a fact of ``kind``; it is superseded by a fact of the same kind."""
    return (_valid_from, _valid_until, _decided_by, Field("superseded_by", PK.supersededBy, "refs", (kind,)))


# --- Statements below the entity (issue 14): parts of objectives and visions, roles,
# programmes: the entities a clause of a larger statement becomes.
_part_of_statement = Field(
    "part_of",
    DCTERMS.isPartOf,
    "refs",
    ("Objective", "Vision", "SectorOrientation", "Event", "StatementPart", "Programme"),
    required=True,
)
STATEMENT_TYPES: tuple[EntityType, ...] = (
    EntityType(
        "StatementPart",
        PK.StatementPart,
        "statement_parts",
        (
            _part_of_statement,
            _names,
            Field("audience", PK.audience, "texts"),
            Field("aims_at", PK.aimsAt, "refs"),
        ),
        subtypes=("ObjectivePart", "VisionPart", "Purpose"),
    ),
    EntityType("ObjectivePart", PK.ObjectivePart, None),
    EntityType("VisionPart", PK.VisionPart, None),
    EntityType("Purpose", PK.Purpose, None),
    EntityType(
        "Role",
        PK.Role,
        "roles",
        (
            Field("holder", PK.roleHolder, "refs", ("Place", "EconomicZone"), required=True),
            Field("in_place", PK.roleIn, "refs", ("Place",)),
            Field("between", PK.roleBetween, "refs", ("Place",)),
            Field(
                "part_of",
                DCTERMS.isPartOf,
                "refs",
                ("Objective", "Vision", "SectorOrientation", "StatementPart"),
                required=True,
            ),
        ),
    ),
    EntityType(
        "Programme",
        PK.Programme,
        "programmes",
        (
            Field("year", PK.programmeYear, "year"),
            Field("announced_at", PK.announcedAt, "refs", ("Event",)),
        ),
        plan_link=PK.hasProgramme,
        subtypes=("InvestmentPromotionProgramme",),
    ),
    EntityType("InvestmentPromotionProgramme", PK.InvestmentPromotionProgramme, None),
)

#: The rules a link may be inferred by (``{ref: …, inferred: {rule: …, from: […]}}``): id → its
#: concept (a pk:InferenceRule) in the pkv:inference-rule scheme of ontology/vocabularies.ttl.
INFERENCE_RULE_IDS = ("theo-do", "reading-order", "shared-modifier", "region-membership", "role-partners")
INFERENCE_RULES: dict[str, URIRef] = {rule: URIRef(f"{VOCAB_IRI}inference-rule/{rule}") for rule in INFERENCE_RULE_IDS}

TYPE_LIST: tuple[EntityType, ...] = (
    EntityType(
        "Plan",
        PK.Plan,
        None,
        (
            Field("period_start", PK.periodStart, "year", required=True),
            Field("period_end", PK.periodEnd, "year", required=True),
            Field("vision_year", PK.visionYear, "year"),
            Field("territory", PK.coversTerritory, "refs", ("Place",)),
            Field("implements", PK.implementsPlan, "refs", ("Plan",)),
            Field("partners", PK.hasPartner, "refs", ("Place",)),
        ),
        subtypes=("ProvincialPlan", "RegionalPlan", "NationalMasterPlan", "ImplementationPlan"),
    ),
    EntityType("ProvincialPlan", PK.ProvincialPlan, None),
    EntityType("RegionalPlan", PK.RegionalPlan, None),
    EntityType("NationalMasterPlan", PK.NationalMasterPlan, None),
    EntityType("ImplementationPlan", PK.ImplementationPlan, None),
    EntityType(
        "Decision",
        PK.Decision,
        "decisions",
        (
            Field("number", PK.documentNumber, "string", required=True),
            Field("date", PK.signingDate, "date", required=True),
            Field("issued_by", PK.issuedBy, "ref", ("Organisation", "Post")),
            Field("signed_by", PK.signedBy, "ref", ("Person",)),
            Field("signer_post", PK.signerPost, "ref", ("Post",)),
            Field("approves", PK.approves, "refs", ("Plan",)),
            Field("assigns", PK.assigns, "refs", ("Assignment",)),
        ),
        subtypes=("Resolution",),
    ),
    EntityType("Resolution", PK.Resolution, None),
    # The act of amending a plan after its approval (issue 14.3), a prov:Activity rather than a
    # legal document: the adjusting text's number is often not public (a vote the press reports),
    # and a legal document needs one. ``prepared_in`` names decisions that drew up its content.
    EntityType(
        "Adjustment",
        PK.Adjustment,
        "adjustments",
        (
            Field("amends", PK.amends, "refs", ("Plan",), required=True),
            Field("date", PK.adjustmentDate, "date", required=True),
            Field("by", PROV.wasAssociatedWith, "refs", ("Organisation",)),
            Field("prepared_in", PK.preparedIn, "refs", ("Decision",)),
        ),
        plan_link=PK.hasAdjustment,
    ),
    EntityType(
        "Assignment",
        PK.Assignment,
        "assignments",
        (
            Field("assignee", PK.assignee, "refs", ("Organisation",), required=True),
            Field("activity", PK.assignedActivity, "refs", ("Event",)),
        ),
    ),
    EntityType("Vision", PK.Vision, "visions", (_year, _names, *_in_force("Vision")), plan_link=PK.hasVision),
    EntityType(
        "Objective",
        PK.Objective,
        "objectives",
        (_year, _names, Field("targets", PK.hasTarget, "refs", ("Target",)), *_in_force("Objective")),
        plan_link=PK.hasObjective,
        subtypes=("GeneralObjective", "SpecificObjective"),
    ),
    EntityType("GeneralObjective", PK.GeneralObjective, None),
    EntityType("SpecificObjective", PK.SpecificObjective, None),
    EntityType(
        "Target",
        PK.Target,
        "targets",
        (
            Field("indicator", PK.indicator, "concept", ("Indicator",), required=True),
            Field("value", PK.value, "decimal"),
            Field("min", PK.minValue, "decimal"),
            Field("max", PK.maxValue, "decimal"),
            Field("unit", PK.unit, "concept", ("Unit",)),
            Field("comparison", PK.comparison, "concept", ("Comparison",)),
            Field("rank", PK.rank, "int"),
            Field("comparison_group", PK.comparisonGroup, "refs", ("Place",)),
            Field("value_text", PK.valueText, "text"),
            Field("year", PK.targetYear, "year"),
            *_in_force("Target"),
        ),
    ),
    EntityType(
        "KeyTask",
        PK.KeyTask,
        "key_tasks",
        (Field("serves", PK.serves, "refs", ("Objective", "Vision")),),
        plan_link=PK.hasKeyTask,
    ),
    EntityType(
        "Breakthrough",
        PK.Breakthrough,
        "breakthroughs",
        (Field("serves", PK.serves, "refs", ("Objective", "Vision")),),
        plan_link=PK.hasBreakthrough,
    ),
    EntityType(
        "SectorOrientation",
        PK.SectorOrientation,
        "sector_orientations",
        (
            Field("for_sector", PK.forSector, "concepts", ("Sector",), required=True),
            Field("orientation", PK.orientation, "text"),
            _names,  # the zone or place an orientation is about (issue 14)
        ),
        plan_link=PK.hasSectorOrientation,
    ),
    EntityType(
        "SpatialStructure",
        PK.SpatialStructure,
        "spatial_structures",
        (Field("elements", PK.hasSpatialElement, "refs", ("SpatialElement",)),),
        plan_link=PK.hasSpatialStructure,
    ),
    EntityType(
        "SpatialElement",
        PK.SpatialElement,
        "spatial_elements",
        (_connects, _along, Field("includes_places", PK.includesPlace, "refs", ("Place",))),
        subtypes=("DevelopmentAxis", "EconomicCorridor", "SocioEconomicZone", "DevelopmentPole"),
    ),
    EntityType("DevelopmentAxis", PK.DevelopmentAxis, None),
    EntityType("EconomicCorridor", PK.EconomicCorridor, None),
    EntityType("SocioEconomicZone", PK.SocioEconomicZone, None),
    # Development poles and growth pillars (issue 15): a pole is a spatial element with a
    # section of its own (plans list their poles apart from axes and corridors).
    EntityType("DevelopmentPole", PK.DevelopmentPole, "development_poles"),
    EntityType(
        "GrowthPillar",
        PK.GrowthPillar,
        "growth_pillars",
        (Field("serves", PK.serves, "refs", ("Objective", "Vision")),),
        plan_link=PK.hasGrowthPillar,
    ),
    EntityType(
        "EconomicZone",
        PK.EconomicZone,
        "economic_zones",
        (_located, _area, _role, Field("includes_places", PK.includesPlace, "refs", ("Place",))),
        subtypes=("BorderGateEconomicZone",),
    ),
    EntityType("BorderGateEconomicZone", PK.BorderGateEconomicZone, None),
    EntityType(
        "BorderGate",
        PK.BorderGate,
        "border_gates",
        (_located, _role, Field("partner_place", PK.connects, "refs", ("Place",))),
    ),
    EntityType(
        "IndustrialPark",
        PK.IndustrialPark,
        "industrial_parks",
        (_located, _area),
        subtypes=("IndustrialCluster",),
    ),
    EntityType("IndustrialCluster", PK.IndustrialCluster, None),
    EntityType("UrbanArea", PK.UrbanArea, "urban_areas", (_located, _role)),
    EntityType("Infrastructure", PK.Infrastructure, "infrastructure", (_connects, _located, _length)),
    EntityType(
        "ProjectGroup",
        PK.ProjectGroup,
        "project_groups",
        (
            Field("funding_category", PK.fundingCategory, "concept", ("FundingCategory",)),
            Field("sub_groups", PK.hasSubGroup, "refs", ("ProjectGroup",)),
        ),
        plan_link=PK.hasProjectGroup,
    ),
    EntityType(
        "Project",
        PK.Project,
        "projects",
        (
            Field("group", PK.inGroup, "refs", ("ProjectGroup",)),
            Field("funding_category", PK.fundingCategory, "concept", ("FundingCategory",)),
            Field("carries_breakthrough", PK.carriesBreakthrough, "refs", ("Breakthrough",)),
            Field("funding_note", PK.fundingNote, "text"),
            _located,
            _along,
            _length,
        ),
    ),
    EntityType(
        "Place",
        PK.Place,
        "places",
        (
            Field("part_of", PK.partOfRegion, "refs", ("Place",)),
            Field("official_code", PK.officialCode, "string"),
            _valid_from,
            _valid_until,
            _decided_by,
            Field("successor", PK.successor, "refs", ("Place",)),
            _area,
        ),
        subtypes=(
            "AdministrativeUnit",
            "Country",
            "Province",
            "District",
            "Commune",
            "Region",
            "InternationalBloc",
        ),
    ),
    EntityType("AdministrativeUnit", PK.AdministrativeUnit, None),
    EntityType("Country", PK.Country, None),
    EntityType("Province", PK.Province, None),
    EntityType("District", PK.District, None),
    EntityType("Commune", PK.Commune, None),
    EntityType("Region", PK.Region, None),
    EntityType("InternationalBloc", PK.InternationalBloc, None),
    EntityType(
        "Organisation",
        ORG.Organization,
        "organisations",
        (Field("sub_organisation_of", ORG.subOrganizationOf, "refs", ("Organisation",)),),
    ),
    EntityType(
        "Person",
        FOAF.Person,
        "people",
        (Field("holds", ORG.holds, "refs", ("Post",)),),
        english_label_required=False,
    ),
    EntityType(
        "Post",
        ORG.Post,
        "posts",
        (Field("post_in", ORG.postIn, "refs", ("Organisation",)),),
    ),
    # What an event produced, with its count and amount as numbers (issue 14.4): "14 investment
    # decisions, 18,602 billion VND registered" is queryable, not free text.
    EntityType(
        "EventOutcome",
        PK.EventOutcome,
        "outcomes",
        (
            Field("outcome_of", PK.outcomeOf, "refs", ("Event",), required=True),
            Field("count", PK.outcomeCount, "int"),
            Field("amount", PK.amount, "decimal"),
            Field("amount_unit", PK.amountUnit, "concept", ("Unit",)),
        ),
    ),
    EntityType(
        "Event",
        PK.Event,
        "events",
        (
            Field("date", PK.eventDate, "date"),
            Field("date_is_planned", PK.dateIsPlanned, "bool"),
            Field("announces", PK.announces, "refs", ("Plan",)),
            Field("organised_by", PK.organisedBy, "refs", ("Organisation",)),
            Field("speakers", PK.speaker, "refs", ("Person",)),
            Field("about_event", PK.aboutEvent, "refs", ("Event",)),
            Field("place", PK.eventPlace, "refs", ("Place",)),
        ),
    ),
    *STATEMENT_TYPES,
)

TYPES: dict[str, EntityType] = {t.name: t for t in TYPE_LIST}
SECTIONS: dict[str, EntityType] = {t.section: t for t in TYPE_LIST if t.section}


def family(type_name: str) -> EntityType:
    """The section type a (sub)type belongs to: ``Province`` → ``Place``."""
    for t in TYPE_LIST:
        if type_name == t.name or type_name in t.subtypes:
            return t
    raise KeyError(type_name)


def is_a(type_name: str, wanted: str) -> bool:
    """True if ``type_name`` is ``wanted`` or one of its subtypes."""
    if type_name == wanted:
        return True
    fam = TYPES.get(wanted)
    return bool(fam and type_name in fam.subtypes)


def fields_of(type_name: str) -> dict[str, Field]:
    """All keys an entity of this type may carry (besides id/type/label/source/counts)."""
    fam = family(type_name)
    return {f.key: f for f in (*COMMON_FIELDS, *fam.fields)}


#: The concept schemes a ``concept`` field may name, and the RDF class of
#: their members as declared in ``ontology/vocabularies.ttl``.
CONCEPT_CLASSES: dict[str, URIRef] = {
    "Indicator": PK.Indicator,
    "Unit": PK.Unit,
    "Comparison": PK.Comparison,
    "FundingCategory": PK.FundingCategory,
    "Confidence": PK.Confidence,
    "Sector": PK.Sector,
}
