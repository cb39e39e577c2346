"""Every clause of the Lạng Sơn announcement is structured data a SPARQL query isolates (issue 14).

The audit, done clause by clause from ``plans/lang-son-2021-2030/sources/
lang-son-plan-announcement-2024.txt``: 67 atomic clauses (the title and the lead sentence repeat
clauses of the 2030 objective and are counted there). ``CLAUSES`` lists each with a short id,
the clause in a few words, and the triples that carry it, as a SPARQL basic graph pattern. The
test asks each pattern of the built graph, and then removes the triples the pattern matched and
asks again: the answer must turn false, so a clause whose triples go missing fails the test (no
pattern is satisfied by something else).
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

ID = "https://w3id.org/plankg/id/"
PREFIXES = f"""
PREFIX pk: <https://w3id.org/plankg/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX sector: <https://w3id.org/plankg/vocab/sector/>
PREFIX funding: <https://w3id.org/plankg/vocab/funding/>
PREFIX rule: <https://w3id.org/plankg/vocab/inference-rule/>
PREFIX id: <{ID}>
PREFIX ls: <{ID}lang-son-2021-2030/>
PREFIX ref: <{ID}ref/>
"""
PLAN = "id:lang-son-2021-2030"


def _quoted(entity: str, n: int) -> str:
    """The entity carries a quote of its own (checked against the text by the build)."""
    return f"{entity} pk:attestedBy ?a{n} . ?a{n} pk:quoteChecked true ; pk:quote ?q{n} ."


def _part(entity: str, cls: str, whole: str, n: int, extra: str = "") -> str:
    return f"{entity} a pk:{cls} ; dcterms:isPartOf {whole} {extra}. " + _quoted(entity, n)


def _role(entity: str, whole: str, holder: str, n: int, extra: str = "") -> str:
    return _part(entity, "Role", whole, n, f"; pk:roleHolder {holder} {extra}")


def _inferred(subject: str, predicate: str, obj: str, rule: str, source: str, n: int) -> str:
    return (
        f"{subject} {predicate} {obj} . ?l{n} a pk:InferredLink ; rdf:subject {subject} ; "
        f"rdf:predicate {predicate} ; rdf:object {obj} ; pk:inferredBy rule:{rule} ; prov:wasDerivedFrom {source} ."
    )


def _stated_count(owner: str, cls: str, number: int, n: int) -> str:
    return f"{owner} pk:statedCount ?c{n} . ?c{n} pk:countedClass pk:{cls} ; pk:statedValue {number} ."


TASKS = (
    ("task-1-institutions", "sector:institutions, sector:business-environment"),
    ("task-2-infrastructure", "sector:infrastructure"),
    ("task-3-human-resources", "sector:human-resources"),
    ("task-4-tourism", "sector:tourism"),
    ("task-5-innovation", "sector:science-technology-innovation"),
    ("task-6-agriculture", "sector:agriculture-forestry-fisheries, sector:new-rural-development"),
    ("task-7-culture", "sector:culture"),
    ("task-8-defence-security", "sector:defence-security"),
)
BREAKTHROUGHS = (
    ("breakthrough-1-digital-transformation", "sector:digital-transformation, sector:business-environment"),
    ("breakthrough-2-infrastructure", "sector:infrastructure"),
    ("breakthrough-3-border-gate-economy", "sector:border-gate-economy, sector:trade, sector:services, sector:tourism"),
    ("breakthrough-4-industry", "sector:industry"),
)
K = "ls:kkt-dong-dang-lang-son"

#: (id, the clause in a few words, the triples that carry it)
CLAUSES: list[tuple[str, str, str]] = [
    # -- the press briefing, the conference and the programme
    (
        "briefing-held",
        "a press briefing was held by the provincial People's Committee",
        "ls:press-briefing a pk:Event ; pk:organisedBy ls:ubnd-lang-son . " + _quoted("ls:press-briefing", 1),
    ),
    (
        "briefing-about-conference",
        "the briefing was about the conference",
        "ls:press-briefing pk:aboutEvent ls:conference-2024 .",
    ),
    ("conference-announces-plan", "the conference announces the plan", f"ls:conference-2024 pk:announces {PLAN} ."),
    (
        "conference-announces-programme",
        "the conference announces the 2024 investment promotion programme",
        "ls:programme-investment-2024 pk:announcedAt ls:conference-2024 . "
        "?s1 a rdf:Statement ; rdf:subject ls:programme-investment-2024 ; rdf:predicate pk:announcedAt ; "
        "rdf:object ls:conference-2024 ; pk:attestedBy ?a1 . ?a1 pk:quote ?q1 .",
    ),
    (
        "programme-of-province-2024",
        "the programme is the province's, for 2024",
        f"{PLAN} pk:hasProgramme ls:programme-investment-2024 . "
        'ls:programme-investment-2024 a pk:InvestmentPromotionProgramme ; pk:programmeYear "2024"^^xsd:gYear ; '
        "pk:concernsPlace ref:lang-son . " + _quoted("ls:programme-investment-2024", 1),
    ),
    # -- decision 236
    (
        "huyen-post",
        "Dương Xuân Huyên is Standing Vice Chairman of the People's Committee",
        "ls:duong-xuan-huyen org:holds ls:post-ubnd-standing-vice-chair . "
        "ls:post-ubnd-standing-vice-chair org:postIn ls:ubnd-lang-son .",
    ),
    (
        "huyen-spoke-at-briefing",
        "he spoke (at the briefing: read from the order)",
        _inferred("ls:press-briefing", "pk:speaker", "ls:duong-xuan-huyen", "reading-order", "ls:press-briefing", 1),
    ),
    (
        "tran-hong-ha-deputy-pm",
        "Trần Hồng Hà is Deputy Prime Minister",
        "ls:tran-hong-ha org:holds ls:post-deputy-prime-minister . ls:post-deputy-prime-minister org:postIn ls:government .",
    ),
    (
        "decision-signed",
        "he signed decision 236",
        "ls:decision-236 pk:signedBy ls:tran-hong-ha ; pk:signerPost ls:post-deputy-prime-minister .",
    ),
    (
        "decision-number-date",
        "decision 236 of 19/03/2024",
        'ls:decision-236 pk:documentNumber "236/QĐ-TTg" ; pk:signingDate "2024-03-19"^^xsd:date .',
    ),
    ("decision-of-pm", "a decision of the Prime Minister", "ls:decision-236 pk:issuedBy ls:post-prime-minister ."),
    ("decision-approves-plan", "it approves the provincial plan", f"ls:decision-236 pk:approves {PLAN} ."),
    (
        "plan-period-vision",
        "the plan is for 2021–2030 with a vision to 2050",
        f'{PLAN} pk:periodStart "2021"^^xsd:gYear ; pk:periodEnd "2030"^^xsd:gYear ; pk:visionYear "2050"^^xsd:gYear .',
    ),
    (
        "decision-assigns-ubnd",
        "the decision assigns the People's Committee",
        "ls:decision-236 pk:assigns ls:assignment-conference . ls:assignment-conference pk:assignee ls:ubnd-lang-son .",
    ),
    (
        "assigned-conference",
        "to organise the 2024 conference announcing the plan and promoting investment",
        "ls:assignment-conference pk:assignedActivity ls:conference-2024 . "
        "ls:conference-2024 pk:organisedBy ls:ubnd-lang-son .",
    ),
    # -- the conference's purposes
    (
        "purpose-spread-information",
        "to spread information on the province's potential, strengths and opportunities",
        _part("ls:purpose-spread-information", "Purpose", "ls:conference-2024", 1, "; pk:concernsPlace ref:lang-son"),
    ),
    (
        "purpose-audience",
        "to organisations, associations, businesses, investors at home and abroad",
        'ls:purpose-spread-information pk:audience "các tổ chức trong và ngoài nước"@vi , '
        '"các hiệp hội trong và ngoài nước"@vi , "các doanh nghiệp trong và ngoài nước"@vi , '
        '"các nhà đầu tư trong và ngoài nước"@vi .',
    ),
    (
        "purpose-exploit-potential",
        "to help exploit the province's potential and strengths",
        _part("ls:purpose-exploit-potential", "Purpose", "ls:conference-2024", 1),
    ),
    (
        "purpose-socio-economic-development",
        "to promote socio-economic development",
        _part("ls:purpose-socio-economic-development", "Purpose", "ls:conference-2024", 1),
    ),
    (
        "purpose-realise-plan",
        "to realise the provincial plan",
        _part("ls:purpose-realise-plan", "Purpose", "ls:conference-2024", 1, f"; pk:aimsAt {PLAN}"),
    ),
    # -- the 2030 general objective and its parts
    (
        "objective-2030",
        "the development objective to 2030",
        f'{PLAN} pk:hasObjective ls:objective-2030 . ls:objective-2030 a pk:GeneralObjective ; pk:targetYear "2030"^^xsd:gYear .',
    ),
    (
        "objective-border-province",
        "a border province with a developed economy",
        _part(
            "ls:objective-2030-border-province",
            "ObjectivePart",
            "ls:objective-2030",
            1,
            "; pk:concernsPlace ref:lang-son",
        ),
    ),
    (
        "objective-stable-society",
        "a stable society",
        _part("ls:objective-2030-stable-society", "ObjectivePart", "ls:objective-2030", 1),
    ),
    (
        "objective-defence-security",
        "defence and security assured",
        _part(
            "ls:objective-2030-defence-security",
            "ObjectivePart",
            "ls:objective-2030",
            1,
            "; pk:concernsSector sector:defence-security",
        ),
    ),
    (
        "objective-environment",
        "the ecological environment assured",
        _part(
            "ls:objective-2030-environment",
            "ObjectivePart",
            "ls:objective-2030",
            1,
            "; pk:concernsSector sector:environment",
        ),
    ),
    (
        "objective-growth-pole",
        "one of the growth poles (of the region)",
        _role("ls:role-growth-pole-2030", "ls:objective-2030", "ref:lang-son", 1)
        + _inferred("ls:role-growth-pole-2030", "pk:roleIn", "ref:tdmnpb", "shared-modifier", "ls:objective-2030", 2),
    ),
    (
        "objective-economic-centre",
        "the economic centre of the Northern Midlands and Mountains region (a role in a region)",
        _role("ls:role-economic-centre-2030", "ls:objective-2030", "ref:lang-son", 1, "; pk:roleIn ref:tdmnpb"),
    ),
    (
        "objective-bridge",
        "an increasingly important bridge for economic and trade links between Viet Nam, ASEAN, China, Europe",
        _role(
            "ls:role-bridge-2030",
            "ls:objective-2030",
            "ref:lang-son",
            1,
            "; pk:roleBetween ref:vietnam , ref:asean , ref:china , ref:europe ; pk:concernsSector sector:trade",
        ),
    ),
    # -- the 8 key tasks, and that they follow from the objective ("Theo đó")
    *(
        (
            f"task-{n}",
            f"key task {n}",
            f"{PLAN} pk:hasKeyTask ls:{task} . ls:{task} pk:ordinal {n} ; pk:concernsSector {sectors} . "
            + _quoted(f"ls:{task}", 1),
        )
        for n, (task, sectors) in enumerate(TASKS, start=1)
    ),
    (
        "tasks-follow-objective",
        "accordingly (“Theo đó”), the key tasks serve the objective: an inference",
        " ".join(
            _inferred(f"ls:{task}", "pk:serves", "ls:objective-2030", "theo-do", "ls:objective-2030", n)
            for n, (task, _) in enumerate(TASKS, start=1)
        ),
    ),
    # -- the 4 breakthroughs
    ("breakthrough-count", "4 development breakthroughs", _stated_count(PLAN, "Breakthrough", 4, 1)),
    *(
        (
            f"breakthrough-{n}",
            f"breakthrough {n}",
            f"{PLAN} pk:hasBreakthrough ls:{b} . ls:{b} pk:ordinal {n} ; pk:concernsSector {sectors} . "
            + _quoted(f"ls:{b}", 1),
        )
        for n, (b, sectors) in enumerate(BREAKTHROUGHS, start=1)
    ),
    (
        "breakthroughs-serve-objective",
        "at the same time (“Đồng thời”), the breakthroughs serve the objective: an inference",
        " ".join(
            _inferred(f"ls:{b}", "pk:serves", "ls:objective-2030", "reading-order", "ls:objective-2030", n)
            for n, (b, _) in enumerate(BREAKTHROUGHS, start=1)
        ),
    ),
    # -- the 2050 vision and its parts
    (
        "vision-2050",
        "the vision to 2050",
        f'{PLAN} pk:hasVision ls:vision-2050 . ls:vision-2050 pk:targetYear "2050"^^xsd:gYear .',
    ),
    (
        "vision-digital-economy",
        "a modern, dynamic economy favourable to digital life",
        _part(
            "ls:vision-2050-digital-economy",
            "VisionPart",
            "ls:vision-2050",
            1,
            "; pk:concernsSector sector:digital-transformation",
        ),
    ),
    (
        "vision-green-investment",
        "a green land attractive to foreign investment, especially clean energy, agriculture, industry, tourism",
        _part(
            "ls:vision-2050-green-investment",
            "VisionPart",
            "ls:vision-2050",
            1,
            "; pk:concernsSector sector:clean-energy , sector:agriculture-forestry-fisheries , sector:industry , "
            "sector:tourism",
        ),
    ),
    (
        "vision-border-gate-system",
        "a road and rail border-gate system among the most developed in Viet Nam",
        _role(
            "ls:role-border-gate-system-2050",
            "ls:vision-2050",
            "ref:lang-son",
            1,
            "; pk:roleIn ref:vietnam ; pk:concernsSector sector:border-gate-economy , sector:transport",
        ),
    ),
    (
        "vision-transit-point",
        "a leading overland transit point linking China, Viet Nam, ASEAN and the world",
        _role(
            "ls:role-transit-point-2050",
            "ls:vision-2050",
            "ref:lang-son",
            1,
            "; pk:roleBetween ref:china , ref:vietnam , ref:asean , ref:world ; pk:concernsSector sector:logistics",
        )
        + " ref:world a pk:Region . "
        + _quoted("ref:world", 2),
    ),
    (
        "vision-social-security",
        "people's social security ensured",
        _part(
            "ls:vision-2050-social-security",
            "VisionPart",
            "ls:vision-2050",
            1,
            "; pk:concernsSector sector:social-security",
        ),
    ),
    (
        "vision-order-security-sovereignty",
        "social order, border security and national sovereignty firmly ensured",
        _part(
            "ls:vision-2050-order-security-sovereignty",
            "VisionPart",
            "ls:vision-2050",
            1,
            "; pk:concernsSector sector:defence-security",
        ),
    ),
    # -- sector orientations, the border-gate economic zone
    (
        "orientation-industry",
        "industry towards quality, added value and competitiveness",
        f"{PLAN} pk:hasSectorOrientation ls:orientation-industry . "
        "ls:orientation-industry pk:forSector sector:industry ; pk:orientation ?o . "
        + _quoted("ls:orientation-industry", 1),
    ),
    (
        "province-regional-service-centre",
        "Lạng Sơn a regional-level service centre",
        _role(
            "ls:role-regional-service-centre",
            "ls:orientation-regional-service-trade-hub",
            "ref:lang-son",
            1,
            "; pk:concernsSector sector:services",
        ),
    ),
    (
        "province-exchange-centre",
        "a centre of economic exchange and external relations between Viet Nam and ASEAN with Southwest China",
        _role(
            "ls:role-exchange-centre",
            "ls:orientation-regional-service-trade-hub",
            "ref:lang-son",
            1,
            "; pk:roleBetween ref:vietnam , ref:asean , ref:southwest-china ; pk:concernsSector sector:trade , "
            "sector:external-relations",
        ),
    ),
    (
        "zone-border-gate-economic-centre",
        "the Đồng Đăng – Lạng Sơn zone a modern, dynamic border-gate economic centre",
        "ls:orientation-border-gate-economic-zone pk:names "
        + K
        + " . "
        + _role(
            "ls:role-kkt-border-gate-economic-centre",
            "ls:orientation-border-gate-economic-zone",
            K,
            1,
            "; pk:concernsSector sector:border-gate-economy",
        ),
    ),
    (
        "zone-border-gate-services-centre",
        "a border-gate services centre",
        _role(
            "ls:role-kkt-border-gate-services-centre",
            "ls:orientation-border-gate-economic-zone",
            K,
            1,
            "; pk:concernsSector sector:services",
        ),
    ),
    (
        "zone-logistics-centre",
        "a national and international logistics centre",
        _role(
            "ls:role-kkt-logistics-centre",
            "ls:orientation-border-gate-economic-zone",
            K,
            1,
            "; pk:concernsSector sector:logistics",
        ),
    ),
    (
        "orientation-agriculture",
        "agriculture, forestry and fisheries towards competitive commodity production and local specialities",
        "ls:orientation-agriculture-forestry-fisheries pk:forSector sector:agriculture-forestry-fisheries ; pk:orientation ?o . "
        + _quoted("ls:orientation-agriculture-forestry-fisheries", 1),
    ),
    (
        "agriculture-with-tourism",
        "farm production linked with tourism",
        "ls:orientation-agriculture-forestry-fisheries pk:forSector sector:tourism . ?s1 a rdf:Statement ; "
        "rdf:subject ls:orientation-agriculture-forestry-fisheries ; rdf:predicate pk:forSector ; "
        "rdf:object sector:tourism ; pk:attestedBy ?a1 . ?a1 pk:quote ?q1 .",
    ),
    (
        "spatial-axis",
        "1 development axis",
        f"{PLAN} pk:hasSpatialStructure ls:spatial-structure-1-2-3 . "
        + _stated_count("ls:spatial-structure-1-2-3", "DevelopmentAxis", 1, 1),
    ),
    (
        "spatial-corridors",
        "2 economic corridors",
        _stated_count("ls:spatial-structure-1-2-3", "EconomicCorridor", 2, 1),
    ),
    ("spatial-zones", "3 socio-economic zones", _stated_count("ls:spatial-structure-1-2-3", "SocioEconomicZone", 3, 1)),
    # -- priority projects
    (
        "projects-173",
        "173 priority projects",
        f"{PLAN} pk:hasProjectGroup ls:projects-priority-173 . "
        + _stated_count("ls:projects-priority-173", "Project", 173, 1),
    ),
    (
        "projects-central-27",
        "27 central investment projects",
        "ls:projects-priority-173 pk:hasSubGroup ls:projects-central-27 . ls:projects-central-27 pk:fundingCategory funding:central . "
        + _stated_count("ls:projects-central-27", "Project", 27, 1),
    ),
    (
        "projects-provincial-38",
        "38 provincial investment projects",
        "ls:projects-priority-173 pk:hasSubGroup ls:projects-provincial-38 . "
        "ls:projects-provincial-38 pk:fundingCategory funding:provincial . "
        + _stated_count("ls:projects-provincial-38", "Project", 38, 1),
    ),
    (
        "projects-investment-attraction-108",
        "108 investment attraction projects",
        "ls:projects-priority-173 pk:hasSubGroup ls:projects-investment-attraction-108 . "
        "ls:projects-investment-attraction-108 pk:fundingCategory funding:investment-attraction . "
        + _stated_count("ls:projects-investment-attraction-108", "Project", 108, 1),
    ),
    # -- the conference's date
    (
        "conference-planned-date",
        "the conference is planned for 21/4/2024",
        'ls:conference-2024 pk:eventDate "2024-04-21"^^xsd:date ; pk:dateIsPlanned true .',
    ),
    (
        "conference-organising-committee",
        "according to the organising committee",
        "ls:conference-2024 pk:organisedBy ls:organising-committee .",
    ),
]


def test_the_audit_counts_67_clauses_with_distinct_ids():
    assert len(CLAUSES) == 67
    assert len({c[0] for c in CLAUSES}) == len(CLAUSES)


@pytest.fixture(scope="module")
def graph(lang_son) -> Graph:
    """A private copy of the Lạng Sơn graph (the plan and the reference data), free to mutate."""
    copy = Graph()
    for triple in lang_son:
        copy.add(triple)
    return copy


@pytest.mark.parametrize(("clause", "words", "pattern"), CLAUSES, ids=[c[0] for c in CLAUSES])
def test_clause_is_isolated_by_its_triples(graph, clause, words, pattern):
    assert re.search(r"\b(FILTER|OPTIONAL|UNION)\b", pattern) is None, "a clause is a plain graph pattern"
    assert graph.query(PREFIXES + f"ASK {{ {pattern} }}").askAnswer, f"{clause} ({words}) is not in the graph"
    matched = list(graph.query(PREFIXES + f"CONSTRUCT WHERE {{ {pattern} }}"))
    assert matched
    for triple in matched:
        graph.remove(triple)
    try:
        still = graph.query(PREFIXES + f"ASK {{ {pattern} }}").askAnswer
    finally:
        for triple in matched:
            graph.add(triple)
    assert not still, f"{clause}: the pattern still holds without the triples it matched"


def test_the_vision_names_four_sectors_for_foreign_investment(lang_son):
    """The planner's question of issue 14: the vision's part gives four sectors, not nine."""
    rows = lang_son.query(
        PREFIXES
        + """
        SELECT ?sector WHERE {
          ?part dcterms:isPartOf ls:vision-2050 ; pk:concernsSector ?sector ; pk:attestedBy/pk:quote ?quote .
          FILTER(CONTAINS(STR(?quote), "đầu tư nước ngoài"))
        }"""
    )
    assert {str(r[0]).rsplit("/", 1)[1] for r in rows} == {
        "clean-energy",
        "agriculture-forestry-fisheries",
        "industry",
        "tourism",
    }
